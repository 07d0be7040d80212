#!/usr/bin/python3
"""Write small synthetic xorscape `train`, `evaluate` and `landscape` files (schema v1).

The train file has n_h = 2 and 18, three step sizes, two replicas and ~30 log-spaced
recorded epochs: a loss plateau at 0.25, a drop at an eta-dependent epoch and a power-law
tail tau^(-gamma) (gamma = 1.0 for n_h = 2, 1.2 for n_h = 18); parameters drift toward a
solution and activations follow from them. Replica 1 of the smallest step size never
converges, and replica 1 of the largest step size diverges for n_h = 18, so the scripts meet
fill values. The evaluate file holds the five Table II vectors in both layouts, as
`xorscape evaluate --input.preset table2 --input.layout both` writes them. The landscape files
hold a few small non-square cross-sections around Table II #1 (some stored in the paper's
orientation, some the other way round) with descent paths drawn as straight lines: one
full-batch, one random-batch (S = 16 scans), and one random-batch file of an interrupted run
(no summary, unwritten rows NaN, no paths group).
Only for testing the analysis scripts: nothing here is a simulation.
"""
from __future__ import annotations

import argparse
import os

import h5py
import numpy as np

STR = h5py.string_dtype("utf-8")
INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
TARGETS = np.array([0, 1, 1, 0], dtype=float)
TABLE2 = np.array([
    [-6.05, -6.05, -4.23, -4.24, 2.36, 6.29, -8.68, 8.46, -3.94],
    [-6.20, 5.64, 5.91, -5.96, -3.78, -3.63, 8.53, 8.65, -3.68],
    [-6.28, -6.17, 6.31, 6.10, 2.11, -3.28, -7.49, 9.21, 2.56],
    [-1.73, -8.76, 1.74, 9.31, -0.35, 4.02, 16.96, -11.51, 1.02],
    [7.25, 5.65, 7.16, 5.69, -3.25, -8.60, 13.61, -14.04, -6.53]])
STEP_SIZES = np.array([0.03, 0.1, 1.0])
K = 2
THRESHOLD = 0.005
GAMMA = {2: 1.0, 18: 1.2}
TAU_DROP = {2: 7000.0, 18: 3000.0}  # drop epoch times eta


def write(group, name, data, description, axes="", dtype=None):
    ds = group.create_dataset(name, data=data, dtype=dtype)
    ds.attrs["description"] = description
    ds.attrs["axes"] = axes
    return ds


def param_names(n_h):
    sep = "_" if n_h >= 10 else ""
    return ([f"w1_{i}{sep}{j}" for i in range(1, n_h + 1) for j in (1, 2)]
            + [f"b1_{i}" for i in range(1, n_h + 1)] + [f"w2_1{sep}{i}" for i in range(1, n_h + 1)]
            + ["b2_1"])


def forward(p, n_h):
    """Hidden activations (..., 4, n_h) and outputs (..., 4) of sigmoid networks p (..., P)."""
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))  # noqa: E731
    w1 = p[..., :2 * n_h].reshape(p.shape[:-1] + (n_h, 2))
    b1, w2, b2 = p[..., 2 * n_h:3 * n_h], p[..., 3 * n_h:4 * n_h], p[..., 4 * n_h]
    hidden = sig(np.einsum("...ij,cj->...ci", w1, INPUTS) + b1[..., None, :])
    output = sig(np.einsum("...ci,...i->...c", hidden, w2) + b2[..., None])
    return hidden, output


def provenance(f, subcommand, seed):
    attrs = dict(schema_version=1, program="xorscape", program_version="0.0.0-sample",
                 git_commit="0" * 40, subcommand=subcommand,
                 command_line=f"make_sample_files.py ({subcommand})",
                 config="[sample]\nsynthetic = true\n", config_hash="f" * 16, seed=seed,
                 created_utc="2024-01-01T00:00:00Z", host="sample", threads=1, ranks=1,
                 shard="0/1")
    f.attrs.update(attrs)
    net = f.create_group("network")
    net.attrs.update(dict(n_inputs=2, n_outputs=1, hidden_activation="sigmoid",
                          output_activation="sigmoid", gate="xor", loss="mse"))
    write(net, "hidden_sizes", np.array([2, 18]), "hidden-layer sizes n_h of the run")
    write(net, "inputs", INPUTS, "truth-table inputs (0,0),(0,1),(1,0),(1,1)", "case,input")
    write(net, "targets", TARGETS, "target output per truth-table row", "case")


def make_train(path, rng):
    epoch = np.unique(np.concatenate([[0], np.round(np.logspace(0, 6, 30))])).astype(np.uint64)
    tau = epoch.astype(float)
    n_rec, n_steps = len(epoch), len(STEP_SIZES)
    with h5py.File(path, "w") as f:
        provenance(f, "train", seed=1234)
        train = f.create_group("train")
        train.attrs.update(dict(optimizer="gd", batch="random", epochs=int(epoch[-1]),
                                threshold=THRESHOLD, init_scheme="uniform01x0.1"))
        write(train, "epoch", epoch, "recorded epochs", "epoch")
        write(train, "step_size", STEP_SIZES, "learning rate eta", "step_size")
        write(train, "replica", np.arange(K), "replica index", "replica")
        write(train, "task_done", np.ones(2 * n_steps * K, np.uint8), "done-mask over tasks",
              "task")
        for offset, n_h in enumerate((2, 18)):
            names = param_names(n_h)
            P = len(names)
            target = TABLE2[0] if n_h == 2 else rng.normal(0, 4, P)
            shape = (n_steps, K)
            loss = np.empty(shape + (n_rec,))
            params = np.empty(shape + (n_rec, P))
            conv = np.full(shape, -1, np.int64)
            gamma, stderr = np.full(shape, np.nan), np.full(shape, np.nan)
            points = np.zeros(shape, np.int32)
            first, last = np.zeros(shape, np.uint64), np.zeros(shape, np.uint64)
            div, div_epoch = np.zeros(shape, np.uint8), np.full(shape, -1, np.int64)
            for s, eta in enumerate(STEP_SIZES):
                for r in range(K):
                    t_drop = TAU_DROP[n_h] / eta * (1.0 + 0.3 * r) * (3.0 if s == 0 and r else 1.0)
                    h = 1.0 / (1.0 + (t_drop / np.maximum(tau, 1)) ** 6)
                    loss[s, r] = 0.25 * (1 - h) + 0.02 * h * (np.maximum(tau, 1) / t_drop) ** -GAMMA[n_h]
                    drift = h * (1 + 0.15 * np.log(np.maximum(tau / t_drop, 1)))
                    init = 0.1 * rng.random(P)
                    params[s, r] = init + drift[:, None] * (target - init)
                    below = np.nonzero(loss[s, r] < THRESHOLD)[0]
                    if below.size:
                        conv[s, r] = epoch[below[0]]
                        window = tau >= max(2 * t_drop, tau[below[0]])
                        points[s, r] = window.sum()
                        first[s, r], last[s, r] = epoch[window][0], epoch[-1]
                        gamma[s, r] = GAMMA[n_h] + rng.normal(0, 0.02)
                        stderr[s, r] = 0.01 + 0.01 * rng.random()
            if n_h == 18:  # a diverged run: NaN after its divergence epoch
                s, r = n_steps - 1, 1
                bad = tau > 100
                loss[s, r, bad], params[s, r, bad] = np.nan, np.nan
                div[s, r], div_epoch[s, r] = 1, epoch[bad][0]
                conv[s, r], gamma[s, r], stderr[s, r], points[s, r] = -1, np.nan, np.nan, 0
                first[s, r] = last[s, r] = 0
            hidden, output = forward(params, n_h)
            batch = loss * np.exp(rng.normal(0, 0.3, loss.shape))

            g = train.create_group(f"nh_{n_h}")
            g.attrs.update(dict(n_h=n_h, n_params=P, task_offset=offset * n_steps * K))
            run = "step_size,replica"
            write(g, "param_names", names, "parameter names in vector order", "param", STR)
            write(g, "loss_batch", batch, "loss of the batch used", run + ",epoch")
            write(g, "loss_full", loss, "full-batch loss", run + ",epoch")
            write(g, "params", params, "all parameters", run + ",epoch,param")
            write(g, "hidden_activation", hidden, "hidden activations a_i^(1)",
                  run + ",epoch,case,hidden")
            write(g, "output", output, "output a_1^(2)", run + ",epoch,case")
            for layer in (1, 2):
                norm = np.abs(np.gradient(loss, axis=-1)) * (3 - layer)
                write(g, f"grad_norm_w{layer}", norm, f"gradient norm of w{layer}", run + ",epoch")
            write(g, "final_params", params[:, :, -1], "parameters after the last epoch", run + ",param")
            write(g, "final_loss_full", loss[:, :, -1], "full-batch loss after the last epoch", run)
            write(g, "convergence_epoch", conv, "first epoch with loss below threshold", run)
            write(g, "diverged", div, "1 if the run diverged", run)
            write(g, "divergence_epoch", div_epoch, "epoch of divergence", run)
            write(g, "gamma", gamma, "power-law exponent of the loss tail", run)
            write(g, "gamma_stderr", stderr, "standard error of gamma", run)
            write(g, "gamma_fit_points", points, "records used by the fit", run)
            write(g, "gamma_fit_first_epoch", first, "first epoch of the fit window", run)
            write(g, "gamma_fit_last_epoch", last, "last epoch of the fit window", run)
            write(g, "accepted_moves", np.zeros(shape, np.uint64), "zero-T MC accepted moves", run)


def make_evaluate(path):
    transposed = TABLE2.copy()
    transposed[:, [1, 2]] = TABLE2[:, [2, 1]]
    params = np.stack([TABLE2, transposed], axis=1).reshape(-1, 9)  # paper, transposed per row
    labels = [f"table2#{k + 1} ({layout})" for k in range(5) for layout in ("paper", "transposed")]
    hidden, output = forward(params, 2)
    loss = np.mean((output - TARGETS) ** 2, axis=-1)
    with h5py.File(path, "w") as f:
        provenance(f, "evaluate", seed=0)
        ev = f.create_group("evaluate")
        ev.attrs.update(dict(layout="both", source="table2"))
        write(ev, "param_names", param_names(2), "parameter names in vector order", "param", STR)
        write(ev, "params", params, "evaluated vectors", "vector,param")
        write(ev, "label", labels, "label per vector", "vector", STR)
        write(ev, "loss", loss, "full-batch loss", "vector")
        write(ev, "output", output, "y-hat per truth-table row", "vector,case")
        write(ev, "hidden_activation", hidden, "hidden activations", "vector,case,hidden")
        write(ev, "gradient", np.zeros_like(params), "full-batch gradient", "vector,param")
        for name in ("w1", "b1", "w2", "b2"):
            write(ev, f"grad_norm_{name}", np.zeros(len(params)), f"gradient norm of {name}", "vector")
        write(ev, "misclassified", (np.abs(output - TARGETS) >= 0.5).sum(axis=-1).astype(np.int32),
              "rows with |y-hat - y| >= 0.5", "vector")


LEVELS = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
LANDSCAPE_PAIRS = ["b1_1__b2_1", "w2_12__b1_2", "b1_1__w1_22", "w1_11__w1_12"]
CHECKPOINTS = [1, 2, 4, 8, 16]


def landscape_grid(names, x, y, xs, ys, rows=None):
    """Squared errors per case (ny, nx, 4) of the n_h = 2 network around Table II #1, or the
    mean over `rows` (ny, nx, 4 indices) for a random batch."""
    p = np.broadcast_to(TABLE2[0], (len(ys), len(xs), 9)).copy()
    p[..., names.index(x)] += xs[None, :]
    p[..., names.index(y)] += ys[:, None]
    _, out = forward(p, 2)
    sq = (out - TARGETS) ** 2
    wrong = (np.abs(out - TARGETS) >= 0.5).sum(axis=-1).astype(np.uint8)
    if rows is None:
        return sq.mean(axis=-1), wrong
    return np.take_along_axis(sq, rows, axis=-1).mean(axis=-1), wrong


def write_paths(ls, pairs, starts, cap=64):
    m = len(starts)
    arr = {k: np.full((m, cap), np.nan) for k in ("dx", "dy", "loss")}
    epoch = np.zeros((m, cap), np.uint64)
    n_points, final = np.zeros(m, np.int64), np.zeros(m)
    for j, (_, sx, sy, well) in enumerate(starts):
        npt = 40 + 5 * j
        t = np.linspace(0, 1, npt)
        ex, ey = (0.0, 0.0) if well else (0.8 * sx, 0.5 * sy + 3)
        arr["dx"][j, :npt] = sx + (ex - sx) * t
        arr["dy"][j, :npt] = sy + (ey - sy) * t ** 2
        arr["loss"][j, :npt] = 0.5 * (1 - t) + (0.0015 if well else 0.23) * t
        epoch[j, :npt] = np.round(np.linspace(0, 1e5, npt)).astype(np.uint64)
        n_points[j], final[j] = npt, arr["loss"][j, npt - 1]
    pg = ls.create_group("paths")
    pg.attrs.update(dict(epochs=100000, stop_loss=1e-4, well_loss=0.01, points_per_decade=50,
                         record_distance=0.05))
    write(pg, "pair", np.array([pairs.index(s[0]) for s in starts], np.int64),
          "index into pair_names", "path")
    write(pg, "start_dx", np.array([s[1] for s in starts], float), "start x shift", "path")
    write(pg, "start_dy", np.array([s[2] for s in starts], float), "start y shift", "path")
    write(pg, "learning_rate", np.full(m, 0.1), "steepest-descent step eta", "path")
    write(pg, "n_points", n_points, "recorded points of the path", "path")
    write(pg, "epoch", epoch, "epoch of each recorded point", "path,point")
    for key in ("dx", "dy", "loss"):
        write(pg, key, arr[key], f"{key} (NaN past n_points)", "path,point")
    write(pg, "start_loss", arr["loss"][:, 0], "loss at the start point", "path")
    write(pg, "final_loss", final, "loss at the end", "path")
    write(pg, "epochs_run", np.full(m, 100000, np.uint64), "epochs until the stop", "path")
    write(pg, "reached_well", np.array([s[3] for s in starts], np.uint8), "reached the well", "path")
    for key in ("diverged", "truncated"):
        write(pg, key, np.zeros(m, np.uint8), key, "path")


def make_landscape(path, rng, batch="full", pairs=LANDSCAPE_PAIRS, complete=True):
    names = param_names(2)
    scans = 16 if batch == "random" else 1
    with h5py.File(path, "w") as f:
        provenance(f, "landscape", seed=7)
        f["network"].attrs["n_h"] = 2
        write(f["network"], "param_names", names, "parameter names in vector order", "param", STR)
        ls = f.create_group("landscape")
        ls.attrs.update(dict(batch=batch, scans=scans, level_tolerance=0.05, rows_per_task=8))
        write(ls, "center", TABLE2[0], "parameter vector at zero shift", "param")
        write(ls, "levels", LEVELS, "plateau levels of the area fractions", "level")
        write(ls, "pair_names", pairs, "group of each cross-section under pairs/", "pair", STR)
        xy = [p.split("__") for p in pairs]
        write(ls, "pair_x", np.array([names.index(a) for a, _ in xy]), "x parameter index", "pair")
        write(ls, "pair_y", np.array([names.index(b) for _, b in xy]), "y parameter index", "pair")
        if batch == "random":
            write(ls, "scan_checkpoints", np.array(CHECKPOINTS), "numbers of scans s", "checkpoint")
        n = len(pairs)
        summary = dict(min_loss=np.zeros(n), min_dx=np.zeros(n), min_dy=np.zeros(n),
                       level_area_fraction=np.zeros((n, 5)),
                       mean_error_max=np.zeros((n, len(CHECKPOINTS))),
                       mean_error_rms=np.zeros((n, len(CHECKPOINTS))))
        task_done = []
        for k, name in enumerate(pairs):
            x, y = xy[k]
            xs, ys = np.linspace(-15, 15, 21), np.linspace(-10, 10, 17)  # nx != ny on purpose
            g = ls.create_group(f"pairs/{name}")
            g.attrs.update(dict(x_param=x, y_param=y, task_offset=3 * k))
            loss, wrong = landscape_grid(names, x, y, xs, ys)
            if batch == "random":
                draws = [landscape_grid(names, x, y, xs, ys,
                                        rng.integers(0, 4, (len(ys), len(xs), 4)))[0]
                         for _ in range(scans)]
                cum = np.cumsum(draws, axis=0) / np.arange(1, scans + 1)[:, None, None]
                for c, s in enumerate(CHECKPOINTS):
                    err = cum[s - 1] - loss
                    summary["mean_error_max"][k, c] = np.abs(err).max()
                    summary["mean_error_rms"][k, c] = np.sqrt(np.mean(err ** 2))
                grids = dict(loss_scan=draws[0], loss_mean=cum[-1],
                             loss_std=np.std(draws, axis=0, ddof=1))
            else:
                grids = {}
            grids["loss"] = loss
            done = np.ones(3, np.uint8)
            if not complete and k == 0:  # an interrupted run: the last block of rows unwritten
                done[-1] = 0
                for v in grids.values():
                    v[12:] = np.nan
            task_done += list(done)
            write(g, "x_shift", xs, f"shift of {x} from the center", "x")
            write(g, "y_shift", ys, f"shift of {y} from the center", "y")
            for gname, grid in grids.items():
                write(g, gname, grid, f"{gname} (synthetic)", "y,x")
            write(g, "misclassified", wrong, "cases with |y-hat - y| >= 0.5", "y,x")
            iy, ix = np.unravel_index(np.nanargmin(loss), loss.shape)
            summary["min_loss"][k], summary["min_dx"][k], summary["min_dy"][k] = (
                loss[iy, ix], xs[ix], ys[iy])
            summary["level_area_fraction"][k] = [np.mean(np.abs(loss - lv) <= 0.05) for lv in LEVELS]

        # Paths (stored pair, start dx, start dy, reaches the origin?), straight-ish lines:
        # three in the full-batch file, none in the random one, no group if interrupted.
        if complete:
            write_paths(ls, pairs, [("b1_1__b2_1", -7.4, 8.9, True), ("b1_1__b2_1", 12.0, -2.0, False),
                                    ("b1_1__w1_22", 10.0, -5.0, True)] if batch == "full" else [])
        write(ls, "task_done", np.array(task_done, np.uint8), "done mask over tasks", "task")
        if complete:
            sg = ls.create_group("summary")
            for key, value in summary.items():
                if key.startswith("mean_error") and batch != "random":
                    continue
                axes = "pair" if value.ndim == 1 else ("pair,level" if key == "level_area_fraction"
                                                       else "pair,checkpoint")
                write(sg, key, value, f"{key} (synthetic)", axes)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="folder to write the sample_*.h5 files into")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    make_train(os.path.join(args.dir, "sample_train.h5"), np.random.default_rng(args.seed))
    make_evaluate(os.path.join(args.dir, "sample_evaluate.h5"))
    rng = np.random.default_rng(args.seed + 1)
    make_landscape(os.path.join(args.dir, "sample_landscape_full.h5"), rng)
    make_landscape(os.path.join(args.dir, "sample_landscape_random.h5"), rng, batch="random",
                   pairs=["b1_1__b2_1", "w2_12__b1_2"])
    make_landscape(os.path.join(args.dir, "sample_landscape_partial.h5"), rng, batch="random",
                   pairs=["b1_1__b2_1"], complete=False)
    print(*(os.path.join(args.dir, f"sample_{n}.h5") for n in
            ("train", "evaluate", "landscape_full", "landscape_random", "landscape_partial")))


if __name__ == "__main__":
    main()
