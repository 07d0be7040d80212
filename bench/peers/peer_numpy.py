"""NumPy peer: the 2-2-1 sigmoid XOR network done the way a NumPy user would.

(a) one trajectory: forward/backward vectorized over the 4 XOR rows
    (hand-written backprop, matrix form), gradient-descent epochs/s;
(b) ensemble: T = 4096 trajectories as parameters of shape (9, T), fully
    vectorized hand-written backprop with preallocated buffers (out=),
    trajectory-epochs/s;
(c) forward-only loss of N = 2^20 parameter vectors (9, N), in cache-sized
    column chunks of 8192, loss evaluations/s;
(d) sigmoid 1/(1+exp(-z)) of a 2^22 array into a preallocated output (four
    ufuncs with out=, no temporaries), elements/s.
Element-wise NumPy ufuncs are single-threaded; OMP/OPENBLAS/MKL_NUM_THREADS
are set to --threads before the import (BLAS only sees 4x2 matmuls), and
per-core rates divide by threads_used = 1.
Usage: peer_numpy.py [--quick] [--threads N] [--verbose]  (a script: it parses
sys.argv when loaded, to set the thread variables before numpy is imported)
"""
import os

from common import (ETA, N_LOSS, N_SIGMOID, T_ENSEMBLE, V0, check, parse_args,
                    rate, report)

ARGS = parse_args(__doc__.splitlines()[0])
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)
import numpy as np  # noqa: E402  (after the thread variables)

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # (4, 2)
XT = np.ascontiguousarray(X.T)                                   # (2, 4)
Y = np.array([0.0, 1.0, 1.0, 0.0])
YC = Y[:, None]                                                  # (4, 1)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_(z, out=None):
    """out <- 1 / (1 + exp(-z)) without temporaries; in place by default."""
    out = z if out is None else out
    np.negative(z, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    return np.reciprocal(out, out=out)


# ---- (a) one trajectory, matrix form over the 4 rows ----------------------
def loss_single(v):
    A = sigmoid(X @ v[0:4].reshape(2, 2).T + v[4:6])       # (4, 2) hidden
    yh = sigmoid(A @ v[6:8] + v[8])                         # (4,)
    return np.mean((yh - Y) ** 2)


def step_single(v, eta=ETA):
    """One GD step, in place on v (9,)."""
    A = sigmoid(X @ v[0:4].reshape(2, 2).T + v[4:6])
    yh = sigmoid(A @ v[6:8] + v[8])
    d = (yh - Y) * yh * (1.0 - yh) * 0.5                    # dL/dz_out per row
    dh = np.outer(d, v[6:8]) * A * (1.0 - A)                # dL/dz_hidden
    g = np.concatenate(((dh.T @ X).ravel(), dh.sum(0), d @ A, [d.sum()]))
    v -= eta * g
    return v


# ---- (b) ensemble, parameters (9, T) ---------------------------------------
def make_ensemble_step(T):
    A, t, G = np.empty((2, 4, T)), np.empty((2, 4, T)), np.empty((9, T))
    yh, d = np.empty((4, T)), np.empty((4, T))
    gw = G[0:4].reshape(2, 2, T)

    def step(P, eta=ETA):
        """One GD step for every column of P (9, T), in place."""
        u = P[6:8, None, :]
        np.matmul(X, P[0:4].reshape(2, 2, T), out=A)  # z_hidden (2, 4, T)
        sigmoid_(np.add(A, P[4:6, None, :], out=A))
        np.multiply(u, A, out=t)
        sigmoid_(np.add(np.add(t[0], t[1], out=yh), P[8], out=yh))
        np.multiply(np.subtract(yh, YC, out=d), yh, out=d)
        np.multiply(d, np.subtract(1.0, yh, out=yh), out=d)
        np.multiply(d, 0.5, out=d)                          # dL/dz_out
        np.multiply(d, A, out=t)
        t.sum(1, out=G[6:8])
        d.sum(0, out=G[8])
        np.multiply(np.subtract(1.0, A, out=t), A, out=t)
        np.multiply(np.multiply(t, d, out=t), u, out=t)     # dL/dz_hidden
        np.matmul(XT, t, out=gw)
        t.sum(1, out=G[4:6])
        P -= np.multiply(G, eta, out=G)
        return P
    return step


# ---- (c) forward-only loss of many parameter vectors (9, N) ----------------
def make_loss_batch(C):
    A, t, o = np.empty((2, 4, C)), np.empty((2, 4, C)), np.empty((4, C))

    def loss(P, out):
        """out[k] = L(P[:, k]); P (9, N) with N a multiple of C."""
        assert P.shape[1] % C == 0
        for s in range(0, P.shape[1], C):
            p = P[:, s:s + C]
            np.matmul(X, p[0:4].reshape(2, 2, C), out=A)
            sigmoid_(np.add(A, p[4:6, None, :], out=A))
            np.multiply(p[6:8, None, :], A, out=t)
            sigmoid_(np.add(np.add(t[0], t[1], out=o), p[8], out=o))
            np.square(np.subtract(o, YC, out=o), out=o)
            np.multiply(o.sum(0, out=out[s:s + C]), 0.25, out=out[s:s + C])
        return out
    return loss


def batch_checks(verbose):
    """Check (b) and (c) on V0 placed among random columns."""
    rng = np.random.default_rng(7)
    step, loss = make_ensemble_step(8), make_loss_batch(4)

    def cols(v):
        P = rng.uniform(-1.0, 1.0, (9, 8))
        P[:, 3] = v
        return P
    check("numpy/ensemble", lambda v: loss(cols(v), np.empty(8))[3],
          lambda v: step(cols(v))[:, 3], verbose)


# ---- rates ------------------------------------------------------------------
def gd_single_rate(args):
    v = np.array(V0)

    def run(n):
        for _ in range(n):
            step_single(v)
    return rate(run, 1, args, "gd_single")


def ensemble_rate(args, T):
    P = np.random.default_rng(1).uniform(0.0, 0.1, (9, T))
    step = make_ensemble_step(T)

    def run(n):
        for _ in range(n):
            step(P)
    return rate(run, T, args, "ensemble")


def loss_eval_rate(args, N, C):
    P = np.random.default_rng(2).uniform(-1.0, 1.0, (9, N))
    out, loss = np.empty(N), make_loss_batch(C)

    def run(n):
        for _ in range(n):
            loss(P, out)
    return rate(run, N, args, "loss_evals")


def sigmoid_rate(args, n_elem):
    z = np.random.default_rng(3).uniform(-5.0, 5.0, n_elem)
    a = np.empty_like(z)

    def run(n):
        for _ in range(n):
            sigmoid_(z, out=a)
    return rate(run, n_elem, args, "sigmoid")


def main(args):
    check("numpy/single", lambda v: loss_single(np.array(v)),
          lambda v: step_single(np.array(v)), args.verbose)
    batch_checks(args.verbose)
    T, N, S = (256, 1 << 14, 1 << 16) if args.quick else (T_ENSEMBLE, N_LOSS, N_SIGMOID)
    C = 8192                      # loss chunk: measured best of 512 ... 2^20
    results = {"gd_single_epochs_per_s": gd_single_rate(args),
               "ensemble_traj_epochs_per_s": ensemble_rate(args, T),
               "loss_evals_per_s": loss_eval_rate(args, N, C),
               "sigmoid_per_s": sigmoid_rate(args, S)}
    report("numpy", args, results, threads_used=1, numpy=np.__version__,
           ensemble_T=T, loss_N=N, loss_chunk=C, sigmoid_n=S)


if __name__ == "__main__":
    main(ARGS)
