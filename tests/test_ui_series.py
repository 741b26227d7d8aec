"""The series of an answer (ui/series.py): one figure per year, in year order, one unit."""

from __future__ import annotations

from ui.series import series_of


def _ans(*figures: tuple[str, float, str], status: str = "answered") -> dict:
    return {"status": status, "figures": [{"label": lab, "value": v, "unit": u}
                                          for lab, v, u in figures]}


def test_years_in_order_one_each():
    ans = _ans(("“三公”经费比上年减少", 57, "万元"), ("2026年 “三公”经费", 57, "万元"),
               ("2025年 “三公”经费", 114, "万元"))
    assert [(p["year"], p["value"]) for p in series_of(ans)] == [("2025", 114), ("2026", 57)]


def test_no_series_for_one_year_mixed_units_or_a_question_back():
    assert series_of(_ans(("2026年 “三公”经费", 57, "万元"))) == []
    assert series_of(_ans(("2025年 人数", 5, "人"), ("2026年 经费", 5, "万元"))) == []
    assert series_of(_ans(("2025年 a", 1, "万元"), ("2026年 a", 2, "万元"),
                          status="clarify")) == []
