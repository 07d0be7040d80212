#!/usr/bin/env bash
# Fig. 5: xorscape perturb with quick.ini or paper.ini, then the two-panel figure.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" perturb --config "$here/$scale.ini"
"$python" analysis/fig5_perturbation.py "results/fig5_perturbation$suffix.h5" \
  -o "results/figures/fig5_perturbation$suffix.png"
