#!/usr/bin/env bash
# Install Debian's Chromium (/usr/bin/chromium) for the browser tests, and hunspell with its Swedish
# dictionary (hunspell-sv) for the spelling test of the reports, when they are missing.
# Playwright drives this system browser (executable_path="/usr/bin/chromium"); it never downloads one of its own.
# Idempotent and quiet: prints nothing when everything is already there.
# Every apt-get call waits (up to 10 minutes) for apt's lock instead of failing when another apt runs.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
SV_DIC=/usr/share/hunspell/sv_SE.dic
APT_LOCK=(-o DPkg::Lock::Timeout=600)

PACKAGES=()
WANTED=()
if [ ! -x "$CHROMIUM" ]; then
  PACKAGES+=(chromium fonts-dejavu-core)
  WANTED+=("$CHROMIUM")
fi
if ! command -v hunspell >/dev/null 2>&1 || [ ! -f "$SV_DIC" ]; then
  PACKAGES+=(hunspell hunspell-sv)
  WANTED+=("hunspell with $SV_DIC")
fi

if [ "${#PACKAGES[@]}" -eq 0 ]; then
  exit 0
fi
MISSING="${WANTED[0]}"
if [ "${#WANTED[@]}" -gt 1 ]; then
  MISSING="${WANTED[0]} and ${WANTED[1]}"
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $MISSING: missing, and there is no apt-get here; install ${PACKAGES[*]} by hand." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-browser: $MISSING: missing, and installing needs root (or sudo): run 'apt-get install ${PACKAGES[*]}' as root." >&2
  exit 1
fi

echo "install-browser: installing Debian's ${PACKAGES[*]} for the browser and spelling tests (once) ..."
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
# apt's output is shown only when something fails. Besides apt's own lock timeout (which older apt
# does not apply to the package lists' lock of 'apt-get update'), a run that finds another apt holding
# a lock waits and tries again, for up to 10 minutes.
apt_run() {
  local tries=0
  while true; do
    if "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_LOCK[@]}" "$@" >>"$LOG" 2>&1; then
      return 0
    fi
    if grep -q -E "Could not get lock|is held by process|Unable to lock" "$LOG" && [ "$tries" -lt 60 ]; then
      tries=$((tries + 1))
      : >"$LOG"
      sleep 10
      continue
    fi
    return 1
  done
}
if ! { apt_run update -qq && apt_run install -y -qq --no-install-recommends "${PACKAGES[@]}"; }; then
  cat "$LOG" >&2
  echo "install-browser: 'apt-get install ${PACKAGES[*]}' failed (apt's messages above), so $MISSING: still missing." >&2
  exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "install-browser: apt-get installed chromium but $CHROMIUM is still missing." >&2
  exit 1
fi
if ! command -v hunspell >/dev/null 2>&1 || [ ! -f "$SV_DIC" ]; then
  echo "install-browser: apt-get installed hunspell-sv but hunspell or $SV_DIC is still missing." >&2
  exit 1
fi
echo "install-browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium) and hunspell with its Swedish dictionary are installed."
