#!/usr/bin/env bash
# fig3_parameters: xorscape train with quick.ini or paper.ini, then the figure.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" train --config "$here/$scale.ini"
"$python" analysis/fig3_parameters.py "results/fig3_parameters$suffix.h5" -o "results/figures/fig3_parameters$suffix.png"
