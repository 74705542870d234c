"""年报核查 without the web: upload checks on arbitrary input, and stored JSON documents read back faithfully."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.errors import DomainError
from gongkai.law.rules import validate
from gongkai.reports.check import check_file
from gongkai.reports.document import ReportDocument
from gongkai.supervision import checking

from .conftest import CORPUS

NAMES = st.sampled_from(["报告.txt", "报告.html", "报告.htm", "报告.pdf", "报告.docx", "报告.doc", "报告", "a.exe",
                         "年报.TXT", "dir/子目录\\年报.PDF"])


@settings(max_examples=300, deadline=None)
@given(name=NAMES, content=st.binary(max_size=4096))
def test_upload_check_accepts_or_explains(name, content):
    """Any bytes under any name: either accepted, or a Chinese message naming the file — never another error."""
    try:
        upload = checking.check_upload(name, content)
    except DomainError as exc:
        shown = name.replace("\\", "/").rsplit("/", 1)[-1]
        assert f"“{shown}”" in exc.message
        return
    assert upload.name.lower().endswith(checking.EXTENSIONS)
    assert upload.content == content and content.strip()
    if upload.name.lower().endswith((".txt", ".html", ".htm")):
        assert b"\x00" not in content[:8192]


@settings(max_examples=100, deadline=None)
@given(text=st.text(min_size=1, max_size=500).filter(lambda t: t.strip() and "\x00" not in t),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_text_in_the_readers_encodings_is_accepted(text, encoding):
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        return
    if not content.strip():
        return
    try:
        checking.check_upload("年报.txt", content)
    except DomainError as exc:
        # only content that happens to look like a binary format is refused
        assert "内容不是文字" in exc.message


def test_oversize_is_refused(settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 100
    with pytest.raises(DomainError, match="过大"):
        checking.check_upload("年报.txt", "年".encode() * 100)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.raw.*")), ids=lambda p: p.name)
def test_stored_document_reads_back_to_the_same_values(path):
    """What ``check_published`` and the comparison rely on: JSON document → values → the same rule findings."""
    result = check_file(path)
    assert result.ok, result.error
    doc = result.doc
    back = ReportDocument.from_json(doc.to_json())
    assert back.metadata.agency == doc.metadata.agency and back.metadata.year == doc.metadata.year
    assert back.metadata.format_version == doc.metadata.format_version
    if doc.format is None:
        assert back.facts == doc.facts
        return
    assert set(back.values) == {k for k in doc.values if doc.format.has_cell(k)}
    for key, value in back.values.items():
        assert value == doc.values[key], key
    again = {(f.rule_id, f.severity) for f in validate(doc.format, back.values)}
    first = {(f.rule_id, f.severity) for f in validate(doc.format, {k: v for k, v in doc.values.items()
                                                                     if doc.format.has_cell(k)})}
    assert again == first
