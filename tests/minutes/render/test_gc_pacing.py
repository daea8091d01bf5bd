"""Garbage collections are rarer while minutes are rendered, and as before afterwards."""

from __future__ import annotations

import gc
import threading

import pytest
import weasyprint

from minutes.render import gc_pacing
from minutes.render.gc_pacing import RENDERING_THRESHOLD, rarer_collections
from minutes.render.renderer import MinutesRenderer
from tests.minutes.test_document import sample_document


def test_a_rendering_raises_the_threshold_and_puts_it_back(monkeypatch) -> None:
    seen = []
    write_pdf = weasyprint.HTML.write_pdf

    def watched(self, *args, **kwargs):
        seen.append(gc.get_threshold()[0])
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", watched)
    before = gc.get_threshold()

    MinutesRenderer().render_pdf(sample_document("en"))

    assert seen == [RENDERING_THRESHOLD]
    assert gc.get_threshold() == before


def test_overlapping_renderings_put_the_threshold_back_when_the_last_ends() -> None:
    before = gc.get_threshold()
    first_in, second_done = threading.Event(), threading.Event()

    def first() -> None:
        with rarer_collections():
            first_in.set()
            second_done.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with rarer_collections():
        assert gc.get_threshold()[0] == RENDERING_THRESHOLD
    assert gc.get_threshold()[0] == RENDERING_THRESHOLD, "the first is still rendering"
    second_done.set()
    thread.join(5)
    assert gc.get_threshold() == before


def test_the_threshold_comes_back_when_a_rendering_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), rarer_collections():
        raise RuntimeError("WeasyPrint failed")
    assert gc.get_threshold() == before
    assert gc_pacing._renderings == 0
