"""`python -m workers`: one arq worker that outlasts Redis and PostgreSQL restarts (see workers/worker.py)."""

from workers.main import run

run()
