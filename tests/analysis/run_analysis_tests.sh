#!/usr/bin/env bash
# Smoke tests of the analysis scripts in analysis/.
#   run_analysis_tests.sh DIR [TRAIN_FILE EVAL_FILE]
# Without files, synthetic ones are written into DIR by make_sample_files.py. Every script is
# run writing PNGs into DIR; each PNG must exist, be non-empty and carry the PNG signature.
# Bad inputs (missing file, not HDF5, wrong kind of xorscape file, absent n_h) must exit 2.
# Uses $PYTHON (default /usr/bin/python3, which has h5py, numpy and matplotlib).
set -euo pipefail

if [[ $# -ne 1 && $# -ne 3 ]]; then
  echo "usage: $0 DIR [TRAIN_FILE EVAL_FILE]" >&2
  exit 2
fi
dir=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
analysis=$(cd "$here/../../analysis" && pwd)
py=${PYTHON:-/usr/bin/python3}
mkdir -p "$dir"

synthetic=0
if [[ $# -eq 3 ]]; then
  train=$2 eval=$3
else
  synthetic=1
  "$py" "$here/make_sample_files.py" "$dir" >/dev/null
  train=$dir/sample_train.h5 eval=$dir/sample_evaluate.h5
fi

passed=0 failed=0 failures=()
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1" >&2; }

# check_png NAME SCRIPT ARGS...: the script must succeed and write DIR/NAME.png, a valid PNG.
check_png() {
  local name=$1 script=$2 png=$dir/$1.png
  shift 2
  rm -f "$png"
  if ! "$py" "$analysis/$script" "$@" -o "$png" >"$dir/$name.log" 2>&1; then
    fail "$name: $script $* exited non-zero (see $dir/$name.log)"
  elif [[ ! -s $png ]]; then
    fail "$name: $png missing or empty"
  elif [[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
    fail "$name: $png lacks the PNG signature"
  else
    pass
  fi
}

# check_status WANT LABEL SCRIPT ARGS...: the script must exit with status WANT.
check_status() {
  local want=$1 label=$2 script=$3 rc=0
  shift 3
  "$py" "$analysis/$script" "$@" -o "$dir/should_not_exist.png" >/dev/null 2>"$dir/status.err" || rc=$?
  if [[ $rc -eq $want ]]; then
    pass
  else
    fail "$label: $script exited $rc, expected $want: $(head -c 300 "$dir/status.err")"
  fi
}

check_png fig2_loss fig2_loss.py "$train" --pdf
[[ -s $dir/fig2_loss.pdf ]] && pass || fail "fig2_loss: --pdf wrote no $dir/fig2_loss.pdf"
check_png fig2_loss_batch fig2_loss.py "$train" --batch-loss
check_png fig3_parameters fig3_parameters.py "$train"
check_png fig4_activations fig4_activations.py "$train"
check_png table2 table2.py "$eval"
if [[ $(wc -l <"$dir/table2.log") -lt 2 ]]; then fail "table2: printed no text table"; else pass; fi
if [[ $synthetic -eq 1 ]]; then
  check_png fig2_loss_nh18 fig2_loss.py "$train" --nh 18 --eta 0.1 1 --replica 1
  check_png fig3_parameters_nh18 fig3_parameters.py "$train" --nh 18 --eta 1 --replica 1
  check_png fig4_activations_nh18 fig4_activations.py "$train" --nh 18 --eta 0.03
fi

printf 'not an HDF5 file\n' >"$dir/not_hdf5.h5"
for script in fig2_loss.py fig3_parameters.py fig4_activations.py table2.py; do
  check_status 0 "help" "$script" --help
  check_status 2 "missing file" "$script" "$dir/does_not_exist.h5"
  check_status 2 "not HDF5" "$script" "$dir/not_hdf5.h5"
done
check_status 2 "evaluate file to fig2" fig2_loss.py "$eval"
check_status 2 "train file to table2" table2.py "$train"
check_status 2 "absent n_h" fig3_parameters.py "$train" --nh 999
check_status 2 "replica out of range" fig4_activations.py "$train" --replica 99999
[[ ! -e $dir/should_not_exist.png ]] && pass || fail "a failing script wrote $dir/should_not_exist.png"

echo "$passed passed, $failed failed"
if [[ $failed -gt 0 ]]; then
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
