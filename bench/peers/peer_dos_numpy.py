"""NumPy peer for the density of states (bench_kernels' dos_simple and dos_walker).

Workloads in dos_common.py. Simple sampling, chunks of C samples (C * P doubles ~ 0.5 MB) drawn
with Generator(SFC64).random (numpy's fastest generator) into a preallocated (P, C) array,
forward pass vectorized over the chunk, the bin of each loss from the bins' formula (corrected
against the edges; 7x faster than np.searchsorted here) + np.bincount into the histogram; two
forward passes, the faster reported:
  plain       the four cases' hidden pre-activations (4, n_h, C), one sigmoid each;
  factorized  as xorscape's kernel: a hidden neuron's four e^{-z} as products of e^{-b},
              e^{-w_a}, e^{-w_b} (3 exponentials instead of 4), the output residual as
              sigma(+-z) (no 1 - yhat).
Batched random walk, W = 4096 walkers, each step one proposal per walker; two variants, the
faster reported:
  full         the proposed vectors' losses from scratch (4 n_h + 4 sigmoids per proposal);
  incremental  as xorscape's NetworkEnergy: the touched hidden neuron's 4 activations and the
               output pre-activations updated by the difference (the tracked z_out drifts by
               rounding; a timing baseline, not a sampler).
NumPy ufuncs are single-threaded: threads_used = 1 whatever --threads says.
Usage: peer_dos_numpy.py [--quick] [--threads N] [--verbose]
"""
import os
import sys

from common import parse_args, rate, report
from dos_common import (best_simple_rate, best_walk_rate, B, EDGES, HIDDEN, LN_G, N_BINS, STEP, X1, X2, XOR_Y, check_losses,
                        n_params, result_name)

ARGS = parse_args(__doc__.splitlines()[0])
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)
import numpy as np  # noqa: E402  (after the thread variables)

EDGES_A = np.array(EDGES)
EDGES_PAD = np.concatenate(([-np.inf], EDGES_A, [np.nan]))   # EDGES_PAD[s] = EDGES[s - 1]
LO, CUT, HI, N_LOG = EDGES[0], EDGES[20], EDGES[-1], 20
LN_G_A = np.array(LN_G)
Y4 = np.array(XOR_Y)[:, None]                  # (4, 1)
S4 = (2.0 * np.array(XOR_Y) - 1.0)[:, None]    # residual = 1 / (1 + exp(S z))
W = 4096                                       # walkers


def slots(L):
    """np.searchsorted(EDGES, L, side="right") (0 below the window, N_BINS + 1 above), computed
    from the bins' formula and corrected by one comparison each way: the binary search's
    unpredictable branches cost more than the loss."""
    g = np.where(L < CUT, np.log(L * (1.0 / LO)) * (N_LOG / np.log(CUT / LO)),
                 (L - CUT) * ((N_BINS - N_LOG) / (HI - CUT)) + N_LOG)
    s = np.clip(g, -1.0, N_BINS).astype(np.int64) + 1
    s += L >= EDGES_PAD[s + 1]
    s -= L < EDGES_PAD[s]
    return s


def sigmoid_(z):
    """In place: z <- 1 / (1 + exp(-z))."""
    np.negative(z, out=z)
    np.exp(z, out=z)
    np.add(z, 1.0, out=z)
    return np.reciprocal(z, out=z)


# ---- forward passes over a (P, C) chunk ----------------------------------------
def make_forward(nh, C, variant):
    H = np.empty((4, nh, C))
    E = np.empty((3, nh, C))
    Z = np.empty((4, C))
    out = np.empty(C)

    def plain(V):
        wa, wb, b = V[0:2 * nh:2], V[1:2 * nh:2], V[2 * nh:3 * nh]
        H[0] = b
        np.add(wb, b, out=H[1])
        np.add(wa, b, out=H[2])
        np.add(H[2], wb, out=H[3])
        sigmoid_(H)
        np.multiply(H, V[3 * nh:4 * nh], out=H)
        H.sum(axis=1, out=Z)
        np.add(Z, V[4 * nh], out=Z)
        sigmoid_(Z)
        np.subtract(Z, Y4, out=Z)
        np.square(Z, out=Z)
        Z.sum(axis=0, out=out)
        return np.multiply(out, 0.25, out=out)

    def factorized(V):
        np.exp(np.negative(V[2 * nh:3 * nh], out=E[0]), out=E[0])    # e^{-b}
        np.exp(np.negative(V[0:2 * nh:2], out=E[1]), out=E[1])       # e^{-w_a}
        np.exp(np.negative(V[1:2 * nh:2], out=E[2]), out=E[2])       # e^{-w_b}
        H[0] = E[0]
        np.multiply(E[0], E[2], out=H[1])
        np.multiply(E[0], E[1], out=H[2])
        np.multiply(H[2], E[2], out=H[3])
        np.add(H, 1.0, out=H)
        np.reciprocal(H, out=H)
        np.multiply(H, V[3 * nh:4 * nh], out=H)
        H.sum(axis=1, out=Z)
        np.add(Z, V[4 * nh], out=Z)
        np.multiply(Z, S4, out=Z)
        np.exp(Z, out=Z)
        np.add(Z, 1.0, out=Z)
        np.reciprocal(Z, out=Z)
        np.square(Z, out=Z)
        Z.sum(axis=0, out=out)
        return np.multiply(out, 0.25, out=out)

    return plain if variant == "plain" else factorized


def make_simple(nh, C, variant, seed=1):
    P = n_params(nh)
    gen = np.random.Generator(np.random.SFC64(seed))   # numpy's fastest bit generator
    V = np.empty((P, C))
    forward = make_forward(nh, C, variant)
    hist = np.zeros(N_BINS + 2, dtype=np.int64)   # below, bins, above

    def chunk():
        gen.random(out=V)
        np.multiply(V, 2.0 * B, out=V)
        np.subtract(V, B, out=V)
        L = forward(V)
        hist[:] += np.bincount(slots(L), minlength=N_BINS + 2)
    return chunk, V, forward, hist


def check_simple(nh, variant):
    chunk, V, forward, _ = make_simple(nh, 16, variant, seed=5)
    gen = np.random.default_rng(11)
    V[:] = gen.uniform(-B, B, V.shape)
    check_losses(f"numpy/simple/{variant}/{nh}", forward(V).copy(), V.T.tolist(), nh)
    L = np.concatenate((gen.random(5000), np.exp(-12 * gen.random(5000)), EDGES_A,
                        np.nextafter(EDGES_A, -1), [0.0, 2.0, np.inf]))
    with np.errstate(divide="ignore"):
        assert (slots(L) == np.searchsorted(EDGES_A, L, side="right")).all(), "slots"


# ---- batched random walk -----------------------------------------------------------
def forward_all(V, nh):
    """Loss of every column of V (P, W), fresh (plain forward)."""
    wa, wb, b = V[0:2 * nh:2], V[1:2 * nh:2], V[2 * nh:3 * nh]
    H = np.stack([b, wb + b, wa + b, wa + wb + b])           # (4, nh, W)
    sigmoid_(H)
    Z = (H * V[3 * nh:4 * nh]).sum(axis=1) + V[4 * nh]        # (4, W)
    return H, Z, ((sigmoid_(Z.copy()) - Y4) ** 2).sum(axis=0) * 0.25


class Walk:
    def __init__(self, nh, variant, seed=2, walkers=W):
        self.nh, self.variant, self.W = nh, variant, walkers
        self.P = n_params(nh)
        self.gen = np.random.Generator(np.random.SFC64(seed))
        self.cols = np.arange(walkers)
        self.V = np.full((self.P, walkers), 0.1) + 0.01 * self.gen.random((self.P, walkers))
        self.A, self.Z, L = forward_all(self.V, nh)           # A (4, nh, W), Z (4, W)
        self.bin = np.searchsorted(EDGES_A, L, side="right") - 1
        assert ((self.bin >= 0) & (self.bin < N_BINS)).all()
        self.hist = np.zeros(N_BINS, dtype=np.int64)
        self.accepted = 0

    def step(self):
        nh, V, cols = self.nh, self.V, self.cols
        k = self.gen.integers(0, self.P, self.W)
        u = self.gen.random((2, self.W))
        x_old = V[k, cols]
        x_new = x_old + STEP * (2.0 * u[0] - 1.0)
        inside = np.abs(x_new) <= B
        if self.variant == "full":
            V[k, cols] = x_new
            _, _, L = forward_all(V, nh)
        else:
            is_w1, is_b1 = k < 2 * nh, (k >= 2 * nh) & (k < 3 * nh)
            is_w2 = (k >= 3 * nh) & (k < 4 * nh)
            hidden = is_w1 | is_b1
            j = np.where(is_w1, k // 2, np.where(is_b1, k - 2 * nh,
                                                 np.where(is_w2, k - 3 * nh, 0)))
            wa = np.where(is_w1 & (k % 2 == 0), x_new, V[2 * j, cols])
            wb = np.where(is_w1 & (k % 2 == 1), x_new, V[2 * j + 1, cols])
            bb = np.where(is_b1, x_new, V[2 * nh + j, cols])
            a_new = sigmoid_(np.stack([bb, wb + bb, wa + bb, wa + wb + bb]))   # (4, W)
            a_old = self.A[:, j, cols]                                         # (4, W)
            dx = x_new - x_old
            dz = np.where(hidden, V[3 * nh + j, cols] * (a_new - a_old),
                          np.where(is_w2, dx * a_old, dx))
            z_new = self.Z + dz
            L = ((sigmoid_(z_new.copy()) - Y4) ** 2).sum(axis=0) * 0.25
        b_new = slots(L) - 1
        ok = inside & (b_new >= 0) & (b_new < N_BINS)
        b_clip = np.clip(b_new, 0, N_BINS - 1)
        acc = ok & (np.log1p(-u[1]) < LN_G_A[self.bin] - LN_G_A[b_clip])   # u in (0, 1]
        if self.variant == "full":
            rej = ~acc
            V[k[rej], cols[rej]] = x_old[rej]
        else:
            V[k[acc], cols[acc]] = x_new[acc]
            self.Z[:, acc] = z_new[:, acc]
            h = acc & hidden
            self.A[:, j[h], cols[h]] = a_new[:, h]
        self.bin = np.where(acc, b_new, self.bin)
        self.hist += np.bincount(self.bin, minlength=N_BINS)
        self.accepted += int(acc.sum())


def check_walk(nh, variant):
    """After some steps every walker's tracked bin is that of a fresh evaluation."""
    w = Walk(nh, variant, seed=9, walkers=64)
    for _ in range(200):
        w.step()
    _, _, L = forward_all(w.V, nh)
    fresh = np.searchsorted(EDGES_A, L, side="right") - 1
    assert (fresh == w.bin).mean() > 0.99, f"numpy/walk/{variant}/{nh}: bins drifted"
    assert 0.05 < w.accepted / (200 * 64) < 1.0, "acceptance out of range"


# ---- rates -------------------------------------------------------------------------
def simple_rate(args, nh):
    return best_simple_rate(args, nh, sys.modules[__name__], rate, 1)


def walk_rate(args, nh):
    return best_walk_rate(args, nh, sys.modules[__name__], rate, W)



def main(args):
    results, detail = {}, {}
    for nh in HIDDEN:
        r, d, C = simple_rate(args, nh)
        results[result_name("simple", nh)] = r
        detail.update(d)
        detail[f"simple_nh{nh}_chunk"] = C
        r, d = walk_rate(args, nh)
        results[result_name("walk", nh)] = r
        detail.update(d)
    report("dos_numpy", args, results, threads_used=1, numpy=np.__version__, walkers=W,
           **detail)


if __name__ == "__main__":
    main(ARGS)
