"""Markdown export that reads well in Obsidian: YAML front matter, passages as block quotes."""

from __future__ import annotations

import json
import re

from briefreader.core.models import AnchorStatus
from briefreader.core.names import display_name
from briefreader.core.textdiff import REMOVED, was_now

from .citing import CitationText, cite, web_address
from .common import APPENDIX_TEXT, APPENDIX_TITLE, DocSection, Entry, Summary, file_uri

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$]|(?<==)=|=(?==))")
_LINE_START = re.compile(r"^(\s*)(?:([-+])|(\d+)([.)]))(?=\s|$)")
_TAG_OK = re.compile(r"^(?!\d+$)[\w/-]+$")


def escape(text: str) -> str:
    """Escape inline Markdown so the text shows literally (also in Obsidian: ==, $, #)."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line(text: str) -> str:
    """Escape a line that must not start a list, quote or heading."""
    return _no_list_start(escape(text))


def _no_list_start(line: str) -> str:
    """An (escaped) line that does not start a list item."""

    def fix(m: re.Match[str]) -> str:
        if m.group(2):
            return m.group(1) + "\\" + m.group(2)
        return m.group(1) + m.group(3) + "\\" + m.group(4)

    return _LINE_START.sub(fix, line)


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


def citation(cited: CitationText) -> str:
    """A citation line with Markdown escaped and the title in italics."""
    return cited.text(escape, ("*", "*"))


def _front_matter(summary: Summary) -> list[str]:
    if summary.to_send:  # what a note app shows as properties: nothing of the analyst's setup
        return [
            "---",
            f"title: {yaml_value(summary.title)}",
            f"date: {yaml_value(summary.options.generated_at[:10])}",
            f"documents: {len(summary.documents)}",
            f"passages: {summary.annotation_count}",
            "---",
            "",
        ]
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


def _document_meta(summary: Summary, section: DocSection) -> list[str]:
    if summary.to_send:
        return _sent_document_meta(section)
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
        lines.append(f"- **File:** [{escape(display_name(record.path))}](<{target}>){missing}")
    if record.url:
        lines.append(f"- **URL:** [{escape(record.url)}](<{link_target(record.url)}>)")
    if record.tags:
        lines.append("- **Tags:** " + " ".join(tag_text(t) for t in record.tags))
    lines.append(f"- **Cite as:** {citation(cite(record))}")
    if not section.entries:
        lines.append("- No highlights.")
    lines.append("")
    if record.note.strip():
        lines += ["**Document note**", "", record.note.strip(), ""]
    return lines


def _sent_document_meta(section: DocSection) -> list[str]:
    """A document as a recipient reads of it: where it comes from, how to cite it."""
    record = section.item.record
    lines = []
    for label, value in (("Source", record.source), ("Author", record.author)):
        if value:
            lines.append(f"- **{label}:** {escape(value)}")
    if record.date:
        lines.append(f"- **Date:** {escape(record.date)}")
    url = web_address(record.url)
    if url:
        lines.append(f"- **URL:** <{link_target(url)}>")
    lines.append(f"- **Cite as:** {citation(section.citation)}")
    lines.append("")
    if record.note.strip():
        lines += [record.note.strip(), ""]
    return lines


def _sent_entry(entry: Entry) -> list[str]:
    """A passage in a brief: the current wording, its citation, the colour's meaning, the note."""
    annotation = entry.annotation
    lines = _quote_lines(escape(entry.quote))
    lines.append(f"> — {citation(entry.citation)}")
    lines.append("")
    meta = [f"**{escape(entry.meaning or entry.color_name)}**"]
    if annotation.tags:
        meta.append(" ".join(tag_text(t) for t in annotation.tags))
    lines += [" · ".join(meta), ""]
    if annotation.note.strip():
        lines += [annotation.note.strip(), ""]
    return lines


def _marked(kind: str, words: str) -> str:
    """Changed words: ``~~removed~~`` or ``**added**``."""
    mark = "~~" if kind == REMOVED else "**"
    return f"{mark}{escape(words)}{mark}"


def _quote_lines(escaped: str) -> list[str]:
    """An escaped passage as block quote lines."""
    return ["> " + _no_list_start(line) if line.strip() else ">" for line in escaped.split("\n")]


def _entry(entry: Entry) -> list[str]:
    if entry.sending:
        return _sent_entry(entry)
    annotation = entry.annotation
    if entry.wording:  # the current wording with its new words in bold, then the original
        was, now = was_now(entry.wording, _marked, escape)
        lines = _quote_lines(now)
        lines += ["", "*Was:* “" + " ".join(was.split("\n")) + "”"]
    else:
        lines = _quote_lines(escape(annotation.anchor.exact))
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


def _entries(section: DocSection, by_section: bool = False) -> list[str]:
    lines: list[str] = []
    if by_section:
        for heading, entries in section.by_heading():
            lines += [f"### {escape(heading)}", ""]
            for entry in entries:
                lines += _entry(entry)
        return lines
    for entry in section.entries:
        lines += _entry(entry)
    return lines


def _header(summary: Summary) -> list[str]:
    lines = [f"# {escape(summary.title)}", ""]
    if summary.to_send:
        if summary.intro:
            lines += [summary.intro, ""]
        lines += [f"{summary.generated_text[:10]} · {summary.counts_text}", ""]
        return lines
    generated = f"{summary.options.app_name} {summary.options.app_version}"
    lines += [f"Generated {summary.generated_text} by {generated} · {summary.counts_text}", ""]
    if summary.intro:
        lines += [summary.intro, ""]
    return lines


def _appendix(summary: Summary) -> list[str]:
    if not summary.appendix:
        return []
    lines = [f"## {escape(APPENDIX_TITLE)}", "", f"*{escape(APPENDIX_TEXT)}*", ""]
    for section in summary.appendix:
        lines += [f"### {escape(section.item.record.title)}", ""]
        for entry in section.entries:
            lines += _quote_lines(escape(entry.quote))
            lines += ["", f"— {citation(section.citation)}", ""]
    return lines


def render_markdown(summary: Summary) -> bytes:
    lines = _front_matter(summary)
    lines += _header(summary)
    if summary.since_text:
        lines += [f"*{summary.since_text}*", ""]
    if summary.by_document:
        for section in summary.documents:
            lines += [f"## {escape(section.item.record.title)}", ""]
            lines += _document_meta(summary, section)
            lines += _entries(section, summary.by_section)
    else:
        lines += ["## Documents", ""]
        for section in summary.documents:
            lines += [f"### {escape(section.item.record.title)}", ""]
            lines += _document_meta(summary, section)
        for group in summary.groups:
            lines += [f"## {escape(group.title)}", ""]
            for section in group.sections:
                lines += [f"### {escape(section.item.record.title)}", ""]
                lines += _entries(section)
    lines += _appendix(summary)
    while lines and lines[-1] == "":
        lines.pop()
    return ("\n".join(lines) + "\n").encode("utf-8")
