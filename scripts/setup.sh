#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages, apt-get), then configures and builds xorscape.
#   scripts/setup.sh [--preset release|debug-asan] [--with-torch]
# Quiet when nothing is missing; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=release
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --with-torch) extra+=(python3-torch); shift ;;
    *) echo "setup.sh: unknown option '$1' (accepted: --preset NAME, --with-torch)" >&2; exit 2 ;;
  esac
done

packages=(g++ make cmake git pkg-config libhdf5-dev libboost-program-options-dev
          librandom123-dev libgtest-dev libbenchmark-dev
          python3 python3-h5py python3-numpy python3-scipy python3-matplotlib "${extra[@]}")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)" 2>&1 | grep -vE '^\[ *[0-9]+%\]|^-- |Built target|Consolidate compiler' || true
test -x "build/$preset/xorscape" || { echo "setup: build failed" >&2; exit 1; }
