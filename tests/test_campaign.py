"""The campaign pages: figures from the data file, the petition form end to end, copy buttons,
the motion, manifests that print cleanly."""

from __future__ import annotations

import re

import pytest
import yaml

from petition.mailbox import Mailbox, links
from tests.browser import Harness, Server, wait_until
from tests.helpers import ROOT, build, copy_site, csp
from tests.petition_harness import Service, confirm, free_port, wait_for_mail
from tests.petition_harness import request as http

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
def test_the_petition_form_posts_to_the_service_and_its_counter_refreshes_from_it(real_site, petition_service):
    base = petition_service.base
    html = (real_site / "petitie" / "index.html").read_text("utf-8")
    assert f'action="{base}/teken"' in html
    assert f'data-live-url="{base}/telling.json"' in html
    assert f"connect-src 'self' {base};" in csp(html) and f"form-action 'self' {base};" in csp(html)
    home = (real_site / "index.html").read_text("utf-8")
    assert f'data-live-url="{base}/telling.json"' in home, "the count is on the home page too"
    council = (real_site / "gemeenten" / "index.html").read_text("utf-8")
    assert f'action="{base}/gemeente"' in council
    default = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert 'dienst: !ENV [PETITION_SERVICE_URL, "http://127.0.0.1:8001"]' in default, "`make serve`'s own service"


@pytest.mark.slow
def test_without_a_service_the_petition_links_to_the_foundation_and_counts_from_the_data_file(tmp_path):
    root = copy_site(tmp_path / "src")
    data = root / "data" / "campagne.yml"
    data.write_text(
        data.read_text("utf-8").replace(
            "  handtekeningen:\n  stand_op:\n", "  handtekeningen: 12345\n  stand_op: 2026-03-12\n"
        ),
        "utf-8",
    )
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]  # `make build` says it is the local build (#24)
    assert last.startswith("Lokale build in") and "niet om te publiceren" in last and "make publiceer" in last
    html = (root / "site" / "petitie" / "index.html").read_text("utf-8")
    assert "<form" not in html.split('class="md-content"')[1].split("</article>")[0].replace('name="search"', "")
    assert f'href="{DATA["petitie"]["pagina"]}"' in html
    assert re.search(
        r">12\.345</strong> <span data-hvk-count-words[^>]*>mensen tekenden al</span>\s*<span class=\"hvk-muted\">\(stand op "
        r"<time data-hvk-count-date datetime=\"2026-03-12\">12 maart 2026</time>\)",
        html,
    )


@pytest.mark.slow
def test_motion_in_council_format_built_from_the_data(real_site):
    text = (real_site / "gemeenten" / "motie-gezinshulp-eerst.txt").read_text("utf-8")
    assert text.startswith("MOTIE: GEZINSHULP EERST\n")
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
def test_unknown_block_and_a_service_address_with_a_user_part_are_errors(tmp_path):
    root = copy_site(tmp_path / "src")
    page = root / "docs" / "contact.md"
    page.write_text(page.read_text("utf-8") + "\n[[cijfer]]\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            '    dienst: !ENV [PETITION_SERVICE_URL, "http://127.0.0.1:8001"]',
            '    dienst: "http://x@crm.example.org/x"',
        ),
        "utf-8",
    )
    result = build(root)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    lines = len(page.read_text("utf-8").splitlines())
    assert f"docs/contact.md:{lines}: [[cijfer]]: is geen bekend blok; verwacht een van: cijfers," in out
    line = 1 + config.read_text("utf-8").splitlines().index('    dienst: "http://x@crm.example.org/x"')
    assert (
        f'mkdocs.yml:{line}: extra.petitie.dienst: "http://x@crm.example.org/x" is geen adres van de petitiedienst'
        in out
    )


# --- the petition form in a browser, posting to the real service, with a real SMTP server --------


@pytest.fixture(scope="module")
def petition_site(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("petitie")
    box = Mailbox(port=free_port())
    box.start()
    root = copy_site(folder / "src")
    server = Server(root / "site")
    origin = server.base.rstrip("/")
    service = Service(
        f"sqlite:///{folder / 'petitie.db'}",
        box.port,
        folder,
        extra_env={
            "PETITION_ALLOWED_ORIGINS": origin,
            "PETITION_SITE_URL": origin,
            "PETITION_LIMIT_PER_IP": "0",
            "PETITION_LIMIT_PER_DOMAIN": "20",  # reached by one test's own domain only
        },
    ).start()
    for i in range(2):  # two confirmed signatures before the build: the build shows the service's count
        assert service.sign(email=f"eerder{i}@example.org").status == 202
    wait_for_mail(box, 2)
    for message, _ in box.messages:
        assert confirm(links(message)["bevestig"]).status == 200
    data = root / "data" / "campagne.yml"
    data.write_text(
        data.read_text("utf-8").replace(
            "  handtekeningen:\n  stand_op:\n  doel:\n",
            "  handtekeningen: 12345\n  stand_op: 2026-03-12\n  doel: 50000\n",
        ),
        "utf-8",
    )
    result = build(root, env={"PETITION_SERVICE_URL": service.base})
    assert result.returncode == 0, result.stdout + result.stderr
    with server:
        yield Harness(browser, server), service, box, root / "site"
    service.stop()
    box.stop()


@pytest.mark.slow
def test_counter_at_build_time_comes_from_the_service_with_the_time(petition_site):
    _, service, _, site = petition_site
    html = (site / "petitie" / "index.html").read_text("utf-8")
    match = re.search(
        r">2</strong> <span data-hvk-count-words[^>]*>mensen tekenden al</span>\s*<span class=\"hvk-muted\">\(stand op <time data-hvk-count-date "
        r"datetime=\"([^\"]+)\">(\d+ \w+ \d{4}, \d\d:\d\d)</time>\)",
        html,
    )
    assert match, "the service's count wins over the data file's 12.345"
    assert 'max="50000" value="2"' in html
    assert f'action="{service.base}/teken"' in html


@pytest.mark.slow
def test_petition_refuses_without_consent_and_explains(petition_site):
    harness, _, box, _ = petition_site
    visit = harness.open("petitie/")
    page = visit.page
    before = len(box.messages)
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
    page.wait_for_timeout(300)
    assert len(box.messages) == before
    page.context.close()


@pytest.mark.slow
def test_petition_with_javascript_signs_confirms_by_mail_and_counts(petition_site):
    """The whole journey: form, "kijk in je mailbox", the mail, its link, the count one higher."""
    harness, service, box, _ = petition_site
    before_mail, before_count = len(box.messages), service.count()
    visit = harness.open("petitie/")
    page = visit.page
    wait_until(page, "document.querySelector('[data-hvk-count-number]').textContent.length > 0")
    page.fill("#naam", "Sam de Vries")
    page.fill("#email", "sam@example.org")
    page.fill("#telefoon", "06 12345678")
    page.fill("#postcode", "3533")
    page.check("#toestemming")
    page.wait_for_timeout(3000)  # the form refuses what is sent within 3 seconds of opening
    # Two clicks in a row, the second while the first is still sending: one signature.
    page.evaluate(
        "() => { const b = document.querySelector('[data-hvk-petition] button[type=submit]'); b.click(); b.click(); }"
    )
    page.locator("[data-hvk-thanks]").wait_for(state="visible")
    assert page.title().startswith("Kijk in je mailbox - ")
    assert not page.locator("[data-hvk-petition]").is_visible()
    thanks = page.locator("[data-hvk-thanks]")
    assert "kijk in je mailbox" in thanks.inner_text().lower()
    assert thanks.locator("a[href^='https://wa.me/?text=']").count() == 1, "asks to share, right then"
    wait_for_mail(box, before_mail + 1)
    page.wait_for_timeout(500)
    assert len(box.messages) == before_mail + 1, "one click, one signature, one mail"
    message, recipients = box.messages[-1]
    assert recipients == ["sam@example.org"]
    assert service.count() == before_count, "not counted before it is confirmed"
    confirmed = page.context.new_page()
    confirmed.goto(links(message)["bevestig"])
    assert service.count() == before_count, "opening the mail's link confirms nothing"
    confirmed.get_by_role("button", name="Ja, ik teken de petitie").click()
    assert "Je handtekening telt" in confirmed.locator("h1").inner_text()
    assert service.count() == before_count + 1
    assert visit.foreign_requests == [], "the service lives on 127.0.0.1 too"
    assert harness.violations(visit) == []
    again = harness.open("petitie/")
    wait_until(again.page, f"document.querySelector('[data-hvk-count-number]').textContent === '{before_count + 1}'")
    page.context.close()
    again.page.context.close()


@pytest.mark.slow
def test_petition_without_javascript_is_a_plain_post_answered_by_a_dutch_page(petition_site):
    harness, _, box, _ = petition_site
    before = len(box.messages)
    visit = harness.open("petitie/", javascript=False)
    page = visit.page
    page.fill("#naam", "Kim")
    page.fill("#email", "kim@example.org")
    page.check("#toestemming")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Bijna klaar: kijk in je mailbox"
    assert page.locator("html").get_attribute("lang") == "nl"
    wait_for_mail(box, before + 1)
    assert box.messages[-1][1] == ["kim@example.org"]
    # And a mistake without JavaScript: the service's own page lists it, with what was typed kept.
    visit = harness.open("petitie/", javascript=False)
    visit.page.fill("#naam", "Kim")
    visit.page.fill("#email", "kim-at-example.org")
    visit.page.check("#toestemming")
    with visit.page.expect_navigation():
        visit.page.click("button[type=submit]")
    assert "Vul een e-mailadres in zoals naam@voorbeeld.nl." in visit.page.locator("[role=alert]").inner_text()
    assert visit.page.locator("#email").input_value() == "kim-at-example.org"
    page.context.close()
    visit.page.context.close()


@pytest.mark.slow
def test_council_member_looks_up_their_municipality(petition_site):
    harness, service, box, _ = petition_site
    visit = harness.open("gemeenten/")
    page = visit.page
    page.fill("#gemeente-postcode", "3533")
    page.click("[data-hvk-lookup] button[type=submit]")
    wait_until(page, "document.querySelector('[data-hvk-lookup-result]').textContent.length > 0")
    assert "Met postcode 3533" in page.locator("[data-hvk-lookup-result]").inner_text()
    assert harness.violations(visit) == []
    page.context.close()
    plain = harness.open("gemeenten/", javascript=False)
    plain.page.fill("#gemeente-postcode", "3533")
    with plain.page.expect_navigation():
        plain.page.click("[data-hvk-lookup] button[type=submit]")
    assert plain.page.locator("h1").inner_text() == "Handtekeningen in uw gemeente"
    plain.page.context.close()


@pytest.mark.slow
def test_copy_buttons_put_the_exact_text_on_the_clipboard(harness):
    visit = harness.open("gemeenten/")
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=harness.server.base.rstrip("/"))
    first = DATA["tekstvoorstellen"][0]
    page.locator("[data-hvk-copy=voorstel-1]").click()
    wait_until(page, "document.querySelector('.hvk-proposal .hvk-copy__status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == f"{first['titel']} {' '.join(first['tekst'].split())}"
    for slug in ("motie-gezinshulp-eerst", "schriftelijke-vragen-gezinshulp-eerst"):
        page.locator(f"[data-hvk-copy={slug}-tekst]").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        published = (harness.server.root / "gemeenten" / f"{slug}.txt").read_text("utf-8")
        assert copied == published, "the copy is the document, exactly"
        for instruction in ("Pas de tekst aan", "Voorbeeldtekst", "Hulp bij", "085 065 3450"):
            assert instruction not in copied, "nothing in the copy has to be deleted before handing it in"
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
    harness, service, box, _ = petition_site
    before = len(box.messages)
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
    page.wait_for_timeout(500)
    assert len(box.messages) == before, "... but nothing is sent"
    page.context.close()


@pytest.mark.slow
def test_a_closed_petition_says_so_and_shows_no_form(tmp_path):
    root = copy_site(tmp_path / "src")
    data = root / "data" / "campagne.yml"
    data.write_text(
        data.read_text("utf-8")
        .replace("  sluit_op:\n", "  sluit_op: 2026-03-01\n")
        .replace("  gegevens_wissen_op:\n", "  gegevens_wissen_op: 2026-06-01\n"),
        "utf-8",
    )
    result = build(root, env={"SOURCE_DATE_EPOCH": "1780000000"})  # 2026-05-28
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "petitie" / "index.html").read_text("utf-8")
    assert "De petitie is gesloten." in html
    assert "data-hvk-petition" not in html
    privacy = (root / "site" / "privacy" / "index.html").read_text("utf-8")
    assert "Je kunt tekenen tot en met 1 maart 2026." in privacy
    assert "Op 1 juni 2026 wissen we alle namen, e-mailadressen en telefoonnummers." in privacy
    data.write_text(
        data.read_text("utf-8").replace("gegevens_wissen_op: 2026-06-01", "gegevens_wissen_op: 2026-02-01"), "utf-8"
    )
    refused = build(root)
    assert refused.returncode != 0
    assert (
        "petitie" in refused.stdout + refused.stderr
        and "wisdatum na de sluitingsdatum" in refused.stdout + refused.stderr
    )


@pytest.mark.slow
def test_every_page_of_the_service_is_accessible_at_phone_width(petition_site):
    """The service's own pages (answer, errors, confirmation, withdrawal, lookup, not found): axe clean."""
    harness, service, box, _ = petition_site
    before = len(box.messages)
    answers = []
    for fill in ({"#naam": "Noor", "#email": "noor@example.org"}, {"#naam": "", "#email": "fout"}):
        visit = harness.open("petitie/")
        for selector, value in fill.items():
            visit.page.fill(selector, value)
        if fill["#naam"]:
            visit.page.check("#toestemming")
        with visit.page.expect_navigation():
            visit.page.evaluate("() => document.querySelector('[data-hvk-petition]').submit()")  # a plain POST
        answers.append(visit)
    wait_for_mail(box, before + 1)
    found = links(box.messages[-1][0])
    for url in (
        found["bevestig"],
        found["intrekken"],
        service.base + "/gemeente?postcode=3533",
        service.base + "/nergens",
    ):
        answers.append(harness.open(url))
    titles = [v.page.locator("h1").inner_text() for v in answers]
    assert titles == [
        "Bijna klaar: kijk in je mailbox",
        "Teken de petitie: gezinshulp eerst!",
        "Bevestig je handtekening",
        "Wil je je handtekening intrekken?",
        "Handtekeningen in uw gemeente",
        "Niet gevonden",
    ]
    for visit in answers:
        assert harness.violations(visit) == [], visit.page.url
        assert visit.foreign_requests == []
        assert harness.csp_violations(visit) == [], visit.page.url
        assert visit.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        visit.page.keyboard.press("Tab")
        assert visit.page.evaluate("document.activeElement.textContent") == "Naar de inhoud", "skip link first"
        visit.page.context.close()


@pytest.mark.slow
def test_an_answer_about_no_field_is_said_in_the_summary_alone(petition_site):
    harness, service, _, _ = petition_site
    for i in range(20):  # the limit per e-mail domain in this module's service
        service.sign(email=f"persoon{i}@vaak.example")
    visit = harness.open("petitie/")
    page = visit.page
    page.fill("#naam", "Vera Vaak")
    page.fill("#email", "vera@vaak.example")
    page.check("#toestemming")
    page.wait_for_timeout(3000)
    page.click("[data-hvk-petition] button[type=submit]")
    summary = page.locator("[data-hvk-error-summary]")
    summary.wait_for(state="visible")
    assert "Probeer het over een paar minuten opnieuw" in summary.inner_text()
    assert page.locator("#naam-fout").is_hidden(), "not pinned on a field it is not about"
    assert page.locator("[data-hvk-petition]").is_visible()
    page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize("slug", sorted(p.stem for p in (ROOT / "manifests").glob("*.md")))
def test_a_manifest_prints_on_one_a4_sheet_saying_who_and_where(harness, slug):
    visit = harness.open(f"manifesten/{slug}/", viewport={"width": 1280, "height": 800})
    page = visit.page
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "one A4 sheet"
    page.emulate_media(media="print")
    printed = page.locator(".hvk-print-only").inner_text()
    organisation = DATA["organisatie"]
    for part in (organisation["naam"], organisation["adres"], organisation["email"], organisation["telefoon"]):
        assert part in printed
    assert f"https://gezinshulpeerst.hetvergetenkind.nl/manifesten/{slug}/" in printed
    assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset h2')).breakAfter") == "avoid"
    page.context.close()


@pytest.mark.slow
def test_printed_links_say_where_they_go(harness):
    visit = harness.open("gemeenten/", viewport={"width": 1280, "height": 800})
    page = visit.page
    page.emulate_media(media="print")
    linked = page.evaluate(
        "[...document.querySelectorAll('.md-content a[href]')].filter(a => !/^(#|tel:)/.test(a.getAttribute('href')))"
        ".map(a => (a.setAttribute('data-test-url', a.getAttribute('data-hvk-url') || a.getAttribute('href')), a))"
        ".filter(a => a.offsetParent !== null && !a.closest('.hvk-eyebrow') && !a.matches('.hvk-button'))"
        ".map(a => [a.getAttribute('data-test-url'), getComputedStyle(a, '::after').content])"
    )
    assert linked, "links in the printed text"
    for url, after in linked:
        assert url in after, (url, after)
    assert any("https://gezinshulpeerst.hetvergetenkind.nl/onderzoek/" in after for _, after in linked)
    page.context.close()


@pytest.mark.slow
def test_a_signature_posted_twice_by_the_fallback_sends_one_mail(petition_site):
    """The script's answer is lost after the service took the signature (a dropped connection): the
    script falls back to posting the form, which carries the same `poging`, and the service answers
    it without a second mail. It used to mail twice."""
    harness, service, box, _ = petition_site
    visit = harness.open("petitie/")
    page = visit.page
    posts: list[str] = []

    def lose_the_first_answer(route):
        posts.append(route.request.method)
        if len(posts) == 1:
            route.fetch()  # the service receives and stores it ...
            route.abort("connectionreset")  # ... and the page never hears back
        else:
            route.continue_()

    page.route(service.base + "/teken", lose_the_first_answer)
    before = len(box.messages)
    page.fill("#naam", "Tim Tweemaal")
    page.fill("#email", "tim@tweemaal.example")
    page.check("#toestemming")
    page.wait_for_timeout(3000)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert posts == ["POST", "POST"], "the fallback posted the form again"
    assert "mailbox" in page.locator("h1").inner_text().lower()
    wait_for_mail(box, before + 1)
    page.wait_for_timeout(1500)
    assert [r for _, r in box.messages[before:]] == [["tim@tweemaal.example"]], "one mail, not two"
    page.context.close()


@pytest.mark.slow
def test_the_service_answers_the_script_s_question_only_for_the_site(petition_site):
    """The script's `X-Petitie` makes browsers ask first: another origin hears 403, and its browser
    never sends the signature."""
    harness, service, _, _ = petition_site
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-petitie,content-type"}
    site = harness.server.base.rstrip("/")
    ours = http(service.base + "/teken", headers={"Origin": site, **ask}, method="OPTIONS")
    assert ours.status == 204 and ours.headers["access-control-allow-origin"] == site
    assert "X-Petitie" in ours.headers["access-control-allow-headers"]
    other = http(service.base + "/teken", headers={"Origin": "https://andere-site.example", **ask}, method="OPTIONS")
    assert other.status == 403 and "access-control-allow-origin" not in other.headers
