"""Fingerprints and Tanimoto similarity (RDKit ``rdFingerprintGenerator``; generators cached).

- :func:`morgan_counts` is the dense float32 feature vector used by the molecule encoder
  (Morgan/ECFP counts, count simulation so counts survive folding into ``n_bits``).
- :func:`morgan_fp`, :func:`rdk_fp`, :func:`maccs_fp` return RDKit bit vectors for similarity
  (:func:`tanimoto`, :func:`bulk_tanimoto`), e.g. the edit similarity threshold and the
  MolT5 fingerprint Tanimoto similarities (MACCS / RDK / Morgan FTS).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from rdkit import DataStructs
from rdkit.Chem import MACCSkeys, rdFingerprintGenerator

from .mol import to_mol

__all__ = ["morgan_counts", "morgan_fp", "maccs_fp", "rdk_fp", "tanimoto", "bulk_tanimoto"]


@lru_cache(maxsize=32)
def _morgan_generator(radius: int, n_bits: int, count_simulation: bool = False):
    return rdFingerprintGenerator.GetMorganGenerator(
        radius=radius, fpSize=n_bits, countSimulation=count_simulation
    )


@lru_cache(maxsize=8)
def _rdk_generator(max_path: int, n_bits: int):
    return rdFingerprintGenerator.GetRDKitFPGenerator(maxPath=max_path, fpSize=n_bits)


def _require_mol(smiles_or_mol: Any):
    mol = to_mol(smiles_or_mol)
    if mol is None:
        from discovery.errors import ChemError

        raise ChemError(f"cannot compute a fingerprint: unparsable structure {str(smiles_or_mol)[:200]!r}")
    return mol


def morgan_counts(smiles_or_mol: Any, radius: int = 2, n_bits: int = 2048) -> np.ndarray:
    """Morgan count fingerprint as a dense ``float32`` vector of length ``n_bits``.

    Uses ``countSimulation=True`` (RDKit's count-simulation bit vector: each count is spread
    over up to four bits), so the vector is 0/1 valued but encodes counts; this is the setting
    RDKit recommends for count information in fixed-length vectors.

    Raises
    ------
    discovery.errors.ChemError
        If the input cannot be parsed.
    """
    mol = _require_mol(smiles_or_mol)
    return _morgan_generator(radius, n_bits, True).GetFingerprintAsNumPy(mol).astype(np.float32)


def morgan_fp(smiles_or_mol: Any, radius: int = 2, n_bits: int = 2048):
    """Morgan (ECFP4 for radius 2) bit vector (``ExplicitBitVect``) for Tanimoto similarity."""
    return _morgan_generator(radius, n_bits, False).GetFingerprint(_require_mol(smiles_or_mol))


def rdk_fp(smiles_or_mol: Any, max_path: int = 7, n_bits: int = 2048):
    """RDKit topological (path) fingerprint bit vector, as used for "RDK FTS"."""
    return _rdk_generator(max_path, n_bits).GetFingerprint(_require_mol(smiles_or_mol))


def maccs_fp(smiles_or_mol: Any):
    """MACCS keys (167-bit ``ExplicitBitVect``)."""
    return MACCSkeys.GenMACCSKeys(_require_mol(smiles_or_mol))


def tanimoto(a, b) -> float:
    """Tanimoto similarity of two bit vectors (RDKit ``ExplicitBitVect``)."""
    return float(DataStructs.TanimotoSimilarity(a, b))


def bulk_tanimoto(fp, fps) -> np.ndarray:
    """Tanimoto similarity of ``fp`` to each fingerprint in ``fps`` (``float64`` array)."""
    fps = list(fps)
    if not fps:
        return np.zeros(0, dtype=np.float64)
    return np.asarray(DataStructs.BulkTanimotoSimilarity(fp, fps), dtype=np.float64)
