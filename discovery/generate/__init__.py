"""Conditional generation: goal text -> GoalSpec -> proposals -> guided optimisation -> checked candidates.

Public pieces (see docs/architecture.md, "Generation"):

- :func:`discovery.generate.goals.parse_goal` — rule-based goal parser;
- :mod:`discovery.generate.spec` — ``Constraint``, ``GoalSpec``, ``ConstraintCheck``, ``Candidate``,
  ``GenerationResult``;
- :mod:`discovery.generate.scoring` — ``check`` (checklist) and ``GoalScorer`` (GA fitness);
- :mod:`discovery.generate.api` — ``generate``, ``edit``, ``list_runs``, ``get_run`` (what
  :class:`discovery.Library` delegates to);
- :mod:`discovery.generate.optimize`, :mod:`discovery.generate.decoder` — graph GA and SELFIES decoder.
"""

from .goals import parse_goal
from .spec import Candidate, Constraint, ConstraintCheck, GenerationResult, GoalSpec

__all__ = ["parse_goal", "Constraint", "GoalSpec", "ConstraintCheck", "Candidate", "GenerationResult"]
