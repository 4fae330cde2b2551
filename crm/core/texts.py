"""How long a free text may be.

A database TextField takes anything: a 2,000,000-character note was stored, then shown on every
page listing it. Every free text in a model has `validators=[texts.LIMIT]` (checked by
full_clean in the services, so the API and the forms refuse it on the field); the form widgets
show the same limit. 10,000 characters is about four printed pages: more than any note, summary
or profile text, and far less than what slows a page down.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator

MAX_LENGTH = 10_000
LIMIT = MaxLengthValidator(MAX_LENGTH)
