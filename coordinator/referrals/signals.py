"""What the referral services ask of the packages above them, inside the same transaction.

A match points at a referral, so `matches` sits above `referrals` (pyproject.toml's layers) and
the referral services never import it: they send these signals, matches subscribes, and each
receiver returns its part of the answer (blinker's `send` hands back what receivers return).
"""

from blinker import Namespace

_signals = Namespace()

# A referral is being withdrawn (sender: the referral; `by`: who withdraws it; `reason`: why, for
# the match history). A receiver discards the referral's open proposals and returns how many.
withdrawing = _signals.signal("referral-withdrawing")

# The referral's timeline is read (sender: the referral). A receiver returns its steps
# (TimelineEvent) in any order.
timeline_asked = _signals.signal("referral-timeline-asked")

# Does a shortlist wait for the family's choice? (sender: the referral). A receiver returns a bool.
shortlist_asked = _signals.signal("referral-shortlist-asked")
