"""What an evaluation sets off, in order (the machinery and its rules: tinhso.dossiers.reactions).

ratings is a lower layer than statistics (statistics imports it), so the statistics function
is named by dotted path, checked when the app registry is ready (RatingsConfig.ready).
"""

from tinhso.dossiers.reactions import Reaction, Runs, run
from tinhso.ratings.models import Rating

REACTIONS: tuple[Reaction[Rating], ...] = (
    Reaction(
        "statistics: count the evaluation on the day it is given",
        "tinhso.statistics.services.count_rating",
        Runs.IN_TRANSACTION,
    ),
)


def react(rating: Rating) -> None:
    """Run REACTIONS for the evaluation just recorded; call inside its transaction."""
    run(REACTIONS, rating, about=f"đánh giá hồ sơ {rating.dossier_id}")
