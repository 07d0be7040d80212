# Sourced by the CLI test scripts: a scratch directory, `check WHAT CMD...` (passes when CMD
# exits 0, else prints the tail of its output), and `finish` (the closing count line).
set -uo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
passed=0 failed=0
check() {
  local what="$1"; shift
  if "$@" >log.txt 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; tail -20 log.txt; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
# interrupt_when_done PYTHON FILE DATASET MIN PID: sends SIGINT to PID once the done-mask DATASET
# of FILE (read while the run writes it) counts MIN tasks, polling for up to 60 s; waits for PID
# and leaves its exit status in $rc.
interrupt_when_done() {
  local py="$1" file="$2" ds="$3" min="$4" pid="$5"
  for _ in $(seq 600); do
    sleep 0.1
    HDF5_USE_FILE_LOCKING=FALSE "$py" -c "
import h5py, sys
sys.exit(0 if h5py.File('$file', 'r')['$ds'][()].sum() >= $min else 1)" 2>/dev/null && break
  done
  kill -INT "$pid"
  wait "$pid"
  rc=$?
}
