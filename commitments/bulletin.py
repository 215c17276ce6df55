"""The monthly 督查通报 (DESIGN.md "Reporting and escalation"), published on the 1st for the month before.

It gives the completion rate (completed / all) overall, by section and by lead department, with the change
in percentage points since the previous month's bulletin; every red item (overdue) with its department and
days overdue; and the departments that reported late or not at all for the month. It is stored as an Excel
workbook and a Word document (East Asian font set, so Chinese renders in Word and LibreOffice alike) on the
one ``Bulletin`` row of the month: a rerun replaces the files and never adds a row or a second message.
The workbook lists every red item; the printable document lists them all up to ``DOCUMENT_RED_LIMIT`` and,
above it, counts them per department with each department's most overdue few and points to the workbook.

Scope: the reports that ran during the month, or still have unfinished work started by its end, so that a
year's overdue tasks stay in the bulletin after the year is over.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from commitments import history, notify
from commitments.escalation import overdue_since
from commitments.models import Bulletin, Commitment
from commitments.reporting import department_compliance
from commitments.scan import milestone_facts_of

logger = logging.getLogger(__name__)

FONT = "宋体"
NO_DEPARTMENT = "未确定牵头单位"
_CLOSED = (Commitment.Status.COMPLETED, Commitment.Status.ADJUSTED, Commitment.Status.SUSPENDED)
RED_SHEET = "红色督办事项"  # the heading of the red table, and so the workbook's sheet with every red item
# Past this many red items a printed list stops being read (a 100,000-commitment year has over 30,000):
# the document then counts them per department and shows each one's most overdue few.
DOCUMENT_RED_LIMIT = 200
DOCUMENT_RED_PER_DEPARTMENT = 3


def title(month: date) -> str:
    return f"{month.year}年{month.month}月督查通报"


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def scope(*, month: date) -> QuerySet[Commitment]:
    """Commitments of the reports running in ``month`` or with unfinished work begun by its end."""
    end = month_end(month)
    running = Commitment.objects.filter(start_date__lte=end).filter(Q(due_date__gte=month) | ~Q(status__in=_CLOSED))
    return Commitment.objects.filter(work_report_id__in=running.values("work_report_id"))


def rate(completed: int, total: int) -> float | None:
    """完成率 in percent, one decimal."""
    if not total:
        return None
    return float((Decimal(completed) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _change(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return round(now - before, 1)


def _grouped(rows: list[dict], key: str, previous: dict[str, float | None]) -> list[dict]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[row[key]][0] += 1
        totals[row[key]][1] += row["status"] == Commitment.Status.COMPLETED
    groups = []
    for name, (total, completed) in totals.items():
        r = rate(completed, total)
        groups.append({"name": name, "total": total, "completed": completed, "rate": r,
                       "change": _change(r, previous.get(name))})  # fmt: skip
    return groups


def build(*, month: date, today: date) -> dict:
    """The bulletin's figures as plain JSON-ready data, in a fixed number of queries."""
    commitments = scope(month=month)
    fields = ("pk", "code", "title", "status", "status_reason", "kind", "comparator", "current_value",
              "baseline_value", "due_date", "section__position", "section__number", "section__heading",
              "lead_department__name", "work_report__title")  # fmt: skip
    rows = list(commitments.order_by("work_report_id", "section__position", "position", "code").values(*fields))
    several_reports = len({r["work_report__title"] for r in rows}) > 1
    for row in rows:
        section = f"{row['section__number']}{row['section__heading']}"
        row["section"] = f"{row['work_report__title']} {section}" if several_reports else section
        row["department"] = row["lead_department__name"] or NO_DEPARTMENT

    before = Bulletin.objects.filter(month=previous_month(month)).values_list("data", flat=True).first() or {}
    completed = sum(r["status"] == Commitment.Status.COMPLETED for r in rows)
    overall = rate(completed, len(rows))
    sections = _grouped(rows, "section", {s["name"]: s["rate"] for s in before.get("sections", [])})
    departments = _grouped(rows, "department", {d["name"]: d["rate"] for d in before.get("departments", [])})
    departments.sort(key=lambda d: (-(d["rate"] if d["rate"] is not None else -1), d["name"]))

    overdue = [r for r in rows if r["status"] == Commitment.Status.OVERDUE]
    milestones = milestone_facts_of(sorted(r["pk"] for r in overdue)) if overdue else {}
    red = []
    for row in overdue:
        since = overdue_since(row=row, milestones=milestones.get(row["pk"], ()), today=today) or row["due_date"]
        red.append({"code": row["code"], "title": row["title"], "department": row["department"],
                    "since": since.isoformat(), "days_overdue": (today - since).days,
                    "reason": row["status_reason"]})  # fmt: skip
    red.sort(key=lambda r: (-r["days_overdue"], r["code"]))

    compliance = department_compliance(commitments=commitments, months=[month], today=today)
    reporting = [
        {"department": c.department.name, "late": c.late, "missing": c.missing}
        for c in compliance
        if c.late or c.missing
    ]
    reporting.sort(key=lambda d: (-d["missing"], -d["late"], d["department"]))
    return {
        "month": f"{month:%Y-%m}",
        "title": title(month),
        "as_of": today.isoformat(),
        "previous": before.get("month"),
        "overall": {
            "total": len(rows),
            "completed": completed,
            "rate": overall,
            "change": _change(overall, before.get("overall", {}).get("rate")),
        },
        "sections": sections,
        "departments": departments,
        "red": red,
        "reporting": reporting,
    }


# --- Files --------------------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _delta(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f} 个百分点" if value else "持平"


RED_HEADER = ["编号", "任务", "牵头单位", "逾期起始日", "逾期天数", "情况"]


def _red_row(item: dict) -> list:
    return [item["code"], item["title"], item["department"], item["since"], item["days_overdue"], item["reason"]]


def _tables(data: dict) -> list[tuple[str, list[str], list[list]]]:
    """The bulletin's tables, shared by the workbook and the document: (heading, header, rows)."""

    def groups(items: list[dict]) -> list[list]:
        return [[g["name"], g["total"], g["completed"], _pct(g["rate"]), _delta(g["change"])] for g in items]

    return [
        ("分章节完成情况", ["章节", "任务数", "已完成", "完成率", "较上月"], groups(data["sections"])),
        ("分单位完成情况", ["牵头单位", "任务数", "已完成", "完成率", "较上月"], groups(data["departments"])),
        (RED_SHEET, RED_HEADER, [_red_row(r) for r in data["red"]]),
        ("逾期未报与迟报单位", ["单位", "迟报（项）", "未报（项）"],
         [[r["department"], r["late"], r["missing"]] for r in data["reporting"]]),
    ]  # fmt: skip


def _summary(data: dict) -> list[str]:
    overall = data["overall"]
    lines = [
        f"截至{date.fromisoformat(data['as_of']):%Y年%m月%d日}，纳入督查的重点任务共 {overall['total']} 项，"
        f"已完成 {overall['completed']} 项，完成率 {_pct(overall['rate'])}（较上月 {_delta(overall['change'])}）。",
        f"红色督办（逾期）事项 {len(data['red'])} 项；本月迟报或未报进展的单位 {len(data['reporting'])} 个。",
    ]
    return lines


def _cell(value: object) -> object:
    # Text that Excel would read as a formula is kept as text.
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def workbook(data: dict) -> bytes:
    """The bulletin as an .xlsx: a summary sheet, then one sheet per table.

    Written in openpyxl's write-only mode, row by row to the file: keeping a cell object per value in memory
    took twice as long (12,000 red items: 2.6 s against 1.4 s)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("概况")
    sheet.column_dimensions["A"].width = 100  # dimensions go before the rows in write-only mode
    sheet.append([_styled(sheet, data["title"], font=Font(bold=True, size=14))])
    for line in _summary(data):
        sheet.append([line])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for heading, header, rows in _tables(data):
        ws = book.create_sheet(heading[:31])
        for column in range(1, len(header) + 1):
            ws.column_dimensions[get_column_letter(column)].width = 14 if column > 1 else 36
        ws.freeze_panes = "A2"  # the header stays in view down a long list
        ws.append([_styled(ws, text, font=bold) for text in header])
        for row in rows:
            ws.append([_styled(ws, _cell(v), alignment=wrap) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _styled(ws, value: object, *, font: Font | None = None, alignment: Alignment | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _east_asian(style_or_run, *, size: int | None = None) -> None:
    """Set the Latin and the East Asian font: Word picks w:eastAsia for Chinese characters."""
    font = style_or_run.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    r_pr = style_or_run.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attr), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(theme), None)  # a theme font would override the named one


def document(data: dict) -> bytes:
    """The bulletin as a printable .docx with the title "YYYY年M月督查通报"."""
    doc = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        _east_asian(doc.styles[name], size=12 if name == "Normal" else None)
    # Tell Word the text is Chinese, so that line breaking and punctuation follow Chinese rules.
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    lang = normal.makeelement(qn("w:lang"), {qn("w:val"): "zh-CN", qn("w:eastAsia"): "zh-CN"})
    normal.append(lang)
    heading = doc.add_heading(data["title"], level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in heading.runs:
        _east_asian(run)
    for line in _summary(data):
        doc.add_paragraph(line)
    for heading_text, header, rows in _tables(data):
        _heading(doc, heading_text, level=1)
        if not rows:
            doc.add_paragraph("无。")
        elif heading_text == RED_SHEET and len(rows) > DOCUMENT_RED_LIMIT:
            _red_by_department(doc, data["red"])
        else:
            _table(doc, header, rows)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _heading(doc, text: str, *, level: int) -> None:
    for run in doc.add_heading(text, level=level).runs:
        _east_asian(run)


def _red_by_department(doc, red: list[dict]) -> None:
    """Too many red items to print: their count per department, then each department's most overdue few."""
    by_department: dict[str, list[dict]] = defaultdict(list)
    for item in red:  # most overdue first, so each department's list is too
        by_department[item["department"]].append(item)
    departments = sorted(by_department.items(), key=lambda d: (-len(d[1]), d[0]))
    top = DOCUMENT_RED_PER_DEPARTMENT
    doc.add_paragraph(
        f"红色督办（逾期）事项共 {len(red)} 项，超过 {DOCUMENT_RED_LIMIT} 项，本文按牵头单位汇总，"
        f"并列出各单位逾期最久的 {top} 项。全部 {len(red)} 项的清单见同期 Excel 工作簿“{RED_SHEET}”工作表。"
    )
    _table(doc, ["牵头单位", "红色督办（项）", "最长逾期（天）"],
           [[name, len(items), items[0]["days_overdue"]] for name, items in departments])  # fmt: skip
    _heading(doc, f"各单位逾期最久的 {top} 项", level=2)
    _table(doc, RED_HEADER, [_red_row(item) for _, items in departments for item in items[:top]])


# Characters XML 1.0 cannot hold: python-docx refuses them too, so a stray one would stop the bulletin.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    # As python-docx writes a run's text: a tab and a line break are elements of their own.
    "\t": '</w:t><w:tab/><w:t xml:space="preserve">',
    "\n": '</w:t><w:br/><w:t xml:space="preserve">',
    "\r": '</w:t><w:br/><w:t xml:space="preserve">',
})  # fmt: skip


def _table(doc, header: list[str], rows: list[list]) -> None:
    """A grid table with a bold header row that repeats on every printed page.

    The body rows are written as one XML string and parsed once: python-docx's ``add_row()`` and
    ``cell.text`` cost about a millisecond a row (12 s for 12,000 red items), this under 0.1 ms."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    head = table.rows[0]._tr
    head.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    # Each cell keeps the width python-docx gave the header's cell of its column, as add_row() would.
    widths = [(tc.tcPr.tcW.get(qn("w:w")), tc.tcPr.tcW.get(qn("w:type"))) for tc in head.tc_lst]
    opens = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="{t}"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">'
             for w, t in widths]  # fmt: skip
    parts = [f"<w:tbl {nsdecls('w')}>"]
    for row in rows:
        parts.append("<w:tr>")
        for start, value in zip(opens, row, strict=True):
            parts += (start, _NOT_XML.sub("", str(value)).translate(_BREAKS), "</w:t></w:r></w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    table._tbl.extend(list(parse_xml("".join(parts))))


# --- Publishing ---------------------------------------------------------------------------------------------


@transaction.atomic
def publish(*, month: date, today: date) -> Bulletin:
    """Build, store and announce the bulletin of ``month``. A rerun with the same figures changes nothing;
    with new figures (a later day, a correction) it replaces the files. Never a second row or message."""
    month = month.replace(day=1)
    _, created = Bulletin.objects.get_or_create(month=month)
    bulletin = Bulletin.objects.select_for_update().get(month=month)  # two runs at once take turns here
    data = build(month=month, today=today)
    if bulletin.data == data and bulletin.workbook and bulletin.document:
        return bulletin
    old = [f.name for f in (bulletin.workbook, bulletin.document) if f]
    bulletin.data = data
    bulletin.workbook.save(f"bulletin-{month:%Y-%m}.xlsx", ContentFile(workbook(data)), save=False)
    bulletin.document.save(f"bulletin-{month:%Y-%m}.docx", ContentFile(document(data)), save=False)
    bulletin.save(update_fields=["data", "workbook", "document"])
    storage = bulletin.workbook.storage
    # Old files go only once the new ones are committed; a rollback leaves the old row and files intact.
    transaction.on_commit(lambda: [storage.delete(name) for name in old if name not in _names(bulletin)])
    action = "bulletin.published" if created else "bulletin.regenerated"
    history.record(bulletin, action, data={"month": data["month"], "red": len(data["red"])})
    notify.bulletin_ready(bulletin, to=notify.supervisors())
    logger.info("bulletin %s: %d commitments, %d red", data["month"], data["overall"]["total"], len(data["red"]))
    return bulletin


def _names(bulletin: Bulletin) -> set[str]:
    return {bulletin.workbook.name, bulletin.document.name}
