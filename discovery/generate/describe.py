"""Text -> molecule translation: the structure a written description describes.

A goal such as "The molecule is a dicarboxylic acid dianion derived from ... It is a conjugate
base of ..." (ChEBI's style, and PubChem's "X is a natural product found in ...") describes *one*
molecule rather than asking for a set of designs. Parsing it into constraints loses most of it
(the parser keeps group names and drops "that is tubercidin in which the hydrogen at position 5
... has been replaced by a cyano group"), and optimising a molecule against the text embedding
finds molecules that fit the embedding, not the chemistry. What works, measured on the ChEBI-20
dev split (docs/bench/design.md), is to read the *whole* text with the alignment model and
answer with the structure the evidence agrees on:

1. **Evidence**: the library molecules nearest to the text in the shared space (the molecule
   index), or, in a library without one, decoder samples conditioned on the text vector.
2. **Protonation state**: the library keeps neutral parents, descriptions often name a charged
   species ("dianion", "zwitterion", "conjugate acid"); the nearest parents are expanded into
   their charge forms (:func:`discovery.chem.charges.charge_variants`), each keeps the form the
   model finds closest to the text, and the closest ``k`` of those are the evidence.
3. **Minimum-Bayes-risk pick**: each molecule is weighted by the model's posterior (softmax of
   the text-molecule cosines at the model's trained temperature) and the answers are ranked by
   their expected Morgan (count, radius 2) Tanimoto to that weighted evidence. Fingerprint
   similarity is how a translation is judged (MolT5's metric), and the molecule central to the
   plausible set is closer to the answer on average than the single nearest one.

Before the evidence, the text's own words: a definition often states the molecule's relation to
*named* ones ("It is a conjugate base of (S)-2,4-dihydroxy-3-oxobutanoic acid.", "It is an
enantiomer of (R)-talarozole.", "that is 9H-xanthen-9-one substituted by a chloro group at
position 4", "the formal condensation of the carboxy group of X with the amino group of Y").
When OPSIN reads the names (:mod:`discovery.chem.names`), the relation gives the structure
itself: the mirror image for an enantiomer, the deprotonated or protonated form for a conjugate
base or acid, the other charge form of the same net charge for a tautomer, the systematic name
built from the substituents, the ester / amide / thioester / ether of a condensation
(:mod:`discovery.chem.condense`). Such a reading comes first (``origin="name"``); the evidence
ranks the rest. On the ChEBI-20 dev split 290 of 1,000 texts are answered this way, at Morgan
FTS 0.93 (docs/bench/design.md).

:func:`is_description` decides when ``generate`` takes this route (``mode="auto"``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import numpy as np
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator

from discovery.chem.charges import charge_variants
from discovery.chem.condense import condensation_products, group_kind
from discovery.chem.names import NameParserUnavailable, structures_from_names
from discovery.errors import IndexMismatchError

log = logging.getLogger(__name__)

#: Molecules weighed as evidence (on the ChEBI-20 dev split 10 / 20 / 50 gave 0.486 / 0.487 /
#: 0.489 Morgan FTS over the charged corpus; 20 keeps the pick cheap).
EVIDENCE_K = 20
#: Neutral parents fetched from the index before their charge forms are scored: a charged
#: species' neutral parent sits further from its description than the species itself (first
#: 300 dev descriptions, Morgan FTS: 20 -> 0.477, 100 -> 0.485, 200 -> 0.492; 0.496 when the
#: corpus keeps ChEBI's own charged forms).
PARENTS_FETCHED = 200
#: Decoder samples drawn when the library has no molecule index.
DECODER_SAMPLES = 64

# "This compound is an ...": a description of one structure; "The molecule is ..." (ChEBI's opening,
# also before a name: "The molecule is quinoline substituted by ...") unless it is a short
# statement of a quality ("The molecule is soluble in water.").
_DESCRIBES_ONE = re.compile(r"^\s*(the|this) (molecule|compound|structure|substance|chemical) is (a|an|the)\b", re.I)
_CHEBI_OPENING = re.compile(r"^\s*the molecule is\b", re.I)
# Phrases of ChEBI / PubChem definitions (a name followed by these describes that molecule).
_DEFINITION_CUES = re.compile(
    r"\b(conjugate (acid|base) of|has a role as|derives from|is a member of|is a tautomer of|"
    r"is an enantiomer of|obtained by|resulting from the formal|natural product found in|isolated from)\b",
    re.I,
)


# Windows on measurable properties ("under 350 Da", "MW <= 400", "cLogP below 3") ask for designs,
# however the sentence opens. Not "(1->4)" (a glycosidic link) nor "between 2-(4-chlorophenyl)...".
_DESIGN_WINDOWS = re.compile(
    r"\b(under|below|above|over|at most|at least|less than|more than|fewer than|no more than|between)\s+"
    r"\d+(?:\.\d+)?(?![\d.]*\s*[-(])|(?<![-=])[<>]=?\s*\d|\b(MW|cLogP|logP|TPSA|QED|HBD|HBA)\b",
    re.I,
)


def is_description(text: str) -> bool:
    """True when ``text`` describes one molecule (translate it) rather than asks for designs.

    >>> is_description("The molecule is a monocarboxylic acid anion. It is a conjugate base of lactic acid.")
    True
    >>> is_description("drug-like sulfonamides under 350 Da with at most one H-bond donor")
    False
    >>> is_description("This compound is a kinase inhibitor with MW below 400 and no halogens.")
    False
    """
    text = text or ""
    if _DESIGN_WINDOWS.search(text):
        return False
    if _DESCRIBES_ONE.search(text) or (_CHEBI_OPENING.search(text) and len(text.split()) >= 8):
        return True
    return len(text.split()) >= 12 and bool(_DEFINITION_CUES.search(text)) and bool(re.search(r"\bis an?\b", text))


@dataclass
class Reading:
    """One answer to a description: the structure, how it was found and how well it fits."""

    smiles: str
    expected_similarity: float  # expected Morgan Tanimoto to the posterior-weighted evidence
    cosine: float               # text-molecule cosine in the shared space
    posterior: float            # the model's weight for this molecule among the evidence
    origin: str                 # "name", "library" or "decoder"
    form: str                   # "neutral", "anion", "cation", "zwitterion"; from a name also "enantiomer", "as named"
    library_id: int | None = None  # the library molecule (neutral parent) it was read from
    relation: str | None = None    # origin "name": e.g. "conjugate base of L-lactic acid"


# ----------------------------------------------------------------------- named relations
# "It is a conjugate base of X." / "that is the enantiomer of X" / "It is a tautomer of X and Y".
_RELATION = re.compile(
    r"\b(?:it|that|which) (?:is|has) (?:a |an |the )?(conjugate acid|conjugate base|enantiomer|tautomer)s? of "
    r"(?:a |an |the )?(.+?)(?=\.\s|\.$|;|$)", re.I)
_RELATION_ITEM = re.compile(r"(conjugate acid|conjugate base|enantiomer|tautomer)s? of (?:a |an |the )?(.+)$", re.I)
_LIST_SEPARATOR = re.compile(r",\s+(?:and\s+)?(?:a|an|the)\s+|\s+and\s+(?:a|an|the)\s+")
# a clause after the name: "X, obtained by deprotonation of the carboxy group"
_TRAILING_CLAUSE = re.compile(r",\s+(?:obtained|arising|resulting|formed|derived|which|that|as)\b.*$", re.I)
# ChEBI writes a species' charge after its name, "malate(2-)", or a species word, "L-alanine zwitterion"
_CHARGE_SUFFIX = re.compile(r"\s*\(\d*[+-]\)$")
_SPECIES_WORD = re.compile(
    r"\s+(?:anion|dianion|trianion|tetraanion|cation|dication|zwitterion|betaine|ion)$", re.I)
#: Which relation decides when a text states several: an enantiomer is the exact structure; "is"
#: is a name built from "X substituted by ... at position N" (the molecule itself); a tautomer
#: gives the skeleton but not always the bonds.
RELATION_ORDER = ("enantiomer", "conjugate base", "conjugate acid", "is", "condensation", "tautomer")

# "obtained by formal condensation of the carboxy group of X with the amino group of Y"
_CONDENSATION = re.compile(
    r"condensation of (?:the |one of the |both |each of the |an? )?(?:(?P<ga>[^,;.]{1,40}?) groups? of )?"
    r"(?:a |an |the )?(?P<a>.+?) with (?:the |one of the |both |each of the |an? )?"
    r"(?:(?P<gb>[^,;.]{1,40}?) groups? of )?(?:a |an |the )?(?P<b>.+?)"
    r"(?=\.\s|\.$|;|,\s|\s+to\s+(?:give|form|yield)\b|$)", re.I)

# "that is 9H-xanthen-9-one substituted by a chloro group at position 4, hydroxy groups at positions
# 1 and 3 and a methoxy group at position 8" -> "4-chloro-1,3-dihydroxy-8-methoxy-9H-xanthen-9-one".
_LOCANT = r"(?:\d+[a-z]?'{0,3}(?:alpha|beta)?|N\d*'{0,3}|[A-Z]-\d+'{0,3}|O\d*'{0,3}|S\d*)"
_LOCANTS = rf"{_LOCANT}(?:(?:,\s*|\s+and\s+){_LOCANT})*"
# the parent's name: no clause words; a comma or period only inside the name ("N,N'-diethyl-1,3,5-triazine")
_PARENT = (r"((?:[^,;.\s]|[,.](?=\S)|\s(?!(?:substituted|carrying|bearing|in which|which|that|having|with)\b))+?)")
_SUBSTITUTED = r"\s+(?:which is |that is )?(?:substituted|carrying|bearing)(?: additionally| additional)?(?: (?:by|with))?\s+"
_REPLACED = (r"(?: in which the hydrogens? (?:at|on) (?:positions? )?(" + _LOCANTS + r") (?:has|have) been (?:replaced|substituted)"
             r"| (?:which is |that is )?substituted at (?:positions? )?(" + _LOCANTS + r")) by ")
_UNTIL_SENTENCE_END = r"(.+?)(?=\.\s|\.$|;|$)"
_SUBSTITUTION_HEADS = [  # (pattern, locants given before the substituents)
    (re.compile(r"\b(?:that|which) is (?:an? |the )?" + _PARENT + _SUBSTITUTED + _UNTIL_SENTENCE_END, re.I), False),
    (re.compile(r"^\s*The molecule is (?:an? |the )?" + _PARENT + _SUBSTITUTED + _UNTIL_SENTENCE_END, re.I), False),
    (re.compile(r"\b(?:that|which) is (?:an? |the )?" + _PARENT + _REPLACED + _UNTIL_SENTENCE_END, re.I), True),
    (re.compile(r"^\s*The molecule is (?:an? |the )?" + _PARENT + _REPLACED + _UNTIL_SENTENCE_END, re.I), True),
]
_ARTICLES = r"(?:(?:a|an|one|two|three|four|five|six|additional|further|with)\s+)*"
_ITEM = re.compile(rf"^{_ARTICLES}(.+?)\s+(?:groups?|substituents?|residues?|atoms?)?\s*at\s+(?:positions?\s+)?"
                   rf"({_LOCANTS})(?:\s+respectively)?$", re.I)
_RESPECTIVELY = re.compile(rf"^{_ARTICLES}(\S+) and (\S+) (?:groups|substituents) at positions ({_LOCANTS})$", re.I)
# list items are separated by ", " (a comma inside a name or a locant list has no space after it)
_ITEM_SEPARATOR = re.compile(r",\s+(?:and\s+|as well as\s+)?|\s+and\s+(?=(?:a|an|one|two|three|four|with)\s)|"
                             r"\s+as well as\s+|\s+and\s+with\s+")
_ELEMENT_PREFIX = {"chlorine": "chloro", "bromine": "bromo", "fluorine": "fluoro", "iodine": "iodo"}
_MULTIPLIER = {1: "", 2: "di", 3: "tri", 4: "tetra", 5: "penta", 6: "hexa", 7: "hepta", 8: "octa"}
_MULTIPLIER_COMPLEX = {1: "", 2: "bis", 3: "tris", 4: "tetrakis", 5: "pentakis", 6: "hexakis"}


def _locant_list(text: str) -> list[str]:
    # "C-4" and "N-1" are ring positions 4 and 1
    return [re.sub(r"^[CN]-(?=\d)", "", part.strip()) for part in re.split(r",\s*|\s+and\s+", text) if part.strip()]


def _prefix(substituent: str, locants: list[str]) -> str | None:
    """The substitutive prefix: ("hydroxy", ["1", "3"]) -> "1,3-dihydroxy"; None when not a single word."""
    substituent = _ELEMENT_PREFIX.get(substituent.lower(), substituent)
    stereo = ""
    steroid = re.match(r"^(alpha|beta)-(.+)$", substituent)  # "an alpha-hydroxy group at position 16"
    if steroid:
        stereo, substituent = steroid.groups()
    n = len(locants)
    if not substituent or " " in substituent or n not in _MULTIPLIER:
        return None
    places = ",".join(f"{loc}{stereo}" for loc in locants)
    if re.fullmatch(r"[a-z]+", substituent):
        return f"{places}-{_MULTIPLIER[n]}{substituent}"
    if n > len(_MULTIPLIER_COMPLEX):
        return None
    return f"{places}-{_MULTIPLIER_COMPLEX[n]}({substituent})"


def _without_trailing_aside(words: str) -> str:
    """``words`` without a closing parenthesised aside: "X (the 3R,5S-diastereomer)" -> "X"."""
    return re.sub(r"\s+\([^()]*\)$", "", words)


def _prefixes(items: str, locants: list[str] | None) -> list[str | None]:
    items = re.sub(r"\s+respectively$", "", items.strip())
    if locants is not None:  # "the hydrogen at position 5 has been replaced by a cyano group"
        items = _without_trailing_aside(items)  # "a hydroxy group (the 3R,5S-diastereomer)"
        single = re.match(rf"^{_ARTICLES}(\S+?)(?:\s+(?:groups?|substituents?))?$", items, re.I)
        return [_prefix(single.group(1), locants)] if single else [None]
    pair = _RESPECTIVELY.match(items)  # "methyl and methoxy substituents at positions 2 and 8 respectively"
    if pair and len(_locant_list(pair.group(3))) == 2:
        first, second = _locant_list(pair.group(3))
        return [_prefix(pair.group(1), [first]), _prefix(pair.group(2), [second])]
    out: list[str | None] = []
    for item in _ITEM_SEPARATOR.split(items):
        match = _ITEM.match(item.strip())
        out.append(_prefix(match.group(1).strip(), _locant_list(match.group(2))) if match else None)
    return out


def substituted_names(text: str) -> list[str]:
    """Systematic names built from "<parent> substituted by <groups> at position(s) <n>" phrases.

    Each is tried with and without a hyphen before the parent (OPSIN reads "2-methylpropane" and
    "16alpha-hydroxypregnenolone", not always "16alpha-hydroxy-pregnenolone").

    >>> substituted_names("The molecule is a xanthone that is 9H-xanthen-9-one substituted by hydroxy "
    ...                   "groups at positions 1 and 3 and a methoxy group at position 8.")[0]
    '1,3-dihydroxy-8-methoxy-9H-xanthen-9-one'
    """
    names: list[str] = []
    for pattern, locants_first in _SUBSTITUTION_HEADS:
        for match in pattern.finditer(text or ""):
            parent = _without_trailing_aside(match.group(1).strip())  # "heptadecanoic acid (margaric acid)"
            if locants_first:  # "in which the hydrogen at position 5 ..." or "substituted at position 15 by ..."
                prefixes = _prefixes(match.group(4), _locant_list(match.group(2) or match.group(3)))
            else:
                prefixes = _prefixes(match.group(2), None)
            if prefixes and all(prefixes):
                joined = "-".join(prefixes)
                names += [f"{joined}-{parent}", f"{joined}{parent}"] if parent[:1].isalpha() else [f"{joined}-{parent}"]
    return list(dict.fromkeys(names))


# "a 1,2-diacyl-sn-glycero-3-phosphocholine in which the acyl groups at positions 1 and 2 are specified as
# palmitoyl and oleoyl respectively" -> "1-palmitoyl-2-oleoyl-sn-glycero-3-phosphocholine"
_ACYL_CLASS = re.compile(
    r"\b(?:The molecule is|that is|which is) (?:an? |the )?(?P<cls>\S*acyl\S*)(?: \d+:\d+)? in which the "
    r"[^.;]{0,30}?acyl (?:groups?|substituents?|chains?)(?: at positions? (?P<locs>"
    + _LOCANTS + r"))? (?:is|are) specified as (?P<acyls>.+?)(?:,? respectively)?(?=\.\s|\.$|;|$)", re.I)
_ACYL_PLACEHOLDER = re.compile(r"(?P<locs>(?:\d+|N|O)(?:,(?:\d+|N|O))*-)?(?P<mult>di|tri|tetra)?acyl")


def acylated_names(text: str) -> list[str]:
    """Names built from "<N,M-diacyl class> in which the acyl groups ... are specified as A and B".

    >>> acylated_names("The molecule is an N-acylglycine in which the acyl group is specified as 2-hydroxybenzoyl.")
    ['N-(2-hydroxybenzoyl)glycine']
    """
    names = []
    for match in _ACYL_CLASS.finditer(text or ""):
        cls = match.group("cls")
        slot = _ACYL_PLACEHOLDER.search(cls)
        acyls = [a.strip() for a in re.split(r",\s+(?:and\s+)?|\s+and\s+", match.group("acyls")) if a.strip()]
        if slot is None or not acyls or any(" " in a for a in acyls):
            continue
        locants = _locant_list(slot.group("locs").rstrip("-")) if slot.group("locs") else (
            _locant_list(match.group("locs")) if match.group("locs") else [])
        if not locants and len(acyls) == 1 and not slot.group("mult"):
            locants = [""]  # "an acylglycine ... specified as benzoyl": the parent takes the acyl unlocated
        if len(locants) != len(acyls):
            continue
        parts = [(f"{loc}-" if loc else "") + (a if re.fullmatch(r"[a-z]+", a) else f"({a})")
                 for loc, a in zip(locants, acyls)]
        names.append(cls[: slot.start()] + "-".join(parts) + cls[slot.end():])
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class NamedRelation:
    """A relation the text states to a named molecule: ``relation`` of ``name``."""

    relation: str  # one of RELATION_ORDER
    name: str      # as written, without a charge suffix or species word
    partner: str | None = None  # condensation: the second molecule's name
    groups: tuple[str | None, str | None] = (None, None)  # condensation: the groups that react

    @property
    def label(self) -> str:
        if self.relation == "condensation":
            return f"condensation of {self.name} with {self.partner}"
        return f"{self.relation} of {self.name}"


def _clean_name(name: str) -> str:
    name = _TRAILING_CLAUSE.sub("", name.strip()).strip().rstrip(".").strip()
    for _ in range(2):
        name = _SPECIES_WORD.sub("", _CHARGE_SUFFIX.sub("", name)).strip()
    return name


def named_relations(text: str) -> list[NamedRelation]:
    """Relations ``text`` states to named molecules, most decisive first.

    >>> named_relations("The molecule is a hydroxy monocarboxylic acid anion. It is a conjugate "
    ...                 "base of a (S)-lactic acid, obtained by deprotonation of the carboxy group.")
    [NamedRelation(relation='conjugate base', name='(S)-lactic acid')]
    """
    found: list[NamedRelation] = []
    for match in _RELATION.finditer(text or ""):
        relation = match.group(1).lower()
        for part in _LIST_SEPARATOR.split(match.group(2)):
            # "an enantiomer of X and a tautomer of Y": the list item starts a relation of its own
            again = _RELATION_ITEM.match(part)
            if again:
                relation, part = again.group(1).lower(), again.group(2)
            name = _clean_name(part)
            if name:
                found.append(NamedRelation(relation, name))
    found += [NamedRelation("is", name) for name in substituted_names(text) + acylated_names(text)]
    for match in _CONDENSATION.finditer(text or ""):
        first, second = _clean_name(match.group("a")), _clean_name(match.group("b"))
        if first and second:
            found.append(NamedRelation("condensation", first, second,
                                       (group_kind(match.group("ga")), group_kind(match.group("gb")))))
    found = list(dict.fromkeys(found))
    return sorted(found, key=lambda r: RELATION_ORDER.index(r.relation))


def _net_charge(mol: Chem.Mol) -> int:
    return sum(a.GetFormalCharge() for a in mol.GetAtoms())


def _mirror_image(mol: Chem.Mol) -> Chem.Mol:
    """Every tetrahedral stereocentre inverted (double-bond geometry is not mirrored)."""
    out = Chem.Mol(mol)
    for atom in out.GetAtoms():
        if atom.GetChiralTag() in (Chem.ChiralType.CHI_TETRAHEDRAL_CW, Chem.ChiralType.CHI_TETRAHEDRAL_CCW):
            atom.InvertChirality()
    return out


def _species_word(text: str) -> str | None:
    """The charge species the text's first sentence names, if any."""
    opening = re.split(r"\.\s", text or "", maxsplit=1)[0].lower()
    if "zwitterion" in opening:
        return "zwitterion"
    if re.search(r"\banion\b|\(\d*-\)", opening):
        return "anion"
    if re.search(r"\bcation\b|\(\d*\+\)|\bammonium\b|\biminium\b", opening):
        return "cation"
    return None


def relation_structures(relation: str, smiles: str, text: str) -> list[tuple[str, str]]:
    """``(form, SMILES)`` structures the molecule can be, given it is ``relation`` of ``smiles``.

    - enantiomer: the mirror image (one structure);
    - conjugate base / acid: the charge forms of the named molecule's neutral parent that are
      more negative / more positive than the named species;
    - tautomer: its other charge forms of the same net charge (ChEBI's zwitterion tautomers).

    When the text's first sentence names the species ("... dianion", "... zwitterion") only that
    form is kept; otherwise every allowed form is returned and the caller chooses.
    """
    from rdkit import RDLogger
    from rdkit.Chem.MolStandardize import rdMolStandardize

    RDLogger.DisableLog("rdApp.*")  # the uncharger logs every proton it moves
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return []
    if relation == "enantiomer":
        return [("enantiomer", Chem.MolToSmiles(_mirror_image(mol)))]
    named_charge = _net_charge(mol)
    forms = charge_variants(rdMolStandardize.Uncharger().uncharge(mol))
    if relation == "is":  # the name is the molecule: as named, unless the text names a charged species
        species = _species_word(text)
        return [(species, Chem.MolToSmiles(forms[species]))] if species in forms else [("as named", Chem.MolToSmiles(mol))]
    if relation == "conjugate base":
        allowed = {k: m for k, m in forms.items() if _net_charge(m) < named_charge}
    elif relation == "conjugate acid":
        allowed = {k: m for k, m in forms.items() if _net_charge(m) > named_charge}
    else:  # tautomer: same net charge, another form
        named = Chem.MolToSmiles(mol)
        allowed = {k: m for k, m in forms.items()
                   if _net_charge(m) == named_charge and Chem.MolToSmiles(m) != named}
    allowed = allowed or forms
    species = _species_word(text)
    if species in allowed:
        allowed = {species: allowed[species]}
    return [(k, Chem.MolToSmiles(m)) for k, m in allowed.items()]


def prefetch_names(texts) -> int:
    """Read every name the ``texts`` relate to in one OPSIN run, so that later readings of these
    texts find them cached (one JVM start instead of one per text). Returns the names read."""
    names = list(dict.fromkeys(n for t in texts for r in named_relations(t) for n in (r.name, r.partner) if n))
    try:
        return sum(v is not None for v in structures_from_names(names).values()) if names else 0
    except NameParserUnavailable as exc:
        log.info("names not prefetched: %s", exc)
        return 0


def named_readings(model, text_vector: np.ndarray, text: str, notes: list[str]) -> list[Reading]:
    """Readings from the relations the text states to molecules OPSIN can name (best first)."""
    relations = named_relations(text)
    if not relations:
        return []
    try:
        parsed = structures_from_names([n for r in relations for n in (r.name, r.partner) if n])
    except NameParserUnavailable as exc:
        notes.append(f"names in the text were not read ({exc})")
        return []
    for rel in relations:  # the most decisive relation whose names OPSIN reads
        smiles = parsed.get(rel.name)
        if rel.relation == "condensation":
            options = _condensed(smiles, parsed.get(rel.partner), rel.groups, text)
        else:
            options = relation_structures(rel.relation, smiles, text) if smiles else []
        if not options:
            continue
        cosines = np.asarray(model.encode_molecules([s for _, s in options]), dtype=np.float32) @ text_vector
        form, smi = options[int(np.argmax(cosines))]
        return [Reading(smiles=smi, expected_similarity=float("nan"), cosine=float(np.max(cosines)),
                        posterior=float("nan"), origin="name", form=form, relation=rel.label)]
    return []


def _condensed(first: str | None, second: str | None, groups: tuple[str | None, str | None],
               text: str) -> list[tuple[str, str]]:
    """``(form, SMILES)`` products of a condensation, in the charge form the text names if any."""
    if not first or not second:
        return []
    products = condensation_products(Chem.MolFromSmiles(first), groups[0], Chem.MolFromSmiles(second), groups[1])
    species = _species_word(text)
    out = []
    for smiles in products:
        forms = charge_variants(Chem.MolFromSmiles(smiles)) if species else {}
        out.append((species, Chem.MolToSmiles(forms[species])) if species in forms else ("neutral", smiles))
    return out


def _morgan():
    return rdFingerprintGenerator.GetMorganGenerator(radius=2)


def model_temperature(model) -> float:
    """The alignment model's trained softmax scale (20 for stand-in models without one)."""
    return float(model.temperature) if hasattr(model, "temperature") else 20.0


def _posterior(cosines: np.ndarray, temperature: float) -> np.ndarray:
    w = np.exp(temperature * (cosines - cosines.max()))
    return w / w.sum()


def rank_by_consensus(smiles: list[str], cosines: np.ndarray, temperature: float,
                      fingerprints: list | None = None) -> list[tuple[int, float, float]]:
    """``(index, expected similarity, posterior)`` of each molecule, best first.

    The expected similarity of molecule *i* is sum_j w_j * Tanimoto(i, j) with w the softmax of
    the cosines at ``temperature`` (the minimum-Bayes-risk answer for a similarity metric).
    ``fingerprints``: the molecules' Morgan count fingerprints when the caller has them.
    """
    fps = fingerprints if fingerprints is not None else [_morgan().GetSparseCountFingerprint(Chem.MolFromSmiles(s))
                                                         for s in smiles]
    w = _posterior(np.asarray(cosines, dtype=np.float64), temperature)
    expected = np.array([float(np.dot(DataStructs.BulkTanimotoSimilarity(fp, fps), w)) for fp in fps])
    order = np.argsort(-expected, kind="stable")
    return [(int(i), float(expected[i]), float(w[i])) for i in order]


def _library_evidence(lib, text_vector: np.ndarray, k: int) -> list[tuple[str, int, float]]:
    """The ``k`` library molecules nearest to the text vector: ``(smiles, molecule id, cosine)``."""
    from discovery.index.manager import open_index

    index = open_index(lib, "molecules")
    if index is None or index.count == 0:
        return []
    scores, ids = index.search(text_vector[None, :].astype(np.float32), k)
    hits = [(int(i), float(v)) for i, v in zip(ids[0], scores[0]) if i >= 0]
    records = {r.id: r for r in lib.get_molecules([i for i, _ in hits])}
    return [(records[i].smiles, i, v) for i, v in hits if i in records]


def _decoder_evidence(lib, text_vector: np.ndarray, seed: int) -> list[str]:
    from .api import _load_decoder_cached
    from .decoder import load_decoder

    folder = getattr(getattr(lib, "settings", None), "decoder_dir", None)
    try:
        decoder = _load_decoder_cached(load_decoder, str(folder) if folder else None)
    except Exception as exc:
        log.info("no decoder for text translation: %s", exc)
        return []
    if decoder is None or not decoder.matches(lib.model):
        return []
    groups = decoder.sample(text_vector[None, :], n_per=DECODER_SAMPLES, temperature=0.8, seed=seed)
    out = [s for group in groups for s in group if s and Chem.MolFromSmiles(s) is not None]
    return list(dict.fromkeys(out))


def read_description(lib, text: str, n: int = 10, seed: int = 0, k: int = EVIDENCE_K,
                     parents: int = PARENTS_FETCHED, notes: list[str] | None = None) -> list[Reading]:
    """The ``n`` structures that best answer a description, best first.

    Parameters
    ----------
    lib : discovery.Library
        Its alignment model reads the text; its molecule index (when built) supplies the evidence.
    text : str
        The description, read whole.
    n, seed, k, parents
        Answers returned, decoder seed, molecules weighed as evidence, library parents fetched
        (and expanded into charge forms) to find them.
    notes : list, optional
        Receives a line when the route had to fall back (no index, no decoder).
    """
    notes = notes if notes is not None else []
    model = lib.model
    tv = np.asarray(model.encode_text([text]), dtype=np.float32)[0]
    temperature = model_temperature(model)
    named = named_readings(model, tv, text, notes)

    try:
        evidence = _library_evidence(lib, tv, max(k, parents))
    except IndexMismatchError as exc:  # built by another model: its vectors are not comparable
        notes.append(f"the molecule index was not used ({exc})")
        evidence = []
    origin = "library"
    if not evidence:
        notes.append("the library has no molecule index: the structures come from the decoder alone "
                     "(build one with `discovery index build` for answers grounded in known molecules)")
        evidence = [(s, None, None) for s in _decoder_evidence(lib, tv, seed)]
        origin = "decoder"
    if not evidence:
        if not named:
            notes.append("no molecule index and no decoder: nothing to translate the description into")
        return named[:n]

    # every neutral parent in its charge forms; keep the form the model reads closest to the text.
    # A parent from the index already has its cosine (the search score): only new forms are encoded.
    forms: list[list[tuple[str, str]]] = []
    cosine: dict[str, float] = {}
    for smi, _, score in evidence:
        mol = Chem.MolFromSmiles(smi)
        variants = charge_variants(mol) if mol is not None else {}
        forms.append([(name, Chem.MolToSmiles(m)) for name, m in variants.items()])
        if score is not None and forms[-1]:
            cosine[forms[-1][0][1]] = score  # the "neutral" form, first, is the parent itself
    todo = list(dict.fromkeys(s for fs in forms for _, s in fs if s not in cosine))
    if todo:
        cosine.update(zip(todo, (np.asarray(model.encode_molecules(todo), dtype=np.float32) @ tv).tolist()))
    chosen: list[tuple[str, str, float, int | None]] = []
    for (_, mol_id, _), fs in zip(evidence, forms):
        if fs:
            form, form_smiles = max(fs, key=lambda f: cosine[f[1]])  # first of equals, as argmax
            chosen.append((form_smiles, form, float(cosine[form_smiles]), mol_id))
    chosen.sort(key=lambda c: -c[2])  # stable: ties keep the index order
    seen: dict[str, int] = {}
    for i, (s, *_rest) in enumerate(chosen):
        seen.setdefault(s, i)
    chosen = [chosen[i] for i in seen.values()][:k]

    gen = _morgan()
    fps = [gen.GetSparseCountFingerprint(Chem.MolFromSmiles(c[0])) for c in chosen]
    ranked = rank_by_consensus([c[0] for c in chosen], np.array([c[2] for c in chosen]), temperature, fps)
    # a structure read from a name answers first; its expected similarity to the evidence is shown
    weights = _posterior(np.array([c[2] for c in chosen], dtype=np.float64), temperature)
    out, drawn = [], set()
    for reading in named[:n]:
        fp = gen.GetSparseCountFingerprint(Chem.MolFromSmiles(reading.smiles))
        reading.expected_similarity = float(np.dot(DataStructs.BulkTanimotoSimilarity(fp, fps), weights))
        drawn.add(Chem.MolToSmiles(Chem.MolFromSmiles(reading.smiles), isomericSmiles=False))
        out.append(reading)
    for i, expected, weight in ranked:
        if len(out) >= n:
            break
        smi, form, cos, mol_id = chosen[i]
        # stereoisomers share a fingerprint and so a score: list the first one ranked only
        skeleton = Chem.MolToSmiles(Chem.MolFromSmiles(smi), isomericSmiles=False)
        if skeleton in drawn:
            continue
        drawn.add(skeleton)
        out.append(Reading(smiles=smi, expected_similarity=expected, cosine=cos, posterior=weight,
                           origin=origin, form=form, library_id=mol_id))
    return out
