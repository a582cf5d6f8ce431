"""Run `imaging.normalise_page` in a short-lived child process, a bounded number at a time.

Why a child per photo (measured by `bench/hostile_uploads.py` and the figures in `imaging`): a decode
needs up to ~580 MB at the pixel limits, and glibc keeps much of what Pillow and libheif free (a burst
left the worker at ~1 GB); a child gives it all back when it exits, and the worker itself never
holds more than the compressed bytes. A child is also the only thing that can be stopped: a photo
that decodes for too long is killed at `time_limit_s` and judged (`image_too_complex`), and one that
crashes a decoder takes only its child down (`image_corrupt`). Children fork from a server that has
Pillow and pillow-heif loaded already, which costs ~60 ms a photo.

`DECODES_AT_ONCE` children per worker process at most: one decode already uses both cores for HEIF
and AVIF (libheif and dav1d decode in threads), and one more would double the peak. More throughput
means more worker processes, each bounded the same way.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
import weakref
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from PIL import Image

from backend.documents import imaging
from backend.errors import Problem

log = logging.getLogger(__name__)

DECODES_AT_ONCE = 1

# Children fork from a server that has imported this module, and with it every Pillow plugin (which
# Pillow otherwise imports at the first WebP save: ~100 ms in each child).
Image.init()
_processes = multiprocessing.get_context("forkserver")
_processes.set_forkserver_preload([__name__])
# One semaphore per event loop (an asyncio primitive belongs to the loop it first waits on).
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()
# What a decode returns when its child died before answering.
_DIED = object()


class DecoderBusy(Exception):
    """Every decode slot of this process stayed taken for the whole wait."""


def _decode(data: bytes, results: Connection) -> None:
    """In the child: the page, or the problem's fields (a Problem itself does not pickle)."""
    try:
        results.send(imaging.normalise_page(data))
    except Problem as problem:
        results.send((problem.status, problem.code, problem.title, problem.detail))


class _Decode:
    """One photo's child process. `run` (in a thread) starts it, waits for its answer and ends it;
    `stop` (from the event loop, at any moment) ends it early."""

    def __init__(self) -> None:
        self.child: BaseProcess | None = None
        self.stopped = threading.Event()

    def run(self, data: bytes, time_limit_s: float) -> object:
        results, sender = _processes.Pipe(duplex=False)
        child = _processes.Process(target=_decode, args=(data, sender), name="page-decoder", daemon=True)
        child.start()
        self.child = child
        sender.close()
        if self.stopped.is_set():  # stopped while the child was starting
            child.kill()
        try:
            if not results.poll(time_limit_s):
                return imaging.too_slow()
            return results.recv()
        except (EOFError, OSError):
            return _DIED
        finally:
            child.kill()
            child.join()
            results.close()

    def stop(self) -> None:
        self.stopped.set()
        if self.child is not None:
            self.child.kill()


async def normalise_page(data: bytes, *, time_limit_s: float, wait_s: float) -> imaging.NormalisedPage:
    """The normalised page, or the Problem that explains why there is none; `DecoderBusy` when no
    decode slot came free within `wait_s`."""
    slots = _slots.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(DECODES_AT_ONCE))
    try:
        await asyncio.wait_for(slots.acquire(), wait_s)
    except TimeoutError:
        raise DecoderBusy from None
    decode = _Decode()
    running = asyncio.ensure_future(asyncio.to_thread(decode.run, data, time_limit_s))
    try:
        await asyncio.wait({running})
    finally:
        # Also when the job is cancelled: the child goes first, and only then its slot.
        decode.stop()
        outcome = await running
        slots.release()
    if outcome is _DIED:
        # A crash in a native decoder (or a kill from outside): the bytes are the likely cause.
        log.error("page decoder %s died with exit code %s", decode.child.pid, decode.child.exitcode)
        raise imaging.corrupt()
    if isinstance(outcome, Problem):
        if outcome.code == "image_too_complex":
            log.warning("page decoder %s stopped after %.0f s", decode.child.pid, time_limit_s)
        raise outcome
    if isinstance(outcome, tuple):
        raise Problem(*outcome)
    return outcome
