"""Reports from Code3DBench .eval logs: JSON aggregates, Markdown tables, plots, a gallery.

Use ``code3dbench report LOG_OR_DIR... --out DIR`` or `write_report`; docs/reports.md
describes the files, their schema and the aggregation rules.
"""

from code3dbench.report.build import ReportFiles, write_report
from code3dbench.report.logs import LoadedLogs, ReportInputError, RunKey, load_logs
from code3dbench.report.published import load_published, normalise_model_name
from code3dbench.report.summary import ReportSummary, build_summary

__all__ = [
    "LoadedLogs",
    "ReportFiles",
    "ReportInputError",
    "ReportSummary",
    "RunKey",
    "build_summary",
    "load_logs",
    "load_published",
    "normalise_model_name",
    "write_report",
]
