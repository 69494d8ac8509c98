# Askbook — the two commands: `make run` (set up, build, import the sample space, serve) and `make test`.

SWIFT ?= swift
DB ?= askbook.sqlite
PORT ?= 8080
DEB_PACKAGES := libsqlite3-dev libblas-dev libopenblas0-pthread libcmark-gfm-dev libcmark-gfm-extensions-dev libstemmer-dev python3-venv

.PHONY: deps install-debs build run test test-clients latency-clients lint fuzz clean browser-deps test-browser

# Installs the Debian packages that are missing; quiet and quick when all are present.
deps:
	@$(MAKE) --no-print-directory install-debs PACKAGES="$(DEB_PACKAGES)"

install-debs:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release

# The sample site is assembled under .build (the site configuration beside a copy of the handbook), then imported.
SAMPLE_SITE := .build/sample-site
run: build
	rm -rf $(SAMPLE_SITE) && mkdir -p $(SAMPLE_SITE)
	cp -R Evaluation/spaces/askbook-handbook $(SAMPLE_SITE)/handbook
	cp Evaluation/spaces/askbook-site.yaml $(SAMPLE_SITE)/docs.yaml
	.build/release/askbook import $(SAMPLE_SITE) --space askbook --db $(DB)
	@token=$$(.build/release/askbook tokens create --role read --name "make run" --quiet --db $(DB)) && \
	visitor=$$(.build/release/askbook tokens create --role visitor --space askbook-handbook --name "make run page" --quiet --db $(DB)) && \
	echo && echo "Read token (shown once): $$token" && \
	echo "The ask page (a visitor key: search and ask only, in the handbook):" && \
	echo "  http://127.0.0.1:$(PORT)/ask?key=$$visitor&spaces=askbook-handbook" && \
	echo "Ask the sample space:" && \
	echo "  curl -s -X POST http://127.0.0.1:$(PORT)/v1/search/ask -H 'Authorization: Bearer '$$token -H 'Content-Type: application/json' -d '{\"query\":\"How do I import a GitBook folder?\"}'" && \
	echo "Stream an answer (Server-Sent Events) from the sample site, as GitBook's quickstart asks:" && \
	echo "  curl -N -X POST http://127.0.0.1:$(PORT)/v1/orgs/default/sites/askbook/ask -H 'Authorization: Bearer '$$token -H 'Content-Type: application/json' -d '{\"question\":\"How do I import a GitBook folder?\",\"scope\":{\"mode\":\"default\"}}'" && \
	echo "  curl -N 'http://127.0.0.1:$(PORT)/v1/spaces/askbook-handbook/search/ask/stream?query=How%20do%20I%20create%20a%20token%3F' -H 'Authorization: Bearer '$$token" && \
	echo && exec .build/release/askbook serve --db $(DB) --port $(PORT)

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) test-clients

# Real clients against a real server (Tests/Clients): the Python MCP SDK over Streamable HTTP and stdio, and llms.txt
# over HTTP. The pinned client is installed into a git-ignored virtual environment when missing or when the pins change.
CLIENTS_VENV := .venv-clients
CLIENTS_REQUIREMENTS := Tests/Clients/requirements.txt
$(CLIENTS_VENV)/.installed: $(CLIENTS_REQUIREMENTS)
	python3 -m venv $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/pip install --quiet -r $(CLIENTS_REQUIREMENTS)
	touch $@

test-clients: $(CLIENTS_VENV)/.installed
	$(SWIFT) build --product askbook
	cd Tests/Clients && ASKBOOK_BIN="$$($(SWIFT) build --show-bin-path)/askbook" ../../$(CLIENTS_VENV)/bin/python -W ignore::ResourceWarning -m unittest -v test_clients

# The ask tool's latency through MCP next to the HTTP API's (Tests/Clients/latency.py), against one server;
# CONFIG=release for the release build.
CONFIG ?= debug
latency-clients: $(CLIENTS_VENV)/.installed
	$(SWIFT) build -c $(CONFIG) --product askbook
	cd Tests/Clients && ASKBOOK_BIN="$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/askbook" ../../$(CLIENTS_VENV)/bin/python latency.py

# Browser tests: Debian's Chromium and chromedriver, Selenium and pytest (Tests/Browser/requirements.txt) in a
# git-ignored virtual environment, against a real `askbook serve` (the debug build); screenshots go to
# .build-browser-screenshots/.
BROWSER_DEB_PACKAGES := chromium chromium-driver python3-venv
BROWSER_VENV := .venv-browser
browser-deps:
	@$(MAKE) --no-print-directory install-debs PACKAGES="$(BROWSER_DEB_PACKAGES)"
	@if [ ! -x $(BROWSER_VENV)/bin/python ] || ! cmp -s Tests/Browser/requirements.txt $(BROWSER_VENV)/requirements.txt; then \
	  echo "Installing the browser test tools into $(BROWSER_VENV)"; \
	  python3 -m venv $(BROWSER_VENV) && $(BROWSER_VENV)/bin/pip install -q -r Tests/Browser/requirements.txt && \
	  cp Tests/Browser/requirements.txt $(BROWSER_VENV)/requirements.txt; \
	fi

test-browser: deps browser-deps
	$(SWIFT) build --build-tests
	ASKBOOK_BIN="$$($(SWIFT) build --show-bin-path)/askbook" SE_AVOID_STATS=true $(BROWSER_VENV)/bin/python -m pytest -v -p no:cacheprovider Tests/Browser

# Seeded mutation fuzzing (askbook-fuzz): FUZZ_SECONDS per target, a fresh seed each run (printed; --seed repeats one).
# Findings and the crash file go to fuzz-findings/; `make test` runs the same targets for a few seconds.
FUZZ_SECONDS ?= 1800
FUZZ_TARGETS ?= markdown yaml folder requests
fuzz: deps
	$(SWIFT) build -c release --product askbook-fuzz
	.build/release/askbook-fuzz --seconds $(FUZZ_SECONDS) $(foreach t,$(FUZZ_TARGETS),--target $(t))

# The toolchain's formatter with Hummingbird's .swift-format (4 spaces, 150 columns).
lint:
	$(SWIFT) format lint --strict -r Sources Tests

clean:
	rm -rf .build
