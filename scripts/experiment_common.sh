# Sourced by experiments/*/run.sh: paths and the checked scale argument.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
xorscape="$root/build/release/xorscape"
python=/usr/bin/python3
scale="${1:-quick}"
case "$scale" in quick|paper) ;; *) echo "run.sh: scale must be quick or paper, not '$scale'" >&2; exit 2 ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
mkdir -p results/figures
suffix=$([ "$scale" = paper ] && echo "_paper" || echo "")
