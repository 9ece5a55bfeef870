"""Markdown export that reads well in Obsidian: YAML front matter, passages as block quotes."""

from __future__ import annotations

import json
import re

from briefreader.core.models import AnchorStatus

from .citation import document_citation
from .common import DocSection, Entry, Summary, file_uri

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$]|(?<==)=|=(?==))")
_LINE_START = re.compile(r"^(\s*)(?:([-+])|(\d+)([.)]))(?=\s|$)")
_TAG_OK = re.compile(r"^(?!\d+$)[\w/-]+$")


def escape(text: str) -> str:
    """Escape inline Markdown so the text shows literally (also in Obsidian: ==, $, #)."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line(text: str) -> str:
    """Escape a line that must not start a list, quote or heading."""

    def fix(m: re.Match[str]) -> str:
        if m.group(2):
            return m.group(1) + "\\" + m.group(2)
        return m.group(1) + m.group(3) + "\\" + m.group(4)

    return _LINE_START.sub(fix, escape(text))


def link_target(url: str) -> str:
    """A URL safe inside ``(<...>)``."""
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace("\n", "")


def yaml_value(value: object) -> str:
    """A YAML scalar: JSON strings, numbers, booleans and null are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def tag_text(tag: str) -> str:
    """``#tag`` when Obsidian can read it as a tag, else the tag in code quotes."""
    if _TAG_OK.match(tag):
        return f"#{tag}"
    return "`" + tag.replace("`", "'") + "`"


def _front_matter(summary: Summary) -> list[str]:
    scope = summary.scope
    value: object = list(scope.value) if isinstance(scope.value, tuple) else scope.value
    lines = [
        "---",
        f"title: {yaml_value(summary.title)}",
        f"scope: {yaml_value(scope.kind)}",
        f"scope_value: {yaml_value(value)}",
        f"scope_label: {yaml_value(summary.scope_text)}",
        f"only_new: {yaml_value(scope.since_last)}",
    ]
    if scope.since_last:
        lines.append(f"since: {yaml_value(scope.since)}")
    lines += [
        f"group_by: {yaml_value(summary.options.group_by)}",
        f"generated: {yaml_value(summary.options.generated_at)}",
        f"generator: {yaml_value(f'{summary.options.app_name} {summary.options.app_version}')}",
        f"documents: {len(summary.documents)}",
        f"highlights: {summary.annotation_count}",
        "---",
        "",
    ]
    return lines


def _document_meta(section: DocSection) -> list[str]:
    record = section.item.record
    lines = []
    if record.source:
        lines.append(f"- **Source:** {escape(record.source)}")
    if record.author:
        lines.append(f"- **Author:** {escape(record.author)}")
    if record.date:
        lines.append(f"- **Date:** {escape(record.date)}")
    if record.path:
        missing = " (file missing)" if record.missing or section.item.document is None else ""
        target = link_target(file_uri(record.path))
        lines.append(f"- **File:** [{escape(record.path)}](<{target}>){missing}")
    if record.url:
        lines.append(f"- **URL:** [{escape(record.url)}](<{link_target(record.url)}>)")
    if record.tags:
        lines.append("- **Tags:** " + " ".join(tag_text(t) for t in record.tags))
    lines.append(f"- **Cite as:** {document_citation(record).formatted(escape, ('*', '*'))}")
    if not section.entries:
        lines.append("- No highlights.")
    lines.append("")
    if record.note.strip():
        lines += ["**Document note**", "", record.note.strip(), ""]
    return lines


def _entry(entry: Entry) -> list[str]:
    annotation = entry.annotation
    lines = [
        "> " + escape_line(line) if line.strip() else ">"
        for line in annotation.anchor.exact.split("\n")
    ]
    lines.append("")
    meta = [f"**{escape(entry.color_label)}**"]
    if entry.heading:
        meta.append(f"§ {escape(entry.heading)}")
    if entry.page is not None:
        meta.append(f"p. {entry.page}")
    if annotation.tags:
        meta.append(" ".join(tag_text(t) for t in annotation.tags))
    if annotation.status is not AnchorStatus.ANCHORED:
        meta.append(f"⚠ {entry.status_label}")
    lines += [" · ".join(meta), ""]
    if annotation.note.strip():
        lines += [annotation.note.strip(), ""]
    return lines


def _entries(section: DocSection) -> list[str]:
    lines: list[str] = []
    for entry in section.entries:
        lines += _entry(entry)
    return lines


def render_markdown(summary: Summary) -> bytes:
    lines = _front_matter(summary)
    lines += [f"# {escape(summary.title)}", ""]
    generated = f"{summary.options.app_name} {summary.options.app_version}"
    lines += [f"Generated {summary.generated_text} by {generated} · {summary.counts_text}", ""]
    if summary.since_text:
        lines += [f"*{summary.since_text}*", ""]
    if summary.by_document:
        for section in summary.documents:
            lines += [f"## {escape(section.item.record.title)}", ""]
            lines += _document_meta(section)
            lines += _entries(section)
    else:
        lines += ["## Documents", ""]
        for section in summary.documents:
            lines += [f"### {escape(section.item.record.title)}", ""]
            lines += _document_meta(section)
        for group in summary.groups:
            lines += [f"## {escape(group.title)}", ""]
            for section in group.sections:
                lines += [f"### {escape(section.item.record.title)}", ""]
                lines += _entries(section)
    while lines and lines[-1] == "":
        lines.pop()
    return ("\n".join(lines) + "\n").encode("utf-8")
