"""Run `imaging.normalise_page` in a short-lived child process, a bounded number at a time.

Why a child per photo. A decode needs up to ~580 MB at the pixel limits (figures in `imaging`), and
in a long-lived process glibc keeps much of what Pillow and libheif free: decoding the 60-MP test set
three times over in threads left a process at ~1.1 GB. Two cures were measured. Fixing glibc's mmap
threshold (`MALLOC_MMAP_THRESHOLD_`, or `mallopt` at start) brought it back to within ~25 MB of
idle; a child process gives everything back by exiting. We do both: the threshold is fixed when this
module is imported (API and worker alike: upload bodies, originals and pickled pages are megabytes
too; without it a burst left the worker ~100 MB above idle, with it ~20 MB). The child also bounds
what a hostile file can do: the kernel stops one that burns more than `cpu_limit_s` of CPU
(`image_too_complex`; CPU time, because a busy machine stretches the clock, not the work), a crash
in a native decoder takes only the child down (`image_corrupt`), and a cancelled decode kills its
child. The children fork from a server that has Pillow, pillow-heif and this module loaded; each
costs ~40–170 ms on top of the decode (2-core machine under load).

A page the phone already made (`imaging.kept_as_sent`: lossy WebP or metadata-free JPEG, at most 1600 px and
300 KB, as the PWA sends) is checked in a thread of the worker instead: its one decode needs at most ~40 MB and
~50 ms of CPU, less than a child costs, so the child would be most of the page's price (bench/submissions.py).
What is given up is the crash boundary for those two decoders on small files; lossless WebP (whose decoder had
CVE-2023-4863) and every other format still go to a child.

`DECODES_AT_ONCE` children per worker process at most: a HEIF or AVIF decode already uses both
cores (libheif and dav1d decode in threads), and a second would double the peak. More throughput
means more worker processes, each bounded the same way. A job that finds every slot taken waits up
to `wait_s`; then `DecoderBusy` says it should go back to the queue.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import resource
import signal
import threading
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from PIL import Image

from backend.documents import imaging
from backend.errors import Problem

log = logging.getLogger(__name__)

DECODES_AT_ONCE = 1

# glibc raises its mmap threshold as large blocks are freed, so later ones (upload bodies, originals,
# pickled pages) come from the heap and stay there: a fixed 1 MiB threshold returns them on free.
_M_MMAP_THRESHOLD = -3
_mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # glibc and musl have it; others skip this
if _mallopt is not None:
    _mallopt(_M_MMAP_THRESHOLD, 1 << 20)

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


def _decode(data: bytes, results: Connection, cpu_limit_s: int) -> None:
    """In the child: the page, or the problem's fields (a Problem itself does not pickle)."""
    # CPU time, not wall time: a busy machine slows a decode down, a hostile file makes it work.
    # Past the limit the kernel ends the child with SIGXCPU (and no core file).
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit_s, cpu_limit_s + 1))
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

    def run(self, data: bytes, cpu_limit_s: int) -> object:
        results, sender = _processes.Pipe(duplex=False)
        child = _processes.Process(target=_decode, args=(data, sender, cpu_limit_s), name="page-decoder", daemon=True)
        child.start()
        self.child = child
        sender.close()
        if self.stopped.is_set():  # stopped while the child was starting
            child.kill()
        try:
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


@asynccontextmanager
async def slot(wait_s: float) -> AsyncIterator[None]:
    """One of this process's `DECODES_AT_ONCE` decode slots, or `DecoderBusy` after `wait_s`."""
    slots = _slots.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(DECODES_AT_ONCE))
    try:
        await asyncio.wait_for(slots.acquire(), wait_s)
    except TimeoutError:
        raise DecoderBusy from None
    try:
        yield
    finally:
        slots.release()


async def normalise_page(data: bytes, *, cpu_limit_s: int) -> imaging.NormalisedPage:
    """The normalised page, or the Problem that explains why there is none. Call it holding a
    `slot()`; if it is cancelled, its child is gone before the cancellation goes on."""
    if imaging.kept_as_sent(data):
        return await asyncio.to_thread(imaging.normalise_page, data)
    decode = _Decode()
    running = asyncio.ensure_future(asyncio.to_thread(decode.run, data, cpu_limit_s))
    try:
        await asyncio.wait({running})
    finally:
        decode.stop()
        outcome = await running
    if outcome is _DIED and decode.child.exitcode == -signal.SIGXCPU:
        log.warning("page decoder %s stopped after %d s of CPU", decode.child.pid, cpu_limit_s)
        raise imaging.too_slow()
    if outcome is _DIED:
        # A crash in a native decoder (or a kill from outside): the bytes are the likely cause.
        log.error("page decoder %s died with exit code %s", decode.child.pid, decode.child.exitcode)
        raise imaging.corrupt()
    if isinstance(outcome, tuple):
        raise Problem(*outcome)
    return outcome
