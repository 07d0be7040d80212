"""Plain-Python peer (math module, no numpy): the XOR network as a scalar loop.

(a) gradient-descent epochs/s for one parameter vector (hand-written backprop,
    row by row, ``common.step_scalar``), and for context (c) loss evaluations/s
    over a list of parameter vectors.  Single-threaded by nature, so
    threads_used = 1 whatever --threads says.
Usage: peer_python_loop.py [--quick] [--threads N] [--verbose]
"""
import random

from common import (V0, check, loss_scalar, parse_args, rate, report,
                    step_scalar)


def gd_single_rate(args):
    def run(n):
        v = V0
        for _ in range(n):
            v = step_scalar(v)
    return rate(run, 1, args, "gd_single")


def loss_eval_rate(args, n_vec):
    rng = random.Random(1)
    vs = [[rng.uniform(-1, 1) for _ in range(9)] for _ in range(n_vec)]

    def run(n):
        for _ in range(n):
            for v in vs:
                loss_scalar(v)
    return rate(run, n_vec, args, "loss_evals")


def main():
    args = parse_args(__doc__.splitlines()[0])
    check("python_loop", loss_scalar, step_scalar, args.verbose)
    n_vec = 256 if args.quick else 4096
    results = {"gd_single_epochs_per_s": gd_single_rate(args),
               "loss_evals_per_s": loss_eval_rate(args, n_vec)}
    report("python_loop", args, results, threads_used=1, loss_n=n_vec)


if __name__ == "__main__":
    main()
