"""What the reader knows about a publication format: titles, header words, code layout, units.

Everything here is *format* vocabulary (the words every department's template uses), never a
figure or a name from one document. Supporting another province's layout means adding another
`Format` instance, not rewriting the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace


class Stored:
    """Values the reader writes into the database and the engine reads back: one spelling
    each, so reader and engine never disagree."""

    TOTAL = "合计"            # a total row; the “三公” total's level
    ITEM = "项"               # a “三公” item
    TABLE_TOTAL = "表合计"    # the 合计 of a “三公” table that adds items beside the “三公”
    BESIDE = "并列项"         # an item printed beside the “三公” (会议费, 培训费)
    PURCHASE_CLASS = "类"     # 政府采购: a 采购品目大类 row (货物 / 工程 / 服务)
    PURCHASE_LINE = "科目"    # … a 专项 and 经济科目 row
    PURCHASE_GOODS = "品目"   # … a 采购物品 row
    SUBITEM = "子项"          # a part of a “三公” item
    CURRENT = "本年"          # project period: the current-year table
    CARRYOVER = "上年结转"    # project period: the carried-over table
    YEARLY = "年度"           # performance indicator / fund period: the year
    TERM = "实施期"           # … the whole implementation period
    FUNDS_TOTAL = "资金总额"  # the total row of a sheet's funds
    FACT_BASIC = "基本信息"   # department sheet facts: counts
    FACT_TEXT = "文字"        # department sheet facts: texts
    ORG_COUNT = "所属单位数"
    ORG_UNIT = "所属单位"
    ORG_OFFICE = "内设机构"
    ORG_DUTY = "职责"


# Canonical keys for amount columns, shared by every table kind and by the SQL templates.
AMOUNT_KEYS = (
    "total", "basic", "project", "gpb", "fund", "soe", "special", "unit_funds",
    "carryover", "current", "personnel", "public", "reserve", "carry_out",
)

AMOUNT_KEY_LABELS = {
    "total": "合计", "basic": "基本支出", "project": "项目支出", "gpb": "一般公共预算",
    "fund": "政府性基金预算", "soe": "国有资本经营预算", "special": "财政专户管理资金",
    "unit_funds": "单位资金", "carryover": "上年结转", "current": "当年预算安排",
    "personnel": "人员经费", "public": "公用经费", "reserve": "单位预留机动经费",
    "carry_out": "结转下年资金",
}


@dataclass(frozen=True)
class TableKind:
    """One kind of report table: how to recognise its title and what its rows mean."""

    key: str                 # stable id used by templates, e.g. "expense"
    title: re.Pattern[str] | None  # matched against the title with the leading "2026年" removed
    role: str                # "summary" | "code" | "econ" | "sangong" | "opex" | "projects" …
    period: str = ""         # for project tables: 本年 / 上年结转
    # recognised by what the title says rather than its exact wording: every word of
    # `words`, none of `without` (a role table, see ROLES)
    words: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    # what its header and first rows hold (any of these words); a table titled as this kind
    # but holding none of them is kept as cells only, never typed as this kind
    holds: tuple[str, ...] = ()

    def matches(self, title: str) -> bool:
        if self.title is not None:
            return self.title.search(title) is not None
        return (bool(self.words) and all(w in title for w in self.words)
                and not any(w in title for w in self.without))


@dataclass(frozen=True)
class Format:
    """A publication template. The reader consults only this object for format knowledge."""

    name: str
    table_kinds: tuple[TableKind, ...]
    # header words that name label (text) columns and code columns
    label_headers: frozenset[str]
    code_headers: frozenset[str]
    # header leaf -> canonical amount key (checked after the year prefix is removed)
    amount_headers: dict[str, str]
    # header rows: words that may start a header row (an empty first cell also may)
    header_starts: frozenset[str]
    year_in_title: bool = True      # "2026年预算收支总表"; 决算 tables print no year
    # a row label printed across a two-sided table's groups names the figure at its end
    span_labels: bool = False
    # a row printed in both 收支总表 with different figures: True asks which table; False
    # answers from the 收支总表 (the national template's reading, its 财政拨款 table on ask)
    ask_between_summaries: bool = False
    # 政府采购预算表: header word -> the field its column fills (catalog.tables.procurement)
    procurement_columns: dict[str, str] = field(default_factory=lambda: {
        "采购品目大类": "category", "采购品目": "category", "专项名称": "project",
        "项目名称": "project", "经济科目": "econ", "采购物品名称": "item", "采购品目名称": "item",
        "采购组织形式": "method"})
    blank_is_zero: bool = False     # 决算: an empty cell means nothing was spent
    # what an income item's share is of when the question names no base: the budget's
    # 收入总计 (its parts include 上年结转); a 决算 states shares of 本年收入合计
    income_share_base: str = "收入总计"
    # words by which an explanation refers back to the project its paragraph opened with
    # ("本工程规划建筑面积约为13459平方米")
    anaphors: tuple[str, ...] = ("本工程", "本项目", "该工程", "该项目")
    kind_word: str = "预算"          # what the publication is: 预算 or 决算
    # header cells named by their role rather than their exact words ("…科目编码", "…名称")
    code_header_suffix: tuple[str, ...] = ("编码",)
    label_header_suffix: tuple[str, ...] = ("名称",)
    unit_prefix: str = "单位："
    # a table's preamble: "部门名称：X" and "单位：万元", or both on one line ("编制部门：X 单位：元")
    dept_line: re.Pattern[str] = re.compile(
        r"^(?:部门名称|编制部门|编制单位)[:：]\s*((?:(?!单位[:：]).)+)")
    unit_line: re.Pattern[str] = re.compile(r"(?<![制算])单位[:：]\s*(亿元|万元|元)")
    empty_markers: tuple[str, ...] = ("本表无数据", "本表为空表", "故本表为空")
    # 科目编码 layout: code length -> level name
    code_levels: dict[int, str] = field(default_factory=lambda: {3: "类", 5: "款", 7: "项"})
    code_pattern: re.Pattern[str] = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
    # two-sided summary tables: the words of their structural rows
    summary_rows: dict[str, str] = field(default_factory=dict)
    # performance sheets
    project_sheet_title: re.Pattern[str] = re.compile(r"项目支出绩效目标表$")
    dept_sheet_title: re.Pattern[str] = re.compile(r"整体支出绩效目标申报表$")
    # document parts
    part_heading: re.Pattern[str] = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
    section_heading: re.Pattern[str] = re.compile(r"^([一二三四五六七八九十]+)、(.{1,40})$")
    subsection_heading: re.Pattern[str] = re.compile(
        r"^(?:[（(]([一二三四五六七八九十]+)[）)]|(\d+)、)\s*(.{1,40})$"
    )

    def is_empty_note(self, text: str) -> bool:
        return any(m in text for m in self.empty_markers) or (
            self.empty_note is not None and self.empty_note.search(text) is not None)

    def is_code_header(self, leaf: str) -> bool:
        return leaf in self.code_headers or leaf.endswith(self.code_header_suffix)

    def is_label_header(self, leaf: str) -> bool:
        return leaf in self.label_headers or leaf.endswith(self.label_header_suffix)

    def starts_header(self, cell: str) -> bool:
        return cell in self.header_starts or self.is_code_header(cell) or \
            self.is_label_header(cell)

    # matched after the dot leaders are stripped (a lazy group before \.*$ is quadratic)
    toc_table_entry: re.Pattern[str] = re.compile(r"^表([一二三四五六七八九十]+)(.+)$")
    table_caption: re.Pattern[str] = re.compile(r"^(?:预算|部门)公开表\s*(\d+)$")
    # printed around a title and not part of it: a table label ("公开01表", "表十一"), a note
    # run into the title's line ("…预算表注：“科目编码”…为必填项")
    title_noise: tuple[re.Pattern[str], ...] = ()
    # what a title looks like once its noise is gone (a heading, not a sentence)
    title_shape: re.Pattern[str] | None = None
    # a note under a table that says the table is empty ("注：本部门无该项目")
    empty_note: re.Pattern[str] | None = None

    def clean_title(self, text: str) -> str:
        for pattern in self.title_noise:
            text = pattern.sub("", text)
        return text.strip()

    def is_title(self, text: str) -> bool:
        return self.title_shape is None or self.title_shape.match(text) is not None


_T = re.compile

# The 山西 2026 template (and the many provinces that use the same national template).
SHANXI_2026 = Format(
    name="shanxi-2026",
    table_kinds=(
        TableKind("summary", _T(r"^(?:部门)?预算收支总表$|^财务收支预算总表$"), "summary"),
        TableKind("income", _T(r"^(?:部门)?预算收入总表$"), "code"),
        TableKind("expense", _T(r"^(?:部门)?预算支出总表$"), "code"),
        TableKind("fiscal_summary", _T(r"^财政拨款收支总表$"), "summary"),
        TableKind("gpb_expense", _T(r"^一般公共预算支出预算表"), "code"),
        TableKind("gpb_basic_econ", _T(r"^一般公共预算(?:安排)?基本支出分?经济科目表|"
                                        r"^一般公共预算基本支出部门预算经济分类预算表"), "econ"),
        TableKind("fund_income", _T(r"^政府性基金预算收入表"), "code"),
        TableKind("fund_expense", _T(r"^政府性基金预算支出表"), "code"),
        TableKind("soe", _T(r"^国有资本经营预算收支预算表"), "code"),
        TableKind("sangong", _T(r"^财政拨款安排.三公.经费支出预算表$"), "sangong"),
        TableKind("opex", _T(r"^财政拨款安排机关运行经费预算表$"), "opex"),
        TableKind("projects_current", _T(r"^项目支出预算表[（(]本年预算[）)]$"), "projects", "本年"),
        TableKind("projects_carryover", _T(r"^项目支出预算表[（(]上年结转[）)]$"), "projects",
                  "上年结转"),
    ),
    label_headers=frozenset({
        "项目", "科目名称", "项目名称", "单位名称", "部门预算支出经济科目名称",
        "政府预算支出经济科目名称",
    }),
    code_headers=frozenset({"科目编码", "收入科目编码"}),
    amount_headers={
        "合计": "total", "小计": "total", "金额": "total", "": "total", "预算数": "total",
        "基本支出": "basic", "项目支出": "project",
        "一般公共预算": "gpb", "政府性基金": "fund", "政府性基金预算": "fund",
        "国有资本经营预算": "soe", "财政专户管理资金": "special", "单位资金": "unit_funds",
        "上年结转": "carryover", "上年结转安排": "carryover", "当年预算安排": "current",
        "人员经费": "personnel", "公用经费": "public",
        "政府性基金收入预算": "total", "国有资本经营收入预算": "total",
    },
    header_starts=frozenset({
        "项目", "收入", "支出", "科目编码", "收入科目编码", "单位名称", "项目名称",
        "部门预算支出经济科目名称", "国有资本经营预算收入",
    }),
    summary_rows={
        "income_total": "收入总计", "expense_total": "支出总计",
        "income_subtotal": "本年收入合计", "expense_subtotal": "本年支出合计",
        "carry_in": "上年结转", "carry_in_fiscal": "上年财政拨款结转", "carry_out": "年终结转",
    },
)

# The national template as Shanghai's districts print it (部门预算 and 单位预算): nine tables,
# amounts in 元 (the “三公” table in 万元), codes split into 类/款/项 cells, and one wide
# “三公”经费和机关运行经费 table. It extends the base format's vocabulary, the way a sqlglot
# dialect extends the base parser's tables.
_BODY = r"^(?:部门|单位|预算单位)?"
NATIONAL = replace(
    SHANXI_2026,
    name="national",
    table_kinds=(
        TableKind("summary", _T(_BODY + r"财务收支预算总表$"), "summary"),
        TableKind("income", _T(_BODY + r"收入预算总表$"), "code"),
        TableKind("expense", _T(_BODY + r"支出预算总表$"), "code"),
        TableKind("fiscal_summary", _T(_BODY + r"财政拨款收支预算总表$"), "summary"),
        TableKind("gpb_expense", _T(_BODY + r"一般公共预算支出功能分类预算表$"), "code"),
        TableKind("fund_expense", _T(_BODY + r"政府性基金预算支出功能分类预算表$"), "code"),
        TableKind("soe", _T(_BODY + r"国有资本经营预算支出功能分类预算表$"), "code"),
        TableKind("gpb_basic_econ", _T(_BODY + r"一般公共预算基本支出部门预算经济分类预算表$"),
                  "econ"),
        TableKind("sangong", _T(_BODY + r".三公.经费和机关运行经费预算表$"), "sangong_wide"),
    ),
    label_headers=SHANXI_2026.label_headers | {"功能分类科目名称", "经济分类科目名称"},
    code_headers=SHANXI_2026.code_headers | {"功能分类科目编码", "部门预算经济分类科目编码"},
    amount_headers={**SHANXI_2026.amount_headers, "一般公共预算资金": "gpb"},
    header_starts=SHANXI_2026.header_starts | {
        "功能分类科目编码", "部门预算经济分类科目编码", "本年收入", "财政拨款收入",
        "“三公”经费预算数", "合计",
    },
    # parts are titled, not numbered: group 2 is the part's name
    part_heading=_T(r"^()(.{0,40}?(?:主要职能|机构设置)|名词解释|\d{4}年(?:部门|单位)预算编制说明|"
                    r"其他相关情况说明|项目经费情况说明)$"),
)

# The national template's 部门决算 (final accounts): titles without a year, 决算数 columns, the
# “三公” table as 预算数/决算数 pairs, parts numbered 第N部分 again. A blank cell in a 决算
# table is a zero (nothing was spent), not an item left unbudgeted.
FINAL_ACCOUNTS = replace(
    NATIONAL,
    name="national-final",
    year_in_title=False,
    blank_is_zero=True,
    income_share_base="本年收入合计",
    kind_word="决算",
    table_kinds=(
        TableKind("summary", _T(r"^收入支出决算总表$"), "summary"),
        TableKind("income", _T(r"^收入决算表$"), "code"),
        TableKind("expense", _T(r"^支出决算表$"), "code"),
        TableKind("fiscal_summary", _T(r"^财政拨款收入支出决算总表$"), "summary"),
        TableKind("gpb_expense", _T(r"^一般公共预算财政拨款支出决算表$"), "code"),
        TableKind("gpb_basic_econ", _T(r"^一般公共预算财政拨款基本支出决算表$"), "econ"),
        TableKind("fund_expense", _T(r"^政府性基金预算财政拨款收入支出决算表$"), "code"),
        TableKind("soe", _T(r"^国有资本经营预算财政拨款收入支出决算表$"), "code"),
        TableKind("sangong", _T(r"^财政拨款.?三公.?经费支出决算表$"), "sangong_wide"),
    ),
    amount_headers={**NATIONAL.amount_headers, "决算数": "total", "本年收入合计": "total",
                    "本年支出合计": "total"},
    header_starts=NATIONAL.header_starts | {"收入", "经济分类", "支出功能分类", "预算数",
                                            "财政拨款“三公”经费"},
    part_heading=SHANXI_2026.part_heading,
)

# Table roles recognised by what the title holds, for templates that number and word their
# titles freely (公开01表 / 表一 / no number; with or without the year; 收支预算总表 or
# 财务收支预算总表). The first row whose words the title holds gives the table's kind; more
# specific rows come first. `role` says how its rows are read (catalog.build.LOADERS).
# what a 功能科目 table and a 经济科目 table hold in their header or first rows
_FUNCTIONAL = ("功能",)
_ECONOMIC = ("经济", "工资福利", "商品和服务")
ROLES: tuple[TableKind, ...] = (
    TableKind("fiscal_summary", None, "summary", words=("财政拨款", "收支", "总表")),
    TableKind("summary", None, "summary", words=("收支", "总表")),
    TableKind("income", None, "code", words=("收入", "总表")),
    TableKind("expense", None, "wide", words=("支出", "总表")),
    TableKind("sangong", None, "sangong_wide", words=("三公",)),
    TableKind("opex", None, "opex_items", words=("机关运行经费",)),
    TableKind("fiscal_basic_econ", None, "econ", words=("财政拨款", "基本支出"), holds=_ECONOMIC),
    TableKind("gpb_basic_econ", None, "econ", words=("一般公共预算", "基本支出"),
              holds=_ECONOMIC),
    TableKind("fund_expense", None, "code", words=("政府性基金", "支出"), holds=_FUNCTIONAL),
    TableKind("soe", None, "code", words=("国有资本经营", "支出"), holds=_FUNCTIONAL),
    TableKind("fiscal_expense", None, "code", words=("财政拨款", "支出"),
              without=("基本支出", "收支"), holds=_FUNCTIONAL),
    TableKind("gpb_expense", None, "code", words=("一般公共预算", "支出"),
              without=("基本支出",), holds=_FUNCTIONAL),
    TableKind("procurement", None, "procurement", words=("政府采购",)),
    TableKind("purchased_services", None, "rows", words=("政府购买服务", "预算表")),
    TableKind("projects_current", None, "projects", "本年", words=("项目支出", "预算表"),
              without=("总表", "绩效")),
)

# A provincial template read by its tables' roles (江苏's 部门预算, 2017–2019, and any
# province printing 收支预算总表 … 政府采购预算表 from a spreadsheet): titles without a year,
# labelled 公开01表 or 表一 or not at all, the 部门 and 单位 on one line, a third spending kind
# (单位预留机动经费), and a “三公” table that adds 会议费 and 培训费.
PROVINCIAL = replace(
    NATIONAL,
    name="provincial",
    year_in_title=False,
    span_labels=True,
    ask_between_summaries=True,
    code_header_suffix=("编码", "代码"),
    table_kinds=ROLES,
    label_headers=NATIONAL.label_headers | {"功能科目名称", "采购物品名称", "专项名称",
                                            "采购品目大类", "经济科目"},
    code_headers=NATIONAL.code_headers | {"功能科目编码"},
    amount_headers={**NATIONAL.amount_headers, "金 额": "total", "总计": "total",
                    "单位预留机动经费": "reserve", "结转下年资金": "carry_out",
                    "机关运行经费支出": "total"},
    header_starts=NATIONAL.header_starts | {"功能科目编码", "采购品目大类", "采购品目大", "类"},
    dept_line=_T(r"^(?:部门名称|部门|编制部门|编制单位)[:：]\s*((?:(?!单位[:：]).)+)"),
    title_noise=(_T(r"^(?:公开\s*\d+\s*表|表[一二三四五六七八九十]+)\s*"),
                 _T(r"(?:注[:：].*|公开\s*\d+\s*表)$")),
    title_shape=_T(r"^(?![一二三四五六七八九十]+、)[^，。；：:]{2,40}表(?:[（(][^（）()]{1,16}[)）])?$"),
    empty_note=_T(r"^注[:：].{0,12}无.{0,24}(?:项目|安排|数据)"),
    summary_rows={
        "income_total": "收入合计", "expense_total": "支出合计",
        "income_subtotal": "当年收入小计", "expense_subtotal": "当年支出小计",
        "carry_in": "上年结转资金", "carry_in_fiscal": "上年财政拨款结转",
        "carry_out": "结转下年资金",
    },
    part_heading=SHANXI_2026.part_heading,
)

FORMATS: tuple[Format, ...] = (SHANXI_2026, NATIONAL, FINAL_ACCOUNTS, PROVINCIAL)

# how the name of a public body ends (厅, 局, 委员会 …): the department a prose-only
# document is about is the body it names before its year
ORG_SUFFIXES = ("厅", "局", "委员会", "办公室", "院", "委", "会", "部", "署", "中心", "馆", "所",
                "站", "队", "处", "社", "府")


def format_named(name: str) -> Format:
    """The format a document was read with (its name is stored in `documents.format`)."""
    return next((f for f in FORMATS if f.name == name), FORMATS[0])

# Performance-sheet vocabulary (the national 绩效目标表 template).
PERF_TEXT_FIELDS = {
    "项目概况": "overview", "立项依据": "basis", "项目设立必要性": "necessity",
    "保证项目实施的制度、措施": "measures", "项目实施计划": "plan",
}
# A project described in prose (the 项目经费情况说明 of a Shanghai 部门预算: "一、项目概况" …
# "七、绩效目标"): its section headings -> the sheet's text fields; a part with at least
# PROSE_SHEET_LEAST of them is read as one project's sheet
PERF_PROSE_FIELDS = {
    "项目概况": "overview", "立项依据": "basis", "项目设立必要性": "necessity",
    "实施方案": "measures", "实施主体": "implementer", "实施周期": "term_text",
    "年度预算安排": "plan", "项目实施计划": "plan", "绩效目标": "goal_year",
}
PROSE_SHEET_LEAST = 3
# the project's name, in the first sentence of its 概况: the run before the first of these
# words, after the last 的 or punctuation ("由某某办事处建设的某社区服务中心新建工程，位于…")
PROSE_PROJECT_NAME = re.compile(r"([^，。、；：的（）“”]{4,40}?(?:工程|项目))")
PERF_META_FIELDS = {
    "项目名称": "project", "主管部门及代码": "department", "实施单位": "unit",
    "项目属性": "attribute", "项目期": "term", "项目日期": "term",
}
# fund row label fragments -> canonical source name (order is the template's row order)
PERF_FUND_SOURCES = (
    ("资金总额", "资金总额"), ("中央", "中央财政资金"), ("省级", "省级财政资金"),
    ("市县", "市县(区)财政资金"), ("自筹", "单位自筹"), ("其他资金", "其他资金"),
)
PERF_LEVEL1 = frozenset({"产出指标", "效益指标", "满意度指标"})
# 二级指标 -> its 一级指标 (the template fixes this tree; shifted cells often drop the 一级 cell)
PERF_LEVEL2_PARENT = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济效益": "效益指标", "社会效益": "效益指标", "生态效益": "效益指标",
    "可持续影响": "效益指标", "服务对象满意度": "满意度指标",
}
PERF_LEVEL2 = frozenset(PERF_LEVEL2_PARENT)
PERF_NOISE = frozenset({"绩效指标", "年度绩效指标", "实施期目标", "年度目标", "一级指标",
                        "二级指标", "三级指标", "指标值"})
PERF_END = re.compile(r"^负责人[:：]?$")
DEPT_SHEET_TEXT_FIELDS = {"部门职责": "duties", "部门战略目标": "strategy",
                          "年度绩效目标": "annual_goal"}
COMPARATORS = {"≥": "≥", "≤": "≤", ">": ">", "<": "<", "＞": ">", "＜": "<", "=": "=",
               "＝": "="}

# Part one / narrative sentences whose structure we read.
# only the opening words: the list after them runs to the next 。 (narrative._until_full_stop;
# a lazy `(.+?)。` here was quadratic on a long line without a 。)
AFFILIATED_UNITS = re.compile(r"所属(?:事业)?单位(\d+)个[，,]?分别为[:：]")
INTERNAL_OFFICES = re.compile(r"设下列内设机构[:：]")
# a number starts where no digit precedes it: one attempt per number, linear on long digit runs
ASSET_CLAUSE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(辆|平方米|台（套）|台\(套\)|台|套|处|亩)$")
GLOSSARY_ENTRY = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])"
                            r"(.{1,20}?)[:：](.*)$")
SERVICE_CODE = re.compile(r"^[A-Z]\d*$")
