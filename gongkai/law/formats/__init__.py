"""Annual-report formats (2021 national format, 2019 trial format) as data."""

from .schema import FORMAT_VERSIONS, Cell, ReportFormat, Rule, Term, format_for_year, load_format

__all__ = ["FORMAT_VERSIONS", "Cell", "ReportFormat", "Rule", "Term", "format_for_year", "load_format"]
