"""What the volunteer services ask of the packages above them, inside the same transaction.

A match points at a volunteer, so `matches` sits above `volunteers` (pyproject.toml's layers) and
the volunteer services never import it: they send these signals, matches subscribes, and each
receiver returns its part of the answer (blinker's `send` hands back what receivers return).
"""

from blinker import Namespace

_signals = Namespace()

# A volunteer stops being matchable: rejected, put on hold, their application ended, or they
# left (sender: the volunteer; `by`: who decided; `reason`: why, for the match history). A
# receiver discards the volunteer's open proposals and returns how many.
stopping = _signals.signal("volunteer-stopping")

# The volunteer's running matches (sender: the volunteer). A receiver returns a list of them.
running_matches_asked = _signals.signal("volunteer-running-matches-asked")

# Where an approved volunteer stands with matches (sender: the volunteer). A receiver returns a
# volunteers.services.Situation.
situation_asked = _signals.signal("volunteer-situation-asked")
