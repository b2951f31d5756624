"""The installable web app: manifest, icons, favicon on every page, a service worker limited to
the young people's pages, and an offline page."""

import json
import struct

import pytest

from coordinator.auth.models import Role


def _fetch(client, path: str) -> tuple[int, str, bytes]:
    """A file response, read and closed (an open file would warn)."""
    response = client.get(path)
    try:
        return response.status_code, response.mimetype, response.data
    finally:
        response.close()


def test_the_favicon_is_served_and_linked_from_every_page(client):
    status, mimetype, data = _fetch(client, "/favicon.ico")
    assert status == 200
    assert mimetype == "image/x-icon"
    # An ICO holding one 32x32 PNG.
    assert struct.unpack("<HHH", data[:6]) == (0, 1, 1)
    assert data[22:26] == b"\x89PNG"
    for path in ("/", "/konto/log-ind", "/ung/log-ind", "/privatliv"):
        html = client.get(path).get_data(as_text=True)
        assert 'rel="icon" href="/favicon.ico"' in html, path


def test_the_manifest_makes_the_young_pages_installable(client):
    response = client.get("/ung/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["start_url"] == "/ung/"
    assert manifest["scope"] == "/ung/"
    assert manifest["display"] == "standalone"
    assert manifest["name"].startswith("Vores sted")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert _fetch(client, icon["src"])[0] == 200
    png = _fetch(client, "/static/icons/icon-512.png")[2]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (512, 512)


def test_only_the_young_pages_link_the_manifest_and_service_worker(client, auth):
    assert 'rel="manifest"' in client.get("/ung/log-ind").get_data(as_text=True)
    assert 'rel="manifest"' not in client.get("/konto/log-ind").get_data(as_text=True)
    auth.login_as(Role.COORDINATOR)
    assert "young.js" not in client.get("/hjem").get_data(as_text=True)


def test_the_service_worker_is_scoped_to_the_young_pages_and_caches_only_the_offline_page(
        client):
    status, mimetype, data = _fetch(client, "/ung/sw.js")
    assert status == 200
    assert mimetype == "text/javascript"
    script = data.decode()
    assert '"/ung/offline"' in script
    # No outside service: every URL in the script is the app's own.
    assert "http" not in script
    registration = _fetch(client, "/static/js/young.js")[2].decode()
    assert 'scope: "/ung/"' in registration


def test_the_offline_page_is_there_without_signing_in(client):
    response = client.get("/ung/offline")
    assert response.status_code == 200
    assert "Ingen forbindelse" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/ung/", "/ung/klub", "/ung/klub/foreslaa"])
def test_a_visitor_is_sent_to_the_young_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/ung/log-ind" in response.headers["Location"]
