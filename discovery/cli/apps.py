"""The Typer apps every CLI module registers its commands on.

Each area has its own module (``ingest.py``, ``search.py``, ``generate.py`` ...) so that the
command tree is assembled here without one file that everybody edits.
"""

import typer

app = typer.Typer(
    name="discovery",
    help="Search molecules, papers and experiment tables in one embedding space, and generate "
    "candidate molecules from a written goal.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
ingest_app = typer.Typer(help="Add molecules, molecule-text pairs, papers or experiment tables.", no_args_is_help=True)
datasets_app = typer.Typer(help="Public datasets: where they are and how to download them.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
index_app = typer.Typer(help="FAISS indexes: build or verify them.", no_args_is_help=True)
train_app = typer.Typer(help="Train the models from the datasets.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks (numbers go to docs/benchmarks.md).", no_args_is_help=True)
embed_app = typer.Typer(help="Embed texts or molecules into the shared space.", no_args_is_help=True)

app.add_typer(ingest_app, name="ingest")
app.add_typer(datasets_app, name="datasets")
app.add_typer(db_app, name="db")
app.add_typer(index_app, name="index")
app.add_typer(train_app, name="train")
app.add_typer(bench_app, name="bench")
app.add_typer(embed_app, name="embed")

HOME_HELP = "Library folder (overrides DISCOVERY_HOME)."
