#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs Tidemark: the central
# server on its embedded SQLite database (http://127.0.0.1:8787, data in
# ~/.local/share/tidemark-server) and the app. The app keeps its replica in
# the OS app-data directory (~/.local/share/vn.tidemark.field), shared with
# the `tidemark` CLI, which syncs it: `tidemark sync --server http://127.0.0.1:8787`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

say "Building the UI"
npm --prefix ui run build --silent

say "Building the server and the CLI (release)"
cargo build --release --quiet -p tidemark-server -p tidemark-device

say "Building the app (release)"
"$ROOT/ui/node_modules/.bin/tauri" build --no-bundle >/dev/null

SERVER_DATA="${TIDEMARK_SERVER_DATA_DIR:-$HOME/.local/share/tidemark-server}"
say "Starting the server on http://127.0.0.1:8787 (data: $SERVER_DATA)"
"$CARGO_TARGET_DIR/release/tidemark-server" serve --data-dir "$SERVER_DATA" --listen 127.0.0.1:8787 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

APP="$CARGO_TARGET_DIR/release/tidemark-app"
say "Starting Tidemark"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "(no display: running under Xvfb; set DISPLAY to see the window)"
  xvfb-run -a -s "-screen 0 1280x800x24" "$APP"
else
  "$APP"
fi
