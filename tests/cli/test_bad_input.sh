#!/usr/bin/env bash
# Every bad input: exit status 2, exactly one line on stderr naming the problem, no file written,
# an existing file untouched. Usage: test_bad_input.sh XORSCAPE
X="$1"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/harness.sh"

# expect_bad "NEEDLE" args...: exit 2, one stderr line containing NEEDLE, no out.h5*, no file.
expect_bad() {
  local needle="$1"; shift
  rm -f out.h5 out.h5.partial
  "$X" "$@" --out out.h5 >stdout.txt 2>stderr.txt
  local rc=$? lines
  lines=$(wc -l < stderr.txt)
  if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$needle" stderr.txt && [ ! -e out.h5 ] && [ ! -e out.h5.partial ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: xorscape $* -> rc=$rc, $lines stderr lines (wanted '$needle'):"; cat stderr.txt
  fi
}

T=(train --train.epochs 10 --quiet)
expect_bad "unrecognised option '--bogus'" "${T[@]}" --bogus 1
expect_bad "--network.n_h=0" "${T[@]}" --network.n_h 0
expect_bad "--network.n_h=2,0" "${T[@]}" --network.n_h 2,0
expect_bad "--train.learning_rate=-1" "${T[@]}" --train.learning_rate -1
expect_bad "--train.learning_rate=0" "${T[@]}" --train.learning_rate 0
expect_bad "'nan' is not accepted" "${T[@]}" --train.learning_rate nan
expect_bad "'inf' is not accepted" "${T[@]}" --train.learning_rate 0.1,inf
expect_bad "--train.epochs=0" train --train.epochs 0
expect_bad "--train.epochs=-5" train --train.epochs -5
expect_bad "--train.epochs=1.5" train --train.epochs 1.5
expect_bad "--train.replicas=0" "${T[@]}" --train.replicas 0
expect_bad "--run.seed=-1" "${T[@]}" --run.seed -1
expect_bad "--network.gate=xand" "${T[@]}" --network.gate xand
expect_bad "--network.activation=softmax" "${T[@]}" --network.activation softmax
expect_bad "--network.loss=l1" "${T[@]}" --network.loss l1
expect_bad "--train.optimizer=sgd" "${T[@]}" --train.optimizer sgd
expect_bad "--train.batch=mini" "${T[@]}" --train.batch mini
expect_bad "--train.threshold=0" "${T[@]}" --train.threshold 0
expect_bad "--adam.beta1=1" "${T[@]}" --train.optimizer adam --adam.beta1 1
expect_bad "--mc.moves=some" "${T[@]}" --mc.moves some
expect_bad "--init.vector=1,2,3" "${T[@]}" --init.scheme given --init.vector 1,2,3
expect_bad "--init.vector=table2:9" "${T[@]}" --init.scheme given --init.vector table2:9
expect_bad "'x' is not a finite number" "${T[@]}" --init.scheme given --init.vector 1,2,x,4,5,6,7,8,9
expect_bad "--shard=2/2" "${T[@]}" --shard 2/2
expect_bad "--threads=-1" "${T[@]}" --threads -1
expect_bad "unrecognised option '--threads'" evaluate --input.preset table2 --threads 2
expect_bad "--config=missing.ini: cannot open" "${T[@]}" --config missing.ini
printf '[train]\nepochs = 10\nspeed = 3\n' > unknown.ini
expect_bad "train.speed" "${T[@]}" --config unknown.ini
printf '[train]\nepochs = ten\n' > badvalue.ini
expect_bad "--train.epochs=ten" train --config badvalue.ini
expect_bad "no '" "${T[@]}" --resume
expect_bad "has 3 numbers; n_h = 2 needs 9" evaluate --input.params 1,2,3
expect_bad "'y' is not a finite number" evaluate --input.params 1,2,3,4,5,6,7,8,y
expect_bad "--input.file=missing.txt: cannot open" evaluate --input.file missing.txt
expect_bad "--input.h5=missing.h5:/x: cannot read" evaluate --input.h5 missing.h5:/x
expect_bad "--input.preset=table3" evaluate --input.preset table3
expect_bad "no vectors" evaluate
expect_bad "--input.layout=diagonal" evaluate --input.preset table2 --input.layout diagonal
expect_bad "--inputs=a.h5" merge --inputs a.h5

# solutions: the inputs must be train files of one network holding the n_h group asked for.
"$X" train --train.epochs 10 --quiet --out t.h5 >/dev/null 2>&1
"$X" train --train.epochs 10 --network.activation tanh --quiet --out tanh.h5 >/dev/null 2>&1
"$X" evaluate --input.preset table2 --out e.h5 >/dev/null 2>&1
echo "not hdf5" > text.h5
S=(solutions --quiet)
expect_bad "--input.files=: give one or more train files" "${S[@]}"
expect_bad "'missing.h5': no such file" "${S[@]}" --input.files missing.h5
expect_bad "'text.h5': cannot open as an HDF5 file" "${S[@]}" --input.files text.h5
expect_bad "'e.h5': not a train file" "${S[@]}" --input.files t.h5,e.h5
expect_bad "--input.n_h=3: 't.h5' has no group /train/nh_3" "${S[@]}" --input.files t.h5 --input.n_h 3
expect_bad "--input.n_h=0" "${S[@]}" --input.files t.h5 --input.n_h 0
expect_bad "all files must share the network" "${S[@]}" --input.files t.h5,tanh.h5
expect_bad "'./t.h5' is given twice" "${S[@]}" --input.files t.h5,./t.h5
expect_bad "--solutions.threshold=0" "${S[@]}" --input.files t.h5 --solutions.threshold 0
expect_bad "--solutions.threshold=0.005: none of the 1 runs" "${S[@]}" --input.files t.h5

# An output path in a directory that does not exist.
rm -f stderr.txt
"$X" "${T[@]}" --out no/such/dir/out.h5 2>stderr.txt
rc=$?
if [ $rc -eq 2 ] && grep -q "does not exist" stderr.txt && [ ! -e no ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: missing directory -> rc=$rc"; cat stderr.txt; fi

L=(landscape --quiet)
expect_bad "--pairs.list=w1_11:bogus: unknown parameter 'bogus'" "${L[@]}" --pairs.list w1_11:bogus
expect_bad "names b1_1 twice" "${L[@]}" --pairs.list b1_1:b1_1
expect_bad "is listed twice" "${L[@]}" --pairs.list b1_1:b2_1,b2_1:b1_1
expect_bad "is not a pair x:y" "${L[@]}" --pairs.list b1_1
expect_bad "--grid.points=1" "${L[@]}" --grid.points 1
expect_bad "must be greater than grid.lo" "${L[@]}" --grid.lo 5 --grid.hi 5
expect_bad "must be greater than grid.lo" "${L[@]}" --grid.lo 5 --grid.hi -5
expect_bad "need finite LO < HI" "${L[@]}" --grid.ranges b1_1=3:-3
expect_bad "POINTS must be an integer in [2, 10001]" "${L[@]}" --grid.ranges b1_1=-3:3:1
expect_bad "unknown parameter 'zz'" "${L[@]}" --grid.ranges zz=-3:3
expect_bad "--landscape.scans=0" "${L[@]}" --landscape.batch random --landscape.scans 0
expect_bad "--landscape.batch=mini" "${L[@]}" --landscape.batch mini
expect_bad "lies outside the grid" "${L[@]}" --paths.start "b1_1:b2_1=-20,0"
expect_bad "a start point has 2 shifts, not 3" "${L[@]}" --paths.start "b1_1:b2_1=1,2,3"
expect_bad "is not one of the cross-sections" "${L[@]}" --pairs.list w1_11:w1_12 --paths.start "b1_1:b2_1=1,2"
expect_bad "give one value or one per path" "${L[@]}" --paths.start "b1_1:b2_1=1,2" --paths.learning_rate 0.1,0.2
expect_bad "--center.vector=1,2,3: has 3 numbers; n_h = 2 needs 9" "${L[@]}" --center.vector 1,2,3
expect_bad "--center.vector=table2:9" "${L[@]}" --center.vector table2:9
expect_bad "--center.from" "${L[@]}" --center.from /nonexistent.h5:/x
expect_bad "--paths.stop_loss=0" "${L[@]}" --paths.stop_loss 0

# An existing output is not overwritten without --overwrite, and is left as it was.
echo "precious" > out.h5
"$X" "${T[@]}" --out out.h5 2>stderr.txt
rc=$?
if [ $rc -eq 2 ] && grep -q "use --overwrite" stderr.txt && [ "$(cat out.h5)" = precious ] && [ ! -e out.h5.partial ]; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: existing output -> rc=$rc"; cat stderr.txt; fi
rm -f out.h5

# An unknown subcommand.
"$X" frobnicate 2>stderr.txt
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l < stderr.txt)" -eq 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: unknown command rc=$rc"; fi

LR=(lr-scan --scan.epochs 10 --quiet)
expect_bad "--scan.eta_min=0" "${LR[@]}" --scan.eta_min 0
expect_bad "--scan.eta_max" "${LR[@]}" --scan.eta_min 1 --scan.eta_max 0.5
expect_bad "--scan.replicas=0" "${LR[@]}" --scan.replicas 0
expect_bad "--scan.epochs=0" lr-scan --quiet --scan.epochs 0
expect_bad "--scan.converge_fraction=0" "${LR[@]}" --scan.converge_fraction 0
expect_bad "--scan.converge_fraction=1.5" "${LR[@]}" --scan.converge_fraction 1.5
expect_bad "--scan.precision=0" "${LR[@]}" --scan.precision 0
expect_bad "--scan.points_per_decade=0" "${LR[@]}" --scan.points_per_decade 0
expect_bad "--init.scheme=gauss" "${LR[@]}" --init.scheme gauss
expect_bad "unrecognised option '--shard'" "${LR[@]}" --shard 0/2
P=(perturb --perturb.epochs 10 --perturb.runs 2 --quiet)
expect_bad "--perturb.parameters" "${P[@]}" --perturb.parameters w1_11,w9_99
expect_bad "'w1_11' is listed twice" "${P[@]}" --perturb.parameters w1_11,w1_11
expect_bad "--perturb.runs=0" perturb --quiet --perturb.runs 0
expect_bad "--perturb.shift_points=0" "${P[@]}" --perturb.shift_points 0
expect_bad "--perturb.shift_hi" "${P[@]}" --perturb.shift_lo 3 --perturb.shift_hi 1
expect_bad "--perturb.learning_rate=0" "${P[@]}" --perturb.learning_rate 0
expect_bad "--perturb.epochs=0" perturb --quiet --perturb.epochs 0
expect_bad "--center.vector" "${P[@]}" --center.vector 1,2,3
expect_bad "--center.vector" "${P[@]}" --network.n_h 3
expect_bad "--plateau.rel_tol=-1" "${P[@]}" --plateau.rel_tol -1
expect_bad "--train.stop=never" train --train.epochs 10 --quiet --train.stop never

D=(dos --network.n_h 1 --dos.runs 1 --wl.tune_steps 10 --wl.production_steps 10 --quiet)
expect_bad "--measure.box=0" "${D[@]}" --measure.box 0
expect_bad "--measure.box=nan" "${D[@]}" --measure.box nan
expect_bad "--measure.kind=sphere" "${D[@]}" --measure.kind sphere
expect_bad "--measure.sigma=-1" "${D[@]}" --measure.kind gaussian --measure.sigma -1
expect_bad "--bins.bins" "${D[@]}" --bins.kind uniform --bins.bins 1
expect_bad "edges must increase" "${D[@]}" --bins.kind edges --bins.edges 0,0.5,0.4
expect_bad "at least 3 edges" "${D[@]}" --bins.kind edges --bins.edges 0,1
expect_bad "--bins.lo=-1" "${D[@]}" --bins.lo -1
expect_bad "--bins.hi" "${D[@]}" --bins.kind uniform --bins.lo 0.5 --bins.hi 0.5
expect_bad "--bins.cut" "${D[@]}" --bins.cut 2
expect_bad "--dos.method=gibbs" "${D[@]}" --dos.method gibbs
expect_bad "--wl.ln_f_final" "${D[@]}" --wl.ln_f_final 2
expect_bad "--wl.ln_f_final=0" "${D[@]}" --wl.ln_f_final 0
expect_bad "--wl.flatness=1" "${D[@]}" --wl.flatness 1
expect_bad "--wl.flatness=0" "${D[@]}" --wl.flatness 0
expect_bad "--dos.samples=0" dos --quiet --dos.method simple --dos.samples 0
expect_bad "--network.n_h=0" dos --quiet --network.n_h 0
expect_bad "--dos.runs=0" dos --quiet --dos.runs 0
expect_bad "--analysis.merge" "${D[@]}" --analysis.merge 3
expect_bad "--analysis.merge=0" "${D[@]}" --analysis.merge 0
expect_bad "--analysis.window" "${D[@]}" --analysis.window 8
expect_bad "--analysis.window=4" "${D[@]}" --analysis.window 4
expect_bad "--analysis.degree=2" "${D[@]}" --analysis.degree 2
expect_bad "--analysis.weight=gauss" "${D[@]}" --analysis.weight gauss
expect_bad "--analysis.z=0" "${D[@]}" --analysis.z 0
expect_bad "--analysis.tolerance_bins=-1" "${D[@]}" --analysis.tolerance_bins -1

finish
