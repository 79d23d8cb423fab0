"""What the 查 app tells the apps above it, which connect in their AppConfig.ready (inspection imports none)."""

from django.dispatch import Signal

# A self-inspection was submitted: sent by the workflow inside the submitting transaction, after the
# status changed, with `inspection`, `findings` (its 存在 / 部分存在 answers, in checklist order, each
# with its item) and `user`. A receiver that raises undoes the submission.
inspection_submitted = Signal()

# A self-inspection's page is shown to `user`: each receiver may return safe HTML (render_to_string) to show
# above its answers, made from what `user` may see, or "" for nothing.
inspection_shown = Signal()
