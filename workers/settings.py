"""For arq's health check, `arq --check workers.settings.WorkerSettings` (exit 0 while a worker is alive);
built from the environment at import. The worker itself runs with `python -m workers`, which outlasts
Redis and PostgreSQL restarts; arq's own `arq workers.settings.WorkerSettings` would exit on them."""

from backend.settings import Settings
from workers.main import worker_options

WorkerSettings = type("WorkerSettings", (), worker_options(Settings.from_env()))
