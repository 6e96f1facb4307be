"""Library: upload files (preview + validation before anything is written), sources, index."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import components as ui  # noqa: E402

ui.page_setup("Library", ":material/library_books:")

KINDS = {
    "molecules": "Molecules (CSV/TSV with a SMILES column, SDF, SMILES list)",
    "papers": "Papers (PubTator, PubMed XML, JSONL)",
    "table": "Experiment table (CSV/TSV: SMILES + measured values)",
    "pairs": "Molecule–text pairs (TSV: CID, SMILES, description)",
}
PAPER_FORMATS = {"auto": "detect", "pubtator": "PubTator", "pubmed-xml": "PubMed XML", "jsonl": "JSONL"}
PREVIEW_BYTES = 64_000


def guess_kind(name: str) -> str:
    suffixes = [s.lower() for s in Path(name).suffixes]
    ext = next((s for s in reversed(suffixes) if s != ".gz"), "")
    if ext in (".xml", ".jsonl", ".pubtator", ".txt", ".bioc"):
        return "papers"
    if ext in (".tsv",) and "pair" in name.lower():
        return "pairs"
    return "molecules"


def csv_preview(data: bytes, name: str) -> pd.DataFrame | None:
    """The first rows of a delimited file (None when it is not one)."""
    head = data[:PREVIEW_BYTES]
    if name.lower().endswith(".gz"):
        import gzip

        try:
            head = gzip.decompress(data)[:PREVIEW_BYTES]
        except OSError:
            return None
    text = head.decode("utf-8", errors="replace")
    lines = text.splitlines()[:21]
    if not lines:
        return None
    sep = "\t" if lines[0].count("\t") >= max(1, lines[0].count(",")) else ","
    try:
        return pd.read_csv(io.StringIO("\n".join(lines)), sep=sep, dtype=str, on_bad_lines="skip")
    except Exception:  # noqa: BLE001 - the preview is best effort; the dry run is the real check
        return None


def text_preview(data: bytes, n_lines: int = 30) -> str:
    return "\n".join(data[:PREVIEW_BYTES].decode("utf-8", errors="replace").splitlines()[:n_lines])


def ingest(lib, kind: str, path: Path, options: dict):
    """Call the facade's ingest method for ``kind`` with the options the user chose."""
    if kind == "molecules":
        return lib.ingest_molecules(path, smiles_column=options.get("smiles_column"),
                                    name_column=options.get("name_column"), strict=options.get("strict", False))
    if kind == "papers":
        fmt = options.get("format")
        return lib.ingest_papers(path, format=None if fmt in (None, "auto") else fmt, strict=options.get("strict", False))
    if kind == "pairs":
        return lib.ingest_pairs(path, strict=options.get("strict", False))
    return lib.ingest_table(
        path, smiles_column=options.get("smiles_column"), value_columns=options.get("value_columns") or None,
        property=options.get("property") or None, unit=options.get("unit") or None,
        assay=options.get("assay") or None, strict=options.get("strict", False),
    )


def dry_run(lib, kind: str, path: Path, options: dict):
    """Validate by ingesting into a throw-away library: the real one is not touched.

    The same readers, standardisation and row checks run as for the real ingest, so the
    report is exactly what a commit would report (new-vs-duplicate counts aside).
    """
    from discovery.library import Library

    tmp = ui.temp_folder("discovery-dryrun-")
    try:
        scratch = Library.open(home=tmp, db_url=f"sqlite:///{tmp / 'library.db'}", progress=False)
        try:
            return ingest(scratch, kind, path, options)
        finally:
            close = getattr(scratch, "close", None)
            if callable(close):
                close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def show_report(report, title: str) -> None:
    n_rows, n_ok, n_bad = report.n_rows, report.n_ok, report.n_bad
    cols = st.columns(4)
    cols[0].metric("Rows read", f"{n_rows:,}")
    cols[1].metric("Valid", f"{n_ok:,}")
    cols[2].metric("Skipped", f"{n_bad:,}")
    cols[3].metric("Seconds", f"{report.seconds:.1f}")
    if report.added:
        st.caption(title + ": " + ", ".join(f"{v:,} {k}" for k, v in report.added.items()))
    if report.skipped_duplicate_source:
        st.info("This exact file was ingested before with the same options: nothing new to add.", icon=":material/recycling:")
    if n_bad:
        st.warning(f"{n_bad} row(s) will be skipped:", icon=":material/warning:")
        st.dataframe(pd.DataFrame([{"row": b.row, "reason": b.reason} for b in report.bad_rows[:500]]),
                     hide_index=True, width="stretch", height=min(400, 36 + 35 * min(n_bad, 10)))
    elif n_ok:
        st.success("Every row is valid.", icon=":material/check_circle:")
    if n_rows and not n_ok:
        st.error("No valid row in this file: check the format and the column choices.", icon=":material/block:")


# ---------------------------------------------------------------------------------------------
st.title(":material/library_books: Library")
lib = ui.require_library()
ok, stats = ui.safe_call("read the library statistics", lib.stats)
st.caption(f"Library folder: `{lib.settings.home}`")
if ok:
    if ui.library_is_empty(stats):
        st.info("The library is empty: upload a file below, or build the demo library from the Home page.", icon=":material/inbox:")
    ui.show_totals(stats)
    sources = ui.sources_of(stats)
    if sources:
        st.subheader("Sources")
        st.dataframe(ui.sources_frame(stats), hide_index=True, width="stretch")

# ---------------------------------------------------------------------------------------------
st.subheader("Add a file")
uploaded = st.file_uploader(
    "CSV / TSV / SDF / SMILES molecules, PubTator / PubMed XML / JSONL papers, experiment tables",
    type=["csv", "tsv", "txt", "sdf", "smi", "xml", "jsonl", "pubtator", "gz"], key="upload",
)
if uploaded is not None:
    data = uploaded.getvalue()
    if not data:
        st.error(f"{uploaded.name} is empty.", icon=":material/block:")
        st.stop()
    kind = st.radio("What is in this file?", list(KINDS), format_func=KINDS.get, index=list(KINDS).index(guess_kind(uploaded.name)),
                    key=f"kind-{uploaded.name}")
    frame = csv_preview(data, uploaded.name) if kind in ("molecules", "table", "pairs") and not uploaded.name.lower().endswith((".sdf", ".sdf.gz")) else None
    st.markdown(f"**Preview** of `{uploaded.name}` ({len(data) / 1024:.1f} KiB)")
    if frame is not None and len(frame.columns) > 1:
        st.dataframe(frame, hide_index=True, width="stretch", height=250)
    else:
        st.code(text_preview(data), language=None)
    options: dict = {}
    columns = list(frame.columns) if frame is not None else []
    with st.expander("Options", expanded=kind == "table"):
        if kind in ("molecules", "table") and columns:
            auto = "(detect)"
            sm = st.selectbox("SMILES column", [auto, *columns], key="opt-smiles")
            options["smiles_column"] = None if sm == auto else sm
            if kind == "molecules":
                nm = st.selectbox("Name column", [auto, *columns], key="opt-name")
                options["name_column"] = None if nm == auto else nm
        if kind == "table":
            options["value_columns"] = st.multiselect("Value columns (empty: detect numeric columns)", columns, key="opt-values")
            c1, c2, c3 = st.columns(3)
            options["property"] = c1.text_input("Property", key="opt-property", placeholder="e.g. solubility")
            options["unit"] = c2.text_input("Unit", key="opt-unit", placeholder="e.g. log mol/L")
            options["assay"] = c3.text_input("Assay", key="opt-assay", placeholder="e.g. ESOL")
        if kind == "papers":
            options["format"] = st.selectbox("Format", list(PAPER_FORMATS), format_func=PAPER_FORMATS.get, key="opt-format")
        options["strict"] = st.checkbox("Strict: reject the whole file if any row is bad", key="opt-strict")

    check_key = (uploaded.name, len(data), kind, repr(sorted(options.items())))
    folder = lib.settings.home / "uploads"
    if st.button("Validate (dry run)", key="validate", icon=":material/search:"):
        path = ui.save_upload(uploaded, ui.temp_folder("discovery-upload-"))
        with st.spinner("Reading and standardising every row (nothing is written to your library)…"):
            ok, report = ui.safe_call(f"validate {uploaded.name}", dry_run, lib, kind, path, options)
        shutil.rmtree(path.parent, ignore_errors=True)
        if ok:
            st.session_state["validated"] = (check_key, report)
    validated = st.session_state.get("validated")
    if validated and validated[0] == check_key:
        st.markdown("**Validation report**")
        show_report(validated[1], "would add (to an empty library)")
        if validated[1].n_ok and st.button("Add to the library", type="primary", key="commit", icon=":material/add_circle:"):
            path = ui.save_upload(uploaded, folder)
            with st.spinner(f"Adding {uploaded.name} to the library (and to the index if there is one)…"):
                ok, report = ui.safe_call(f"add {uploaded.name}", ingest, lib, kind, path, options)
            if ok:
                ui.reset_caches()
                st.session_state.pop("validated", None)
                st.session_state["committed"] = report
                st.rerun()
    elif uploaded is not None:
        st.caption("Validate first: you will see how many rows are valid and why others are skipped, before anything is written.")

committed = st.session_state.pop("committed", None)
if committed is not None:
    st.success(f"Added {Path(committed.source).name}.", icon=":material/add_circle:")
    show_report(committed, "added")

# ---------------------------------------------------------------------------------------------
st.subheader("Index")
if not ui.has_method(lib, "check_index"):
    st.info("Index status is not available in this build yet.", icon=":material/construction:")
    st.stop()
ok, status = ui.safe_call("check the index", lib.check_index)
if ok and status:
    per = status.get("modalities", {}) if isinstance(status, dict) else {}
    rows = []
    for modality, entry in per.items():
        rows.append({
            "modality": modality, "in library": entry.get("count_store"), "indexed": entry.get("count_index", 0),
            "missing": entry.get("missing", entry.get("count_store") if not entry.get("exists") else 0),
            "index type": entry.get("factory", ""), "same model": entry.get("fingerprint_ok"),
            "ok": "yes" if entry.get("ok") else "NO", "updated": entry.get("updated") or entry.get("created") or "",
        })
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if status.get("model_fingerprint"):
        st.caption(f"Model fingerprint: `{status['model_fingerprint']}`")
    for message in status.get("messages", []):
        st.warning(message, icon=":material/warning:")
    if status.get("ok"):
        st.success("The index agrees with the library and the model.", icon=":material/check_circle:")
if st.button("Rebuild the index", key="rebuild", icon=":material/refresh:"):
    bar = st.progress(0.0, text="Rebuilding the index…")
    modalities = list(ui.MODALITIES)
    for i, modality in enumerate(modalities):
        bar.progress(i / len(modalities), text=f"Encoding and indexing {modality} ({i + 1}/{len(modalities)})…")
        done, _ = ui.safe_call(f"rebuild the {modality} index", lib.build_index, [modality])
        if not done:
            break
    else:
        bar.progress(1.0, text="Index rebuilt.")
        ui.reset_caches()
        st.success("Index rebuilt.", icon=":material/check_circle:")
