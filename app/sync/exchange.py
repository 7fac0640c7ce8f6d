"""The exchange as the window and the command line use it (spec/package-format.md).

School: `outgoing_summary`, `export_snapshot`, `sent_packages`; office: `write_feedback`,
`write_feedback_all`; both: `import_packages` (the office takes snapshots, a school feedback).
The work is done in sending.py (writing) and receiving.py (checks 1–6 and the apply).
"""

from app.sync.batch import FileResult
from app.sync.receiving import STATUSES, import_packages
from app.sync.sending import (
    ExportResult,
    OutgoingSummary,
    SentPackage,
    export_snapshot,
    outgoing_summary,
    package_name,
    sent_packages,
    write_feedback,
    write_feedback_all,
)

__all__ = [
    "STATUSES",
    "ExportResult",
    "FileResult",
    "OutgoingSummary",
    "SentPackage",
    "export_snapshot",
    "import_packages",
    "outgoing_summary",
    "package_name",
    "sent_packages",
    "write_feedback",
    "write_feedback_all",
]
