# The two set-up commands are `make build` and `make test`; see README.md.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test check browsers clean
.DEFAULT_GOAL := build

$(VENV)/.built: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.tested: $(VENV)/.built requirements-test.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-test.txt -c constraints.txt
	touch $@

## Build the site into site/ (atomically: a failed build keeps the last good site/).
build: $(VENV)/.built
	$(PY) -m hooks.cli build

## Live preview on http://127.0.0.1:8000 that reloads on every content change.
serve: $(VENV)/.built
	$(PY) -m mkdocs serve --livereload

## Validate all content without building the site.
check: $(VENV)/.built
	$(PY) -m hooks.cli check

## Debian's Chromium for the browser tests (Playwright cannot download browsers here).
browsers:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

## Install what the tests need and run them all.
test: $(VENV)/.tested browsers
	$(PY) -m pytest

clean:
	rm -rf site .site-build-* .site-previous-* .pytest_cache
