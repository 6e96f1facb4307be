"""Generate: goal text -> understood constraints (editable) -> candidates with checklists."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import altair as alt  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import components as ui  # noqa: E402

ui.page_setup("Generate", ":material/experiment:")

EXAMPLE_GOALS = [
    "MW below 350, logP between 1 and 3, contains a sulfonamide, no nitro group",
    "a soluble analogue of ibuprofen with fewer rotatable bonds",
    "drug-like molecule with QED above 0.7 and TPSA below 90, containing a pyridine",
    "anti-inflammatory carboxylic acid similar to aspirin, MW under 300",
]
EDIT_EXAMPLES = ["increase solubility", "lower logP, keep the carboxylic acid", "add a fluorine, MW below 400"]
MODES = {"goal": "From a goal", "edit": "Edit a molecule", "runs": "Past runs"}
CONSTRAINT_COLUMNS = ["kind", "name", "op", "value", "hard", "reads as", "text"]
KINDS = ["property", "group_present", "group_absent", "group_count", "group_attached", "group_linked", "similarity",
         "semantic"]
OPS = ["<=", ">=", "between", "present", "absent", "similar", "increase", "decrease"]
# group_attached: how the two groups sit (discovery.generate.scoring.RELATIONS; the page imports the
# generator lazily)
RELATIONS = ("bonded", "nitrogen", "geminal", "vicinal", "ortho", "meta", "para")


# ---------------------------------------------------------------------------------------------
# The GoalSpec as an editable table (values as text: "350", "1, 3", "sulfonamide")
# ---------------------------------------------------------------------------------------------
def value_to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return ", ".join(ui.fmt_value(v) if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def text_to_value(text):
    """Inverse of :func:`value_to_text`: ``"1, 3"`` -> (1.0, 3.0), ``"350"`` -> 350.0,
    ``"CCO, 0.4"`` -> ("CCO", 0.4) (similarity: reference and minimum Tanimoto)."""
    text = ("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)).strip()
    if not text:
        return None
    parts = [p.strip() for p in text.replace("–", ",").split(",")]
    values = []
    for part in parts:
        try:
            values.append(float(part))
        except ValueError:
            values.append(part)
    if len(values) == 3 and all(isinstance(v, str) for v in values) and values[2].lower() in RELATIONS:
        return tuple(values)  # group_attached: "F, [NX3][CX3]=O, ortho"
    if len(values) > 1 and isinstance(values[0], str) and len(values) != 2:
        return text  # commas inside a name: keep the text as it is
    return tuple(values) if len(values) > 1 else values[0]


def reads_as_description(goal: str) -> bool:
    """True when generate will read the goal as a description of one molecule (its describe route)."""
    try:
        from discovery.generate.describe import is_description
    except Exception:  # a stand-in library without the generator: design goals only
        return False
    return bool(goal) and is_description(goal)


def spec_table(spec) -> pd.DataFrame:
    rows = [{
        "kind": c.kind, "name": c.name, "op": c.op, "value": value_to_text(c.value),
        "hard": bool(c.hard), "reads as": c.describe() if hasattr(c, "describe") else "", "text": c.text,
    } for c in spec.constraints]
    return pd.DataFrame(rows, columns=CONSTRAINT_COLUMNS).astype({"value": "string", "text": "string", "reads as": "string"})


def spec_from_table(spec, table: pd.DataFrame, semantic_text: str):
    """A GoalSpec with the user's edits (rows added, removed or changed)."""
    from discovery.generate.spec import GoalSpec

    data = spec.to_dict()
    # a value the user left as shown keeps its exact form: SMARTS have commas ("[F,Cl,Br,I]") that
    # the text form cannot tell from a "low, high" window
    shown = {(c.kind, c.name, value_to_text(c.value)): c.value for c in spec.constraints}
    constraints = []
    for row in table.to_dict("records"):
        if not row.get("kind") or not row.get("name") or pd.isna(row.get("name")):
            continue  # an empty row the user added and left
        kind, name = str(row["kind"]), str(row["name"]).strip()
        text = "" if row.get("value") is None or pd.isna(row.get("value")) else str(row.get("value")).strip()
        value = shown[(kind, name, text)] if (kind, name, text) in shown else text_to_value(text)
        constraints.append({
            "kind": kind, "name": name, "op": str(row.get("op") or ""),
            "value": value, "hard": bool(row.get("hard")),
            "text": "" if pd.isna(row.get("text")) else str(row.get("text") or ""),
        })
    data["constraints"] = constraints
    data["semantic_text"] = semantic_text
    return GoalSpec.from_dict(data)


def windows(spec) -> dict[str, tuple[float | None, float | None]]:
    """Numeric windows of the property constraints: name -> (low, high), open ends as None."""
    out = {}
    for c in getattr(spec, "constraints", []) or []:
        if c.kind != "property":
            continue
        lo = hi = None
        if c.op in ("<=", "<") and isinstance(c.value, (int, float)):
            hi = float(c.value)
        elif c.op in (">=", ">") and isinstance(c.value, (int, float)):
            lo = float(c.value)
        elif c.op == "between" and isinstance(c.value, (tuple, list)) and len(c.value) == 2:
            lo, hi = float(c.value[0]), float(c.value[1])
        else:
            lo = hi = None
        prev = out.get(c.name, (None, None))
        out[c.name] = (lo if lo is not None else prev[0], hi if hi is not None else prev[1])
    return out


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
def window_charts(result) -> list:
    """Candidates placed against each property window of the goal: (chart, pixel height) per property."""
    charts = []
    for name, (lo, hi) in windows(result.spec).items():
        rows = []
        for i, cand in enumerate(result.candidates, 1):
            value = (cand.properties or {}).get(name)
            if value is None:
                continue
            inside = (lo is None or value >= lo) and (hi is None or value <= hi)
            rows.append({"candidate": f"#{i}", "value": float(value), "in window": "inside" if inside else "outside",
                         "smiles": cand.smiles})
        if not rows:
            continue
        df = pd.DataFrame(rows)
        bounds = [v for v in (lo, hi) if v is not None]
        vmin, vmax = min([df["value"].min(), *bounds]), max([df["value"].max(), *bounds])
        pad = max((vmax - vmin) * 0.1, 0.5)
        domain = [vmin - pad, vmax + pad]
        band_lo, band_hi = (lo if lo is not None else domain[0]), (hi if hi is not None else domain[1])
        label = ui.PROPERTY_LABELS.get(name, name)
        x_scale = alt.Scale(domain=domain, nice=False, zero=False)
        band = alt.Chart(pd.DataFrame({"lo": [band_lo], "hi": [band_hi]})).mark_rect(opacity=0.18, color="#2a9d8f").encode(
            x=alt.X("lo:Q", scale=x_scale, title=label), x2="hi:Q")
        points = alt.Chart(df).mark_circle(size=120, opacity=0.9).encode(
            x=alt.X("value:Q", scale=x_scale, title=label),
            y=alt.Y("candidate:N", sort=None, title=None),
            color=alt.Color("in window:N", scale=alt.Scale(domain=["inside", "outside"], range=["#2a9d8f", "#e76f51"]),
                            legend=alt.Legend(title=None, orient="top")),
            tooltip=["candidate", alt.Tooltip("value:Q", format=".2f"), "in window", "smiles"],
        )
        window_text = f"{'' if lo is None else f'{lo:g} ≤ '}{label}{'' if hi is None else f' ≤ {hi:g}'}"
        plot_height = 30 * len(df) + 30
        charts.append(((band + points).properties(title=f"Goal window: {window_text}", height=plot_height), plot_height + 160))
    return charts


def candidate_rows(result) -> list[dict]:
    rows = []
    for i, c in enumerate(result.candidates, 1):
        row = {"rank": i, "smiles": c.smiles, "name": f"candidate {i}", "score": round(float(c.score), 4),
               "novel": bool(c.novel), "library_id": c.library_id,
               "checks_passed": f"{sum(ch.passed for ch in c.checks)}/{len(c.checks)}"}
        row.update({k: v for k, v in (c.properties or {}).items()})
        for ch in c.checks:
            row[f"check: {ch.constraint}"] = f"{'pass' if ch.passed else 'fail'} ({ui.fmt_value(ch.value)})"
        if c.nearest:
            near = c.nearest[0]
            row["nearest"] = near.get("name") or near.get("smiles")
            row["nearest_similarity"] = near.get("similarity")
        rows.append(row)
    return rows


def _refine(smiles: str) -> None:
    st.session_state["edit_smiles"] = smiles
    st.session_state["gen_mode"] = "edit"


def checklist_markdown(cand) -> str:
    lines = []
    for ch in cand.checks:
        mark = ":green-badge[:material/check: pass]" if ch.passed else ":red-badge[:material/close: fail]"
        value = "" if ch.value is None else f" — **{ui.fmt_value(ch.value)}**"
        lines.append(f"- {mark} {ch.constraint}{value}")
    return "\n".join(lines) if lines else "- (no constraints to check)"


def candidate_card(cand, rank: int, key: str) -> None:
    with st.container(border=True):
        ui.show_structure(cand.smiles, 280, 200)
        badge = (":blue-badge[:material/new_releases: novel]" if cand.novel
                 else f":gray-badge[:material/library_books: in library #{cand.library_id}]" if cand.library_id
                 else ":gray-badge[:material/library_books: known]")
        passed = sum(ch.passed for ch in cand.checks)
        st.markdown(f"**#{rank}** · score {cand.score:.3f} · {badge} · {passed}/{len(cand.checks)} checks")
        st.code(cand.smiles, language=None, wrap_lines=True)
        st.markdown(checklist_markdown(cand))
        line = ui.property_line(cand.properties, ("mw", "clogp", "tpsa", "qed", "sa_score"))
        if line:
            st.caption(line)
        if cand.scores:
            st.caption("score parts: " + ", ".join(f"{k} {v:.2f}" for k, v in cand.scores.items() if isinstance(v, (int, float))))
        if cand.nearest:
            with st.expander(f"Provenance: {len(cand.nearest)} nearest library molecules"):
                for near in cand.nearest[:5]:
                    c1, c2 = st.columns([1, 2])
                    with c1:
                        ui.show_structure(near.get("smiles", ""), 140, 100)
                    with c2:
                        sim = near.get("similarity")
                        st.markdown(f"**{near.get('name') or near.get('smiles')}**" + (f" · Tanimoto {sim:.2f}" if sim is not None else ""))
                        for doc in (near.get("documents") or [])[:3]:
                            st.caption(f":material/article: {doc.get('title') or doc.get('id')}")
        st.button("Refine this one", key=f"{key}-refine-{rank}", on_click=_refine, args=(cand.smiles,), icon=":material/edit:")


def show_result(result, key: str) -> None:
    if result is None:
        return
    message = ui.field_of(result, "message")
    n = len(result.candidates)
    run = f"run #{result.run_id} · " if result.run_id is not None else ""
    st.subheader(f"{n} candidate{'s' if n != 1 else ''}")
    st.caption(f"{run}goal: “{result.goal}” · {result.seconds:.1f} s")
    if message:
        st.info(message, icon=":material/info:")
    if not n:
        st.warning("No candidate satisfied the goal. Loosen a hard constraint in the table above and run again.", icon=":material/explore:")
        return
    charts = window_charts(result)
    for chart, height in charts:
        st.altair_chart(chart, width="stretch", height=height)
    ui.download_buttons(candidate_rows(result), f"candidates-run{result.run_id or 'new'}", key=f"{key}-dl")
    per_row = 3
    for i in range(0, n, per_row):
        cols = st.columns(per_row)
        for col, (rank, cand) in zip(cols, list(enumerate(result.candidates, 1))[i:i + per_row]):
            with col:
                candidate_card(cand, rank, key)


def progress_callback(bar):
    def update(done: int, total: int) -> None:
        total = max(int(total or 0), 1)
        bar.progress(min(1.0, done / total), text=f"Generating and scoring… {done}/{total}")
    return update


# ---------------------------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------------------------
def _use_example(text: str) -> None:
    st.session_state["goal_text"] = text


def goal_mode(lib) -> None:
    st.caption("Try an example:")
    cols = st.columns(len(EXAMPLE_GOALS))
    for col, text in zip(cols, EXAMPLE_GOALS):
        col.button(text[:40] + ("…" if len(text) > 40 else ""), key=f"goal-ex-{text}", help=text,
                   on_click=_use_example, args=(text,), width="stretch")
    goal = st.text_area("Goal", key="goal_text", height=80,
                        placeholder="e.g. MW below 350, logP between 1 and 3, contains a sulfonamide").strip()
    read = st.button("Read the goal", key="parse-goal", icon=":material/search:")
    parsed = st.session_state.get("goal_spec")
    if read:
        if not goal:
            st.warning("The goal is empty: describe the molecule you want.", icon=":material/edit_note:")
            return
        ok, spec = ui.safe_call("read the goal", lib.parse_goal, goal)
        if not ok:
            return
        st.session_state["goal_spec"] = parsed = (goal, spec)
        st.session_state.pop("spec_editor", None)
    spec = parsed[1] if parsed and parsed[0] == goal else None
    describes = reads_as_description(goal)
    if describes:
        st.info("This reads as a **description of one molecule**: Generate answers with its likeliest structures "
                "in your library (in the charge form the text names), best first. A table read from it is shown "
                "for reference and filters nothing.", icon=":material/description:")
    if spec is None:
        if goal and parsed:
            st.caption("The goal changed: press **Read the goal** to see how it is understood (or just generate).")
    else:
        st.markdown("**Understood** — edit values, add or delete rows; *hard* constraints filter, soft ones score.")
        table = st.data_editor(
            spec_table(spec), key="spec_editor", num_rows="dynamic", hide_index=True, width="stretch",
            column_config={
                "kind": st.column_config.SelectboxColumn("kind", options=KINDS, required=True),
                "name": st.column_config.TextColumn("name", help="property (mw, clogp, tpsa, qed …), group or molecule name"),
                "op": st.column_config.SelectboxColumn("op", options=OPS, required=True),
                "value": st.column_config.TextColumn("value", help="a number, 'low, high' for a window, or a name"),
                "hard": st.column_config.CheckboxColumn("hard"),
                "reads as": st.column_config.TextColumn("reads as", disabled=True),
                "text": st.column_config.TextColumn("from the words", disabled=True),
            },
        )
        st.session_state["goal_table"] = table
        if spec.not_understood:
            st.warning("**Not understood** (ignored): " + " · ".join(f"“{w}”" for w in spec.not_understood), icon=":material/help:")
        else:
            st.success("Every part of the goal was understood.", icon=":material/check_circle:")
        st.text_input("Scored for meaning through the shared space", value=spec.semantic_text or "", key="semantic_text",
                      placeholder="(nothing: every part of the goal is a rule above; add words to steer by meaning)",
                      help="The part of the goal that is not a hard rule: candidates closer to it in the embedding space score higher.")
    c1, c2, c3 = st.columns(3)
    n = c1.number_input("Candidates", 1, 100, 9, key="gen_n")
    seed = c2.number_input("Seed", 0, 10_000, 0, key="gen_seed")
    budget = c3.number_input("Budget (molecules scored, 0 = default)", 0, 100_000, 0, step=100, key="gen_budget")
    if st.button("Generate", type="primary", key="run-generate", icon=":material/experiment:"):
        if not goal:
            st.warning("The goal is empty: describe the molecule you want.", icon=":material/edit_note:")
            return
        target = goal
        if spec is not None and "goal_table" in st.session_state and not describes:
            ok, edited = ui.safe_call("apply your edits to the goal", spec_from_table, spec,
                                      st.session_state["goal_table"], st.session_state.get("semantic_text", spec.semantic_text))
            target = edited if ok else goal
        bar = st.progress(0.0, text="Generating and scoring…")
        ok, result = ui.safe_call("generate molecules", lib.generate, target, n=int(n), seed=int(seed),
                                  budget=int(budget) or None, progress=progress_callback(bar))
        bar.empty()
        if ok:
            st.session_state["result:goal"] = result
    show_result(st.session_state.get("result:goal"), "goal")


def _use_edit_example(text: str) -> None:
    st.session_state["edit_goal"] = text


def edit_mode(lib) -> None:
    st.markdown("Start from a molecule (paste a SMILES, type a name from the library, or press "
                "**Use in Generate** on a search result) and say what should change.")
    with st.expander("Draw or edit the starting molecule", icon=":material/draw:"):
        drawn = ui.structure_editor(st.session_state.get("edit_smiles", ""), key="edit-jsme")
        if drawn is None:
            st.caption("The structure editor is not installed (pip install streamlit-jsme); paste a SMILES instead.")
        elif drawn and drawn != st.session_state.get("edit_jsme_applied"):
            st.session_state["edit_jsme_applied"] = drawn
            st.session_state["edit_smiles"] = drawn
    smiles = st.text_input("Starting molecule", key="edit_smiles", placeholder="e.g. CC(C)Cc1ccc(C(C)C(=O)O)cc1 or ibuprofen").strip()
    if smiles and ui.has_method(lib, "find_molecule"):
        ok, rec = ui.safe_call("look the molecule up", lib.find_molecule, smiles)
        if ok and rec is not None and rec.smiles != smiles:
            st.caption(f"**{ui.molecule_label(rec)}** from your library: `{rec.smiles}`")
            smiles = rec.smiles
    if smiles:
        svg = ui.svg_for(smiles, 260, 190)
        if svg:
            st.markdown(ui.svg_img(svg, alt=smiles), unsafe_allow_html=True)
        else:
            st.warning("This does not read as a valid structure; check the SMILES.", icon=":material/science:")
    cols = st.columns(len(EDIT_EXAMPLES))
    for col, text in zip(cols, EDIT_EXAMPLES):
        col.button(text, key=f"edit-ex-{text}", on_click=_use_edit_example, args=(text,), width="stretch")
    goal = st.text_input("What should change", key="edit_goal", placeholder="e.g. increase solubility, keep the carboxylic acid").strip()
    c1, c2, c3 = st.columns(3)
    n = c1.number_input("Variants", 1, 50, 6, key="edit_n")
    min_sim = c2.slider("Minimum similarity to the start", 0.0, 1.0, 0.5, 0.05, key="edit_min_sim")
    seed = c3.number_input("Seed", 0, 10_000, 0, key="edit_seed")
    if st.button("Propose edits", type="primary", key="run-edit", icon=":material/edit:"):
        if not smiles:
            st.warning("Paste a starting molecule first.", icon=":material/edit_note:")
            return
        if not goal:
            st.warning("Say what should change (e.g. “increase solubility”).", icon=":material/edit_note:")
            return
        with st.spinner("Editing the molecule and checking every variant…"):
            ok, result = ui.safe_call("edit the molecule", lib.edit, smiles, goal, n=int(n),
                                      min_similarity=float(min_sim), seed=int(seed))
        if ok:
            st.session_state["result:edit"] = result
    show_result(st.session_state.get("result:edit"), "edit")


def runs_mode(lib) -> None:
    ok, runs = ui.safe_call("list past runs", lib.runs)
    if not ok:
        return
    runs = list(runs or [])
    if not runs:
        st.info("No runs yet: generate from a goal and it will appear here.", icon=":material/folder:")
        return
    rows = [{k: ui.field_of(r, k) for k in ("id", "mode", "goal", "status", "n_candidates", "created_at") if ui.field_of(r, k) is not None}
            for r in runs]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    ids = [ui.field_of(r, "id") for r in runs]
    labels = {ui.field_of(r, "id"): f"#{ui.field_of(r, 'id')} · {ui.field_of(r, 'goal', '')}"[:90] for r in runs}
    chosen = st.selectbox("Run", ids, format_func=lambda i: labels.get(i, str(i)), key="run_pick")
    if st.button("Open run", key="open-run", icon=":material/folder_open:"):
        ok, result = ui.safe_call("open the run", lib.get_run, chosen)
        if ok:
            st.session_state["result:run"] = result
    show_result(st.session_state.get("result:run"), "run")


# ---------------------------------------------------------------------------------------------
# Page
# ---------------------------------------------------------------------------------------------
st.title(":material/experiment: Generate")
lib = ui.require_library()

# A molecule picked on the Search page opens the edit mode with it.
picked = st.session_state.pop("edit_from_search", None)
if picked:
    st.session_state["edit_smiles"] = picked
    st.session_state["gen_mode"] = "edit"

missing = [m for m in ("parse_goal", "generate", "edit", "runs") if not ui.has_method(lib, m)]
if missing:
    st.info("Generation is not available in this build yet (missing: " + ", ".join(missing) + ").", icon=":material/construction:")
    st.stop()

st.session_state.setdefault("gen_mode", "goal")
mode = st.segmented_control("Mode", list(MODES), format_func=MODES.get, key="gen_mode",
                            required=True, label_visibility="collapsed") or "goal"
if mode == "goal":
    goal_mode(lib)
elif mode == "edit":
    edit_mode(lib)
else:
    runs_mode(lib)
