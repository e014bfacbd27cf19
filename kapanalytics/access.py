"""Who may see and change what: users, roles, passwords, and the restriction to own accounts.

Sign-in is optional: it is on when ``.streamlit/secrets.toml`` names users under ``[access]``
(and ``enabled`` is not false); the demo has no such file. Each user has a role:

- ``leadership`` and ``controlling`` see every account and may change everything;
- ``key_account_manager`` sees the accounts whose owner (``accounts.owner``) is the user's
  owner name, on every page, in every export and chart, because :func:`restrict` narrows the
  :class:`~kapanalytics.filters.Filters` every analysis applies; changes are allowed on those
  accounts only, and settings (selection configurations, weights) are not theirs to change;
- ``analyst`` sees everything and changes nothing.

Passwords are stored as scrypt hashes (``hashlib.scrypt``, a random 16-byte salt, n=2**14,
r=8, p=1): ``scrypt$16384$8$1$<salt>$<hash>`` in base64. A password in plain text is refused.
``kap hash-password`` and ``kap user add`` write such hashes.

>>> stored = hash_password("correct horse")
>>> verify_password("correct horse", stored), verify_password("wrong", stored)
(True, False)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from kapanalytics.errors import AccessDeniedError, ConfigurationError
from kapanalytics.filters import Filters

ROLES = ("leadership", "controlling", "key_account_manager", "analyst")
SEE_ALL = ("leadership", "controlling", "analyst")
WRITES = {
    # what -> the roles that may change it; key-account managers on their own accounts only
    "decisions": ("leadership", "controlling", "key_account_manager"),
    "plans": ("leadership", "controlling", "key_account_manager"),
    "ratings": ("leadership", "controlling", "key_account_manager"),
    "contacts": ("leadership", "controlling", "key_account_manager"),
    "settings": ("leadership", "controlling"),
    "imports": ("leadership", "controlling"),
}
WHAT_WORDS = {
    "decisions": "key-account decisions",
    "plans": "account plans",
    "ratings": "ratings",
    "contacts": "the power map",
    "settings": "shared settings (selection configurations, weights, classes)",
    "imports": "the data (imports, the demo company)",
}
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
# no dots: [access.users.a.b] would be a table inside a table
LOGIN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class User:
    """A signed-in person: login, name shown, role, and the owner name their accounts carry.

    ``accounts`` holds the ids of the accounts a key-account manager owns, filled in by
    :func:`with_accounts` from the database each time the data may have changed.
    """

    login: str
    name: str
    role: str
    owner: str
    accounts: tuple[str, ...] | None = None

    @property
    def sees_everything(self) -> bool:
        return self.role in SEE_ALL


@dataclass(frozen=True)
class AccessConfig:
    """The users of the dashboard; ``enabled`` is False for the demo (no users configured)."""

    users: Mapping[str, dict] = field(default_factory=dict)
    enabled: bool = False

    @classmethod
    def from_secrets(cls, secrets_: Mapping | None) -> AccessConfig:
        """The ``[access]`` section of Streamlit's secrets (or any mapping of that shape).

        Raises :class:`ConfigurationError` for an unknown role, a login with odd characters,
        or a password that is not a hash written by :func:`hash_password`.
        """
        section = (secrets_ or {}).get("access", {}) or {}
        listed = section.get("users", {}) if isinstance(section, Mapping) else None
        if not isinstance(listed, Mapping) or not all(
            isinstance(entry, Mapping) for entry in listed.values()
        ):
            raise ConfigurationError(
                "[access] in the secrets must hold one table per user, e.g. "
                '[access.users.julia] with role = "..." and password = "scrypt$...".'
            )
        users = {str(login): dict(entry) for login, entry in listed.items()}
        for login, entry in users.items():
            _check_entry(login, entry)
        enabled = bool(section.get("enabled", True)) and bool(users)
        return cls(users=users, enabled=enabled)

    def authenticate(self, login: str, password: str) -> User | None:
        """The user when ``login`` and ``password`` match a configured user, else None."""
        entry = self.users.get(login.strip())
        if entry is None:
            # the same work as a real check, so a wrong name takes as long as a wrong password
            verify_password(password, _dummy_hash())
            return None
        if not verify_password(password, entry["password"]):
            return None
        name = str(entry.get("name") or login)
        return User(login.strip(), name, entry["role"], str(entry.get("owner") or name))


def _check_entry(login: str, entry: dict) -> None:
    if not LOGIN.fullmatch(login):
        raise ConfigurationError(
            f"The login {login!r} in [access.users] may only hold letters, digits, '_' and '-'."
        )
    role = entry.get("role")
    if role not in ROLES:
        raise ConfigurationError(
            f"User {login!r} has the role {role!r}; use one of {', '.join(ROLES)}."
        )
    password = entry.get("password")
    if not isinstance(password, str) or not password.startswith("scrypt$"):
        raise ConfigurationError(
            f"The password of user {login!r} is not a hash. Store only hashes: run "
            f"'kap hash-password' and paste its output, or 'kap user add {login} --role "
            f"{role}'."
        )


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """The scrypt hash of ``password`` in the form :func:`verify_password` reads."""
    if not password:
        raise ConfigurationError("A password must not be empty.")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    encode = base64.b64encode
    return (
        f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"
    )


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` hashes to ``stored``; compared in constant time."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def _dummy_hash() -> str:
    return hash_password("kapanalytics", salt=b"\x00" * 16)


# ---- seeing ---------------------------------------------------------------------------------


def owned_accounts(con: duckdb.DuckDBPyConnection, owner: str) -> tuple[str, ...]:
    """The ids of the accounts whose owner is ``owner`` (compared without case and blanks)."""
    rows = con.execute(
        "select account_id from accounts where lower(trim(owner)) = lower(trim(?))"
        " order by account_id",
        [owner],
    ).fetchall()
    return tuple(row[0] for row in rows)


def with_accounts(con: duckdb.DuckDBPyConnection, user: User) -> User:
    """``user`` with the ids of their own accounts, for a key-account manager."""
    if user.sees_everything:
        return user
    return replace(user, accounts=owned_accounts(con, user.owner))


def restrict(filters: Filters, user: User | None) -> Filters:
    """The filters narrowed to what ``user`` may see; unchanged without sign-in.

    A key-account manager keeps only their own accounts (:func:`with_accounts`); any
    ``account_ids`` already chosen are intersected with them, never widened.
    """
    if user is None or user.sees_everything:
        return filters
    own = user.accounts or ()
    if filters.account_ids is not None:
        own = tuple(a for a in filters.account_ids if a in set(own))
    return replace(filters, account_ids=own)


# ---- changing -------------------------------------------------------------------------------


def may_change(
    user: User | None,
    what: str,
    con: duckdb.DuckDBPyConnection | None = None,
    account_id: str | None = None,
) -> bool:
    """True when ``user`` may change ``what`` (see :data:`WRITES`), on ``account_id`` if given."""
    try:
        check_change(user, what, con, account_id)
    except AccessDeniedError:
        return False
    return True


def check_change(
    user: User | None,
    what: str,
    con: duckdb.DuckDBPyConnection | None = None,
    account_id: str | None = None,
) -> None:
    """Raise :class:`AccessDeniedError` unless ``user`` may change ``what``.

    No user (sign-in off, the command line) may change everything. A key-account manager may
    change ``what`` only on accounts they own, which ``con`` is asked about.
    """
    if what not in WRITES:
        raise ConfigurationError(f"Unknown kind of change {what!r}; one of {', '.join(WRITES)}.")
    if user is None:
        return
    words = WHAT_WORDS[what]
    if user.role not in WRITES[what]:
        raise AccessDeniedError(
            f"{user.name} signed in as {user.role.replace('_', ' ')} and may look at {words} "
            "but not change them. Nothing was saved; ask leadership or controlling to make "
            "the change."
        )
    if user.role == "key_account_manager" and account_id is not None:
        owner = None
        if con is not None:
            row = con.execute(
                "select owner from accounts where account_id = ?", [account_id]
            ).fetchone()
            owner = row[0] if row else None
        if owner is None or owner.strip().lower() != user.owner.strip().lower():
            raise AccessDeniedError(
                f"{user.name} may change {words} of their own accounts only; {account_id} "
                "belongs to another account manager. Nothing was saved."
            )


# ---- the secrets file -----------------------------------------------------------------------


def user_block(login: str, name: str, role: str, owner: str, password_hash: str) -> str:
    """The TOML table of one user for ``.streamlit/secrets.toml``."""
    entry = {"name": name, "role": role, "owner": owner, "password": password_hash}
    _check_entry(login, entry)
    lines = [f"[access.users.{login}]"]
    lines += [f"{key} = {_toml_string(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"


def write_user(path: Path, login: str, name: str, role: str, owner: str, password: str) -> bool:
    """Add or replace the user ``login`` in the secrets file at ``path``; True when replaced.

    The rest of the file (other users, Streamlit's own settings) is kept as it is.
    """
    block = user_block(login, name, role, owner, hash_password(password))
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    # a table runs from its header to the next header or the end of the file
    pattern = re.compile(rf"^\[access\.users\.{re.escape(login)}\]\n(?:(?!\[).*\n?)*", re.M)
    replaced = bool(pattern.search(text))
    if replaced:
        text = pattern.sub(lambda _: block + "\n", text, count=1)
    else:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)  # hashes are not passwords, but no one else needs to read them
    return replaced


def _toml_string(value: str) -> str:
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
