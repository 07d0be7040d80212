"""Shared pieces of the density-of-states peers (peer_dos_numpy.py, peer_dos_torch.py).

The workloads are bench_kernels' dos_simple and dos_walker:
  * simple sampling of g(L) for the 2-n_h-1 sigmoid XOR network, n_h = 2 and 18: parameter
    vectors uniform in the box [-10, 10]^P (P = 4 n_h + 1), full-batch MSE loss, histogrammed
    over the bins log_then_uniform_edges(1e-3, 0.05, 1.0, 20, 95) (20 bins uniform in ln L up
    to 0.05, 95 uniform in L up to 1), the counts below and above the window kept: samples/s;
  * a batched random walk: W walkers advanced together, each proposal moving one random
    parameter by a uniform step of +-0.1 B, rejected outside the box, accepted with the
    Wang-Landau rule min(1, g(L_old) / g(L_new)) against a fixed ln g table (rejected outside
    the window), the histogram of the current bins updated every step: proposals/s.
Parameter layout as in xorscape (model/network.hpp): w1 row-major (hidden i, input j), b1, w2,
b2. This module holds the bins, the scalar reference loss the peers check themselves against,
the fixed ln g table and the result names (see common.report).
"""
import math

B = 10.0                 # box half-width
HIDDEN = (2, 18)         # n_h of the two rows
STEP = 0.1 * B           # random-walk step half-width
XOR_Y = (0.0, 1.0, 1.0, 0.0)
X1 = (0.0, 0.0, 1.0, 1.0)
X2 = (0.0, 1.0, 0.0, 1.0)


def log_then_uniform_edges(lo, cut, hi, n_log, n_lin):
    """As dos::log_then_uniform_edges."""
    e = [lo * math.pow(cut / lo, i / n_log) for i in range(n_log)]
    e += [cut + (hi - cut) * i / n_lin for i in range(n_lin + 1)]
    e[-1] = hi
    return e


EDGES = log_then_uniform_edges(1e-3, 0.05, 1.0, 20, 95)
N_BINS = len(EDGES) - 1
# A fixed, non-trivial ln g over the bins (a smooth bump), so that acceptance is decided by
# ln g and not only by the window.
LN_G = [-0.5 * ((i - 0.6 * N_BINS) / (0.25 * N_BINS)) ** 2 for i in range(N_BINS)]


def n_params(nh):
    return 4 * nh + 1


def loss_scalar(v, nh):
    """Full-batch MSE loss of one parameter vector, plain Python."""
    total = 0.0
    for c in range(4):
        z = 0.0
        for i in range(nh):
            zh = v[2 * i] * X1[c] + v[2 * i + 1] * X2[c] + v[2 * nh + i]
            z += v[3 * nh + i] / (1.0 + math.exp(-zh))
        z += v[4 * nh]
        yh = 1.0 / (1.0 + math.exp(-z))
        total += (yh - XOR_Y[c]) ** 2
    return total / 4


def check_losses(name, losses, vectors, nh, tol=1e-12):
    """losses[i] must match loss_scalar(vectors[i]) to tol (relative, plus 1e-300)."""
    for got, v in zip(losses, vectors):
        ref = loss_scalar(v, nh)
        assert abs(got - ref) <= tol * ref + 1e-300, f"{name}: {got!r} != {ref!r}"


def result_name(kind, nh):
    return f"dos_{kind}_nh{nh}_per_s"


NAMES = tuple(result_name(k, nh) for k in ("simple", "walk") for nh in HIDDEN)


def best_simple_rate(args, nh, peer, rate, threads=1):
    """Samples/s of the faster of the peer module's two simple-sampling variants (each checked
    first), with chunks of about 64 Ki numbers per thread."""
    C = max(1024, 65536 // n_params(nh) // 1024 * 1024) * threads
    best, detail = 0.0, {}
    for variant in ("plain", "factorized"):
        peer.check_simple(nh, variant)
        chunk = peer.make_simple(nh, C, variant)[0]

        def run(n):
            for _ in range(n):
                chunk()
        r = rate(run, C, args, f"simple n_h={nh} {variant}")
        detail[f"simple_nh{nh}_{variant}"] = r
        best = max(best, r)
    return best, detail, C


def best_walk_rate(args, nh, peer, rate, walkers, steps=4):
    """Proposals/s of the faster of the peer module's two batched-walk variants."""
    best, detail = 0.0, {}
    for variant in ("full", "incremental"):
        peer.check_walk(nh, variant)
        w = peer.Walk(nh, variant, walkers=256 if args.quick else walkers)

        def run(n):
            for _ in range(n * steps):
                w.step()
        r = rate(run, steps * w.W, args, f"walk n_h={nh} {variant}")
        detail[f"walk_nh{nh}_{variant}"] = r
        best = max(best, r)
    return best, detail
