"""Lines displayed inside a sentence: an example set off between the parts of one sentence.

Manuals show an input or its output on a line of its own in the middle of a sentence ("for
example" … the display … "gives"). Such a line may be set larger (OCR often overestimates the
size of a line of code) and stand apart like a heading, but a reader sees that the paragraph
above broke off its last line before the end of the column without finishing its sentence: a
heading only ever follows finished text.
"""

from __future__ import annotations

import re

from aims.admin.analysis.layout import BlockKey, Layout

_SENTENCE_END = re.compile(r"[。．.!?！？]\s*$")
_BODY_SIZED = 1.1
_RUNNING_CHARS = 40
_BROKEN_OFF = 0.8


def interrupts_sentence(layout: Layout, key: BlockKey) -> bool:
    """Whether the block sits between running text that breaks off mid-sentence and its rest."""
    leader = layout.leader(key)
    if leader is None or layout.follower(key) is None:
        return False
    running = len(leader.lines) >= 2 or len(leader.text) >= _RUNNING_CHARS
    body_sized = layout.body.size_ratio(leader) <= _BODY_SIZED
    last = leader.lines[-1].bbox
    broken_off = last[2] - last[0] < _BROKEN_OFF * layout.measure(key[0])
    return running and body_sized and broken_off and not _SENTENCE_END.search(leader.text)
