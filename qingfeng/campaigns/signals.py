"""What the campaigns app tells the apps above it, which connect in their AppConfig.ready (campaigns imports none)."""

from django.dispatch import Signal

# A campaign's page is shown to `user` for the subtree of `scope` (an Org): each receiver may return safe
# HTML (render_to_string) for the page's side column, made from what `user` may see, or "" for nothing.
# reports answers with the campaign's figures.
campaign_shown = Signal()
