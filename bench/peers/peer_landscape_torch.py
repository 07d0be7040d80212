"""PyTorch peer (CPU, float64) for the loss-landscape sweep: all 36 sections.

The measurement of peer_landscape_numpy.py (see there): center v* = Table II
#1; section (i, j): i shifted along the columns, j along the rows, [-15, 15];
  landscape_full_evals_per_s    full-batch loss at all 36 G^2 points/s,
      G = 1001 (201 with --quick);
  landscape_random_evals_per_s  point-scans/s of S = 100 random-batch scans on
      G = 301 (10 on 101 with --quick), one random byte per point and scan =
      four 2-bit draws of XOR rows; first scan, mean and std kept.
Variants, the fastest reported and all in "detail" -- full batch:
  broadcast  column + row split of each case's output pre-activation, then
             in place per case: add, sigmoid_, addcmul_ (4 sigmoids/point);
  expouter   separable cases as 1/4 / (1 + exp(-col) exp(-row))^2 by addcmul,
             square_, addcdiv_: nothing transcendental per point (as
             xorscape's kernel does for such cases);
  ((9, C) parameter matrices through peer_torch's loss kernel: 1.4e7/s, 5x
  slower than broadcast when tried, so not kept); random batch:
  lut        drawn counts by index_select from 256-entry tables, combined by
             addcmul_;  take  index_select of each of the 4 drawn contributions.
Random bytes: int64 random_(-2^63, 2^63 - 1) of torch's CPU generator.
torch.set_num_threads(--threads); per-core rates divide by that number.
OMP_WAIT_POLICY defaults to PASSIVE (see peer_torch.py); set it to override.
Usage: peer_landscape_torch.py [--quick] [--threads N] [--verbose]
"""
import os

from common import XOR, parse_args
from landscape_common import B1, B2, CENTER, PAIRS, W1, W2, measure

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402  (after OMP_WAIT_POLICY)

F64 = torch.float64
CHUNK_FULL, CHUNK_RANDOM = 65536, 32768    # points per thread and chunk (measured best)
LUT = torch.tensor([[sum((b >> 2 * k) & 3 == m for k in range(4)) for b in range(256)]
                    for m in range(4)], dtype=F64)  # LUT[m][byte]: draws of case m
ZERO, ONE = torch.zeros((), dtype=F64), torch.ones((), dtype=F64)


def shifts(g):
    t = torch.arange(g, dtype=F64) / (g - 1)
    return -15.0 * (1.0 - t) + 15.0 * t   # as AxisGrid::shift: exact ends, 0 mid


def case_plans(px, py, sh):
    """Per XOR case t = -s*z (s = -1 for y = 0, +1 for y = 1: the case's share
    of the loss is sigmoid(t)^2 / 4) as col[c] + row[r] + extra, extra None,
    ('outer', f_col, g_row) = g_row f_col or ('joint', k, h_col, h_row) =
    k sigmoid(h_col + h_row)."""
    plans, zeros = [], torch.zeros(len(sh), dtype=F64)

    def nd(x):
        return getattr(x, "ndim", 0)
    p = [(v, 0.0) for v in CENTER]            # (column part, row part)
    p[px], p[py] = (CENTER[px] + sh, 0.0), (0.0, CENTER[py] + sh)
    for x1, x2, y in XOR:
        s = -1.0 if y else 1.0
        col, row, extra = s * p[B2][0], s * p[B2][1], None
        for i in (0, 1):
            act = [p[W1[i][k]] for k, x in enumerate((x1, x2)) if x] + [p[B1[i]]]
            hc, hr = sum(a[0] for a in act), sum(a[1] for a in act)
            uc, ur = s * p[W2[i]][0], s * p[W2[i]][1]
            if nd(hc) and nd(hr):
                extra = ("joint", uc, hc, hr)
                continue
            a = torch.sigmoid(torch.as_tensor(hc + hr, dtype=F64))
            if nd(ur) and nd(a) and not nd(hr):
                extra = ("outer", a, ur)
            elif nd(uc) and nd(hr):
                extra = ("outer", uc, a)
            elif nd(ur) or nd(hr):
                row = row + (uc + ur) * a
            else:
                col = col + (uc + ur) * a
        plans.append((col + zeros, (row + zeros)[:, None], extra))
    return plans


def contrib(plan, sl, b, acc, first, eouter=None):
    """acc (+)= sigmoid(t)^2 / 4 on the rows sl (= instead of += when first), b
    scratch; eouter: exp(-col), exp(-row) for the shortcut."""
    col, row, extra = plan
    if eouter is not None and extra is None:
        torch.addcmul(ONE, eouter[1][sl], eouter[0], out=b).square_()
        return (torch.addcdiv(ZERO, ONE, b, value=0.25, out=acc) if first
                else acc.addcdiv_(ONE, b, value=0.25))
    if extra is None:
        torch.add(row[sl], col, out=b)
    else:
        if extra[0] == "outer":
            torch.mul(extra[2][sl, None], extra[1], out=b)
        else:
            torch.add(extra[3][sl, None], extra[2], out=b).sigmoid_().mul_(extra[1])
        b.add_(row[sl]).add_(col)
    b.sigmoid_()
    return torch.addcmul(ZERO, b, b, value=0.25, out=acc) if first else acc.addcmul_(b, b, value=0.25)


@torch.no_grad()
def sweep_full(variant, g, on_pair=None, pairs=PAIRS):
    sh, out = shifts(g), torch.empty(g, g, dtype=F64)
    rows = max(1, CHUNK_FULL * torch.get_num_threads() // g)
    buf = torch.empty(rows, g, dtype=F64)
    for px, py in pairs:
        plans, eo = case_plans(px, py, sh), [None] * 4
        if variant == "expouter":
            eo = [(torch.exp(-c), torch.exp(-r)) if max(-c.min(), -r.min()) < 700 else None
                  for c, r, _ in plans]
        for r0 in range(0, g, rows):
            sl = slice(r0, min(g, r0 + rows))
            for m, plan in enumerate(plans):
                contrib(plan, sl, buf[:sl.stop - r0], out[sl], m == 0, eo[m])
        if on_pair:
            on_pair(px, py, out)
    return out


@torch.no_grad()
def sweep_random(variant, g, scans, seed=1, on_pair=None, pairs=PAIRS):
    """Full loss, scan 0, mean and std over `scans` random-batch scans."""
    gen, sh = torch.Generator().manual_seed(seed), shifts(g)
    full, first, mean, std = (torch.empty(g, g, dtype=F64) for _ in range(4))
    n = max(1, CHUNK_RANDOM * torch.get_num_threads() // g) * g
    Q, D, ar = torch.empty(4, n, dtype=F64), torch.empty(3, n, dtype=F64), torch.arange(n)
    base, e, t, s1, s2 = (torch.empty(n, dtype=F64) for _ in range(5))
    raw, idx = torch.empty(-(-n // 8), dtype=torch.int64), torch.empty(n, dtype=torch.int64)
    for px, py in pairs:
        plans = case_plans(px, py, sh)
        for r0 in range(0, g, n // g):
            sl = slice(r0, min(g, r0 + n // g))
            k = (sl.stop - r0) * g
            q, f, ek, tk, ik = Q[:, :k], full[sl].view(-1), e[:k], t[:k], idx[:k]
            for m, plan in enumerate(plans):
                contrib(plan, sl, ek.view(-1, g), q[m].view(-1, g), True)
            torch.add(q[0], q[1], out=f).add_(q[2]).add_(q[3])
            if variant == "lut":   # L - full = (4 Q3 - full) + sum_m<3 n_m (Q_m - Q3)
                torch.mul(q[3], 4.0, out=base[:k]).sub_(f)
                torch.sub(q[:3], q[3], out=D[:, :k])
            s1[:k], s2[:k] = 0.0, 0.0
            for s in range(scans):
                bytes_ = raw.random_(-2**63, 2**63 - 1, generator=gen).view(torch.uint8)[:k]
                if variant == "lut":
                    ik.copy_(bytes_)
                    torch.addcmul(base[:k], torch.index_select(LUT[0], 0, ik, out=tk), D[0, :k], out=ek)
                    for m in (1, 2):
                        ek.addcmul_(torch.index_select(LUT[m], 0, ik, out=tk), D[m, :k])
                else:              # draw j of point i is Q.flat[d_j n + i]
                    for j in range(4):
                        torch.bitwise_and(bytes_ >> 2 * j, 3, out=ik).mul_(n).add_(ar[:k])
                        torch.index_select(Q.view(-1), 0, ik, out=tk if j else ek)
                        if j:
                            ek.add_(tk)
                    ek.sub_(f)
                s1[:k].add_(ek)
                s2[:k].addcmul_(ek, ek)
                if s == 0:
                    torch.add(f, ek, out=first[sl].view(-1))
            torch.add(f, s1[:k], alpha=1.0 / scans, out=mean[sl].view(-1))
            v = (s2[:k] - s1[:k] * s1[:k] / scans) / max(scans - 1, 1)
            torch.sqrt(v.clamp_(min=0.0), out=std[sl].view(-1))
        if on_pair:
            on_pair(px, py, full, first, mean, std)
    return full, mean, std


def main():
    args = parse_args(__doc__.splitlines()[0])
    torch.set_num_threads(args.threads)
    measure("landscape_torch", args, sweep_full, sweep_random, shifts,
            threads_used=torch.get_num_threads(), torch=torch.__version__,
            omp_wait_policy=os.environ["OMP_WAIT_POLICY"])


if __name__ == "__main__":
    main()
