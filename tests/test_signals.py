"""Every signal a lower package sends is answered once the app is built.

A lower package (referrals, volunteers, matches) asks the packages above it through blinker
signals; a signal nobody answers is silent: a withdrawn referral would keep its open proposals.
"""

import pytest

from coordinator.matches import signals as match_signals
from coordinator.referrals import signals as referral_signals
from coordinator.volunteers import signals as volunteer_signals

SIGNALS = [
    signal
    for module in (match_signals, referral_signals, volunteer_signals)
    for signal in module._signals.values()
]


@pytest.mark.parametrize("signal", SIGNALS, ids=lambda signal: signal.name)
def test_every_signal_has_a_receiver(app, signal):
    assert signal.receivers, f"nothing answers {signal.name!r}"
