"""Molecule featurisation: RDKit mol -> graph arrays / ``torch_geometric.data.Data`` + Morgan counts.

Atom and bond features are small categorical indices (embedded by the GNN), in the spirit of
``torch_geometric.utils.from_smiles`` but clamped instead of raising on unusual atoms (degree 8,
charge +5 ...). Graphs are kept as numpy arrays and collated by offsetting edge indices, which
is several times faster than building one ``Data`` per molecule and calling ``Batch``.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
from rdkit import Chem, RDLogger
from rdkit.Chem import rdFingerprintGenerator, rdMolDescriptors

log = logging.getLogger(__name__)

_CHIRAL = {Chem.ChiralType.CHI_UNSPECIFIED: 0, Chem.ChiralType.CHI_TETRAHEDRAL_CW: 1,
           Chem.ChiralType.CHI_TETRAHEDRAL_CCW: 2}
_HYB = {Chem.HybridizationType.S: 1, Chem.HybridizationType.SP: 2, Chem.HybridizationType.SP2: 3,
        Chem.HybridizationType.SP3: 4, Chem.HybridizationType.SP3D: 5, Chem.HybridizationType.SP3D2: 6}
_BOND = {Chem.BondType.SINGLE: 0, Chem.BondType.DOUBLE: 1, Chem.BondType.TRIPLE: 2, Chem.BondType.AROMATIC: 3}
_STEREO = {Chem.BondStereo.STEREONONE: 0, Chem.BondStereo.STEREOANY: 1, Chem.BondStereo.STEREOZ: 2,
           Chem.BondStereo.STEREOE: 3, Chem.BondStereo.STEREOCIS: 4, Chem.BondStereo.STEREOTRANS: 5}

# Cardinality of each categorical column (the GNN sizes its embeddings from these).
ATOM_VOCAB = (120, 4, 8, 9, 6, 8, 2, 2)   # element, chirality, degree, charge+4, Hs, hybridisation, aromatic, ring
BOND_VOCAB = (5, 6, 2, 2)                 # type, stereo, conjugated, ring
N_DESC = 16
FP_BITS = 2048
FP_RADIUS = 2

_morgan = rdFingerprintGenerator.GetMorganGenerator(radius=FP_RADIUS, fpSize=FP_BITS)


@dataclass
class MolGraph:
    """Arrays of one molecule: ``x`` (n_atoms, 8) int64, ``edge_index`` (2, 2*n_bonds), ``edge_attr`` (2*n_bonds, 4)."""

    x: np.ndarray
    edge_index: np.ndarray
    edge_attr: np.ndarray

    def to_data(self):
        """This graph as a ``torch_geometric.data.Data``."""
        from torch_geometric.data import Data

        return Data(x=torch.from_numpy(self.x), edge_index=torch.from_numpy(self.edge_index),
                    edge_attr=torch.from_numpy(self.edge_attr), num_nodes=len(self.x))


def to_mol(smiles: str) -> Chem.Mol | None:
    """RDKit mol or None (never raises, RDKit's own error log silenced)."""
    if not isinstance(smiles, str) or not smiles.strip():
        return None
    RDLogger.DisableLog("rdApp.*")
    try:
        return Chem.MolFromSmiles(smiles.strip())
    except Exception:  # RDKit raises on some pathological inputs
        return None
    finally:
        RDLogger.EnableLog("rdApp.*")


def mol_graph(mol: Chem.Mol) -> MolGraph:
    """Categorical atom/bond features of ``mol`` (hydrogens implicit)."""
    atoms = mol.GetAtoms()
    x = np.empty((mol.GetNumAtoms(), 8), dtype=np.int64)
    for i, a in enumerate(atoms):
        x[i, 0] = min(a.GetAtomicNum(), 119)
        x[i, 1] = _CHIRAL.get(a.GetChiralTag(), 3)
        x[i, 2] = min(a.GetTotalDegree(), 7)
        x[i, 3] = min(max(a.GetFormalCharge(), -4), 4) + 4
        x[i, 4] = min(a.GetTotalNumHs(), 5)
        x[i, 5] = _HYB.get(a.GetHybridization(), 7)
        x[i, 6] = int(a.GetIsAromatic())
        x[i, 7] = int(a.IsInRing())
    nb = mol.GetNumBonds()
    ei = np.empty((2, 2 * nb), dtype=np.int64)
    ea = np.empty((2 * nb, 4), dtype=np.int64)
    for k, b in enumerate(mol.GetBonds()):
        i, j = b.GetBeginAtomIdx(), b.GetEndAtomIdx()
        feat = (_BOND.get(b.GetBondType(), 4), _STEREO.get(b.GetStereo(), 0), int(b.GetIsConjugated()), int(b.IsInRing()))
        ei[:, 2 * k] = (i, j)
        ei[:, 2 * k + 1] = (j, i)
        ea[2 * k] = feat
        ea[2 * k + 1] = feat
    return MolGraph(x, ei, ea)


def mol_to_data(mol_or_smiles):
    """``torch_geometric.data.Data`` for a mol or SMILES (None when unparsable)."""
    mol = to_mol(mol_or_smiles) if isinstance(mol_or_smiles, str) else mol_or_smiles
    return None if mol is None else mol_graph(mol).to_data()


def morgan_counts(mol: Chem.Mol) -> np.ndarray:
    """Morgan count fingerprint (radius 2, 2048 bits) as uint8 (counts clipped at 255)."""
    return np.minimum(_morgan.GetCountFingerprintAsNumPy(mol), 255).astype(np.uint8)


def descriptor_vector(mol: Chem.Mol) -> np.ndarray:
    """A few size/composition numbers, log-scaled: what captions say in words (small, charged, chlorinated)."""
    counts = {"C": 0, "N": 0, "O": 0, "S": 0, "P": 0, "hal": 0, "other": 0}
    for a in mol.GetAtoms():
        s = a.GetSymbol()
        if s in counts:
            counts[s] += 1
        elif s in ("F", "Cl", "Br", "I"):
            counts["hal"] += 1
        elif s != "H":
            counts["other"] += 1
    charge = sum(a.GetFormalCharge() for a in mol.GetAtoms())
    v = [mol.GetNumHeavyAtoms(), rdMolDescriptors.CalcNumRings(mol), rdMolDescriptors.CalcNumAromaticRings(mol),
         rdMolDescriptors.CalcNumHBD(mol), rdMolDescriptors.CalcNumHBA(mol), rdMolDescriptors.CalcNumRotatableBonds(mol),
         len(Chem.GetMolFrags(mol)) - 1, *counts.values()]
    v = np.log1p(np.asarray(v, dtype=np.float32))
    return np.concatenate([v, np.asarray([max(charge, 0), max(-charge, 0)], dtype=np.float32)]).astype(np.float32)


@dataclass
class Featurized:
    """Features of a list of SMILES; ``valid[i]`` False -> ``graphs[i]`` is None and fp/desc rows are 0."""

    graphs: list
    fps: np.ndarray
    desc: np.ndarray
    valid: np.ndarray
    canonical: list


def _featurize_chunk(smiles: Sequence[str]) -> Featurized:
    graphs, valid, canon = [], [], []
    fps = np.zeros((len(smiles), FP_BITS), dtype=np.uint8)
    desc = np.zeros((len(smiles), N_DESC), dtype=np.float32)
    for i, s in enumerate(smiles):
        mol = to_mol(s)
        if mol is None or mol.GetNumAtoms() == 0:
            graphs.append(None)
            valid.append(False)
            canon.append(None)
            continue
        graphs.append(mol_graph(mol))
        fps[i] = morgan_counts(mol)
        desc[i] = descriptor_vector(mol)
        valid.append(True)
        canon.append(Chem.MolToSmiles(mol))
    return Featurized(graphs, fps, desc, np.asarray(valid, dtype=bool), canon)


def featurize(smiles: Sequence[str], processes: int | None = None, progress: bool = False,
              chunk: int = 2000) -> Featurized:
    """Featurise many SMILES (multiprocessing above a few thousand; order kept).

    Invalid SMILES give ``valid=False`` and a warning naming their index, never an exception.
    """
    smiles = list(smiles)
    chunks = [smiles[i:i + chunk] for i in range(0, len(smiles), chunk)]
    if processes is None:
        import os

        processes = min(2, os.cpu_count() or 1) if len(smiles) > 4000 else 1
    if processes > 1 and len(chunks) > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(processes) as pool:
            it = pool.imap(_featurize_chunk, chunks)
            if progress:
                from tqdm import tqdm

                it = tqdm(it, total=len(chunks), desc="featurise", unit="chunk")
            parts = list(it)
    else:
        it = chunks
        if progress:
            from tqdm import tqdm

            it = tqdm(chunks, desc="featurise", unit="chunk")
        parts = [_featurize_chunk(c) for c in it]
    if not parts:
        return Featurized([], np.zeros((0, FP_BITS), np.uint8), np.zeros((0, N_DESC), np.float32),
                          np.zeros(0, bool), [])
    out = Featurized(sum((p.graphs for p in parts), []), np.concatenate([p.fps for p in parts]),
                     np.concatenate([p.desc for p in parts]), np.concatenate([p.valid for p in parts]),
                     sum((p.canonical for p in parts), []))
    bad = np.flatnonzero(~out.valid)
    if len(bad):
        shown = ", ".join(str(i) for i in bad[:20]) + (" ..." if len(bad) > 20 else "")
        warnings.warn(f"{len(bad)} invalid SMILES (zero vectors) at index {shown}", stacklevel=2)
    return out


def collate(graphs: Sequence[MolGraph]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Concatenate graphs into one batch: (x, edge_index, edge_attr, batch) tensors."""
    sizes = np.fromiter((len(g.x) for g in graphs), dtype=np.int64, count=len(graphs))
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    x = np.concatenate([g.x for g in graphs]) if len(graphs) else np.zeros((0, 8), np.int64)
    ei = np.concatenate([g.edge_index + o for g, o in zip(graphs, offsets)], axis=1) if len(graphs) else np.zeros((2, 0), np.int64)
    ea = np.concatenate([g.edge_attr for g in graphs]) if len(graphs) else np.zeros((0, 4), np.int64)
    batch = np.repeat(np.arange(len(graphs)), sizes)
    return torch.from_numpy(x), torch.from_numpy(ei), torch.from_numpy(ea), torch.from_numpy(batch)
