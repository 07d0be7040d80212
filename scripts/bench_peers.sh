#!/usr/bin/env bash
# Run the xorscape peer baselines (bench/peers/: plain Python, NumPy, PyTorch,
# the loss-landscape sweep and the density of states in NumPy and PyTorch) with /usr/bin/python3;
# each prints one JSON line to stdout.
# Usage: scripts/bench_peers.sh [--quick] [--threads N] [--verbose]
# Threads default to $PEER_THREADS or 1. The torch peers are skipped, with a
# note on stderr, when torch is not importable.
set -euo pipefail
PY=/usr/bin/python3
PEERS="$(cd "$(dirname "${BASH_SOURCE[0]}")/../bench/peers" && pwd)"
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick|--verbose) args+=("$1"); shift ;;
    --threads) [[ $# -ge 2 ]] || { echo "--threads needs a value" >&2; exit 2; }
               args+=(--threads "$2"); shift 2 ;;
    --threads=*) args+=(--threads "${1#*=}"); shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "bench_peers.sh: unknown option: $1" >&2; exit 2 ;;
  esac
done
"$PY" "$PEERS/peer_python_loop.py" "${args[@]}"
"$PY" "$PEERS/peer_numpy.py" "${args[@]}"
"$PY" "$PEERS/peer_landscape_numpy.py" "${args[@]}"
"$PY" "$PEERS/peer_dos_numpy.py" "${args[@]}"
if "$PY" -c 'import torch' 2>/dev/null; then
  "$PY" "$PEERS/peer_torch.py" "${args[@]}"
  "$PY" "$PEERS/peer_landscape_torch.py" "${args[@]}"
  "$PY" "$PEERS/peer_dos_torch.py" "${args[@]}"
else
  echo "bench_peers.sh: torch not importable by $PY; skipping the torch peers" >&2
fi
