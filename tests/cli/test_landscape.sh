#!/usr/bin/env bash
# `xorscape landscape` end to end: the quick configs, file content, the center from other
# sources, bitwise identical files for 1 and 2 threads (random batches included), interrupt +
# --resume and shards + merge equal to one uninterrupted run.
# Usage: test_landscape.sh XORSCAPE PYTHON SOURCE_DIR
X="$1" PY="$2" SRC="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/harness.sh"

check "fig6 quick config" "$X" landscape --config "$SRC/experiments/fig6_cross_sections/quick.ini" \
  --grid.points 61 --paths.epochs 300000 --quiet --out fig6.h5
check "fig6 file content" "$PY" -c "
import h5py, numpy as np
f = h5py.File('fig6.h5'); g = f['landscape']
assert f.attrs['subcommand'] == 'landscape' and 'config' in f.attrs
assert len(g['pair_names']) == 36 and g['task_done'][()].all()
p = g['pairs/b1_1__b2_1']
assert p['loss'].shape == (61, 61) and p['misclassified'].shape == (61, 61)
assert np.isfinite(p['loss'][()]).all() and p['misclassified'][()].max() <= 4
assert abs(p['loss'][30, 30] - 1.3058333641606e-3) < 1e-12, p['loss'][30, 30]  # the center, Table II #1
s = g['summary']
assert s['min_loss'].shape == (36,) and (s['level_area_fraction'][()] <= 1).all()
paths = g['paths']
assert paths['n_points'][()].min() > 2 and np.isfinite(paths['final_loss'][()]).all()
print('paths reached the well:', paths['reached_well'][()])"

rnd=(landscape --pairs.list b1_1:b2_1,w1_22:b1_1 --grid.points 37 --grid.rows_per_task 5
     --landscape.batch random --landscape.scans 16 --paths.start "b1_1:w1_22=10,-5"
     --paths.epochs 20000 --quiet)
check "random batch, 1 thread" "$X" "${rnd[@]}" --threads 1 --out r1.h5
check "random batch, 2 threads" "$X" "${rnd[@]}" --threads 2 --out r2.h5
check "1 and 2 threads give bitwise identical datasets" "$PY" "$here/compare_h5.py" r1.h5 r2.h5
check "random-batch content" "$PY" -c "
import h5py, numpy as np
g = h5py.File('r1.h5')['landscape']
p = g['pairs/b1_1__b2_1']
d = p['loss_scan'][()] - p['loss'][()]
assert np.abs(d).max() > 0.05                       # one scan is noisy ...
e = g['summary/mean_error_rms'][()]
assert list(g['scan_checkpoints'][()]) == [1, 2, 4, 8, 16] and e[0, -1] < e[0, 0]  # ... the mean less so
assert (p['loss_std'][()] >= 0).all()"

check "center from a train file" bash -c "'$X' train --train.epochs 1000 --quiet --out t.h5 &&
  '$X' landscape --center.from t.h5:/train/nh_2/final_params --pairs.list w2_11:b2_1 --grid.points 5 --quiet --out c.h5"
check "center from a text file" bash -c "printf '# row 1\n-6.11 -6.11 -4.68 -4.68 2.37 7.17 -9.56 9.45 -4.43\n' > v.txt &&
  '$X' landscape --center.from v.txt --pairs.list w2_11:b2_1 --grid.points 5 --quiet --out v.h5 --overwrite"

# Interrupt and resume: one thread, many small tasks; SIGINT once some are in the file.
big=(landscape --pairs.list b1_1:b2_1,w1_11:w2_11,w1_22:b1_1 --grid.points 1001 --grid.rows_per_task 8
     --landscape.batch random --landscape.scans 40 --quiet)
check "uninterrupted reference run" "$X" "${big[@]}" --threads 2 --out reference.h5
"$X" "${big[@]}" --threads 1 --out resumed.h5 2>interrupt.txt &
interrupt_when_done "$PY" resumed.h5.partial landscape/task_done 3 $!
check "an interrupted run exits 130, leaves only a partial file" bash -c "[ $rc -eq 130 ] && grep -q -- '--resume' interrupt.txt && [ ! -e resumed.h5 ]"
check "the partial file holds some but not all tasks" "$PY" -c "
import h5py; d = h5py.File('resumed.h5.partial')['landscape/task_done'][()]; print('done:', d.sum(), 'of', d.size); assert 1 <= d.sum() < d.size"
check "resume completes the run" "$X" "${big[@]}" --threads 2 --resume --out resumed.h5
check "resumed equals uninterrupted" "$PY" "$here/compare_h5.py" reference.h5 resumed.h5

small=(landscape --pairs.list b1_1:b2_1,w2_12:b1_2 --grid.points 41 --grid.rows_per_task 6
       --landscape.batch random --landscape.scans 4 --paths.start "w2_12:b1_2=12.5,-12.5"
       --paths.epochs 30000 --quiet)
check "unsharded" "$X" "${small[@]}" --out whole.h5
check "shard 0/2" "$X" "${small[@]}" --shard 0/2 --out s0.h5
check "shard 1/2" "$X" "${small[@]}" --shard 1/2 --out s1.h5
check "merge of the shards" "$X" merge --inputs s1.h5,s0.h5 --out merged.h5
check "merged equals unsharded, per-pair summaries included" "$PY" "$here/compare_h5.py" whole.h5 merged.h5

finish
