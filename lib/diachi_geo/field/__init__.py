"""Field checks: the points that need a visit go out as a QField package and the visits
come back into the review session's audit trail (see :mod:`.export`, :mod:`.importer`;
the package's form in :mod:`.form`, the session's records in :mod:`.tables`)."""
from .export import field_export
from .form import OUTCOMES, outcome_label, reason_text
from .importer import field_import, read_manifest
from .tables import field_counts, open_conflicts

__all__ = ["field_export", "field_import", "read_manifest", "field_counts",
           "open_conflicts", "OUTCOMES", "outcome_label", "reason_text"]
