"""Settings read from the environment.

``DISCOVERY_HOME``      folder holding ``library.db``, indexes and caches (default ``./data/library``)
``DISCOVERY_DB_URL``    SQLAlchemy URL that overrides the SQLite file (PostgreSQL works too)
``DISCOVERY_DATASETS``  folder where the public datasets live (read-only)
``DISCOVERY_MODEL``     folder of the alignment model (default: the committed ``data/models/align``)
``DISCOVERY_DECODER``   folder of the generator's decoder (default: ``data/models/decoder``)
``DISCOVERY_TEXT_ENCODER`` Hugging Face encoder folder for the text branch (default: packaged MiniLM)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "data" / "models"


def _path_or_none(value: str | None) -> Path | None:
    return Path(value).expanduser() if value else None


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str | None = None
    datasets: Path | None = None
    model_dir: Path = field(default=MODELS_DIR / "align")
    decoder_dir: Path = field(default=MODELS_DIR / "decoder")
    text_encoder: str | None = None

    @classmethod
    def from_env(cls, home: str | Path | None = None, db_url: str | None = None) -> "Settings":
        """Settings from the environment; explicit arguments (e.g. ``--home``) win."""
        env = os.environ
        home_path = Path(home or env.get("DISCOVERY_HOME") or "data/library").expanduser()
        return cls(
            home=home_path,
            db_url=db_url or env.get("DISCOVERY_DB_URL") or None,
            datasets=_path_or_none(env.get("DISCOVERY_DATASETS")),
            model_dir=_path_or_none(env.get("DISCOVERY_MODEL")) or MODELS_DIR / "align",
            decoder_dir=_path_or_none(env.get("DISCOVERY_DECODER")) or MODELS_DIR / "decoder",
            text_encoder=env.get("DISCOVERY_TEXT_ENCODER") or None,
        )

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL: ``DISCOVERY_DB_URL`` or ``sqlite:///HOME/library.db``."""
        if self.db_url:
            return self.db_url
        return f"sqlite:///{(self.home / 'library.db').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.home / "indexes"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"
