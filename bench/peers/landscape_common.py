"""What the two landscape-sweep peers share (no numpy/torch imports here).

The measured sweep (peer_landscape_numpy.py's docstring has it in full): center v* = Table II #1
(model::kTable2[0]), all 36 sections (i, j), i < j, i shifted along the columns and j along the
rows over [-15, 15]; the full batch on G x G points and S random-batch scans on G_RANDOM^2.
Here: the constants, the plain-Python reference of a grid point, the checks every peer passes
before timing, and the timing + report of both sweeps.
"""
import itertools
import math
import sys

from common import XOR, loss_scalar, rate, report

CENTER = (-6.05, -6.05, -4.23, -4.24, 2.36, 6.29, -8.68, 8.46, -3.94)
PAIRS = [(i, j) for i in range(9) for j in range(i + 1, 9)]
W1, B1, W2, B2 = ((0, 1), (2, 3)), (4, 5), (6, 7), 8
G_RANDOM, S_SCANS = 301, 100
FULL, RANDOM = ("broadcast", "expouter"), ("lut", "take")


def point(px, py, sh, r, c):
    """v at grid point (r, c) of section (px, py) with shifts sh (a list), and
    (yhat - y)^2 per case."""
    v, cases = list(CENTER), []
    v[px], v[py] = v[px] + sh[c], v[py] + sh[r]
    for x1, x2, y in XOR:
        a1 = 1 / (1 + math.exp(-(v[0] * x1 + v[1] * x2 + v[4])))
        a2 = 1 / (1 + math.exp(-(v[2] * x1 + v[3] * x2 + v[5])))
        cases.append((1 / (1 + math.exp(-(v[6] * a1 + v[7] * a2 + v[8]))) - y) ** 2)
    return v, cases


def checks(name, sweep_full, sweep_random, shifts, g, verbose):
    """loss_scalar against every point of all sections on a 21 x 21 grid, and
    on the benchmark grid against the center of all and 4 more points of two;
    2000 scans on 9 x 9 grids of 4 sections: scan 0 is a batch of 4 rows,
    the mean tends to the full loss, the std to its exact value. Grids come
    in as numpy arrays or torch tensors (both have tolist())."""
    err, dev, n, mid, scans = [0.0], [0.0], 21, g // 2, 2000

    def vs_scalar(points):
        def on_pair(px, py, out):
            sh, out = shifts(len(out)).tolist(), out.tolist()
            for r, c in points(px, py):
                err[0] = max(err[0], abs(out[r][c] - loss_scalar(point(px, py, sh, r, c)[0])))
        return on_pair

    def vs_cases(px, py, full, first, mean, std):
        full, first, mean, std = (x.tolist() for x in (full, first, mean, std))
        sh = shifts(len(full)).tolist()
        for r, c in itertools.product(range(len(full)), repeat=2):
            cases = point(px, py, sh, r, c)[1]
            sd = math.sqrt(sum((x - full[r][c]) ** 2 for x in cases) / 16)  # 4-row batch
            assert abs(mean[r][c] - full[r][c]) <= 6 * sd / math.sqrt(scans) + 1e-15, "mean"
            assert min(abs(first[r][c] - sum(b) / 4) for b in
                       itertools.combinations_with_replacement(cases, 4)) < 1e-15, "scan 0"
            dev[0] = max(dev[0], abs(std[r][c] / sd - 1) if sd > 1e-3 else 0.0)
    for v in FULL:
        sweep_full(v, n, vs_scalar(lambda px, py: itertools.product(range(n), repeat=2)))
        sweep_full(v, g, vs_scalar(lambda px, py: [(mid, mid)] + [(0, 0), (g - 1, 7), (
            3, g - 2), (mid, 11)] * ((px, py) in ((2, 7), (0, 4)))))
        assert err[0] <= 1e-12, f"{name}/{v}: off loss_scalar by {err[0]:.3g}"
    for v in RANDOM:
        sweep_random(v, 9, scans, seed=5, on_pair=vs_cases, pairs=((0, 1), (0, 4), (2, 7), (6, 8)))
        assert dev[0] < 0.1, f"{name}/{v}: std off by {dev[0]:.3g}"
    if verbose:
        print(f"[{name}] ok: |grid - loss_scalar| <= {err[0]:.3g}; random: "
              f"mean -> full, std within {dev[0]:.1%} of exact", file=sys.stderr)


def measure(name, args, sweep_full, sweep_random, shifts, **detail):
    """Checks, then times every variant of both sweeps and reports the fastest."""
    g = 201 if args.quick else 1001
    gr, scans = (101, 10) if args.quick else (G_RANDOM, S_SCANS)
    checks(name, sweep_full, sweep_random, shifts, g, args.verbose)
    full = {v: rate(lambda n, v=v: [sweep_full(v, g) for _ in range(n)], 36 * g * g,
                    args, f"full/{v}") for v in FULL}
    rand = {v: rate(lambda n, v=v: [sweep_random(v, gr, scans) for _ in range(n)],
                    36 * gr * gr * scans, args, f"random/{v}") for v in RANDOM}
    vf, vr = max(full, key=full.get), max(rand, key=rand.get)
    report(name, args, {"landscape_full_evals_per_s": full[vf],
                        "landscape_random_evals_per_s": rand[vr]},
           variant_full=vf, variant_random=vr, full_rates=full, random_rates=rand,
           grid=g, random_grid=gr, scans=scans, center=list(CENTER), **detail)
