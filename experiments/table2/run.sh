#!/usr/bin/env bash
# Table II: xorscape evaluate of the five rows in both layouts, then the rendered table.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
"$xorscape" evaluate --config "$here/$scale.ini" > /dev/null
"$python" analysis/table2.py "results/table2$suffix.h5" -o "results/figures/table2$suffix.png"
