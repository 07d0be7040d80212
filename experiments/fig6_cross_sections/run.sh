#!/usr/bin/env bash
# Fig. 6: xorscape landscape, full batch, all 36 cross-sections with descent paths (quick.ini or
# paper.ini), then the six-panel figure and the sheet of all 36.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" landscape --config "$here/$scale.ini"
"$python" analysis/fig6_cross_sections.py "results/fig6_cross_sections$suffix.h5" \
  -o "results/figures/fig6_cross_sections$suffix.png" \
  --all "results/figures/fig6_all_pairs$suffix.png"
