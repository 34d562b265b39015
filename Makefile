# The two set-up commands are `make build` and `make test`; see README.md.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The web editor at /admin/: Decap CMS, from the npm registry, pinned here and nowhere else.
CMS    := decap-cms@3.16.3
# The yaml library of the editor's own file formats (cms/formaat.js); the tests use the same
# version from package.json.
CMS_YAML := yaml@2.9.1
CMS_DIR := .cache/cms
export NO_MKDOCS_2_WARNING := 1

export FEED
SITE_ROOT ?= $(CURDIR)
export SITE_ROOT
.PHONY: image container-tools publiceer foto-schoon importeer java audio-tools bench-petitie build serve test test-fast lint check browsers clean nieuw-verhaal nieuwe-aflevering schema bench petitie sleutels postgres webeditor
.DEFAULT_GOAL := build

$(VENV)/.built: requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	# Our plugin, as a package MkDocs finds by its entry point (editable: hooks/ is the code that runs).
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.tested: $(VENV)/.built requirements-test.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-test.txt -c constraints.txt
	touch $@

## Build the site into site/ (atomically: a failed build keeps the last good site/).
build: $(VENV)/.built cms
	$(PY) -m hooks.cli build

## The production build (the deploy workflow runs it): refuses, one Dutch line each, an address on
## this computer, without https, or still an example (LIVE.md); then builds like `make build`.
publiceer: $(VENV)/.built cms
	$(PY) -m hooks.cli publiceer

## Fetch the web editor's script bundle (only its dist/ files, not its 700 dependencies).
cms: $(CMS_DIR)/$(CMS)+$(CMS_YAML).stamp
$(CMS_DIR)/$(CMS)+$(CMS_YAML).stamp:
	@command -v npm >/dev/null 2>&1 || { echo "LET OP: npm ontbreekt; de webeditor (/admin/) wordt overgeslagen."; exit 0; }
	rm -rf $(CMS_DIR) && mkdir -p $(CMS_DIR)
	cd $(CMS_DIR) && npm pack $(CMS) --silent >/dev/null && tar xzf decap-cms-*.tgz package/dist \
	  && mkdir dist && find package/dist -maxdepth 1 -type f ! -name '*.map' ! -name 'cms.js' ! -name '*.cms.js' \
	     -exec mv {} dist/ \; && rm -rf package decap-cms-*.tgz \
	  && npm pack $(CMS_YAML) --silent >/dev/null && tar xzf yaml-*.tgz package/browser/dist \
	  && mv package/browser/dist yaml && rm -rf package yaml-*.tgz
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## Live preview on http://127.0.0.1:8000 that reloads the open page on every content change. Every
## page is rendered again (not --dirty), so listings and the home page follow a changed summary or
## data/campagne.yml. A mistake in a file shows in every page, over the last version that was
## right; --no-strict so that the preview keeps running while the editor fixes it.
## The petition service runs beside it (http://127.0.0.1:8001), so the form works in the preview;
## its mails land in .petitie/post/ and the terminal shows each confirmation link.
serve: $(VENV)/.built cms
	@$(PY) -m petition lokaal & PETITIE=$$!; trap "kill $$PETITIE 2>/dev/null" EXIT INT TERM; \
	  $(PY) -m mkdocs serve --livereload --dirty --no-strict

## The web editor on this computer, without GitHub: /admin/ in the preview saves into this folder (REDACTIE.md).
webeditor: $(VENV)/.built cms node_modules/.installed
	@node node_modules/decap-server/dist/index.js & DECAP=$$!; trap "kill $$DECAP 2>/dev/null" EXIT INT TERM; \
	  $(MAKE) --no-print-directory serve

## The petition service alone, with local keys and a local mailbox in .petitie/ (README, "The petition service").
petitie: $(VENV)/.built
	$(PY) -m petition lokaal

## The foundation's key pair and the service's secret, for the real petition (README).
sleutels: $(VENV)/.built
	$(PY) -m petition sleutels

## Validate all content without building the site.
check: $(VENV)/.built
	$(PY) -m hooks.cli check $(if $(ONLINE),--online)

## A new story or episode, as a filled-in draft: make nieuw-verhaal TITEL="Mijn verhaal"
## The title exactly as typed ($(value ...): make expands nothing in it), in single quotes for the
## shell: quotes, backticks and $(...) in a title stay text. SITE_ROOT: another site folder (the tests).
shell_quote = '$(subst ','\'',$(1))'
nieuw-verhaal: $(VENV)/.built
	$(PY) -m hooks.cli --root "$$SITE_ROOT" new verhaal $(call shell_quote,$(value TITEL))

nieuwe-aflevering: $(VENV)/.built
	$(PY) -m hooks.cli --root "$$SITE_ROOT" new aflevering $(call shell_quote,$(value TITEL))

## Move an existing show in from its feed: make importeer FEED=https://oude-host.nl/feed.xml (or a saved .xml)
importeer: $(VENV)/.built
	@test -n "$(FEED)" || { echo 'Geef de feed mee, bijvoorbeeld: make importeer FEED=https://oude-host.nl/feed.xml'; exit 2; }
	$(PY) -m hooks.cli importeer "$$FEED"

## Remove location (GPS), camera and maker data from every photo in the content folders, in place.
foto-schoon: $(VENV)/.built
	$(PY) -m hooks.cli --root "$$SITE_ROOT" foto-schoon

## Rewrite the JSON Schemas in schemas/ from the content models.
schema: $(VENV)/.built
	$(PY) -m hooks.cli schema

## The petition service's container image, from the Dockerfile (docker build where Docker runs;
## else Debian's buildah on a base made with mmdebstrap). IMAGE=naam:versie to name it.
IMAGE ?= localhost/petitie:latest
image: container-tools
	deploy/image.sh $(IMAGE)

## buildah, podman and mmdebstrap (Debian): to build and run the image without a Docker engine.
container-tools:
	@command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 || { \
	  command -v buildah >/dev/null 2>&1 && command -v podman >/dev/null 2>&1 && command -v mmdebstrap >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq buildah podman mmdebstrap uidmap >/dev/null; }; }

## Debian's PostgreSQL server for the petition tests (they start and stop their own cluster).
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; }

## LAME and FFmpeg (Debian) for the audio tests: real encoders, and a full decode to compare with.
audio-tools:
	@command -v lame >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq lame ffmpeg >/dev/null; }

## Java for the Nu HTML Checker (vnu-jar from npm), which checks every page.
java:
	@command -v java >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

## Debian's Chromium for the browser tests (Playwright cannot download browsers here).
browsers:
	@command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

## Install what the tests need and run them all (the slow loop: real builds, both engines, the browser).
test: $(VENV)/.tested browsers postgres audio-tools java container-tools cms node_modules/.installed
	$(PY) -m pytest -n 2

## The fast loop: pure and content tests, no build, no browser (well under 30 s).
test-fast: $(VENV)/.tested
	$(PY) -m pytest -m fast -n 2 -q

## Lint, format check and types: ruff and mypy, configured in pyproject.toml.
lint: $(VENV)/.tested
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

## Benchmark against the peers at 100, 1,000 and 5,000 stories; writes bench/RESULTS.md (about 15 min).
bench: $(VENV)/.tested browsers cms
	@command -v hugo >/dev/null 2>&1 && [ -e /usr/lib/x86_64-linux-gnu/libcairo.so.2 -o -e /usr/lib/aarch64-linux-gnu/libcairo.so.2 ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq hugo libcairo2 >/dev/null; }
	$(PY) -m pip install -q --disable-pip-version-check -r bench/requirements.txt
	cd bench && npm ci --silent --no-audit --no-fund   # Lighthouse
	$(PY) -m bench.run $(if $(SIZES),--sizes $(SIZES)) $(BENCH_ARGS)

## Signing under load on SQLite and PostgreSQL with wrk, crashes included; writes bench/PETITION.md (about 4 min).
bench-petitie: $(VENV)/.tested postgres
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/petition.py $(BENCH_ARGS)

clean:
	rm -rf site .site-build-* .site-previous-* .pytest_cache .petitie
