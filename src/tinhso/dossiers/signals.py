"""Signals other contexts listen to, so that the dossier code never imports them.

`dossier_changed` is sent inside the transaction of every status change (including the
submission itself) with `dossier`, `action`, `from_status`, `to_status` and `note`.
Receivers that talk to the outside world must queue their work and send it after commit.
"""

from django.dispatch import Signal

dossier_changed = Signal()
