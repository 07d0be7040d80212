#!/usr/bin/env bash
# lr-scan, perturb and train --train.stop converged end to end: file content, bitwise identical
# files for 1 and 2 threads, interrupt + --resume equal to an uninterrupted run, perturb and
# train shards + merge equal to one run (summaries included).
# Usage: test_convergence_studies.sh XORSCAPE PYTHON SOURCE_DIR
X="$1" PY="$2" SRC="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/harness.sh"

lr=(lr-scan --scan.eta_min 0.01 --scan.eta_max 100 --scan.points_per_decade 2 --scan.replicas 4
    --scan.epochs 100000 --scan.precision 0.05 --quiet)
check "lr-scan, 1 thread" "$X" "${lr[@]}" --threads 1 --out lr1.h5
check "lr-scan, 2 threads" "$X" "${lr[@]}" --threads 2 --out lr2.h5
check "lr-scan: 1 and 2 threads give identical datasets" "$PY" "$here/compare_h5.py" lr1.h5 lr2.h5
check "lr-scan content: edges bracketed, bisection narrowed them, stages consistent" "$PY" -c "
import h5py, numpy as np
g = h5py.File('lr1.h5')['lr_scan']; s = g['summary']
assert g['task_done'][()].all() and h5py.File('lr1.h5').attrs['subcommand'] == 'lr-scan'
b = s['edge_bracket'][()]; eta = g['eta'][()]; stage = g['stage'][()]
assert s['edge_found'][()].all(), s['edge_found'][()]
assert (b[:, 1] / b[:, 0] - 1 <= 0.05).all(), b
conv = s['converges'][()]
lo, hi = b[0]; assert not conv[np.where(eta == lo)[0][0]] and conv[np.where(eta == hi)[0][0]]
lo, hi = b[1]; assert conv[np.where(eta == lo)[0][0]] and not conv[np.where(eta == hi)[0][0]]
o = g['outcome'][()]; run = ~np.isnan(eta)
assert (o[run] <= 2).all() and (o[~run] == 255).all()
c = g['convergence_epoch'][()]; assert ((o == 0) == (c >= 0)).all()
assert (g['epochs_run'][()][o == 0] == c[o == 0]).all()   # a converged run stops there
print('edges', s['edge_eta'][()])"

big=(lr-scan --scan.eta_min 1e-3 --scan.eta_max 10 --scan.points_per_decade 2 --scan.replicas 8
     --scan.epochs 400000 --scan.precision 0.1 --quiet)
check "lr-scan uninterrupted reference" "$X" "${big[@]}" --threads 2 --out lr_ref.h5
"$X" "${big[@]}" --threads 1 --out lr_res.h5 2>interrupt.txt &
interrupt_when_done "$PY" lr_res.h5.partial lr_scan/task_done 8 $!
check "lr-scan interrupted: exit 130, only a partial file" bash -c "[ $rc -eq 130 ] && [ ! -e lr_res.h5 ] && [ -e lr_res.h5.partial ]"
check "lr-scan resume completes" "$X" "${big[@]}" --threads 2 --resume --out lr_res.h5
check "lr-scan resumed equals uninterrupted" "$PY" "$here/compare_h5.py" lr_ref.h5 lr_res.h5

pt_grid=(perturb --perturb.parameters w1_11,w2_11,b2_1 --perturb.shift_lo -4 --perturb.shift_hi 4
         --perturb.shift_points 9 --perturb.runs 12 --quiet)
pt=("${pt_grid[@]}" --perturb.epochs 100000)
# Shifts that never converge make tasks that run the whole budget: long enough to interrupt.
pt_long=(perturb --perturb.parameters w1_11,b2_1 --perturb.shift_lo -10 --perturb.shift_hi 10
         --perturb.shift_points 11 --perturb.runs 16 --perturb.epochs 1000000 --quiet)
check "perturb, 1 thread" "$X" "${pt[@]}" --threads 1 --out p1.h5
check "perturb, 2 threads" "$X" "${pt[@]}" --threads 2 --out p2.h5
check "perturb: 1 and 2 threads give identical datasets" "$PY" "$here/compare_h5.py" p1.h5 p2.h5
check "perturb content: tau_conv 0 at the optimum, per-run epochs, plateau edges" "$PY" -c "
import h5py, numpy as np
g = h5py.File('p1.h5')['perturb']; s = g['summary']
tau = g['tau_conv'][()]; shift = g['shift'][()]
assert tau.shape == (3, 9) and (tau[:, shift == 0] == 0).all(), tau
r = g['run_convergence_epoch'][()]; assert r.shape == (3, 9, 12)
assert (r[:, shift == 0] == 0).all()
# A run that converged reached its own threshold no later than the average allowed.
assert s['plateau_found'][()].all()
up = s['plateau_upper'][()]; assert 2 < up[0] < 4 and 1 < up[1] < 3, up
print('tau', tau); print('plateau upper', up)"

"$X" "${pt_long[@]}" --threads 1 --out p_res.h5 2>/dev/null &
interrupt_when_done "$PY" p_res.h5.partial perturb/task_done 3 $!
check "perturb interrupted: exit 130" bash -c "[ $rc -eq 130 ] && [ ! -e p_res.h5 ]"
check "perturb resume completes" "$X" "${pt_long[@]}" --threads 2 --resume --out p_res.h5
check "perturb reference" "$X" "${pt_long[@]}" --out p_ref.h5
check "perturb resumed equals uninterrupted" "$PY" "$here/compare_h5.py" p_ref.h5 p_res.h5
check "perturb shard 0/2" "$X" "${pt[@]}" --shard 0/2 --out ps0.h5
check "perturb shard 1/2" "$X" "${pt[@]}" --shard 1/2 --out ps1.h5
check "perturb merge" "$X" merge --inputs ps0.h5,ps1.h5 --out pm.h5
check "perturb merged equals unsharded, summary included" "$PY" "$here/compare_h5.py" p1.h5 pm.h5

tr=(train --network.n_h 2,3 --train.learning_rate 0.5,2 --train.replicas 4 --train.epochs 50000
    --train.stop converged --init.scheme symmetric --init.scale 2 --quiet)
check "train stop=converged" "$X" "${tr[@]}" --out t.h5
check "train stop=converged: runs stop at convergence, summary agrees" "$PY" -c "
import h5py, numpy as np
g = h5py.File('t.h5')['train']
assert g.attrs['stop'] == 'converged'
for nh in ('nh_2', 'nh_3'):
    c = g[nh]['convergence_epoch'][()]; e = g[nh]['epochs_run'][()]; l = g[nh]['final_loss_full'][()]
    assert (e[c >= 0] == c[c >= 0]).all() and (l[c >= 0] < 0.005).all()
    assert np.allclose(g[nh]['summary/converged_fraction'][()], (c >= 0).mean(axis=1))"
check "train shard 0/2" "$X" "${tr[@]}" --shard 0/2 --out ts0.h5
check "train shard 1/2" "$X" "${tr[@]}" --shard 1/2 --out ts1.h5
check "train merge" "$X" merge --inputs ts0.h5,ts1.h5 --out tm.h5
check "train merged equals unsharded, summary included" "$PY" "$here/compare_h5.py" t.h5 tm.h5

finish
