"""Downloads of the reports: CSV (Finnish Excel: UTF-8 with BOM, ";") and XLSX of the figures
and of each drill-down list, and PDFs a steering group can read on paper (ReportLab: pure
Python, no system libraries)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from crm.employers.exports import FORMATS, safe_cell

PDF = "application/pdf"


def table_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return safe_cell(value)


def table_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "Sheet")
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_file(
    file_format: str, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[bytes, str]:
    if file_format == "xlsx":
        return table_xlsx(title, header, rows), FORMATS["xlsx"]
    return table_csv(header, rows), FORMATS["csv"]


# PDF ------------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], alignment=TA_LEFT, fontSize=18),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=13, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=9.5, leading=12),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=8.5, leading=10.5),
    }


def _table(rows: list[list[Any]], widths: list[float], styles: dict) -> Table:
    cells = [
        [
            Paragraph(escape(str(value)), styles["cell"])
            if not isinstance(value, Paragraph)
            else value
            for value in row
        ]
        for row in rows
    ]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4ecf1")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b7c6d0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _document(title: str, story: list[Any]) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="Askel CRM",
    )

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(16 * mm, 9 * mm, f"{title} · {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def outcome_pdf(
    *,
    organization: str,
    scope_label: str,
    period_label: str,
    rows: Sequence[Any],
    indicators: Sequence[dict[str, Any]],
    series: Sequence[Any],
) -> bytes:
    styles = _styles()
    title = _("Outcome report %(period)s") % {"period": period_label}
    generated = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    story: list[Any] = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(
            escape(f"{organization} · {scope_label} · {_('printed')} {generated}"), styles["body"]
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Outcomes")), styles["h2"]),
    ]
    figure_rows: list[list[Any]] = [[_("Figure"), _("Value"), _("n"), _("Note")]]
    for row in rows:
        figure_rows.append([row.label, row.value, "" if row.n is None else row.n, row.note])
        for child in row.children:
            figure_rows.append([f"  – {child.label}", child.value, child.n, ""])
    story.append(_table(figure_rows, [70 * mm, 25 * mm, 15 * mm, 68 * mm], styles))
    story += [Paragraph(escape(_("Fidelity indicators (suggested ratings)")), styles["h2"])]
    indicator_rows: list[list[Any]] = [[_("Item"), _("Value"), _("Rating"), _("n"), _("Note")]]
    for item in indicators:
        indicator_rows.append(
            [
                f"{item['item']} {item['label']}",
                item["shown"],
                item["rating"] if item["rating"] is not None else "–",
                item["n"],
                item["note"],
            ]
        )
    story.append(_table(indicator_rows, [62 * mm, 20 * mm, 14 * mm, 12 * mm, 70 * mm], styles))
    story += [Paragraph(escape(_("The last 8 quarters")), styles["h2"])]
    series_rows: list[list[Any]] = [
        [_("Quarter"), _("Served"), _("Worked"), _("Employment rate"), _("Job starts")]
    ]
    for point in series:
        rate = "–" if point.employment_rate is None else f"{point.employment_rate} %"
        series_rows.append([point.period.label, point.served, point.worked, rate, point.job_starts])
    story.append(_table(series_rows, [34 * mm, 30 * mm, 30 * mm, 40 * mm, 30 * mm], styles))
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                _(
                    "Definitions: shared/FIDELITY.md, Computed figures. A period includes both "
                    "days; a person belongs to the scope of their current coach."
                )
            ),
            styles["small"],
        ),
    ]
    return _document(title, story)


def review_pdf(*, organization: str, review: Any, compared_total: Any = None) -> bytes:
    styles = _styles()
    title = _("IPS fidelity review %(date)s") % {
        "date": date_format(review.reviewed_on, "SHORT_DATE_FORMAT")
    }
    scope = review.team.name if review.team else _("Whole organisation")
    total = (
        _("Total %(total)s / 125, mean %(mean)s: %(band)s")
        % {"total": review.total, "mean": review.mean, "band": review.get_band_display()}
        if review.total is not None
        else _("Draft: %(rated)s of 25 items rated, no total yet.") % {"rated": review.rated_count}
    )
    story: list[Any] = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(
            escape(f"{organization} · {scope} · {review.get_kind_display()} · {review.reviewers}"),
            styles["body"],
        ),
        Paragraph(escape(total), styles["h2"]),
    ]
    if review.summary:
        story.append(Paragraph(escape(review.summary), styles["body"]))
    rows: list[list[Any]] = [[_("Item"), _("Rating"), _("Note")]]
    for rating in review.ratings.all():
        rows.append(
            [
                f"{rating.code} {rating.item.title}",
                rating.rating if rating.rating is not None else "–",
                rating.note,
            ]
        )
    story.append(_table(rows, [70 * mm, 16 * mm, 92 * mm], styles))
    actions = list(review.actions.all())
    if actions:
        story.append(Paragraph(escape(_("Action plan")), styles["h2"]))
        plan: list[list[Any]] = [[_("Item"), _("Action"), _("Owner"), _("Due")]]
        for action in actions:
            due = date_format(action.due_on, "SHORT_DATE_FORMAT") if action.due_on else ""
            plan.append([action.item_code, action.action, action.owner, due])
        story.append(_table(plan, [14 * mm, 100 * mm, 40 * mm, 24 * mm], styles))
    return _document(title, story)
