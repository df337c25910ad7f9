"""The checker's source-side work done ahead, while a model is answering: nothing of a briefing is checked.

``Preparation`` is a daemon thread that, for each source handed to it, checks one made-up sentence
citing that source's first sentence, for the side effects only: the checker's modules imported and
its word tables loaded (seconds, once per process), then the source's sentences segmented and read,
its evidence pool and its text view built; first of all the checker's version (a digest of its
source files, read once per process) that binding the verdicts records. The verdict is thrown away.
Every cache this fills is keyed by the text it was computed from, so the briefing's verdicts are those
a cold checker gives (``bench/checker.py --digest``); all that is left after the model's last answer
is the claims' side.

It goes through the checker's public ``check_sentence`` only, so it follows whatever the checker
computes and caches. A source whose turn has not come when ``stop`` is called is simply not
prepared: the check does its work as it would have anyway. Not in ``verify/``: importing anything
there imports the whole checker, which must not load before the first request.
"""

from __future__ import annotations

import queue
import threading

from briefer.models import Citation, Sentence, Source

# What the checker is warmed up with: a claim with a figure, a date word, a negation and a hedge.
_CLAIM = "Officials said on Monday that 12 people were evacuated, and the report was not confirmed."


def prepare_source(source: Source, language: str) -> None:
    """Fill the checker's caches for ``source``: its sentences read, its pool and text view built."""
    from briefer.sentences import sentences_in
    from briefer.verify import check_sentence

    spans = sentences_in(source.text)[:1]
    quote = source.text[spans[0].start : spans[0].end] if spans else source.text[:200]
    claim = Sentence(text=_CLAIM, citations=[Citation(source=source.id, quote=quote)], language=language)
    check_sentence(claim, {source.id: source})


class Preparation:
    """Sources prepared one after another in a daemon thread, in the order they are added."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.prepared = 0  # sources done, for tests and benches
        self._queue: queue.SimpleQueue[Source | None] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._starting = threading.Lock()  # start() may come from two threads at once
        self._thread = threading.Thread(target=self._run, name="briefer-checker-preparation", daemon=True)

    def start(self) -> None:
        """Start preparing (the sources added so far, then each as it is added); again, it does nothing."""
        with self._starting:
            if self._thread.ident is None:
                self._thread.start()

    def add(self, source: Source) -> None:
        self._queue.put(source)

    def stop(self, wait: bool = True) -> None:
        """Stop after the source in hand (the sources still queued are left to the check), and wait for
        it unless ``wait`` is false (a run that failed does not wait for a head start it will not use)."""
        self._stopping.set()
        self._queue.put(None)
        if wait and self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        from briefer.binding import checker_version

        try:
            checker_version()  # the digest of the checker's own files that binding each verdict records
        except Exception:  # noqa: BLE001, S110 - only a head start: binding raises whatever this met
            pass
        while not self._stopping.is_set():
            source = self._queue.get()
            if source is None or self._stopping.is_set():
                return
            try:
                prepare_source(source, self.language)
            except Exception:  # noqa: BLE001, S112 - only a head start: the real check raises whatever this met
                continue
            self.prepared += 1
