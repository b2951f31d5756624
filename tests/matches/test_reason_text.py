"""The matcher's new "writes_about" reason reads as a Danish sentence."""

from coordinator.matches import reasons


def test_writes_about_reads_skriver_om_with_interest_and_need_labels(app):
    with app.test_request_context():
        text = reasons.describe("writes_about", "football, homework")
    assert text == "Skriver om fodbold og lektiehjælp"
