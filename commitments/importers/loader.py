"""Writes a parsed work report: the Report, its section tree and draft commitments (issue 7).

Natural keys make a rerun safe. The report is (issuer, year); a section is its dotted key (2, 2.0, 2.1.3);
a commitment is its code "<year>-<chapter>-<section>-<NN>", numbered through the theme paragraphs of a
chapter as the curated 2024 fixture is (2024-2-0-01 for the main targets, 2024-2-1-05 in (一)). Drafts are
not public and have no department: an administrator reviews, assigns and publishes them.

Importing again:
- the same issuer, year and text (SHA-256 of the normalised text) changes nothing ("unchanged");
- the same issuer and year with another text is refused, nothing written, unless ``replace_drafts``.
  Then the new text replaces the drafts only. A draft is a commitment that is not public and has no
  progress report: one whose code the new text still yields is updated in place (keeping its id,
  department and dates), one it no longer yields is deleted unless audit entries or notices hold it.
  Published commitments and those with reports are never touched; where the new text yields their code,
  that task is skipped with a warning, for the administrator to add by hand.
"""

from __future__ import annotations

import contextlib
import hashlib
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError, Q

from commitments import figures, history
from commitments.importers.debris import ANNEX
from commitments.importers.errors import ReportImportError
from commitments.importers.key_tasks import MILESTONE, make_title
from commitments.importers.targets import Target
from commitments.importers.work_report import ParseResult
from commitments.models import Commitment, Section, WorkReport
from commitments.public import cache as public_cache

_LARGEST = Decimal(10) ** 12  # Commitment figures are DecimalField(max_digits=16, decimal_places=4)
_PLACES = Decimal("0.0001")
_PHRASE = {">=": ("", "以上"), ">": ("突破", ""), "<=": ("", "以内"), "=": ("", "")}
_IMPORTED_FIELDS = [
    "section",
    "position",
    "title",
    "quote",
    "kind",
    "comparator",
    "target_value",
    "unit",
    "baseline_value",
    "baseline_quote",
]


@dataclass(frozen=True)
class SectionRow:
    key: str
    parent_key: str
    number: str
    heading: str
    level: int
    position: int


@dataclass(frozen=True)
class DraftRow:
    """One draft commitment as it will be written."""

    code: str
    section_key: str
    position: int
    title: str
    quote: str
    kind: str
    comparator: str
    target_value: Decimal | None
    unit: str
    baseline_value: Decimal | None
    baseline_quote: str


@dataclass(frozen=True)
class Plan:
    """What an import would write, computed without the database (the dry run prints it)."""

    year: int
    title: str
    sections: tuple[SectionRow, ...]
    rows: tuple[DraftRow, ...]
    warnings: tuple[str, ...]

    @property
    def quantified(self) -> int:
        return sum(1 for r in self.rows if r.kind != MILESTONE)

    @property
    def qualitative(self) -> int:
        return len(self.rows) - self.quantified


@dataclass(frozen=True)
class LoadSummary:
    """The outcome of one import, stored in ImportJob.summary and in the report's history entry."""

    outcome: str  # "created", "replaced" or "unchanged"
    work_report_id: int
    report_title: str
    year: int
    sections: int
    commitments: int
    quantified: int
    qualitative: int
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {**asdict(self), "kept": list(self.kept), "warnings": list(self.warnings)}

    def line(self) -> str:
        """One line for the command and the admin message."""
        tasks = f"{self.sections} 个章节、{self.commitments} 项任务"
        if self.outcome == "unchanged":
            text = f"《{self.report_title}》原文未变，未做任何修改（现有 {tasks}）"
        elif self.outcome == "created":
            kinds = f"量化 {self.quantified} 项、定性 {self.qualitative} 项"
            text = f"已导入《{self.report_title}》：{tasks}（{kinds}），均为草稿：未公开、未分配牵头单位"
        else:
            changes = f"新建 {self.created} 项、更新 {self.updated} 项、删除 {self.removed} 项草稿"
            kept = f"保留已发布或已填报的任务 {len(self.kept)} 项"
            text = f"已用新原文更新《{self.report_title}》的草稿：{changes}，{kept}"
        return text + (f"；警告 {len(self.warnings)} 条" if self.warnings else "")


def normalise_text(text: str) -> str:
    """The text a hash is taken of: NFC, without a byte-order mark, with LF line ends."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def source_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _figure(value: Decimal | None) -> Decimal | None:
    """A figure as the database stores it, or None when it does not fit."""
    if value is None or abs(value) >= _LARGEST:
        return None
    return value.quantize(_PLACES)


def target_title(target: Target) -> str:
    """Title of one of several targets sharing a quote, from its subject: 地区生产总值增长7%以上."""
    before, after = _PHRASE.get(target.comparator, ("", ""))
    return make_title(f"{target.subject}{before}{_plain(target.value)}{target.unit}{after}")


def _sections(result: ParseResult) -> tuple[list[SectionRow], dict[tuple[str, ...], str]]:
    rows, keys = [], {}
    for position, section in enumerate(result.sections, start=1):
        parent = section.key.rsplit(".", 1)[0] if "." in section.key else ""
        heading = (section.title or section.heading)[:300]
        rows.append(SectionRow(section.key, parent, section.number[:20], heading, section.level, position))
        keys[section.path] = section.key
    return rows, keys


def _section_key(path: tuple[str, ...], keys: dict[tuple[str, ...], str], rows: list[SectionRow], year: int) -> str:
    """The key of a draft's section: its own, its nearest listed ancestor's, or a root made for it."""
    for n in range(len(path), 0, -1):
        if path[:n] in keys:
            return keys[path[:n]]
    taken = {r.key for r in rows}
    key = next(str(n) for n in range(1, len(rows) + 2) if str(n) not in taken)
    rows.append(SectionRow(key, "", "", f"{year}年重点工作", 1, len(rows) + 1))
    keys[path] = key
    return key


def _fields(title: str, target: Target | None, *, shared: bool) -> dict:
    """The imported fields of one row: a qualitative task, or one target (titled by its subject when
    several targets share the quote)."""
    if target is None:
        return {
            "title": title,
            "kind": MILESTONE,
            "comparator": ">=",
            "target_value": None,
            "unit": "",
            "baseline_value": None,
            "baseline_quote": "",
        }
    baseline = _figure(target.baseline)
    return {
        "title": target_title(target) if shared else title,
        "kind": target.kind,
        "comparator": target.comparator,
        "target_value": _figure(target.value),
        "unit": target.unit[:30],
        "baseline_value": baseline,
        "baseline_quote": target.baseline_quote if baseline is not None else "",
    }


def plan(result: ParseResult, *, issuer: str, title: str | None = None) -> Plan:
    """The rows an import of ``result`` writes: one commitment per quantified target (a draft with two
    targets, 跨越千亿台阶,增长7%以上, becomes two sharing the quote) and one per qualitative draft.
    Pure: the dry run calls it without a database."""
    if not 1949 <= result.year <= 2100:
        raise ReportImportError(f"年份 {result.year} 不对：应在 1949 至 2100 之间。")
    section_rows, keys = _sections(result)
    rows: list[DraftRow] = []
    warnings: list[str] = []
    serials: Counter[str] = Counter()
    for draft in result.commitments:
        key = _section_key(draft.section, keys, section_rows, result.year)
        group = "-".join(key.split(".")[:2])
        for target in draft.targets or (None,):
            serials[group] += 1
            code = f"{result.year}-{group}-{serials[group]:02d}"
            if target is not None and _figure(target.value) is None:
                warnings.append(f"{code}：目标值 {_plain(target.value)} 超出可保存的范围，未导入，请人工录入")
                continue
            fields = _fields(draft.title, target, shared=len(draft.targets) > 1)
            rows.append(DraftRow(code=code, section_key=key, position=len(rows) + 1, quote=draft.quote, **fields))
    where = f"“{' › '.join(result.sections[-1].path)}”" if result.sections else f"{result.year}年工作部分"
    if not rows:
        # Nothing to review: an import that writes an empty report would only hide the problem (issue 15).
        cut = f"文本在{where}中途截断，" if result.truncated else ""
        raise ReportImportError(
            f"{cut}{result.year}年工作部分没有识别出任何任务，未导入。请检查原文是否完整（是否只复制了开头几段）后重新导入。"
        )
    if result.truncated:
        warnings.append(f"文本在{where}中途截断，其后的任务未导入：请补全原文后重新导入，或手工补录")
    for section in result.sections:
        if ANNEX.match(section.heading) and len(section.path) == 1:
            found = sum(1 for d in result.commitments if d.section[:1] == section.path)
            warnings.append(f"附件：找到{ANNEX.sub('', section.heading).strip()} {found} 项（见“{section.heading}”）")
    missing = [r.code for r in rows if r.kind == Commitment.Kind.LEVEL and r.baseline_value is None]
    if missing:
        warnings.append(f"{len(missing)} 个总量目标没有在回顾部分找到上年基数（{'、'.join(missing)}），请审核时补充")
    report_title = (title or result.title or f"{result.year}年{result.place or issuer}政府工作报告").strip()
    return Plan(result.year, report_title[:200], tuple(section_rows), tuple(rows), tuple(warnings))


def _issuer(issuer: str) -> str:
    issuer = (issuer or "").strip()
    if not issuer or len(issuer) > 100:
        raise ReportImportError("请填写发布机关（如“某某市人民政府”），不超过 100 个字。")
    return issuer


def _conflict(work_report: WorkReport) -> ReportImportError:
    return ReportImportError(
        f"{work_report.issuer}{work_report.year}年的报告《{work_report.title}》已用另一份原文导入过，为免覆盖，本次未写入任何内容。"
        "如确要以新原文替换其中尚未发布、尚无填报的草稿任务，请选择“替换草稿”（命令行用 --replace-drafts）。"
    )


def check_conflict(*, issuer: str, year: int, source_text: str, replace_drafts: bool = False) -> None:
    """Raise the refusal ``load`` would raise for another text of an imported report (read only: forms
    call it to refuse early)."""
    work_report = WorkReport.objects.filter(issuer=_issuer(issuer), year=year).first()
    if work_report and work_report.source_hash != source_hash(source_text) and not replace_drafts:
        raise _conflict(work_report)


def _write_sections(work_report: WorkReport, rows: tuple[SectionRow, ...]) -> dict[str, Section]:
    by_key = {s.key: s for s in Section.objects.select_for_update().filter(work_report=work_report)}
    for row in rows:  # parents come before their children in report order
        fields = {"parent": by_key.get(row.parent_key), "number": row.number, "heading": row.heading}
        fields |= {"level": row.level, "position": row.position}
        section = by_key.get(row.key)
        if section is None:
            by_key[row.key] = Section.objects.create(work_report=work_report, key=row.key, **fields)
        elif any(getattr(section, f) != v for f, v in fields.items()):
            for f, v in fields.items():
                setattr(section, f, v)
            section.save()
    return by_key


def _remove_stale_sections(work_report: WorkReport, keep: set[str]) -> None:
    for section in Section.objects.filter(work_report=work_report).exclude(key__in=keep).order_by("-level"):
        with contextlib.suppress(ProtectedError):  # published tasks still sit in it: it stays with them
            section.delete()


@dataclass
class _Writes:
    written: list[Commitment]
    created: int = 0
    updated: int = 0
    removed: int = 0


def _write_commitments(
    work_report: WorkReport, rows: tuple[DraftRow, ...], sections: dict[str, Section], warnings: list[str]
) -> tuple[_Writes, list[str]]:
    existing = {c.code: c for c in Commitment.objects.select_for_update().filter(work_report=work_report)}
    held = Q(is_public=True) | Q(progress_reports__isnull=False)
    not_drafts = set(Commitment.objects.filter(held, work_report=work_report).values_list("code", flat=True))
    writes, kept = _Writes(written=[]), sorted(not_drafts)
    for row in rows:
        values = {f: getattr(row, f) for f in _IMPORTED_FIELDS if f != "section"}
        values["section"] = sections[row.section_key]
        commitment = existing.get(row.code)
        if commitment is None:
            commitment = Commitment.objects.create(
                work_report=work_report,
                code=row.code,
                start_date=date(work_report.year, 1, 1),
                due_date=date(work_report.year, 12, 31),
                is_public=False,
                **values,
            )
            writes.created += 1
        elif row.code in not_drafts:
            warnings.append(f"{row.code} 已发布或已有填报，保留原任务；新原文中的“{row.title}”未导入，请核对后手工补录")
            continue
        elif any(getattr(commitment, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(commitment, f, v)
            commitment.save()
            writes.updated += 1
        writes.written.append(commitment)
    codes = {r.code for r in rows}
    for code, commitment in existing.items():
        if code in codes or code in not_drafts:
            continue
        try:
            commitment.delete()
            writes.removed += 1
        except ProtectedError:
            kept.append(code)
            warnings.append(f"草稿 {code} 已有操作记录或督办，新原文中已没有它，但未删除，请人工处理")
    return writes, kept


@transaction.atomic
def load(
    result: ParseResult,
    *,
    issuer: str,
    title: str | None = None,
    source_text: str,
    today: date,
    by=None,
    replace_drafts: bool = False,
) -> LoadSummary:
    """Write ``result`` in one transaction and say what was done (导入政府工作报告, issue 7).

    A new report is created not public. The same text again changes nothing; another text for the same
    issuer and year raises ReportImportError unless ``replace_drafts`` (see the module docstring). Written
    drafts get their derived figures from figures.recompute on ``today`` (未启动 until reports arrive).
    """
    issuer = _issuer(issuer)
    planned = plan(result, issuer=issuer, title=title)
    digest = source_hash(source_text)
    work_report, created = WorkReport.objects.get_or_create(
        issuer=issuer,
        year=planned.year,
        defaults={"title": planned.title, "source_text": source_text, "source_hash": digest, "is_public": False},
    )
    if not created:
        # Two imports of one report queue here; the second then sees the first one's text.
        work_report = WorkReport.objects.select_for_update().get(pk=work_report.pk)
        if work_report.source_hash == digest:
            return LoadSummary(
                "unchanged",
                work_report.pk,
                work_report.title,
                work_report.year,
                sections=work_report.sections.count(),
                commitments=work_report.commitments.count(),
                quantified=work_report.commitments.exclude(kind=MILESTONE).count(),
                qualitative=work_report.commitments.filter(kind=MILESTONE).count(),
            )
        if not replace_drafts:
            raise _conflict(work_report)
        work_report.source_text, work_report.source_hash = source_text, digest
        work_report.title = title.strip()[:200] if title and title.strip() else work_report.title
        work_report.save(update_fields=["source_text", "source_hash", "title"])
    warnings = list(planned.warnings)
    sections = _write_sections(work_report, planned.sections)
    writes, kept = _write_commitments(work_report, planned.rows, sections, warnings)
    if not created:
        _remove_stale_sections(work_report, {s.key for s in planned.sections})
    summary = LoadSummary(
        "created" if created else "replaced",
        work_report.pk,
        work_report.title,
        work_report.year,
        sections=len(planned.sections),
        commitments=len(writes.written),
        quantified=sum(1 for c in writes.written if c.kind != MILESTONE),
        qualitative=sum(1 for c in writes.written if c.kind == MILESTONE),
        created=writes.created,
        updated=writes.updated,
        removed=writes.removed,
        kept=tuple(kept),
        warnings=tuple(warnings),
    )
    history.record(work_report, "work_report.imported", by=by, data=summary.as_dict())
    for commitment in writes.written:
        figures.recompute(commitment, today=today)
    if work_report.is_public:
        transaction.on_commit(public_cache.invalidate)  # its section tree is public
    return summary
