"""Reports for campaign managers and reviewers: progress per commune against quotas,
quality per collector, and the per-commune hand-over PDF with QR codes."""
from .handover import write_handover, write_handovers
from .progress import progress_tables, write_progress
from .quality import quality_table, write_quality

__all__ = ["progress_tables", "write_progress", "quality_table", "write_quality",
           "write_handover", "write_handovers"]
