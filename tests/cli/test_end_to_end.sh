#!/usr/bin/env bash
# The program end to end: help and version, a small train run of every optimizer checked
# for content, bitwise identical datasets with 1 and 2 threads, evaluate with HDF5 output,
# the shipped quick configs parse. Usage: test_end_to_end.sh XORSCAPE PYTHON SOURCE_DIR
X="$1" PY="$2" SRC="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/harness.sh"

check "--version names the commit" bash -c "'$X' --version | grep -q 'xorscape .* (git '"
check "--help lists the commands" bash -c "'$X' --help | grep -q 'evaluate' && '$X' --help | grep -q 'merge'"
for cmd in train evaluate landscape lr-scan perturb solutions dos merge; do
  check "$cmd --help lists option groups" bash -c "'$X' $cmd --help | grep -q 'run control' && '$X' $cmd --help | grep -q -- '--out'"
done
check "docs/cli.md is the current --help (regenerate: scripts/gen_cli_docs.sh > docs/cli.md)" bash -c "bash '$SRC/scripts/gen_cli_docs.sh' '$X' | diff - '$SRC/docs/cli.md'"
check "train --help shows defaults and ranges" bash -c "'$X' train --help | grep -q 'learning_rate arg (=0.1)' && '$X' train --help | grep -q '(0, 1e6\]'"

common=(train --network.n_h 2,3 --train.learning_rate 0.1,2 --train.replicas 2 --train.epochs 20000 --quiet)
for opt in gd adam zero-t-mc; do
  check "$opt with 1 thread" "$X" "${common[@]}" --train.optimizer "$opt" --threads 1 --out "$opt-1.h5"
  check "$opt with 2 threads" "$X" "${common[@]}" --train.optimizer "$opt" --threads 2 --out "$opt-2.h5"
  check "$opt: 1 and 2 threads give identical datasets" "$PY" "$here/compare_h5.py" "$opt-1.h5" "$opt-2.h5"
  check "$opt: file content" "$PY" "$here/check_train_file.py" "$opt-1.h5" 2,3 2 2 20000 0.005
done
check "OMP_NUM_THREADS=1 run" env OMP_NUM_THREADS=1 "$X" "${common[@]}" --out env-1.h5
check "OMP_NUM_THREADS=2 run" env OMP_NUM_THREADS=2 "$X" "${common[@]}" --out env-2.h5
check "OMP_NUM_THREADS=1 and 2 give identical datasets" "$PY" "$here/compare_h5.py" env-1.h5 env-2.h5
check "the threads attribute records the thread count" "$PY" -c "
import h5py; assert h5py.File('env-2.h5').attrs['threads'] == 2 and h5py.File('env-1.h5').attrs['threads'] == 1"
check "the stored config attribute re-runs to identical datasets" bash -c "
'$PY' -c \"import h5py; open('rerun.ini', 'w').write(h5py.File('gd-1.h5').attrs['config'])\" &&
'$X' train --config rerun.ini --out rerun.h5 --overwrite --quiet && '$PY' '$here/compare_h5.py' gd-1.h5 rerun.h5"
check "full batch, tanh, bce runs" "$X" train --network.activation tanh --network.loss bce --train.batch full --train.epochs 5000 --quiet --out tanh.h5
check "given init from Table II row 1 with a shift" "$X" train --init.scheme given --init.vector table2:1 --init.shift 0,0,0,0,0,0,1.5,0,0 --train.epochs 1000 --train.batch full --quiet --out given.h5
check "given init starts at row 1 + shift" "$PY" -c "
import h5py, numpy as np
p = h5py.File('given.h5')['train/nh_2/params'][0, 0, 0]
assert np.allclose(p, [-6.05, -6.05, -4.23, -4.24, 2.36, 6.29, -8.68 + 1.5, 8.46, -3.94]), p"
check "a different seed gives different trajectories" bash -c "'$X' ${common[*]} --run.seed 2 --out seed2.h5 && ! '$PY' '$here/compare_h5.py' gd-1.h5 seed2.h5"

check "evaluate table2 to HDF5" "$X" evaluate --input.preset table2 --input.layout both --out table2.h5
check "evaluate file content" "$PY" -c "
import h5py, numpy as np
f = h5py.File('table2.h5')
e = f['evaluate']
assert e['params'].shape == (10, 9) and list(e['label'].asstr()[:2]) == ['table2#1 (paper)', 'table2#1 (transposed)']
m = e['misclassified'][()]
assert list(m[0::2]) == [0, 0, 1, 2, 0] and list(m[1::2]) == [0, 0, 0, 0, 0], m
assert e['loss'][0] < 0.005 and abs(e['loss'][4] - 0.25) < 0.001
assert f.attrs['subcommand'] == 'evaluate' and 'config' in f.attrs"
check "evaluate reads vectors from a train file" "$X" evaluate --input.h5 gd-1.h5:/train/nh_2/final_params
check "evaluate reads a vector file" bash -c "printf '# row 1\n-6.05 -6.05 -4.23 -4.24 2.36 6.29 -8.68 8.46 -3.94\n' > v.txt && '$X' evaluate --input.file v.txt | grep -q '1.3058e-03'"
check "stderr is one progress line per 10 s, not a flood" bash -c "'$X' train --train.epochs 20000 --out p.h5 2>err.txt >/dev/null; [ \$(wc -l < err.txt) -le 3 ]"
check "no .partial is left after a complete run" bash -c "! ls *.partial 2>/dev/null | grep -q ."
for ini in "$SRC"/experiments/*/quick.ini "$SRC"/experiments/*/paper.ini; do
  if grep -q '^\[input\]' "$ini"; then run=(evaluate)
  elif grep -q '^\[landscape\]' "$ini"; then run=(landscape --grid.points 5 --paths.epochs 10 --quiet)
  elif grep -q '^\[scan\]' "$ini"; then run=(lr-scan --scan.epochs 10 --scan.replicas 1 --quiet)
  elif grep -q '^\[perturb\]' "$ini"; then run=(perturb --perturb.epochs 10 --perturb.runs 1 --quiet)
  elif grep -q '^\[dos\]' "$ini"; then run=(dos --network.n_h 1 --dos.runs 1 --dos.samples 10 --wl.ln_f_final 1e-2 --wl.production_steps 10 --quiet)
  else run=(train --train.epochs 10 --quiet); fi
  check "$ini is accepted" "$X" "${run[@]}" --config "$ini" --out ini-check.h5 --overwrite
done

finish
