"""The public list of offers by theme, for families and volunteers, in both languages."""

from coordinator.extensions import db
from tests import factories


def _seed(app):
    with app.app_context():
        factories.make_offer(name="Ventilen", main_effort="Deltagelse i sociale fællesskaber",
                             description="Mødested for unge ramt af ensomhed.",
                             contact="ventilen@example.dk")
        factories.make_offer(name="Lektiecafé", main_effort="Grundlæggende trivsel")
        factories.make_offer(name="Ukendt tema", main_effort="Noget helt nyt")
        factories.make_offer(name="Lukket klub", active=False)
        factories.make_offer(name="Faglig sparring", target_group="Fagpersoner",
                             for_professionals=True)
        db.session.commit()


def test_anyone_sees_active_offers_grouped_by_danish_theme(app, client):
    _seed(app)
    response = client.get("/tilbud")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tilbud til børn, unge og familier" in html
    assert html.index("Positive fællesskaber") < html.index("Ventilen")
    assert html.index("Grundlæggende trivsel") < html.index("Lektiecafé")
    assert html.index("Andre tilbud") < html.index("Ukendt tema")
    assert "ventilen@example.dk" in html
    assert "Lukket klub" not in html
    assert "Faglig sparring" not in html


def test_the_public_list_reads_in_english_too(app, client):
    _seed(app)
    client.get("/sprog/en")
    html = client.get("/tilbud").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Offers for children, young people and families" in html
    assert "Communities and friendships" in html
    assert "Well-being" in html
    assert "Ventilen" in html


def test_an_empty_catalogue_says_so(client):
    assert "Der er endnu ingen tilbud at vise." in client.get("/tilbud").get_data(as_text=True)
