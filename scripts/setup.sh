#!/usr/bin/env bash
# Installs everything loopcost needs to build and test, skipping what is already there.
# Idempotent: on a warm machine it only checks versions and returns in seconds.
#
# Writes .tools/wasm-env.sh, which the Makefile sources for every wasm build: on a machine where
# `rustup target add wasm32-unknown-unknown` works it is nearly empty; elsewhere it points cargo
# at Debian's Rust with the standard library built from source (see README, "Toolchain").
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS=$ROOT/.tools
mkdir -p "$TOOLS"

# Pinned versions. wasm-bindgen-cli must match the `wasm-bindgen` crate in Cargo.toml exactly;
# genai-prices is the source of the price catalog (scripts/prices.py, `make prices`).
WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
GENAI_PRICES_VERSION=0.2.3

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

SUDO=""
if [ "$(id -u)" != 0 ] && have sudo; then SUDO=sudo; fi
APT_UPDATED=0
apt_install() {
  if ! have apt-get; then
    log "missing: $* — install them with your package manager"
    exit 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

export PATH="$HOME/.cargo/bin:$PATH"
if ! have cargo; then
  log "cargo not found: install Rust from https://rustup.rs first"
  exit 1
fi

# --- 1. a Rust that can build wasm32-unknown-unknown ------------------------------------------
# Writes two files the Makefile sources:
#   .tools/wasm-env.sh          every wasm build (which compiler, which linker)
#   .tools/wasm-release-env.sh  release builds: the standard library rebuilt for size
#                               (build-std with optimize_for_size, panic=immediate-abort), when the
#                               standard library's source is at hand; empty otherwise.
wasm_env=$TOOLS/wasm-env.sh
release_env=$TOOLS/wasm-release-env.sh
# LOOPCOST_WASM_TOOLCHAIN=debian forces the fallback (to test it where rustup works).
want=${LOOPCOST_WASM_TOOLCHAIN:-auto}
rustup_wasm() {
  [ "$want" != debian ] && have rustup &&
    { rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$' ||
      timeout 60 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; }
}
rustup_src() {
  local sysroot
  sysroot=$(rustc --print sysroot 2>/dev/null) || return 1
  [ -d "$sysroot/lib/rustlib/src/rust/library" ] || timeout 120 rustup component add rust-src >/dev/null 2>&1
}
size_flags() { # the release build's standard library, rebuilt for size
  echo 'export RUSTC_BOOTSTRAP=1'
  echo 'export CARGO_UNSTABLE_BUILD_STD=std,panic_abort'
  echo 'export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size'
  # loopcost_size: the cold parts of the speed-compiled model crate #[optimize(size)].
  # erase_components again: these flags replace .cargo/config.toml's rustflags, not add to them.
  echo 'export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg loopcost_size -Zunstable-options -Cpanic=immediate-abort"'
}
if [ -f "$wasm_env" ] && [ -f "$release_env" ] && grep -q "^# toolchain: $want\$" "$wasm_env" &&
  { ! grep -q BUILD_STD "$release_env" || grep -q loopcost_size "$release_env"; }; then
  : # chosen before on this machine
elif rustup_wasm; then
  printf '# toolchain: %s\n# rustup has the wasm32 target: nothing to set\n' "$want" >"$wasm_env"
  if rustup_src; then
    { echo "# rustup's rust-src: the release build rebuilds std for size"; size_flags; } >"$release_env"
    # Trunk builds offline: fetch the standard library's own dependencies now.
    RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml" >/dev/null 2>&1 || true
  else
    log "rustup has no rust-src here: release builds use the prebuilt std (a larger download)"
    echo "# no rust-src: the prebuilt standard library" >"$release_env"
  fi
else
  log "rustup cannot provide the wasm32 target here: using Debian's Rust with build-std"
  {
    echo "# toolchain: $want"
    echo "# Debian's Rust (rustc-web, with rust-web-src) builds the wasm32 standard library from source."
    echo 'export PATH=/usr/bin:$PATH'
    echo 'export RUSTC_BOOTSTRAP=1'
    echo 'export CARGO_UNSTABLE_BUILD_STD=std,panic_abort'
    echo 'export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19'
    echo '# A compiler of its own gets a target directory of its own: no rebuilds when switching.'
    echo "export CARGO_TARGET_DIR=$ROOT/target/wasm-debian"
  } >"$wasm_env"
  { echo "# Debian's rust-web-src: the release build rebuilds std for size"; size_flags; } >"$release_env"
fi
if grep -q BUILD_STD "$wasm_env" && { [ ! -x /usr/bin/cargo ] || [ ! -d /usr/lib/rustlib/src/rust/library ] || ! have wasm-ld-19; }; then
  apt_install rustc-web cargo-web rust-web-src lld-19
fi

# --- 2. Chromium and ChromeDriver for the browser tests ----------------------------------------
if ! have chromium || ! have chromedriver; then
  apt_install chromium chromium-driver
fi

# --- 3. wasm-bindgen-cli (also brings wasm-bindgen-test-runner) and trunk ---------------------
cargo_install() { # crate version binary
  local crate=$1 version=$2 bin=$3
  if have "$bin" && "$bin" --version 2>/dev/null | grep -q " $version"; then return; fi
  log "cargo install $crate $version (several minutes, once per machine)"
  cargo install "$crate" --version "$version" --locked >/dev/null 2>&1 ||
    cargo install "$crate" --version "$version" --force
}
cargo_install wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen
cargo_install trunk "$TRUNK_VERSION" trunk

# --- 4. npm tools: wasm-opt (binaryen) and playwright-core for the end-to-end tests ------------
stamp=$ROOT/node_modules/.setup-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  log "npm ci (binaryen, esbuild, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  touch "$stamp"
fi

# --- 5. genai-prices in a virtual environment: the catalog generator and the price tests --------
py=$TOOLS/py/bin/python
if ! { [ -x "$py" ] && "$py" -c "import genai_prices, sys; sys.exit(genai_prices.__version__ != '$GENAI_PRICES_VERSION')" 2>/dev/null; }; then
  have python3 || { log "python3 not found: install Python 3.9 or newer"; exit 1; }
  if ! python3 -m venv "$TOOLS/py" >/dev/null 2>&1; then
    apt_install python3-venv
    python3 -m venv "$TOOLS/py"
  fi
  log "pip install genai-prices==$GENAI_PRICES_VERSION (into .tools/py)"
  "$TOOLS/py/bin/pip" install --quiet --disable-pip-version-check "genai-prices==$GENAI_PRICES_VERSION"
fi

log "ready: $(rustc --version | cut -d' ' -f1-2) native, wasm via $(grep -q BUILD_STD "$wasm_env" && echo 'Debian rustc + build-std' || echo rustup), $(chromium --version 2>/dev/null | cut -d' ' -f1-2), trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, genai-prices $GENAI_PRICES_VERSION"
