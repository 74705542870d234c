"""Property tests: random consistent reports, rendered in every raw style, parse back to the same values;
breaking one cell makes exactly the rules that involve it fail (computed from the schema)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.law.formats import load_format
from gongkai.reports.check import check_document
from gongkai.reports.extract import parse_source
from gongkai.reports.readers import read_bytes
from tests.support.generate import consistent_values
from tests.support.render import render

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
VERSIONS = st.sampled_from(["2021", "2019"])
RULE_SOURCES = {"official", "structural", "derived"}


def roundtrip(style: str, version: str, seed: int, *, single_other: bool | None = None, values=None):
    fmt = load_format(version)
    rng = random.Random(seed)
    if single_other is None:
        single_other = version == "2019" or rng.random() < 0.15
    if values is None:
        values = consistent_values(fmt, rng, single_other=single_other, blanks=style in ("html", "docx", "pdf"))
    data, name = render(style, fmt, values, rng=rng)
    doc = check_document(parse_source(read_bytes(data, name)))
    return fmt, values, doc


def assert_same_values(values: dict, doc, *, allow_ambiguous: bool = False):
    wrong = []
    for key, expected in values.items():
        got = doc.values.get(key, "absent")
        if got == expected:
            continue
        prov = doc.provenance.get(key)
        if allow_ambiguous and prov is not None and prov.ambiguous and expected in (prov.alternatives or []):
            continue
        wrong.append((key, expected, got))
    assert not wrong
    assert set(doc.values) == set(values)


def rule_findings(doc) -> set[str]:
    return {f.rule_id for f in doc.findings if f.source in RULE_SOURCES and f.severity in ("error", "warning")}


@pytest.mark.parametrize("style", ["tsv", "pipe_lines", "markdown", "cell_per_line"])
@settings(max_examples=40, deadline=None)
@given(version=VERSIONS, seed=SEEDS)
def test_text_styles_round_trip(style, version, seed):
    fmt, values, doc = roundtrip(style, version, seed)
    assert doc.metadata.format_version == version
    assert_same_values(values, doc)
    assert not [f for f in doc.findings if f.severity in ("error", "warning")], [f.message for f in doc.findings]


@settings(max_examples=80, deadline=None)
@given(version=VERSIONS, seed=SEEDS)
def test_collapsed_crawler_text_round_trips_or_flags(version, seed):
    """Digits run together: the value is recovered, or the cell is flagged with the value among its readings."""
    fmt, values, doc = roundtrip("collapsed", version, seed)
    assert_same_values(values, doc, allow_ambiguous=True)
    unflagged = [f for f in doc.findings if f.severity in ("error", "warning") and not f.rule_id.startswith("PARSE.AMBIGUOUS")]
    assert not unflagged, [f.message for f in unflagged]


@pytest.mark.parametrize(("style", "examples"), [("html", 40), ("docx", 25)])
def test_grid_styles_round_trip(style, examples):
    @settings(max_examples=examples, deadline=None)
    @given(version=VERSIONS, seed=SEEDS)
    def check(version, seed):
        fmt, values, doc = roundtrip(style, version, seed)
        assert_same_values(values, doc)
        bad = [f for f in doc.findings if f.severity == "error"]
        assert not bad, [f.message for f in bad]

    check()


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(version=VERSIONS, seed=SEEDS)
def test_pdf_round_trip(version, seed):
    fmt, values, doc = roundtrip("pdf", version, seed)
    assert_same_values(values, doc)


# -- breaking one cell ---------------------------------------------------------------------------


def _side(fmt, terms, values):
    total = 0
    for t in terms:
        total += t.coef * (values.get(t.key) or 0)
    return total


def expected_failures(fmt, values: dict) -> set[str]:
    """The rules of the schema that do not hold for ``values`` (a small evaluator of its equations)."""
    failing = set()
    for rule in fmt.rules:
        if rule.kind != "equation" or rule.scope != "single":
            continue
        if rule.when_printed and values.get(rule.when_printed) is None:
            continue
        lhs, rhs = list(rule.lhs), list(rule.rhs)
        # a printed subtotal stands for its absent parts (a one-row （六）其他处理)
        for side in (lhs, rhs):
            for dkey, dcell in fmt.derived.items():
                parts = [t for t in side if t.key in dcell.definition]
                if dkey in values and parts and len(parts) == len(dcell.definition) and not any(t.key in values for t in parts):
                    for t in parts:
                        side.remove(t)
                    side.append(type(parts[0])(parts[0].coef, dkey))
        if any(t.key not in values for t in (*lhs, *rhs)):
            continue
        left, right = _side(fmt, lhs, values), _side(fmt, rhs, values)
        if not (left == right if rule.op == "==" else left <= right):
            failing.add(rule.id)
    return failing


@settings(max_examples=60, deadline=None)
@given(version=VERSIONS, seed=SEEDS, style=st.sampled_from(["tsv", "markdown", "cell_per_line", "html", "docx"]),
       which=st.integers(min_value=0, max_value=10**6), delta=st.integers(min_value=1, max_value=9))
def test_breaking_one_cell_fails_exactly_its_rules(version, seed, style, which, delta):
    fmt = load_format(version)
    rng = random.Random(seed)
    values = consistent_values(fmt, rng, single_other=version == "2019" or rng.random() < 0.15,
                               blanks=style in ("html", "docx"))
    assert expected_failures(fmt, values) == set()
    keys = sorted(k for k in values if k.startswith(("t3.", "t4.")))
    key = keys[which % len(keys)]
    broken = dict(values)
    broken[key] = (broken[key] or 0) + delta
    expected = expected_failures(fmt, broken)
    assert expected, key  # every Table 3/4 cell is in at least one equation
    _, _, doc = roundtrip(style, version, seed, values=broken)
    assert doc.values[key] == broken[key]
    assert rule_findings(doc) == expected
