#!/usr/bin/env bash
# The box-size study: xorscape dos for each box half-width B, then S(L) per B side by side.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
boxes=(2 10 50)
[ "$scale" = paper ] && boxes=(2 5 10 20 50 100)
files=()
for b in "${boxes[@]}"; do
  "$xorscape" dos --config "$here/$scale.ini" --measure.box "$b" --out "results/dos_box_$b$suffix.h5" --quiet
  files+=("results/dos_box_$b$suffix.h5")
done
"$python" analysis/dos_box_scan.py "${files[@]}" -o "results/figures/dos_box_scan$suffix.png"
