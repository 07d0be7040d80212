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
