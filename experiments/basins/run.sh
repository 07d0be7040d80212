#!/usr/bin/env bash
# Basins and solutions: one xorscape train run per optimizer x init (gd eta = 0.1 and adam
# eta = 0.01 with random batches, zero-T MC sigma = 0.3 with the full batch; init v_k = 0.1 r_k
# (the paper's), uniform in [-1, 1] and in [-4, 4]), each stopping trajectories at convergence;
# then the solution atlas of all their n_h = 2 solutions and the two figures.
source "$(dirname "$0")/../../scripts/experiment_common.sh"
files=()
for opt in gd adam zero-t-mc; do
  case $opt in
    gd) step=0.1 batch=random ;;
    adam) step=0.01 batch=random ;;
    zero-t-mc) step=0.3 batch=full ;;
  esac
  for init in scaled:0.1 symmetric:1 symmetric:4; do
    out="results/basins_${opt}_${init/:/_}$suffix.h5"
    "$xorscape" train --config "$here/$scale.ini" --train.optimizer "$opt" \
      --train.learning_rate "$step" --train.batch "$batch" --init.scheme "${init%%:*}" \
      --init.scale "${init##*:}" --out "$out" --quiet
    files+=("$out")
  done
done
"$python" analysis/basins.py "${files[@]}" -o "results/figures/basins$suffix.png"
"$xorscape" solutions --input.files "$(IFS=,; echo "${files[*]}")" --input.n_h 2 \
  --out "results/solutions$suffix.h5" --overwrite
"$python" analysis/solutions.py "results/solutions$suffix.h5" -o "results/figures/solutions$suffix.png"
