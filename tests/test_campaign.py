"""The campaign pages: figures from the data file, the petition form end to end, copy buttons,
the motion, manifests that print cleanly."""

from __future__ import annotations

import http.server
import re
import threading
import urllib.parse

import pytest
import yaml

from tests.browser import Harness, Server, wait_until
from tests.helpers import ROOT, build, copy_site

DATA = yaml.safe_load((ROOT / "data" / "campagne.yml").read_text("utf-8"))


@pytest.mark.slow
def test_every_figure_on_the_home_page_comes_from_the_data_file(real_site):
    html = (real_site / "index.html").read_text("utf-8")
    shown = re.findall(r'<span class="hvk-figure__value" data-hvk-figure>([^<]*)</span>', html)
    assert shown == [f["waarde"] for f in DATA["cijfers"]]
    for figure in DATA["cijfers"]:
        assert f"Bron: {figure['bron']}".replace("'", "&#39;") in html


@pytest.mark.slow
def test_home_has_message_quote_episode_and_actions(real_site):
    html = (real_site / "index.html").read_text("utf-8")
    assert "Voorkom onnodige uithuisplaatsingen. Gezinshulp eerst." in html
    assert "Ik was nooit echt in gevaar." in html
    assert 'href="podcast/voorbeeld/"' in html
    for target in ("petitie/", "verhalen/", "podcast/", "gemeenten/"):
        assert 'class="hvk-button' in html and f'href="{target}"' in html


@pytest.mark.slow
def test_without_endpoint_the_petition_links_to_the_foundation(real_site):
    html = (real_site / "petitie" / "index.html").read_text("utf-8")
    assert "<form" not in html.split('class="md-content"')[1].split("</article>")[0].replace('name="search"', "")
    assert f'href="{DATA["petitie"]["pagina"]}"' in html
    assert "mensen tekenden al" not in html, "no count without counted data"


@pytest.mark.slow
def test_motion_in_council_format_built_from_the_data(real_site):
    text = (real_site / "gemeenten" / "motie-gezinshulp-eerst.txt").read_text("utf-8")
    order = [
        text.index(part)
        for part in (
            "constaterende dat:",
            "overwegende dat:",
            "verzoekt het college:",
            "en gaat over tot de orde van de dag.",
        )
    ]
    assert order == sorted(order)
    for figure in DATA["cijfers"]:
        assert figure["waarde"] in text
    for proposal in DATA["tekstvoorstellen"]:
        assert " ".join(proposal["verzoek"].split()) in text


@pytest.mark.slow
def test_unknown_block_and_http_endpoint_are_errors(tmp_path):
    root = copy_site(tmp_path / "src")
    page = root / "docs" / "contact.md"
    page.write_text(page.read_text("utf-8") + "\n[[cijfer]]\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("    endpoint:", "    endpoint: http://crm.example.org/x"), "utf-8"
    )
    result = build(root)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    lines = len(page.read_text("utf-8").splitlines())
    assert f"docs/contact.md:{lines}: [[cijfer]]: is geen bekend blok; verwacht een van: cijfers," in out
    assert 'mkdocs.yml: extra.petitie.endpoint: "http://crm.example.org/x" is geen https://-adres' in out


# --- the petition form in a browser, posting to a test endpoint on 127.0.0.1 ------------------


class Endpoint:
    """A stand-in for the foundation's CRM: records what arrives, answers with CORS allowed."""

    def __init__(self):
        self.received: list[dict] = []
        received = self.received

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_OPTIONS(self):
                self.send_response(204)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Methods", "POST")
                self.end_headers()

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                ctype = self.headers.get("Content-Type", "")
                if ctype.startswith("multipart/form-data"):
                    boundary = ctype.split("boundary=")[1].encode()
                    fields = {}
                    for part in body.split(b"--" + boundary):
                        match = re.search(rb'name="([^"]+)"\r\n\r\n(.*)\r\n$', part, re.S)
                        if match:
                            fields[match.group(1).decode()] = match.group(2).decode()
                else:
                    fields = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode(), keep_blank_values=True).items()}
                received.append(fields)
                self.send_response(200)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write(b"Bedankt")

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/teken"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def petition_site(tmp_path_factory, browser):
    endpoint = Endpoint()
    root = copy_site(tmp_path_factory.mktemp("petitie") / "src")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("    endpoint:", f"    endpoint: {endpoint.url}"), "utf-8")
    data = root / "data" / "campagne.yml"
    data.write_text(
        data.read_text("utf-8").replace(
            "  handtekeningen:\n  stand_op:\n  doel:\n",
            "  handtekeningen: 12345\n  stand_op: 2026-03-12\n  doel: 50000\n",
        ),
        "utf-8",
    )
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    with Server(root / "site") as server:
        yield Harness(browser, server), endpoint, root / "site"
    endpoint.close()


@pytest.mark.slow
def test_counter_says_when_it_was_counted(petition_site):
    _, _, site = petition_site
    html = (site / "petitie" / "index.html").read_text("utf-8")
    assert re.search(
        r">12\.345</strong> mensen tekenden al\s*<span class=\"hvk-muted\">\(stand op "
        r"<time data-hvk-count-date datetime=\"2026-03-12\">12 maart 2026</time>\)",
        html,
    )
    assert 'max="50000" value="12345"' in html


@pytest.mark.slow
def test_petition_refuses_without_consent_and_explains(petition_site):
    harness, endpoint, _ = petition_site
    visit = harness.open("petitie/")
    page = visit.page
    before = len(endpoint.received)
    page.fill("#naam", "Sam de Vries")
    page.fill("#email", "sam@example.org")
    page.click("button[type=submit]")
    summary = page.locator("[data-hvk-error-summary]")
    assert summary.is_visible()
    assert summary.locator("h2").inner_text() == "Er is een probleem"
    assert summary.locator("a").all_inner_texts() == ["Vink aan dat je de petitie tekent."]
    assert page.evaluate("document.activeElement.hasAttribute('data-hvk-error-summary')")
    assert page.title().startswith("Fout: ")
    assert page.locator("#toestemming-fout").inner_text() == "Fout: Vink aan dat je de petitie tekent."
    assert page.locator("#toestemming").get_attribute("aria-invalid") == "true"
    summary.locator("a").click()
    assert page.evaluate("document.activeElement.id") == "toestemming"
    assert harness.violations(visit) == []
    assert len(endpoint.received) == before
    page.context.close()


@pytest.mark.slow
def test_petition_with_javascript_posts_and_thanks(petition_site):
    harness, endpoint, _ = petition_site
    visit = harness.open("petitie/")
    page = visit.page
    page.fill("#naam", "Sam de Vries")
    page.fill("#email", "sam@example.org")
    page.fill("#telefoon", "06 12345678")
    page.check("#toestemming")
    page.wait_for_timeout(3000)  # the form refuses what is sent within 3 seconds of opening
    page.click("button[type=submit]")
    page.locator("[data-hvk-thanks]").wait_for(state="visible")
    assert page.title().startswith("Bedankt - ")
    assert not page.locator("[data-hvk-petition]").is_visible()
    got = endpoint.received[-1]
    assert (got["naam"], got["email"], got["telefoon"], got["toestemming"], got["website"]) == (
        "Sam de Vries",
        "sam@example.org",
        "06 12345678",
        "ja",
        "",
    )
    assert got["ingevuld_na"].isdigit()
    assert visit.foreign_requests == [], "the test endpoint lives on 127.0.0.1"
    assert harness.violations(visit) == []
    page.context.close()


@pytest.mark.slow
def test_petition_without_javascript_is_a_plain_post(petition_site):
    harness, endpoint, _ = petition_site
    visit = harness.open("petitie/", javascript=False)
    page = visit.page
    page.fill("#naam", "Kim")
    page.fill("#email", "kim@example.org")
    page.check("#toestemming")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert endpoint.received[-1]["naam"] == "Kim"
    assert endpoint.received[-1]["website"] == "", "the honeypot is sent empty"
    page.context.close()


@pytest.mark.slow
def test_copy_buttons_put_the_exact_text_on_the_clipboard(harness):
    visit = harness.open("gemeenten/")
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=harness.server.base.rstrip("/"))
    first = DATA["tekstvoorstellen"][0]
    page.locator("[data-hvk-copy=voorstel-1]").click()
    wait_until(page, "document.querySelector('.hvk-proposal .hvk-copy__status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == f"{first['titel']} {' '.join(first['tekst'].split())}"
    page.locator("[data-hvk-copy=motie-tekst]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("MOTIE: Gezinshulp eerst") and copied.rstrip().endswith("085 065 3450.")
    page.context.close()


@pytest.mark.slow
def test_manifest_prints_without_site_chrome(harness):
    visit = harness.open("manifesten/gezinshulp-eerst/", viewport={"width": 1024, "height": 800})
    page = visit.page
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("h1").inner_text() == "Voorkom onnodige uithuisplaatsingen. Gezinshulp eerst."
    assert page.locator(".hvk-demands li").count() == 4
    page.context.close()


@pytest.mark.slow
def test_petition_refuses_bots_too_fast_or_in_the_honeypot(petition_site):
    harness, endpoint, _ = petition_site
    before = len(endpoint.received)
    visit = harness.open("petitie/")
    page = visit.page
    page.fill("#naam", "Snelle Bot")
    page.fill("#email", "bot@example.org")
    page.check("#toestemming")
    page.click("button[type=submit]")
    assert page.locator("[data-hvk-error-summary]").is_visible()
    assert "erg snel" in page.locator("[data-hvk-error-summary]").inner_text()
    page.evaluate("() => { document.getElementById('website').value = 'http://spam.example'; }")
    page.wait_for_timeout(3000)
    page.click("button[type=submit]")
    assert page.locator("[data-hvk-thanks]").is_visible(), "a bot is told thanks..."
    page.wait_for_timeout(300)
    assert len(endpoint.received) == before, "... but nothing is sent"
    page.context.close()
