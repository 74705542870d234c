"""Reading CSV and XLSX files row by row, for the imports of this app.

Files are streamed: a CSV is decoded as it is read (``csv`` over a text
wrapper), an XLSX is read with openpyxl's read-only mode, so a file of a million
rows never sits in memory.  Each row comes with its line number as a clerk sees
it in Excel or a text editor (the header is line 1).

Also here: the lenient parsers for the values clerks type into spreadsheets
(dates as ``2023-01-05``, ``2023/1/5``, ``2023年1月5日`` …, amounts with
thousands separators, full-width digits).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Callable, Iterator

from gongkai.law.errors import DomainError

CSV_EXTENSIONS = {".csv", ".txt", ".tsv"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
SUPPORTED = "CSV（UTF-8 或 GBK 编码）或 Excel .xlsx"

Progress = Callable[[int], None]  # called with the units done since the last call


class _CountingReader(io.RawIOBase):
    """A binary stream that reports how many bytes were consumed (for the progress bar)."""

    def __init__(self, raw: IO[bytes], progress: Progress | None):
        self.raw, self.progress = raw, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if self.progress and n:
            self.progress(n)
        return n


def _detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) or GB18030 (what Excel on Chinese Windows writes)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the end of the sample is fine
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


@dataclass
class TabularFile:
    """An opened table: ``rows()`` yields ``(line_number, [cell, ...])``; ``total`` is for progress."""

    kind: str  # csv | xlsx
    total: int | None  # bytes (csv) or rows (xlsx), for a progress bar
    unit: str
    _rows: Callable[[Progress | None], Iterator[tuple[int, list]]]
    encoding: str | None = None

    def rows(self, progress: Progress | None = None) -> Iterator[tuple[int, list]]:
        return self._rows(progress)


def open_table(stream: IO[bytes], filename: str, size: int | None = None) -> TabularFile:
    """Open ``stream`` (binary, seekable) as CSV or XLSX, by its content and name.

    Raises ``DomainError`` with a Chinese message for files of another type.
    """
    ext = os.path.splitext(filename.lower())[1]
    head = stream.read(65536)
    stream.seek(0)
    if not head.strip():
        raise DomainError("文件是空的。", field="file")
    if head.startswith(b"PK\x03\x04"):
        if ext and ext not in XLSX_EXTENSIONS:
            raise DomainError(f"文件内容是 Excel 工作簿，但扩展名是“{ext}”：请使用 .xlsx 扩展名。", field="file")
        return _open_xlsx(stream)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError("不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入。", field="file")
    if ext in XLSX_EXTENSIONS:
        raise DomainError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿（文件可能已损坏）。", field="file")
    if ext not in CSV_EXTENSIONS:
        raise DomainError(f"不支持的文件类型“{ext or '无扩展名'}”：请上传{SUPPORTED}。", field="file")
    if b"\x00" in head:
        raise DomainError(f"文件不是文本格式的 CSV：请上传{SUPPORTED}。", field="file")
    return _open_csv(stream, head, size)


def _open_csv(stream: IO[bytes], head: bytes, size: int | None) -> TabularFile:
    encoding = _detect_encoding(head)
    first_line = head.split(b"\n", 1)[0]
    delimiter = "\t" if first_line.count(b"\t") > first_line.count(b",") else ","

    def rows(progress: Progress | None) -> Iterator[tuple[int, list]]:
        stream.seek(0)
        text = io.TextIOWrapper(
            io.BufferedReader(_CountingReader(stream, progress), buffer_size=1 << 16), encoding=encoding, newline=""
        )
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for cells in reader:
                yield reader.line_num, cells
        except UnicodeDecodeError:
            raise DomainError(
                f"第 {reader.line_num + 1} 行附近：文件中有无法按 {encoding} 解码的字节，请以 UTF-8 或 GBK 编码保存后重试。",
                field="file",
            ) from None
        except csv.Error as exc:
            raise DomainError(f"第 {reader.line_num} 行：CSV 格式有误（{exc}）。", field="file") from None
        finally:
            text.detach()

    if size is None:
        try:
            size = os.fstat(stream.fileno()).st_size
        except (AttributeError, OSError, io.UnsupportedOperation):
            size = None
    return TabularFile("csv", size, "B", rows, encoding=encoding)


def _open_xlsx(stream: IO[bytes]) -> TabularFile:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DomainError(f"无法读取 Excel 工作簿（{exc.__class__.__name__}）：文件可能已损坏。", field="file") from None
    sheet = workbook.worksheets[0]
    total = sheet.max_row if sheet.max_row and sheet.max_row > 1 else None

    def rows(progress: Progress | None) -> Iterator[tuple[int, list]]:
        try:
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if progress:
                    progress(1)
                yield line, list(values)
        finally:
            workbook.close()

    return TabularFile("xlsx", total, "行", rows)


# -- headers ------------------------------------------------------------------

_PAREN_RE = re.compile(r"[（(][^）)]*[）)]")


def normalize_header(text) -> str:
    """``" 金额（元） "`` → ``"金额"``; ``"Decision Number"`` → ``"decisionnumber"``."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    s = _PAREN_RE.sub("", s)
    return re.sub(r"[\s_\-:：*]", "", s)


def map_columns(header: list, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...], labels: dict[str, str]) -> dict[str, int]:
    """Column index of each known field; ``DomainError`` naming the missing required columns."""
    lookup = {normalize_header(a): field for field, names in aliases.items() for a in names}
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        field = lookup.get(normalize_header(title))
        if field and field not in found:
            found[field] = index
    missing = [f for f in required if f not in found]
    if missing:
        wanted = "；".join(f"{labels[f]}（可写作：{'、'.join(aliases[f][:4])}）" for f in missing)
        raise DomainError(f"第 1 行（表头）缺少必填列：{wanted}。", field="file")
    return found


# -- values ---------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value) -> dt.date:
    """A date from a spreadsheet cell; ``ValueError`` with a Chinese message otherwise."""
    if value.__class__ is str and len(value) == 10 and value[4] == "-":  # fast path: 2023-01-05
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        raise ValueError("为空")
    if len(text) == 10 and text[4] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    text = unicodedata.normalize("NFKC", text)
    if " " in text or "T" in text:  # "2023-01-05 00:00:00" as exported by many systems
        text = re.split(r"[ T]", text, 1)[0]
    m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not m:
        raise ValueError(f"“{text}”不是日期（应写作 2023-01-05、2023/1/5 或 2023年1月5日）")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"“{text}”不是有效日期") from None


def parse_decimal(value) -> Decimal:
    """A non-negative amount; thousands separators, full-width digits and a trailing 元 are accepted."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        text = unicodedata.normalize("NFKC", cell_text(value)).replace(",", "").replace("元", "").strip()
        if not text:
            raise ValueError("为空")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{cell_text(value)}”不是数字") from None
    if not result.is_finite():
        raise ValueError(f"“{cell_text(value)}”不是数字")
    if result < 0:
        raise ValueError(f"“{cell_text(value)}”是负数")
    return result
