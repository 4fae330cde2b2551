"""The IPS Supported Employment Fidelity Scale (IPS-25) as seed data.

The texts below are only the starting point: they are copied into each organisation's
`FidelityItem` rows (in Finnish, Swedish and English, through the .po files) when the
organisation first needs them, and an admin corrects them there. Only S1-S3 were checked in
full against public copies of the scale; the rest carry their check state so that reviewers see
which anchors may still be wrong (shared/FIDELITY.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

VERIFIED = "verified"
PARTLY_VERIFIED = "partly_verified"
UNVERIFIED = "unverified"


@dataclass(frozen=True)
class ScaleItem:
    code: str
    group: str
    title: object  # lazy translation
    definition: object
    anchors: tuple[object, object, object, object, object]  # rating 1 → 5
    check: str
    check_note: object = ""


# The items rated by how many of five elements are in place.
_FIVE_ELEMENTS = (
    _("At most 1 of the 5 elements"),
    _("2 of the 5 elements"),
    _("3 of the 5 elements"),
    _("4 of the 5 elements"),
    _("All 5 elements"),
)


_PERCENT_DIVERSITY = (_("Under 50 %"), _("50–59 %"), _("60–69 %"), _("70–84 %"), _("85–100 %"))

ITEMS: tuple[ScaleItem, ...] = (
    # Staffing ------------------------------------------------------------------------------
    ScaleItem(
        "S1",
        "staffing",
        _("Caseload size"),
        _("Employment specialists have individual caseloads of at most 20 active clients."),
        (
            _("41 or more clients per specialist"),
            _("31–40 clients per specialist"),
            _("26–30 clients per specialist"),
            _("21–25 clients per specialist"),
            _("20 or fewer clients per specialist"),
        ),
        VERIFIED,
    ),
    ScaleItem(
        "S2",
        "staffing",
        _("Employment services staff"),
        _("Employment specialists provide only employment services."),
        (
            _("Under 60 % of their time on employment services"),
            _("60–74 % of their time on employment services"),
            _("75–89 % of their time on employment services"),
            _("90–95 % of their time on employment services"),
            _("96 % or more of their time on employment services"),
        ),
        VERIFIED,
    ),
    ScaleItem(
        "S3",
        "staffing",
        _("Vocational generalists"),
        _(
            "Each employment specialist carries out all phases of employment service: intake, "
            "engagement, assessment, job placement, job coaching and follow-along supports."
        ),
        (
            _("Only refers clients to vendors or other programmes"),
            _("Keeps a caseload but refers clients out for vocational services"),
            _("Provides one aspect of the service only"),
            _("Provides two or more phases, but not all"),
            _("Provides all phases (benefits counselling may go to a trained counsellor)"),
        ),
        VERIFIED,
    ),
    # Organisation ---------------------------------------------------------------------------
    ScaleItem(
        "O1",
        "organization",
        _("Integration with mental health treatment through team assignment"),
        _(
            "Employment specialists are part of at most two mental health treatment teams, "
            "from which at least 90 % of their caseload comes."
        ),
        (
            _("Separate vocational programme"),
            _("Three or more teams, no teams, or under 50 % of the caseload from 1–2 teams"),
            _("50–74 % of the caseload from 1–2 teams"),
            _("75–89 % of the caseload from 1–2 teams"),
            _("90–100 % of the caseload from 1–2 teams"),
        ),
        PARTLY_VERIFIED,
        _("The definition is verified; the anchors are from recall."),
    ),
    ScaleItem(
        "O2",
        "organization",
        _("Integration through frequent team member contact"),
        _(
            "Five elements: (a) attend weekly mental health team meetings; (b) take part "
            "actively and share decisions; (c) document in the treatment record; (d) office "
            "close to or shared with the team; (e) help the team think about employment for "
            "clients not yet referred."
        ),
        _FIVE_ELEMENTS,
        PARTLY_VERIFIED,
        _("Weekly team meetings with shared decisions and an office close to the team verified."),
    ),
    ScaleItem(
        "O3",
        "organization",
        _("Collaboration with employment services and Kela"),
        _(
            "Employment specialists and the public employment services (TE services, "
            "employment areas) and Kela work together on shared clients."
        ),
        (
            _("Client-related contacts less than quarterly, or none"),
            _("Client-related contacts at least quarterly"),
            _("Client-related contacts at least monthly"),
            _(
                "Scheduled face-to-face meetings at least quarterly, or client-related "
                "contacts at least weekly"
            ),
            _(
                "Scheduled face-to-face meetings at least monthly and client-related contacts "
                "at least weekly"
            ),
        ),
        UNVERIFIED,
        _("Anchor 4 was corrected from recall; check the manual."),
    ),
    ScaleItem(
        "O4",
        "organization",
        _("Vocational unit"),
        _("At least two full-time employment specialists and a team leader form a unit."),
        (
            _("No vocational unit"),
            _("Same supervisor, but no group meetings and no covering for each other"),
            _("Same supervisor, cases discussed, no covering for each other"),
            _("A unit that discusses cases and covers for each other"),
            _(
                "At least 2 full-time specialists and a leader, weekly client-based group "
                "supervision, shared job leads, caseloads covered"
            ),
        ),
        UNVERIFIED,
    ),
    ScaleItem(
        "O5",
        "organization",
        _("Role of the employment supervisor"),
        _(
            "Five elements: (a) one full-time supervisor for at most 10 specialists, no other "
            "supervisory duties; (b) weekly client-based supervision; (c) communicates with "
            "mental health team leaders and attends each team at least quarterly; (d) field "
            "mentoring of new or struggling specialists monthly; (e) reviews outcomes with the "
            "specialists and sets goals at least quarterly."
        ),
        _FIVE_ELEMENTS,
        PARTLY_VERIFIED,
        _("Weekly supervision, monthly field mentoring and quarterly outcome review verified."),
    ),
    ScaleItem(
        "O6",
        "organization",
        _("Zero exclusion criteria"),
        _("Everyone who wants to work has access to the service."),
        (
            _("A formal policy excludes people for lack of job readiness"),
            _("Most clients are blocked by criteria"),
            _("Some clients are blocked by criteria"),
            _(
                "No exclusion, but referrals are not actively sought and self-referral is not "
                "encouraged"
            ),
            _(
                "Everyone who wants work has access regardless of readiness, substance use, "
                "symptoms, violence history or cognition; help with a next job whatever the "
                "reason the last one ended; referrals from many sources, self-referral "
                "encouraged"
            ),
        ),
        UNVERIFIED,
    ),
    ScaleItem(
        "O7",
        "organization",
        _("Agency focus on competitive employment"),
        _(
            "Five strategies: (a) intake asks about interest in work; (b) regular assessments "
            "and treatment plan reviews ask about work; (c) written postings in waiting areas; "
            "(d) ways for clients to share work stories at least twice a year; (e) the agency "
            "measures its competitive employment rate at least quarterly and shares it."
        ),
        _FIVE_ELEMENTS,
        UNVERIFIED,
    ),
    ScaleItem(
        "O8",
        "organization",
        _("Executive team support for supported employment"),
        _(
            "Five elements: (a) executives know the principles; (b) fidelity reviews at least "
            "every 6 months until high fidelity, then at least yearly; (c) an executive sits "
            "on a steering group that meets at least every 6 months; (d) the CEO communicates "
            "the goals to all staff; (e) the service leader reports barriers and facilitators "
            "to the executive team at least twice a year."
        ),
        _FIVE_ELEMENTS,
        PARTLY_VERIFIED,
        _(
            "Reviews every 6 months until good fidelity, then yearly, and steering meetings "
            "verified."
        ),
    ),
    # Services -------------------------------------------------------------------------------
    ScaleItem(
        "V1",
        "services",
        _("Work incentives planning"),
        _(
            "Benefits counselling (unemployment benefit, housing allowance, Kela and earnings-"
            "related rehabilitation, disability pension, social assistance) before and during work."
        ),
        (
            _("Not readily available"),
            _("Specialists give contact information for where to get planning"),
            _("Specialists discuss benefit changes themselves"),
            _(
                "Help to get comprehensive individual planning from a trained person before "
                "the job starts"
            ),
            _(
                "As 4, by a specially trained planner, again when hours or pay change, and help "
                "with reporting earnings"
            ),
        ),
        PARTLY_VERIFIED,
        _(
            "Planning before the start, again when hours or pay change and reporting help "
            "verified; anchors 2 and 4 from recall."
        ),
    ),
    ScaleItem(
        "V2",
        "services",
        _("Disclosure"),
        _(
            "Four elements: specialists (a) do not require disclosure; (b) discuss pros and "
            "cons before disclosure; (c) discuss what to disclose, with example wording; (d) "
            "revisit disclosure more than once."
        ),
        (
            _("None of the 4 elements"),
            _("1 of the 4 elements"),
            _("2 of the 4 elements"),
            _("3 of the 4 elements"),
            _("All 4 elements"),
        ),
        PARTLY_VERIFIED,
        _("The definition is verified."),
    ),
    ScaleItem(
        "V3",
        "services",
        _("Ongoing, work-based vocational assessment"),
        _("The vocational profile is built from work experience and updated after every job."),
        (
            _("Pre-placement office tests or work samples"),
            _("Stepwise prevocational, volunteer or set-aside jobs"),
            _("Direct job search without a systematic review of interests and strengths"),
            _("Initial assessment of 2–3 sessions and learning from each job, profile not updated"),
            _(
                "2–3 sessions and a documented vocational profile updated after every job, "
                "from several sources with consent"
            ),
        ),
        UNVERIFIED,
    ),
    ScaleItem(
        "V4",
        "services",
        _("Rapid search for a competitive job"),
        _(
            "The first face-to-face employer contact about a competitive job, by the client "
            "or the specialist, soon after entering the programme."
        ),
        (
            _("271 days or more"),
            _("151–270 days"),
            _("61–150 days"),
            _("31–60 days"),
            _("30 days or less"),
        ),
        UNVERIFIED,
    ),
    ScaleItem(
        "V5",
        "services",
        _("Individualised job search"),
        _("Employer contacts follow the client's preferences and needs, with a written plan."),
        (
            _("Under 25 % of employer contacts based on client choice"),
            _("25–49 %"),
            _("50–74 %"),
            _("75–89 %"),
            _("90 % or more"),
        ),
        UNVERIFIED,
    ),
    ScaleItem(
        "V6",
        "services",
        _("Job development: frequent employer contact"),
        _(
            "At least 6 face-to-face employer contacts per specialist per week, client-specific "
            "or generic, tracked weekly."
        ),
        (
            _("Under 2 a week"),
            _("2 a week, or no tracking"),
            _("4 a week and a tracking form reviewed monthly"),
            _("5 a week and weekly review"),
            _("6 or more a week (or twice the number of job seekers if under 3) and weekly review"),
        ),
        PARTLY_VERIFIED,
        _(
            "Six face-to-face contacts a week, client-specific or generic, weekly tracking "
            "verified."
        ),
    ),
    ScaleItem(
        "V7",
        "services",
        _("Job development: quality of employer contact"),
        _("Specialists build relationships with employers through repeated, planned visits."),
        (
            _("Meets employers only to hand in applications, or rarely"),
            _("Asks about openings and passes on leads"),
            _("Follows advertised openings, introduces the programme, asks for interviews"),
            _("Visits employers whether or not there is an opening and advocates with strengths"),
            _(
                "Several planned visits to learn the employer's needs, explain the service and "
                "present well-matched strengths"
            ),
        ),
        UNVERIFIED,
    ),
    ScaleItem(
        "V8",
        "services",
        _("Diversity of job types"),
        _("Specialists help clients obtain different types of jobs."),
        _PERCENT_DIVERSITY,
        UNVERIFIED,
    ),
    ScaleItem(
        "V9",
        "services",
        _("Diversity of employers"),
        _("Specialists help clients obtain jobs with different employers."),
        _PERCENT_DIVERSITY,
        PARTLY_VERIFIED,
        _("85 % or more (no more than 15 % of jobs with the same employer) verified."),
    ),
    ScaleItem(
        "V10",
        "services",
        _("Competitive jobs"),
        _(
            "Permanent jobs paid at least the going wage, open to anyone and not set aside "
            "(seasonal and temporary agency jobs that others also do count)."
        ),
        (
            _("64 % or less, or fewer than 10 current jobs"),
            _("65–74 %"),
            _("75–84 %"),
            _("85–94 %"),
            _("95 % or more"),
        ),
        UNVERIFIED,
    ),
    ScaleItem(
        "V11",
        "services",
        _("Individualised follow-along supports"),
        _("Supports after the start are tailored to the job and the person's preferences."),
        (
            _("Most get no support after the start"),
            _("About half get narrow support from the specialist only"),
            _("Most get narrow support from the specialist only"),
            _("Varied supports tailored to the job and preferences, employer support on request"),
            _("As 4, plus career development and treatment team supports"),
        ),
        UNVERIFIED,
    ),
    ScaleItem(
        "V12",
        "services",
        _("Time-unlimited follow-along supports"),
        _("Face-to-face support continues for as long as the worker wants it."),
        (
            _("No face-to-face contact after the first month"),
            _("Under half of the workers seen for 4 months or more"),
            _("At least half seen for 4 months or more"),
            _("Weekly in the first month, then at least monthly for at least a year"),
            _(
                "Contact at most a week before and 3 days after the start, weekly in the first "
                "month, at least monthly for a year, contact within 3 days of a job loss"
            ),
        ),
        PARTLY_VERIFIED,
        _("Weekly in-person support in the first month and about a year on the caseload verified."),
    ),
    ScaleItem(
        "V13",
        "services",
        _("Community-based services"),
        _("Engagement, job finding and support happen in natural community settings."),
        (
            _("Under 30 % of scheduled hours in the community"),
            _("30–39 %"),
            _("40–49 %"),
            _("50–64 %"),
            _("65 % or more"),
        ),
        PARTLY_VERIFIED,
        _(
            "65 % or more for rating 5 verified; the printed scale overlaps at 30 (read under "
            "30 as 1)."
        ),
    ),
    ScaleItem(
        "V14",
        "services",
        _("Assertive engagement and outreach by the integrated team"),
        _(
            "Six strategies: no ending for missed appointments or fixed time limits; documented "
            "outreach attempts; outreach by team members; several home or community visits; "
            "joint visits with the team; contact with family where applicable."
        ),
        (
            _("At most 2 of the 6 strategies"),
            _("3 of the 6 strategies"),
            _("4 of the 6 strategies"),
            _("5 of the 6 strategies"),
            _("All 6 strategies"),
        ),
        UNVERIFIED,
    ),
)

ITEM_CODES: tuple[str, ...] = tuple(item.code for item in ITEMS)
ITEMS_BY_CODE = {item.code: item for item in ITEMS}
