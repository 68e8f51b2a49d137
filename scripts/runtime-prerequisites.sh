#!/usr/bin/env bash
# Installs what `custos up` needs beyond the JDK: bubblewrap, the sandbox the owner's algorithm runs in. Without it
# the server still runs, but refuses to start the algorithm (For You serves the popularity feed) and says so.
# Idempotent and best effort: it never stops the server from starting.
set -uo pipefail

command -v bwrap >/dev/null 2>&1 && exit 0
command -v apt-get >/dev/null 2>&1 || {
  echo "custos up: bubblewrap (bwrap) is missing and this is not a Debian-like system; install it to run the owner's algorithm confined." >&2
  exit 0
}
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
    echo "custos up: bubblewrap is missing; install it (apt-get install bubblewrap) to run the owner's algorithm confined." >&2
    exit 0
  fi
else
  SUDO=()
fi
echo "custos up: installing bubblewrap (the sandbox of the owner's algorithm)..." >&2
{ "${SUDO[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq bubblewrap; } >&2 \
  || echo "custos up: could not install bubblewrap; the owner's algorithm will not start until it is installed." >&2
exit 0
