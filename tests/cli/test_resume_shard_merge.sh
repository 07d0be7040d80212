#!/usr/bin/env bash
# Interrupt and resume, shards and merge: each must end with the datasets of one uninterrupted
# run, bit for bit. Usage: test_resume_shard_merge.sh XORSCAPE PYTHON
X="$1" PY="$2"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/harness.sh"

# Four groups (n_h = 4, 3, 2, 1), one trajectory each: four work units that run one after the
# other on one thread. The run is interrupted as soon as the first unit is in the file.
run=(train --network.n_h 1,2,3,4 --train.learning_rate 0.5 --train.epochs 4000000 --quiet)
check "uninterrupted reference run" "$X" "${run[@]}" --threads 2 --out reference.h5

"$X" "${run[@]}" --threads 1 --out resumed.h5 2>interrupt.txt &
interrupt_when_done "$PY" resumed.h5.partial train/task_done 1 $!
check "an interrupted run exits 130 and says how to continue" bash -c "[ $rc -eq 130 ] && grep -q -- '--resume' interrupt.txt"
check "an interrupted run leaves no file that looks complete" bash -c "[ ! -e resumed.h5 ] && [ -e resumed.h5.partial ]"
check "the partial file is readable and records its done tasks" "$PY" -c "
import h5py; d = h5py.File('resumed.h5.partial')['train/task_done'][()]; print('done before resume:', d); assert 1 <= d.sum() < 4"
check "a second start without --resume refuses to overwrite the partial file" bash -c "! '$X' ${run[*]} --out resumed.h5 2>err.txt; grep -q -- '--resume' err.txt"
check "resume refuses a different configuration" bash -c "! '$X' ${run[*]/0.5/0.4} --resume --out resumed.h5 2>err.txt; grep -q 'different configuration' err.txt"
check "resume completes the run" "$X" "${run[@]}" --threads 2 --resume --out resumed.h5
check "resumed equals uninterrupted" "$PY" "$here/compare_h5.py" reference.h5 resumed.h5

small=(train --network.n_h 2,3 --train.learning_rate 0.05,0.1,0.5 --train.replicas 3 --train.epochs 30000 --quiet)
check "unsharded run" "$X" "${small[@]}" --out whole.h5
check "shard 0/3" "$X" "${small[@]}" --shard 0/3 --out s0.h5
check "shard 1/3" "$X" "${small[@]}" --shard 1/3 --threads 1 --out s1.h5
check "shard 2/3" "$X" "${small[@]}" --shard 2/3 --out s2.h5
check "merge refuses an incomplete set" bash -c "! '$X' merge --inputs s0.h5,s1.h5 --out bad.h5 2>err.txt && grep -q 'in none of the inputs' err.txt && [ ! -e bad.h5 ]"
check "merge refuses overlapping inputs" bash -c "! '$X' merge --inputs s0.h5,s0.h5,s1.h5,s2.h5 --out bad.h5 2>err.txt && grep -q 'more than one input' err.txt"
check "merge refuses files of another configuration" bash -c "! '$X' merge --inputs s0.h5,reference.h5 --out bad.h5 2>err.txt && grep -q 'different configuration' err.txt"
check "merge of the three shards" "$X" merge --inputs s2.h5,s0.h5,s1.h5 --out merged.h5
check "merged equals unsharded" "$PY" "$here/compare_h5.py" whole.h5 merged.h5

finish
