"""Charts that read on a phone: labels wrap instead of being cut off, each chart has a title,
and on a narrow screen its table (the same figures) stands in for it."""

import re

from coordinator.auth.models import Role
from coordinator.dashboard.charts import CHAR_WIDTH, bar_chart

LONG = "Den unge eller familien ønskede ikke at fortsætte forløbet efter flytningen"


def test_a_long_label_wraps_within_the_room_for_labels_and_its_row_grows():
    chart = bar_chart([("Kort", 2), (LONG, 4), ("Andet", 1)])
    short, long_, after = chart.bars
    assert len(long_.lines) > 1
    assert " ".join(long_.lines) == LONG  # nothing is cut off
    for line in long_.lines:
        assert len(line) * CHAR_WIDTH <= chart.label_width
    assert short.lines == ("Kort",)
    # The wrapped row takes more room, and the next bar starts below it.
    assert after.y - long_.y > long_.y - short.y
    assert chart.height >= after.y + 22


def test_every_chart_on_the_knowledge_bank_has_a_title(client, auth):
    auth.login_as(Role.COORDINATOR)
    html = client.get("/vidensbank/").get_data(as_text=True)
    charts = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(charts) == 3
    for svg in charts:
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
        assert re.search(rf'<title id="{labelled}">[^<]+</title>', svg)
