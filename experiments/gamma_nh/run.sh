#!/usr/bin/env bash
# gamma(n_h): xorscape train over n_h and eta, then gamma vs n_h.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" train --config "$here/$scale.ini"
"$python" analysis/gamma_vs_nh.py "results/gamma_nh$suffix.h5" -o "results/figures/gamma_nh$suffix.png"
