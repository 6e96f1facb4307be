"""The goal sets under docs/goals: each criteria file matches its goals, its SMARTS compile, the
example molecule a writer gave meets its own criteria, and every goal is read without an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdkit import Chem

from discovery.bench.goals import meets, read_jsonl
from discovery.generate.goals import parse_goal

GOALS = Path(__file__).resolve().parents[1] / "docs" / "goals"
SETS = sorted(p.name[: -len("_criteria.jsonl")] for p in GOALS.glob("*_criteria.jsonl"))


def test_every_criteria_file_has_its_goal_file():
    assert "dev" in SETS and len(SETS) >= 14
    for name in SETS:
        assert (GOALS / f"{name}_goals.jsonl").exists(), name


@pytest.mark.parametrize("name", SETS)
def test_criteria_are_valid_and_each_example_meets_its_own(name):
    goals = read_jsonl(GOALS / f"{name}_goals.jsonl")
    criteria = read_jsonl(GOALS / f"{name}_criteria.jsonl")
    assert [g["id"] for g in goals] == [c["id"] for c in criteria], name
    for c in criteria:
        for k in c["criteria"]:
            for smarts in k.get("smarts", []):
                assert Chem.MolFromSmarts(smarts) is not None, (c["id"], smarts)
        if c.get("example"):
            ok, failed = meets(c["example"], c["criteria"])
            assert ok, (c["id"], failed)


@pytest.mark.parametrize("name", SETS)
def test_every_goal_is_read_without_an_error(name):
    for g in read_jsonl(GOALS / f"{name}_goals.jsonl"):
        spec = parse_goal(g["goal"])
        assert spec.constraints, (g["id"], g["goal"])


def test_the_goal_files_are_plain_jsonl():
    for path in GOALS.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                json.loads(line)
