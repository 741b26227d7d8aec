"""Every numeric cut-off of the question side, named once, with why it has that value.

Fuzzy-matching cut-offs live with the matcher's scorer (queries/matcher.py imports them from
here); list lengths are what a person can read in one answer card.
"""

from __future__ import annotations

# name indexes kept in memory at once (one per document, least recently used dropped): a
# portal asks about a few departments at a time; 64 indexes stay well under 100 MB
KNOWLEDGE_CACHE = 64
# documents whose names are read to tell a 科目 ("其他政府办公厅（室）…支出") from a department
# the question names: the first few are enough, and reading every one would cost each question
# a walk over the whole corpus
INSIDE_NAME_DOCS = 8
# departments listed in one comparison across departments (a portal may hold hundreds)
ACROSS_LIST = 10
# choices offered when the engine declines or asks which document (more is a wall of buttons)
DECLINE_CHOICES = 4
DOCUMENT_CHOICES = 10
# files named in the notice every answer carries while files of the folder were not read
SKIPPED_SHOWN = 3
# an organisation word (委员会, 办事处) is at most this long: the characters of a mention that
# may open a printed name the question goes on to say ("…的政协" + "会议")
SUFFIX_REACH = 3

# ------------------------------------------------------------ fuzzy cut-offs (share of a name
# that must be found in the question, queries/matcher.py); the default is matcher.CUTOFF
# a project that explains more of the question than the item it also names: a looser net,
# since only its being longer matters ("应急救援队伍建设")
WIDER_PROJECT_CUTOFF = 0.7
# a fact of the department sheet ("编制多少人") is named loosely: its keys are short labels
DEPT_FACT_CUTOFF = 0.6
# a sheet field ("资金总额", "实施期") said in other words
SHEET_FIELD_CUTOFF = 0.6
# a glossary term and an indicator are named nearly whole
TERM_CUTOFF = 0.8
INDICATOR_CUTOFF = 0.8
# a unit is named whole (a near miss is another unit)
UNIT_CUTOFF = 0.99

# ------------------------------------------------------------ name lengths (characters)
# a question this much longer than the item it matched may name a project instead
WIDER_BY = 3
# a name this short ("应急") picks no single name among those containing it
TOO_SHORT = 2
# a project named whole with at least this many characters is the project, not a fact
WHOLE_PROJECT = 4
# the topic of a quoted-clause question: fewer characters name nothing
TOPIC_MIN = 3
# … or this long when it asks how many (几个处室: a count of a two-character thing)
COUNT_TOPIC_MIN = 2
# what is left of a name without its affix ("省级…项目"): shorter is no name of its own
ALIAS_MIN = 4
# a unit's own tail ("研究院" of "…应急管理研究院")
UNIT_TAIL_MIN = 3

# ------------------------------------------------------------ the explanations
# a paragraph shorter than this is a heading or a table-of-contents line, not prose
PARAGRAPH_MIN = 15
# a paragraph must score this much (3 per character of the topic in its section title, 1 in
# its text, bonuses for reason / purchase / new) to be quoted at all
PARAGRAPH_SCORE = 4
# a change question's paragraph that names its topic before its first amount (its subject)
SUBJECT_BONUS = 5
# a yes-or-no about a change is answered from a sentence that says what is asked in one run,
# this many characters aside (a 的, a 费)
SUBJECT_SLACK = 1
# a change clause that says the subject as the question does (公务用车运行费, not 公务用车购置
# 及运行费) is preferred by this much
AS_ASKED_BONUS = 6
# a change question's topic must be found this far in the paragraph it quotes
CHANGE_TOPIC_COVER = 0.75
# a clause must say this much of the question's topic to be quoted
CLAUSE_FIT = 0.8
# the best fitting clauses tried in turn, when a better one states another item's figure
CLAUSES_TRIED = 3
# a clause a little short of the fit is tried with the question's halves swapped
ROTATED_REACH = 0.25
ROTATED_COST = 0.05
# a clause fitted with its section heading before it is preferred less than one alone
SECTION_COST = 0.05
# a quoted figure's label: the start of its clause, this many characters
FIGURE_LABEL = 40

# ------------------------------------------------------------ list lengths (one answer card)
SEE_ALSO = 4              # projects whose names contain the item answered
SHORT_NAME_CHOICES = 5    # names offered for a name too short to pick one
WIDER_CHOICES = 4         # projects offered beside an item they contain
CODE_CHOICES = 10         # 科目 of the same name under several 款
INDICATORS_LISTED = 12    # a sheet's indicators listed at once
NAMES_LISTED = 10         # units or offices listed at once
STATED_FIGURES = 3        # figures taken from one quoted clause

# ------------------------------------------------------------ matching names (queries/matcher.py)
CUTOFF = 0.8          # share of the shorter string that must match (tuned on the dev set)
UNSAID = 0.5          # weight of a name's unsaid characters in the ranking
SKIPPED = 2.0         # weight of characters skipped inside a name: a narrower, other thing
SKIP_LIMIT = 2        # this many skipped inside a name and it is not that name at all
SHORT_NAME = 3        # names this short must appear verbatim (LCS alone is too permissive)
PARTIAL = 4           # characters of a project name a question must say verbatim
# a name this long with one character miswritten is still read as that name (shorter ones
# are too close to other names)
MISSPELT_LEAST = 8
# a department named by fewer characters is no name ("震局")
SHORTEST_DEPARTMENT = 3

# ------------------------------------------------------------ the reading gate (queries/reading.py)
MIN_RUN = 2           # characters said in a row before they count as naming something
TYPO_CONTEXT = 4      # characters of a name matched around a typo before it is forgiven
TYPO_MAX = 1          # one wrong character (式点 / 试点); "财政所的" is no typo of "财政拨款"
PASSES = 3            # a name may explain a word the question repeats ("公车…公车运行维护费")

# ------------------------------------------------------------ questions and quoted figures
MAX_QUESTION = 200    # longer questions are cut (with a notice) before matching
STATED_GAP = 20       # characters between a name and the 占N% the document states for it
DATE_BONUS = 3        # a date the question gives picks the sentence that states it
NAME_RUN = 4          # characters of the question a clause must say in a row to be about it
LEAD = 8              # characters before a number that say what it is
MEASURE_BONUS = 3     # a figure in the measure the question asks (人, 台) comes first
DOCUMENTS_NAMED = 8   # documents named in a sentence that lists what is loaded

# a ranking names the first item(s) and this many after them, for context ("其次是…")
RANK_CONTEXT = 1
# "哪几项…最多" names no number: this many are named
RANK_MANY = 3
# a quoted clause's figure must follow the longest run of the question it says, when that run
# is at least this long (shorter runs are common words)
FOLLOW_LEAST = 4
# a name mistyped by one character is read as the name when it is at least this long (the
# other characters tell it) and at most this long (the index stays small)
TYPO_NAME_MIN = 3
TYPO_NAME_MAX = 14
# …and a name said with one character left out (公益岗位补贴) when it is still this long
SHORTENED_MIN = 5
# …and a name's beginning mistyped by sound (公物用车 for 公务用车…) when it is this long
TYPO_BEGINNING_MIN = 4

# ------------------------------------------------------------ reading the document's words
# a list whose first item is this many characters longer than the longest other is no plain
# list of examples ("开全委会要采购住宿、餐饮这些服务")
EXAMPLE_UNEVEN = 3
# an amount read from its activity without 费 (培训 -> 培训费): the activity this long at least
FEE_STEM_MIN = 2
# an item's use is read from a 用于 clause that names it at most this many characters before
USE_REACH = 40
# …and answers for it when the clause holds this share of the question's characters (in runs
# of two) and the question this share of the clause's: both say the same thing
USE_COVER = 0.6
USE_CLAUSE_COVER = 0.5
# a question shorter than this (its question words taken off) says too little to be read by
# an item's use
USE_QUESTION_MIN = 4
# a name said by its beginning alone (工资福利 -> 工资福利支出): this many characters at least
BEGINNING_MIN = 4
# a colloquial word for the whole budget (一共要花) is not read so when the rest of the question
# says a run of a name's characters this long ("政府采购一共要花多少")
NAME_RUN_LEAST = 3
# a four-character name said as its two words the other way round (审判案件: 案件审判)
SWAPPED_HALF = 2
# a name said with a 的 inside it (执法执勤用的车): this many characters at least
REJOINED_MIN = 5
# …or by a part of it only that item's name holds (社区环境卫生): this many characters at least
PART_MIN = 5
# a colloquial word is left alone when this many characters beside it run on as a name's
NAME_CONTEXT = 2
# a gloss written before a bracket (房补（提租补贴）) is read back this many characters at most
GLOSS_REACH = 12
# a bracket glossing a word holds at most this many characters
GLOSS_LONGEST = 30
# a name said in a question is this long at least (one character names nothing)
NAME_LEAST = 2
# a closed-class word looked up after a name is at most this long
CLASS_WORD_REACH = 3
# a question that names one word part of several names is asked back when the word is at
# least this long ("补贴", "医疗"; one character names nothing)
ASK_BACK_LEAST = 2
# … and the names recalled for it, of which those holding the word are the choices
ASK_BACK_POOL = 12
# an amount shown in 元 this large is also said in 万元 (people count budgets in 万元)
YUAN_ALSO_IN_WAN = 10000
# a broad area said before a sector word ("住房这块") is at least this long
SECTOR_MIN = 2
# an example of a list is read as the names holding it when it is at least this long
EXAMPLE_LEAST = 2
# the 功能分类 code lengths a list of examples may share (款 and 项; a whole 类 is wider than
# what any example says)
EXAMPLE_CODE_LEVELS = (5, 7)
# a 政府采购 row's 专项 picked out by the question: a run of its words this long, said of it
# alone ("云平台" of 某某云平台租赁费)
PROJECT_RUN_LEAST = 3
# the longest clause of examples said after a question ("…，就底薪那块") taken out
EXAMPLES_AFTER_LONGEST = 8
HEARSAY_WHERE = 6     # characters of where before "听…讲" ("校门口听别的妈妈讲")
HEARSAY_WHO = 8       # characters of whom it was heard from
# a name the explanations print with its words in another order ("一般行政事务管理" for
# 一般行政管理事务): this long at least, and opening with the same characters
SWAPPED_NAME_LEAST = 6
SWAPPED_HEAD = 2
# words typed apart and then pointed at together ("吃喝 出国 坐公车 这三样"): each this long at most
LISTED_APART_LONGEST = 5
# a clause said before the question keeps it when it says this much of a unit's name ("研究院")
UNIT_RUN_LEAST = 3

# queries/respell.py: a character used this often as a word of its own (jieba's counts: 的
# 318,825, 也 307,851, 和 555,815, 年 248,559) is grammar, never part of a mistyped word (正
# 37,763 and 省 29,951 may be)
RESPELL_GRAMMAR_USE = 100_000
# a sentence set aside loosely is kept when the explanations say a run of its words this long
# ("政府采购"; shorter runs — 街道, 预算 — are said by every document)
PROSE_RUN_LEAST = 4
# queries/intents/amounts.py: a part of a 政府采购 row's name this long said alone ("网络"), that
# another 专项's name says too, asks which one
PROCUREMENT_WORD_LEAST = 2

# the longest span a clause setting a part apart is read as naming ("除了日常开销以外")
APART_LONGEST = 12
# each of two names said with their shared last word once ("水电费") is said in at most this
# many characters (two, and 离休医疗费 would read as 离休费 and 医疗费)
SHARED_STEM_LONGEST = 1

# "X是不是20万": an amount said of a figure holds within this share of it (said roughly), and is
# wrong beyond this factor either way; between, the figure is given without a yes or a no
CLAIM_NEAR = 0.1
CLAIM_FAR = 1.5
