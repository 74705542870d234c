"""The English catalogue is complete: every message id has a translation, nothing is fuzzy,
placeholders survive, and the compiled .mo file is up to date with the .po file."""

import re
from pathlib import Path

import polib
import pytest

import gongkai

LOCALE = Path(gongkai.__file__).parent / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
TAG = re.compile(r"</?[a-z]+")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(LOCALE / "django.po"))


def _translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_catalogue_is_substantial(po):
    assert len(po) > 1000


def test_every_entry_is_translated_and_none_is_fuzzy(po):
    assert po.untranslated_entries() == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po if any(not t.strip(" ") for t in _translations(e)) and e.msgid.strip()] == []


def test_no_obsolete_entries(po):
    assert [e.msgid for e in po.obsolete_entries()] == []


def test_translations_are_english(po):
    han = re.compile(r"[\u4e00-\u9fff]+")
    # Chinese stays only where the user must type it: examples of document numbers and dates,
    # the Chinese column names and values an import file accepts, the draft placeholder 【请填写：…】.
    allowed = {"柳公规", "柳政发", "柳公信", "号", "年", "月", "日", "日期", "类型", "名称", "来源", "请填写", "一",
               "主动公开", "行政许可", "行政处罚", "行政强制", "行政事业性收费"}
    leftovers = {e.msgid: t for e in po for t in _translations(e) if set(han.findall(t)) - allowed}
    assert leftovers == {}


def test_placeholders_and_markup_are_kept(po):
    for entry in po:
        for text in _translations(entry):
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(text)), entry.msgid
            assert sorted(TAG.findall(entry.msgid)) == sorted(TAG.findall(text)), entry.msgid


def test_compiled_catalogue_matches_the_po_file(po):
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo if not e.msgid_plural}
    expected = {e.msgid: e.msgstr for e in po if e.msgid and not e.msgid_plural and not e.obsolete}
    stale = {k: v for k, v in expected.items() if compiled.get(k) != v}
    assert stale == {}, "run: cd gongkai && python -m gongkai compilemessages"
