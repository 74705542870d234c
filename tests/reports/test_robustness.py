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


def _tab_report() -> str:
    import random

    from gongkai.law.formats import load_format
    from tests.support.generate import consistent_values
    from tests.support.variants import Style, render_variant

    fmt = load_format("2021")
    values = consistent_values(fmt, random.Random(1), single_other=False)
    return render_variant(fmt, values, Style(sep="tab"), agency="某市某局")[0]


@pytest.mark.parametrize("run", [20, 40, 64, 5000])
def test_long_digit_runs_are_bounded(tmp_path, run):
    """A crawler page whose row holds an absurd run of digits: an answer (or a clean error) within seconds."""
    import time

    text = _tab_report().replace("（一）予以公开\t", "（一）予以公开\t" + "1" * run + "\t").replace("\t", "")
    t = time.process_time()
    r = check_bytes(tmp_path, text.encode("utf-8"), "a.txt")
    assert time.process_time() - t < 20
    assert r.ok or r.error


@pytest.mark.parametrize(("name", "data"), [
    ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
    ("png.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
    ("frames.html", b"<html><frameset><frame src='a.htm'></frameset></html>"),
    ("nested.html", ("<html><body>" + "<table><tr><td>" * 300 + "本年新收 1 2 3" + "</td></tr></table>" * 300
                     + "</body></html>").encode()),
    ("wide.html", ("<html><body><p>三、收到和处理政府信息公开申请情况</p><table>" + ("<tr><td>本年新收</td>" + "<td>1</td>" * 500
                   + "</tr>") * 300 + "</table></body></html>").encode()),
    ("dashes.txt", ("一、总体情况\n三、收到和处理政府信息公开申请情况\n本年新收\t" + "—" * 3000 + "\n").encode()),
])
def test_odd_inputs_give_a_reason(tmp_path, name, data):
    r = check_bytes(tmp_path, data, name)
    assert not r.ok and r.error


def test_report_with_nul_bytes_or_declared_gb2312(tmp_path):
    text = _tab_report()
    r = check_bytes(tmp_path, text.encode()[:2000] + b"\x00" * 50 + text.encode()[2000:], "a.txt")
    assert not r.ok and r.error
    page = "<html><head><meta charset='gb2312'></head><body><pre>" + text + "</pre></body></html>"
    r = check_bytes(tmp_path, page.encode("gb18030"), "a.html")
    assert r.ok, r.error
