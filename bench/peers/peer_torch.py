"""PyTorch peer (CPU, float64): the 2-2-1 sigmoid XOR network done in torch.

(a) one trajectory on tensors of the 4 XOR rows, two variants -- autograd
    (torch.autograd.grad + in-place update) and hand-written backprop under
    torch.no_grad() -- reporting the faster as gd_single_epochs_per_s;
(b) ensemble: T = 4096 trajectories as parameters of shape (9, T), fully
    vectorized hand-written backprop, no_grad, preallocated buffers and
    in-place/out= ops, trajectory-epochs/s;
(c) forward-only loss of N = 2^20 parameter vectors (9, N) in column chunks
    of 8192 * threads, loss evaluations/s;
(d) torch.sigmoid of a 2^22 array into a preallocated output, elements/s.
torch.set_num_threads(--threads); per-core rates divide by that number.
OMP_WAIT_POLICY defaults to PASSIVE (see below); set it to override.
Usage: peer_torch.py [--quick] [--threads N] [--verbose]
"""
import os

from common import (ETA, N_LOSS, N_SIGMOID, T_ENSEMBLE, V0, check, parse_args,
                    rate, report)

# Spin-waiting OpenMP workers make multi-threaded runs intermittently 10-100x
# slower on the 2-vCPU KVM guest this was written on; sleeping ones do not.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402  (after OMP_WAIT_POLICY)

F64 = torch.float64
X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=F64)
Y = torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=F64)
YC = Y[:, None]


def empty(*shape):
    return torch.empty(shape, dtype=F64)


def uniform(shape, lo, hi, seed):
    gen = torch.Generator().manual_seed(seed)
    return torch.rand(shape, dtype=F64, generator=gen) * (hi - lo) + lo


# ---- (a) one trajectory -----------------------------------------------------
def loss_single(v):
    A = torch.sigmoid(X @ v[0:4].view(2, 2).t() + v[4:6])     # (4, 2)
    yh = torch.sigmoid(A @ v[6:8] + v[8])                     # (4,)
    return torch.mean((yh - Y) ** 2)


def step_autograd(v, eta=ETA):
    """v: leaf tensor (9,) with requires_grad; updated in place."""
    (g,) = torch.autograd.grad(loss_single(v), v)
    with torch.no_grad():
        v.sub_(g, alpha=eta)
    return v


@torch.no_grad()
def step_manual(v, eta=ETA):
    """Hand-written backprop; v (9,) updated in place."""
    A = torch.sigmoid(X @ v[0:4].view(2, 2).t() + v[4:6])
    yh = torch.sigmoid(A @ v[6:8] + v[8])
    d = (yh - Y) * yh * (1.0 - yh) * 0.5                      # dL/dz_out
    dh = torch.outer(d, v[6:8]) * A * (1.0 - A)               # dL/dz_hidden
    g = torch.cat(((dh.t() @ X).view(4), dh.sum(0), d @ A, d.sum().view(1)))
    return v.sub_(g, alpha=eta)


# ---- (b) ensemble, parameters (9, T) ---------------------------------------
# Broadcast element-wise ops instead of torch.matmul: matmul with out= and a
# broadcast (4, 2) operand goes through a slow generic bmm plus copies here.
X0, X1 = X[:, 0].reshape(1, 4, 1).clone(), X[:, 1].reshape(1, 4, 1).clone()


def hidden_(A, P):
    """A (2, 4, T) <- sigmoid(W1 x_m + b1) for every row m and column of P."""
    W = P[0:4].view(2, 2, -1)
    torch.mul(X0, W[:, 0:1, :], out=A).addcmul_(X1, W[:, 1:2, :])
    return A.add_(P[4:6, None, :]).sigmoid_()


def make_ensemble_step(T):
    A, t, G = empty(2, 4, T), empty(2, 4, T), empty(9, T)
    yh, d = empty(4, T), empty(4, T)
    gw = G[0:4].view(2, 2, T)

    @torch.no_grad()
    def step(P, eta=ETA):
        """One GD step for every column of P (9, T), in place."""
        u = P[6:8, None, :]
        hidden_(A, P)                                          # (2, 4, T)
        torch.mul(u, A, out=t)
        torch.add(t[0], t[1], out=yh).add_(P[8]).sigmoid_()
        torch.sub(yh, YC, out=d).mul_(yh)
        d.mul_(torch.sub(1.0, yh, out=yh)).mul_(0.5)          # dL/dz_out
        torch.sum(torch.mul(d, A, out=t), 1, out=G[6:8])
        torch.sum(d, 0, out=G[8])
        torch.sub(1.0, A, out=t).mul_(A).mul_(d).mul_(u)      # dL/dz_hidden
        torch.sum(t, 1, out=G[4:6])
        torch.sum(torch.mul(t, X0, out=A), 1, out=gw[:, 0, :])
        torch.sum(torch.mul(t, X1, out=A), 1, out=gw[:, 1, :])
        return P.sub_(G, alpha=eta)
    return step


# ---- (c) forward-only loss of many parameter vectors (9, N) ----------------
def make_loss_batch(C):
    A, t, o = empty(2, 4, C), empty(2, 4, C), empty(4, C)

    @torch.no_grad()
    def loss(P, out):
        """out[k] = L(P[:, k]); P (9, N) with N a multiple of C."""
        assert P.shape[1] % C == 0
        for s in range(0, P.shape[1], C):
            p = P[:, s:s + C]
            torch.mul(p[6:8, None, :], hidden_(A, p), out=t)
            yh = torch.add(t[0], t[1], out=o).add_(p[8]).sigmoid_()
            yh.sub_(YC).square_()
            torch.sum(o, 0, out=out[s:s + C]).mul_(0.25)
        return out
    return loss


def checks(verbose):
    """(a) both variants, then (b) and (c) on V0 placed among random columns."""
    def leaf(v):
        return torch.tensor(v, dtype=F64, requires_grad=True)

    def tensor(v):
        return torch.tensor(v, dtype=F64)

    check("torch/autograd", lambda v: loss_single(leaf(v)).item(),
          lambda v: step_autograd(leaf(v)).tolist(), verbose)
    check("torch/manual", lambda v: loss_single(tensor(v)).item(),
          lambda v: step_manual(tensor(v)).tolist(), verbose)
    step, loss = make_ensemble_step(8), make_loss_batch(4)

    def cols(v):
        P = uniform((9, 8), -1.0, 1.0, seed=7)
        P[:, 3] = tensor(v)
        return P
    check("torch/ensemble", lambda v: loss(cols(v), empty(8))[3].item(),
          lambda v: step(cols(v))[:, 3].tolist(), verbose)


# ---- rates ------------------------------------------------------------------
def gd_single_rates(args):
    def run_with(step, v):
        def run(n):
            for _ in range(n):
                step(v)
        return run
    v = torch.tensor(V0, dtype=F64, requires_grad=True)
    auto = rate(run_with(step_autograd, v), 1, args, "gd_single/autograd")
    manual = rate(run_with(step_manual, torch.tensor(V0, dtype=F64)), 1, args,
                  "gd_single/manual")
    return auto, manual


def ensemble_rate(args, T):
    P = uniform((9, T), 0.0, 0.1, seed=1)
    step = make_ensemble_step(T)

    def run(n):
        for _ in range(n):
            step(P)
    return rate(run, T, args, "ensemble")


def loss_eval_rate(args, N, C):
    P, out, loss = uniform((9, N), -1.0, 1.0, seed=2), empty(N), make_loss_batch(C)

    def run(n):
        for _ in range(n):
            loss(P, out)
    return rate(run, N, args, "loss_evals")


def sigmoid_rate(args, n_elem):
    z, a = uniform((n_elem,), -5.0, 5.0, seed=3), empty(n_elem)

    def run(n):
        for _ in range(n):
            torch.sigmoid(z, out=a)
    return rate(run, n_elem, args, "sigmoid")


def main():
    args = parse_args(__doc__.splitlines()[0])
    torch.set_num_threads(args.threads)
    checks(args.verbose)
    T, N, S = (256, 1 << 14, 1 << 16) if args.quick else (T_ENSEMBLE, N_LOSS, N_SIGMOID)
    C = min(N, 8192 << (args.threads - 1).bit_length())  # ~8192 per thread: best
    auto, manual = gd_single_rates(args)
    results = {"gd_single_epochs_per_s": max(auto, manual),
               "ensemble_traj_epochs_per_s": ensemble_rate(args, T),
               "loss_evals_per_s": loss_eval_rate(args, N, C),
               "sigmoid_per_s": sigmoid_rate(args, S)}
    report("torch", args, results, threads_used=torch.get_num_threads(),
           torch=torch.__version__, gd_single_autograd=auto, gd_single_manual=manual,
           ensemble_T=T, loss_N=N, loss_chunk=C, sigmoid_n=S,
           omp_wait_policy=os.environ["OMP_WAIT_POLICY"])


if __name__ == "__main__":
    main()
