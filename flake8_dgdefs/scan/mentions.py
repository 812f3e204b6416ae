"""Which lines of a module's text may mention a name: lets the scan pass over the function
bodies that cannot hold what it looks for, without walking their syntax trees.

Most of a project's syntax nodes are in function bodies, and most bodies neither load,
import nor build a definition. A body that does names something the scan knows (`import`,
`deps`, a Dagster builder, a name imported from Dagster), and in a text of ASCII only, a
name in the syntax tree is the very bytes of its line. So a body whose lines hold none of
those words, even inside a longer word or a comment, holds no node the scan would keep.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterable


def shortest(words: Iterable[str]) -> tuple[bytes, ...]:
    """The words that hold no other of them: finding those finds every word."""
    unique = set(words)
    return tuple(sorted(
        word.encode("ascii")
        for word in unique
        if not any(other != word and other in word for other in unique)
    ))


def lines_mentioning(source: bytes, words: Iterable[bytes]) -> list[int] | None:
    """The numbers (from 1, sorted) of the lines that hold any of `words`; None when the
    parser may have read names or lines the bytes do not show: a text that is not pure
    ASCII (NFKC folds other letters into ASCII names), a coding declaration (UTF-7 writes
    letters as other bytes), or a lone carriage return (a line break that is no `\\n`)."""
    head = b"\n".join(source.split(b"\n", 2)[:2])  # where a coding declaration may be
    if (
        not source.isascii()
        or b"coding" in head
        or source.count(b"\r") != source.count(b"\r\n")
    ):
        return None
    found: list[int] = []
    for word in words:
        at = source.find(word)
        while at >= 0:
            found.append(at)
            at = source.find(word, at + 1)
    found.sort()
    lines: list[int] = []
    line, seen = 1, 0
    for at in found:
        line += source.count(b"\n", seen, at)
        seen = at
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def any_within(lines: list[int], first: int, last: int) -> bool:
    """Whether one of `lines` (sorted) is between `first` and `last`, both included."""
    at = bisect_left(lines, first)
    return at < len(lines) and lines[at] <= last
