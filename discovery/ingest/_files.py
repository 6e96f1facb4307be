"""Opening input files safely: .gz transparently, and one clear :class:`InputError` line when a
file cannot be read at all (missing, a directory, binary junk, not UTF-8, truncated gzip).

The readers in :mod:`discovery.ingest.papers` and :mod:`discovery.ingest.tables` stream through
these helpers so that a bad file fails the same way whatever its format.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from discovery.errors import InputError

#: bytes sniffed at the start of a file to tell text from binary junk
SNIFF_BYTES = 8192


def is_gzip(path: Path) -> bool:
    """True when the file starts with the gzip magic bytes (whatever its name)."""
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def check_readable(path: str | Path) -> Path:
    """Return ``path`` as a :class:`Path`, or raise :class:`InputError` if it is not a readable file."""
    p = Path(path).expanduser()
    if not p.exists():
        raise InputError(f"{p}: file not found")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a file")
    try:
        with open(p, "rb"):
            pass
    except OSError as exc:
        raise InputError(f"{p}: cannot be opened ({exc.strerror or exc})") from None
    return p


def describe_read_error(path: Path, exc: BaseException) -> InputError:
    """Translate a low-level read error into one user-facing line naming the file."""
    if isinstance(exc, UnicodeDecodeError):
        return InputError(
            f"{path}: not UTF-8 text (undecodable byte 0x{exc.object[exc.start]:02x}); re-save the file as UTF-8"
        )
    if isinstance(exc, EOFError):
        return InputError(f"{path}: truncated gzip file (ends before the end-of-stream marker)")
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return InputError(f"{path}: corrupt gzip data ({exc})")
    if isinstance(exc, OSError):
        return InputError(f"{path}: read error ({exc.strerror or exc})")
    return InputError(f"{path}: cannot be read ({exc})")


@contextmanager
def open_binary(path: str | Path) -> Iterator[BinaryIO]:
    """Open a file for binary reading, decompressing gzip transparently (by magic bytes)."""
    p = check_readable(path)
    fh: BinaryIO
    try:
        fh = gzip.open(p, "rb") if is_gzip(p) else open(p, "rb")  # type: ignore[assignment]
    except OSError as exc:
        raise describe_read_error(p, exc) from None
    try:
        yield fh
    finally:
        fh.close()


def sniff(path: str | Path, n: int = SNIFF_BYTES) -> bytes:
    """The first ``n`` (decompressed) bytes of a file; raises InputError for unreadable gzip."""
    p = check_readable(path)
    try:
        with open_binary(p) as fh:
            return fh.read(n)
    except (OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(p, exc) from None


def check_text(path: str | Path) -> bytes:
    """Sniff the start of a file and refuse binary junk or a non-UTF-8 head.

    Returns the sniffed bytes. Only the head is checked here; a decoding error further on is
    caught while streaming (see :func:`iter_lines`).
    """
    p = Path(path)
    head = sniff(p)
    if b"\x00" in head:
        raise InputError(f"{p}: binary file (NUL bytes), not text; expected a text file or .gz of one")
    try:
        # the last few bytes may cut a multi-byte character in half
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            raise describe_read_error(p, exc) from None
    return head


def iter_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` (1-based, newline stripped) from a UTF-8 text file or .gz.

    Streams the file; any read or decode error raises :class:`InputError` naming the file.
    """
    p = Path(path)
    check_text(p)
    lineno = 0
    try:
        with open_binary(p) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline=None)
            for lineno, line in enumerate(text, start=1):
                yield lineno, line.rstrip("\r\n")
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        err = describe_read_error(p, exc)
        if isinstance(exc, UnicodeDecodeError):
            err = InputError(f"{p}: not UTF-8 text (line {lineno + 1}); re-save the file as UTF-8")
        raise err from None
