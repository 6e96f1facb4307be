"""Shared pieces of the Streamlit app: the cached library, safe calls, depictions and cards.

The app talks to the platform only through :class:`discovery.Library` (plus the plain record
dataclasses and :func:`discovery.chem.depict.mol_to_svg` for pictures). Every call that can fail
goes through :func:`safe_call`, which turns a failure into one inline message: a chemist never
sees a traceback.
"""

from __future__ import annotations

import base64
import functools
import html
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

log = logging.getLogger("discovery.app")

APP_DIR = Path(__file__).resolve().parent
MODALITIES = ("molecules", "papers", "experiments")
MODALITY_LABELS = {"molecules": "Molecules", "papers": "Papers", "experiments": "Experiments"}

# Properties shown on cards and offered as filters: (key, label, slider range, step, format).
PROPERTIES: list[tuple[str, str, tuple[float, float], float, str]] = [
    ("mw", "Molecular weight (Da)", (0.0, 1000.0), 10.0, "{:.1f}"),
    ("clogp", "cLogP", (-5.0, 10.0), 0.5, "{:.2f}"),
    ("tpsa", "TPSA (Å²)", (0.0, 250.0), 5.0, "{:.1f}"),
    ("hbd", "H-bond donors", (0.0, 10.0), 1.0, "{:.0f}"),
    ("hba", "H-bond acceptors", (0.0, 15.0), 1.0, "{:.0f}"),
    ("qed", "QED (drug-likeness)", (0.0, 1.0), 0.05, "{:.2f}"),
]
PROPERTY_LABELS = {key: label for key, label, *_ in PROPERTIES} | {
    "sa_score": "SA score",
    "rotatable_bonds": "Rotatable bonds",
    "rings": "Rings",
    "aromatic_rings": "Aromatic rings",
    "heavy_atoms": "Heavy atoms",
}
SHORT_LABELS = {
    "mw": "MW",
    "clogp": "cLogP",
    "tpsa": "TPSA",
    "hbd": "HBD",
    "hba": "HBA",
    "qed": "QED",
    "sa_score": "SA",
}


# --------------------------------------------------------------------------------------------
# The library
# --------------------------------------------------------------------------------------------
FAVICON = APP_DIR / "assets" / "favicon.png"


def page_setup(title: str, icon: str | None = None) -> None:
    """Common page configuration (must be the first Streamlit call of a page).

    The favicon is a local file: a Material or emoji page icon would be fetched from a CDN,
    and the app makes no outside requests.
    """
    st.set_page_config(page_title=f"{title} · discovery", page_icon=str(FAVICON), layout="wide")


@st.cache_resource(show_spinner="Opening the library…")
def _open_library(home: str | None, db_url: str | None, models: tuple[str | None, ...] = ()):
    # One Library (and so one loaded model) per server process, shared by every session.
    # Imported here so that a broken backend shows a message instead of failing the import.
    from discovery.library import Library

    return Library.open(home=home, db_url=db_url, progress=False)


def library_key() -> tuple[str | None, str | None, tuple[str | None, ...]]:
    """What identifies the library of this process (the cache key of :func:`get_library`):
    the folder, the database URL and the model folders the settings read from the environment."""
    env = os.environ
    models = tuple(env.get(k) or None for k in ("DISCOVERY_MODEL", "DISCOVERY_DECODER", "DISCOVERY_TEXT_ENCODER"))
    return env.get("DISCOVERY_HOME") or None, env.get("DISCOVERY_DB_URL") or None, models


def get_library():
    """The shared :class:`discovery.Library` of this server, or ``None`` with a message shown."""
    home, db_url, models = library_key()
    try:
        return _open_library(home, db_url, models)
    except Exception as exc:  # noqa: BLE001 - any failure becomes one inline message
        _show_failure("open the library", exc)
        return None


def require_library():
    """Like :func:`get_library` but stops the page when the library cannot be opened."""
    lib = get_library()
    if lib is None:
        st.stop()
    return lib


def reset_caches() -> None:
    """Forget cached results after the library changed (ingest, index rebuild)."""
    st.cache_data.clear()
    for key in list(st.session_state.keys()):
        if str(key).startswith("cache:"):
            del st.session_state[key]


def _show_failure(what: str, exc: BaseException) -> None:
    """One inline message for a failed call; the traceback goes to the server log only."""
    from discovery.errors import DiscoveryError

    if isinstance(exc, DiscoveryError):
        st.error(str(exc), icon=":material/warning:")
    elif isinstance(exc, (NotImplementedError, ImportError, ModuleNotFoundError)):
        log.info("backend not available for %s: %r", what, exc)
        st.info(
            f"Cannot {what} yet: this part of the platform is not installed in this build "
            f"({type(exc).__name__}: {exc or 'not implemented'}).",
            icon=":material/construction:",
        )
    else:
        log.exception("unexpected error while trying to %s", what)
        st.error(f"Could not {what}: {type(exc).__name__}: {exc}", icon=":material/warning:")


def safe_call(what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """Run ``fn(*args, **kwargs)``; on failure show one message and return ``(False, None)``.

    Parameters
    ----------
    what
        What the call does, in the user's words ("search the library"), used in the message.
    """
    try:
        return True, fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001
        _show_failure(what, exc)
        return False, None


def has_method(lib: Any, name: str) -> bool:
    """Whether the facade exposes ``name`` (backends land at different times)."""
    return lib is not None and callable(getattr(lib, name, None))


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """Read ``name`` from a dataclass or a dict alike (runs, stats and reports come as both)."""
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


# --------------------------------------------------------------------------------------------
# Library statistics
# --------------------------------------------------------------------------------------------
TOTAL_KEYS = ("molecules", "documents", "measurements", "links", "sources")


def totals_of(stats: Mapping[str, Any] | None) -> dict[str, int]:
    """Totals from ``lib.stats()`` whatever its nesting (``{"totals": {...}}`` or flat)."""
    if not stats:
        return {}
    source = stats.get("totals") if isinstance(stats.get("totals"), Mapping) else stats
    out = {}
    for key, value in source.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[str(key)] = int(value)
    return out


def sources_of(stats: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Per-source rows from ``lib.stats()`` (list of dicts or dict name -> counts)."""
    if not stats:
        return []
    sources = stats.get("sources") or stats.get("per_source") or []
    rows: list[dict[str, Any]] = []
    if isinstance(sources, Mapping):
        for name, counts in sources.items():
            row = {"source": name}
            row.update(counts if isinstance(counts, Mapping) else {"count": counts})
            rows.append(row)
    else:
        for item in sources:
            row = dict(item) if isinstance(item, Mapping) else {"source": str(item)}
            counts = row.pop("counts", None)
            if isinstance(counts, Mapping):
                row.update(counts)
            rows.append(row)
    return rows


SOURCE_COLUMNS = ["name", "kind", "rows", "ok", "bad", "molecules", "documents", "links", "measurements", "created_at", "uri"]


def sources_frame(stats: Mapping[str, Any] | None):
    """Per-source counts as a DataFrame with the columns a user reads first."""
    import pandas as pd

    frame = pd.DataFrame(sources_of(stats))
    if frame.empty:
        return frame
    cols = [c for c in SOURCE_COLUMNS if c in frame.columns]
    frame = frame[cols] if cols else frame
    if "created_at" in frame.columns:
        frame["created_at"] = frame["created_at"].astype(str).str.slice(0, 16).str.replace("T", " ")
    return frame.rename(columns={"created_at": "added", "uri": "file"})


def source_names(stats: Mapping[str, Any] | None) -> list[str]:
    names = []
    for row in sources_of(stats):
        name = row.get("name") or row.get("source")
        if name and name not in names:
            names.append(str(name))
    return names


def show_totals(stats: Mapping[str, Any] | None) -> None:
    totals = totals_of(stats)
    shown = [k for k in ("molecules", "documents", "measurements", "sources") if k in totals]
    if not shown:
        return
    cols = st.columns(len(shown))
    labels = {"documents": "Papers & texts", "measurements": "Measurements"}
    for col, key in zip(cols, shown):
        col.metric(labels.get(key, key.capitalize()), f"{totals[key]:,}")


def library_is_empty(stats: Mapping[str, Any] | None) -> bool:
    totals = totals_of(stats)
    return not any(totals.get(k, 0) for k in ("molecules", "documents", "measurements"))


# --------------------------------------------------------------------------------------------
# Depictions and formatting
# --------------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=5000)
def svg_for(smiles: str, width: int = 260, height: int = 190, highlight: str | None = None) -> str | None:
    """An RDKit SVG of ``smiles`` (``None`` when it cannot be drawn)."""
    try:
        from discovery.chem.depict import invalid_svg, mol_to_svg

        svg = mol_to_svg(smiles, width=width, height=height, highlight_smarts=highlight or None)
        # mol_to_svg never raises: an unreadable structure comes back as a placeholder picture.
        return None if svg == invalid_svg(width, height) else svg
    except Exception as exc:  # noqa: BLE001 - a missing picture is not worth an error box
        log.info("no depiction for %s: %r", smiles, exc)
        return None


def svg_img(svg: str | None, alt: str = "structure", width: int | None = None) -> str:
    """An ``<img>`` tag with the SVG inlined as a data URI (safe inside st.markdown)."""
    if not svg:
        return ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    w = f' width="{width}"' if width else ""
    return (
        f'<img class="mol" alt="{html.escape(alt)}"{w} '
        f'src="data:image/svg+xml;base64,{data}" style="max-width:100%;background:white;border-radius:6px"/>'
    )


def show_structure(smiles: str, width: int = 260, height: int = 190, highlight: str | None = None) -> None:
    svg = svg_for(smiles, width, height, highlight)
    if svg is None and highlight:  # a group name instead of SMARTS: draw without highlight
        svg = svg_for(smiles, width, height, None)
    if svg:
        st.markdown(svg_img(svg, alt=smiles), unsafe_allow_html=True)
    else:
        st.caption("(no depiction available)")


def fmt_value(value: Any, key: str | None = None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        fmt = next((f for k, _, _, _, f in PROPERTIES if k == key), None)
        if fmt:
            return fmt.format(value)
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, (tuple, list)):
        return " – ".join(fmt_value(v, key) for v in value)
    return str(value)


def property_line(descriptors: Mapping[str, Any] | None, keys: Iterable[str] = ("mw", "clogp", "tpsa", "hbd", "hba", "qed")) -> str:
    """``MW 180.2 · cLogP 1.31 · …`` for a card."""
    if not descriptors:
        return ""
    parts = [f"{SHORT_LABELS.get(k, k)} {fmt_value(descriptors[k], k)}" for k in keys if descriptors.get(k) is not None]
    return " · ".join(parts)


def molecule_label(record: Any) -> str:
    """The best human name of a molecule record: name, first synonym, formula or SMILES."""
    name = field_of(record, "name")
    if name:
        return str(name)
    synonyms = field_of(record, "synonyms") or []
    if synonyms:
        return str(synonyms[0])
    formula = field_of(record, "formula")
    smiles = field_of(record, "smiles") or ""
    return str(formula or (smiles if len(smiles) <= 40 else smiles[:37] + "…"))


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def pubmed_link(pmid: str | None) -> str:
    return f"[PMID {pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)" if pmid else ""


def doi_link(doi: str | None) -> str:
    return f"[doi:{doi}](https://doi.org/{doi})" if doi else ""


def _mark(text: str, spans: list[tuple[int, int, Mapping[str, Any]]], strong: set) -> str:
    spans = sorted(spans, key=lambda sp: (sp[0], -sp[1]))
    out, pos = [], 0
    for start, end, m in spans:
        if start < pos:
            continue  # overlaps the previous mention
        out.append(html.escape(text[pos:start]))
        ident = m.get("identifier") or ""
        mol_id = m.get("molecule_id")
        colour = "#ffd166" if mol_id is not None and mol_id in strong else "#fff3b0"
        title = html.escape(f"{ident}" + (f" · molecule #{mol_id}" if mol_id is not None else ""))
        out.append(
            f'<mark class="chem" title="{title}" style="background:{colour};padding:0 2px;border-radius:3px">'
            f"{html.escape(text[start:end])}</mark>"
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def highlight_document(title: str | None, text: str, mentions: Iterable[Mapping[str, Any]] | None,
                       strong_ids: Iterable[int] = ()) -> tuple[str, str]:
    """Title and abstract as HTML with the chemical mentions marked.

    Offsets in ``DocumentRecord.mentions`` may count from the start of the abstract or, as in
    PubTator, from the start of ``title + " " + abstract``; each mention's own text tells which.
    Mentions linked to a molecule related to the current hit get a stronger colour.
    """
    title = title or ""
    strong = set(strong_ids)
    shift = len(title) + 1 if title else 0
    full = f"{title} {text}" if title else text
    in_title: list = []
    in_text: list = []
    for m in mentions or []:
        start, end = m.get("start"), m.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or start < 0 or end <= start:
            continue
        word = str(m.get("mention") or m.get("text") or "").lower()
        if end <= len(text) and (not word or text[start:end].lower() == word):
            in_text.append((start, end, m))
        elif title and end <= len(full) and full[start:end].lower() == word:
            if end <= len(title):
                in_title.append((start, end, m))
            elif start >= shift:
                in_text.append((start - shift, end - shift, m))
    return _mark(title, in_title, strong), _mark(text, in_text, strong)


def highlight_mentions(text: str, mentions: Iterable[Mapping[str, Any]] | None, strong_ids: Iterable[int] = ()) -> str:
    """The abstract as HTML with chemical mentions marked (offsets from the abstract's start)."""
    return highlight_document(None, text, mentions, strong_ids)[1]


_STRUCTURE_CHARS = re.compile(r"^[A-Za-z0-9@+\-\[\]()=#$%/\\.:*~]+$")


def looks_structural(text: str) -> bool:
    """Whether a query is written like a SMILES (one token of SMILES characters with bonds,
    branches or ring closures). Used only to warn when the search read it as words."""
    text = (text or "").strip()
    return (len(text) >= 3 and not any(c.isspace() for c in text)
            and bool(_STRUCTURE_CHARS.match(text)) and bool(re.search(r"[()=#\[\]]", text)))


def save_upload(uploaded: Any, folder: Path) -> Path:
    """Write an uploaded file under ``folder`` keeping its name (it becomes the source's name)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(uploaded.name).name or "upload"
    data = uploaded.getvalue()
    target = folder / name
    if target.exists() and target.read_bytes() != data:
        stem, suffix = target.stem, "".join(target.suffixes)
        stem = name[: len(name) - len(suffix)] if suffix else stem
        i = 2
        while (folder / f"{stem}-{i}{suffix}").exists():
            i += 1
        target = folder / f"{stem}-{i}{suffix}"
    target.write_bytes(data)
    return target


def temp_folder(prefix: str = "discovery-app-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def download_buttons(rows: list[dict[str, Any]], stem: str, key: str, sdf: bool = True) -> None:
    """CSV (and SDF for rows with a ``smiles``) download buttons built by :mod:`discovery.export`.

    The files are written only when a button is pressed (deferred data), so showing results
    does not pay for 2D coordinates nobody downloads.
    """
    if not rows:
        return
    ok, export = safe_call("prepare the export", _export_module)
    if not ok:
        return
    cols = st.columns(2)
    cols[0].download_button(
        "Download CSV", lambda: export.to_csv(rows), file_name=f"{stem}.csv", mime="text/csv",
        key=f"{key}-csv", on_click="ignore", icon=":material/download:",
    )
    if sdf and any(r.get("smiles") for r in rows):
        cols[1].download_button(
            "Download SDF", lambda: export.to_sdf(rows), file_name=f"{stem}.sdf", mime="chemical/x-mdl-sdfile",
            key=f"{key}-sdf", on_click="ignore", icon=":material/download:",
        )


def _export_module():
    from discovery import export

    return export


# streamlit-jsme bundles JSME's JavaScript, but when its module runs before the bundled scripts
# have defined JSApplet (a loaded machine) it falls back to fetching JSME from unpkg.com. The app
# must work offline and never call out, so we register the same component with that fallback cut
# out: JSME's own jsmeOnLoad callback still starts the editor once the bundled scripts are ready.
_CDN_FALLBACK = re.compile(
    r"\n\s*// Fallback: if running outside SiS.*?document\.head\.appendChild\(s\);\n\s*\}", re.S
)


@functools.cache
def _offline_jsme_component():
    """The streamlit-jsme component without its CDN fallback; None when the package changed shape."""
    import streamlit_jsme

    js, page = getattr(streamlit_jsme, "_JS", ""), getattr(streamlit_jsme, "_HTML", None)
    offline_js, cut = _CDN_FALLBACK.subn("", js)
    if cut != 1 or page is None or "unpkg.com" in offline_js:
        return None
    return st.components.v2.component("discovery_jsme_offline", html=page, js=offline_js, isolate_styles=False)


def structure_editor(smiles: str = "", key: str = "jsme") -> str | None:
    """A JSME structure editor (``streamlit-jsme``, bundled JS, works offline).

    Returns the SMILES the user applied with the editor's button, ``""`` before that, and
    ``None`` when the component is not installed (the page then simply has no editor).
    """
    try:
        from streamlit_jsme import st_jsme
    except ImportError:
        return None
    try:
        component = _offline_jsme_component()
        if component is None:  # an unknown streamlit-jsme version: use it as shipped
            return st_jsme(smiles or "", height=360, key=key) or ""
        result = component(
            data={"molecule": smiles or "", "height": 360, "format": "SMILES"},
            default={"result": ""},
            key=key,
            on_result_change=lambda: None,
        )
        return (result.result or "") if result else ""
    except Exception as exc:  # noqa: BLE001 - an editor failure must not break the page
        log.info("structure editor unavailable: %r", exc)
        return None


# --------------------------------------------------------------------------------------------
# Navigation between pages
# --------------------------------------------------------------------------------------------
PAGES = {
    "home": "Home.py",
    "search": "pages/1_Search.py",
    "generate": "pages/2_Generate.py",
    "library": "pages/3_Library.py",
    "model": "pages/4_Model.py",
}


def page_links(where: Any = st) -> None:
    """Links to the four work pages (only inside a multipage run; AppTest of one page skips)."""
    try:
        where.page_link(PAGES["search"], label="Search molecules, papers and experiments", icon=":material/search:")
        where.page_link(PAGES["generate"], label="Generate molecules from a goal", icon=":material/experiment:")
        where.page_link(PAGES["library"], label="Add data, rebuild the index", icon=":material/library_books:")
        where.page_link(PAGES["model"], label="Models and benchmarks: how far to trust results", icon=":material/monitoring:")
    except Exception as exc:  # noqa: BLE001 - page_link needs the multipage context
        log.info("page links unavailable: %r", exc)


def go_to(page: str) -> None:
    """Switch page when running multipage; silently stay otherwise (single-page tests)."""
    try:
        st.switch_page(PAGES[page])
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ in {"RerunException", "StopException"}:
            raise
        log.info("cannot switch page: %r", exc)
