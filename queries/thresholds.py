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
