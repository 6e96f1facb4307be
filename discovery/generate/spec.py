"""The generation contract: what a goal means, how a candidate is checked and what a run returns.

Every class is a plain dataclass with ``to_dict`` / ``from_dict`` so that a spec can be shown
and edited as a table (app), printed as JSON (CLI) and stored in the database (runs).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Human labels of the descriptors (``discovery.chem.descriptors.DESCRIPTORS``).
PROPERTY_LABELS = {
    "mw": "MW",
    "clogp": "cLogP",
    "tpsa": "TPSA",
    "hbd": "HBD",
    "hba": "HBA",
    "rotatable_bonds": "rotatable bonds",
    "rings": "rings",
    "aromatic_rings": "aromatic rings",
    "heavy_atoms": "heavy atoms",
    "formal_charge": "formal charge",
    "qed": "QED",
    "sa_score": "SA score",
    "stereocentres": "stereocentres",
    "fraction_csp3": "Fsp3",
}

KINDS = ("property", "group_present", "group_absent", "group_count", "group_attached", "group_linked",
         "similarity", "semantic")
OPS = ("<=", ">=", "between", "present", "absent", "similar", "increase", "decrease")


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:g}"
    return str(x)


def bounds(op: str, value) -> tuple[float, float]:
    """(low, high) of a ``<=`` / ``>=`` / ``between`` window; unbounded for any other operator."""
    if op == "<=":
        return float("-inf"), float(value)
    if op == ">=":
        return float(value), float("inf")
    if op == "between":
        return float(value[0]), float(value[1])
    return float("-inf"), float("inf")


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return float(value)
    return value


@dataclass
class Constraint:
    """One understood part of a goal.

    Attributes
    ----------
    kind : str
        ``property`` | ``group_present`` | ``group_absent`` | ``group_count`` | ``group_attached`` |
        ``group_linked`` | ``similarity`` | ``semantic``.
    name : str
        Descriptor key (``mw``), group name (``sulfonamide``) or reference name (``ibuprofen``).
    op : str
        ``<=``, ``>=``, ``between``, ``present``, ``absent``, ``similar``, ``increase``, ``decrease``.
    value : float | tuple | str | None
        Bound, ``(lo, hi)`` window (also of a ``group_count``: how many times the named group occurs),
        SMARTS, two SMARTS for ``group_attached`` (the first group bonded to the second, named
        "trifluoromethyl on pyridine") and optionally how they sit instead (``geminal``: on one atom,
        ``vicinal``: on bonded atoms, ``ortho`` / ``meta`` / ``para`` on one aromatic ring), ``(SMARTS, "aromatic" | "any")`` for ``group_linked`` (the group
        joins two separate rings), ``(reference SMILES, min Tanimoto)`` for similarity, the
        minimal change for ``increase``/``decrease``, the text for ``semantic``.
    hard : bool
        Hard constraints must hold (they filter candidates); soft ones only add to the score.
    text : str
        The words of the goal that produced it.
    """

    kind: str
    name: str
    op: str
    value: float | tuple | str | None = None
    hard: bool = True
    text: str = ""

    def describe(self) -> str:
        """A short human description, e.g. ``MW <= 350`` or ``no halogen``."""
        label = PROPERTY_LABELS.get(self.name, self.name)
        if self.kind == "property":
            if self.op == "between":
                lo, hi = self.value
                if lo == hi:
                    return f"{label} = {_fmt(lo)}"
                return f"{_fmt(lo)} <= {label} <= {_fmt(hi)}"
            if self.op in ("increase", "decrease"):
                arrow = "+" if self.op == "increase" else "-"
                return f"{label} {self.op}s ({arrow}{_fmt(self.value)} vs reference)" if self.value else f"{label} {self.op}s"
            return f"{label} {self.op} {_fmt(self.value)}"
        if self.kind == "group_count":
            label = f"{self.name} count"
            if self.op == "between":
                lo, hi = self.value
                return f"{label} = {_fmt(lo)}" if lo == hi else f"{_fmt(lo)} <= {label} <= {_fmt(hi)}"
            return f"{label} {self.op} {_fmt(self.value)}"
        if self.kind in ("group_present", "group_attached", "group_linked"):
            return f"has {self.name}"
        if self.kind == "group_absent":
            return f"no {self.name}"
        if self.kind == "similarity":
            ref, thr = self.value if isinstance(self.value, (list, tuple)) else (self.value, 0.4)
            return f"Tanimoto to {self.name} >= {_fmt(float(thr))}"
        if self.kind == "semantic":
            return f"semantic: {self.value}"
        return f"{self.kind} {self.name} {self.op} {self.value}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["value"] = _jsonable(self.value)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Constraint":
        value = d.get("value")
        if isinstance(value, list):
            value = tuple(value)
        return cls(
            kind=str(d["kind"]),
            name=str(d["name"]),
            op=str(d["op"]),
            value=value,
            hard=bool(d.get("hard", True)),
            text=str(d.get("text", "")),
        )


@dataclass
class GoalSpec:
    """A parsed goal: explicit constraints, what was not understood, the semantic remainder.

    ``reference`` is the SMILES that ``increase``/``decrease`` constraints are relative to (the
    input of an edit, or the molecule of "analogues of X"), ``None`` when there is none.
    """

    text: str
    constraints: list[Constraint] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    semantic_text: str = ""
    reference: str | None = None

    @property
    def hard(self) -> list[Constraint]:
        return [c for c in self.constraints if c.hard and c.kind != "semantic"]

    @property
    def soft(self) -> list[Constraint]:
        return [c for c in self.constraints if not c.hard or c.kind == "semantic"]

    def describe(self) -> list[str]:
        return [c.describe() + ("" if c.hard else " (soft)") for c in self.constraints]

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "constraints": [c.to_dict() for c in self.constraints],
            "not_understood": list(self.not_understood),
            "semantic_text": self.semantic_text,
            "reference": self.reference,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "GoalSpec":
        return cls(
            text=str(d.get("text", "")),
            constraints=[Constraint.from_dict(c) for c in d.get("constraints", [])],
            not_understood=list(d.get("not_understood", [])),
            semantic_text=str(d.get("semantic_text", "")),
            reference=d.get("reference"),
        )


@dataclass
class ConstraintCheck:
    """Whether one constraint holds for a candidate, with the measured value."""

    constraint: str
    value: float | str | None
    passed: bool

    def to_dict(self) -> dict:
        return {"constraint": self.constraint, "value": self.value, "passed": bool(self.passed)}

    @classmethod
    def from_dict(cls, d: dict) -> "ConstraintCheck":
        return cls(constraint=d["constraint"], value=d.get("value"), passed=bool(d["passed"]))


@dataclass
class Candidate:
    """A proposed molecule with its checklist, properties, scores, novelty and neighbours."""

    smiles: str
    properties: dict[str, float] = field(default_factory=dict)
    checks: list[ConstraintCheck] = field(default_factory=list)
    score: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    novel: bool = True
    library_id: int | None = None
    nearest: list[dict] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every hard constraint holds."""
        return all(c.passed for c in self.checks)

    def to_dict(self) -> dict:
        return {
            "smiles": self.smiles,
            "properties": {k: (float(v) if v is not None else None) for k, v in self.properties.items()},
            "checks": [c.to_dict() for c in self.checks],
            "passed": self.passed,
            "score": float(self.score),
            "scores": {k: float(v) for k, v in self.scores.items()},
            "novel": bool(self.novel),
            "library_id": self.library_id,
            "nearest": list(self.nearest),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Candidate":
        return cls(
            smiles=d["smiles"],
            properties=dict(d.get("properties", {})),
            checks=[ConstraintCheck.from_dict(c) for c in d.get("checks", [])],
            score=float(d.get("score", 0.0)),
            scores=dict(d.get("scores", {})),
            novel=bool(d.get("novel", True)),
            library_id=d.get("library_id"),
            nearest=list(d.get("nearest", [])),
        )


@dataclass
class GenerationResult:
    """What ``generate`` / ``edit`` return (and what a saved run reopens to)."""

    run_id: int | None
    goal: str
    spec: GoalSpec
    candidates: list[Candidate] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0
    mode: str = "generate"
    params: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "mode": self.mode,
            "goal": self.goal,
            "spec": self.spec.to_dict(),
            "candidates": [c.to_dict() for c in self.candidates],
            "message": self.message,
            "seconds": round(float(self.seconds), 3),
            "params": dict(self.params),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "GenerationResult":
        return cls(
            run_id=d.get("run_id"),
            goal=d.get("goal", ""),
            spec=GoalSpec.from_dict(d.get("spec", {"text": d.get("goal", "")})),
            candidates=[Candidate.from_dict(c) for c in d.get("candidates", [])],
            message=d.get("message", ""),
            seconds=float(d.get("seconds", 0.0)),
            mode=d.get("mode", "generate"),
            params=dict(d.get("params", {})),
        )
