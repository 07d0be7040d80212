"""NumPy peer for the loss-landscape sweep: all 36 two-parameter cross-sections.

Center v* = Table II #1 of the paper (model::kTable2[0]); section (i, j), i < j:
parameter i shifted by dx along the columns, j by dy along the rows, dx and dy
on G evenly spaced points of [-15, 15] each, the other seven kept at v*.
  landscape_full_evals_per_s    full-batch MSE loss of every point of the 36
      sections into a G x G array, G = 1001 (201 with --quick): 36 G^2 / s;
  landscape_random_evals_per_s  S random-batch scans of the 36 sections, G =
      301 and S = 100 as bench_kernels' landscape_random (101 and 10 with
      --quick): each point and scan draws its own batch of 4 XOR rows with
      replacement (one random byte = four 2-bit draws); the 4 per-case terms
      are computed once per point and combined with each scan's draws; scan 0,
      mean and std over the scans are kept: 36 G^2 S point-scans / s.
Variants, the fastest reported, all in "detail"; full batch:
  broadcast  each case's output pre-activation as a column plus a row vector
             (plus a 2-D term where a hidden neuron or a product depends on
             both parameters), chunks of rows: 4 exp per point;
  expouter   the same, but separable cases as exp(-2 row)/4 / (exp(col) +
             exp(-row))^2 = 1/4 / (1 + exp(col + row))^2: no exp per point
             (xorscape's kernel does the same for such cases);
  ((9, C) parameter matrices through peer_numpy's loss kernel, tried: 1.2e7/s,
  5x slower than broadcast, not kept); random batch:
  lut        draw counts per case from 256-entry tables times the case terms;
  take       a gather of each of the 4 drawn case terms.
NumPy ufuncs are single-threaded: threads_used = 1 whatever --threads says.
Usage: peer_landscape_numpy.py [--quick] [--threads N] [--verbose]
"""
import os

from common import XOR, parse_args
from landscape_common import B1, B2, CENTER, PAIRS, W1, W2, measure

ARGS = parse_args(__doc__.splitlines()[0])
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)
import numpy as np  # noqa: E402  (after the thread variables)
from peer_numpy import sigmoid_  # noqa: E402

CHUNK = 16384   # CHUNK: points per chunk (measured best)
LUT = np.array([[sum((b >> 2 * k) & 3 == m for k in range(4)) for b in range(256)]
                for m in range(4)], dtype=np.float64)  # LUT[m][byte]: draws of case m


def shifts(g):
    t = np.arange(g) / (g - 1)
    return -15.0 * (1.0 - t) + 15.0 * t   # as AxisGrid::shift: exact ends, 0 mid


def case_plans(px, py, sh):
    """Per XOR case s*z (s = -1 for y = 0, +1 for y = 1: the case's share of the
    loss is 1/4 / (1 + exp(s*z))^2) as col[c] + row[r] + extra, extra None,
    ('outer', f_col, g_row) = g_row f_col or ('joint', k, h_col, h_row) =
    k sigmoid(h_col + h_row)."""
    nd, plans = np.ndim, []
    p = [(v, 0.0) for v in CENTER]            # (column part, row part)
    p[px], p[py] = (CENTER[px] + sh, 0.0), (0.0, CENTER[py] + sh)
    for x1, x2, y in XOR:
        s = 1.0 if y else -1.0
        col, row, extra = s * p[B2][0], s * p[B2][1], None
        for i in (0, 1):
            act = [p[W1[i][k]] for k, x in enumerate((x1, x2)) if x] + [p[B1[i]]]
            hc, hr = sum(a[0] for a in act), sum(a[1] for a in act)
            uc, ur = s * p[W2[i]][0], s * p[W2[i]][1]
            if nd(hc) and nd(hr):
                extra = ("joint", uc, hc, hr)
                continue
            a = 1.0 / (1.0 + np.exp(-(hc + hr)))
            if nd(ur) and nd(a) and not nd(hr):
                extra = ("outer", a, ur)
            elif nd(uc) and nd(hr):
                extra = ("outer", uc, a)
            elif nd(ur) or nd(hr):
                row = row + (uc + ur) * a
            else:
                col = col + (uc + ur) * a
        plans.append((col + np.zeros(len(sh)), (row + np.zeros(len(sh)))[:, None], extra))
    return plans


def contrib(plan, sl, b, out, eouter=None):
    """out <- 1/4 / (1 + exp(s*z))^2 on the rows sl, b scratch; eouter: exp(col),
    exp(-row), exp(-2 row)/4 for the shortcut (3 passes instead of 6)."""
    col, row, extra = plan
    if eouter is not None and extra is None:
        np.square(np.add(eouter[1][sl], eouter[0], out=b), out=b)
        return np.divide(eouter[2][sl], b, out=out)
    if extra is None:
        np.add(row[sl], col, out=b)
    else:
        if extra[0] == "outer":
            np.multiply(extra[2][sl, None], extra[1], out=b)
        else:
            sigmoid_(np.add(extra[3][sl, None], extra[2], out=b))
            b *= extra[1]
        np.add(np.add(b, row[sl], out=b), col, out=b)
    np.exp(b, out=b)
    b += 1.0
    return np.divide(0.25, np.square(b, out=b), out=out)


def sweep_full(variant, g, on_pair=None, pairs=PAIRS):
    sh, out, rows = shifts(g), np.empty((g, g)), max(1, CHUNK // g)
    buf, tmp = np.empty((rows, g)), np.empty((rows, g))
    for px, py in pairs:
        plans, eo = case_plans(px, py, sh), [None] * 4
        if variant == "expouter":
            eo = [(np.exp(c), np.exp(-r), 0.25 * np.exp(-2.0 * r))
                  if max(abs(c).max(), abs(r).max()) < 300 else None for c, r, _ in plans]
        for r0 in range(0, g, rows):
            sl = slice(r0, min(g, r0 + rows))
            b, t, acc = buf[:sl.stop - r0], tmp[:sl.stop - r0], out[sl]
            for m, plan in enumerate(plans):
                contrib(plan, sl, b, acc if m == 0 else t, eo[m])
                if m:
                    acc += t
        if on_pair:
            on_pair(px, py, out)
    return out


def sweep_random(variant, g, scans, seed=1, on_pair=None, pairs=PAIRS):
    """Full loss, scan 0, mean and std over `scans` random-batch scans."""
    rng, sh, rows = np.random.SFC64(seed), shifts(g), max(1, CHUNK // g)
    full, first, mean, std = (np.empty((g, g)) for _ in range(4))
    n = rows * g
    Q, D, idx, ar = np.empty((4, n)), np.empty((3, n)), np.empty(n, np.intp), np.arange(n)
    base, e, t, s1, s2 = (np.empty(n) for _ in range(5))
    for px, py in pairs:
        plans = case_plans(px, py, sh)
        for r0 in range(0, g, rows):
            sl = slice(r0, min(g, r0 + rows))
            k = (sl.stop - r0) * g
            q, f, ek, tk, ik = Q[:, :k], full[sl].ravel(), e[:k], t[:k], idx[:k]
            for m, plan in enumerate(plans):
                contrib(plan, sl, ek.reshape(-1, g), q[m].reshape(-1, g))
            np.add(np.add(np.add(q[0], q[1], out=f), q[2], out=f), q[3], out=f)
            if variant == "lut":   # L - full = (4 Q3 - full) + sum_m<3 n_m (Q_m - Q3)
                np.subtract(np.multiply(q[3], 4.0, out=base[:k]), f, out=base[:k])
                np.subtract(q[:3], q[3], out=D[:, :k])
            s1[:k], s2[:k] = 0.0, 0.0
            for s in range(scans):
                bytes_ = rng.random_raw(-(-k // 8)).view(np.uint8)[:k]
                if variant == "lut":
                    np.copyto(ik, bytes_)
                    np.multiply(np.take(LUT[0], ik, out=tk, mode="wrap"), D[0, :k], out=ek)
                    ek += base[:k]
                    for m in (1, 2):
                        ek += np.multiply(np.take(LUT[m], ik, out=tk, mode="wrap"), D[m, :k], out=tk)
                else:              # draw j of point i is Q.flat[d_j n + i]
                    for j in range(4):
                        np.bitwise_and(bytes_ >> 2 * j, 3, out=ik, casting="unsafe")
                        np.add(np.multiply(ik, n, out=ik), ar[:k], out=ik)
                        np.take(Q, ik, out=tk if j else ek, mode="wrap")
                        if j:
                            ek += tk
                    ek -= f
                s1[:k] += ek
                s2[:k] += np.multiply(ek, ek, out=tk)
                if s == 0:
                    np.add(f, ek, out=first[sl].ravel())
            np.add(f, s1[:k] / scans, out=mean[sl].ravel())
            v = (s2[:k] - s1[:k] * s1[:k] / scans) / max(scans - 1, 1)
            np.sqrt(np.maximum(v, 0.0), out=std[sl].ravel())
        if on_pair:
            on_pair(px, py, full, first, mean, std)
    return full, mean, std


def main(args):
    measure("landscape_numpy", args, sweep_full, sweep_random, shifts,
            threads_used=1, numpy=np.__version__)


if __name__ == "__main__":
    main(ARGS)
