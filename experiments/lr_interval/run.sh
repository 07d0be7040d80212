#!/usr/bin/env bash
# Sect. III A: xorscape lr-scan twice (an eta converges if half of its replicas do, and if any
# one does: scan.converge_fraction = 1e-6), then the figure of both.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" lr-scan --config "$here/$scale.ini"
"$xorscape" lr-scan --config "$here/$scale.ini" --scan.converge_fraction 1e-6 \
  --out "results/lr_interval_any$suffix.h5"
"$python" analysis/lr_interval.py "results/lr_interval$suffix.h5" "results/lr_interval_any$suffix.h5" \
  -o "results/figures/lr_interval$suffix.png"
