"""Bad input gives a clean, Chinese reason — never a traceback."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reports.check import check_file
from tests.support.gold import CORPUS

RAW_FILES = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".txt", ".html", ".md", ".pdf")
                   and not p.name.startswith("README"))
REF002 = CORPUS / "reference" / "002_1afd807652ea93b8.txt"


def check_bytes(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return check_file(path)


def test_empty_and_blank_files(tmp_path):
    for data in (b"", b"   \n\t\n", "\ufeff".encode("utf-8")):
        r = check_bytes(tmp_path, data, "empty.txt")
        assert not r.ok and "空" in r.error


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000), name=st.sampled_from(["a.txt", "a.html", "a.pdf", "a.docx", "a.md", "a"]))
def test_random_bytes(tmp_path, data, name):
    r = check_bytes(tmp_path, data, name)
    assert not r.ok and r.error


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=3000))
def test_random_text(tmp_path, text):
    r = check_bytes(tmp_path, text.encode("utf-8"), "a.txt")
    assert r.ok or r.error


@pytest.mark.parametrize("path", RAW_FILES, ids=lambda p: f"{p.parent.name}-{p.name}")
@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.6])
def test_truncated_files(tmp_path, path, fraction):
    data = path.read_bytes()
    r = check_bytes(tmp_path, data[: int(len(data) * fraction)], path.name)
    # a file cut before its tables cannot be checked: say so; one cut after them may still be read
    if not r.ok:
        assert r.error
    else:
        assert r.doc.metadata.format_version is not None


@pytest.mark.parametrize("encoding", ["big5", "shift_jis", "utf-16-le", "cp1252"])
def test_wrong_encodings(tmp_path, encoding):
    text = REF002.read_text(encoding="utf-8")
    data = text.encode(encoding, errors="replace")
    r = check_bytes(tmp_path, data, "a.txt")
    assert not r.ok and r.error


def test_truncated_docx_and_pdf(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body><w:p>")
    r = check_bytes(tmp_path, buf.getvalue(), "a.docx")
    assert not r.ok and "Word" in r.error
    r = check_bytes(tmp_path, buf.getvalue()[:40], "a.docx")
    assert not r.ok
    pdf = (CORPUS / "dev" / "002.raw.pdf").read_bytes()
    r = check_bytes(tmp_path, pdf[: len(pdf) // 3], "a.pdf")
    assert not r.ok and "PDF" in r.error


def test_missing_file_and_folder(tmp_path):
    r = check_file(tmp_path / "nope.txt")
    assert not r.ok and "不存在" in r.error
    r = check_file(tmp_path)
    assert not r.ok and "文件夹" in r.error


def test_not_a_report(tmp_path):
    r = check_bytes(tmp_path, "今天天气很好，我们去公园散步。".encode("utf-8"), "a.txt")
    assert not r.ok and "年度报告" in r.error


def test_old_binary_office_files(tmp_path):
    r = check_bytes(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "年报.doc")
    assert not r.ok and ".docx" in r.error
