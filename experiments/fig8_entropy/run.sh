#!/usr/bin/env bash
# Fig. 8: xorscape dos (multicanonical) with quick.ini or paper.ini, then S(L) for every n_h.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" dos --config "$here/$scale.ini"
"$python" analysis/fig8_entropy.py "results/fig8_entropy$suffix.h5" -o "results/figures/fig8_entropy$suffix.png"
