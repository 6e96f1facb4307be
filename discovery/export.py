"""Write result rows as CSV or SDF (search hits, generated candidates).

Rows are plain mappings, e.g. ``{"rank": 1, "name": "aspirin", "smiles": "...", "mw": 180.2}``.
SDF records carry every scalar column as a data field, so a chemist can open the file in any
viewer and still see the scores and properties.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from rdkit import Chem, rdBase
from rdkit.Chem import rdDepictor


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) and not (isinstance(value, float) and math.isnan(value))


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV text; lists and dicts become ``;``-joined or ``key=value`` strings.

    Parameters
    ----------
    rows
        Mappings with the same or overlapping keys; the column order follows first appearance.
    """
    flat = []
    for row in rows:
        out = {}
        for key, value in row.items():
            if isinstance(value, Mapping):
                value = "; ".join(f"{k}={v}" for k, v in value.items())
            elif isinstance(value, (list, tuple, set)):
                value = "; ".join(str(v) for v in value)
            out[key] = value
        flat.append(out)
    return pd.DataFrame(flat).to_csv(index=False)


def to_sdf(rows: Iterable[Mapping[str, Any]], smiles_key: str = "smiles", name_key: str = "name") -> str:
    """Rows with a SMILES as SDF text (2D coordinates, scalar columns as data fields).

    Rows whose SMILES RDKit cannot read are skipped; a row without a name gets its SMILES
    as the title line.
    """
    buffer = io.StringIO()
    writer = Chem.SDWriter(buffer)
    for row in rows:
        smiles = row.get(smiles_key)
        with rdBase.BlockLogs():  # a bad row is skipped, not shouted on stderr
            mol = Chem.MolFromSmiles(smiles) if smiles else None
        if mol is None:
            continue
        rdDepictor.Compute2DCoords(mol)
        name = row.get(name_key)
        mol.SetProp("_Name", str(name) if name else str(smiles))
        for key, value in row.items():
            if key in (smiles_key,) or value is None:
                continue
            if isinstance(value, (list, tuple)):
                value = "; ".join(str(v) for v in value)
            if not _scalar(value):
                continue
            mol.SetProp(str(key), f"{value:g}" if isinstance(value, float) else str(value))
        mol.SetProp(smiles_key, str(smiles))
        writer.write(mol)
    writer.close()
    return buffer.getvalue()
