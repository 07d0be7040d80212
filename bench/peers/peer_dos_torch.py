"""PyTorch peer (CPU, float64) for the density of states (bench_kernels' dos_simple, dos_walker).

The same workloads and variants as peer_dos_numpy.py, in torch: simple sampling in chunks of C
samples (torch.rand into a preallocated (P, C) tensor, plain and factorized forward passes, the
bin from the bins' formula corrected against the edges, torch.bincount); the batched random walk
of W = 4096 walkers (full and incremental variants). torch.no_grad throughout, out= and in-place
ops where torch has them. torch.set_num_threads(--threads); per-core rates divide by that
number. OMP_WAIT_POLICY defaults to PASSIVE (see peer_torch.py).
Usage: peer_dos_torch.py [--quick] [--threads N] [--verbose]
"""
import os
import sys

from common import parse_args, rate, report
from dos_common import (best_simple_rate, best_walk_rate, B, EDGES, HIDDEN, LN_G, N_BINS, STEP, XOR_Y, check_losses, n_params,
                        result_name)

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402  (after OMP_WAIT_POLICY)

F64 = torch.float64
EDGES_T = torch.tensor(EDGES, dtype=F64)
EDGES_PAD = torch.cat((torch.tensor([-float("inf")], dtype=F64), EDGES_T,
                       torch.tensor([float("nan")], dtype=F64)))   # EDGES_PAD[s] = EDGES[s - 1]
LO, CUT, HI, N_LOG = EDGES[0], EDGES[20], EDGES[-1], 20
LN_G_T = torch.tensor(LN_G, dtype=F64)
Y4 = torch.tensor(XOR_Y, dtype=F64)[:, None]
S4 = 2.0 * Y4 - 1.0
W = 4096


def slots(L):
    """torch.bucketize(L, EDGES, right=True), from the bins' formula plus one correction each
    way (as peer_dos_numpy.slots)."""
    g = torch.where(L < CUT, torch.log(L * (1.0 / LO)) * (N_LOG / torch.log(torch.tensor(CUT / LO))),
                    (L - CUT) * ((N_BINS - N_LOG) / (HI - CUT)) + N_LOG)
    s = torch.clamp(g, -1.0, float(N_BINS)).to(torch.int64) + 1
    s += (L >= EDGES_PAD[s + 1]).to(torch.int64)
    s -= (L < EDGES_PAD[s]).to(torch.int64)
    return s


def make_forward(nh, C, variant):
    H = torch.empty((4, nh, C), dtype=F64)
    E = torch.empty((3, nh, C), dtype=F64)
    Z = torch.empty((4, C), dtype=F64)
    out = torch.empty(C, dtype=F64)

    def plain(V):
        wa, wb, b = V[0:2 * nh:2], V[1:2 * nh:2], V[2 * nh:3 * nh]
        H[0].copy_(b)
        torch.add(wb, b, out=H[1])
        torch.add(wa, b, out=H[2])
        torch.add(H[2], wb, out=H[3])
        torch.sigmoid_(H)
        H.mul_(V[3 * nh:4 * nh])
        torch.sum(H, dim=1, out=Z)
        Z.add_(V[4 * nh])
        torch.sigmoid_(Z)
        Z.sub_(Y4).square_()
        torch.sum(Z, dim=0, out=out)
        return out.mul_(0.25)

    def factorized(V):
        torch.exp(torch.neg(V[2 * nh:3 * nh]), out=E[0])   # e^{-b}
        torch.exp(torch.neg(V[0:2 * nh:2]), out=E[1])      # e^{-w_a}
        torch.exp(torch.neg(V[1:2 * nh:2]), out=E[2])      # e^{-w_b}
        H[0].copy_(E[0])
        torch.mul(E[0], E[2], out=H[1])
        torch.mul(E[0], E[1], out=H[2])
        torch.mul(H[2], E[2], out=H[3])
        H.add_(1.0).reciprocal_()
        H.mul_(V[3 * nh:4 * nh])
        torch.sum(H, dim=1, out=Z)
        Z.add_(V[4 * nh]).mul_(S4).exp_().add_(1.0).reciprocal_().square_()
        torch.sum(Z, dim=0, out=out)
        return out.mul_(0.25)

    return plain if variant == "plain" else factorized


def make_simple(nh, C, variant, seed=1):
    P = n_params(nh)
    gen = torch.Generator().manual_seed(seed)
    V = torch.empty((P, C), dtype=F64)
    forward = make_forward(nh, C, variant)
    hist = torch.zeros(N_BINS + 2, dtype=torch.int64)

    def chunk():
        torch.rand((P, C), generator=gen, dtype=F64, out=V)
        V.mul_(2.0 * B).sub_(B)
        hist.add_(torch.bincount(slots(forward(V)), minlength=N_BINS + 2))
    return chunk, V, forward, hist


def check_simple(nh, variant):
    _, V, forward, _ = make_simple(nh, 16, variant, seed=5)
    gen = torch.Generator().manual_seed(11)
    V.copy_(torch.rand(V.shape, generator=gen, dtype=F64) * 2 * B - B)
    check_losses(f"torch/simple/{variant}/{nh}", forward(V).tolist(), V.t().tolist(), nh)
    L = torch.cat((torch.rand(5000, generator=gen, dtype=F64),
                   torch.exp(-12 * torch.rand(5000, generator=gen, dtype=F64)), EDGES_T,
                   torch.nextafter(EDGES_T, torch.tensor(-1.0, dtype=F64)),
                   torch.tensor([2.0, float("inf")], dtype=F64)))
    assert torch.equal(slots(L), torch.bucketize(L, EDGES_T, right=True)), "slots"


def forward_all(V, nh):
    wa, wb, b = V[0:2 * nh:2], V[1:2 * nh:2], V[2 * nh:3 * nh]
    H = torch.sigmoid(torch.stack([b, wb + b, wa + b, wa + wb + b]))    # (4, nh, W)
    Z = (H * V[3 * nh:4 * nh]).sum(dim=1) + V[4 * nh]                    # (4, W)
    return H, Z, ((torch.sigmoid(Z) - Y4) ** 2).sum(dim=0) * 0.25


class Walk:
    def __init__(self, nh, variant, seed=2, walkers=W):
        self.nh, self.variant, self.W = nh, variant, walkers
        self.P = n_params(nh)
        self.gen = torch.Generator().manual_seed(seed)
        self.cols = torch.arange(walkers)
        self.V = 0.1 + 0.01 * torch.rand((self.P, walkers), generator=self.gen, dtype=F64)
        self.A, self.Z, L = forward_all(self.V, nh)
        self.bin = slots(L) - 1
        assert bool(((self.bin >= 0) & (self.bin < N_BINS)).all())
        self.hist = torch.zeros(N_BINS, dtype=torch.int64)
        self.accepted = 0

    def step(self):
        nh, V, cols = self.nh, self.V, self.cols
        k = torch.randint(0, self.P, (self.W,), generator=self.gen)
        u = torch.rand((2, self.W), generator=self.gen, dtype=F64)
        x_old = V[k, cols]
        x_new = x_old + STEP * (2.0 * u[0] - 1.0)
        inside = x_new.abs() <= B
        if self.variant == "full":
            V[k, cols] = x_new
            _, _, L = forward_all(V, nh)
        else:
            is_w1, is_b1 = k < 2 * nh, (k >= 2 * nh) & (k < 3 * nh)
            is_w2 = (k >= 3 * nh) & (k < 4 * nh)
            hidden = is_w1 | is_b1
            j = torch.where(is_w1, k // 2, torch.where(is_b1, k - 2 * nh,
                                                       torch.where(is_w2, k - 3 * nh, 0)))
            wa = torch.where(is_w1 & (k % 2 == 0), x_new, V[2 * j, cols])
            wb = torch.where(is_w1 & (k % 2 == 1), x_new, V[2 * j + 1, cols])
            bb = torch.where(is_b1, x_new, V[2 * nh + j, cols])
            a_new = torch.sigmoid(torch.stack([bb, wb + bb, wa + bb, wa + wb + bb]))
            a_old = self.A[:, j, cols]
            dx = x_new - x_old
            dz = torch.where(hidden, V[3 * nh + j, cols] * (a_new - a_old),
                             torch.where(is_w2, dx * a_old, dx.expand(4, -1)))
            z_new = self.Z + dz
            L = ((torch.sigmoid(z_new) - Y4) ** 2).sum(dim=0) * 0.25
        b_new = slots(L) - 1
        ok = inside & (b_new >= 0) & (b_new < N_BINS)
        b_clip = b_new.clamp(0, N_BINS - 1)
        acc = ok & (torch.log1p(-u[1]) < LN_G_T[self.bin] - LN_G_T[b_clip])
        if self.variant == "full":
            rej = ~acc
            V[k[rej], cols[rej]] = x_old[rej]
        else:
            V[k[acc], cols[acc]] = x_new[acc]
            self.Z[:, acc] = z_new[:, acc]
            h = acc & hidden
            self.A[:, j[h], cols[h]] = a_new[:, h]
        self.bin = torch.where(acc, b_new, self.bin)
        self.hist += torch.bincount(self.bin, minlength=N_BINS)
        self.accepted += int(acc.sum())


def check_walk(nh, variant):
    w = Walk(nh, variant, seed=9, walkers=64)
    for _ in range(200):
        w.step()
    _, _, L = forward_all(w.V, nh)
    assert float(((slots(L) - 1) == w.bin).double().mean()) > 0.99, f"torch/walk/{variant}/{nh}"
    assert 0.05 < w.accepted / (200 * 64) < 1.0, "acceptance out of range"


def simple_rate(args, nh):
    return best_simple_rate(args, nh, sys.modules[__name__], rate, args.threads)


def walk_rate(args, nh):
    return best_walk_rate(args, nh, sys.modules[__name__], rate, W)



@torch.no_grad()
def main(args):
    torch.set_num_threads(args.threads)
    results, detail = {}, {}
    for nh in HIDDEN:
        r, d, C = simple_rate(args, nh)
        results[result_name("simple", nh)] = r
        detail.update(d)
        detail[f"simple_nh{nh}_chunk"] = C
        r, d = walk_rate(args, nh)
        results[result_name("walk", nh)] = r
        detail.update(d)
    report("dos_torch", args, results, threads_used=args.threads, torch=torch.__version__,
           walkers=W, **detail)


if __name__ == "__main__":
    main(parse_args(__doc__.splitlines()[0]))
