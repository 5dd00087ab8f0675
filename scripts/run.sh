#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs Tidemark: the central
# server on its embedded SQLite database (http://127.0.0.1:8787, data in
# ~/.local/share/tidemark-server) and the app. The app keeps its replica in
# the OS app-data directory (~/.local/share/vn.tidemark.field), shared with
# the `tidemark` CLI. On first start the server's `admin` password is made
# and kept in the server's data directory (admin-password, mode 600); the
# app is signed in with it, so it syncs with the server by itself.
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
SERVER_URL="http://127.0.0.1:8787"
mkdir -p "$SERVER_DATA"
PASSWORD_FILE="$SERVER_DATA/admin-password"
if [ ! -s "$PASSWORD_FILE" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$PASSWORD_FILE")
fi
say "Starting the server on $SERVER_URL (data: $SERVER_DATA)"
TIDEMARK_ADMIN_PASSWORD="$(cat "$PASSWORD_FILE")" \
  "$CARGO_TARGET_DIR/release/tidemark-server" serve --data-dir "$SERVER_DATA" --listen 127.0.0.1:8787 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fsS "$SERVER_URL/ready" >/dev/null 2>&1 && break
  sleep 0.2
done

say "Signing the app in as admin (password in $PASSWORD_FILE)"
TIDEMARK_PASSWORD="$(cat "$PASSWORD_FILE")" \
  "$CARGO_TARGET_DIR/release/tidemark" login --server "$SERVER_URL" --user admin --label "Tidemark app" \
  || echo "(sign-in failed: sign in from the app's Settings screen)"

APP="$CARGO_TARGET_DIR/release/tidemark-app"
say "Starting Tidemark"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "(no display: running under Xvfb; set DISPLAY to see the window)"
  xvfb-run -a -s "-screen 0 1280x800x24" "$APP"
else
  "$APP"
fi
