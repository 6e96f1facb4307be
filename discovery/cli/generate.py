"""CLI commands of the generator: generate, edit, runs, bench goals, bench editing (see apps.py).

They call only the :class:`discovery.Library` facade (and the bench runners, which do too).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from discovery.errors import DiscoveryError, InputError

from .apps import HOME_HELP, app, bench_app

HomeOpt = typer.Option(None, "--home", help=HOME_HELP)


def _open(home: Optional[Path]):
    from discovery.library import Library

    return Library.open(home, progress=False)


def _fmt_props(p: dict) -> str:
    keys = [("mw", "MW", "{:.0f}"), ("clogp", "cLogP", "{:.2f}"), ("tpsa", "TPSA", "{:.0f}"), ("hbd", "HBD", "{}"),
            ("hba", "HBA", "{}"), ("qed", "QED", "{:.2f}"), ("sa_score", "SA", "{:.1f}")]
    out = []
    for k, label, f in keys:
        v = p.get(k)
        if v is not None:
            out.append(f"{label} " + f.format(int(v) if f == "{}" else v))
    return ", ".join(out)


def _print_result(res, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(res.to_dict()))
        return
    spec = res.spec
    typer.echo(f"goal: {res.goal}")
    for line in spec.describe():
        typer.echo(f"  understood: {line}")
    for nu in spec.not_understood:
        typer.secho(f"  not understood: {nu}", fg="yellow")
    if res.message:
        typer.secho(f"note: {res.message}", fg="yellow")
    if not res.candidates:
        typer.echo("no candidates")
    for i, c in enumerate(res.candidates, 1):
        ok = sum(1 for ch in c.checks if ch.passed)
        typer.echo(f"{i:2d}. {c.smiles}")
        typer.echo(f"    meets {ok}/{len(c.checks)} | score {c.score:.3f} | {'novel' if c.novel else 'in library #' + str(c.library_id)}"
                   f" | {_fmt_props(c.properties)}")
        for ch in c.checks:
            if not ch.passed:
                typer.secho(f"    fails: {ch.constraint} (measured {ch.value})", fg="red")
        if c.nearest:
            nb = c.nearest[0]
            typer.echo(f"    nearest: #{nb['id']} {nb.get('name') or nb['smiles']} (Tanimoto {nb['similarity']})")
    typer.echo(f"run #{res.run_id} in {res.seconds:.1f} s" if res.run_id else f"{res.seconds:.1f} s (not saved)")


@app.command()
def generate(
    goal: Optional[str] = typer.Argument(None, help="The goal in plain language, e.g. 'drug-like sulfonamides under 350 Da'."),
    n: int = typer.Option(10, "--n", help="Number of candidates."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same candidates)."),
    budget: Optional[int] = typer.Option(None, "--budget", help="Molecules scored by the optimiser (default 2000)."),
    goals_file: Optional[Path] = typer.Option(None, "--goals-file", help="JSONL with one {\"id\", \"goal\"} per line."),
    output: Optional[Path] = typer.Option(None, "--output", help="With --goals-file: write the JSONL results here (default stdout)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    route: str = typer.Option("auto", "--route", help="'design' (the optimiser on the parsed goal), 'describe' "
                              "(the text describes one molecule: readings of it, best first) or 'auto' "
                              "(describe when the text reads like a description, e.g. 'The molecule is a ...')."),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Propose candidate molecules for a written goal, each with a checklist of the goal."""
    if (goal is None) == (goals_file is None):
        raise InputError("give either a GOAL or --goals-file FILE (not both)")
    lib = _open(home)
    if goal is not None:
        if as_json or not sys.stderr.isatty():
            _print_result(lib.generate(goal, n=n, seed=seed, budget=budget, route=route), as_json)
            return
        from tqdm import tqdm

        with tqdm(total=budget or 2000, desc="molecules scored", unit="mol", leave=False) as bar:
            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            result = lib.generate(goal, n=n, seed=seed, budget=budget, progress=progress, route=route)
        _print_result(result, as_json)
        return
    try:
        lines = goals_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{goals_file}: cannot read the goals file ({exc})") from None
    _prefetch_names(lines)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        for i, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                gid, text = item.get("id", i), item["goal"]
            except (json.JSONDecodeError, KeyError, AttributeError, TypeError):
                out.write(json.dumps({"id": i, "candidates": [], "error": f"{goals_file}:{i}: not a JSON object with \"goal\""}) + "\n")
                continue
            try:
                res = lib.generate(text, n=n, seed=seed, budget=budget, route=route)
                row = {"id": gid, "goal": text, "candidates": [c.to_dict() for c in res.candidates],
                       "message": res.message, "run_id": res.run_id}
            except DiscoveryError as exc:
                row = {"id": gid, "goal": text, "candidates": [], "error": str(exc)}
            out.write(json.dumps(row) + "\n")
            out.flush()
    finally:
        if output:
            out.close()


def _prefetch_names(lines: list[str]) -> None:
    """Read the chemical names of every description in the file in one OPSIN run (one JVM start
    for the file instead of one per goal)."""
    from discovery.generate.describe import is_description, prefetch_names

    texts = []
    for line in lines:
        try:
            goal = json.loads(line).get("goal")
        except (json.JSONDecodeError, AttributeError):
            continue
        if isinstance(goal, str) and is_description(goal):
            texts.append(goal)
    if texts:
        prefetch_names(texts)


def _read_inputs(path: Path) -> list[str]:
    """SMILES from a file: plain lines (first field) or a CSV/TSV with a 'smiles' column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the input file ({exc})") from None
    lines = text.splitlines()
    if not lines:
        return []
    head = lines[0].strip()
    for delim in (",", "\t"):
        cols = [c.strip().lower() for c in head.split(delim)]
        if len(cols) > 1 and "smiles" in cols or cols == ["smiles"]:
            reader = csv.DictReader(io.StringIO(text), delimiter=delim)
            key = next(k for k in reader.fieldnames if k.strip().lower() == "smiles")
            return [(row.get(key) or "").strip() for row in reader]
    return [(ln.strip().split() or [""])[0] for ln in lines]


@app.command()
def edit(
    goal: str = typer.Argument(..., help="What to change, e.g. 'This molecule is soluble in water.'"),
    smiles: Optional[str] = typer.Option(None, "--smiles", help="The molecule to edit."),
    input_file: Optional[Path] = typer.Option(None, "--input", help="File of molecules (one SMILES per line, or CSV with a smiles column)."),
    n: int = typer.Option(1, "--n", help="Edits per molecule."),
    min_similarity: float = typer.Option(0.5, "--min-similarity", help="Minimal Tanimoto (Morgan r2) to the input."),
    seed: int = typer.Option(0, "--seed"),
    as_json: bool = typer.Option(False, "--json", help="JSON (with --input: one JSON line per input line, same order)."),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Edit a molecule (or every molecule of a file) toward a goal while staying similar to it."""
    if (smiles is None) == (input_file is None):
        raise InputError("give either --smiles S or --input FILE (not both)")
    lib = _open(home)
    if smiles is not None:
        _print_result(lib.edit(smiles, goal, n=n, min_similarity=min_similarity, seed=seed), as_json)
        return
    from discovery.generate.api import edit as edit_api
    from discovery.generate.goals import parse_goal

    parse_goal(goal, library=lib, mode="edit")  # a bad goal fails once, before the loop
    for i, src in enumerate(_read_inputs(input_file), 1):
        try:
            if not src:
                raise InputError(f"{input_file}:{i}: empty line")
            res = edit_api(lib, src, goal, n=n, min_similarity=min_similarity, seed=seed, save=False,
                           with_nearest=False)
            best = res.candidates[0].smiles if res.candidates else None
            row = {"line": i, "input": src, "smiles": best, "candidates": [c.to_dict() for c in res.candidates],
                   "message": res.message}
        except DiscoveryError as exc:
            row = {"line": i, "input": src, "smiles": None, "candidates": [], "error": str(exc)}
        if as_json:
            typer.echo(json.dumps(row))
        else:
            typer.echo(f"{src}\t{row['smiles'] or ''}")


@app.command()
def runs(
    run_id: Optional[int] = typer.Argument(None, help="Show this run in full."),
    as_json: bool = typer.Option(False, "--json"),
    home: Optional[Path] = HomeOpt,
) -> None:
    """List saved generation and edit runs, or reopen one."""
    lib = _open(home)
    if run_id is not None:
        _print_result(lib.get_run(run_id), as_json)
        return
    items = lib.runs()
    if as_json:
        typer.echo(json.dumps(items))
        return
    if not items:
        typer.echo("no runs yet: `discovery generate \"GOAL\"`")
    for r in items:
        typer.echo(f"#{r['id']:<4d} {r['mode']:<8s} {r['n_candidates']:>3d} candidates  {r['created_at'][:19]}  {r['goal'][:80]}")


@bench_app.command("goals")
def bench_goals(
    n: int = typer.Option(10, "--n", help="Candidates per goal."),
    seed: int = typer.Option(0, "--seed"),
    budget: Optional[int] = typer.Option(None, "--budget", help="Scored molecules per goal (default 2000)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N goals."),
    ids: Optional[List[str]] = typer.Option(None, "--id", help="Only these goal ids (repeatable)."),
    goals_path: Optional[Path] = typer.Option(None, "--goals", help="Goal set JSONL (default docs/goals/dev_goals.jsonl)."),
    criteria_path: Optional[Path] = typer.Option(None, "--criteria", help="Criteria JSONL (default docs/goals/dev_criteria.jsonl)."),
    output: Optional[Path] = typer.Option(None, "--output", help="Write the full JSON report here."),
    as_json: bool = typer.Option(False, "--json"),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Goal satisfaction: generate for each dev goal, check with the independent criteria file."""
    from discovery.bench.goals import DEV_CRITERIA, DEV_GOALS, run_goals_bench

    lib = _open(home)
    report = run_goals_bench(lib, goals_path or DEV_GOALS, criteria_path or DEV_CRITERIA, n=n, seed=seed,
                             budget=budget, limit=limit, ids=ids or None)
    if output:
        Path(output).write_text(json.dumps(report, indent=1), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(report))
        return
    for r in report["goals"]:
        typer.echo(f"{r['id']} {r['meet_all']:>2d}/{n} meet all | div {r['diversity'] if r['diversity'] is None else round(r['diversity'], 2)}"
                   f" | novel {r['novel']}/{r['returned']} | {r['seconds']:.0f} s | {r['goal']}")
        for f in r["failures"][:2]:
            typer.echo(f"      e.g. {f}")
    typer.echo(json.dumps(report["summary"], indent=1))


@bench_app.command("editing")
def bench_editing(
    n_mols: int = typer.Option(200, "--n-mols", help="ZINC250k molecules sampled."),
    seed: int = typer.Option(0, "--seed", help="Sampling seed (and edit seed)."),
    min_similarity: float = typer.Option(0.5, "--min-similarity"),
    data: Optional[Path] = typer.Option(None, "--data", help="ZINC250k CSV (default $DISCOVERY_DATASETS/zinc250k/zinc250k.csv.gz)."),
    paraphrases: bool = typer.Option(False, "--paraphrases", help="Run the paraphrased prompts instead of the eight originals."),
    output: Optional[Path] = typer.Option(None, "--output", help="Write the JSON report here."),
    as_json: bool = typer.Option(False, "--json"),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Text-guided editing (MoleculeSTM/ChatDrug protocol): hit ratios and similarity per prompt."""
    from discovery.bench.editing import PARAPHRASES, TASKS, default_zinc_path, run_editing_bench, sample_zinc

    path = data or default_zinc_path()
    if path is None or not Path(path).exists():
        raise InputError("ZINC250k not found: pass --data PATH or set DISCOVERY_DATASETS (zinc250k/zinc250k.csv.gz)")
    lib = _open(home)
    inputs = sample_zinc(path, n=n_mols, seed=seed)
    report = run_editing_bench(lib, inputs, tasks=PARAPHRASES if paraphrases else TASKS,
                               min_similarity=min_similarity, seed=seed)
    report["data"] = str(path)
    if output:
        Path(output).write_text(json.dumps(report, indent=1), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(report))
        return
    typer.echo(f"{'prompt':50s} {'loose':>6s} {'strict':>6s} {'sim':>5s} {'s/edit':>6s}")
    for t in report["tasks"]:
        typer.echo(f"{t['prompt'][:50]:50s} {t['loose_hit']:6.3f} {t['strict_hit']:6.3f} "
                   f"{(t['mean_similarity'] or 0):5.2f} {t['median_seconds']:6.2f}")
