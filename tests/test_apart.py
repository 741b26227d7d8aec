"""A clause setting a part apart (queries/apart.py): found whole, and read away only where
what it names is no part of what is answered (the answers themselves: question tables)."""

import pytest

from queries.apart import set_apart

SPECS = [
    ("除了日常开销以外，专门做项目的钱一共多少", ("专门做项目的钱一共多少", "日常开销")),
    ("行政单位医疗，事业单位的不算，多少", ("行政单位医疗，多少", "事业单位")),
    ("光基本工资发了多少 不算津贴的", ("光基本工资发了多少", "津贴")),
    ("那个除了花在人身上的钱，公用的那块开销多少", ("公用的那块开销多少", "花在人身上")),
    ("项目支出多少，基本支出不算在内", ("项目支出多少", "基本支出")),
    # no clause of its own: said inside one, or the whole question
    ("不算车辆购置的三公经费是多少", None),
    ("除了财政拨款", None),
    # two clauses setting apart: which one the answer leaves out is not read
    ("除了工资，不算津贴，还有多少", None),
]


@pytest.mark.parametrize("text,expected", SPECS)
def test_set_apart(text, expected):
    assert set_apart(text) == expected
