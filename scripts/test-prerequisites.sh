#!/usr/bin/env bash
# Installs the Debian packages the test suite talks to for real: SoftHSM2 (the PKCS#11 token the vault's
# production key service is tested against) and bubblewrap (the sandbox the owner's engine runs in).
# Idempotent; does nothing when they are present.
set -euo pipefail

needed=()
# The vault's Pkcs11KeyServiceIT needs both the tool (to create a throwaway token) and the PKCS#11 library.
if ! command -v softhsm2-util >/dev/null 2>&1 || [[ ! -e /usr/lib/softhsm/libsofthsm2.so ]]; then
  needed+=(softhsm2)
fi
# The release module's sandbox tests start real bubblewrap sandboxes (namespaces, seccomp, cgroups).
if ! command -v bwrap >/dev/null 2>&1; then
  needed+=(bubblewrap)
fi

if (( ${#needed[@]} == 0 )); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "custos test: need Debian packages ${needed[*]}; run as root or install them first." >&2
    exit 2
  fi
else
  SUDO=()
fi
echo "custos test: installing ${needed[*]}..." >&2
"${SUDO[@]}" apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${needed[@]}" >&2
