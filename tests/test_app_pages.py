"""AppTest tests of every page against a small real library (tmp DISCOVERY_HOME, real models)."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from app_support import APP_DIR, MOLECULES, build_library, model_for_tests, write_fixture_files

TIMEOUT = 180  # seconds per script run: the first search loads the model on 2 shared cores
SULFONAMIDES = {"sulfamethoxazole", "hydrochlorothiazide", "celecoxib"}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One library for the module (built once: ingest + index), DISCOVERY_HOME pointing at it."""
    root = tmp_path_factory.mktemp("app")
    env = {"DISCOVERY_MODEL": str(model_for_tests(root / "model")), "DISCOVERY_HOME": str(root / "home")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        build_library(root / "home", write_fixture_files(root / "inputs")).close()
        yield root / "home"
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(APP_DIR / name), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def search(at: AppTest, query: str) -> AppTest:
    at.text_input(key="q").set_value(query)
    at.get("form_submit_button")[0].click()
    at.run()
    no_traceback(at)
    return at


def tab_counts(at: AppTest) -> dict[str, int]:
    out = {}
    for tab in at.tabs:
        name, _, count = tab.label.partition(" (")
        out[name] = int(count.rstrip(")"))
    return out


# ------------------------------------------------------------------------------------- home


def test_home_shows_library_totals(home):
    at = page("Home.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Molecules"] == str(len(MOLECULES))
    assert metrics["Papers & texts"] == "6"
    assert metrics["Measurements"] == "8"


def test_home_on_an_empty_library_offers_the_demo(home, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOVERY_HOME", str(tmp_path / "empty"))
    at = page("Home.py")
    assert "empty" in texts(at.info)
    assert any(b.label == "Build the demo library" for b in at.button)


# ------------------------------------------------------------------------------------- search


def test_search_returns_hits_in_every_modality(home):
    at = search(page("pages/1_Search.py"), "aspirin")
    counts = tab_counts(at)
    assert set(counts) == {"Molecules", "Papers", "Experiments"}
    assert all(n > 0 for n in counts.values()), counts
    md = texts(at.markdown)
    assert "**1. aspirin**" in md  # a known name puts its own molecule first
    assert "MW 180.2" in md  # key properties on the card
    assert 'class="mol"' in md and "data:image/svg+xml;base64" in md  # RDKit depiction
    assert "Aspirin and gastric bleeding." in md  # linked paper / paper card
    assert '<mark class="chem"' in md  # chemical mentions highlighted in the abstract
    assert "aqueous solubility" in md  # experiment row
    assert [b.label for b in at.get("download_button")].count("Download CSV") == 3
    assert "Download SDF" in [b.label for b in at.get("download_button")]


def test_search_empty_query_shows_a_message(home):
    at = search(page("pages/1_Search.py"), "   ")
    assert "empty" in texts(at.warning)
    assert not at.tabs


def test_search_invalid_smiles_shows_a_message(home):
    at = search(page("pages/1_Search.py"), "CC(=O)Oc1ccccc1C(=O")
    assert "SMILES" in texts(at.warning)


def test_more_like_this_searches_with_the_hit(home):
    at = search(page("pages/1_Search.py"), "paracetamol")
    button = next(b for b in at.button if b.key and b.key.startswith("more-mol-"))
    button.click()
    at.run()
    no_traceback(at)
    assert at.text_input(key="q").value.startswith("mol:")
    assert tab_counts(at)["Molecules"] > 0


def test_substructure_filter_and_bad_smarts(home):
    at = page("pages/1_Search.py")
    at.sidebar.text_input(key="f_substructure").set_value("S(=O)(=O)N")
    at.sidebar.multiselect(key="f_modalities").set_value(["molecules"])
    search(at, "drug")
    md = texts(at.markdown)
    names = {name for _, name in MOLECULES if f". {name}**" in md}
    assert names and names <= SULFONAMIDES, names
    at.sidebar.text_input(key="f_substructure").set_value("C(((")
    search(at, "drug")
    assert at.error, "an unreadable SMARTS must be reported inline"


# ------------------------------------------------------------------------------------- generate


@pytest.fixture()
def generate_page(home):
    return page("pages/2_Generate.py")  # the decoder is optional: without it seeds come from the library


def read_goal(at, goal: str):
    """Type a goal, press *Read the goal*: the table of constraints it shows."""
    at.text_area(key="goal_text").set_value(goal)
    at.button(key="parse-goal").click()
    at.run()
    no_traceback(at)
    return at.data_editor[0].value


def generate_from_table(at, n: int, budget: int) -> list[str]:
    """Press *Generate* with the table as read: each candidate's checklist."""
    at.number_input(key="gen_n").set_value(n)
    at.number_input(key="gen_budget").set_value(budget)
    at.button(key="run-generate").click()
    at.run()
    no_traceback(at)
    assert not at.error, texts(at.error)
    return [m.value for m in at.markdown if m.value.startswith(("- :green-badge", "- :red-badge"))]


def test_generation_returns_candidates_with_checklists(generate_page):
    at = generate_page
    table = read_goal(at, "MW below 300, logP between 0 and 3, contains a carboxylic acid")
    assert {"mw", "clogp"} <= set(table["name"]), table
    checklists = generate_from_table(at, n=3, budget=200)
    cards = [m.value for m in at.markdown if m.value.startswith("**#")]
    assert cards, "no candidate shown"
    assert len(checklists) == len(cards)
    assert all("MW" in c for c in checklists)  # the goal's constraints are checked, with values
    assert at.get("vega_lite_chart"), "the window chart is missing"


def test_group_counts_and_relations_are_rows_of_the_table_and_of_the_checklist(generate_page):
    at = generate_page
    # the hydroxyl's SMARTS has commas, which the table's text form must not split
    table = read_goal(at, "at least 2 nitrogen atoms and a hydroxyl on a benzene ring, MW below 300")
    assert "group_count" in set(table["kind"]) and "nitrogen" in set(table["name"]), table
    checklists = generate_from_table(at, n=2, budget=150)
    assert checklists and all("nitrogen count >= 2" in c and "hydroxyl on benzene ring" in c for c in checklists)


def test_a_description_is_answered_with_readings_even_after_reading_the_goal(generate_page):
    at = generate_page
    at.text_area(key="goal_text").set_value(
        "The molecule is a monocarboxylic acid anion that is the conjugate base of salicylic acid, obtained by "
        "deprotonation of the carboxy group. It is a conjugate base of a salicylic acid.")
    at.button(key="parse-goal").click()  # the table is shown, but the description is what runs
    at.run()
    no_traceback(at)
    assert "description of one molecule" in texts(at.info)
    at.number_input(key="gen_n").set_value(3)
    at.button(key="run-generate").click()
    at.run()
    no_traceback(at)
    assert not at.error, texts(at.error)
    assert "read as a description" in texts(at.info)
    cards = [m.value for m in at.markdown if m.value.startswith("**#")]
    assert 1 <= len(cards) <= 3


def test_generation_empty_goal_and_invalid_smiles_show_messages(generate_page):
    at = generate_page
    at.button(key="run-generate").click()
    at.run()
    no_traceback(at)
    assert "empty" in texts(at.warning)
    at.segmented_control(key="gen_mode").set_value("edit")
    at.run()
    at.text_input(key="edit_smiles").set_value("C1CC(N")
    at.text_input(key="edit_goal").set_value("increase solubility")
    at.button(key="run-edit").click()
    at.run()
    no_traceback(at)
    assert at.error or at.warning
    assert "valid structure" in texts(at.warning) or "SMILES" in texts(at.error)


def test_edit_mode_starts_from_a_molecule(generate_page):
    at = generate_page
    at.session_state["edit_from_search"] = "CC(C)Cc1ccc(cc1)C(C)C(=O)O"  # as "Use in Generate" does
    at.run()
    assert at.text_input(key="edit_smiles").value == "CC(C)Cc1ccc(cc1)C(C)C(=O)O"
    at.text_input(key="edit_goal").set_value("lower logP")
    at.number_input(key="edit_n").set_value(2)
    at.button(key="run-edit").click()
    at.run()
    no_traceback(at)
    assert not at.error, texts(at.error)
    assert any(m.value.startswith("**#1**") for m in at.markdown) or "No candidate" in texts(at.warning)


def test_past_runs_reopen(generate_page):
    at = generate_page
    at.text_area(key="goal_text").set_value("QED above 0.5 and MW below 250")
    at.number_input(key="gen_n").set_value(2)
    at.number_input(key="gen_budget").set_value(100)
    at.button(key="run-generate").click()
    at.run()
    no_traceback(at)
    at.segmented_control(key="gen_mode").set_value("runs")
    at.run()
    assert at.dataframe, "no past runs listed"
    at.button(key="open-run").click()
    at.run()
    no_traceback(at)
    assert any(m.value.startswith("**#1**") for m in at.markdown)


# ------------------------------------------------------------------------------------- library


def test_library_upload_validates_before_commit(home):
    at = page("pages/3_Library.py")
    counts = {m.label: m.value for m in at.metric}
    before = int(counts["Molecules"])
    csv = b"smiles,name\nCCO,ethanol\nnot_a_smiles,broken\nCCCN,propylamine\n"
    at.file_uploader(key="upload").set_value(("new.csv", csv, "text/csv"))
    at.run()
    no_traceback(at)
    assert at.dataframe, "no preview"
    at.button(key="validate").click()
    at.run()
    no_traceback(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Valid"] == "2" and metrics["Skipped"] == "1"
    assert int({m.label: m.value for m in at.metric}["Molecules"]) == before  # nothing written yet
    at.button(key="commit").click()
    at.run()
    no_traceback(at)
    assert int({m.label: m.value for m in at.metric}["Molecules"]) == before + 2
    assert any("Added new.csv" in s.value for s in at.success)


def test_library_unreadable_upload_is_an_inline_error(home):
    at = page("pages/3_Library.py")
    at.file_uploader(key="upload").set_value(("broken.xml", b"\x00\x01 not xml at all", "text/xml"))
    at.run()
    at.button(key="validate").click()
    at.run()
    no_traceback(at)
    assert at.error


def test_library_index_status_and_rebuild(home):
    at = page("pages/3_Library.py")
    assert any("index agrees" in s.value for s in at.success), texts(at.warning)
    at.button(key="rebuild").click()
    at.run()
    no_traceback(at)
    assert any(s.value == "Index rebuilt." for s in at.success)


# ------------------------------------------------------------------------------------- model


def test_model_page_shows_cards_and_benchmarks(home):
    at = page("pages/4_Model.py")
    no_traceback(at)
    from discovery.config import MODELS_DIR

    committed = sorted(p.parent.name for p in MODELS_DIR.glob("*/card.md"))
    labels = [t.label for t in at.tabs]
    assert labels[: len(committed)] == committed
    assert os.path.basename(os.environ["DISCOVERY_MODEL"]) in labels  # the model in use has its card
    assert any("Benchmarks" in h.value for h in at.subheader)


def test_structure_editor_is_registered_without_the_cdn_fallback(monkeypatch):
    """streamlit-jsme falls back to unpkg.com when its scripts are slow; the app's copy must not."""
    streamlit_jsme = pytest.importorskip("streamlit_jsme")
    monkeypatch.syspath_prepend(str(APP_DIR))
    import components

    assert "unpkg.com" in streamlit_jsme._JS  # the pinned version has the fallback we cut out
    offline_js = components._CDN_FALLBACK.sub("", streamlit_jsme._JS)
    assert "unpkg.com" not in offline_js and "jsmeOnLoad" in offline_js
    assert components._offline_jsme_component() is not None
