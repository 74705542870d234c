"""Imports and exports of this app: the document register (CSV/XLSX) and decision records.

Both imports are all-or-nothing: every row is validated, every bad row is
reported with its line number and a Chinese reason, and when there is any
error nothing is saved (one transaction, rolled back).

The decision-record import is built for a city police bureau's year (well
over a million rows): the file is streamed, rows are inserted in batches with
``executemany`` inside savepoints, and a duplicate decision number is found
by the database's unique constraint rather than a set held in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Callable, Iterable

from django.db import IntegrityError, connection, transaction

from gongkai.i18n import zh
from gongkai.law.errors import DomainError
from gongkai.orgs.models import Organization
from gongkai.tabular import ImportFailed, LineErrors, TabularFile, cell_text, map_columns, open_table, parse_date, parse_decimal

from .models import DocumentKind, DocumentStatus, EnforcementImport, EnforcementKind, EnforcementRecord, NormativeDocument
from .services import clean_document

def _blank(cells: list) -> bool:
    return all(cell_text(c) == "" for c in cells)


def _cell(cells: list, index: int | None):
    if index is None or index >= len(cells):
        return None
    return cells[index]


# -- the document register -----------------------------------------------------------

DOCUMENT_COLUMNS = {  # field: accepted headers (Chinese first; the first is what the export writes)
    "number": ("文号", "发文字号", "文件编号", "number", "document_number"),
    "title": ("标题", "文件名称", "名称", "title"),
    "kind": ("类别", "文件类别", "种类", "kind", "type"),
    "issuer": ("制发机关", "发文机关", "issuer"),
    "issued_on": ("印发日期", "发文日期", "成文日期", "issued_on", "issue_date"),
    "effective_on": ("施行日期", "生效日期", "effective_on", "effective_date"),
    "ended_on": ("废止/失效日期", "废止日期", "失效日期", "ended_on", "repeal_date", "repealed_on"),
    "status": ("状态", "效力状态", "status"),
    "status_note": ("状态说明", "备注", "status_note", "note"),
    "url": ("公开网址", "网址", "链接", "url", "link"),
}
DOCUMENT_LABELS = {f: names[0] for f, names in DOCUMENT_COLUMNS.items()}
DOCUMENT_REQUIRED = ("number", "title", "kind", "issued_on")


@transaction.atomic
def import_documents(org: Organization, stream: IO[bytes], filename: str) -> list[NormativeDocument]:
    """Add the documents of a CSV/XLSX file to ``org``'s register, all or nothing."""
    table = open_table(stream, filename)
    rows = table.rows()
    header = next((cells for _, cells in rows if not _blank(cells)), None)
    if header is None:
        raise DomainError("文件中没有表头和数据。", field="file")
    columns = map_columns(header, DOCUMENT_COLUMNS, DOCUMENT_REQUIRED, DOCUMENT_LABELS)
    errors, seen, clean_rows, checked = LineErrors(), {}, [], 0
    for line, cells in rows:
        if _blank(cells):
            continue
        checked += 1
        data = {f: _cell(cells, i) for f, i in columns.items()}
        for date_field in ("issued_on", "effective_on", "ended_on"):
            if isinstance(data.get(date_field), dt.datetime):
                data[date_field] = data[date_field].date()
        data = {f: (v if isinstance(v, dt.date) else cell_text(v)) for f, v in data.items()}
        try:
            values = clean_document(org, data)
        except DomainError as exc:
            errors.add(line, f"{DOCUMENT_LABELS.get(exc.field, '')}：{exc.message}" if exc.field in DOCUMENT_LABELS else exc.message)
            continue
        if values["number"] in seen:
            errors.add(line, f"文号“{values['number']}”与第 {seen[values['number']]} 行重复。")
            continue
        seen[values["number"]] = line
        clean_rows.append(values)
    if not checked and not errors.count:
        raise DomainError("文件只有表头，没有数据行。", field="file")
    errors.raise_if_any(checked)
    return NormativeDocument.objects.bulk_create([NormativeDocument(organization=org, **v) for v in clean_rows])


def _document_rows(docs: Iterable[NormativeDocument]) -> Iterable[list]:
    # The export is a data file to be imported again: its kind and status words are Chinese.
    yield [DOCUMENT_LABELS[f] for f in DOCUMENT_COLUMNS]
    for d in docs:
        yield [
            d.number, d.title, zh(DocumentKind(d.kind).label), d.issuer, d.issued_on, d.effective_on, d.ended_on or "",
            zh(DocumentStatus(d.status).label), d.status_note, d.url,
        ]


def export_documents_csv(docs: Iterable[NormativeDocument]) -> bytes:
    """UTF-8 with BOM, so that Excel on Windows opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _document_rows(docs):
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_documents_xlsx(docs: Iterable[NormativeDocument]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("规章和规范性文件")
    for row in _document_rows(docs):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- decision records ------------------------------------------------------------------

RECORD_COLUMNS = {
    "kind": ("类别", "类型", "决定类别", "事项类别", "type", "kind"),
    "number": ("决定书文号", "文号", "决定文书号", "决定书编号", "编号", "票据号", "decision_number", "number", "decision_no"),
    "date": ("决定日期", "日期", "作出决定日期", "收费日期", "date", "decided_on", "decision_date"),
    "amount": ("金额", "收费金额", "金额（元）", "amount", "amount_yuan"),
}
RECORD_LABELS = {"kind": "类别", "number": "决定书文号", "date": "决定日期", "amount": "金额（元）"}
RECORD_REQUIRED = ("kind", "number", "date")
KIND_BY_TEXT = {
    **{zh(k.label): k.value for k in EnforcementKind},
    **{k.value: k.value for k in EnforcementKind},
    "许可": "license", "处罚": "penalty", "强制": "compulsion", "收费": "fee", "行政收费": "fee",
    "administrative_license": "license", "administrative_penalty": "penalty",
    "administrative_compulsion": "compulsion", "administrative_fee": "fee", "administrative_fees": "fee",
}
KIND_BY_TEXT.update({k.upper(): v for k, v in list(KIND_BY_TEXT.items()) if k.isascii()})
BATCH_SIZE = 5000
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999999999.99")


@dataclass
class EnforcementImportResult:
    batch: EnforcementImport
    counts: dict[str, int]  # kind -> rows imported
    replaced: int


RECORD_FIELDS = ("organization_id", "year", "kind", "number", "decided_on", "amount_yuan", "batch_id", "source_line")


def _insert_sql() -> str:
    table = connection.ops.quote_name(EnforcementRecord._meta.db_table)
    return f"INSERT INTO {table} ({', '.join(RECORD_FIELDS)}) VALUES ({', '.join(['%s'] * len(RECORD_FIELDS))})"


def _copy_sql() -> str:
    return f"COPY {connection.ops.quote_name(EnforcementRecord._meta.db_table)} ({', '.join(RECORD_FIELDS)}) FROM STDIN"


def _insert_rows(rows: list[tuple]) -> None:
    """Insert in one savepoint: PostgreSQL through COPY (7× faster than executemany here), others executemany."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors, cursor.cursor.copy(_copy_sql()) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(_insert_sql(), rows)


class _RecordWriter:
    """Inserts validated rows in batches; reports duplicates by line without keeping all numbers in memory."""

    def __init__(self, org: Organization, batch: EnforcementImport, errors: LineErrors):
        self.org, self.batch, self.errors = org, batch, errors
        self.pending: list[tuple] = []

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows:
            return
        try:
            _insert_rows(rows)  # a savepoint: a failed batch leaves no trace
        except IntegrityError:
            self._insert_reporting_duplicates(rows)

    def _insert_reporting_duplicates(self, rows: list[tuple]) -> None:
        """The batch hit the unique constraint: find which lines are duplicates, insert the rest."""
        first_line: dict[tuple, int] = {}
        unique_rows = []
        for row in rows:
            key = (row[1], row[2], row[3])  # year, kind, number
            if key in first_line:
                self._duplicate(row, f"第 {first_line[key]} 行")
            else:
                first_line[key] = row[7]
                unique_rows.append(row)
        existing = {}
        by_kind_year: dict[tuple, list[str]] = {}
        for row in unique_rows:
            by_kind_year.setdefault((row[1], row[2]), []).append(row[3])
        for (year, kind), numbers in by_kind_year.items():
            for start in range(0, len(numbers), 900):
                found = EnforcementRecord.objects.filter(
                    organization=self.org, year=year, kind=kind, number__in=numbers[start:start + 900]
                ).values_list("number", "source_line", "batch_id")
                for number, line, batch_id in found:
                    existing[(year, kind, number)] = (line, batch_id)
        fresh = []
        for row in unique_rows:
            hit = existing.get((row[1], row[2], row[3]))
            if hit is None:
                fresh.append(row)
            elif hit[1] == self.batch.pk:
                self._duplicate(row, f"第 {hit[0]} 行")
            else:
                self._duplicate(row, f"已导入的记录（导入批次 #{hit[1]} 第 {hit[0]} 行）")
        if fresh:
            _insert_rows(fresh)

    def _duplicate(self, row: tuple, where: str) -> None:
        label = EnforcementKind(row[2]).label
        self.errors.add(row[7], f"决定书文号“{row[3]}”与{where}重复（同一机构、年度、类别“{label}”内文号不得重复）。")


def import_enforcement(
    org: Organization, stream: IO[bytes], filename: str, *, year: int | None = None, replace: bool = False,
    user=None, via: str = "cli", progress: Callable[[TabularFile], Callable[[int], None] | None] | None = None,
) -> EnforcementImportResult:
    """Import a file of decision records for ``org``; all or nothing.

    ``year``: the file is for this year; rows dated in another year are errors.
    ``replace``: first remove the records already imported for ``org`` and ``year``
    (a corrected file for the same year), in the same transaction.
    ``progress``: given the opened table, returns a callback fed with units done.
    """
    if replace and year is None:
        raise DomainError("替换已导入的记录时须指定年度（--year）。", field="year")
    if year is not None and not 2000 <= year <= 2100:
        raise DomainError("年度应在2000年至2100年之间。", field="year")
    table = open_table(stream, filename)
    tick = progress(table) if progress else None
    rows = table.rows(tick)
    header = next((c for _, c in rows if not _blank(c)), None)
    if header is None:
        raise DomainError("文件中没有表头和数据。", field="file")
    columns = map_columns(header, RECORD_COLUMNS, RECORD_REQUIRED, RECORD_LABELS)
    i_kind, i_number, i_date, i_amount = (columns.get(f) for f in ("kind", "number", "date", "amount"))
    errors = LineErrors()
    counts = dict.fromkeys(EnforcementKind.values, 0)
    checked = 0
    org_id = org.pk
    with transaction.atomic():
        replaced = 0
        if replace:
            replaced, _ = EnforcementRecord.objects.filter(organization=org, year=year).delete()
        batch = EnforcementImport.objects.create(
            organization=org, year=year, filename=filename[:255], imported_by=user, imported_via=via, replaced=replaced
        )
        writer = _RecordWriter(org, batch, errors)
        pending, batch_size = writer.pending, BATCH_SIZE
        batch_id = batch.pk
        kinds = KIND_BY_TEXT
        for line, cells in rows:
            n = len(cells)
            kind_text = cells[i_kind] if i_kind < n else None
            number = cells[i_number] if i_number < n else None
            raw_date = cells[i_date] if i_date < n else None
            raw_amount = cells[i_amount] if i_amount is not None and i_amount < n else None
            if not (kind_text or number or raw_date or raw_amount) and _blank(cells):
                continue
            checked += 1
            if isinstance(kind_text, str):
                kind_text = kind_text.strip()
                kind = kinds.get(kind_text) or kinds.get(kind_text.lower())
            else:
                kind = None
            if kind is None:
                errors.add(line, f"类别“{cell_text(kind_text)}”无法识别，应为行政许可、行政处罚、行政强制或行政事业性收费。"
                           if cell_text(kind_text) else "类别为空。")
                continue
            number = number.strip() if number.__class__ is str else cell_text(number)
            if not number:
                errors.add(line, "决定书文号为空。")
                continue
            if len(number) > 120:
                errors.add(line, "决定书文号过长（最多120个字）。")
                continue
            try:
                decided_on = parse_date(raw_date)
            except ValueError as exc:
                errors.add(line, f"决定日期{exc}。")
                continue
            if year is not None and decided_on.year != year:
                errors.add(line, f"决定日期 {decided_on.isoformat()} 不在 {year} 年度内。")
                continue
            amount = None
            if raw_amount is not None and raw_amount != "":
                try:
                    amount = parse_decimal(raw_amount)
                except ValueError as exc:
                    errors.add(line, f"金额{exc}。")
                    continue
                if amount != amount.quantize(CENT) or amount > MAX_AMOUNT:
                    errors.add(line, f"金额“{cell_text(raw_amount)}”无效：以元为单位，最多两位小数。")
                    continue
            elif kind == "fee":
                errors.add(line, "行政事业性收费须填写金额（元）。")
                continue
            counts[kind] += 1
            # dates go in as ISO text: what Django stores on SQLite, and cast by PostgreSQL
            pending.append((org_id, decided_on.year, kind, number, decided_on.isoformat(), amount, batch_id, line))
            if len(pending) >= batch_size:
                writer.flush()
                pending = writer.pending
        writer.flush()
        if not checked and not errors.count:
            raise DomainError("文件只有表头，没有数据行。", field="file")
        errors.raise_if_any(checked)
        batch.rows = sum(counts.values())
        batch.save(update_fields=["rows"])
    return EnforcementImportResult(batch, {k: v for k, v in counts.items() if v}, replaced)
