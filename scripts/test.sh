#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs every check and test:
# formatting, clippy, the UI's type check, lint and unit tests, the drift
# check of the generated TypeScript bindings, all Rust tests (domain,
# device store, CLI, crash safety, Tauri commands, the server and the sync
# stories on SQLite and on a local PostgreSQL it installs and starts), and
# the end-to-end tests of the real app under Xvfb over WebDriver.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
source "$(dirname "${BASH_SOURCE[0]}")/s3.sh"
cd "$ROOT"

say "cargo fmt --check"
cargo fmt --all -- --check

say "UI build (the app embeds it)"
npm --prefix ui run build --silent

say "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

say "UI type check, lint, unit tests"
npm --prefix ui run check --silent
npm --prefix ui run lint --silent
npm --prefix ui test --silent

say "IPC bindings: regenerate from the Rust types and compare with git"
fresh="$(mktemp -d)"
TS_RS_EXPORT_DIR="$fresh" cargo test --workspace --quiet export_bindings >/dev/null
if ! diff -r "$fresh" ui/src/bindings; then
  echo "ui/src/bindings drifted from the Rust types: run 'cargo test' and commit ui/src/bindings." >&2
  exit 1
fi
rm -rf "$fresh"

say "Rust tests (PostgreSQL: $TIDEMARK_TEST_PG_URL)"
cargo test --workspace

say "Building the real app (debug, embedded UI)"
"$ROOT/ui/node_modules/.bin/tauri" build --debug --no-bundle >/dev/null

say "End-to-end: the real app under Xvfb, driven over WebDriver"
export TIDEMARK_APP="$CARGO_TARGET_DIR/debug/tidemark-app"
export TIDEMARK_SERVER="$CARGO_TARGET_DIR/debug/tidemark-server"
xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p tidemark-tests --test app_e2e --test app_sync_e2e --test app_map_e2e -- --ignored --test-threads=1
