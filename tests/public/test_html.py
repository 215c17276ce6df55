"""Every public page is well-formed, labelled HTML (a strict check with Python's own parser).

No validator is installed (html5lib and Java-based checkers are not available here), so this checks what
breaks pages for browsers and assistive technology: balanced tags, unique ids, references that resolve,
one h1 and no skipped heading level, a label for every field, a caption for every table, lang and doctype.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from commitments import amendments
from commitments.models import Milestone

pytestmark = pytest.mark.django_db
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG elements written self-closed are fine; the charts close every element explicitly anyway.


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: dict[str, int] = {}
        self.refs: list[str] = []
        self.labels: set[str] = set()
        self.fields: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.html_attrs: dict = {}
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        if "id" in a:
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1
        for attr in ("aria-labelledby", "aria-describedby"):
            self.refs += (a.get(attr) or "").split()
        if tag == "a" and (a.get("href") or "").startswith("#") and len(a["href"]) > 1:
            self.refs.append(a["href"][1:])
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.fields.append((tag, a))
        if tag == "img" and "alt" not in a:
            self.errors.append("img without alt")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def check(html: str) -> list[str]:
    parser = Checker()
    parser.feed(html)
    parser.close()
    errors = list(parser.errors)
    if parser.stack:
        errors.append(f"unclosed: {parser.stack}")
    if parser.doctype.lower() != "doctype html":
        errors.append("no <!DOCTYPE html>")
    if parser.html_attrs.get("lang") != "zh-Hans":
        errors.append("html lang is not zh-Hans")
    errors += [f"duplicate id {i}" for i, n in parser.ids.items() if n > 1]
    errors += [f"reference to missing id {r}" for r in parser.refs if r not in parser.ids]
    for tag, attrs in parser.fields:
        if attrs.get("id") not in parser.labels and not attrs.get("aria-label"):
            errors.append(f"<{tag} name={attrs.get('name')}> has no label")
    if parser.headings.count(1) != 1:
        errors.append(f"{parser.headings.count(1)} h1 elements")
    for before, after in zip(parser.headings, parser.headings[1:], strict=False):
        if after > before + 1:
            errors.append(f"heading level skips from h{before} to h{after}")
    if parser.captions < parser.tables:
        errors.append(f"{parser.tables - parser.captions} tables without caption")
    return errors


@pytest.fixture
def site(make_commitment, approve, attach, admin_user, work_report, section, dept_a, dept_b):
    c = make_commitment(planned_investment=126)
    c.supporting_departments.add(dept_b)
    Milestone.objects.create(commitment=c, title="开工", due_date=date(2024, 3, 31))
    attach(approve(c, value="51.5", verified=True, investment_completed=60))
    amendments.change_target(c, by=admin_user, reason="调整任务量", target_value=110)
    adjusted = make_commitment()
    amendments.set_terminal(adjusted, state="adjusted", by=admin_user, reason="任务合并")
    for _ in range(55):
        make_commitment()
    return {"c": c, "report": work_report, "section": section, "dept": dept_a}


def pages(site) -> list[str]:
    c, r = site["c"], site["report"]
    return [
        reverse("public:home"),
        reverse("public:commitment-list"),
        reverse("public:commitment-list") + "?status=wrong&page=1",
        reverse("public:commitment-list") + "?page=2&sort=-progress_percent",
        reverse("public:commitment-detail", args=[c.code]),
        reverse("public:department-list"),
        reverse("public:department-detail", args=[site["dept"].slug]),
        reverse("public:section-detail", args=[r.pk, site["section"].key]),
        reverse("public:open-data"),
    ]


def test_every_public_page_is_well_formed_and_labelled(client, site):
    for url in pages(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert check(response.text) == [], url


def test_the_not_found_page_is_well_formed_too(client, db):
    response = client.get("/commitments/2099-0-0-00/")

    assert response.status_code == 404 and check(response.text) == []


def test_the_checker_catches_broken_markup():
    broken = '<!DOCTYPE html><html lang="zh-Hans"><body><h1>a</h1><h3>b</h3><div id="x"><p id="x"></div>'

    errors = check(broken + '<input name="q"><table></table></body></html>')

    assert any("skips" in e for e in errors) and any("duplicate id x" in e for e in errors)
    assert any("closes" in e for e in errors) and any("no label" in e for e in errors)
    assert any("without caption" in e for e in errors)
