#!/usr/bin/env bash
# Speed: the C++ kernels (bench/bench_kernels, Google Benchmark, median of 9 repetitions
# randomly interleaved, so slow and fast phases of a shared VM hit every kernel alike) and the NumPy /
# PyTorch / plain-Python peers (bench/peers), measured in the same session on this machine.
# Writes results/bench/{kernels.json,peers-1.jsonl,peers-2.jsonl,table.md} and prints the table.
#   scripts/bench.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
quick=()
reps=9
[ "${1:-}" = "--quick" ] && { quick=(--quick); reps=1; }
bash scripts/setup.sh --with-torch
out=results/bench
mkdir -p "$out"
build/release/bench/bench_kernels --benchmark_repetitions="$reps" --benchmark_min_time=0.3 \
  --benchmark_enable_random_interleaving=true \
  --benchmark_format=json --benchmark_out="$out/kernels.json" --benchmark_out_format=json >/dev/null
bash scripts/bench_peers.sh "${quick[@]}" --threads 1 > "$out/peers-1.jsonl"
bash scripts/bench_peers.sh "${quick[@]}" --threads 2 > "$out/peers-2.jsonl"
/usr/bin/python3 bench/report.py "$out/kernels.json" "$out/peers-1.jsonl" "$out/peers-2.jsonl" | tee "$out/table.md"
