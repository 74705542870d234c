"""Number tokens and collapsed-digit splitting, on hand-worked examples."""

from decimal import Decimal

from gongkai.reports.numbers import split_tokens, tokenize
from gongkai.reports.readers import BLANK

T3 = ["integer"] * 7


def values(text, kinds=T3, check=None):
    readings = split_tokens(tokenize(text), kinds)
    vals = [tuple(p.value for p in r) for r in readings]
    return [v for v in vals if check is None or check(v)]


def row_sum(v):
    return sum(x or 0 for x in v[:6]) == (v[6] or 0)


def test_separated_numbers_are_one_cell_each():
    assert values("447 7 0 0 0 0 454") == [(447, 7, 0, 0, 0, 0, 454)]
    assert values("34\t0\t0\t0\t0\t0\t34") == [(34, 0, 0, 0, 0, 0, 34)]


def test_collapsed_run_is_split_by_the_row_sum():
    # the example: 801000081 = 80, 1, 0, 0, 0, 0, 81
    assert values("801000081", check=row_sum) == [(80, 1, 0, 0, 0, 0, 81)]
    # partly separated by spaces
    assert values("200 000121", check=row_sum) == [(20, 0, 0, 0, 0, 1, 21)]
    assert values("20 0 00 0 121", check=row_sum) == [(20, 0, 0, 0, 0, 1, 21)]


def test_no_number_has_a_leading_zero():
    assert values("0000000") == [(0,) * 7]
    assert values("007", ["integer"] * 3) == [(0, 0, 7)]


def test_fewer_digits_than_cells_means_blank_cells():
    readings = values("0 00000", check=row_sum)
    assert len(readings) == 7  # the blank could be any cell
    assert (0, None, 0, 0, 0, 0, 0) in readings


def test_signed_and_decimal_and_unit_cells():
    kinds = ["integer", "signed", "integer"]
    assert values("2648-18538", kinds) == [(2648, -1, 8538), (2648, -18, 538), (2648, -185, 38), (2648, -1853, 8)]
    assert values("35-15", ["integer", "signed"]) == [(35, -15)]
    assert values("+1036", ["signed"]) == [(1036,)]
    got = values("39573802895.90元", ["integer", "text"])
    assert (395, "73802895.90元") in got and len(got) == 9
    assert values("1350.1714", ["decimal"]) == [(Decimal("1350.1714"),)]
    assert values("251000元", ["text"]) == [("251000元",)]


def test_thousands_separators_and_full_width_digits_are_read_by_the_reader():
    assert values("1,234,567", ["integer"]) == [(1234567,)]


def test_prose_numbers_are_not_table_numbers():
    toks = tokenize("2023年，共收到申请3条，占33.9%，第5项，IPv6，2024-01-30")
    assert toks == []


def test_blank_markers():
    toks = tokenize(f"5\t{BLANK}\t{BLANK}\t2\t7")
    assert [t.kind for t in toks] == ["num", "blank", "blank", "num", "num"]
    assert values(f"5\t{BLANK}\t{BLANK}\t2\t7", ["integer"] * 5) == [(5, None, None, 2, 7)]


def test_stop_at_sentence():
    toks = tokenize("18651.064104 (二)主动公开政府信息的主要类别2023年，在主动公开的61条", stop_at_sentence=True)
    assert [t.text for t in toks] == ["18651.064104"]
