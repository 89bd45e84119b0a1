"""The installable app: its manifest, its service worker from the site's root, and leaving
nothing on the device after logging out."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import Client

from twoway.web.site.app import SHELL


def test_the_manifest_names_the_app_its_start_and_icons_that_exist(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "twoway",
        "/log/",
        "standalone",
    )
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_the_service_worker_comes_from_the_root_and_names_real_shell_files(
    client: Client,
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    for name in SHELL:
        assert finders.find(name), name
        assert f'"/static/{name}"' in body
    # Under the site's strict policy, like every page: nothing inline, nothing from elsewhere.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_every_page_links_the_manifest_and_the_app_script(client: Client) -> None:
    html = client.get("/account/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<script src="/static/site/app.js" defer></script>' in html


def test_logging_out_tells_the_browser_to_clear_what_the_app_kept(
    owner_client: Client, owner: User
) -> None:
    response = owner_client.post("/account/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
