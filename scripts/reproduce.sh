#!/usr/bin/env bash
# The main job: set up, build, then run the quick reproduction of every figure and table
# (experiments/*/run.sh quick), writing results/*.h5 and results/figures/*.png.
#   scripts/reproduce.sh [quick|paper] [experiment ...]
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-quick}"
case "$scale" in quick|paper) ;; *) echo "reproduce.sh: scale must be quick or paper, not '$scale'" >&2; exit 2 ;; esac
shift || true
bash scripts/setup.sh
mkdir -p results/figures
experiments=("$@")
[ ${#experiments[@]} -gt 0 ] || experiments=($(ls experiments))
for e in "${experiments[@]}"; do
  [ -f "experiments/$e/run.sh" ] || { echo "reproduce.sh: no experiment '$e'" >&2; exit 2; }
  echo "== $e ($scale)" >&2
  start=$(date +%s)
  bash "experiments/$e/run.sh" "$scale"
  echo "== $e done in $(( $(date +%s) - start )) s" >&2
done
echo "results: $(ls results/*.h5 | tr '\n' ' ')" >&2
echo "figures: $(ls results/figures/*.png | tr '\n' ' ')" >&2
