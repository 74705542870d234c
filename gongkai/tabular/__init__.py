"""Reading CSV/XLSX files for the all-or-nothing imports, and what they report.

``files``   — stream a CSV (UTF-8, BOM or GBK) or XLSX file row by row; map Chinese/English headers;
              parse dates and amounts leniently
``errors``  — ``LineErrors`` collects bad lines; ``ImportFailed`` says nothing was saved
``command`` — the progress bar and exit statuses of the import commands
"""

from .command import ProgressBars, run_import_command
from .errors import MAX_REPORTED_ERRORS, ImportFailed, LineErrors
from .files import TabularFile, cell_text, map_columns, normalize_header, open_table, parse_date, parse_decimal

__all__ = [
    "MAX_REPORTED_ERRORS", "ImportFailed", "LineErrors", "ProgressBars", "TabularFile", "cell_text", "map_columns",
    "normalize_header", "open_table", "parse_date", "parse_decimal", "run_import_command",
]
