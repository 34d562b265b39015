"""The optional web editor (Decap CMS at /admin/): same files and fields as the content models,
shipped with the site, and working against its local backend (decap-server) in a real browser."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time

import pytest
import yaml

from hooks.campaign import Campaign
from hooks.cms import rendered
from hooks.collections import COLLECTIONS
from hooks.content import load
from tests.browser import Harness, Server
from tests.helpers import ROOT, build, copy_site

CONFIG = yaml.safe_load((ROOT / "cms" / "config.yml").read_text("utf-8"))
# Every kind, as the kinds say it: a new kind is tested here without touching this file.
MODELS = {c.editor_name: (c.content_model, c.folder) for c in COLLECTIONS}


def aliases(model) -> tuple[set[str], set[str]]:
    fields = model.model_fields.values()
    return {f.alias for f in fields}, {f.alias for f in fields if f.is_required()}


@pytest.mark.fast
@pytest.mark.parametrize("name", MODELS)
def test_cms_fields_match_the_content_model(name):
    model, folder = MODELS[name]
    collection = next(c for c in CONFIG["collections"] if c["name"] == name)
    assert collection["folder"] == folder and (ROOT / folder).is_dir()
    fields = {f["name"]: f for f in collection["fields"]}
    known, required = aliases(model)
    assert set(fields) - {"body"} <= known, set(fields) - {"body"} - known
    assert required <= set(fields), required - set(fields)
    for alias in required:
        assert fields[alias].get("required", True), alias
    for alias in set(fields) - required - {"body"}:
        assert fields[alias].get("required") is False or "default" in fields[alias], alias


@pytest.mark.fast
def test_cms_campaign_fields_exist_in_the_data_model():
    files = next(c for c in CONFIG["collections"] if c["name"] == "campagne")["files"][0]
    assert files["file"] == "data/campagne.yml"
    known, _ = aliases(Campaign)
    assert {f["name"] for f in files["fields"]} <= known


def git(root, *args: str) -> str:
    who = ["-c", "user.name=Redactie", "-c", "user.email=redactie@example.org"]
    done = subprocess.run(["git", *who, *args], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cms(tmp_path_factory, browser):
    decap_server = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    if not decap_server.exists():
        pytest.fail("decap-server ontbreekt: `make test` installeert het met npm ci.")
    root = copy_site(tmp_path_factory.mktemp("cms") / "src")
    port = free_port()
    config = root / "cms" / "config.yml"
    config.write_text(config.read_text("utf-8").replace("http://localhost:8081", f"http://127.0.0.1:{port}"), "utf-8")
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "voor de webeditor")
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(root),
        "LOG_LEVEL": "error",
    }
    server = subprocess.Popen(["node", str(decap_server)], env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    try:
        with Server(root / "site") as site:
            yield Harness(browser, site), root
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_admin_is_shipped_with_the_site(cms):
    _, root = cms
    admin = root / "site" / "admin"
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    assert '<script type="module" src="redactie.js"></script>' in (admin / "index.html").read_text()
    assert (admin / "yaml" / "index.js").is_file() and (admin / "formaat.js").is_file()
    assert yaml.safe_load((admin / "config.yml").read_text())["locale"] == "nl"


@pytest.mark.slow
def test_cms_lists_and_edits_stories_through_the_local_backend(cms):
    harness, root = cms
    visit = harness.open("admin/", viewport={"width": 1280, "height": 900})
    page = visit.page
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Ik was nooit echt in gevaar (Marilène)").wait_for(timeout=30_000)
    page.get_by_text("Ik ben bang dat ik straks opa niet meer zie (Ruben)").click()
    page.get_by_label("Samenvatting (één zin)").wait_for(timeout=30_000)
    assert "opa" in page.get_by_label("Samenvatting (één zin)").input_value()
    assert visit.foreign_requests == [], "the editor loads nothing from other hosts"
    page.context.close()


@pytest.mark.fast
def test_the_published_config_is_completed_from_the_models():
    from hooks.cms import rendered
    from hooks.content import load

    content = load(ROOT)
    made = yaml.safe_load(rendered((ROOT / "cms" / "config.yml").read_text("utf-8"), content.campaign, "https://x/"))
    stories = next(c for c in made["collections"] if c["name"] == "verhalen")
    fields = {f["name"]: f for f in stories["fields"]}
    photo = {f["name"]: f for f in fields["foto"]["fields"]}
    assert fields["foto"]["required"] is False
    assert not any(f["required"] for f in photo.values()), "an optional group's own fields are optional (Decap #2103)"
    assert fields["leeftijd"]["min"] == 0 and fields["leeftijd"]["max"] == 120
    assert fields["samenvatting"]["pattern"][0] == "^[\\s\\S]{10,200}$"
    assert fields["themas"]["options"] == list(content.campaign.themes) and fields["themas"]["multiple"] is True
    assert fields["gerelateerd"]["widget"] == "relation" and fields["gerelateerd"]["collection"] == "verhalen"
    assert fields["rol"]["options"] == list(content.campaign.roles)
    assert all(f.get("hint") for name, f in fields.items() if name != "body"), "every field explains itself"
    assert stories["delete"] is False and stories["identifier_field"] == "titel"
    episodes = {f["name"]: f for f in next(c for c in made["collections"] if c["name"] == "afleveringen")["fields"]}
    assert episodes["guid"]["widget"] == "guid", "a new episode gets its permanent guid without typing"
    assert episodes["soort"]["options"] == ["aflevering", "trailer", "bonus"]
    names = {c["name"] for c in made["collections"]}
    assert {"verhalen", "afleveringen", "manifesten", "tijdlijn", "paginas", "show", "campagne"} <= names


@pytest.mark.fast
@pytest.mark.parametrize("name", ["paginas"])
def test_the_new_collections_match_their_models(name):
    from hooks.cms import MODELS

    collection = next(c for c in CONFIG["collections"] if c["name"] == name)
    known, required = aliases(MODELS[name])
    fields = {f["name"] for f in collection["fields"]} - {"body"}
    assert fields == known, fields ^ known
    assert (ROOT / collection["folder"]).is_dir()


def _open(page, base: str, where: str) -> None:
    """A fresh load of the editor at `where` (as a bookmark would): Decap keeps an open entry's
    data when only the address's #part changes."""
    page.goto("about:blank")
    page.goto(base + "admin/" + where)


PHONE = {"width": 375, "height": 740}


def _fits(page, where: str, *buttons: str) -> None:
    """Nothing wider than the phone, and each named button on the screen, where a thumb reaches it."""
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{where}: wider than the phone"
    for name in buttons:
        button = page.get_by_role("button", name=name).first
        button.wait_for()
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{where}: {name} off the screen"
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"{where}: {name} scrolled away"


def _publish(page) -> None:
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_role("menuitem").first.click()


def _saved(page, path, needle: str) -> str:
    """The file once the editor has written it. Waits in Playwright, not in time.sleep: the
    harness answers the page's requests only while Playwright runs."""
    deadline = time.time() + 30
    while time.time() < deadline:
        if path.exists() and needle in path.read_text("utf-8"):
            return path.read_text("utf-8")
        page.wait_for_timeout(300)
    raise AssertionError(f"{path.name}: not saved with {needle!r}: {sorted(p.name for p in path.parent.iterdir())}")


def _numstat(root, file: str) -> tuple[int, int]:
    added, removed, _ = git(root, "diff", "--numstat", "--", file).split("\t")
    return int(added), int(removed)


@pytest.mark.slow
def test_the_web_editor_saves_a_story_an_episode_and_a_figure_in_small_diffs(cms, tmp_path):
    """Through the real editor against its local backend: a one-field edit of a story, an
    episode and a figure in the data file, each a one-line diff with every comment kept; a new
    story with a phone photo, which arrives without its location; then check and build."""
    import sys

    from PIL import Image

    from hooks.frontmatter import parse
    from hooks.images import revealing

    harness, root = cms
    visit = harness.open("admin/", viewport=PHONE)  # editors work from their phones
    page = visit.page
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Ik was nooit echt in gevaar (Marilène)").wait_for(timeout=40_000)
    _fits(page, "de lijst")

    # A story: one field.
    story = root / "stories" / "ruben.md"
    before = parse("ruben.md", story.read_text("utf-8"))
    _open(page, harness.server.base, "#/collections/verhalen/entries/ruben")
    summary = page.get_by_label("Samenvatting (één zin)")
    summary.wait_for(timeout=30_000)
    summary.fill("Ruben vertelt over zijn opa, en over wat hij mist.")
    _fits(page, "een verhaal", "Publiceer")
    _publish(page)
    after = parse("ruben.md", _saved(page, story, "wat hij mist"))
    assert after.data == {**before.data, "samenvatting": "Ruben vertelt over zijn opa, en over wat hij mist."}
    assert after.body == before.body, "the story itself is kept"
    assert _numstat(root, "stories/ruben.md") == (1, 1)

    # An episode: its title.
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    comments = [line for line in episode.read_text("utf-8").splitlines() if line.startswith("#")]
    _open(page, harness.server.base, "#/collections/afleveringen/entries/voorbeeld")
    title = page.get_by_label("Titel (zonder naam van de podcast of nummer)")
    title.wait_for(timeout=30_000)
    title.fill("Voorbeeldaflevering: zo klinkt het")
    _publish(page)
    text = _saved(page, episode, "zo klinkt het")
    assert _numstat(root, "podcast/episodes/voorbeeld.md") == (1, 1)
    assert comments and all(line in text.splitlines() for line in comments), "the guidance comments stay"

    # A figure in the data file: the second figure's value.
    data = root / "data" / "campagne.yml"
    comments = [line for line in data.read_text("utf-8").splitlines() if line.lstrip().startswith("#")]
    _open(page, harness.server.base, "#/collections/campagne/entries/campagne")
    page.locator("[id^=cijfers-field-]").get_by_role("button", name="Expand").first.click()  # open the list
    value = page.get_by_label("Cijfer", exact=True).nth(1)
    value.wait_for(timeout=30_000)
    assert value.input_value() == "1 op de 7"
    value.fill("1 op de 8")
    _publish(page)
    text = _saved(page, data, "1 op de 8")
    assert _numstat(root, "data/campagne.yml") == (1, 1)
    assert '  - waarde: "1 op de 8"' in text.splitlines(), "in the quotes it had"
    assert all(line in text.splitlines() for line in comments), "every comment stays"

    # A new story, with a photo straight from a phone (location, camera and maker in it).
    phone = tmp_path / "IMG_2041.jpg"
    phone.write_bytes(_photos(tmp_path)["gps.jpg"])
    assert len(revealing(Image.open(phone))) == 3
    _open(page, harness.server.base, "#/collections/verhalen/new")
    page.get_by_label("Titel", exact=True).wait_for(timeout=30_000)
    page.get_by_label("Titel", exact=True).fill("Ik wil gewoon thuis wonen")
    page.get_by_label("Naam (voornaam of schuilnaam)").fill("Sam")
    for label, choice in (
        ("Rol", "jongere"),
        ("Is de naam verzonnen?", "ja"),
        ("Thema's", "Contact"),
        ("Toestemming", "ja"),
    ):
        page.get_by_label(label, exact=True).click()
        page.keyboard.type(choice)
        page.keyboard.press("Enter")
    page.get_by_label("Citaat (letterlijk uit de bron)").fill("Ik wil gewoon thuis wonen.")
    page.get_by_label("Samenvatting (één zin)").fill("Sam wil gewoon thuis wonen, bij zijn moeder.")
    page.get_by_label("Datum", exact=True).fill("2026-11-30")
    page.get_by_label("Bron", exact=True).fill("Een proef van de redactie met de webeditor")
    page.get_by_text("Kies een afbeelding").first.click()
    page.locator("input[type=file]").set_input_files(str(phone))
    _fits(page, "de mediabibliotheek", "Gebruik selectie")
    page.get_by_role("button", name="Gebruik selectie").click()
    page.get_by_label("Wat staat er op de foto? (optioneel)").fill("Een oranje vlak, als proef")
    page.get_by_label("Toestemming om te publiceren (optioneel)").click()
    page.get_by_label("Concept (optioneel)").click()  # ready: published by the build
    page.locator("[data-slate-editor=true]").first.click()
    page.keyboard.type("Sam vertelt over thuis.")
    _publish(page)
    new = root / "stories" / "sam.md"
    made = parse("sam.md", _saved(page, new, "Sam vertelt over thuis."))
    assert made.data["titel"] == "Ik wil gewoon thuis wonen" and made.data["foto"]["bestand"] == "img_2041.jpg"
    assert "# ja = schriftelijke toestemming zit in het dossier." in new.read_text("utf-8"), "its comment"
    uploaded = Image.open(root / "stories" / made.data["foto"]["bestand"])
    assert revealing(uploaded) == [] and not uploaded.getexif(), "cleaned in the browser, before the commit"
    assert uploaded.size == (900, 600)
    assert visit.foreign_requests == []
    page.context.close()

    checked = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    page_html = (root / "site" / "verhalen" / "sam" / "index.html").read_text("utf-8")
    assert "Ik wil gewoon thuis wonen" in page_html and "1 op de 8" in (root / "site" / "index.html").read_text("utf-8")


@pytest.mark.slow
def test_the_preview_shows_each_kind_as_the_site_does(cms):
    """The editor's preview of every real story, manifest and moment says what the built page says,
    in the same elements (cms/voorbeeld.js mirrors the site's templates; this keeps them equal)."""
    from lxml import html as lxml_html

    harness, root = cms
    site = root / "site"
    visit = harness.open("admin/", viewport={"width": 1280, "height": 900})
    page = visit.page
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Ik was nooit echt in gevaar (Marilène)").wait_for(timeout=40_000)
    frame = page.frame_locator("#preview-pane")

    def text(locator) -> str:
        return " ".join(locator.inner_text().split())

    def built(path: str, xpath: str) -> str:
        tree = lxml_html.fromstring((site / path / "index.html").read_text("utf-8"))
        return " ".join(tree.xpath(f"string({xpath})").split())

    for story in sorted(p.stem for p in (root / "stories").glob("*.md")):
        _open(page, harness.server.base, f"#/collections/verhalen/entries/{story}")
        frame.locator("article.hvk-story h1").wait_for(timeout=30_000)
        for css, xpath in (
            ("h1", "//article//h1"),
            ("blockquote", "//article//blockquote"),
            ("blockquote strong", "//article//blockquote//strong"),
        ):
            shown = (
                text(frame.locator(f"article.hvk-story {css}").first)
                if frame.locator(f"article.hvk-story {css}").count()
                else ""
            )
            assert shown == built(f"verhalen/{story}", xpath), (story, css)
    for manifest in sorted(p.stem for p in (root / "manifests").glob("*.md")):
        _open(page, harness.server.base, f"#/collections/manifesten/entries/{manifest}")
        frame.locator("article.hvk-manifest h1").wait_for(timeout=30_000)
        assert text(frame.locator("article h1")) == built(f"manifesten/{manifest}", "//article//h1")
        assert text(frame.locator(".hvk-demands")) == built(f"manifesten/{manifest}", "//*[@class='hvk-demands']")
    timeline = lxml_html.fromstring((site / "tijdlijn" / "index.html").read_text("utf-8"))
    titles = [" ".join(t.split()) for t in timeline.xpath("//li[@class='hvk-timeline__moment']/h3/text()")]
    for moment in sorted(p.stem for p in (root / "tijdlijn").glob("*.yml")):
        _open(page, harness.server.base, f"#/collections/tijdlijn/entries/{moment}")
        frame.locator(".hvk-timeline__moment h3").wait_for(timeout=30_000)
        assert text(frame.locator(".hvk-timeline__moment h3")) in titles, moment
    assert visit.foreign_requests == []
    page.context.close()


def _upload_probe(page) -> None:
    """A file input (#proef) of our own on the editor's page: what the page's upload cleaning hands
    on to Decap lands in `window.gekregen` (name, type, base64 data)."""
    page.evaluate(
        """() => {
          const input = Object.assign(document.createElement("input"), { type: "file", id: "proef" });
          input.addEventListener("change", async () => {
            const file = input.files[0];
            const bytes = new Uint8Array(await file.arrayBuffer());
            let text = ""; bytes.forEach((b) => (text += String.fromCharCode(b)));
            window.gekregen = { name: file.name, type: file.type, data: btoa(text) };
          });
          document.body.append(input);
        }"""
    )


def _photos(folder) -> dict[str, bytes]:
    """Photos as phones and programs write them: Exif with GPS, camera and maker; a turned one;
    PNG text and Exif chunks; WebP with Exif; and a clean one, which must come through untouched."""
    import io

    from PIL import Image, PngImagePlugin

    def exif(orientation: int = 1) -> Image.Exif:
        data = Image.Exif()
        data[0x010F], data[0x0110], data[0x013B] = "PhoneMaker", "Phone 12", "Marieke Jansen"
        data[0x0112] = orientation
        data[0x8825] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 12.0)}
        return data

    picture = Image.new("RGB", (900, 600), "orange")
    picture.paste(Image.new("RGB", (300, 200), "navy"), (0, 0))  # a corner, to see which way is up
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Marieke Jansen")
    made = {}
    for name, kind, options in (
        ("gps.jpg", "JPEG", {"exif": exif(), "quality": 90}),
        ("gedraaid.jpg", "JPEG", {"exif": exif(6), "quality": 90}),
        ("tekst.png", "PNG", {"exif": exif(), "pnginfo": text}),
        ("gps.webp", "WEBP", {"exif": exif(), "quality": 90}),
        ("schoon.jpg", "JPEG", {"quality": 90}),
    ):
        out = io.BytesIO()
        picture.save(out, kind, **options)
        made[name] = out.getvalue()
        (folder / name).write_bytes(made[name])
    return made


@pytest.mark.slow
def test_photos_lose_location_camera_and_maker_in_the_browser_before_upload(cms, tmp_path):
    import base64
    import io

    from PIL import Image, ImageChops

    from hooks.images import revealing

    harness, _ = cms
    made = _photos(tmp_path)
    visit = harness.open("admin/", viewport={"width": 1280, "height": 900})
    page = visit.page
    page.get_by_role("button", name="Inloggen").wait_for(timeout=40_000)
    _upload_probe(page)
    for name, original in made.items():
        page.evaluate("() => { window.gekregen = null; }")
        page.locator("#proef").set_input_files(str(tmp_path / name))
        page.wait_for_function("() => window.gekregen !== null")
        got = page.evaluate("() => window.gekregen")
        assert got["name"] == name
        data = base64.b64decode(got["data"])
        cleaned, before = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(original))
        assert cleaned.format == before.format, name
        assert revealing(cleaned) == [] and not cleaned.getexif(), name
        assert not {k for k in cleaned.info if k.lower() in ("author", "exif", "xmp")}, (name, cleaned.info)
        if name == "schoon.jpg":
            assert data == original, "a clean photo comes through byte for byte"
        elif name == "gedraaid.jpg":
            assert cleaned.size == (600, 900), "drawn upright, as it showed"
            assert cleaned.convert("RGB").getpixel((550, 50))[2] > 100, "the navy corner is top right now"
        elif cleaned.format in ("JPEG", "PNG"):
            diff = ImageChops.difference(cleaned.convert("RGB"), before.convert("RGB")).getbbox()
            assert diff is None, f"{name}: the same pixels (only the metadata went)"
        else:
            assert cleaned.size == before.size, name
    assert visit.foreign_requests == []
    page.context.close()


@pytest.mark.slow
def test_photos_the_site_cannot_read_become_jpeg_or_are_refused_with_the_checks_words(cms, tmp_path):
    """An iPhone's HEIC (real files from libheif's corpus), an AVIF and an SVG: what the browser can
    draw arrives as a clean JPEG; the rest never reaches the editor, and the editor hears why."""
    import base64
    import io

    from PIL import Image

    from hooks.images import revealing, unreadable

    harness, _ = cms
    fixtures = ROOT / "tests" / "fixtures" / "heic"
    avif = tmp_path / "foto.avif"
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 12.0)}
    Image.new("RGB", (900, 600), "orange").save(avif, "AVIF", exif=exif)
    svg = tmp_path / "logo.svg"
    svg.write_text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    visit = harness.open("admin/", viewport={"width": 375, "height": 800})
    page = visit.page
    page.get_by_role("button", name="Inloggen").wait_for(timeout=40_000)
    _upload_probe(page)
    said: list[str] = []
    page.on("dialog", lambda dialog: (said.append(dialog.message), dialog.accept()))
    for path, kind in ((fixtures / "colors-no-alpha.heic", "HEIC"), (fixtures / "avc32.heif", "HEIF"), (svg, "SVG")):
        page.evaluate("() => { window.gekregen = null; }")
        page.locator("#proef").set_input_files(str(path))
        heard = len(said)
        for _ in range(200):  # the dialog is handled while the page waits
            if len(said) > heard:
                break
            page.wait_for_timeout(50)
        assert page.evaluate("() => window.gekregen") is None, f"{path.name} reached the editor"
        assert said[-1] == f"{path.name} {unreadable(kind)}"
    page.evaluate("() => { window.gekregen = null; }")
    page.locator("#proef").set_input_files(str(avif))
    page.wait_for_function("() => window.gekregen !== null")
    got = page.evaluate("() => window.gekregen")
    assert (got["name"], got["type"]) == ("foto.jpg", "image/jpeg")
    converted = Image.open(io.BytesIO(base64.b64decode(got["data"])))
    assert converted.format == "JPEG" and converted.size == (900, 600)
    assert revealing(converted) == [] and not converted.getexif()
    assert visit.foreign_requests == []
    page.context.close()


@pytest.mark.fast
def test_the_editors_hints_speak_of_the_controls_not_of_yaml():
    """A switch says "Aan", a list says how to fill it: never `true`, `false`, `[a, b]` or backticks,
    which are how the files write it, not what an editor taps."""
    content = load(ROOT)
    made = yaml.safe_load(rendered((ROOT / "cms" / "config.yml").read_text("utf-8"), content.campaign, "https://x/"))
    hints = []

    def walk(fields):
        for field in fields:
            if "hint" in field:
                hints.append((field["name"], field.get("widget"), field["hint"]))
            walk(field.get("fields", []))

    for collection in made["collections"]:
        walk(collection.get("fields", []))
        for file in collection.get("files", []):
            walk(file.get("fields", []))
    assert len(hints) > 100
    yaml_words = re.compile(r"\btrue\b|\bfalse\b|[\[\]`]")
    assert [h for h in hints if yaml_words.search(h[2])] == []
    switches = [h for h in hints if h[1] == "boolean"]
    assert switches and all("Aan" in h[2] for h in switches), switches


@pytest.mark.fast
def test_the_editor_and_the_tests_use_the_same_yaml_library():
    import json
    import re

    pinned = re.search(r"^CMS_YAML := yaml@(\S+)$", (ROOT / "Makefile").read_text("utf-8"), re.M)
    assert pinned, "the Makefile pins the yaml library of /admin/"
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    assert package["devDependencies"]["yaml"] == pinned.group(1)
    formats = {c.get("format") for c in CONFIG["collections"]}
    assert formats == {"hvk-frontmatter", "hvk-yaml"}, "every collection saves through cms/formaat.js"
