# Concord: `make run` serves the API with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages WeasyPrint needs: Pango, HarfBuzz subsetting (CJK 20-30x faster), a CJK font.
# chromium: the pages' browser tests drive Debian's build through Playwright (no browser download).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-dejavu-core poppler-utils qpdf chromium
PYTEST_FLAGS ?= -q -p no:cacheprovider
# The interactive API docs' scripts, served by Concord itself so they work with no network:
# registry tarballs at pinned versions, checked against their SHA-256 before anything is kept.
DOCS_ASSETS := core/web/docs_assets
SWAGGER_UI_VERSION := 5.35.0
SWAGGER_UI_SHA256 := 1b8e891893404ea4c3558b6a87e2a3e494e7eedba41168c2ece5800a391a6ea6
SCALAR_VERSION := 1.76.0
SCALAR_SHA256 := f1821c173d387d3dd4722215b946ad9aec3610f177616f0a312e4eb159b9c378
NPM_REGISTRY := https://registry.npmjs.org
# The pages' script (served at /ui/static/) and the accessibility checker of their browser tests.
UI_ASSETS := ui/vendor
HTMX_VERSION := 2.0.11
HTMX_SHA256 := 165a2655073e9e6e55e307a7c74e8ebcdb76afb7701f9c16cfd106a13add408e
TEST_ASSETS := tests/ui/vendor
AXE_CORE_VERSION := 4.14.1
AXE_CORE_SHA256 := e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745

.PHONY: run test lint pytest system-packages install docs-assets ui-assets bench-tools clean readme-screenshots

run: install
	$(BIN)/concord run

test: install lint
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_FLAGS)
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== the same suite on PostgreSQL ($$DATABASE_URL) =="; \
		$(BIN)/pytest $(PYTEST_FLAGS); \
	fi

# docs/screenshots/ (shown in the README), taken by the whole-week browser test on the demo data.
readme-screenshots: install
	env -u DATABASE_URL CONCORD_README_SCREENSHOTS=1 $(BIN)/pytest $(PYTEST_FLAGS) tests/ui/test_whole_week.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports --no-cache

install: system-packages $(STAMP) docs-assets ui-assets

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

docs-assets: $(DOCS_ASSETS)/.fetched

# $(call fetch_npm,TARBALL URL,SHA256,FOLDER,FILES IN THE PACKAGE[,ROOT]): keep FILES, flattened,
# in ROOT.new/FOLDER (ROOT defaults to the docs assets).
define fetch_npm
	curl --silent --show-error --fail --location --retry 3 --output $(or $(5),$(DOCS_ASSETS)).tgz $(1)
	echo "$(2)  $(or $(5),$(DOCS_ASSETS)).tgz" | sha256sum --check --quiet
	mkdir -p $(or $(5),$(DOCS_ASSETS)).new/$(3)
	tar --extract --gzip --file $(or $(5),$(DOCS_ASSETS)).tgz \
		--directory $(or $(5),$(DOCS_ASSETS)).new/$(3) \
		--transform 's,.*/,,' $(addprefix package/,$(4))
	rm $(or $(5),$(DOCS_ASSETS)).tgz
endef

$(DOCS_ASSETS)/.fetched: Makefile
	rm -rf $(DOCS_ASSETS).new
	$(call fetch_npm,$(NPM_REGISTRY)/swagger-ui-dist/-/swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz,$(SWAGGER_UI_SHA256),swagger-ui,LICENSE swagger-ui-bundle.js swagger-ui-standalone-preset.js swagger-ui.css favicon-32x32.png)
	$(call fetch_npm,$(NPM_REGISTRY)/@scalar/api-reference/-/api-reference-$(SCALAR_VERSION).tgz,$(SCALAR_SHA256),scalar,package.json dist/browser/standalone.js dist/styles/standalone.css)
	touch $(DOCS_ASSETS).new/.fetched
	rm -rf $(DOCS_ASSETS) && mv $(DOCS_ASSETS).new $(DOCS_ASSETS)

ui-assets: $(UI_ASSETS)/.fetched $(TEST_ASSETS)/.fetched

$(UI_ASSETS)/.fetched: Makefile
	rm -rf $(UI_ASSETS).new
	$(call fetch_npm,$(NPM_REGISTRY)/htmx.org/-/htmx.org-$(HTMX_VERSION).tgz,$(HTMX_SHA256),.,LICENSE dist/htmx.min.js,$(UI_ASSETS))
	touch $(UI_ASSETS).new/.fetched
	rm -rf $(UI_ASSETS) && mv $(UI_ASSETS).new $(UI_ASSETS)

$(TEST_ASSETS)/.fetched: Makefile
	rm -rf $(TEST_ASSETS).new
	$(call fetch_npm,$(NPM_REGISTRY)/axe-core/-/axe-core-$(AXE_CORE_VERSION).tgz,$(AXE_CORE_SHA256),.,LICENSE axe.min.js,$(TEST_ASSETS))
	touch $(TEST_ASSETS).new/.fetched
	rm -rf $(TEST_ASSETS) && mv $(TEST_ASSETS).new $(TEST_ASSETS)

# wrk drives bench/api_load.py; the suite does not need it.
bench-tools: install
	@$(MAKE) --no-print-directory system-packages SYSTEM_PACKAGES=wrk

system-packages:
	@missing=""; for package in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info $(DOCS_ASSETS) $(UI_ASSETS) $(TEST_ASSETS)
