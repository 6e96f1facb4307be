"""Distribution of unconditioned decoder samples vs ZINC250k (GuacaMol / MOSES-style metrics).

Samples come from the committed decoder conditioned on either embeddings of random ZINC250k
molecules (``source="library"``: the decoder's natural input distribution) or random unit
vectors (``source="random"``). Metrics:

- validity: share of samples that decode to a non-empty, RDKit-parsable molecule;
- uniqueness: distinct canonical SMILES / valid samples;
- novelty: distinct samples not in ZINC250k / distinct samples;
- internal diversity: 1 - mean pairwise Tanimoto (Morgan r=2, 2048 bits) over up to 2,000 samples;
- FCD (Fréchet ChemNet Distance, ``fcd_torch``) between up to 10,000 distinct samples and as
  many random ZINC250k molecules not used for conditioning (lower is better).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np

from discovery.errors import InputError, ModelError

log = logging.getLogger(__name__)


def internal_diversity(smiles: list[str], max_n: int = 2000, seed: int = 0) -> float:
    """1 - mean pairwise Morgan (r=2, 2048) Tanimoto over up to ``max_n`` molecules."""
    from rdkit import Chem, DataStructs
    from rdkit.Chem import rdFingerprintGenerator

    if len(smiles) < 2:
        return 0.0
    rng = np.random.default_rng(seed)
    pick = [smiles[i] for i in rng.permutation(len(smiles))[:max_n]]
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    fps = [gen.GetFingerprint(m) for m in (Chem.MolFromSmiles(s) for s in pick) if m is not None]
    total, count = 0.0, 0
    for i in range(1, len(fps)):
        sims = DataStructs.BulkTanimotoSimilarity(fps[i], fps[:i])
        total += float(np.sum(sims))
        count += len(sims)
    return 1.0 - total / max(count, 1)


def fcd_score(samples: list[str], reference: list[str]) -> float | None:
    """FCD with fcd_torch's packaged ChemNet, or ``None`` when fcd_torch is not installed."""
    try:
        from fcd_torch import FCD
    except Exception:
        log.warning("fcd_torch not installed: FCD skipped (pip install --no-deps fcd_torch==1.0.7)")
        return None
    return float(FCD(device="cpu", n_jobs=1, batch_size=256)(samples, reference))


def distribution_metrics(samples: list[str | None], reference: set[str], n_requested: int,
                         fcd_reference: list[str] | None = None, seed: int = 0) -> dict:
    """Metrics of a list of sampled canonical SMILES (``None`` = invalid) against ``reference``."""
    valid = [s for s in samples if s]
    unique = list(dict.fromkeys(valid))
    novel = [s for s in unique if s not in reference]
    out = {
        "samples": n_requested,
        "validity": len(valid) / max(n_requested, 1),
        "uniqueness": len(unique) / max(len(valid), 1),
        "novelty": len(novel) / max(len(unique), 1),
        "internal_diversity": internal_diversity(unique, seed=seed),
    }
    if fcd_reference is not None:
        out["fcd"] = fcd_score(unique[:10000], fcd_reference)
    return out


def run_distribution(lib, datasets: Path, n: int = 10000, source: str = "library", temperature: float = 1.0,
                     seed: int = 0, with_fcd: bool = True, decoder=None) -> dict:
    """Sample ``n`` molecules from the decoder and compare them with ZINC250k."""
    import pandas as pd
    from rdkit import Chem

    from discovery.generate.decoder import embed_cached, load_decoder

    if source not in ("library", "random"):
        raise InputError(f"--source must be 'library' or 'random', not {source!r}")
    decoder = decoder or load_decoder(lib.settings.decoder_dir)
    if decoder is None:
        raise ModelError(f"no decoder in {lib.settings.decoder_dir}: run `discovery train decoder`")
    path = Path(datasets) / "zinc250k" / "zinc250k.csv.gz"
    if not path.exists():
        raise InputError(f"{path}: not found (the distribution bench compares with ZINC250k)")
    zinc = pd.read_csv(path, usecols=["smiles"])["smiles"].astype(str).str.strip().tolist()
    started = time.monotonic()
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(zinc))
    cond_smiles = [zinc[i] for i in order[:n]]
    fcd_ref = [zinc[i] for i in order[n:n + min(n, 10000)]] if with_fcd else None
    if source == "library":
        vectors = embed_cached(lib.model, cond_smiles, lib.settings.cache_dir / "decoder", "zinc-cond")
    else:
        vectors = rng.standard_normal((n, decoder.dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    samples: list[str | None] = []
    for i in range(0, n, 500):
        for group in decoder.sample(vectors[i:i + 500], n_per=1, temperature=temperature, seed=seed + i):
            samples.append(group[0] if group else None)
    canon_ref = set()
    for s in zinc:
        m = Chem.MolFromSmiles(s)
        if m is not None:
            canon_ref.add(Chem.MolToSmiles(m))
    report = distribution_metrics(samples, canon_ref, n, fcd_reference=fcd_ref, seed=seed)
    report.update(source=source, temperature=temperature, seed=seed, reference="ZINC250k",
                  seconds=round(time.monotonic() - started, 1),
                  decoder=str(lib.settings.decoder_dir))
    return report
