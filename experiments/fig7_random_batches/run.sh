#!/usr/bin/env bash
# Fig. 7: xorscape landscape with randomized batches (quick.ini or paper.ini), then the figure.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" landscape --config "$here/$scale.ini"
"$python" analysis/fig7_random_batches.py "results/fig7_random_batches$suffix.h5" \
  -o "results/figures/fig7_random_batches$suffix.png"
