"""2D depiction as SVG (RDKit ``rdMolDraw2D``) for the app and reports."""

from __future__ import annotations

import html
from typing import Any

from rdkit import Chem
from rdkit.Chem import rdDepictor
from rdkit.Chem.Draw import rdMolDraw2D
from rdkit.rdBase import BlockLogs

from discovery.errors import ChemError

from .mol import to_mol

__all__ = ["mol_to_svg", "invalid_svg"]

_HIGHLIGHT = (1.0, 0.55, 0.2)  # orange, readable on white and in print
# CoordGen gives nicer layouts for macrocycles and fused rings (process-wide RDKit setting).
rdDepictor.SetPreferCoordGen(True)


def invalid_svg(width: int = 300, height: int = 220, message: str = "invalid structure") -> str:
    """A small placeholder SVG with ``message`` (used for unparsable input)."""
    text = html.escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="invalid-structure">'
        f'<rect width="100%" height="100%" fill="#ffffff" stroke="#cccccc"/>'
        f'<text x="50%" y="50%" text-anchor="middle" dominant-baseline="middle" '
        f'font-family="sans-serif" font-size="14" fill="#999999">{text}</text></svg>'
    )


def mol_to_svg(
    smiles_or_mol: Any,
    width: int = 300,
    height: int = 220,
    highlight_smarts: str | None = None,
    legend: str | None = None,
) -> str:
    """Draw a molecule as an SVG string.

    Parameters
    ----------
    smiles_or_mol : str or rdkit.Chem.Mol
        The structure.
    width, height : int
        Size in pixels.
    highlight_smarts : str, optional
        A SMARTS pattern or a group name from :mod:`discovery.chem.groups` (e.g.
        ``"sulfonamide"``); every match is highlighted. An invalid pattern is ignored.
    legend : str, optional
        Text under the drawing.

    Returns
    -------
    str
        SVG markup (no XML declaration), or a small "invalid structure" SVG when the input
        cannot be parsed or drawn. Never raises.
    """
    width, height = int(width), int(height)
    mol = to_mol(smiles_or_mol)
    if mol is None:
        return invalid_svg(width, height)
    try:
        with BlockLogs():
            mol = Chem.Mol(mol)
            if not mol.GetNumConformers():
                rdDepictor.Compute2DCoords(mol)
            atoms: list[int] = []
            bonds: list[int] = []
            if highlight_smarts:
                atoms, bonds = _highlight(mol, highlight_smarts)
            drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
            options = drawer.drawOptions()
            options.clearBackground = True
            options.addStereoAnnotation = True
            colours_a = {i: _HIGHLIGHT for i in atoms}
            colours_b = {i: _HIGHLIGHT for i in bonds}
            rdMolDraw2D.PrepareAndDrawMolecule(
                drawer,
                mol,
                legend=legend or "",
                highlightAtoms=atoms,
                highlightBonds=bonds,
                highlightAtomColors=colours_a,
                highlightBondColors=colours_b,
            )
            drawer.FinishDrawing()
            svg = drawer.GetDrawingText()
    except Exception:  # noqa: BLE001 - a drawing failure must never break a page
        return invalid_svg(width, height, "cannot draw structure")
    # Strip the XML declaration so the SVG can be embedded inline in HTML.
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :].lstrip()
    return svg


def _highlight(mol: Chem.Mol, smarts_or_group: str) -> tuple[list[int], list[int]]:
    from .groups import _pattern_for

    try:
        pattern = _pattern_for(smarts_or_group)
    except ChemError:
        return [], []
    atoms: set[int] = set()
    bonds: set[int] = set()
    for match in mol.GetSubstructMatches(pattern):
        atoms.update(match)
        for bond in pattern.GetBonds():
            b = mol.GetBondBetweenAtoms(match[bond.GetBeginAtomIdx()], match[bond.GetEndAtomIdx()])
            if b is not None:
                bonds.add(b.GetIdx())
    return sorted(atoms), sorted(bonds)
