#!/usr/bin/env bash
# The analysis scripts on real simulator output: a small train run (n_h = 2, 3), the
# Table II evaluate file and two small landscape files (all 36 pairs at 41 x 41 points with two
# short descent paths; one pair with an 8-scan random batch), small lr-scan, perturb, basin
# (train --train.stop converged) and solutions files, then run_analysis_tests.sh on them and on
# synthetic files.
# Usage: test_with_simulator.sh XORSCAPE SOURCE_DIR
set -euo pipefail
X="$1" SRC="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$X" train --network.n_h 2,3 --train.learning_rate 0.1,1 --train.replicas 2 --train.epochs 200000 \
  --quiet --out "$work/train.h5" >/dev/null
"$X" evaluate --input.preset table2 --input.layout both --out "$work/table2.h5" >/dev/null 2>&1
"$X" landscape --grid.points 41 --paths.start "b1_1:b2_1=-7.4,8.9; w2_12:b1_2=12.5,-12.5" \
  --paths.epochs 20000 --quiet --out "$work/landscape_full.h5" >/dev/null
"$X" landscape --pairs.list b1_1:b2_1 --landscape.batch random --landscape.scans 8 \
  --grid.points 41 --quiet --out "$work/landscape_random.h5" >/dev/null
"$X" lr-scan --scan.eta_min 0.01 --scan.eta_max 100 --scan.points_per_decade 2 --scan.replicas 4 \
  --scan.epochs 100000 --scan.precision 0.05 --quiet --out "$work/lr_scan.h5" >/dev/null
"$X" perturb --perturb.parameters w1_11,w2_11,b1_1,b2_1 --perturb.shift_points 9 --perturb.runs 8 \
  --perturb.epochs 50000 --quiet --out "$work/perturb.h5" >/dev/null
basins=()
for opt in gd zero-t-mc; do
  "$X" train --network.n_h 2,3 --train.optimizer "$opt" --train.learning_rate 0.5 --train.replicas 8 \
    --train.epochs 30000 --train.stop converged --init.scheme symmetric --init.scale 2 --quiet \
    --out "$work/basins_$opt.h5" >/dev/null
  basins+=("$work/basins_$opt.h5")
done
"$X" solutions --input.files "$work/basins_gd.h5,$work/basins_zero-t-mc.h5" --out "$work/solutions.h5" >/dev/null
"$X" dos --network.n_h 1,2 --dos.runs 2 --wl.ln_f_final 1e-3 --wl.production_steps 200000 --quiet \
  --out "$work/dos.h5" >/dev/null
boxes=()
for b in 2 10; do
  "$X" dos --network.n_h 2 --dos.method simple --dos.runs 2 --dos.samples 200000 --measure.box "$b" \
    --quiet --out "$work/dos_box_$b.h5" >/dev/null
  boxes+=("$work/dos_box_$b.h5")
done
DOS_FILE="$work/dos.h5" DOS_BOX_SCAN_FILES="${boxes[*]}" \
LRSCAN_FILE="$work/lr_scan.h5" PERTURB_FILE="$work/perturb.h5" GAMMA_FILE="$work/train.h5" \
BASINS_FILES="${basins[*]}" SOLUTIONS_FILE="$work/solutions.h5" \
bash "$SRC/tests/analysis/run_analysis_tests.sh" "$work/real" "$work/train.h5" "$work/table2.h5" \
  "$work/landscape_full.h5" "$work/landscape_random.h5"
bash "$SRC/tests/analysis/run_analysis_tests.sh" "$work/synthetic"
