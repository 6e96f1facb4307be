"""Experiment-row branch: property/assay/unit text + value features + the molecule's embedding -> D."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

N_VALUE = 6


def row_text(row: dict) -> str:
    """The words of a measurement row that go through the text branch (no value: values are numeric features)."""
    prop = str(row.get("property") or "").strip()
    unit = str(row.get("unit") or "").strip()
    assay = str(row.get("assay") or "").strip()
    desc = str(row.get("description") or "").strip()
    text = prop + (f" ({unit})" if unit else "")
    if assay:
        text += f"; assay: {assay}"
    if desc:
        text += f"; {desc}"
    return text or "measurement"


def _num(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def value_features(rows: list[dict]) -> np.ndarray:
    """(n, 6): z (clipped), has_z, quantile-0.5, has_quantile, sign(value), signed log1p|value|/5."""
    out = np.zeros((len(rows), N_VALUE), dtype=np.float32)
    for i, r in enumerate(rows):
        z, q, v = _num(r.get("z")), _num(r.get("quantile")), _num(r.get("value"))
        if z is not None:
            out[i, 0], out[i, 1] = max(-4.0, min(4.0, z)), 1.0
        if q is not None:
            out[i, 2], out[i, 3] = max(0.0, min(1.0, q)) - 0.5, 1.0
        if v is not None:
            out[i, 4] = float(np.sign(v))
            out[i, 5] = float(np.sign(v) * math.log1p(abs(v)) / 5.0)
    return out


class MeasurementHead(nn.Module):
    """[property text (D) ; molecule (D) ; value features] -> D (not normalised).

    The value features are also multiplied into the text part, so "high" vs "low" values of the
    same property land on different sides of the property's direction.
    """

    def __init__(self, dim: int, hidden: int = 512, dropout: float = 0.1):
        super().__init__()
        self.value = nn.Sequential(nn.Linear(N_VALUE, 64), nn.GELU(), nn.Linear(64, 64))
        self.mlp = nn.Sequential(nn.Linear(2 * dim + 64, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, dim))

    def forward(self, text: torch.Tensor, mol: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
        return self.mlp(torch.cat([text, mol, self.value(values)], dim=1))
