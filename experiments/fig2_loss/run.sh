#!/usr/bin/env bash
# Fig. 2: xorscape train with quick.ini or paper.ini, then the figure.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" train --config "$here/$scale.ini"
"$python" analysis/fig2_loss.py "results/fig2_loss$suffix.h5" -o "results/figures/fig2_loss$suffix.png"
