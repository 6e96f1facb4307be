"""Model: the model cards and the benchmark numbers, so a user knows how far to trust results."""

from __future__ import annotations

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


def model_cards() -> list[Path]:
    return sorted(p for p in MODELS_DIR.glob("*/card.md") if p.is_file())


st.title(":material/monitoring: Models and benchmarks")
st.markdown(
    "Everything the app shows comes from these models. The cards say what each was trained on "
    "and how it scored; the benchmarks say how well search ranks and how often generated "
    "molecules meet their goals. Use them to decide how far to trust a result."
)

lib = ui.get_library()
if lib is not None:
    settings = lib.settings
    model_dir, decoder_dir = getattr(settings, "model_dir", None), getattr(settings, "decoder_dir", None)
    if model_dir:
        st.caption(f"This library uses the alignment model in `{model_dir}`"
                   + (f" and the decoder in `{decoder_dir}`." if decoder_dir else "."))

st.subheader("Model cards")
cards = model_cards()
if not cards:
    st.info(f"No model card found under `{MODELS_DIR}` yet.", icon=":material/folder:")
else:
    tabs = st.tabs([p.parent.name for p in cards])
    for tab, card in zip(tabs, cards):
        with tab:
            files = sorted(f.name for f in card.parent.iterdir() if f.is_file())
            size = sum(f.stat().st_size for f in card.parent.iterdir() if f.is_file())
            st.caption(f"`{card.parent}` · {len(files)} files · {size / 1e6:.1f} MB: {', '.join(files)}")
            st.markdown(read_text(str(card), card.stat().st_mtime))

st.subheader("Benchmarks")
if BENCHMARKS.is_file():
    st.markdown(read_text(str(BENCHMARKS), BENCHMARKS.stat().st_mtime))
else:
    fragments = sorted(FRAGMENTS.glob("*.md")) if FRAGMENTS.is_dir() else []
    if not fragments:
        st.info("No benchmark numbers recorded yet (docs/benchmarks.md).", icon=":material/straighten:")
    for fragment in fragments:
        with st.expander(fragment.stem, expanded=True):
            st.markdown(read_text(str(fragment), fragment.stat().st_mtime))
