#!/usr/bin/env bash
# Smoke tests of the analysis scripts in analysis/.
#   run_analysis_tests.sh DIR [TRAIN_FILE EVAL_FILE [LANDSCAPE_FULL LANDSCAPE_RANDOM]]
# Without files, synthetic ones are written into DIR by make_sample_files.py. Every script is
# run writing PNGs into DIR; each PNG must exist, be non-empty and carry the PNG signature.
# Bad inputs (missing file, not HDF5, wrong kind of xorscape file, absent n_h, absent pair)
# must exit 2. The landscape scripts (fig6, fig7) are tested with synthetic files or with the
# two landscape files (`xorscape landscape`, full and random batch; the full one must hold
# all pairs and descent paths) and skipped when only TRAIN_FILE and EVAL_FILE are given.
# The convergence-study scripts (fig5_perturbation, lr_interval, gamma_vs_nh, basins,
# solutions) are tested on synthetic files when no files are given, and, in either mode, on real
# files named by environment variables, each optional:
#   LRSCAN_FILE (xorscape lr-scan), PERTURB_FILE (perturb), GAMMA_FILE (a train file),
#   BASINS_FILES (train files, space-separated), SOLUTIONS_FILE (solutions).
# The density-of-loss scripts (fig8_entropy, dos_box_scan; issue #5) likewise, on synthetic files
# and on real ones named by
#   DOS_FILE (xorscape dos), DOS_BOX_SCAN_FILES (dos files with the box measure, one per B,
#   space-separated).
# Uses $PYTHON (default /usr/bin/python3, which has h5py, numpy and matplotlib).
set -euo pipefail

if [[ $# -ne 1 && $# -ne 3 && $# -ne 5 ]]; then
  echo "usage: $0 DIR [TRAIN_FILE EVAL_FILE [LANDSCAPE_FULL LANDSCAPE_RANDOM]]" >&2
  exit 2
fi
dir=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
analysis=$(cd "$here/../../analysis" && pwd)
py=${PYTHON:-/usr/bin/python3}
mkdir -p "$dir"

synthetic=0 lfull= lrandom=
if [[ $# -ge 3 ]]; then
  train=$2 eval=$3
  [[ $# -eq 5 ]] && lfull=$4 lrandom=$5
else
  synthetic=1
  "$py" "$here/make_sample_files.py" "$dir" >/dev/null
  train=$dir/sample_train.h5 eval=$dir/sample_evaluate.h5
  lfull=$dir/sample_landscape_full.h5 lrandom=$dir/sample_landscape_random.h5
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

# check_file_png LABEL PNG: PNG (written by an earlier run) must be a valid PNG.
check_file_png() {
  if [[ ! -s $2 ]]; then
    fail "$1: $2 missing or empty"
  elif [[ $(head -c 8 "$2" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
    fail "$1: $2 lacks the PNG signature"
  else
    pass
  fi
}

# check_log NAME WANT_COUNT PATTERN: DIR/NAME.log must hold >= WANT_COUNT lines matching PATTERN.
check_log() {
  local n
  n=$(grep -c -E -- "$3" "$dir/$1.log" || true)
  if [[ $n -ge $2 ]]; then pass; else fail "$1: $n lines match '$3' in $dir/$1.log, want >= $2"; fi
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

if [[ -n $lfull ]]; then
  check_png fig6_cross_sections fig6_cross_sections.py "$lfull" --all "$dir/fig6_all.png"
  check_file_png fig6_all "$dir/fig6_all.png"
  for tag in a b c; do check_log fig6_cross_sections 1 "^\($tag\) "; done
  check_log fig6_cross_sections 1 "^\(b\) w2_12:b1_2: "
  check_log fig6_cross_sections 1 "grid minimum L = "
  check_log fig6_cross_sections 2 "^    path [0-9]+: start .* reached well: (yes|no)"
  # Both orientations of one pair, and a pair given by its group name.
  check_png fig6_pairs fig6_cross_sections.py "$lfull" --pairs w1_22:b1_1,b1_1:w1_22,b1_1__b2_1
  check_log fig6_pairs 1 "\(transposed\)"
  check_png fig7_random_batches fig7_random_batches.py "$lrandom" --pdf
  [[ -s $dir/fig7_random_batches.pdf ]] && pass || fail "fig7: --pdf wrote no $dir/fig7_random_batches.pdf"
  check_log fig7_random_batches 1 "^  rms "
  check_status 2 "full-batch file to fig7" fig7_random_batches.py "$lfull"
  check_status 2 "absent pair" fig6_cross_sections.py "$lfull" --pairs b1_1:b2_1,b1_1:w9_99
  if [[ $synthetic -eq 1 ]]; then
    partial=$dir/sample_landscape_partial.h5  # interrupted run: no summary, NaN rows, no paths
    check_png fig6_partial fig6_cross_sections.py "$partial" --all "$dir/fig6_partial_all.png"
    check_file_png fig6_partial_all "$dir/fig6_partial_all.png"
    check_log fig6_partial 1 "no /landscape/summary"
    check_png fig7_partial fig7_random_batches.py "$partial"
    check_png fig7_second_pair fig7_random_batches.py "$lrandom" --pair w2_12:b1_2
  else
    check_png fig6_on_random fig6_cross_sections.py "$lrandom"
    check_png fig7_pair fig7_random_batches.py "$lrandom" --pair b2_1:b1_1
    check_status 2 "malformed pair" fig6_cross_sections.py "$lfull" --pairs b1_1
    check_status 2 "absent pair" fig7_random_batches.py "$lrandom" --pair w1_11:w1_11
    check_status 2 "train file to fig6" fig6_cross_sections.py "$train"
    check_status 2 "evaluate file to fig7" fig7_random_batches.py "$eval"
    check_status 2 "landscape file to fig2" fig2_loss.py "$lfull"
  fi
fi

# --- convergence studies (issue #4) -------------------------------------------------------
# test_lr_scan TAG FILE, test_perturb TAG FILE, test_gamma TAG FILE, test_basins TAG FILES...,
# test_solutions TAG FILE: what holds for any file of that kind, synthetic or real.
test_lr_scan() {
  check_png "lr_interval_$1" lr_interval.py "$2" --points
  check_log "lr_interval_$1" 1 "^  lower "
  check_log "lr_interval_$1" 1 "^  upper "
  check_log "lr_interval_$1" 3 "^  [0-9.e+-]+ +(sweep|bisect [01]) "
  check_status 2 "$1: lr-scan file to fig5" fig5_perturbation.py "$2"
  check_status 2 "$1: lr-scan file to gamma_vs_nh" gamma_vs_nh.py "$2"
}
test_perturb() {
  check_png "fig5_$1" fig5_perturbation.py "$2" --runs --pdf
  [[ -s $dir/fig5_$1.pdf ]] && pass || fail "fig5_$1: --pdf wrote no $dir/fig5_$1.pdf"
  check_log "fig5_$1" 1 "^  [wb][12]_[0-9]+ +(-?1|[0-9]+) "
  check_status 2 "$1: absent parameter" fig5_perturbation.py "$2" --params w9_99
  check_status 2 "$1: perturb file to lr_interval" lr_interval.py "$2"
  check_status 2 "$1: perturb file to solutions" solutions.py "$2"
}
test_gamma() {
  check_png "gamma_vs_nh_$1" gamma_vs_nh.py "$2"
  check_log "gamma_vs_nh_$1" 1 "^  [0-9]+ .*\([0-9]+/[0-9]+\)"
  check_status 2 "$1: train file to lr_interval" lr_interval.py "$2"
  check_status 2 "$1: train file to fig5" fig5_perturbation.py "$2"
}
test_basins() {
  local tag=$1
  shift
  check_png "basins_$tag" basins.py "$@"
  check_log "basins_$tag" "$#" " [0-9]+ +[0-9]+ +[01]\.[0-9]{3} +[01]\.[0-9]{3} +[01]\.[0-9]{3} "
  check_status 2 "$tag: missing file among the basins files" basins.py "$@" "$dir/does_not_exist.h5"
}
test_solutions() {
  check_png "solutions_$1" solutions.py "$2"
  check_log "solutions_$1" 1 "^  F0 "
  check_png "solutions_${1}_one" solutions.py "$2" --max-families 1
  check_status 2 "$1: --max-families 0" solutions.py "$2" --max-families 0
  check_status 2 "$1: solutions file to basins" basins.py "$2"
  check_status 2 "$1: solutions file to gamma_vs_nh" gamma_vs_nh.py "$2"
}

if [[ $synthetic -eq 1 ]]; then
  s=$dir/sample
  test_lr_scan synth "${s}_lr_scan.h5"
  check_png lr_interval_two lr_interval.py "${s}_lr_scan.h5" "${s}_lr_scan_open.h5"
  check_log lr_interval_two 1 "^  upper +not bracketed"
  check_status 2 "lr-scan and perturb file to lr_interval" lr_interval.py "${s}_lr_scan.h5" "${s}_perturb.h5"
  test_perturb synth "${s}_perturb.h5"
  check_log fig5_synth 1 "^  w1_11 .* 2\.25 \(last on 2\) +< 2\.2 "
  check_log fig5_synth 1 "^  w2_11 .*open \(<= -10\).* 1\.75 \(last on 1\.5\) +< 1\.6 "
  check_png fig5_subset fig5_perturbation.py "${s}_perturb.h5" --params w1_11 b2_1
  check_png fig5_partial fig5_perturbation.py "${s}_perturb_partial.h5"
  check_log fig5_partial 1 "no /perturb/summary group"
  test_gamma synth "${s}_gamma.h5"
  check_log gamma_vs_nh_synth 7 "^  (2|3|4|6|8|12|18) "
  check_png gamma_vs_nh_two gamma_vs_nh.py "${s}_gamma.h5" "$train"
  check_status 2 "train file without summaries to gamma_vs_nh" gamma_vs_nh.py "${s}_train_nosummary.h5"
  test_basins synth "${s}_basins_gd.h5" "${s}_basins_adam.h5" "${s}_basins_zero-t-mc.h5"
  check_log basins_synth 1 "zero-t-mc +0\.3 +full batch, init symmetric x 2 "
  test_solutions synth "${s}_solutions.h5"
  check_log solutions_synth 1 "^  F0 .*#1 #5$"
  check_log solutions_synth 1 "^  F1 .*#2 #3 #4$"
  check_png solutions_nh3 solutions.py "${s}_solutions_nh3.h5" --max-families 8
  check_log solutions_nh3 1 "^  F24 "
fi
[[ -n ${LRSCAN_FILE:-} ]] && test_lr_scan real "$LRSCAN_FILE"
[[ -n ${PERTURB_FILE:-} ]] && test_perturb real "$PERTURB_FILE"
[[ -n ${GAMMA_FILE:-} ]] && test_gamma real "$GAMMA_FILE"
# shellcheck disable=SC2086  # BASINS_FILES is a space-separated list
[[ -n ${BASINS_FILES:-} ]] && test_basins real $BASINS_FILES
[[ -n ${SOLUTIONS_FILE:-} ]] && test_solutions real "$SOLUTIONS_FILE"

# --- density of loss and microcanonical entropy (issue #5) ---------------------------------
# test_dos TAG FILE, test_box_scan TAG FILES...: what holds for any file of that kind.
test_dos() {
  check_png "fig8_$1" fig8_entropy.py "$2" --pdf
  [[ -s $dir/fig8_$1.pdf ]] && pass || fail "fig8_$1: --pdf wrote no $dir/fig8_$1.pdf"
  check_log "fig8_$1" 1 "^  n_h +shift +L\(max S\) "
  check_log "fig8_$1" 1 "^  [0-9]+ +[+-][0-9]+\.[0-9]{2} +[0-9.]+ .* [0-9]+/[0-9]+/[0-9]+ "
  check_png "fig8_${1}_log" fig8_entropy.py "$2" --log-x --per-unit-loss --spacing 0
  check_status 2 "$1: absent n_h" fig8_entropy.py "$2" --nh 999
  check_status 2 "$1: negative spacing" fig8_entropy.py "$2" --spacing -1
  check_status 2 "$1: dos file to lr_interval" lr_interval.py "$2"
  check_status 2 "$1: dos file to fig2" fig2_loss.py "$2"
}
test_box_scan() {
  local tag=$1
  shift
  check_png "dos_box_scan_$tag" dos_box_scan.py "$@"
  check_log "dos_box_scan_$tag" "$#" "^  [0-9.e+]+ +(simple|wang-landau|multicanonical) +[0-9]+ +([0-9.e-]+-[0-9.e-]+|-) "
  check_log "dos_box_scan_$tag" "$#" "^  [0-9.e+]+ +(simple|wang-landau|multicanonical) +[0-9]+ +.* +(all five|missing [a-z0-9. ]+)$"
  check_png "dos_box_scan_${tag}_log" dos_box_scan.py "$@" --log-x --per-unit-loss --nh "$(
    "$py" -c 'import sys, h5py; print(min(int(k[3:]) for k in h5py.File(sys.argv[1], "r")["dos"] if k.startswith("nh_")))' "$1")"
  check_status 2 "$tag: missing file among the box files" dos_box_scan.py "$@" "$dir/does_not_exist.h5"
  check_status 2 "$tag: --tolerance 0" dos_box_scan.py "$@" --tolerance 0
  check_status 2 "$tag: absent n_h" dos_box_scan.py "$@" --nh 999
}

if [[ $synthetic -eq 1 ]]; then
  s=$dir/sample
  test_dos synth "${s}_dos.h5"
  check_log fig8_synth 6 "^  (1|2|3|4|6|18) +[+-][0-9]"
  check_log fig8_synth 1 "^  18 .* 0\.(49|50)[0-9]{2} "
  check_png fig8_two fig8_entropy.py "${s}_dos.h5" "${s}_dos_simple.h5" --nh 2 3
  check_log fig8_two 1 "^sample_dos_simple\.h5: simple, box \[-10, 10\]\^d, 4 runs"
  check_log fig8_two 2 "^  2 +[+-]"
  check_png fig8_micro fig8_entropy.py "${s}_dos_micro.h5" --all-transitions
  check_log fig8_micro 2 "^  n_h = [23]: [0-9]+ convex intervals, [0-9]+ transitions stored"
  check_log fig8_micro 2 "^  [23] .* 0\.[45][0-9]{3} \+- 0\.0040 "
  check_png fig8_micro_flat fig8_entropy.py "${s}_dos_micro_flat.h5" --log-x
  check_log fig8_micro_flat 1 "^  n_h = 2: [1-9][0-9]* convex intervals, [1-9][0-9]* transitions"
  check_png fig8_partial fig8_entropy.py "${s}_dos_partial.h5"
  check_log fig8_partial 1 "no /dos/nh_3/summary group"
  check_log fig8_partial 1 "not every task is done"
  check_png fig8_gaussian fig8_entropy.py "${s}_dos_gaussian.h5" --log-x
  check_status 2 "interrupted n_h only" fig8_entropy.py "${s}_dos_partial.h5" --nh 3
  check_status 2 "lr-scan file to fig8" fig8_entropy.py "${s}_lr_scan.h5"
  box=()
  for b in 2 5 10 20 50 100; do box+=("${s}_dos_box_$b.h5"); done
  test_box_scan synth "${box[@]}"
  check_log dos_box_scan_synth 3 "^  2 +multicanonical +[123] +(none|0\.5) +missing 0 0\.25 .*0\.75 1$"
  check_log dos_box_scan_synth 3 "^  10 +simple +[123] "
  check_png dos_box_scan_density dos_box_scan.py "${box[@]}" --per-unit-loss --nh 2 3
  check_log dos_box_scan_density 2 "^  (50|100) +multicanonical +2 +0 0\.25 0\.5 0\.75 +missing 1$"
  check_log dos_box_scan_density 1 "^  10 +simple +2 +0\.25 0\.5 0\.75 +missing 0 1$"
  check_status 2 "gaussian file to the box scan" dos_box_scan.py "${box[@]}" "${s}_dos_gaussian.h5"
  check_status 2 "train file to the box scan" dos_box_scan.py "$train"
  check_status 2 "--min-se -1" dos_box_scan.py "${box[@]}" --min-se -1
fi
[[ -n ${DOS_FILE:-} ]] && test_dos real "$DOS_FILE"
# shellcheck disable=SC2086  # DOS_BOX_SCAN_FILES is a space-separated list
[[ -n ${DOS_BOX_SCAN_FILES:-} ]] && test_box_scan real $DOS_BOX_SCAN_FILES

printf 'not an HDF5 file\n' >"$dir/not_hdf5.h5"
landscape_scripts=()
[[ -n $lfull ]] && landscape_scripts=(fig6_cross_sections.py fig7_random_batches.py)
for script in fig2_loss.py fig3_parameters.py fig4_activations.py table2.py "${landscape_scripts[@]}" \
    fig5_perturbation.py lr_interval.py gamma_vs_nh.py basins.py solutions.py fig8_entropy.py \
    dos_box_scan.py; do
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
