#!/usr/bin/env bash
# The analysis scripts on real simulator output: a small train run (n_h = 2, 3) and the
# Table II evaluate file, then run_analysis_tests.sh on them and on synthetic files.
# Usage: test_with_simulator.sh XORSCAPE SOURCE_DIR
set -euo pipefail
X="$1" SRC="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$X" train --network.n_h 2,3 --train.learning_rate 0.1,1 --train.replicas 2 --train.epochs 200000 \
  --quiet --out "$work/train.h5" >/dev/null
"$X" evaluate --input.preset table2 --input.layout both --out "$work/table2.h5" >/dev/null 2>&1
bash "$SRC/tests/analysis/run_analysis_tests.sh" "$work/real" "$work/train.h5" "$work/table2.h5"
bash "$SRC/tests/analysis/run_analysis_tests.sh" "$work/synthetic"
