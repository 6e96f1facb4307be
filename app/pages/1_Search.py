"""Search: one box for plain language, SMILES or a name; molecules, papers and experiments."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

import components as ui  # noqa: E402

ui.page_setup("Search", ":material/search:")

EXAMPLES = [
    "aspirin",
    "anti-inflammatory drugs that inhibit cyclooxygenase",
    "CC(=O)Oc1ccccc1C(=O)O",
    "aqueous solubility of chlorinated benzenes",
]
YEAR_RANGE = (1950, date.today().year)


# ---------------------------------------------------------------------------------------------
# State: the query box is a widget (key "q"); the query that was run is "active_query".
# Buttons that start a new search set both in a callback, before the widget is drawn again.
# ---------------------------------------------------------------------------------------------
def _run_query(text: str) -> None:
    st.session_state["q"] = text
    st.session_state["active_query"] = text


def _to_generate(smiles: str) -> None:
    st.session_state["edit_from_search"] = smiles
    st.session_state["goto_generate"] = True


def _sidebar_filters(lib) -> tuple[list[str], int, dict]:
    """Modalities, results per modality and the filter dict of the search contract."""
    sb = st.sidebar
    sb.header("Filters")
    modalities = sb.multiselect(
        "Show", list(ui.MODALITIES), default=list(ui.MODALITIES),
        format_func=lambda m: ui.MODALITY_LABELS[m], key="f_modalities",
    )
    k = sb.slider("Results per type", 5, 50, 10, step=5, key="f_k")
    filters: dict = {}
    substructure = sb.text_input(
        "Substructure (SMARTS or group name)", key="f_substructure",
        placeholder="e.g. c1ccccc1S(=O)(=O)N or sulfonamide",
        help="Molecules must contain this substructure. Named groups (carboxylic acid, "
        "sulfonamide, pyridine …) work as well as SMARTS.",
    ).strip()
    if substructure:
        filters["substructure"] = substructure
    ok, stats = ui.safe_call("list the sources", lib.stats)
    names = ui.source_names(stats if ok else None)
    source = sb.selectbox("Source", ["All sources", *names], key="f_source")
    if source != "All sources":
        filters["source"] = source
    with sb.expander("Properties", expanded=False):
        for key, label, (lo, hi), step, _ in ui.PROPERTIES:
            chosen = st.slider(label, lo, hi, (lo, hi), step=step, key=f"f_{key}")
            if tuple(chosen) != (lo, hi):
                filters[key] = (float(chosen[0]), float(chosen[1]))
    with sb.expander("Papers", expanded=False):
        years = st.slider("Year", YEAR_RANGE[0], YEAR_RANGE[1], YEAR_RANGE, key="f_year")
        if tuple(years) != YEAR_RANGE:
            filters["year"] = (int(years[0]), int(years[1]))
    return modalities, k, filters


def _search(lib, query: str, modalities: list[str], k: int, filters: dict):
    """Run (or reuse) a search; results are kept per session so reruns do not recompute."""
    cache = st.session_state.setdefault("cache:search", {})
    key = (query, tuple(modalities), k, repr(sorted(filters.items())))
    if key in cache:
        return True, cache[key]
    with st.spinner("Searching molecules, papers and experiments…"):
        ok, results = ui.safe_call("search the library", lib.search, query, modalities=modalities, k=k, filters=filters or None)
    if ok:
        if len(cache) > 20:
            cache.clear()
        cache[key] = results
    return ok, results


# ---------------------------------------------------------------------------------------------
# Cards
# ---------------------------------------------------------------------------------------------
def _related(hit, name: str) -> list:
    related = ui.field_of(hit, "related") or {}
    return list(related.get(name) or [])


def _score_caption(hit) -> str:
    why = ui.field_of(hit, "why") or ""
    return f"score {ui.field_of(hit, 'score', 0.0):.3f}" + (f" · {why}" if why else "")


def molecule_card(hit, rank: int, highlight: str | None) -> None:
    rec = hit.record
    with st.container(border=True):
        left, right = st.columns([2, 3])
        with left:
            ui.show_structure(rec.smiles, 260, 190, highlight)
        with right:
            st.markdown(f"**{rank}. {ui.molecule_label(rec)}**")
            st.caption(_score_caption(hit))
            st.code(rec.smiles, language=None, wrap_lines=True)
            line = ui.property_line(rec.descriptors)
            if line:
                st.markdown(line)
            others = [n for n in (rec.synonyms or []) if n and n != rec.name][:3]
            if others:
                st.caption("also: " + " · ".join(others))
            if rec.formula:
                st.caption(f"{rec.formula} · {rec.inchikey}")
        papers, measurements = _related(hit, "papers"), _related(hit, "experiments")
        if papers or measurements:
            with st.expander(f"Linked: {ui.plural(len(papers), 'paper')} · {ui.plural(len(measurements), 'measurement')}"):
                for doc in papers[:5]:
                    year = ui.field_of(doc, "year")
                    ids = " ".join(x for x in (ui.pubmed_link(ui.field_of(doc, "pmid")), ui.doi_link(ui.field_of(doc, "doi"))) if x)
                    st.markdown(f":material/article: {ui.field_of(doc, 'title') or '(untitled)'}" + (f" ({year})" if year else "") + (f" — {ids}" if ids else ""))
                for m in measurements[:6]:
                    text = m.as_text() if hasattr(m, "as_text") else str(m)
                    src = ui.field_of(m, "source")
                    st.markdown(f":material/science: {text}" + (f" — *{src}*" if src else ""))
        b1, b2 = st.columns(2)
        b1.button("More like this", key=f"more-mol-{hit.id}", on_click=_run_query, args=(f"mol:{rec.id}",), icon=":material/manage_search:",
                  help="Search with this molecule's structure (query mol:ID)")
        b2.button("Use in Generate", key=f"gen-mol-{hit.id}", on_click=_to_generate, args=(rec.smiles,), icon=":material/experiment:")


def paper_card(hit, rank: int) -> None:
    doc = hit.record
    molecules = _related(hit, "molecules")
    strong = [ui.field_of(m, "id") for m in molecules]
    title_html, body = ui.highlight_document(doc.title or "(untitled)", doc.text or "", doc.mentions, strong)
    with st.container(border=True):
        st.markdown(f"**{rank}. {title_html}**", unsafe_allow_html=True)
        meta = [str(doc.year) if doc.year else "", ui.pubmed_link(doc.pmid), ui.doi_link(doc.doi),
                f"*{doc.source}*" if doc.source else "", _score_caption(hit)]
        st.markdown(" · ".join(x for x in meta if x))
        st.markdown(
            f'<div class="abstract" style="max-height:14em;overflow:auto;line-height:1.5">{body}</div>',
            unsafe_allow_html=True,
        )
        if molecules:
            st.caption(f"Molecules in this paper ({len(molecules)})")
            cols = st.columns(min(4, len(molecules)))
            for col, mol in zip(cols, molecules[:4]):
                with col:
                    ui.show_structure(ui.field_of(mol, "smiles"), 160, 120)
                    st.caption(ui.molecule_label(mol))
        st.button("More like this", key=f"more-doc-{hit.id}", on_click=_run_query, args=(f"doc:{doc.id}",), icon=":material/manage_search:",
                  help="Search with this paper's title and abstract (query doc:ID)")


def experiment_row(hit, rank: int) -> None:
    m = hit.record
    molecules = _related(hit, "molecules")
    name = ui.molecule_label(molecules[0]) if molecules else m.smiles
    with st.container(border=True):
        c0, c1, c2, c3 = st.columns([1, 4, 3, 2])
        with c0:
            ui.show_structure(m.smiles, 110, 80)
        with c1:
            value = f"{m.qualifier if m.qualifier not in ('=', '') else ''}{m.value:g}"
            st.markdown(f"**{rank}. {m.property}** = {value} {m.unit or ''}")
            st.caption(" · ".join(x for x in (m.assay, m.source, f"row {m.row}" if m.row else "") if x))
        with c2:
            st.markdown(f"{name}")
            st.caption(_score_caption(hit))
        with c3:
            st.button("More like this", key=f"more-exp-{hit.id}", on_click=_run_query, args=(f"exp:{m.id}",), icon=":material/manage_search:",
                      help="Search with this experiment row (query exp:ID)")


# ---------------------------------------------------------------------------------------------
# Export rows
# ---------------------------------------------------------------------------------------------
def molecule_rows(hits) -> list[dict]:
    rows = []
    for rank, hit in enumerate(hits, 1):
        rec = hit.record
        row = {"rank": rank, "score": round(float(hit.score), 4), "id": rec.id, "name": ui.molecule_label(rec),
               "smiles": rec.smiles, "inchikey": rec.inchikey, "formula": rec.formula}
        row.update({k: rec.descriptors.get(k) for k in ("mw", "clogp", "tpsa", "hbd", "hba", "qed")})
        row["papers"] = len(_related(hit, "papers"))
        row["measurements"] = len(_related(hit, "experiments"))
        row["why"] = hit.why
        rows.append(row)
    return rows


def paper_rows(hits) -> list[dict]:
    return [
        {"rank": r, "score": round(float(h.score), 4), "id": h.record.id, "title": h.record.title,
         "year": h.record.year, "pmid": h.record.pmid, "doi": h.record.doi, "source": h.record.source,
         "molecules": [ui.molecule_label(m) for m in _related(h, "molecules")]}
        for r, h in enumerate(hits, 1)
    ]


def experiment_rows(hits) -> list[dict]:
    return [
        {"rank": r, "score": round(float(h.score), 4), "id": h.record.id, "property": h.record.property,
         "qualifier": h.record.qualifier, "value": h.record.value, "unit": h.record.unit, "assay": h.record.assay,
         "smiles": h.record.smiles, "molecule_id": h.record.molecule_id, "source": h.record.source}
        for r, h in enumerate(hits, 1)
    ]


# ---------------------------------------------------------------------------------------------
# Page
# ---------------------------------------------------------------------------------------------
if st.session_state.pop("goto_generate", False):
    ui.go_to("generate")

st.title(":material/search: Search")
lib = ui.require_library()
modalities, k, filters = _sidebar_filters(lib)

# A structure applied in the editor below becomes the query on the next run (the query box
# cannot change once drawn in this run).
if "pending_q" in st.session_state:
    st.session_state["q"] = st.session_state.pop("pending_q")

with st.form("search-form", border=False):
    q_col, b_col = st.columns([6, 1], vertical_alignment="bottom")
    query_text = q_col.text_input(
        "Ask in plain language, paste a SMILES, or type a name",
        key="q", placeholder="e.g. water-soluble kinase inhibitors with a sulfonamide",
    )
    submitted = b_col.form_submit_button("Search", type="primary", width="stretch")
if submitted:
    st.session_state["active_query"] = query_text.strip()

st.caption("Examples:")
example_cols = st.columns(len(EXAMPLES))
for col, example in zip(example_cols, EXAMPLES):
    col.button(example if len(example) < 38 else example[:35] + "…", key=f"ex-{example}",
               on_click=_run_query, args=(example,), help=example, width="stretch")

with st.expander("Draw a structure", icon=":material/draw:"):
    st.caption("Draw or edit a structure, then press **Apply**: the search runs with its SMILES.")
    current = st.session_state.get("active_query") or ""
    drawn = ui.structure_editor(current if ui.looks_structural(current) else "", key="search-jsme")
    if drawn is None:
        st.caption("The structure editor is not installed (pip install streamlit-jsme); paste a SMILES instead.")
    elif drawn and drawn != st.session_state.get("jsme_applied"):
        st.session_state["jsme_applied"] = drawn
        st.session_state["pending_q"] = drawn
        st.session_state["active_query"] = drawn
        st.rerun()

query = st.session_state.get("active_query")
if query is None:
    st.info("Type a question, a SMILES or a molecule name and press **Search**.", icon=":material/lightbulb:")
    st.stop()
if not query:
    st.warning("The query is empty: type a question, a SMILES or a molecule name.", icon=":material/edit_note:")
    st.stop()
if not modalities:
    st.warning("Choose at least one result type under **Show** in the sidebar.", icon=":material/check_box:")
    st.stop()
if not ui.has_method(lib, "search"):
    st.info("Search is not available in this build yet (the embedding-space backend is missing).", icon=":material/construction:")
    st.stop()

ok, results = _search(lib, query, modalities, k, filters)
if not ok:
    st.stop()

kind = ui.field_of(results, "query_kind", "text")
backend_messages = list(ui.field_of(results, "messages", []) or [])
if kind == "text" and ui.looks_structural(query) and not any("SMILES" in m for m in backend_messages):
    st.warning(f"“{query}” looks like a SMILES but is not a valid structure (check brackets, ring "
               "closures and valences); it was searched as plain words.", icon=":material/science:")
st.caption(f"Results for **{query}** (read as *{kind}*)" + (f" · filters: {', '.join(filters)}" if filters else ""))
for message in backend_messages:
    if "discovery index build" in message:  # the app has a button for that
        message += " — or press **Rebuild the index** on the Library page"
    # Messages that mean "your input was not used as typed" deserve more than a note.
    if any(w in message for w in ("cannot read", "no source matches", "empty", "refus")):
        st.warning(message, icon=":material/warning:")
    else:
        st.info(message, icon=":material/info:")

hits = ui.field_of(results, "hits", {}) or {}
shown = [m for m in modalities if m in ui.MODALITIES]
if not any(hits.get(m) for m in shown):
    st.warning("No results. Try other words, fewer filters, or check the index on the Library page.", icon=":material/search:")
    st.stop()

tabs = st.tabs([f"{ui.MODALITY_LABELS[m]} ({len(hits.get(m) or [])})" for m in shown])
highlight = filters.get("substructure")
for tab, modality in zip(tabs, shown):
    with tab:
        items = hits.get(modality) or []
        if not items:
            st.caption(f"No {modality} match this query and these filters.")
            continue
        if modality == "molecules":
            ui.download_buttons(molecule_rows(items), "molecules", key="dl-mol")
            for i in range(0, len(items), 2):
                cols = st.columns(2)
                for col, (rank, hit) in zip(cols, list(enumerate(items, 1))[i:i + 2]):
                    with col:
                        molecule_card(hit, rank, highlight)
        elif modality == "papers":
            ui.download_buttons(paper_rows(items), "papers", key="dl-doc", sdf=False)
            for rank, hit in enumerate(items, 1):
                paper_card(hit, rank)
        else:
            ui.download_buttons(experiment_rows(items), "experiments", key="dl-exp")
            for rank, hit in enumerate(items, 1):
                experiment_row(hit, rank)
