"""Assemble docs/benchmarks.md from the per-area fragments in docs/bench/.

Each area keeps its numbers, protocols and commands in its own fragment (so that reruns touch
one file); ``docs/benchmarks.md`` is the single page users read: the summary fragment first,
then every other fragment in a fixed order, headings demoted one level.

    python -m discovery.bench.report        # rewrites docs/benchmarks.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from discovery.config import PROJECT_ROOT

ORDER = ["summary", "ingest", "chem", "readers", "retrieval", "search", "generate", "design", "app"]


def _demote(markdown: str) -> str:
    return re.sub(r"^(#+) ", lambda m: "#" + m.group(1) + " ", markdown, flags=re.M)


def assemble(docs: Path = PROJECT_ROOT / "docs") -> str:
    fragments = {p.stem: p for p in sorted((docs / "bench").glob("*.md"))}
    names = [n for n in ORDER if n in fragments] + sorted(set(fragments) - set(ORDER))
    parts = [
        "# Benchmarks\n\n"
        "Every number of the project, with the command that reproduces it and the machine it ran\n"
        "on. Assembled from `docs/bench/*.md` by `python -m discovery.bench.report`; edit the\n"
        "fragments, not this page.\n"
    ]
    for name in names:
        text = fragments[name].read_text(encoding="utf-8").strip()
        parts.append(text if name == "summary" else _demote(text))
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    out = PROJECT_ROOT / "docs" / "benchmarks.md"
    out.write_text(assemble(), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
