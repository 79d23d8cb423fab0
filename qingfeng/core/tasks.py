"""Background tasks of core, found by `manage.py run_huey` (which imports each app's tasks module)."""

from .export_jobs import run_export_job

__all__ = ["run_export_job"]
