"""``gongkai annual-report build``."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.annual import services

from .conftest import make_case


@pytest.fixture
def data(org):
    make_case(org, "2024-12-30", "2025-01-05", "granted")
    make_case(org, "2025-03-01", "2025-03-10", "other_withdrawn")
    make_case(org, "2025-12-31")


def build(tmp_path, *args, name="out"):
    path = tmp_path / name
    call_command("annual_report", "build", *args, "--output", str(path))
    return path


def test_json_without_a_version_is_a_fresh_draft_and_exits_1_on_errors(org, data, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        build(tmp_path, "--org", "LZGA", "--year", "2025", "--format", "json")
    assert exc.value.code == 1  # the unsaved draft still has its 【请填写】 placeholders
    doc = json.loads((tmp_path / "out").read_text("utf-8"))
    assert doc["schema"] == "gongkai.report/1" and doc["metadata"]["year"] == 2025
    assert doc["metadata"]["format"] == "2021" and doc["metadata"]["source"]["kind"] == "compiled"
    from gongkai.law.formats import load_format

    assert set(doc["tables"]) == set(load_format("2021").cells)
    assert doc["tables"]["t3.total.new_received"] == 2 and doc["tables"]["t3.total.carried_over"] == 1
    assert doc["summary"]["errors"] == 3
    err = capsys.readouterr().err
    assert "NARRATIVE.PLACEHOLDER.s1_overview" in err and "3 个错误" in err


def test_the_working_version_and_each_format(org, users, data, ready, tmp_path):
    ready()
    for fmt, magic in (("json", b"{"), ("html", b"<!DOCTYPE html>"), ("docx", b"PK"), ("pdf", b"%PDF"),
                       ("csv", "\ufeff单元格键".encode())):
        path = build(tmp_path, "--org", "LZGA", "--year", "2025", "--format", fmt, name=f"r.{fmt}")
        assert path.read_bytes().startswith(magic), fmt


def test_a_published_version_is_output_as_stored(org, users, data, ready, publish, tmp_path):
    version = publish(ready())
    make_case(org, "2025-05-05", "2025-05-06", "granted")  # later data do not change the published file
    path = build(tmp_path, "--org", "LZGA", "--year", "2025", "--format", "pdf", "--version", "1")
    assert path.read_bytes() == bytes(version.files.get(kind="pdf").content)
    doc = json.loads(build(tmp_path, "--org", "LZGA", "--year", "2025", "--format", "json", "--version", "1").read_text())
    assert doc["tables"]["t3.total.new_received"] == 2 and doc["metadata"]["published"] == "2026-01-12"
    # without --version: a new draft would be compiled from today's data
    assert services.current_version(org, 2025) is None


@pytest.mark.parametrize("args,message", [
    (["--org", "NOPE", "--year", "2025", "--format", "json"], "机构 NOPE 不存在"),
    (["--org", "LZGA", "--year", "2020", "--format", "json"], "2019年试行格式"),
    (["--org", "LZGA", "--year", "2025", "--format", "json", "--version", "3"], "没有已发布的第3版"),
])
def test_usage_errors_exit_2(org, tmp_path, args, message):
    with pytest.raises(CommandError, match=message) as exc:
        build(tmp_path, *args)
    assert exc.value.returncode == 2


def test_the_gongkai_entry_point_maps_the_hyphen(org, data, tmp_path, monkeypatch):
    from gongkai import cli

    path = tmp_path / "r.json"
    with pytest.raises(SystemExit):
        cli.main(["gongkai", "annual-report", "build", "--org", "LZGA", "--year", "2025", "--format", "json",
                  "--output", str(path)])
    assert json.loads(path.read_text())["tables"]["t3.total.carry_forward"] == 1
