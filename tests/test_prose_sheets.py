"""A project described in prose (a 项目经费情况说明) read as its sheet (catalog/perf.py)."""

from __future__ import annotations

from catalog.narrative import Paragraph
from catalog.perf import sheets_from_prose


def _part(*sections: tuple[str, str], part: str = "项目经费情况说明") -> list[Paragraph]:
    out, line = [], 1
    for section, text in sections:
        out.append(Paragraph(part, section, "", f"一、{section}", line, "heading"))
        out.append(Paragraph(part, section, "", text, line + 1))
        line += 2
    return out


def test_a_part_whose_sections_are_sheet_fields_is_one_project_named_by_its_overview():
    sheets = sheets_from_prose(_part(
        ("项目概况", "由某街道办事处建设的某社区服务中心新建工程，位于某路口。本工程面积约100平方米。"),
        ("立项依据", "为了整合社区服务资源。"),
        ("实施周期", "第一至四季度支付尾款。"),
        ("绩效目标", "建成后作为社区活动场所。")))
    assert len(sheets) == 1
    sheet = sheets[0]
    assert sheet.meta["project"] == "某社区服务中心新建工程"
    assert sheet.texts["goal_year"] == "建成后作为社区活动场所。"
    assert sheet.meta["term"] == "第一至四季度支付尾款。"


def test_a_second_overview_starts_the_next_project_and_too_few_fields_make_none():
    two = sheets_from_prose(_part(
        ("项目概况", "建设甲社区中心项目，用于甲。"), ("立项依据", "甲依据。"), ("绩效目标", "甲目标。"),
        ("项目概况", "建设乙社区中心项目，用于乙。"), ("立项依据", "乙依据。"), ("绩效目标", "乙目标。")))
    assert [s.meta["project"] for s in two] == ["建设甲社区中心项目", "建设乙社区中心项目"]
    assert sheets_from_prose(_part(("项目概况", "建设甲项目。"), ("立项依据", "依据。"))) == []
    # a part of the explanations that is no project's (收支预算总体情况) is never one
    assert sheets_from_prose(_part(("收入预算", "收入100万元。"), ("支出预算", "支出100万元。"),
                                   ("三公经费", "三公1万元。"))) == []

