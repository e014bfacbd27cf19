"""Import: upload an extract, choose a preset or map the columns, check it, then import it."""

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from kapanalytics import ingest
from kapanalytics.errors import ImportRejectedError, KapError
from kapanalytics.format import format_number
from kapanalytics.schema import CANONICAL_TABLES
from pages._ui import (
    T,
    connection,
    current_user,
    lang,
    may_change,
    option_labels,
    table_with_downloads,
)

MAX_UPLOAD_MB = 200
MANUAL = "__manual__"
AUTO = "__auto__"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "kapanalytics-uploads"

st.title(T("data.import.title"))
st.caption(T("data.import.intro", limit=MAX_UPLOAD_MB))
if not may_change("imports"):
    st.info(T("access.read_only", role=T(f"access.role.{current_user().role}")))
    st.stop()

uploaded = st.file_uploader(
    T("data.import.file"),
    type=["csv", "txt", "tsv", "xlsx", "parquet"],
    key="import_upload",
    max_upload_size=MAX_UPLOAD_MB,
)
if uploaded is None:
    st.stop()


@st.cache_data(show_spinner=False, max_entries=16)
def _saved_upload(name: str, content: bytes) -> Path:
    """The upload as a file on disk (readers stream from files), one folder per content."""
    folder = UPLOAD_DIR / hashlib.sha256(content).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    path.write_bytes(content)
    return path


@st.cache_data(show_spinner=False, max_entries=16)
def _preview(path: Path, sheet: str | None):
    return ingest.read_preview(path, sheet=sheet)


path = _saved_upload(uploaded.name, uploaded.getvalue())
sheet = None
if path.suffix.lower() == ".xlsx":
    sheet = st.selectbox(T("data.import.sheet"), ingest.sheet_names(path), key="import_sheet")

try:
    preview, source_info = _preview(path, sheet)
except KapError as exc:
    st.error(str(exc))
    st.stop()

st.caption(T("data.import.detected", details=source_info.describe()))
with st.expander(T("data.import.preview"), expanded=False):
    st.dataframe(preview, hide_index=True, key="import_preview")

presets = {p.name: p for p in ingest.list_presets()}
preset_choices = [*presets, MANUAL]
suggested_preset = ingest.suggest_preset(list(preview.columns)) or MANUAL
left, right = st.columns(2)
preset_name = left.selectbox(
    T("data.import.preset"),
    preset_choices,
    index=preset_choices.index(suggested_preset),
    format_func={
        **{n: p.description for n, p in presets.items()},
        MANUAL: T("data.import.manual"),
    }.get,
    key=f"import_preset_{path.parent.name}_{lang()}",
    help=T("data.import.preset_help"),
)
table_choices = list(CANONICAL_TABLES) if preset_name == MANUAL else [AUTO, *CANONICAL_TABLES]
table = right.selectbox(
    T("data.import.table"),
    table_choices,
    format_func={**{n: n for n in CANONICAL_TABLES}, AUTO: T("data.import.table_auto")}.get,
    key=f"import_table_{path.parent.name}_{lang()}",
)
table = None if table == AUTO else table
if preset_name != MANUAL:
    left.caption(presets[preset_name].description)

mapping = None
if preset_name == MANUAL:
    st.subheader(T("data.import.mapping"))
    st.caption(T("data.import.mapping_help"))
    suggested = ingest.Mapping.suggest(table, list(preview.columns))
    chosen_columns = {}
    spec = CANONICAL_TABLES[table]
    grid = st.columns(3)
    not_mapped = T("data.import.not_mapped")
    for i, field in enumerate(spec.fields):
        options = [not_mapped, *preview.columns]
        guess = suggested.source_column(field.name)
        chosen = grid[i % 3].selectbox(
            f"{field.name}{' *' if field.required else ''}",
            options,
            index=options.index(guess) if guess in options else 0,
            help=field.description,
            key=f"import_map_{table}_{field.name}",
        )
        if chosen != not_mapped:
            chosen_columns[field.name] = chosen
    mapping = ingest.Mapping.from_dict(table, chosen_columns, reader=source_info.reader_options())

mode_col, bad_col = st.columns(2)
mode = mode_col.radio(
    T("data.import.mode"),
    ["upsert", "replace"],
    format_func=option_labels("data.import.mode."),
    key=f"import_mode_{lang()}",
)
on_bad_rows = bad_col.radio(
    T("data.import.bad_rows"),
    ["reject", "quarantine"],
    format_func=option_labels("data.import.bad_rows."),
    key=f"import_on_bad_rows_{lang()}",
)

source = {"preset": None if preset_name == MANUAL else preset_name, "mapping": mapping}
request_key = (path, sheet, preset_name, table, repr(mapping))
con = connection()

if st.button(T("data.import.check"), key="import_check", type="secondary"):
    try:
        st.session_state["import_report"] = (
            request_key,
            ingest.validate_file(
                con, path, table=table, sheet=sheet, file_label=uploaded.name, **source
            ),
        )
    except KapError as exc:
        st.session_state.pop("import_report", None)
        st.error(str(exc))

stored = st.session_state.get("import_report")
report = stored[1] if stored and stored[0] == request_key else None
if report is not None:
    if report.structural_errors:
        for message in report.structural_errors:
            st.error(message)
    elif report.ok:
        st.success(T("data.import.report_ok", rows=format_number(report.rows_in, lang())))
    else:
        st.warning(
            T(
                "data.import.report_bad",
                bad=format_number(report.rows_bad, lang()),
                rows=format_number(report.rows_in, lang()),
            )
        )
        st.markdown(f"**{T('data.import.problems')}**")
        table_with_downloads(report.problems, key="import_problems", file_stem="import_problems")
        st.markdown(f"**{T('data.import.examples')}**")
        table_with_downloads(report.examples, key="import_examples", file_stem="import_examples")

can_import = report is not None and not report.structural_errors
if st.button(T("data.import.run"), key="import_run", type="primary", disabled=not can_import):
    with st.status(T("data.import.progress", file=uploaded.name), expanded=True) as status:
        bar = st.progress(0.0)
        try:
            result = ingest.import_file(
                con,
                path,
                table=table,
                sheet=sheet,
                mode=mode,
                on_bad_rows=on_bad_rows,
                file_label=uploaded.name,
                progress=lambda fraction, message: bar.progress(min(fraction, 1.0), message),
                **source,
            )
        except ImportRejectedError as exc:
            status.update(state="error")
            st.error(T("data.import.rejected", error=exc))
        except KapError as exc:
            status.update(state="error")
            st.error(str(exc))
        else:
            bar.progress(1.0)
            done = T(
                "data.import.done",
                table=result.target_table,
                loaded=format_number(result.rows_loaded, lang()),
                quarantined=format_number(result.rows_quarantined, lang()),
                import_id=result.import_id,
            )
            status.update(label=done, state="complete")
            st.session_state.pop("import_report", None)
            st.success(done)
