"""Plain-language reasons for each match component (translated; English source strings).

Every reason names the facts it rests on ("Lives in Imatra, the opening is in Lappeenranta:
same region") and marks a fit with ✓ in the text itself, so the meaning never rests on colour.
Only the ranking features are read here, so no reason can mention anything sensitive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from crm.core.choices import Schedule
from crm.core.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES
from crm.matching import codes

MAX_LISTED = 3


def _join(names: Iterable[str]) -> str:
    names = sorted(set(names))
    shown = ", ".join(names[:MAX_LISTED])
    if len(names) > MAX_LISTED:
        shown += " " + _("and %(count)s more") % {"count": len(names) - MAX_LISTED}
    return shown


def place_name(code: int) -> str:
    return codes.municipality_name(code)


def reason(name, c, o, terms, places: Callable[[int], str]) -> str:
    return {
        "preferences": _preferences,
        "skills": _skills,
        "licences": _licences,
        "languages": _languages,
        "hours": _hours,
        "schedule": _schedule,
        "place": lambda c, o, t: _place(c, o, places),
    }[name](c, o, terms)


def _preferences(c, o, terms) -> str:
    avoided = c.avoid & (o.occupations | o.required | o.nice)
    if avoided:
        return _("Wants to avoid %(what)s ✗") % {"what": _join(terms.name(t) for t in avoided)}
    wanted = c.occupations & o.occupations
    if wanted:
        return _("Wants this kind of work: %(what)s ✓") % {
            "what": _join(terms.name(t) for t in wanted)
        }
    if c.industries & o.industry:
        return _("Wants to work in this industry: %(industry)s ✓") % {
            "industry": _join(codes.labels(o.industry, codes.INDUSTRIES, dict(INDUSTRY_CHOICES)))
        }
    if c.occupations:
        return _("Wants other work: %(what)s") % {
            "what": _join(terms.name(t) for t in c.occupations)
        }
    if c.industries:
        return _("Wants to work in another industry: %(industry)s") % {
            "industry": _join(codes.labels(c.industries, codes.INDUSTRIES, dict(INDUSTRY_CHOICES)))
        }
    return _("No job preferences recorded yet")


def _skills(c, o, terms) -> str:
    parts = []
    has_required = o.required & c.skills
    missing = o.required - c.skills
    has_nice = o.nice & c.skills
    if has_required:
        parts.append(_("Has %(skills)s ✓") % {"skills": _join(terms.name(t) for t in has_required)})
    if missing:
        parts.append(_("Not yet: %(skills)s") % {"skills": _join(terms.name(t) for t in missing)})
    if has_nice:
        parts.append(
            _("Also has %(skills)s (nice to have) ✓")
            % {"skills": _join(terms.name(t) for t in has_nice)}
        )
    if not parts:
        parts.append(_("None of the nice-to-have skills recorded yet"))
    return "; ".join(parts)


def _licences(c, o, terms) -> str:
    parts = []
    for term_id in sorted(o.licences, key=terms.name):
        name = terms.name(term_id)
        if term_id in c.licences:
            parts.append(_("Has %(licence)s ✓") % {"licence": name})
        elif terms.obtainable(term_id):
            parts.append(_("No %(licence)s — obtainable") % {"licence": name})
        else:
            parts.append(_("No %(licence)s — required") % {"licence": name})
    return "; ".join(parts)


def _languages(c, o, terms) -> str:
    names = dict(LANGUAGE_CHOICES)
    if not c.languages:
        return _("Languages not recorded; the opening needs %(languages)s") % {
            "languages": _join(codes.labels(o.languages, codes.LANGUAGES, names))
        }
    spoken = codes.labels(o.languages & c.languages, codes.LANGUAGES, names)
    missing = codes.labels(o.languages & ~c.languages, codes.LANGUAGES, names)
    parts = []
    if spoken:
        parts.append(_("Speaks %(languages)s ✓") % {"languages": _join(spoken)})
    if missing:
        parts.append(_("Does not speak %(languages)s") % {"languages": _join(missing)})
    return "; ".join(parts)


def _hours(c, o, terms) -> str:
    values = {"min": c.hours_min, "max": c.hours_max, "hours": o.hours}
    low, high = c.hours_min, c.hours_max
    if low is None and high is None:
        return _("Hours preference not recorded; the opening is %(hours)s h/week") % values
    fits = (low is None or low <= o.hours) and (high is None or o.hours <= high)
    if low is not None and high is not None:
        text = _("Prefers %(min)s–%(max)s h/week, the opening is %(hours)s h") % values
    elif high is not None:
        text = _("Prefers at most %(max)s h/week, the opening is %(hours)s h") % values
    else:
        text = _("Prefers at least %(min)s h/week, the opening is %(hours)s h") % values
    return f"{text} ✓" if fits else text


def _schedule(c, o, terms) -> str:
    names = dict(Schedule.choices)
    if not c.schedules:
        return _("Schedule preference not recorded; the opening: %(schedules)s") % {
            "schedules": _join(codes.labels(o.schedules, codes.SCHEDULES, names))
        }
    fits = codes.labels(o.schedules & c.schedules, codes.SCHEDULES, names)
    not_listed = codes.labels(o.schedules & ~c.schedules, codes.SCHEDULES, names)
    parts = []
    if fits:
        parts.append(_("Suits %(schedules)s ✓") % {"schedules": _join(fits)})
    if not_listed:
        parts.append(
            _("Has not listed %(schedules)s as acceptable") % {"schedules": _join(not_listed)}
        )
    return "; ".join(parts)


def _place(c, o, places: Callable[[int], str]) -> str:
    home, there = places(c.municipality), places(o.municipality)
    values = {"home": home, "place": there}
    if o.municipality and o.municipality == c.municipality:
        return _("Lives in %(home)s, where the opening is ✓") % values
    if o.municipality and o.municipality in c.municipalities:
        return _("Would work in %(place)s ✓") % values
    if o.region and o.region == c.region:
        return _("Lives in %(home)s, the opening is in %(place)s: same region") % values
    if o.remote and c.remote:
        return _("Remote work possible ✓")
    if not c.municipality and not c.municipalities:
        return _("Home municipality not recorded")
    if not o.municipality:
        return _("Remote opening; has not said remote work suits")
    return _("Lives in %(home)s, the opening is in %(place)s") % values
