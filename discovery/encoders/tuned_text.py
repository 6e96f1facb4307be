"""A fine-tuned text tower into the frozen molecule space (LoRA on the top MiniLM layers).

The alignment model's own text branch reads *frozen* MiniLM features. This tower adapts the
transformer itself: low-rank updates (LoRA) on the top ``layers`` BERT layers plus a linear head
onto the model's D-dim space, trained with the molecule encoder locked ("locked-image tuning",
Zhai et al. 2022, with molecules as the locked side; :mod:`discovery.train.tune_text`). Because
the molecule side does not move, molecule vectors and indexes built from them stay valid, and the
tower's text vector can simply be added to the model's own one (a weighted sum of cosines).

Only the LoRA factors and the head are stored in the model folder (``text_tuning.safetensors``,
a few MB); the base layers come from the same packaged encoder the model already names. The BERT
layer is written out here (30 lines) rather than taken from transformers so that training and
inference do not depend on the transformers version's internal layer API; tests/test_text_tuning.py
checks it against ``transformers.AutoModel`` to float precision.

This module imports only torch: the training loop runs it on machines without RDKit.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

TUNING_FILE = "text_tuning.safetensors"
_LINEARS = ("attention.self.query", "attention.self.key", "attention.self.value",
            "attention.output.dense", "intermediate.dense", "output.dense")


class LoRALinear(nn.Module):
    """``x W^T + b + (alpha / rank) * dropout(x) A^T B^T`` with W, b frozen (not saved)."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, rank: int, alpha: float, dropout: float = 0.0):
        super().__init__()
        self.register_buffer("weight", weight.detach().float().clone(), persistent=False)
        self.register_buffer("bias", bias.detach().float().clone(), persistent=False)
        self.rank = rank
        if rank:
            out_dim, in_dim = weight.shape
            # A random, B zero: the tower starts exactly at the base encoder
            self.lora_a = nn.Parameter(torch.randn(rank, in_dim) / math.sqrt(in_dim))
            self.lora_b = nn.Parameter(torch.zeros(out_dim, rank))
            self.scale = alpha / rank
            self.dropout = nn.Dropout(dropout)

    @torch.no_grad()
    def merge(self) -> None:
        """Fold the low-rank update into the frozen weight (inference: one matrix product, not three)."""
        if self.rank:
            self.weight += (self.lora_b @ self.lora_a) * self.scale
            del self.lora_a, self.lora_b
            self.rank = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.linear(x, self.weight, self.bias)
        if self.rank:
            out = out + F.linear(F.linear(self.dropout(x), self.lora_a), self.lora_b) * self.scale
        return out


class BertLayer(nn.Module):
    """One post-LayerNorm BERT encoder layer (as in transformers' BertLayer), optionally with LoRA."""

    def __init__(self, base: dict[str, torch.Tensor], prefix: str, heads: int, eps: float,
                 rank: int = 0, alpha: float = 16.0, dropout: float = 0.0):
        super().__init__()
        self.heads = heads
        self.eps = eps
        # nn.ModuleDict keys cannot contain dots
        self.linears = nn.ModuleDict({
            name.replace(".", "_"): LoRALinear(base[f"{prefix}{name}.weight"], base[f"{prefix}{name}.bias"],
                                               rank, alpha, dropout) for name in _LINEARS})
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            for part in ("weight", "bias"):
                self.register_buffer(f"{ln.replace('.', '_')}_{part}", base[f"{prefix}{ln}.{part}"].float().clone(),
                                     persistent=False)

    def forward(self, h: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        """``h`` (B, T, H); ``keep`` (B, T) bool, False on padding."""
        b, t, hidden = h.shape
        lin = self.linears

        def split(x):
            return x.view(b, t, self.heads, hidden // self.heads).transpose(1, 2)

        q, k, v = (split(lin[n](h)) for n in ("attention_self_query", "attention_self_key", "attention_self_value"))
        attn = F.scaled_dot_product_attention(q, k, v, attn_mask=keep[:, None, None, :])
        attn = attn.transpose(1, 2).reshape(b, t, hidden)
        h = F.layer_norm(lin["attention_output_dense"](attn) + h, (hidden,),
                         self.attention_output_LayerNorm_weight, self.attention_output_LayerNorm_bias, self.eps)
        ff = lin["output_dense"](F.gelu(lin["intermediate_dense"](h)))
        return F.layer_norm(ff + h, (hidden,), self.output_LayerNorm_weight, self.output_LayerNorm_bias, self.eps)


class BertEmbeddings(nn.Module):
    """Word + position + token-type(0) embeddings and LayerNorm, frozen (used by training only)."""

    def __init__(self, base: dict[str, torch.Tensor], eps: float):
        super().__init__()
        for key in ("word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight",
                    "LayerNorm.weight", "LayerNorm.bias"):
            self.register_buffer(key.replace(".", "_"), base[f"embeddings.{key}"].float().clone(), persistent=False)
        self.eps = eps

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(ids.shape[1], device=ids.device)
        h = (F.embedding(ids, self.word_embeddings_weight) + self.position_embeddings_weight[pos]
             + self.token_type_embeddings_weight[0])
        return F.layer_norm(h, (h.shape[-1],), self.LayerNorm_weight, self.LayerNorm_bias, self.eps)


class FrozenLower(nn.Module):
    """Embeddings + the bottom ``n_layers - tuned`` layers, no gradients (training on bare tensors)."""

    def __init__(self, base: dict[str, torch.Tensor], bert_config: dict, tuned: int):
        super().__init__()
        n, eps, heads = bert_config["num_hidden_layers"], bert_config["layer_norm_eps"], bert_config["num_attention_heads"]
        self.embeddings = BertEmbeddings(base, eps)
        self.layers = nn.ModuleList(BertLayer(base, f"encoder.layer.{i}.", heads, eps) for i in range(n - tuned))

    @torch.no_grad()
    def forward(self, ids: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        h = self.embeddings(ids)
        for layer in self.layers:
            h = layer(h, keep)
        return h


class TunedTextTower(nn.Module):
    """Top ``layers`` BERT layers with LoRA, mean pooling and a linear head -> unit vectors.

    Parameters
    ----------
    base:
        The base encoder's state dict (``encoder.layer.{i}...`` keys, as in the packaged
        all-MiniLM-L6-v2 safetensors); only the top layers are read.
    bert_config:
        The base encoder's ``config.json`` as a dict.
    layers, rank, alpha:
        How many top layers get LoRA, their rank and scaling.
    out_dim:
        Dimension of the head's output (the model's D at inference).
    """

    def __init__(self, base: dict[str, torch.Tensor], bert_config: dict, layers: int, rank: int, alpha: float,
                 out_dim: int, dropout: float = 0.1):
        super().__init__()
        n, eps, heads = bert_config["num_hidden_layers"], bert_config["layer_norm_eps"], bert_config["num_attention_heads"]
        if not 1 <= layers <= n:
            raise ValueError(f"layers must be between 1 and {n}, got {layers}")
        self.n_tuned = layers
        self.first = n - layers  # index into transformers' hidden_states: the input of the first tuned layer
        self.layers = nn.ModuleList(BertLayer(base, f"encoder.layer.{i}.", heads, eps, rank, alpha, dropout)
                                    for i in range(self.first, n))
        self.head = nn.Linear(bert_config["hidden_size"], out_dim)

    def forward(self, hidden: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        """``hidden``: (B, T, H) states entering the first tuned layer; ``keep``: (B, T) bool."""
        h = hidden
        for layer in self.layers:
            h = layer(h, keep)
        mask = keep.unsqueeze(-1).to(h.dtype)
        pooled = (h * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return F.normalize(self.head(pooled), dim=-1)

    def merged(self) -> "TunedTextTower":
        """This tower for inference: LoRA folded into the layer weights (same outputs, faster; no
        longer trainable or savable as LoRA factors)."""
        for layer in self.layers:
            for lin in layer.linears.values():
                lin.merge()
        return self.eval()
