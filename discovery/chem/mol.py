"""Parsing, standardisation and identity of molecules (RDKit only).

Pipeline for one input SMILES (:func:`prepare`)::

    text --parse--> Mol --standardize--> parent Mol --> canonical SMILES, InChIKey, formula,
                                                        descriptors  ==> PreparedMolecule

Standardisation keeps the largest organic fragment, neutralises it (rdMolStandardize Uncharger)
and keeps stereochemistry. Most molecules are already a single neutral fragment without metals;
they take a fast path that skips every standardisation step (nothing would change), which is
what makes bulk ingest fast. :func:`prepare_many` spreads big batches over a process pool.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdkit import Chem, RDLogger
from rdkit.Chem import rdMolDescriptors as rdmd
from rdkit.Chem.MolStandardize import rdMolStandardize
from rdkit.rdBase import BlockLogs

from discovery.errors import ChemError

from .descriptors import compute_descriptors_many

__all__ = [
    "PreparedMolecule",
    "to_mol",
    "standardize",
    "canonical_smiles",
    "inchikey",
    "formula",
    "prepare",
    "prepare_many",
    "iter_prepared",
    "looks_like_smiles",
]

#: Batches smaller than this are prepared in the calling process (a pool costs ~0.1-0.5 s).
SERIAL_THRESHOLD = 2000
#: Default number of SMILES per task sent to a worker process.
DEFAULT_CHUNKSIZE = 500


@dataclass(frozen=True)
class PreparedMolecule:
    """A standardised molecule ready to store.

    Attributes
    ----------
    smiles : str
        Canonical SMILES of the standardised parent (isomeric, stereo kept).
    inchikey : str
        Standard InChIKey of the parent (the identity key in the store).
    formula : str
        Molecular formula (Hill order) of the parent.
    descriptors : dict
        :func:`discovery.chem.descriptors.compute_descriptors` of the parent.
    input_smiles : str
        The SMILES as given (stripped of surrounding whitespace).
    """

    smiles: str
    inchikey: str
    formula: str
    descriptors: dict[str, Any] = field(default_factory=dict)
    input_smiles: str = ""


# --- parsing ----------------------------------------------------------------------------------
def to_mol(smiles_or_mol: Any) -> Chem.Mol | None:
    """Return an RDKit ``Mol`` for a SMILES string or a ``Mol``; ``None`` when it cannot be parsed.

    Never raises and never prints RDKit warnings. A ``Mol`` is returned as is; an empty string
    or a molecule without atoms gives ``None``.
    """
    if isinstance(smiles_or_mol, Chem.Mol):
        return smiles_or_mol if smiles_or_mol.GetNumAtoms() else None
    if not isinstance(smiles_or_mol, str):
        return None
    text = smiles_or_mol.strip()
    if not text or any(c.isspace() for c in text):
        return None
    try:
        with BlockLogs():
            mol = Chem.MolFromSmiles(text)
    except Exception:  # noqa: BLE001 - RDKit may raise on pathological input
        return None
    if mol is None or mol.GetNumAtoms() == 0:
        return None
    return mol


_WHITESPACE = re.compile(r"\s")
_BRACKET_ATOM = re.compile(r"\[([^\]]*)\]")
_BRACKET_ELEMENT = re.compile(r"^\d*([A-Z][a-z]?|[a-z][a-z]?)")


def _smiles_text_is_simple(text: str) -> bool:
    """True when the SMILES text alone proves one neutral, metal-free fragment.

    Charges and metals can only be written inside brackets and fragments are separated by
    '.', so a SMILES without '.', without charges in brackets and without metal bracket atoms
    needs no standardisation. Cheaper than any check on the parsed molecule.
    """
    if "." in text:
        return False
    if "[" not in text:
        return True
    for content in _BRACKET_ATOM.findall(text):
        if "+" in content or "-" in content:
            return False
        element = _BRACKET_ELEMENT.match(content)
        if element is None or element.group(1).capitalize() in _METAL_SYMBOLS:
            return False
    return True


def _parse_with_reason(text: str) -> tuple[Chem.Mol | None, str]:
    """Parse ``text``; on failure return ``(None, reason)`` with RDKit's own message if any."""
    if not text:
        return None, "empty SMILES"
    if _WHITESPACE.search(text):
        return None, f"unparsable SMILES {text[:200]!r} (contains whitespace)"
    mol = Chem.MolFromSmiles(text)
    if mol is not None:
        if mol.GetNumAtoms() == 0:
            return None, "empty SMILES (no atoms)"
        return mol, ""
    # Slow path, only for failures: find out whether it is syntax or chemistry.
    raw = Chem.MolFromSmiles(text, sanitize=False)
    if raw is None:
        return None, f"unparsable SMILES {text[:200]!r}"
    try:
        Chem.SanitizeMol(raw)
    except Exception as exc:  # noqa: BLE001 - RDKit raises several sanitisation exception types
        message = str(exc).strip() or type(exc).__name__
        return None, f"invalid structure {text[:200]!r}: {message}"
    return None, f"unparsable SMILES {text[:200]!r}"


# --- standardisation ----------------------------------------------------------------------------
# Elements MetalDisconnector acts on (alkali, alkaline earth, transition, post-transition metals).
_METALS = frozenset(
    [3, 4, 11, 12, 13, 19, 20, 37, 38, 55, 56, 87, 88]
    + list(range(21, 31))
    + list(range(39, 49))
    + list(range(57, 81))
    + list(range(89, 113))
    + [31, 49, 50, 81, 82, 83, 84]
)

_PERIODIC_TABLE = Chem.GetPeriodicTable()
_METAL_SYMBOLS = frozenset(_PERIODIC_TABLE.GetElementSymbol(z) for z in _METALS)

_uncharger = None
_fragment_chooser = None
_normalizer = None
_metal_disconnector = None


def _tools():
    # Built lazily (and once per process): construction parses the transform libraries.
    global _uncharger, _fragment_chooser, _normalizer, _metal_disconnector
    if _uncharger is None:
        _uncharger = rdMolStandardize.Uncharger(canonicalOrder=True)
        _fragment_chooser = rdMolStandardize.LargestFragmentChooser(preferOrganic=True)
        _normalizer = rdMolStandardize.Normalizer()
        _metal_disconnector = rdMolStandardize.MetalDisconnector()
    return _uncharger, _fragment_chooser, _normalizer, _metal_disconnector


# Single-atom SMARTS screens, matched in C++ (a Python loop over atoms costs more than the match).
_METAL_QUERY = Chem.MolFromSmarts("[" + ",".join(f"#{z}" for z in sorted(_METALS)) + "]")
# Anything standardisation could change: a charged atom or a metal.
_NOT_SIMPLE = Chem.MolFromSmarts("[!+0," + ",".join(f"#{z}" for z in sorted(_METALS)) + "]")
# Charged atoms that no Normalize transform acts on: protonated sp3 amines ([NH+], [NH3+]),
# O- on carbon (carboxylate, phenolate) and nitro groups. A molecule whose charges are all of
# these needs only the Uncharger; any other charged atom sends it through Normalize.
_NEEDS_NORMALIZE = Chem.MolFromSmarts(
    "[!+0;!$([NX4+;!H0]);!$([OX1-][#6]);!$([NX3+](=O)[O-]);!$([OX1-][NX3+]=O)]"
)
# RDKit's default Normalizer writes sulfoxides charge-separated (S+-O-); SMILES sources,
# ChEMBL and ZINC write S=O, and so does our fast path for neutral molecules (Normalize is
# skipped there). This one transform turns S+-O- back into S=O so both paths agree.
_SULFOXIDE_QUERY = Chem.MolFromSmarts("[#16+1;X3]-[O-1;X1]")
_SULFOXIDE_TRANSFORM = "Sulfoxide to S=O\t[#16+1;X3:1]-[O-1;X1:2]>>[#16+0:1]=[O+0:2]"
_sulfoxide_fixer = None


def _normalize(mol: Chem.Mol) -> Chem.Mol:
    """RDKit default normalisation, then sulfoxides as S=O."""
    global _sulfoxide_fixer
    mol = _tools()[2].normalize(mol)
    if mol.HasSubstructMatch(_SULFOXIDE_QUERY):
        if _sulfoxide_fixer is None:
            _sulfoxide_fixer = rdMolStandardize.NormalizerFromData(
                _SULFOXIDE_TRANSFORM, rdMolStandardize.CleanupParameters()
            )
        mol = _sulfoxide_fixer.normalize(mol)
    return mol


def _is_simple(mol: Chem.Mol) -> bool:
    """Single fragment, no charged atom, no metal: standardisation would change nothing."""
    if mol.HasSubstructMatch(_NOT_SIMPLE):
        return False
    return len(Chem.GetMolFrags(mol)) == 1


def _standardize_full(mol: Chem.Mol) -> Chem.Mol | None:
    """Reference pipeline with every step always applied (used by tests to check shortcuts)."""
    uncharger, chooser, normalizer, disconnector = _tools()
    with BlockLogs():
        work = disconnector.Disconnect(Chem.Mol(mol))
        work = chooser.choose(work)
        work = _normalize(work)
        work = uncharger.uncharge(work)
        smiles = Chem.MolToSmiles(work)
        return Chem.MolFromSmiles(smiles) if smiles else None


def standardize(mol: Any) -> Chem.Mol | None:
    """Standardise a molecule: parent = largest organic fragment, neutralised, stereo kept.

    Steps: disconnect metals, keep the largest organic fragment, normalise charge-separated
    groups, neutralise with the rdMolStandardize Uncharger. Steps that cannot change the
    molecule are skipped (checked with SMARTS screens): a single neutral metal-free fragment
    is returned as is, and a molecule whose only charges are protonated amines, carboxylates or
    nitro groups is only uncharged. The result equals the full pipeline (tested on ZINC250k).
    Sulfoxides are written S=O (RDKit's default Normalizer would make them S+-O-).

    Parameters
    ----------
    mol : rdkit.Chem.Mol or str
        Molecule or SMILES.

    Returns
    -------
    rdkit.Chem.Mol or None
        ``None`` when the input cannot be parsed or nothing is left.
    """
    mol = to_mol(mol)
    if mol is None:
        return None
    if _is_simple(mol):
        return mol
    uncharger, chooser, normalizer, disconnector = _tools()
    try:
        with BlockLogs():
            work = mol
            rebuilt = False  # bonds or fragments changed: re-parse for a clean molecule
            if work.HasSubstructMatch(_METAL_QUERY):
                work = disconnector.Disconnect(work)
                rebuilt = True
            if len(Chem.GetMolFrags(work)) > 1:
                work = chooser.choose(work)
                rebuilt = True
            if work.HasSubstructMatch(_NEEDS_NORMALIZE):
                work = _normalize(work)
                rebuilt = True
            work = uncharger.uncharge(work)
            if rebuilt:
                smiles = Chem.MolToSmiles(work)
                out = Chem.MolFromSmiles(smiles) if smiles else None
            else:
                # Only charges and hydrogen counts changed: refresh valences and re-perceive
                # stereocentres (5x cheaper than a SMILES round trip, same result).
                out = work
                out.UpdatePropertyCache(strict=False)
                Chem.AssignStereochemistry(out, cleanIt=True, force=True, flagPossibleStereoCenters=True)
    except Exception:  # noqa: BLE001 - RDKit standardiser raises on exotic input
        return None
    if out is None or out.GetNumAtoms() == 0:
        return None
    return out


# --- identity -----------------------------------------------------------------------------------
def sanitized(mol: Chem.Mol) -> Chem.Mol | None:
    """An edited molecule (an ``RWMol`` after bonds were added or atoms removed) as a sanitised
    ``Mol``; None when RDKit rejects it (impossible valence, broken aromaticity)."""
    try:
        out = mol.GetMol() if isinstance(mol, Chem.RWMol) else Chem.Mol(mol)
        Chem.SanitizeMol(out)
        return out
    except Exception:  # RDKit raises several types on impossible structures
        return None


def canonical_smiles(mol: Any) -> str | None:
    """Canonical isomeric SMILES of ``mol`` (a ``Mol`` or SMILES), or ``None`` if unparsable.

    No standardisation is applied; use ``canonical_smiles(standardize(x))`` for the parent.
    """
    mol = to_mol(mol)
    return Chem.MolToSmiles(mol) if mol is not None else None


def inchikey(mol: Any) -> str | None:
    """Standard InChIKey of ``mol`` (a ``Mol`` or SMILES), or ``None`` if it cannot be made."""
    mol = to_mol(mol)
    if mol is None:
        return None
    with BlockLogs():
        key = Chem.MolToInchiKey(mol)
    return key or None


def formula(mol: Any) -> str | None:
    """Molecular formula in Hill order (e.g. ``C9H8O4``), or ``None`` if unparsable."""
    mol = to_mol(mol)
    return rdmd.CalcMolFormula(mol) if mol is not None else None


# --- preparation --------------------------------------------------------------------------------
def _chem_error(reason: str, text: str) -> ChemError:
    err = ChemError(reason)
    # Extra attributes for callers that report rows (kept through pickling: Exception.__dict__).
    err.reason = reason
    err.input_smiles = text
    return err


def _parent(text: Any) -> tuple[str, Chem.Mol]:
    """Parse and standardise one input: ``(stripped text, parent)``; raises ChemError."""
    if text is None or not isinstance(text, str):
        raise _chem_error(f"empty SMILES (got {type(text).__name__})", "" if text is None else str(text))
    text = text.strip()
    mol, reason = _parse_with_reason(text)
    if mol is None:
        raise _chem_error(reason, text)
    parent = mol if _smiles_text_is_simple(text) else standardize(mol)
    if parent is None or parent.GetNumAtoms() == 0:
        raise _chem_error(f"no atoms after standardisation of {text[:200]!r}", text)
    return text, parent


def _prepare_batch(texts: Sequence[Any]) -> list[PreparedMolecule | ChemError]:
    """Prepare a batch (logs must be blocked by the caller); errors in place, never raised.

    Each step runs over the whole batch before the next one starts (parse + standardise, then
    canonical SMILES, then InChIKeys, then descriptors column by column): RDKit's parser, SMILES
    writer, the InChI library and each descriptor's code and tables then stay in the CPU caches,
    which makes a batch of a few hundred molecules about a quarter cheaper than preparing them
    one by one. Every molecule gets exactly the values it would get alone.
    """
    out: list[PreparedMolecule | ChemError | None] = [None] * len(texts)
    alive: list[tuple[int, str, Chem.Mol]] = []
    for i, raw in enumerate(texts):
        try:
            text, parent = _parent(raw)
        except ChemError as err:
            out[i] = err
        except Exception as exc:  # noqa: BLE001 - one odd molecule must not stop a batch
            out[i] = _chem_error(f"RDKit failed on {str(raw)[:200]!r}: {exc}", str(raw))
        else:
            alive.append((i, text, parent))

    def fail(i: int, reason: str, text: str) -> None:
        out[i] = _chem_error(reason, text)

    smiles: list[str | None] = []
    for i, text, parent in alive:
        try:
            smiles.append(Chem.MolToSmiles(parent))
        except Exception as exc:  # noqa: BLE001
            fail(i, f"RDKit failed on {text[:200]!r}: {exc}", text)
            smiles.append(None)
    keys: list[str | None] = []
    for (i, text, parent), smi in zip(alive, smiles):
        key = None
        if smi is not None:
            try:
                key = Chem.MolToInchiKey(parent)
            except Exception as exc:  # noqa: BLE001
                fail(i, f"RDKit failed on {text[:200]!r}: {exc}", text)
            else:
                if not key:
                    fail(i, f"InChI could not be generated for {text[:200]!r}", text)
        keys.append(key or None)
    todo = [(row, smi, key) for row, smi, key in zip(alive, smiles, keys) if key is not None]
    described = compute_descriptors_many([row[2] for row, _, _ in todo], [smi for _, smi, _ in todo])
    for ((i, text, parent), smi, key), descriptors in zip(todo, described):
        if isinstance(descriptors, Exception):
            fail(i, f"descriptors failed for {text[:200]!r}: {descriptors}", text)
            continue
        try:
            formula = rdmd.CalcMolFormula(parent)
        except Exception as exc:  # noqa: BLE001
            fail(i, f"RDKit failed on {text[:200]!r}: {exc}", text)
            continue
        out[i] = PreparedMolecule(
            smiles=smi, inchikey=key, formula=formula, descriptors=descriptors, input_smiles=text
        )
    return out  # type: ignore[return-value]


def prepare(smiles: str) -> PreparedMolecule:
    """Parse, standardise and describe one SMILES.

    Parameters
    ----------
    smiles : str
        Input SMILES.

    Returns
    -------
    PreparedMolecule

    Raises
    ------
    discovery.errors.ChemError
        With a reason: ``empty SMILES``, ``unparsable SMILES '...'``, ``invalid structure '...':
        <RDKit sanitisation message>`` or ``no atoms after standardisation``. The exception
        also carries ``.reason`` and ``.input_smiles``.
    """
    with BlockLogs():
        result = _prepare_batch([smiles])[0]
    if isinstance(result, ChemError):
        raise result
    return result


def _prepare_chunk(chunk: Sequence[Any]) -> list[PreparedMolecule | ChemError]:
    with BlockLogs():
        return _prepare_batch(chunk)


def _worker_init() -> None:
    # Workers never need RDKit's stderr chatter.
    RDLogger.DisableLog("rdApp.*")


def _mp_context():
    # fork starts workers in milliseconds (RDKit already imported); elsewhere use the default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def prepare_many(
    smiles_list: Iterable[Any],
    processes: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    progress: bool = False,
) -> list[PreparedMolecule | ChemError]:
    """Prepare many SMILES, in input order, with errors in place.

    Parameters
    ----------
    smiles_list : iterable of str
        Input SMILES.
    processes : int, optional
        Worker processes; default ``os.cpu_count()``. ``1`` (or a batch smaller than
        ``SERIAL_THRESHOLD``) runs in the calling process.
    chunksize : int
        SMILES per worker task.
    progress : bool
        Show a tqdm progress bar.

    Returns
    -------
    list of PreparedMolecule or ChemError
        One entry per input, same order; a ``ChemError`` (not raised) for each bad input.
    """
    items = list(smiles_list)
    if processes is None:
        processes = os.cpu_count() or 1
    chunksize = max(1, int(chunksize))
    chunks = [items[i : i + chunksize] for i in range(0, len(items), chunksize)]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(items), desc="prepare molecules", unit="mol")
    out: list[PreparedMolecule | ChemError] = []
    try:
        if processes <= 1 or len(items) < SERIAL_THRESHOLD:
            for chunk in chunks:
                out.extend(_prepare_chunk(chunk))
                if bar is not None:
                    bar.update(len(chunk))
        else:
            with _mp_context().Pool(processes=min(processes, len(chunks)), initializer=_worker_init) as pool:
                for result in pool.imap(_prepare_chunk, chunks):
                    out.extend(result)
                    if bar is not None:
                        bar.update(len(result))
    finally:
        if bar is not None:
            bar.close()
    return out


def _chunked(items: Iterable[Any], size: int):
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def iter_prepared(
    smiles_iter: Iterable[Any],
    processes: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> Iterator[PreparedMolecule | ChemError]:
    """Streaming :func:`prepare_many`: yields one result per input, in order, with one pool.

    For readers that stream large files: input is consumed lazily (a few chunks ahead), so
    memory stays flat. ``processes=1`` runs in the calling process.
    """
    if processes is None:
        processes = os.cpu_count() or 1
    chunks = _chunked(smiles_iter, max(1, int(chunksize)))
    if processes <= 1:
        for chunk in chunks:
            yield from _prepare_chunk(chunk)
        return
    with _mp_context().Pool(processes=processes, initializer=_worker_init) as pool:
        for result in pool.imap(_prepare_chunk, chunks):
            yield from result


# --- SMILES detection ---------------------------------------------------------------------------
# Characters that occur in SMILES but (almost) never in a single English word.
_SMILES_SYNTAX = re.compile(r"[()=#\[\]@+\-\\/%0-9.]")
# A letters-only SMILES in the organic subset without aromatic atoms (e.g. CCO, CCCCCC, ClCCl).
_LETTERS_ONLY = re.compile(r"^(?:Cl|Br|[BCNOSPFI])+$")
# Upper-case words that happen to be valid SMILES but are acronyms in biomedical text.
_ACRONYMS = frozenset(
    {"SCC", "NSCC", "CFC", "BCC", "CCB", "CCI", "NOS", "CNS", "SNS", "ONS"}
)
_ALLOWED_CHARS = re.compile(r"^[A-Za-z0-9()\[\]=#@+\-\\/%.:*~$&!;,>]+$")


def looks_like_smiles(text: Any) -> bool:
    """Heuristic: is ``text`` a SMILES string rather than words?

    True for ``"CC(=O)Oc1ccccc1C(=O)O"``, ``"c1ccccc1"``, ``"CCO"``; false for free text
    (``"kinase inhibitor"``), single names (``"aspirin"``, ``"water"``) and acronyms that
    happen to parse (``"CNS"``, ``"CO"``). Rules: no whitespace, only SMILES characters, it
    parses with RDKit, and either it uses SMILES syntax (brackets, bonds, ring digits) or it is
    a letters-only organic-subset string with at least three atoms, mostly carbons.
    """
    if not isinstance(text, str):
        return False
    text = text.strip()
    if not text or len(text) > 2000 or any(c.isspace() for c in text):
        return False
    if not _ALLOWED_CHARS.match(text):
        return False
    has_syntax = bool(_SMILES_SYNTAX.search(text))
    if not has_syntax:
        if not _LETTERS_ONLY.match(text) or text in _ACRONYMS:
            return False
    elif text.isdigit() or re.fullmatch(r"[A-Za-z]+-?\d+[A-Za-z]?", text):
        # "123", "IL6", "COX-2", "CYP3A4"-like identifiers, not structures.
        return False
    mol = to_mol(text)
    if mol is None:
        return False
    if has_syntax:
        return True
    n_atoms = mol.GetNumAtoms()
    n_carbons = sum(1 for a in mol.GetAtoms() if a.GetAtomicNum() == 6)
    if "Cl" in text or "Br" in text:
        # Mixed-case element symbols do not occur in acronyms: "ClCCl" is dichloromethane.
        return n_atoms >= 3 and n_carbons >= 1
    return n_atoms >= 3 and n_carbons >= 2 and 2 * n_carbons >= n_atoms
