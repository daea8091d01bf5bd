"""Rarer garbage collections while a PDF is rendered.

WeasyPrint makes some 200,000 objects for one set of minutes. With Python's default threshold
(a young-generation collection every 700 new objects) the collector runs hundreds of times
during a rendering and examines the same young boxes again each time, about a tenth of the
rendering time; they are almost all alive until the rendering ends. While any rendering is
under way the threshold is raised, and it is put back when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

RENDERING_THRESHOLD = 10_000

_lock = threading.Lock()
_renderings = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def rarer_collections() -> Iterator[None]:
    global _renderings, _saved
    with _lock:
        if _renderings == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(RENDERING_THRESHOLD, _saved[1], _saved[2])
        _renderings += 1
    try:
        yield
    finally:
        with _lock:
            _renderings -= 1
            if _renderings == 0:
                gc.set_threshold(*_saved)
