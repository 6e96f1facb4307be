"""The loader's worker pool prepares batches of SMILES; results match the serial path."""

from discovery.chem import PreparedMolecule
from discovery.errors import ChemError
from discovery.ingest.loader import Preparer


def test_pool_batches_match_serial_in_order_with_errors_in_place():
    good = ["CCO", "c1ccccc1O", "CC(=O)[O-].[Na+]", "C[NH3+]", "OC(=O)c1ccccc1"]
    bad = ["bad(", "C1CC", ""]
    smiles = [(good + bad)[i % 8] + ("C" * (i % 3) if i % 8 < 2 else "") for i in range(600)]
    with Preparer(processes=1) as serial:
        expected = serial.submit(smiles).get()
    with Preparer(processes=2, expected_rows=len(smiles), serial_below=10) as pool:
        assert pool.pool is not None  # really the worker path, in batches of Preparer.BATCH
        job = pool.submit(smiles)
        got = job.get()
    assert len(got) == len(smiles) == len(expected)
    for a, b in zip(got, expected):
        if isinstance(b, ChemError):
            assert isinstance(a, ChemError) and str(a) == str(b) and a.reason == b.reason
        else:
            assert isinstance(a, PreparedMolecule) and a == b
    assert sum(isinstance(p, ChemError) for p in got) == 3 * 75
