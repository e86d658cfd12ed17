"""`rating_given` is sent inside the transaction of rating_give with `rating`, so that the
statistics aggregates count the evaluation in the same commit (tinhso.statistics.services)."""

from django.dispatch import Signal

rating_given = Signal()
