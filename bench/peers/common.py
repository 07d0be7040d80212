"""Shared pieces of the xorscape peer baselines (no numpy/torch imports here).

The model is the 2-2-1 sigmoid XOR network of the paper (Eqs. 2-6): parameter
vector v = [w1_11, w1_12, w1_21, w1_22, b1_1, b1_2, w2_11, w2_12, b2_1], MSE
loss over the full batch of 4 XOR rows, gradient descent v <- v - eta*grad L.

This module holds
  * the plain-Python scalar model (``loss_scalar``, ``step_scalar``), generic
    in the number type so that it also yields a 60-digit ``decimal`` reference,
  * the reference values every peer checks itself against before timing,
  * command-line handling (``--quick``, ``--threads N`` / $PEER_THREADS,
    ``--verbose``), the timing helper and the JSON report.
"""
import argparse
import decimal
import json
import math
import os
import sys
import time

ETA = 0.1
XOR = ((0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0))  # rows (x1, x2, y)
V0 = [0.1 * k / 9 for k in range(1, 10)]           # start of the check step
T_ENSEMBLE = 4096                                   # trajectories in (b)
N_LOSS = 1 << 20                                    # parameter vectors in (c)
N_SIGMOID = 1 << 22                                 # array length in (d)
NAMES = ("gd_single_epochs_per_s", "ensemble_traj_epochs_per_s",
         "loss_evals_per_s", "sigmoid_per_s",
         "landscape_full_evals_per_s", "landscape_random_evals_per_s",
         "dos_simple_nh2_per_s", "dos_simple_nh18_per_s",   # dos_common.NAMES
         "dos_walk_nh2_per_s", "dos_walk_nh18_per_s")


def loss_scalar(v, exp=math.exp):
    """Mean squared error over the 4 XOR rows, one row at a time."""
    w11, w12, w21, w22, b1, b2, u1, u2, c = v
    total = 0
    for x1, x2, y in XOR:
        a1 = 1 / (1 + exp(-(w11 * x1 + w12 * x2 + b1)))
        a2 = 1 / (1 + exp(-(w21 * x1 + w22 * x2 + b2)))
        yh = 1 / (1 + exp(-(u1 * a1 + u2 * a2 + c)))
        total += (yh - y) * (yh - y)
    return total / 4


def step_scalar(v, eta=ETA, exp=math.exp):
    """One full-batch gradient-descent step with hand-written backprop."""
    w11, w12, w21, w22, b1, b2, u1, u2, c = v
    g = [0] * 9
    for x1, x2, y in XOR:
        a1 = 1 / (1 + exp(-(w11 * x1 + w12 * x2 + b1)))
        a2 = 1 / (1 + exp(-(w21 * x1 + w22 * x2 + b2)))
        yh = 1 / (1 + exp(-(u1 * a1 + u2 * a2 + c)))
        d = (yh - y) * yh * (1 - yh) / 2          # dL/dz_out, incl. 2/M
        d1 = d * u1 * a1 * (1 - a1)
        d2 = d * u2 * a2 * (1 - a2)
        g[0] += d1 * x1; g[1] += d1 * x2; g[2] += d2 * x1; g[3] += d2 * x2
        g[4] += d1; g[5] += d2; g[6] += d * a1; g[7] += d * a2; g[8] += d
    return [p - eta * q for p, q in zip(v, g)]


def _reference():
    """Loss and one GD step at V0 in 60-digit decimals, starting from the
    exact binary values of V0 and eta; the hand-written gradient is
    cross-checked against central differences first."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        D, exp = decimal.Decimal, lambda z: z.exp()
        v, eta, h = [D(x) for x in V0], D(ETA), D("1e-15")
        grad = [(p - q) / eta for p, q in zip(v, step_scalar(v, eta, exp))]
        for k in range(9):
            vp, vm = v[:], v[:]
            vp[k] += h; vm[k] -= h
            fd = (loss_scalar(vp, exp) - loss_scalar(vm, exp)) / (2 * h)
            assert abs(fd - grad[k]) < D("1e-25"), ("backprop != FD", k)
        step = step_scalar(v, eta, exp)
        return float(loss_scalar(v, exp)), [float(x) for x in step]


LOSS_V0, STEP_V0 = _reference()


def check(name, loss_fn, step_fn, verbose=False, tol=1e-15):
    """loss_fn(v) -> float and step_fn(v) -> list of 9 floats (one GD step).
    Requires L(0) == 0.25 exactly and agreement with the decimal reference."""
    l0 = loss_fn([0.0] * 9)
    assert l0 == 0.25, f"{name}: L(0) = {l0!r} != 0.25"
    l1, s1 = loss_fn(V0), step_fn(V0)
    err = max([abs(l1 - LOSS_V0)] + [abs(a - b) for a, b in zip(s1, STEP_V0)])
    assert len(s1) == 9 and err <= tol, f"{name}: off reference by {err:.3g}"
    if verbose:
        print(f"[{name}] ok: L(0) = 0.25, |loss/step - reference| = {err:.3g}",
              file=sys.stderr)


def parse_args(description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--quick", action="store_true", help="tiny smoke-test run")
    ap.add_argument("--threads", type=int,
                    default=int(os.environ.get("PEER_THREADS", "1")),
                    help="threads to allow (default: $PEER_THREADS or 1)")
    ap.add_argument("--verbose", action="store_true", help="details on stderr")
    args = ap.parse_args()
    if args.threads < 1:
        ap.error("--threads must be >= 1")
    args.min_time = 0.01 if args.quick else 0.5
    return args


def rate(run, units_per_call, args, label):
    """Best-of-3 rate of run(n), which does n calls of units_per_call units
    each, after one warm-up call; n grows until all 3 timings last at least
    args.min_time (the timing that ends the calibration counts as one)."""
    def timed(n):
        t0 = time.perf_counter()
        run(n)
        return time.perf_counter() - t0

    run(1)
    n = 1
    while True:
        best = timed(n)
        if best >= args.min_time:
            best = min(best, timed(n), timed(n))
            if best >= args.min_time:
                break
        grow = 2.0 if best < args.min_time / 8 else 1.25 * args.min_time / best
        n = math.ceil(n * grow)
    r = n * units_per_call / best
    if args.verbose:
        print(f"  {label}: {r:.4g}/s ({n} calls, best of 3: {best:.3f} s)",
              file=sys.stderr)
    return r


def report(peer, args, results, threads_used, **detail):
    """Print the one JSON line; per-core rates divide by threads_used."""
    out = {"peer": peer, "threads": args.threads, "threads_used": threads_used,
           "quick": args.quick,
           "results": {k: results[k] for k in NAMES if k in results},
           "results_per_core": {k: results[k] / threads_used
                                for k in NAMES if k in results}}
    if detail:
        out["detail"] = detail
    print(json.dumps(out))
