"""年报核查: run the checker of ``gongkai.reports`` on uploaded files and on published versions, keep the results.

The checker is the one ``gongkai report check`` runs (``gongkai.reports.check``): reading and parsing,
the format's rules, the prose against the tables, and the year-to-year continuity between reports of
the same agency (``continuity``).  Nothing here re-implements a rule; this module only moves bytes and
JSON documents in and out of ``CheckedReport``.

Uploads are checked before anything is parsed (``check_upload``): a known extension (.txt .html .htm
.docx .pdf), not empty, not larger than the platform's upload limit (``GONGKAI_MAX_UPLOAD_BYTES``, the
same as for request attachments), and for .pdf/.docx content that really is PDF/Word (the requests
app's content sniffing, ``gongkai.requests.uploads.sniff``).  One bad file refuses the whole upload
(nothing is saved); a file that passes these checks but cannot be read as a report is reported by the
checker's own Chinese reason and not saved, while the other files of the batch are.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from gongkai.annual.models import FileKind, PublishedFile, VersionStatus
from gongkai.law.errors import DomainError
from gongkai.law.rules import Finding
from gongkai.reports.check import CheckResult, agency_key, check_document, continuity
from gongkai.reports.document import PRE2019, ReportDocument
from gongkai.reports.extract import ParseError, parse_source
from gongkai.reports.readers import ReadError, read_bytes
from gongkai.requests.uploads import DOCX, MAX_FILES_PER_UPLOAD, max_bytes, sniff

from .models import CheckedReport, Origin

EXTENSIONS = (".txt", ".html", ".htm", ".docx", ".pdf")
ALLOWED_TEXT = gettext_lazy("文本（.txt）、网页（.html）、Word（.docx）或 PDF（.pdf）")


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def _shown(name: str) -> str:
    return (name or "未命名文件").replace("\\", "/").rsplit("/", 1)[-1][:200]


def check_upload(name: str, content: bytes) -> Upload:
    """Type and size checks of one uploaded report; ``DomainError`` with a Chinese message naming the file."""
    shown = _shown(name)
    ext = PurePosixPath(shown.lower()).suffix
    if ext not in EXTENSIONS:
        raise DomainError(gettext("文件“%(name)s”的类型不能核查：只接受%(allowed)s格式的年度报告。")
                          % {"name": shown, "allowed": ALLOWED_TEXT}, field="files")
    if not content or not content.strip():
        raise DomainError(gettext("文件“%(name)s”是空的。") % {"name": shown}, field="files")
    if len(content) > max_bytes():
        raise _too_large(shown, len(content))
    mime = sniff(content)
    if ext == ".pdf" and mime != "application/pdf":
        raise DomainError(gettext("文件“%(name)s”的内容不是 PDF（按文件内容判断，与扩展名无关）。") % {"name": shown},
                          field="files")
    if ext == ".docx" and mime != DOCX:
        raise DomainError(gettext("文件“%(name)s”的内容不是 Word 文档（.docx）（按文件内容判断，与扩展名无关）。")
                          % {"name": shown}, field="files")
    if ext in (".txt", ".html", ".htm") and (mime is not None or b"\x00" in content[:8192] or not _is_text(content)):
        raise DomainError(gettext("文件“%(name)s”的内容不是文字（按文件内容判断，与扩展名无关）；Word 和 PDF 文件请保留原扩展名。")
                          % {"name": shown}, field="files")
    return Upload(shown, content)


def _too_large(shown: str, size: int) -> DomainError:
    return DomainError(gettext("文件“%(name)s”过大（%(size).1f MB），每个文件最大 %(limit).0f MB。")
                       % {"name": shown, "size": size / 1048576, "limit": max_bytes() / 1048576}, field="files")


def _is_text(content: bytes) -> bool:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 — the encodings the readers accept."""
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        if enc == "utf-16" and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            content.decode(enc)
        except UnicodeDecodeError:
            continue
        return True
    return False


def read_uploads(files) -> list[Upload]:
    """Django ``UploadedFile`` objects → checked uploads (all or nothing)."""
    files = list(files or [])
    if not files:
        raise DomainError(gettext("请选择要核查的年度报告文件。"), field="files")
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise DomainError(gettext("一次最多上传%(n)d个文件。") % {"n": MAX_FILES_PER_UPLOAD}, field="files")
    out = []
    for f in files:
        if f.size is not None and f.size > max_bytes():
            raise _too_large(_shown(f.name), f.size)
        f.seek(0)
        out.append(check_upload(f.name, f.read(max_bytes() + 1)))
    return out


# -- running the checker --------------------------------------------------------------------------


def _parse(upload: Upload) -> CheckResult:
    try:
        doc = parse_source(read_bytes(upload.content, upload.name))
    except (ReadError, ParseError) as exc:
        return CheckResult(upload.name, error=str(exc))
    except RecursionError:
        return CheckResult(upload.name, error=gettext("文件结构嵌套过深，无法解析。"))
    return CheckResult(upload.name, doc=check_document(doc))


@dataclass
class Outcome:
    saved: list[CheckedReport]
    failed: list[tuple[str, str]]  # (file name, why it could not be read)


def _record(office, user, doc: ReportDocument, **fields) -> CheckedReport:
    data = doc.to_json()
    summary = data["summary"]
    meta = doc.metadata
    return CheckedReport.objects.create(
        office=office, checked_by=user, agency=(meta.agency or "")[:200], year=meta.year,
        format_version=meta.format_version or "", document=data, errors=summary["errors"],
        warnings=summary["warnings"], infos=summary["infos"], **fields,
    )


def check_uploads(office, user, uploads: list[Upload]) -> Outcome:
    """Check a batch (continuity between the batch's own reports, as the CLI) and keep the readable ones."""
    return _keep(office, user, [
        (_parse(u), {"origin": Origin.UPLOAD, "file_name": u.name, "content": u.content, "size": len(u.content),
                     "sha256": hashlib.sha256(u.content).hexdigest()})
        for u in uploads
    ])


def _keep(office, user, checked: list[tuple[CheckResult, dict]]) -> Outcome:
    """Continuity across the batch, then one transaction that keeps every readable report."""
    continuity([result for result, _ in checked])
    saved, failed = [], []
    with transaction.atomic():
        for result, fields in checked:
            if result.ok:
                saved.append(_record(office, user, result.doc, **fields))
            else:
                failed.append((result.path, result.error))
    return Outcome(saved, failed)


def check_published(office, user, org_ids: list[int]) -> Outcome:
    """Check every current published version of the overseen agencies not yet checked by this office.

    The published JSON file is the same document the checker produces (docs/report-json.md); it is
    read back and run through the checker again, like any other agency's report, so that the office
    sees our own agencies' reports the way it sees everyone else's.
    """
    done = set(CheckedReport.objects.filter(office=office, version__isnull=False).values_list("version_id", flat=True))
    files = (PublishedFile.objects.filter(kind=FileKind.JSON, version__status=VersionStatus.PUBLISHED,
                                          version__report__organization_id__in=org_ids)
             .exclude(version_id__in=done)
             .select_related("version__report__organization").order_by("version__report__organization__code",
                                                                        "version__report__year", "version__number"))
    latest: dict[tuple[int, int], PublishedFile] = {}
    for f in files:  # a correction supersedes the earlier version: check the current one only
        latest[(f.version.report.organization_id, f.version.report.year)] = f
    checked = []
    for f in latest.values():
        name = f"{f.version.report}（第{f.version.number}版）.json"
        content = bytes(f.content)
        try:
            doc = ReportDocument.from_json(json.loads(content.decode("utf-8")))
        except (ValueError, KeyError) as exc:
            result = CheckResult(name, error=f"已发布的 JSON 文件无法读取：{exc}")
        else:
            doc.metadata.agency = doc.metadata.agency or f.version.report.organization.name
            result = CheckResult(name, doc=check_document(doc))
        checked.append((result, {"origin": Origin.PUBLISHED, "file_name": name[:200], "content": content,
                                 "size": len(content), "sha256": f.sha256, "version": f.version}))
    return _keep(office, user, checked)


# -- reading the results back -----------------------------------------------------------------------


def findings(report: CheckedReport) -> list[dict]:
    """The stored findings, errors first (they were stored sorted; sorted again in case of old data)."""
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(report.document.get("findings") or [], key=lambda f: order.get(f.get("severity"), 9))


#: The figures of the comparison: (cell key, column heading)
KEY_FIGURES = (
    ("t3.total.new_received", gettext_lazy("本年新收")),
    ("t3.total.carried_over", gettext_lazy("上年结转")),
    ("t3.total.granted", gettext_lazy("予以公开")),
    ("t3.total.partially_granted", gettext_lazy("部分公开")),
    ("t3.total.result_total", gettext_lazy("办理结果总计")),
    ("t3.total.carry_forward", gettext_lazy("结转下年度")),
)


@dataclass
class Cell:
    report: CheckedReport
    figures: list[Any]
    continuity: list[Finding]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.continuity if f.severity in ("error", "warning")]


@dataclass
class Comparison:
    years: list[int]
    agencies: list[tuple[str, str]]  # (key, shown name)
    cells: dict[tuple[str, int], Cell]
    figure_labels: list[str]

    def cell(self, agency: str, year: int) -> Cell | None:
        return self.cells.get((agency, year))


def compare(reports) -> Comparison:
    """Agencies × years of the checked reports (the latest check of each agency and year), with continuity.

    Continuity is the checker's own (``gongkai.reports.check.continuity``) run over all of them, so a
    report checked in January lines up with the previous year's checked in another batch.
    """
    latest: dict[tuple[str, int], CheckedReport] = {}
    names: dict[str, str] = {}
    for r in reports:  # newest first
        key = agency_key(r.agency)
        if key is None or r.year is None:
            continue
        latest.setdefault((key, r.year), r)
        names.setdefault(key, r.agency)
    results, order = [], []
    for (key, year), r in latest.items():
        if r.format_version and r.format_version != PRE2019:
            doc = ReportDocument.from_json(r.document)
            doc.findings = []
            results.append(CheckResult(f"{r.agency}{year}", doc=doc))
            order.append((key, year))
    continuity(results)
    cross = {k: [f for f in res.doc.findings if f.source == "cross_year"] for k, res in zip(order, results)}
    cells = {}
    for (key, year), r in latest.items():
        tables = r.document.get("tables") or {}
        cells[(key, year)] = Cell(r, [tables.get(k) for k, _ in KEY_FIGURES], cross.get((key, year), []))
    years = sorted({y for _, y in latest})
    agencies = sorted(names.items(), key=lambda kv: kv[1])
    return Comparison(years, agencies, cells, [label for _, label in KEY_FIGURES])
