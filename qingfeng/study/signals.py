"""What the 学 app tells the apps above it, which connect in their AppConfig.ready (study imports none)."""

from django.dispatch import Signal

# A reflection was submitted (or resubmitted): sent by the workflow inside the submitting transaction, after
# the status changed, with `reflection` and `user`. A receiver that raises undoes the submission.
reflection_submitted = Signal()

# A reflection's page is shown to `user`: each receiver may return safe HTML (render_to_string) to show
# below its text, made from what `user` may see, or "" for nothing.
reflection_shown = Signal()
