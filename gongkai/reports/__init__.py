"""Reading published annual reports and checking them: pure Python, no Django.

readers  — .txt / .html / .docx / .pdf → one common shape (lines and table grids with provenance)
extract  — that shape → a ReportDocument (metadata, sections, cell values, provenance)
check    — rules + text-versus-table + cross-year continuity → findings
"""
