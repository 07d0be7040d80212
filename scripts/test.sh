#!/usr/bin/env bash
# Set up, build and run every test (ctest: unit, CLI, analysis).
#   scripts/test.sh              release build
#   scripts/test.sh --sanitize   Debug build with AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
[ "${1:-}" = "--sanitize" ] && preset=debug-asan
bash scripts/setup.sh --preset "$preset"
ctest --preset "$preset" -j "$(nproc)"
