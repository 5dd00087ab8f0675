#!/usr/bin/env bash
# Installs everything Tidemark needs to build, run and test on Debian or
# Ubuntu, idempotently: system packages, the UI's npm packages, tauri-driver.
# Sourced by run.sh and test.sh; safe to run again at any time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tidemark/target}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\n== %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# Tauri 2 on Linux (WebKitGTK 4.1), the WebDriver bridge, a virtual display.
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  xvfb xauth webkit2gtk-driver imagemagick
  # The end-to-end test's stand-in location service (tests/src/geoclue.rs).
  dbus-daemon python3-dbusmock
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust (cargo) is required: install it with rustup, then run this again." >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

# The UI's packages, exactly as locked. Reinstalled only when the lock changed.
stamp="$ROOT/ui/node_modules/.tidemark-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/ui/package-lock.json" "$stamp"; then
  say "Installing the UI's npm packages"
  (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$ROOT/ui/package-lock.json" "$stamp"
fi

if ! command -v tauri-driver >/dev/null; then
  say "Installing tauri-driver"
  cargo install tauri-driver --locked --version '^2' --quiet
fi
