# loopcost: every command a developer or CI needs. Each target installs what it is missing first
# (scripts/setup.sh, idempotent: seconds on a warm machine).
#
#   make serve   build and serve the app at http://127.0.0.1:8080, rebuilding on change
#   make test    every check: format, lints, native tests, browser tests, end-to-end tests
#   make dist    release build into dist/ (relative asset paths: works from any sub-path)
#   make dist-test  the same with the test hooks (crash trigger, wasm benchmark) into target/dist-test
#   make bench   performance figures: engine speed native and in wasm, bundle size, UI timings
#   make cli     build the command-line tool into target/release/loopcost
#   make fuzz    a million hostile share links and a million damaged usage logs and scenario files, release profile (FUZZ_COUNT=…)
#   make size-parts  what each part of the app costs in the download (builds the app with parts taken out; ~15 min, more the first time)
#   make prices  regenerate model/src/catalog/prices.json from genai-prices (pinned) + model/src/catalog/overlay.json

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROME_BIN ?= /usr/bin/chromium

# Every wasm build runs with the toolchain settings scripts/setup.sh chose for this machine;
# release builds also rebuild the standard library for size where its source is at hand.
WASM_ENV := source $(CURDIR)/.tools/wasm-env.sh &&
WASM_RELEASE_ENV := $(WASM_ENV) source $(CURDIR)/.tools/wasm-release-env.sh &&
WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/tests/webdriver.json WASM_BINDGEN_TEST_TIMEOUT=120

PY := $(CURDIR)/.tools/py/bin/python

.PHONY: setup serve dist dist-test test test-native test-prices test-wasm test-e2e lint fmt bench cli prices fuzz clean size-parts

FUZZ_COUNT ?= 1000000

setup:
	@./scripts/setup.sh

# Development builds go to a folder of their own: dist/ only ever holds the deployable build.
serve: setup
	$(WASM_ENV) trunk serve --dist target/serve

DIST_TEST := $(CURDIR)/target/dist-test

dist: setup
	$(WASM_RELEASE_ENV) trunk build --release --public-url ./
	node scripts/minify-glue.mjs dist
	node scripts/hash-modules.mjs dist
	node scripts/csp.mjs dist
	node scripts/precompress.mjs dist
	@node scripts/bundle.mjs dist
	@grep -q BUILD_STD .tools/wasm-release-env.sh || { \
		printf '\n\033[1;31mWARNING: no standard library source here: dist/ was built with the prebuilt std and is larger than the budget allows.\033[0m\n' >&2; \
		printf 'Install rust-src (rustup component add rust-src) or Debian rust-web-src, then make dist again.\n\n' >&2; }

# The release build with the test hooks, for the end-to-end tests and the browser benchmark.
# (index.html names the cargo features, and Trunk lets them win over --features: the test page
# is a copy that names testhooks too.)
dist-test: setup
	sed 's/data-cargo-features="web"/data-cargo-features="web,testhooks"/' index.html > .index-testhooks.html
	grep -q 'web,testhooks' .index-testhooks.html
	$(WASM_RELEASE_ENV) trunk build .index-testhooks.html --release --public-url ./ --dist $(DIST_TEST); s=$$?; rm -f .index-testhooks.html; exit $$s
	node scripts/minify-glue.mjs $(DIST_TEST)
	node scripts/hash-modules.mjs $(DIST_TEST)
	node scripts/csp.mjs $(DIST_TEST) > /dev/null

cli:
	cargo build --release --bin loopcost

size-parts: setup
	node scripts/size-parts.mjs

test: setup lint test-prices test-native test-wasm test-e2e
	@echo "make test: all checks passed"

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --all-features -- -D warnings

fmt:
	cargo fmt --all

test-native: test-prices
	LOOPCOST_PRICE_CASES=$(CURDIR)/target/price-cases.json cargo test --workspace --all-targets
	cargo test --workspace --doc
	cargo run --quiet --release --example fuzz_links -- 20000
	cargo run --quiet --release --example fuzz_files -- 20000

fuzz:
	cargo run --quiet --release --example fuzz_links -- $(FUZZ_COUNT)
	cargo run --quiet --release --example fuzz_files -- $(FUZZ_COUNT)

# The catalog is exactly the generator's output for the pinned genai-prices, and the engine's
# request pricing agrees with genai-prices' calc_price (tests/differential.rs reads the cases).
test-prices: setup
	$(PY) scripts/prices.py --check
	@mkdir -p target
	$(PY) scripts/price_cases.py > target/price-cases.json

prices: setup
	$(PY) scripts/prices.py

test-wasm: setup
	$(WASM_ENV) $(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --features web --test web

test-e2e: dist dist-test
	LOOPCOST_DIST=$(DIST_TEST) node --test --test-concurrency=1 tests/e2e/

# Measures every budget and exits non-zero, naming it, when one is missed.
bench: dist dist-test
	LOOPCOST_DIST=$(DIST_TEST) node tests/e2e/bench.mjs

clean:
	cargo clean
	rm -rf dist
