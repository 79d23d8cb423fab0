"""Background tasks of core, found by `manage.py run_huey` (which imports each app's tasks module)."""

from .jobs import run_job

__all__ = ["run_job"]
