"""Molecule branch: GINE over categorical atom/bond features, fused with a Morgan-count MLP."""

from __future__ import annotations

import torch
from torch import nn
from torch_geometric.nn import GINEConv, global_add_pool, global_mean_pool

from .featurize import ATOM_VOCAB, BOND_VOCAB, FP_BITS, N_DESC


class CategoricalEmbedding(nn.Module):
    """Sum of one embedding per categorical column."""

    def __init__(self, vocab: tuple[int, ...], dim: int):
        super().__init__()
        self.embs = nn.ModuleList(nn.Embedding(v, dim) for v in vocab)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return sum(emb(x[:, i]) for i, emb in enumerate(self.embs))


class GINEEncoder(nn.Module):
    """GINE message passing; returns [mean-pool ; log-scaled sum-pool] of the last layer (2*hidden)."""

    def __init__(self, hidden: int = 128, layers: int = 3, dropout: float = 0.1):
        super().__init__()
        self.atom = CategoricalEmbedding(ATOM_VOCAB, hidden)
        self.bond = nn.ModuleList(CategoricalEmbedding(BOND_VOCAB, hidden) for _ in range(layers))
        self.convs = nn.ModuleList(
            GINEConv(nn.Sequential(nn.Linear(hidden, hidden), nn.GELU(), nn.Linear(hidden, hidden)), train_eps=True)
            for _ in range(layers))
        self.norms = nn.ModuleList(nn.LayerNorm(hidden) for _ in range(layers))
        self.dropout = nn.Dropout(dropout)
        self.out_dim = 2 * hidden

    def forward(self, x, edge_index, edge_attr, batch, n_graphs: int) -> torch.Tensor:
        h = self.atom(x)
        for conv, bond, norm in zip(self.convs, self.bond, self.norms):
            h = h + self.dropout(torch.nn.functional.gelu(norm(conv(h, edge_index, bond(edge_attr)))))
        mean = global_mean_pool(h, batch, size=n_graphs)
        total = global_add_pool(h, batch, size=n_graphs)
        return torch.cat([mean, torch.sign(total) * torch.log1p(total.abs())], dim=1)


class MoleculeEncoder(nn.Module):
    """Graph (optional) + Morgan counts + descriptor vector -> D (not normalised).

    Parameters
    ----------
    dim: output dimension D.
    use_gnn: False gives the fingerprint-only baseline.
    """

    def __init__(self, dim: int, use_gnn: bool = True, gnn_hidden: int = 128, gnn_layers: int = 3,
                 fp_hidden: int = 1024, hidden: int = 768, dropout: float = 0.1):
        super().__init__()
        self.gnn = GINEEncoder(gnn_hidden, gnn_layers, dropout) if use_gnn else None
        self.fp = nn.Sequential(nn.Linear(FP_BITS, fp_hidden), nn.GELU(), nn.Dropout(dropout),
                                nn.Linear(fp_hidden, hidden // 2), nn.GELU())
        fused = hidden // 2 + N_DESC + (self.gnn.out_dim if self.gnn is not None else 0)
        self.head = nn.Sequential(nn.LayerNorm(fused), nn.Linear(fused, hidden), nn.GELU(), nn.Dropout(dropout),
                                  nn.Linear(hidden, dim))

    def forward(self, fps: torch.Tensor, desc: torch.Tensor, graph: tuple | None = None) -> torch.Tensor:
        parts = [self.fp(torch.log1p(fps.float())), desc]
        if self.gnn is not None:
            x, ei, ea, batch = graph
            parts.append(self.gnn(x, ei, ea, batch, fps.shape[0]))
        return self.head(torch.cat(parts, dim=1))
