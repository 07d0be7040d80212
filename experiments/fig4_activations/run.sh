#!/usr/bin/env bash
# fig4_activations: xorscape train with quick.ini or paper.ini, then the figure.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" train --config "$here/$scale.ini"
"$python" analysis/fig4_activations.py "results/fig4_activations$suffix.h5" -o "results/figures/fig4_activations$suffix.png"
