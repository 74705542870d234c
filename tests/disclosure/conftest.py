import csv
import io

import pytest

from gongkai.disclosure.imports import import_enforcement

from tests.support.fixtures import PASSWORD  # noqa: F401  (re-exported for the tests)


def csv_bytes(rows, header=("类别", "决定书文号", "决定日期", "金额（元）"), encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def import_records():
    def run(org, rows, year=None, **kw):
        return import_enforcement(org, io.BytesIO(csv_bytes(rows)), "records.csv", year=year, **kw)

    return run
