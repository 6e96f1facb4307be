"""Errors a user can act on. The CLI and the app show their message, never a traceback."""


class DiscoveryError(Exception):
    """Base class: the message is complete and meant for the user."""


class InputError(DiscoveryError):
    """A file or value cannot be read (missing column, wrong encoding, truncated, binary)."""


class IngestError(DiscoveryError):
    """A source was rejected as a whole (e.g. ``strict`` and a bad row); nothing was written."""


class ChemError(DiscoveryError):
    """A structure or SMARTS that RDKit cannot parse or standardise."""


class ModelError(DiscoveryError):
    """A model folder is missing, incomplete or does not match the index it is used with."""


class IndexMismatchError(ModelError):
    """An index was built by another model than the one loaded."""


class GoalError(DiscoveryError):
    """A generation goal that cannot be run (empty, too long, contradictory)."""
