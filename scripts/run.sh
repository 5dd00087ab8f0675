#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs the Tidemark app.
# The app keeps its data in the OS app-data directory
# (~/.local/share/vn.tidemark.field), shared with the `tidemark` CLI.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

say "Building the UI"
npm --prefix ui run build --silent

say "Building the app (release)"
"$ROOT/ui/node_modules/.bin/tauri" build --no-bundle >/dev/null

APP="$CARGO_TARGET_DIR/release/tidemark-app"
say "Starting Tidemark"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "(no display: running under Xvfb; set DISPLAY to see the window)"
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$APP"
fi
exec "$APP"
