# Shared by .ci/start (run the app), .ci/test (every test) and .ci/run (CI).
# Each step installs what is missing and skips what is already there.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION=0.3.10

# Build outputs live outside the clone so fresh clones (CI) reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/redacta/target}"
export PATH="$HOME/.cargo/bin:$REPO_ROOT/end2end/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The name cargo-leptos gives the site's files. Leptos reads it when it is compiled to name the
# wasm file in each page (without it pages ask for redacta_bg.wasm and never hydrate), so the
# test build of the server, which the browser tests use, gets it too.
export LEPTOS_OUTPUT_NAME=redacta

# A fresh clone (CI) never reuses incremental state: skip writing it.
if [ "${CI:-}" = "true" ]; then
  export CARGO_INCREMENTAL=0
fi

# Each step with the time it started, so a log shows where the minutes go.
say() { printf '\n==> [%s] %s\n' "$(date +%T)" "$*"; }

# Every checkout path gets its own copies of this workspace's crates in the shared cache
# (several GB each, plus incremental state), and cargo never deletes them. Remove the ones
# not touched for two hours; dependencies stay, so rebuilds only redo our own crates.
prune_build_cache() {
  [ -d "$CARGO_TARGET_DIR" ] || return 0
  find "$CARGO_TARGET_DIR" -path '*/deps/*' -mmin +120 \( -name 'app-*' -o -name 'libapp-*' -o -name 'libapp.*' \
    -o -name 'server-*' -o -name 'libserver-*' -o -name 'api-*' -o -name 'migrations-*' \
    -o -name 'libmigrations-*' -o -name 'redacta-*' \) -delete 2>/dev/null || true
  find "$CARGO_TARGET_DIR" -maxdepth 4 -type d -name incremental -mmin +120 -prune -exec rm -rf {} + 2>/dev/null || true
  if [ "${CI:-}" = "true" ]; then
    find "$CARGO_TARGET_DIR" -maxdepth 4 -type d -name incremental -prune -exec rm -rf {} + 2>/dev/null || true
  fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    say "Installing the wasm32 target"
    rustup target add wasm32-unknown-unknown
  }
}

ensure_rust_tools() {
  ensure_wasm_target
  if ! cargo leptos --version 2>/dev/null | grep -qx "cargo-leptos $CARGO_LEPTOS_VERSION"; then
    # Unoptimized and without debug info: it only drives cargo, wasm-bindgen and wasm-opt, and
    # compiling its ~660 crates this way takes 8 CPU-minutes instead of 21 (optimized, no
    # LTO) or more (its own profile: fat LTO, one codegen unit).
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 6 minutes, once per machine)"
    CARGO_PROFILE_DEV_DEBUG=0 CARGO_TARGET_DIR="$HOME/.cache/redacta/tools" \
      cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --debug
    rm -rf "$HOME/.cache/redacta/tools"
  fi
  local wb
  wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' "$REPO_ROOT/Cargo.lock")
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb"; then
    # Without --locked: its lockfile pins a crate version the registry here does not serve.
    # In a folder of its own, like cargo-leptos: in the build cache it would wait for
    # whatever build holds that folder's lock (the release server, when .ci/start runs).
    say "Installing wasm-bindgen-cli $wb (the version in Cargo.lock)"
    CARGO_TARGET_DIR="$HOME/.cache/redacta/tools" cargo install wasm-bindgen-cli --version "$wb" --force
    rm -rf "$HOME/.cache/redacta/tools"
  fi
}

# Only the tests need cargo-nextest (the run command does not wait for it).
ensure_test_runner() {
  command -v cargo-nextest >/dev/null || {
    say "Installing cargo-nextest"
    cargo install cargo-nextest --locked
  }
}

# npm packages of end2end/: Playwright, axe, and binaryen's wasm-opt (Debian's binaryen makes
# release wasm that never hydrates).
ensure_node_packages() {
  local stamp="$REPO_ROOT/end2end/node_modules/.redacta-lock-hash"
  local want
  want=$(sha256sum "$REPO_ROOT/end2end/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installing the npm packages of end2end/"
    command -v npm >/dev/null || apt_install nodejs npm
    (cd "$REPO_ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}

ensure_chromium() {
  command -v chromium >/dev/null || {
    say "Installing Debian's chromium"
    apt_install chromium
  }
}

# Installs and starts Debian's PostgreSQL; exports REDACTA_TEST_PG_URL.
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    say "Installing Debian's postgresql"
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $4}' | grep -qx online; then
    say "Starting PostgreSQL $version"
    # After an unclean stop PostgreSQL replays its log and syncs the data directory first,
    # which can outlast pg_ctl's 60 s wait; the server keeps starting, so wait for it below.
    pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
      echo "PostgreSQL is still starting (recovery); waiting for it"
  fi
  local ready=""
  for _ in $(seq 1 600); do
    if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then ready=1; break; fi
    sleep 1
  done
  [ -n "$ready" ] || { echo "PostgreSQL did not accept connections within 10 minutes"; return 1; }
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  export REDACTA_TEST_PG_URL="${REDACTA_TEST_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
  drop_test_databases
}

# Drops the databases the integration tests create (redacta_test_*): each test makes a fresh
# one, so they are removed before and after every run instead of piling up on disk.
drop_test_databases() {
  local db
  for db in $(su postgres -c "psql -qtAc \"SELECT datname FROM pg_database WHERE datname LIKE 'redacta\\_test\\_%'\"" 2>/dev/null); do
    su postgres -c "psql -qc 'DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)'" >/dev/null 2>&1 || true
  done
}

build_release() {
  say "Building the release site and server"
  (cd "$REPO_ROOT" && cargo leptos build --release)
}

# The two compilations of the release build that need only cargo, started in the background
# at once: on a fresh machine they overlap installing cargo-leptos and wasm-bindgen instead
# of waiting for them. They are the commands and environment cargo-leptos uses (its front
# target folder, the wasm-release profile, LEPTOS_OUTPUT_NAME), so its `build --release`
# then finds both up to date and only runs wasm-bindgen and wasm-opt. The server compiles
# at a lower priority: installing the tools, then the wasm, then wasm-opt are the chain that
# decides when the site is ready, and the server fills the cores they leave idle.
start_release_prebuild() {
  REDACTA_PREBUILD=$(mktemp -d)
  say "Compiling the release wasm and server in the background"
  (
    cd "$REPO_ROOT"
    status=0
    cargo build --package=app --lib --target-dir="$CARGO_TARGET_DIR/front" \
      --target=wasm32-unknown-unknown --no-default-features --features=hydrate \
      --profile=wasm-release >"$REDACTA_PREBUILD/front.log" 2>&1 || status=$?
    echo "$status" >"$REDACTA_PREBUILD/front.status"
  ) &
  (
    cd "$REPO_ROOT"
    status=0
    nice -n 10 cargo build --package=server --bin=redacta --no-default-features --release \
      >"$REDACTA_PREBUILD/server.log" 2>&1 || status=$?
    echo "$status" >"$REDACTA_PREBUILD/server.status"
  ) &
}

# Cleans up after start_release_prebuild (`cargo leptos build` has waited for both builds
# through cargo's lock on each target folder). A failure is only reported: cargo-leptos runs
# the same compilations and shows their errors.
finish_release_prebuild() {
  local part
  for part in front server; do
    while [ ! -f "$REDACTA_PREBUILD/$part.status" ]; do sleep 1; done
    [ "$(cat "$REDACTA_PREBUILD/$part.status")" = 0 ] || tail -20 "$REDACTA_PREBUILD/$part.log"
  done
  rm -rf "$REDACTA_PREBUILD"
}

# The optimized site only (wasm, JS, CSS, icons in $CARGO_TARGET_DIR/site). cargo-leptos
# compiles the wasm in its own target folder (front/), so this can run beside a cargo build.
build_site() {
  (cd "$REPO_ROOT" && cargo leptos build --release --frontend-only)
}

# Starts building the site in the background (once: a caller that started it exports
# REDACTA_SITE_BUILD); finish_site_build waits for it and fails if it failed.
start_site_build() {
  [ -z "${REDACTA_SITE_BUILD:-}" ] || return 0
  REDACTA_SITE_BUILD=$(mktemp -d)
  export REDACTA_SITE_BUILD
  (
    status=0
    build_site >"$REDACTA_SITE_BUILD/log" 2>&1 || status=$?
    echo "$status" >"$REDACTA_SITE_BUILD/status"
  ) &
}

finish_site_build() {
  while [ ! -f "$REDACTA_SITE_BUILD/status" ]; do sleep 1; done
  cat "$REDACTA_SITE_BUILD/log"
  local status
  status=$(cat "$REDACTA_SITE_BUILD/status")
  rm -rf "$REDACTA_SITE_BUILD"
  unset REDACTA_SITE_BUILD
  [ "$status" = 0 ] || { echo "building the site failed"; return 1; }
}
