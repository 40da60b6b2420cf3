#!/usr/bin/env bash
# Install Debian's Chromium (/usr/bin/chromium) for the browser tests, when it is missing.
# Playwright drives this system browser (executable_path="/usr/bin/chromium"); it never downloads one of its own.
# Idempotent and quiet: prints nothing when Chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-dejavu-core)

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $CHROMIUM is missing and there is no apt-get here; install Chromium by hand so that $CHROMIUM exists." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-browser: $CHROMIUM is missing and installing it needs root (or sudo): run 'apt-get install chromium' as root." >&2
  exit 1
fi

echo "install-browser: installing Debian's chromium for the browser tests (once) ..."
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
# apt's output is shown only when something fails.
if ! { "${SUDO[@]}" apt-get update -qq \
       && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"; } >"$LOG" 2>&1; then
  cat "$LOG" >&2
  echo "install-browser: 'apt-get install chromium' failed (apt's messages above), so $CHROMIUM is still missing." >&2
  exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "install-browser: apt-get installed chromium but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "install-browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium) is installed."
