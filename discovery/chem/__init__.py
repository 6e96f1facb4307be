"""Chemistry layer (RDKit only): parsing, standardisation, descriptors, fingerprints, SMARTS
groups and depiction. See docs/architecture.md, section "Chemistry layer"."""

from .descriptors import DESCRIPTOR_LABELS, DESCRIPTORS, compute_descriptors
from .depict import mol_to_svg
from .fingerprints import bulk_tanimoto, maccs_fp, morgan_counts, morgan_fp, rdk_fp, tanimoto
from .groups import (
    GROUPS,
    FunctionalGroup,
    compile_smarts,
    count_matches,
    find_group_mentions,
    find_groups,
    has_substructure,
    lookup_group,
)
from .mol import (
    PreparedMolecule,
    canonical_smiles,
    formula,
    inchikey,
    iter_prepared,
    looks_like_smiles,
    prepare,
    prepare_many,
    standardize,
    to_mol,
)

__all__ = [
    "DESCRIPTORS",
    "DESCRIPTOR_LABELS",
    "compute_descriptors",
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
    "morgan_counts",
    "morgan_fp",
    "maccs_fp",
    "rdk_fp",
    "tanimoto",
    "bulk_tanimoto",
    "FunctionalGroup",
    "GROUPS",
    "lookup_group",
    "find_groups",
    "find_group_mentions",
    "has_substructure",
    "count_matches",
    "compile_smarts",
    "mol_to_svg",
]
