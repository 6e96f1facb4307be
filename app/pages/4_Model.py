"""Model: the model cards and the benchmark numbers, so a user knows how far to trust results."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

import components as ui  # noqa: E402
from discovery.config import MODELS_DIR, PROJECT_ROOT  # noqa: E402

ui.page_setup("Model", ":material/monitoring:")

BENCHMARKS = PROJECT_ROOT / "docs" / "benchmarks.md"
FRAGMENTS = PROJECT_ROOT / "docs" / "bench"


@st.cache_data(show_spinner=False)
def read_text(path: str, mtime: float) -> str:  # mtime: re-read when the file changes
    return Path(path).read_text(encoding="utf-8", errors="replace")


def model_cards(extra: list[Path]) -> list[Path]:
    """Committed cards (data/models/*/card.md) plus those of the models this library uses."""
    cards = sorted(p for p in MODELS_DIR.glob("*/card.md") if p.is_file())
    for folder in extra:
        card = folder / "card.md"
        if card.is_file() and card.resolve() not in {c.resolve() for c in cards}:
            cards.append(card)
    return cards


def demote(markdown: str, levels: int = 2) -> str:
    """Push headings down ``levels`` so a document's title does not shout inside the page."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,6} ", line):
            hashes = len(line) - len(line.lstrip("#"))
            line = "#" * min(6, hashes + levels) + line[hashes:]
        out.append(line)
    return "\n".join(out)


def first_heading(markdown: str, default: str) -> str:
    match = re.search(r"^#{1,6} +(.+)$", markdown, flags=re.M)
    return match.group(1).strip() if match else default


st.title(":material/monitoring: Models and benchmarks")
st.markdown(
    "Everything the app shows comes from these models. The cards say what each was trained on "
    "and how it scored; the benchmarks say how well search ranks and how often generated "
    "molecules meet their goals. Use them to decide how far to trust a result."
)

lib = ui.get_library()
in_use: list[Path] = []
if lib is not None:
    settings = lib.settings
    model_dir, decoder_dir = getattr(settings, "model_dir", None), getattr(settings, "decoder_dir", None)
    in_use = [Path(p) for p in (model_dir, decoder_dir) if p]
    if model_dir:
        st.caption(f"This library uses the alignment model in `{model_dir}`"
                   + (f" and the decoder in `{decoder_dir}`." if decoder_dir else "."))

st.subheader("Model cards")
cards = model_cards(in_use)
if not cards:
    st.info(f"No model card found under `{MODELS_DIR}` yet.", icon=":material/folder:")
else:
    tabs = st.tabs([p.parent.name for p in cards])
    for tab, card in zip(tabs, cards):
        with tab:
            files = sorted(f.name for f in card.parent.iterdir() if f.is_file())
            size = sum(f.stat().st_size for f in card.parent.iterdir() if f.is_file())
            st.caption(f"`{card.parent}` · {len(files)} files · {size / 1e6:.1f} MB: {', '.join(files)}")
            st.markdown(demote(read_text(str(card), card.stat().st_mtime)))

st.subheader("Benchmarks")
if BENCHMARKS.is_file():
    st.caption(f"From `{BENCHMARKS.relative_to(PROJECT_ROOT)}`: every number with the command that reproduces it.")
    st.markdown(demote(read_text(str(BENCHMARKS), BENCHMARKS.stat().st_mtime)))
else:
    fragments = sorted(FRAGMENTS.glob("*.md")) if FRAGMENTS.is_dir() else []
    if not fragments:
        st.info("No benchmark numbers recorded yet (docs/benchmarks.md).", icon=":material/straighten:")
    else:
        st.caption("From `docs/bench/*.md` (docs/benchmarks.md is assembled from them): every number with "
                   "the command that reproduces it.")
    for fragment in fragments:
        text = read_text(str(fragment), fragment.stat().st_mtime)
        with st.expander(first_heading(text, fragment.stem)):
            st.markdown(demote(text))
