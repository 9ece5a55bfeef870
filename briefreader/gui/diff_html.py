"""A version diff as Qt rich text: one table row per changed paragraph (removed text struck
in red, added text on green, a changed paragraph with its words marked), the annotations on
it beside it with their notes, and runs of unchanged paragraphs collapsed to one line.

Links: ``annotation:ID`` opens an annotation, ``expand:N`` shows the unchanged run of block N.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from briefreader.core.changes import ChangeBlock, VersionDiff
from briefreader.core.models import AnchorStatus, Annotation
from briefreader.core.textdiff import ADDED, CHANGED, REMOVED, UNCHANGED
from briefreader.gui import colors
from briefreader.gui.models.annotations_model import one_line
from briefreader.gui.panels.annotation_delegate import note_html, status_label
from briefreader.gui.wording import inline_html, mark

CONTEXT_LINES = 1  # unchanged paragraphs shown on each side of a change
CONTEXT_CHARS = 280  # an unchanged paragraph shown as context is cut to about this
QUOTE_CHARS = 90
GUTTER = {REMOVED: "−", ADDED: "+", CHANGED: "~", UNCHANGED: ""}
KIND_LABEL = {REMOVED: "removed", ADDED: "added", CHANGED: "changed"}


@dataclass(frozen=True)
class DiffStyle:
    text: str  # CSS colours
    muted: str
    dark: bool = False
    render_note: Callable[[str], str] = html.escape  # Markdown to HTML, as the panes show notes


def diff_counts(diff: VersionDiff) -> dict[str, int]:
    """How many paragraphs were changed, removed and added."""
    counts = {CHANGED: 0, REMOVED: 0, ADDED: 0}
    for block in diff.blocks:
        if block.kind in counts:
            counts[block.kind] += _paragraphs(block)
    return counts


def diff_summary(diff: VersionDiff) -> str:
    """One line: "2 paragraphs changed, 1 removed, 1 added; 3 annotations on them"."""
    if not diff.changed:
        return "Nothing changed in the text since then."
    counts = diff_counts(diff)
    parts = [f"{n} {KIND_LABEL[kind]}" for kind, n in counts.items() if n]
    noun = "paragraph" if sum(counts.values()) == 1 else "paragraphs"
    line = f"{noun.capitalize()}: {', '.join(parts)}"
    affected = len(diff.affected)
    if affected:
        line += f"; {affected} annotation{'s' if affected != 1 else ''} on them"
    return line + "."


def diff_html(
    diff: VersionDiff,
    annotations: Mapping[int, Annotation],
    style: DiffStyle,
    expanded: Collection[int] = (),
) -> str:
    """The whole diff; the unchanged runs whose block index is in ``expanded`` in full."""
    rows = []
    last = len(diff.blocks) - 1
    for i, block in enumerate(diff.blocks):
        if block.kind == UNCHANGED:
            rows += _unchanged_rows(i, block, style, i in expanded, i > 0, i < last)
        else:
            rows.append(_changed_row(block, annotations, style))
    body = "".join(rows)
    return (
        f"<table width='100%' cellspacing='0' cellpadding='5' style='color:{style.text}'>"
        f"{body}</table>"
    )


def _paragraphs(block: ChangeBlock) -> int:
    text = block.new_text if block.kind == ADDED else block.old_text
    return max(1, sum(1 for line in text.split("\n") if line.strip()))


def _row(gutter: str, text: str, side: str, style: DiffStyle, background: str = "") -> str:
    shade = f" bgcolor='{background}'" if background else ""
    return (
        f"<tr><td width='18' valign='top' style='color:{style.muted}'>{gutter}</td>"
        f"<td width='66%' valign='top'{shade}>{text}</td>"
        f"<td valign='top' style='font-size:small'>{side}</td></tr>"
    )


def _unchanged_rows(
    index: int, block: ChangeBlock, style: DiffStyle, expanded: bool, after: bool, before: bool
) -> list[str]:
    """Context around the changes, the rest of the run as one "… N unchanged …" line."""
    lines = [line for line in block.new_text.split("\n") if line.strip()]
    keep_head = CONTEXT_LINES if after else 0
    keep_tail = CONTEXT_LINES if before else 0
    if expanded or len(lines) <= keep_head + keep_tail + 1:
        shown, hidden, tail = lines, 0, []
    else:
        shown = lines[:keep_head]
        tail = lines[len(lines) - keep_tail :] if keep_tail else []
        hidden = len(lines) - len(shown) - len(tail)

    def context(line: str) -> str:
        cut = line if expanded or len(line) <= CONTEXT_CHARS else line[:CONTEXT_CHARS] + "…"
        return _row("", f"<span style='color:{style.muted}'>{html.escape(cut)}</span>", "", style)

    rows = [context(line) for line in shown]
    if hidden:
        noun = "paragraph" if hidden == 1 else "paragraphs"
        link = f"<a href='expand:{index}'>… {hidden:,} unchanged {noun} …</a>"
        rows.append(_row("", f"<i>{link}</i>", "", style))
    rows += [context(line) for line in tail]
    return rows


def _changed_row(
    block: ChangeBlock, annotations: Mapping[int, Annotation], style: DiffStyle
) -> str:
    if block.kind == CHANGED:
        text = inline_html(block.pieces, style.dark)
        background = ""
    elif block.kind == REMOVED:
        text = _lines(block.old_text, lambda line: mark(REMOVED, line, style.dark))
        background = "#3a2626" if style.dark else "#fbeeee"
    else:
        text = _lines(block.new_text, lambda line: mark(ADDED, line, style.dark))
        background = ""
    label = f"<span style='color:{style.muted}; font-size:small'>{KIND_LABEL[block.kind]}</span>"
    side = "".join(
        _annotation_html(annotations[i], style) for i in block.annotation_ids if i in annotations
    )
    return _row(GUTTER[block.kind], f"{label}<br>{text}", side, style, background)


def _lines(text: str, marked: Callable[[str], str]) -> str:
    return "<br>".join(marked(line) for line in text.split("\n") if line.strip())


def _annotation_html(annotation: Annotation, style: DiffStyle) -> str:
    """An annotation beside its paragraph: colour, status, quote, note; a link opens it."""
    swatch = colors.swatch(annotation.color).name()
    badge = status_label(annotation)
    status = AnchorStatus(annotation.status)
    state = f" <span style='color:{badge[1]}'>{html.escape(str(status))}</span>" if badge else ""
    quote = one_line(annotation.original_anchor.exact, QUOTE_CHARS)
    note = note_html(annotation.note, style.render_note) if annotation.note else ""
    return (
        f"<div style='margin-top:6px'><span style='color:{swatch}'>■</span> "
        f"<a href='annotation:{annotation.id}'>#{annotation.id}</a>{state}<br>"
        f"<i>“{html.escape(quote)}”</i>{note}</div>"
    )
