#!/usr/bin/env bash
# `xorscape dos` end to end: n_h = 1 stays in [1/6, 3/4], multicanonical agrees with simple
# sampling within 3 sigma where simple sampling has >= 1e4 counts, 1 and 2 threads give
# bitwise identical files, interrupt + --resume (between tasks, and inside walkers from their
# checkpoints) and shards + merge equal one run.
# Usage: test_dos.sh XORSCAPE PYTHON
X="$1" PY="$2"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/harness.sh"

few=(dos --network.n_h 1,2 --dos.runs 2 --wl.ln_f_final 1e-3 --wl.production_steps 200000 --quiet)
check "multicanonical, 1 thread" "$X" "${few[@]}" --threads 1 --out t1.h5
check "multicanonical, 2 threads" "$X" "${few[@]}" --threads 2 --out t2.h5
check "1 and 2 threads give identical datasets" "$PY" "$here/compare_h5.py" t1.h5 t2.h5
# 6 walkers: the standard error of a mean of R runs has R - 1 degrees of freedom, and with
# R = 4 a 3-sigma band misses ~6 % of bins by chance alone.
check "multicanonical" "$X" dos --network.n_h 1,2 --dos.runs 6 --wl.ln_f_final 1e-5 \
  --wl.production_steps 2000000 --quiet --out m1.h5
check "simple sampling" "$X" dos --network.n_h 1,2 --dos.method simple --dos.runs 4 --dos.samples 2000000 --quiet --out s.h5
check "n_h = 1 never leaves [1/6, 3/4]; multicanonical = simple within 3 sigma (>= 1e4 counts)" "$PY" -c "
import h5py, numpy as np
m = h5py.File('m1.h5')['dos']; s = h5py.File('s.h5')['dos']
assert m['task_done'][()].all() and m.attrs['method'] == 'multicanonical'
for f in (m, s):
    assert f['nh_1/min_loss'][()].min() >= 1/6 - 1e-12 and f['nh_1/max_loss'][()].max() <= 0.75 + 1e-12
for nh in ('nh_1', 'nh_2'):
    a, b = m[nh + '/summary'], s[nh + '/summary']
    ok = s[nh + '/counts'][()].sum(axis=0) >= 1e4
    d = a['ln_g_mean'][()] - b['ln_g_mean'][()]
    z = d / np.hypot(a['ln_g_stderr'][()], b['ln_g_stderr'][()])
    print(nh, 'bins compared', ok.sum(), 'max |z|', np.abs(z[ok]).max(), 'rms diff', np.sqrt(np.mean(d[ok]**2)))
    assert ok.sum() >= 20 and (np.abs(z[ok]) < 3).mean() >= 0.95, z[ok]
    # ln G is normalized to the box's mass in both (all of L lies in the window for n_h = 1)
    assert np.isclose(np.log(np.nansum(np.exp(a['ln_g_mean'][()]))), m[nh].attrs['log_mass'], atol=0.05)"

check "microcanonical analysis stored: ln(G/dL) on merged bins recomputed here, L*, tables" "$PY" -c "
import h5py, numpy as np
f = h5py.File('m1.h5'); e = f['dos/edges'][()]
for nh in ('nh_1', 'nh_2'):
    g = f['dos/' + nh]; mc = g['microcanonical']; m = int(mc.attrs['merge'])
    k = (len(e) - 1) // m
    G = np.exp(g['ln_g'][()][:, :k * m].reshape(g['ln_g'].shape[0], k, m)).sum(axis=2)
    dens = np.log(G / np.diff(e[::m][:k + 1])).mean(axis=0)
    assert np.allclose(mc['ln_density'][()], dens, rtol=0, atol=1e-9, equal_nan=True)
    assert np.allclose(mc['bin_center'][()], 0.5 * (e[::m][:k] + e[::m][1:k + 1]))
    Ls = mc.attrs['L_star']; assert mc.attrs['L_star_found'] == 1 and e[0] < Ls < e[-1], Ls
    S = mc['S'][()]; i = np.nanargmax(S)
    assert abs(mc['bin_center'][i] - Ls) < 3 * (e[-1] - e[0]) / k, (Ls, mc['bin_center'][i])
    t = mc['transitions']; assert len({len(t[c]) for c in t}) == 1
    assert not (t['robust'][()] & ~t['significant'][()].astype(bool)).any()
    c = mc['convex']; assert (c['L_lo'][()] <= c['L_hi'][()]).all()
    assert mc.attrs['barrier_trained'] in ('barrier', 'no barrier', 'undecided')"

long=(dos --network.n_h 2 --dos.runs 4 --wl.ln_f_final 1e-4 --wl.production_steps 1000000 --quiet)
check "reference run" "$X" "${long[@]}" --threads 2 --out ref.h5
"$X" "${long[@]}" --threads 1 --out res.h5 2>/dev/null &
interrupt_when_done "$PY" res.h5.partial dos/task_done 1 $!
check "interrupted: exit 130, only a partial file" bash -c "[ $rc -eq 130 ] && [ ! -e res.h5 ] && [ -e res.h5.partial ]"
check "a different configuration cannot resume it" bash -c "'$X' ${long[*]} --wl.ln_f_final 1e-5 --resume --out res.h5 2>/dev/null; [ \$? -eq 2 ]"
check "resume completes" "$X" "${long[@]}" --threads 2 --resume --out res.h5
check "resumed equals uninterrupted" "$PY" "$here/compare_h5.py" ref.h5 res.h5

# Checkpoints inside walkers: two walkers of a few seconds each, stopped mid-walk by SIGINT
# (checkpoints only on the signal) and by SIGTERM (after a periodic checkpoint), continue with
# --resume from where they were to the bits of the uninterrupted run.
ck=(dos --network.n_h 2 --dos.runs 2 --wl.ln_f_final 1e-5 --wl.production_steps 3000000 --threads 2 --quiet)
check "a negative checkpoint interval is refused" bash -c "'$X' ${ck[*]} --checkpoint_seconds -1 --out bad.h5 2>/dev/null; [ \$? -eq 2 ] && [ ! -e bad.h5.partial ]"
check "checkpoint reference run" "$X" "${ck[@]}" --out ck_ref.h5
# checkpoints PYTHON FILE: exit 0 when FILE (read while the run writes it) has a complete
# checkpoint of every walker and no task done.
checkpoints() {
  HDF5_USE_FILE_LOCKING=FALSE "$1" -c "
import h5py, sys
f = h5py.File('$2', 'r')
c = f['dos/checkpoints']
ok = not f['dos/task_done'][()].any() and all(
    t in c and c[t].attrs.get('complete') == 1 and c[t].attrs['steps'] > 0 for t in ('task_0', 'task_1'))
print({t: (int(c[t].attrs['stage']), int(c[t].attrs['steps'])) for t in c})
sys.exit(0 if ok else 1)"
}
for sig in INT TERM; do
  if [ $sig = INT ]; then
    "$X" "${ck[@]}" --checkpoint_seconds 0 --out ck_$sig.h5 2>/dev/null &
    pid=$!
    sleep 1
  else
    "$X" "${ck[@]}" --checkpoint_seconds 0.2 --out ck_$sig.h5 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do
      sleep 0.1
      checkpoints "$PY" ck_$sig.h5.partial >/dev/null 2>&1 && break
    done
  fi
  kill -$sig $pid
  wait $pid
  rc=$?
  check "SIG$sig mid-walker: exit 130 and a partial file" bash -c "[ $rc -eq 130 ] && [ ! -e ck_$sig.h5 ] && [ -e ck_$sig.h5.partial ]"
  check "SIG$sig: every walker checkpointed, none done" checkpoints "$PY" ck_$sig.h5.partial
  check "SIG$sig: --resume continues both walkers from their checkpoints" bash -c \
    "'$X' ${ck[*]} --resume --out ck_$sig.h5 2>&1 | grep -q '2 walkers continue from their checkpoints'"
  check "SIG$sig: resumed equals uninterrupted, no checkpoint left" "$PY" "$here/compare_h5.py" ck_ref.h5 ck_$sig.h5
done

small=(dos --network.n_h 1,2 --dos.runs 3 --wl.ln_f_final 1e-3 --wl.production_steps 200000 --quiet)
check "unsharded" "$X" "${small[@]}" --out whole.h5
check "shard 0/2" "$X" "${small[@]}" --shard 0/2 --out d0.h5
check "shard 1/2" "$X" "${small[@]}" --shard 1/2 --out d1.h5
check "merge" "$X" merge --inputs d0.h5,d1.h5 --out merged.h5
check "merged equals unsharded, summary included" "$PY" "$here/compare_h5.py" whole.h5 merged.h5

finish
