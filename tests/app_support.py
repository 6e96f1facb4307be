"""Test support for the app tests (AppTest and browser): a small real library from fixture files.

The library is built through the :class:`discovery.Library` facade from files written here:
molecules with names (CSV), abstracts with chemical mentions (PubTator, real offsets) and a
solubility table (CSV). Search and generation run on the committed alignment model when it is
there, else on a tiny untrained real one (see :func:`model_for_tests`).
"""

from __future__ import annotations

import os
from pathlib import Path

from discovery.config import MODELS_DIR

APP_DIR = Path(__file__).resolve().parent.parent / "app"

MOLECULES = [
    ("CC(=O)Oc1ccccc1C(=O)O", "aspirin"),
    ("CC(C)Cc1ccc(cc1)C(C)C(=O)O", "ibuprofen"),
    ("Cn1cnc2c1c(=O)n(C)c(=O)n2C", "caffeine"),
    ("CC(=O)Nc1ccc(O)cc1", "paracetamol"),
    ("Cc1cc(NS(=O)(=O)c2ccc(N)cc2)no1", "sulfamethoxazole"),
    ("NS(=O)(=O)c1cc2c(cc1Cl)NCNS2(=O)=O", "hydrochlorothiazide"),
    ("Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1", "celecoxib"),
    ("COc1ccc2cc(ccc2c1)C(C)C(=O)O", "naproxen"),
    ("OC(=O)c1ccccc1O", "salicylic acid"),
    ("Oc1ccccc1", "phenol"),
    ("Cc1ccccc1", "toluene"),
    ("OCC1OC(O)C(O)C(O)C1O", "glucose"),
    ("CN1CCC[C@H]1c1cccnc1", "nicotine"),
    ("CCCCCCCCCCCCCCCC(=O)O", "palmitic acid"),
]

# (pmid, year, title, abstract, [(mention, MeSH id)])
PAPERS = [
    ("1001", 1998, "Aspirin and gastric bleeding.",
     "Low dose aspirin increased gastric bleeding in elderly patients; salicylic acid levels were measured.",
     [("Aspirin", "D001241"), ("aspirin", "D001241"), ("salicylic acid", "D020156")]),
    ("1002", 2005, "Ibuprofen in fever.",
     "Ibuprofen reduced fever faster than paracetamol in children with viral infections.",
     [("Ibuprofen", "D007052"), ("paracetamol", "D000082")]),
    ("1003", 2012, "Caffeine and sleep.",
     "Caffeine intake late in the day shortened sleep in healthy adults.",
     [("Caffeine", "D002110")]),
    ("1004", 2019, "Sulfonamide antibiotics and hypersensitivity.",
     "Sulfamethoxazole hypersensitivity reactions were reviewed; reactive metabolites were implicated.",
     [("Sulfamethoxazole", "D013420")]),
    ("1005", 2021, "Diuretics and potassium.",
     "Hydrochlorothiazide lowered serum potassium in hypertensive patients.",
     [("Hydrochlorothiazide", "D006852")]),
    ("1006", 2023, "Selective COX-2 inhibition spares the stomach.",
     "Celecoxib spared the gastric mucosa compared with naproxen in patients with arthritis.",
     [("Celecoxib", "D000068579"), ("naproxen", "D009288")]),
]

# aqueous solubility, log(mol/L) (ESOL-like values)
SOLUBILITY = [
    ("CC(=O)Oc1ccccc1C(=O)O", -1.72),
    ("CC(C)Cc1ccc(cc1)C(C)C(=O)O", -3.99),
    ("Cn1cnc2c1c(=O)n(C)c(=O)n2C", -0.87),
    ("CC(=O)Nc1ccc(O)cc1", -1.03),
    ("Oc1ccccc1", 0.0),
    ("Cc1ccccc1", -2.21),
    ("OCC1OC(O)C(O)C(O)C1O", 0.74),
    ("CCCCCCCCCCCCCCCC(=O)O", -6.8),
]


def pubtator_text() -> str:
    """The PAPERS as PubTator (title|t, abstract|a, tab-separated mentions with offsets)."""
    blocks = []
    for pmid, year, title, abstract, mentions in PAPERS:
        full = f"{title} {abstract}"
        lines = [f"{pmid}|t|{title}", f"{pmid}|a|{abstract}"]
        pos = 0
        for mention, mesh in mentions:
            start = full.index(mention, pos)
            end = start + len(mention)
            lines.append(f"{pmid}\t{start}\t{end}\t{mention}\tChemical\t{mesh}")
            pos = end
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def write_fixture_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    mols = folder / "molecules.csv"
    mols.write_text("smiles,name\n" + "".join(f"{s},{n}\n" for s, n in MOLECULES))
    papers = folder / "papers.pubtator"
    papers.write_text(pubtator_text())
    table = folder / "solubility.csv"
    table.write_text("smiles,logS\n" + "".join(f"{s},{v}\n" for s, v in SOLUBILITY))
    bad = folder / "with_bad_rows.csv"
    bad.write_text("smiles,name\nCCO,ethanol\nnot_a_smiles,broken\nCCN,ethylamine\n")
    return {"molecules": mols, "papers": papers, "table": table, "bad": bad}


def committed_model() -> Path | None:
    """The alignment model the app would use (DISCOVERY_MODEL or data/models/align), if present."""
    folder = Path(os.environ.get("DISCOVERY_MODEL") or MODELS_DIR / "align")
    return folder if (folder / "config.json").is_file() else None


def model_for_tests(folder: Path) -> Path:
    """The committed alignment model, or else a tiny untrained real one saved under ``folder``.

    The app tests check the app, not the ranking quality: an untrained model still exercises
    every real component (graph encoder, MiniLM text branch, FAISS, fusion), and the search
    pins a molecule named in the query first whatever the model.
    """
    committed = committed_model()
    if committed is not None:
        return committed
    import torch

    from discovery.encoders.model import AlignmentModel

    torch.manual_seed(0)
    model = AlignmentModel({"dim": 32, "gnn_hidden": 16, "gnn_layers": 2, "fp_hidden": 64,
                            "mol_hidden": 64, "text_hidden": 64}).eval()
    model.save(folder, card="# tiny untrained model for the app tests\n")
    return folder


def build_library(home: Path, files: dict[str, Path]):
    """A small library through the facade, with its index built."""
    from discovery.library import Library

    lib = Library.open(home)
    lib.ingest_molecules(files["molecules"], smiles_column="smiles", name_column="name")
    lib.ingest_papers(files["papers"])
    lib.ingest_table(files["table"], smiles_column="smiles", value_columns=["logS"],
                     property="aqueous solubility", unit="log(mol/L)", assay="fixture")
    lib.build_index()
    return lib
