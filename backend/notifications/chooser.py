"""Which provider first: the configured order, except that one that just failed waits at the back.

GOV.UK Notify swaps its SMS providers when one slows or fails; here a failure demotes the provider for a
minute in this process, so the next messages go straight to the one that works, and a success brings it
back. Each worker process learns on its own: a minute of a few extra failed attempts per process is cheaper
than shared state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from backend.notifications.clients import Provider

P = TypeVar("P", bound=Provider)

DEMOTION_S = 60.0


class ProviderChooser(Generic[P]):
    def __init__(self, providers: Sequence[P], clock: Callable[[], float] = time.monotonic) -> None:
        self.providers = list(providers)
        self._clock = clock
        self._demoted_until: dict[str, float] = {}

    def ordered(self) -> list[P]:
        """Healthy providers in priority order, then the demoted ones (still worth a try when all fail)."""
        now = self._clock()
        return sorted(self.providers, key=lambda p: self._demoted_until.get(p.name, 0.0) > now)

    def failed(self, provider: P) -> None:
        self._demoted_until[provider.name] = self._clock() + DEMOTION_S

    def succeeded(self, provider: P) -> None:
        self._demoted_until.pop(provider.name, None)
