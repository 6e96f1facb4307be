"""discovery: the Streamlit app's entry page (library at a glance, where to go next).

Run with ``discovery app`` or ``streamlit run app/Home.py``; the library is ``DISCOVERY_HOME``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import streamlit as st  # noqa: E402

import components as ui  # noqa: E402

ui.page_setup("Home", ":material/science:")

st.title(":material/science: discovery")
st.markdown(
    "Search **molecules, paper abstracts and experiment tables** in one embedding space, "
    "in plain language, by SMILES or by name — and **generate candidate molecules** from a "
    "written goal, each one checked against your constraints and traced back to the nearest "
    "known molecules and their papers."
)

lib = ui.require_library()
ok, stats = ui.safe_call("read the library statistics", lib.stats)
stats = stats if ok else {}

st.subheader("Your library")
st.caption(f"Library folder: `{lib.settings.home}`")
if ok and ui.library_is_empty(stats):
    st.info(
        "The library is empty. Add your own files on the **Library** page, or build the demo "
        "library (a few hundred molecules with names, abstracts and measured properties).",
        icon=":material/inbox:",
    )
    if ui.has_method(lib, "build_demo") and st.button("Build the demo library", type="primary"):
        with st.spinner("Building the demo library: reading files, standardising structures, indexing…"):
            done, summary = ui.safe_call("build the demo library", lib.build_demo)
        if done:
            ui.reset_caches()
            st.success("Demo library ready.")
            st.rerun()
else:
    ui.show_totals(stats)
    sources = ui.sources_of(stats)
    if sources:
        with st.expander(f"Sources ({len(sources)})"):
            st.dataframe(ui.sources_frame(stats), hide_index=True, width="stretch")

st.subheader("What you can do")
left, right = st.columns(2)
with left:
    st.markdown(
        "**:material/search: Search** — one box for everything: *“water-soluble kinase inhibitors with a "
        "sulfonamide”*, `CC(=O)Oc1ccccc1C(=O)O`, or *aspirin*. Results come as molecule "
        "cards, papers with highlighted chemicals and experiment rows, with filters on "
        "properties, substructure and source.\n\n"
        "**:material/experiment: Generate** — write a goal (*“MW below 350, logP 1–3, contains a sulfonamide, "
        "similar to celecoxib”*), check how it was understood, and get candidates with a "
        "pass/fail checklist and their nearest library neighbours."
    )
with right:
    st.markdown(
        "**:material/library_books: Library** — upload CSV/SDF molecules, PubTator or PubMed XML abstracts, JSONL "
        "documents or experiment tables; preview and validate before anything is written.\n\n"
        "**:material/monitoring: Model** — model cards and benchmark numbers, so you know how far to trust a "
        "ranking or a generated structure."
    )
ui.page_links(st)
