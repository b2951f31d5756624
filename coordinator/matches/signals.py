"""What the match pages tell the packages above them, inside the same transaction.

The volunteer's part in a safety plan sits on a match, so `safety` is above `matches`
(pyproject.toml's layers) and matches never import it: they send these signals and safety
subscribes.
"""

from blinker import Namespace

_signals = Namespace()

# A check-in answered "does the safety plan still hold?" (sender: the match; `by`: who recorded
# the check-in; `holds`: the answer; `today`). The safety plan is flagged for review or cleared.
safety_plan_checked = _signals.signal("match-safety-plan-checked")
