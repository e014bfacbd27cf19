"""The ``kap`` command line: build the demo, import extracts, inspect and export the database.

Errors the library raises on purpose are printed as one clear message (exit code 2), never as a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kapanalytics import store
from kapanalytics.analysis_exports import EXPORTS, TABLE_FORMATS, AnalysisExport
from kapanalytics.errors import ConfigurationError, ImportRejectedError, KapError
from kapanalytics.schema import CANONICAL_TABLES, canonical_ddl

EXIT_ERROR = 2


_bar_open = False  # a progress bar line is on stderr without its line end yet


def _progress_bar(label: str) -> Callable[[float, str], None]:
    """A one-line progress bar on stderr: ``label [#####.....]  50% validating``."""
    width = 30

    def show(fraction: float, message: str) -> None:
        global _bar_open
        fraction = min(max(fraction, 0.0), 1.0)
        filled = int(round(fraction * width))
        bar = "#" * filled + "." * (width - filled)
        _bar_open = fraction < 1.0
        end = "" if _bar_open else "\n"
        sys.stderr.write(f"\r{label} [{bar}] {fraction:4.0%} {message[:40]:<40}{end}")
        sys.stderr.flush()

    return show


def _end_progress_line() -> None:
    global _bar_open
    if _bar_open:
        sys.stderr.write("\n")
        _bar_open = False


def cmd_demo(args: argparse.Namespace) -> int:
    from kapanalytics.demo import build_demo, write_samples

    con = store.connect(args.db)
    summary = build_demo(
        con, seed=args.seed, accounts=args.accounts, progress=_progress_bar("demo")
    )
    print(f"Demo company built in {args.db or store.default_db_path()} (seed {args.seed}).")
    for table, rows in summary.row_counts.items():
        print(f"  {table:<24}{rows:>12,}")
    if not args.no_samples:
        paths = write_samples(Path(args.samples_dir), seed=args.seed)
        print(f"Sample extracts to try the import: {', '.join(str(p) for p in paths)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kapanalytics.ingest import import_file

    con = store.connect(args.db)
    try:
        result = import_file(
            con,
            Path(args.file),
            preset=args.preset,
            mapping_path=Path(args.mapping) if args.mapping else None,
            table=args.table,
            mode=args.mode,
            on_bad_rows=args.on_bad_rows,
            sheet=args.sheet,
            progress=_progress_bar(Path(args.file).name),
        )
    except ImportRejectedError as exc:
        _end_progress_line()
        print(f"Import rejected, nothing was stored.\n{exc}", file=sys.stderr)
        if exc.report is not None:
            print(exc.report.summary(), file=sys.stderr)
        return EXIT_ERROR
    print(
        f"Imported {args.file} into {result.target_table} (import {result.import_id}): "
        f"{result.rows_in:,} rows read, {result.rows_loaded:,} loaded, "
        f"{result.rows_quarantined:,} quarantined."
    )
    if result.rows_quarantined:
        print(result.report.summary())
        print("Quarantined rows: 'kap export quarantine --format csv' lists them with reasons.")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from kapanalytics.ingest import import_history

    con = store.connect(args.db, read_only=args.read_only)
    print(f"Database: {args.db or store.default_db_path()}")
    print(f"Schema version: {store.schema_version(con)}")
    print("Tables:")
    for table, rows in store.table_row_counts(con).items():
        print(f"  {table:<24}{rows:>12,}")
    history = import_history(con).head(args.last)
    print(f"Last {len(history)} imports:")
    if history.empty:
        print("  none")
    for row in history.itertuples(index=False):
        print(
            f"  #{row.import_id} {row.finished_at:%Y-%m-%d %H:%M} {row.target_table:<14} "
            f"{row.file_name} ({row.mode}): {row.rows_loaded:,} loaded, "
            f"{row.rows_quarantined:,} quarantined"
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kapanalytics.export import export_canonical_table, write_frame

    if args.name not in CANONICAL_TABLES and args.name not in EXPORTS:
        names = ", ".join([*CANONICAL_TABLES, *EXPORTS])
        print(f"Unknown export '{args.name}'. Choose one of: {names}.", file=sys.stderr)
        return EXIT_ERROR
    analysis = EXPORTS.get(args.name)
    # general options may also follow the name: kap export abc --measure revenue --format xlsx
    options = _export_options(args, analysis)
    output = Path(options.pop("output") or f"{args.name}.{options['format']}")
    fmt, read_only = options.pop("format"), options.pop("read_only")
    con = store.connect(args.db, read_only=read_only)
    if analysis is None:
        export_canonical_table(con, args.name, output, fmt)
    elif analysis.write is not None:
        analysis.write(con, output, fmt, **options)
    else:
        write_frame(analysis.build(con, **options), output, fmt)
    print(f"Wrote {output}")
    return 0


def _export_options(args: argparse.Namespace, analysis: AnalysisExport | None) -> dict:
    """Parse what follows ``kap export NAME``: the general options and the export's own."""
    parser = argparse.ArgumentParser(
        prog=f"kap export {args.name}",
        description=analysis.help if analysis else f"The canonical table {args.name}.",
    )
    formats = analysis.formats if analysis else TABLE_FORMATS
    if args.format is not None and args.format not in formats:
        parser.error(f"{args.name} is written as {', '.join(formats)}, not {args.format}")
    parser.add_argument("--format", choices=formats, default=args.format or formats[0])
    parser.add_argument("--output", "-o", default=args.output)
    parser.add_argument("--read-only", action="store_true", default=args.read_only)
    for option in analysis.options if analysis else ():
        parser.add_argument(
            f"--{option.name}",
            dest=option.dest,
            type=option.type,
            default=option.default,
            choices=option.choices,
            required=option.required,
            help=option.help,
        )
    parsed = vars(parser.parse_args(args.options))
    general = {"format", "output", "read_only"}
    return {k: v for k, v in parsed.items() if k in general or v is not None}


def _describe_exports() -> str:
    lines = []
    for analysis in EXPORTS.values():
        flags = " ".join(f"[--{o.name} ...]" for o in analysis.options)
        lines.append(f"  {analysis.name} {flags}: {analysis.help}")
    return "\n".join(lines)


def _new_password(prompt: str = "Password") -> str:
    """A password typed twice at a terminal, or one line read from piped input."""
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass(f"{prompt} again: ") != first:
        raise ConfigurationError("The two passwords differ; nothing was written.")
    return first


def cmd_hash_password(args: argparse.Namespace) -> int:
    from kapanalytics.access import hash_password

    print(hash_password(_new_password()))
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from kapanalytics.access import write_user

    path = Path(args.secrets)
    name = args.name or args.login
    replaced = write_user(
        path, args.login, name, args.role, args.owner or name, _new_password(f"Password of {name}")
    )
    print(
        f"{'Replaced' if replaced else 'Added'} {args.login} ({args.role}) in {path}. Sign-in is "
        "on while [access.users] names anyone; restart the dashboard to apply."
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(canonical_ddl())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kap",
        description="kapanalytics: key-account and customer-portfolio analytics. "
        "The dashboard starts with 'streamlit run dashboard.py'.",
    )
    parser.add_argument(
        "--db",
        help="the database file (default: $KAP_DB, else data/kap.duckdb in the project)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="build the demo company (replaces imported tables)",
        description="Build the seeded demo company: a German B2B supplier with about 2,000 "
        "accounts and 5 years of invoice lines. Replaces the imported tables; decisions, plans "
        "and settings stay. Also writes sample extracts to try the importer.",
    )
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.add_argument("--accounts", type=int, default=2000, help="number of accounts")
    demo.add_argument(
        "--samples-dir",
        default=str(store.PROJECT_ROOT / "data" / "samples"),
        help="where to write the sample extracts (default data/samples)",
    )
    demo.add_argument("--no-samples", action="store_true", help="do not write sample extracts")
    demo.set_defaults(func=cmd_demo)

    imp = commands.add_parser(
        "import",
        help="import a CSV, Excel or Parquet extract",
        description="Import one extract into one canonical table. The file is validated first; "
        "with --on-bad-rows reject (the default) any bad row cancels the import and nothing is "
        "stored. The whole import is one transaction. See docs/import.md.",
    )
    imp.add_argument("file", help="the extract: .csv, .txt, .xlsx or .parquet")
    source = imp.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", help="a shipped mapping, e.g. generic_de, online_retail")
    source.add_argument("--mapping", help="a mapping file of your own (TOML, see docs/import.md)")
    imp.add_argument(
        "--table",
        choices=list(CANONICAL_TABLES),
        help="target table (default: detected from the file's columns)",
    )
    imp.add_argument(
        "--mode",
        choices=["upsert", "replace"],
        default="upsert",
        help="upsert: update rows by key and add new ones (default); replace: empty the table",
    )
    imp.add_argument(
        "--on-bad-rows",
        choices=["reject", "quarantine"],
        default="reject",
        help="reject: cancel on any bad row (default); quarantine: load the valid rows and "
        "keep the others with their reasons",
    )
    imp.add_argument("--sheet", help="the sheet of an Excel file (default: the first)")
    imp.set_defaults(func=cmd_import)

    info = commands.add_parser(
        "info",
        help="tables, row counts and the last imports",
        description="Show the schema version, the rows per table and the last imports.",
    )
    info.add_argument("--last", type=int, default=10, help="how many imports to list")
    info.add_argument(
        "--read-only",
        action="store_true",
        help="open without writing (works while no other process writes the file)",
    )
    info.set_defaults(func=cmd_info)

    export = commands.add_parser(
        "export",
        help="export a table or analysis",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Export a canonical table (" + ", ".join(CANONICAL_TABLES) + ") or an "
        "analysis as CSV, Excel or Parquet. Text cells starting with = + - @ are written with "
        "a leading apostrophe.",
        epilog="Analyses and their options ('kap export NAME --help' for details):\n"
        + _describe_exports(),
    )
    export.add_argument(
        "--format",
        choices=[*TABLE_FORMATS, "pptx"],
        help="csv (default for tables), xlsx, parquet; pptx for a plan",
    )
    export.add_argument("--output", "-o", help="output file (default NAME.FORMAT)")
    export.add_argument("--read-only", action="store_true", help="open without writing")
    export.add_argument("name", help="what to export")
    export.add_argument(
        "options", nargs=argparse.REMAINDER, help="the analysis's own options, e.g. --grain year"
    )
    export.set_defaults(func=cmd_export)

    schema = commands.add_parser(
        "schema",
        help="print the canonical tables as SQL",
        description="Print the CREATE TABLE statements of the canonical tables, commented.",
    )
    schema.set_defaults(func=cmd_schema)

    hashing = commands.add_parser(
        "hash-password",
        help="print the hash of a password for .streamlit/secrets.toml",
        description="Ask for a password twice (or read one line from piped input) and print "
        "its scrypt hash, to paste as 'password' of a user under [access.users.NAME] in "
        ".streamlit/secrets.toml. See docs/reliability.md.",
    )
    hashing.set_defaults(func=cmd_hash_password)

    user = commands.add_parser(
        "user",
        help="add a dashboard user (sign-in)",
        description="Manage the users who sign in to the dashboard. Users live in "
        ".streamlit/secrets.toml with hashed passwords; sign-in is on as soon as one exists.",
    )
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = user_commands.add_parser(
        "add",
        help="add a user, or replace one with the same login",
        description="Add a user (or replace the user with this login): asks for the password "
        "and stores only its hash.",
    )
    add.add_argument("login", help="the name to sign in with (letters, digits, _ and -)")
    add.add_argument(
        "--role",
        required=True,
        choices=["leadership", "controlling", "key_account_manager", "analyst"],
        help="leadership and controlling see and change everything; a key_account_manager "
        "sees and changes their own accounts; an analyst sees everything and changes nothing",
    )
    add.add_argument("--name", help="the name shown in the app (default: the login)")
    add.add_argument(
        "--owner",
        help="the account owner's name as the CRM writes it (default: --name); a "
        "key_account_manager sees the accounts with this owner",
    )
    add.add_argument(
        "--secrets",
        default=str(store.PROJECT_ROOT / ".streamlit" / "secrets.toml"),
        help="the secrets file (default: .streamlit/secrets.toml in the project)",
    )
    add.set_defaults(func=cmd_user_add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KapError as exc:
        _end_progress_line()
        print(f"kap: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
