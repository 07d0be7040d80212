#!/usr/bin/env bash
# `xorscape solutions` end to end: two small train runs (zero-T MC and gd), the atlas of both,
# checked against the train files: every converged run counted once, canonical vectors with
# w2 >= 0 and the loss of the original, and the same families whatever the order of the files.
# Usage: test_solutions.sh XORSCAPE PYTHON
X="$1" PY="$2"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/harness.sh"

common=(--train.batch full --train.replicas 32 --train.epochs 20000 --network.n_h 2
        --init.scheme symmetric --init.scale 3 --quiet)
check "zero-T MC runs" "$X" train --train.optimizer zero-t-mc --train.learning_rate 0.3 "${common[@]}" --out mc.h5
check "gd runs" "$X" train --train.optimizer gd --train.learning_rate 1 "${common[@]}" --out gd.h5
check "atlas of mc.h5, gd.h5" "$X" solutions --input.files mc.h5,gd.h5 --out ab.h5
check "atlas of gd.h5, mc.h5" "$X" solutions --input.files gd.h5,mc.h5 --out ba.h5
check "without --out: the table, and no file" bash -c "mkdir alone && cd alone &&
  '$X' solutions --input.files ../mc.h5 > table.txt && cat table.txt &&
  grep -q 'families' table.txt && grep -q '#5  loss' table.txt && [ \"\$(ls)\" = table.txt ]"
check "atlas content" "$PY" -c "
import h5py, numpy as np
def sig(z): return 1 / (1 + np.exp(-z))
def loss(v, nh=2):  # the reference forward pass, in NumPy
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float); y = np.array([0, 1, 1, 0], float)
    w1 = v[:2 * nh].reshape(nh, 2); b1 = v[2 * nh:3 * nh]; w2 = v[3 * nh:4 * nh]; b2 = v[4 * nh]
    return np.mean((sig(sig(x @ w1.T + b1) @ w2 + b2) - y) ** 2)
f = h5py.File('ab.h5'); g = f['solutions']
assert f.attrs['subcommand'] == 'solutions'
for name, ds in g.items():
    assert ds.attrs['description'] and ds.attrs['axes'], name
files = [s.decode() if isinstance(s, bytes) else s for s in g['input_files'][()]]
assert files == ['mc.h5', 'gd.h5'] and list(g['optimizer'].asstr()[()]) == ['zero-t-mc', 'gd']
converged = []
for name in files:
    t = h5py.File(name)['train/nh_2']
    l = t['final_loss_full'][()].ravel()
    converged.append(int((np.isfinite(l) & (l < 0.005)).sum()))
N = len(g['family'][()])
print('converged per file', converged, 'families', list(g['family_key'].asstr()[()]), list(g['family_count'][()]))
assert sum(converged) == N == g['family_count'][()].sum() > 0
assert list(g['family_count_by_file'][()].sum(axis=0)) == converged
assert g.attrs['runs_read'] == 64
for m, c in enumerate(g['family_count'][()]):
    assert (g['family'][()] == m).sum() == c
c = g['canonical_params'][()]
assert c.shape == (N, 9) and (c[:, 6:8] >= 0).all()
for k in range(N):  # canonical vectors keep the loss of the run's end point
    assert abs(loss(c[k]) - g['loss'][k]) <= 1e-9 * g['loss'][k] + 1e-15, (k, loss(c[k]), g['loss'][k])
    src = g['source_file'][k]
    t = h5py.File(files[src])['train/nh_2']
    assert t['final_loss_full'][g['source_step'][k], g['source_replica'][k]] == g['loss'][k]
keys = list(g['family_key'].asstr()[()])
t2 = g['table2_family'][()]
assert (g['table2_loss'][()] < 0.005).all()
for row, key in [(0, '0111+1110'), (1, '0010+0100'), (2, '0010+0100'), (3, '0010+0100'), (4, '0111+1110')]:
    assert t2[row] == (keys.index(key) if key in keys else -1), (row, t2)
h = h5py.File('ba.h5')['solutions']
assert list(h['family_key'].asstr()[()]) == keys
assert (h['family_count'][()] == g['family_count'][()]).all()
assert (h['family_count_by_file'][()] == g['family_count_by_file'][()][:, ::-1]).all()
assert (h['representative'][()] == g['representative'][()]).all()
assert (h['median_distance'][()] == g['median_distance'][()]).all()
assert (h['table2_family'][()] == t2).all()"

finish
