"""Read by the arq CLI (`arq workers.settings.WorkerSettings`); built from the environment at import."""

from backend.settings import Settings
from workers.main import worker_options

WorkerSettings = type("WorkerSettings", (), worker_options(Settings.from_env()))
