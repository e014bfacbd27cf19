"""Derivations: the small arithmetic language of ``derive = "quantity * unit_price"``.

Only field names, numbers, ``+ - * /`` and parentheses exist, so a mapping file can compute an
amount but never run SQL of its own.
"""

from __future__ import annotations

import re

from kapanalytics.errors import ConfigurationError

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(.))")


def derive_sql(expression: str, where: str = "derive") -> tuple[str, list[str]]:
    """(SQL, fields used) for an arithmetic ``expression`` over field names.

    Grammar: numbers, field names, + - * / and parentheses. A division by zero gives an empty
    value rather than infinity. Field names are returned for the caller to check against the
    schema; the SQL quotes them.

    >>> derive_sql("quantity * unit_price")
    ('("quantity" * "unit_price")', ['quantity', 'unit_price'])
    """
    tokens: list[tuple[str, str]] = []
    for number, name, other in _TOKEN.findall(expression.strip()):
        if number:
            tokens.append(("number", number))
        elif name:
            tokens.append(("name", name))
        elif other.strip():
            if other not in "+-*/()":
                raise ConfigurationError(
                    f"{where}: {other!r} is not allowed in derive; use field names, numbers, "
                    "+ - * / and parentheses."
                )
            tokens.append(("op", other))
    used: list[str] = []
    position = 0

    def peek() -> tuple[str, str] | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal position
        token = peek()
        if token is None:
            raise ConfigurationError(f"{where}: the expression {expression!r} ends too early.")
        position += 1
        return token

    def expr() -> str:
        left = term()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            left = f"({left} {op} {term()})"
        return left

    def term() -> str:
        left = factor()
        while peek() in (("op", "*"), ("op", "/")):
            op = take()[1]
            right = factor()
            left = f"({left} * {right})" if op == "*" else f"({left} / nullif({right}, 0))"
        return left

    def factor() -> str:
        kind, text = take()
        if kind == "number":
            return text
        if kind == "name":
            if text not in used:
                used.append(text)
            return f'"{text}"'
        if text == "-":
            return f"(-{factor()})"
        if text == "(":
            inner = expr()
            if take() != ("op", ")"):
                raise ConfigurationError(f"{where}: a parenthesis is not closed in {expression!r}.")
            return inner
        raise ConfigurationError(f"{where}: unexpected {text!r} in {expression!r}.")

    sql = expr()
    if position != len(tokens):
        raise ConfigurationError(f"{where}: unexpected {tokens[position][1]!r} in {expression!r}.")
    return sql, used
