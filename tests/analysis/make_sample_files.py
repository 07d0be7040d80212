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
For the convergence studies (issue #4): two `lr-scan` files (one with an edge the sweep does
not bracket), a `perturb` file and an interrupted one (no summary), a `train` file over seven
n_h and three step sizes for gamma(n_h), one without per-step summaries (as older files),
three `--train.stop converged` basin files (gd, adam, zero-t-mc), and two `solutions` files
(n_h = 2 with Table II placed; n_h = 3 with 25 families).
For the density of loss (issue #5): `dos` files with the simulator's default bins (20 log-spaced
below L = 0.05, 95 uniform up to 1): multicanonical over six n_h (one bin reached by only some
runs), simple sampling (ln G from Poisson counts), one with a stored microcanonical analysis
(subgroups convex/ and transitions/; n_h = 1 without it), one with it in the flat layout
(convex_*, transition_*), an interrupted one (one n_h without summary), a Gaussian-measure one
with uniform bins from L = 0, and a box-size scan B = 2 ... 100 whose spikes at 0.25, 0.5, 0.75
grow with B (none at B = 2) and whose density rises toward L -> 0 for B >= 50.
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


def gamma_of(n_h):
    return GAMMA.get(n_h, 1.0 + 0.2 * (n_h - 2) / 16)


def quartiles(values):
    """(q25, median, q75) of the values, NaN for none (linear interpolation)."""
    if len(values) == 0:
        return np.nan, np.nan, np.nan
    return tuple(float(q) for q in np.quantile(values, [0.25, 0.5, 0.75]))


def write_train_summary(g, conv, div, gamma, K):
    """summary/ of one /train/nh_<n_h> group, per step size, as `train` writes it."""
    sg = g.create_group("summary")
    n_steps = conv.shape[0]
    stats = {k: np.full(n_steps, np.nan) for k in ("converged_fraction", "diverged_fraction",
             "convergence_epoch_q25", "convergence_epoch_median", "convergence_epoch_q75",
             "gamma_mean", "gamma_std", "gamma_sem")}
    count = np.zeros(n_steps, np.int64)
    for s in range(n_steps):
        done = conv[s][conv[s] >= 0]
        stats["converged_fraction"][s] = done.size / K
        stats["diverged_fraction"][s] = div[s].sum() / K
        (stats["convergence_epoch_q25"][s], stats["convergence_epoch_median"][s],
         stats["convergence_epoch_q75"][s]) = quartiles(done)
        fits = gamma[s][np.isfinite(gamma[s])]
        count[s] = fits.size
        if fits.size:
            stats["gamma_mean"][s] = fits.mean()
        if fits.size > 1:
            stats["gamma_std"][s] = fits.std(ddof=1)
            stats["gamma_sem"][s] = stats["gamma_std"][s] / np.sqrt(fits.size)
    for name, value in stats.items():
        write(sg, name, value, f"{name} over the replicas (synthetic)", "step_size")
    write(sg, "gamma_count", count, "replicas with a finite gamma", "step_size")


def make_train(path, rng, nhs=(2, 18), steps=STEP_SIZES, K=K, optimizer="gd", batch="random",
               stop="budget", init_scheme="uniform01x0.1", init_scale=None, last_epoch=1e6,
               drop=None, special=True, summary=True):
    """A train file. `drop(n_h, eta, r)` gives the epoch of the loss drop (default: TAU_DROP /
    eta, later per replica); `special` adds the never-converging and diverged runs."""
    epoch = np.unique(np.concatenate([[0], np.round(np.logspace(0, np.log10(last_epoch), 30))]))
    epoch = epoch.astype(np.uint64)
    tau = epoch.astype(float)
    n_rec, n_steps = len(epoch), len(steps)
    with h5py.File(path, "w") as f:
        provenance(f, "train", seed=1234)
        if init_scale is not None:
            f.attrs["config"] = (f"out = {path}\n\n[train]\noptimizer = {optimizer}\n\n[init]\n"
                                 f"scheme = {init_scheme}\nscale = {init_scale:g}\n\n[train]\n"
                                 f"epochs = {int(epoch[-1])}\nstop = {stop}\n")
        del f["network/hidden_sizes"]
        write(f["network"], "hidden_sizes", np.array(nhs), "hidden-layer sizes n_h of the run")
        train = f.create_group("train")
        train.attrs.update(dict(optimizer=optimizer, batch=batch, epochs=int(epoch[-1]),
                                threshold=THRESHOLD, init_scheme=init_scheme, stop=stop))
        write(train, "epoch", epoch, "recorded epochs", "epoch")
        write(train, "step_size", np.asarray(steps, float), "learning rate eta", "step_size")
        write(train, "replica", np.arange(K), "replica index", "replica")
        write(train, "task_done", np.ones(len(nhs) * n_steps * K, np.uint8), "done-mask over tasks",
              "task")
        for offset, n_h in enumerate(nhs):
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
            epochs_run = np.full(shape, epoch[-1], np.uint64)
            for s, eta in enumerate(steps):
                for r in range(K):
                    if drop is None:
                        t_drop = (TAU_DROP.get(n_h, 7000.0 * (2 / n_h) ** 0.4) / eta * (1.0 + 0.3 * r)
                                  * (3.0 if s == 0 and r and special else 1.0))
                    else:
                        t_drop = drop(n_h, eta, r)
                    h = 1.0 / (1.0 + (t_drop / np.maximum(tau, 1)) ** 6)
                    tail = (np.maximum(tau, 1) / t_drop) ** -gamma_of(n_h)
                    loss[s, r] = 0.25 * (1 - h) + 0.02 * h * tail
                    drift = h * (1 + 0.15 * np.log(np.maximum(tau / t_drop, 1)))
                    init = 0.1 * rng.random(P)
                    params[s, r] = init + drift[:, None] * (target - init)
                    below = np.nonzero(loss[s, r] < THRESHOLD)[0]
                    if below.size:
                        conv[s, r] = epoch[below[0]]
                        window = tau >= max(2 * t_drop, tau[below[0]])
                        if stop == "budget" and window.sum() >= 3:
                            points[s, r] = window.sum()
                            first[s, r], last[s, r] = epoch[window][0], epoch[-1]
                            gamma[s, r] = gamma_of(n_h) + rng.normal(0, 0.02)
                            stderr[s, r] = 0.01 + 0.01 * rng.random()
                        if stop == "converged":  # nothing recorded after the convergence
                            loss[s, r, below[0] + 1:], params[s, r, below[0] + 1:] = np.nan, np.nan
                            epochs_run[s, r] = epoch[below[0]]
            if n_h == 18 and special:  # a diverged run: NaN after its divergence epoch
                s, r = n_steps - 1, 1
                bad = tau > 100
                loss[s, r, bad], params[s, r, bad] = np.nan, np.nan
                div[s, r], div_epoch[s, r] = 1, epoch[bad][0]
                conv[s, r], gamma[s, r], stderr[s, r], points[s, r] = -1, np.nan, np.nan, 0
                first[s, r] = last[s, r] = 0
                epochs_run[s, r] = epoch[bad][0]
            hidden, output = forward(params, n_h)
            batch_loss = loss * np.exp(rng.normal(0, 0.3, loss.shape))
            last_rec = np.array([[np.nonzero(np.isfinite(loss[s, r]))[0][-1] for r in range(K)]
                                 for s in range(n_steps)])

            g = train.create_group(f"nh_{n_h}")
            g.attrs.update(dict(n_h=n_h, n_params=P, task_offset=offset * n_steps * K))
            run = "step_size,replica"
            write(g, "param_names", names, "parameter names in vector order", "param", STR)
            write(g, "loss_batch", batch_loss, "loss of the batch used", run + ",epoch")
            write(g, "loss_full", loss, "full-batch loss", run + ",epoch")
            write(g, "params", params, "all parameters", run + ",epoch,param")
            write(g, "hidden_activation", hidden, "hidden activations a_i^(1)",
                  run + ",epoch,case,hidden")
            write(g, "output", output, "output a_1^(2)", run + ",epoch,case")
            for layer in (1, 2):
                norm = np.abs(np.gradient(loss, axis=-1)) * (3 - layer)
                write(g, f"grad_norm_w{layer}", norm, f"gradient norm of w{layer}", run + ",epoch")
            final = np.take_along_axis(params, last_rec[:, :, None, None], axis=2)[:, :, 0]
            final_loss = np.take_along_axis(loss, last_rec[:, :, None], axis=2)[:, :, 0]
            write(g, "final_params", final, "parameters after the last epoch", run + ",param")
            write(g, "final_loss_full", final_loss, "full-batch loss after the last epoch", run)
            write(g, "convergence_epoch", conv, "first epoch with loss below threshold", run)
            write(g, "diverged", div, "1 if the run diverged", run)
            write(g, "divergence_epoch", div_epoch, "epoch of divergence", run)
            write(g, "epochs_run", epochs_run, "last epoch evaluated", run)
            write(g, "gamma", gamma, "power-law exponent of the loss tail", run)
            write(g, "gamma_stderr", stderr, "standard error of gamma", run)
            write(g, "gamma_fit_points", points, "records used by the fit", run)
            write(g, "gamma_fit_first_epoch", first, "first epoch of the fit window", run)
            write(g, "gamma_fit_last_epoch", last, "last epoch of the fit window", run)
            write(g, "accepted_moves", np.zeros(shape, np.uint64), "zero-T MC accepted moves", run)
            if summary:
                write_train_summary(g, conv, div, gamma, K)


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


def network_attrs(f, n_h):
    f["network"].attrs["n_h"] = n_h
    del f["network/hidden_sizes"]
    write(f["network"], "hidden_sizes", np.array([n_h]), "hidden-layer sizes n_h of the run")
    write(f["network"], "param_names", param_names(n_h), "parameter names in vector order", "param", STR)


LR_EDGES = (0.0075, 8.8)  # planted edges of the synthetic lr-scan


def make_lr_scan(path, rng, converge_fraction=0.5, eta_max=100.0, K=8, rounds=10, epochs=5_000_000):
    """A `lr-scan` file: 4 points per decade from 1e-4 to eta_max, then `rounds` bisection rounds
    per edge (lower, upper alternating). Replica r converges at eta if its fixed draw u_r lies
    below a smooth probability that falls off around the planted edges; runs above eta = 40
    diverge, slow ones run out of budget. With eta_max below the upper edge, that edge is not
    bracketed (edge_found 0, its bisection points NaN / 255)."""
    u = rng.random(K)
    sweep = np.logspace(-4, np.log10(eta_max), int(round(4 * np.log10(eta_max / 1e-4))) + 1)

    def run(eta):
        p = 1 / (1 + (LR_EDGES[0] / eta) ** 8) / (1 + (eta / LR_EDGES[1]) ** 3)
        tau = np.round(7450 / eta ** 0.9 * (1 + 0.3 * u))
        out = np.where(u < p, 0, 2).astype(np.uint8)
        out[(eta > 40) & (u < 0.5)] = 1
        out[(out == 0) & (tau >= epochs)] = 2
        conv = np.where(out == 0, tau, -1).astype(np.int64)
        final = np.where(out == 0, 0.0049, np.where(out == 1, np.nan, 0.25 if eta < 0.1 else 0.1667))
        return out, conv, final

    def converges(out):
        return np.mean(out == 0) >= converge_fraction

    results = [run(e) for e in sweep]
    ok = [converges(r[0]) for r in results]
    brackets = []
    for lower in (True, False):
        idx = [i for i in range(1, len(sweep)) if ok[i] != ok[i - 1] and ok[i] == lower]
        i = idx[0] if lower and idx else (idx[-1] if idx else None)
        brackets.append(None if i is None else [sweep[i - 1], sweep[i]])
    eta, stage, rnd = list(sweep), [-1] * len(sweep), [-1] * len(sweep)
    for r in range(rounds):
        for side, br in enumerate(brackets):
            stage.append(side)
            rnd.append(r)
            if br is None:
                eta.append(np.nan)
                results.append((np.full(K, 255, np.uint8), np.full(K, -1, np.int64), np.full(K, np.nan)))
                continue
            mid = np.sqrt(br[0] * br[1])
            eta.append(mid)
            results.append(run(mid))
            good = converges(results[-1][0])
            br[1 if good == (side == 0) else 0] = mid
    out = np.array([r[0] for r in results])
    conv = np.array([r[1] for r in results])
    final = np.array([r[2] for r in results])
    P = len(eta)
    with h5py.File(path, "w") as f:
        provenance(f, "lr-scan", seed=1)
        network_attrs(f, 2)
        g = f.create_group("lr_scan")
        g.attrs.update(dict(batch="random", converge_fraction=converge_fraction, epochs=epochs,
                            init_scale=0.1, init_scheme="scaled", n_h=2, optimizer="gd",
                            precision=1e-3, replicas=K, rounds=rounds, threshold=THRESHOLD))
        pk = "point,replica"
        write(g, "eta", np.array(eta), "learning rate of the point (NaN: not run)", "point")
        write(g, "stage", np.array(stage, np.int64), "-1 sweep; 0 lower edge; 1 upper edge", "point")
        write(g, "round", np.array(rnd, np.int64), "bisection round (-1 for the sweep)", "point")
        write(g, "outcome", out, "0 converged, 1 diverged, 2 budget, 255 not run", pk)
        write(g, "convergence_epoch", conv, "first epoch below threshold; -1 if never", pk)
        write(g, "divergence_epoch", np.where(out == 1, 50, -1).astype(np.int64),
              "epoch of divergence", pk)
        write(g, "final_loss", final, "full-batch loss where the run stopped", pk)
        ran_to = np.where(out == 0, conv, np.where(out == 1, 50, epochs)).astype(np.uint64)
        write(g, "epochs_run", ran_to, "last epoch evaluated", pk)
        write(g, "task_done", np.ones(P * K, np.uint8), "done-mask (points not needed count as done)",
              "task")
        sg = g.create_group("summary")
        ran = out[:, 0] != 255
        frac = lambda code: np.where(ran, np.mean(out == code, axis=1), np.nan)  # noqa: E731
        write(sg, "converged_fraction", frac(0), "fraction converged", "point")
        write(sg, "diverged_fraction", frac(1), "fraction diverged", "point")
        write(sg, "budget_fraction", frac(2), "fraction neither within the budget", "point")
        q = np.array([quartiles(c[c >= 0]) for c in conv])
        for k, name in enumerate(("q25", "median", "q75")):
            write(sg, f"convergence_epoch_{name}", q[:, k], f"{name} of the convergence epochs", "point")
        stuck = [np.median(fl[o == 2]) if np.any(o == 2) else np.nan for o, fl in zip(out, final)]
        write(sg, "budget_loss_median", np.array(stuck), "median final loss of budget runs", "point")
        write(sg, "converges", np.array([ran[p] and converges(out[p]) for p in range(P)], np.uint8),
              "1 if at least converge_fraction converged", "point")
        write(sg, "edge_names", ["lower", "upper"], "the two edges", "edge", STR)
        br = np.array([b if b is not None else [np.nan, np.nan] for b in brackets])
        write(sg, "edge_eta", np.sqrt(br[:, 0] * br[:, 1]), "geometric midpoint of the bracket", "edge")
        write(sg, "edge_bracket", br, "final bracket [lo, hi]", "edge,bound")
        write(sg, "edge_found", np.array([b is not None for b in brackets], np.uint8),
              "1 if the sweep bracketed the edge", "edge")


PLATEAU = {"w1_11": (np.inf, 2.2), "w1_12": (np.inf, 2.2), "w2_11": (np.inf, 1.6)}  # (below, above)


def make_perturb(path, rng, R=20, epochs=2_000_000, complete=True):
    """A `perturb` file around Table II #1: tau_conv = 0 on a plateau around Delta = 0 (one-sided
    for w1_11, w1_12, w2_11, as in the paper), growing outside it, -1 (not within the budget)
    far out for the hidden weights; R runs scattered around it. Without `complete`, the last
    parameter's tasks are unwritten and there is no summary."""
    names = param_names(2)
    shift = np.linspace(-10, 10, 41)
    N, D = len(names), len(shift)
    tau = np.zeros((N, D), np.int64)
    for k, n in enumerate(names):
        below, above = PLATEAU.get(n, (1.2 + 0.1 * k, 1.4 + 0.1 * k))
        off = np.maximum(shift - above, 0) + np.maximum(-below - shift, 0)
        tau[k] = np.where(off > 0, np.round(50 * np.exp(0.9 * off + 0.1 * k)), 0)
        if n.startswith("w1"):
            tau[k, shift >= 7] = -1
    scatter = 1 + 0.05 * rng.normal(size=(N, D, R))
    runs = np.where(tau[..., None] > 0, np.round(tau[..., None] * scatter), tau[..., None]).astype(np.int64)
    runs[(tau[..., None] < 0) & (rng.random((N, D, R)) < 0.1)] = epochs // 2  # a few make it
    done = np.ones(N * D, np.uint8)
    if not complete:
        tau[-1], runs[-1], done[-D:] = -1, -1, 0
    p = np.broadcast_to(TABLE2[0], (N, D, 9)).copy()
    for k in range(N):
        p[k, :, k] += shift
    start = np.mean((forward(p, 2)[1] - TARGETS) ** 2, axis=-1)
    with h5py.File(path, "w") as f:
        provenance(f, "perturb", seed=1)
        network_attrs(f, 2)
        g = f.create_group("perturb")
        g.attrs.update(dict(batch="random", epochs=epochs, learning_rate=0.1, optimizer="gd",
                            plateau_abs_tol=0.0, plateau_rel_tol=0.05, runs=R, threshold=THRESHOLD))
        write(g, "parameter_names", names, "names of the shifted parameters", "parameter", STR)
        write(g, "parameter_index", np.arange(N), "their index in the parameter vector", "parameter")
        write(g, "shift", shift, "shift Delta added to the center value", "shift")
        write(g, "center", TABLE2[0], "the center every start is shifted from", "param")
        write(g, "tau_conv", tau, "first epoch with both run-averaged losses below threshold; -1 "
              "if not within the budget", "parameter,shift")
        write(g, "start_loss", start, "full-batch loss of the shifted start", "parameter,shift")
        at_tau = np.where(tau >= 0, np.minimum(start, 0.0049), np.nan)
        write(g, "mean_batch_loss_at_tau", at_tau, "batch loss averaged over the runs at tau_conv",
              "parameter,shift")
        write(g, "mean_full_loss_at_tau", at_tau, "full-batch loss averaged over the runs at tau_conv",
              "parameter,shift")
        write(g, "run_convergence_epoch", runs, "each run's convergence epoch; -1 if never",
              "parameter,shift,run")
        write(g, "run_diverged", np.zeros((N, D, R), np.uint8), "1 if the run diverged",
              "parameter,shift,run")
        write(g, "run_final_loss", np.where(runs >= 0, 0.0049, 0.12), "full-batch loss at the stop",
              "parameter,shift,run")
        write(g, "task_done", done, "done-mask over parameter * n_shifts + shift", "task")
        if not complete:
            return
        sg = g.create_group("summary")
        q = np.array([[quartiles(r[r >= 0]) for r in row] for row in runs])
        for k, name in enumerate(("q25", "median", "q75")):
            write(sg, f"run_epoch_{name}", q[..., k], f"{name} of the runs' convergence epochs",
                  "parameter,shift")
        write(sg, "never_fraction", np.mean(runs < 0, axis=-1), "fraction never converged",
              "parameter,shift")
        write(sg, "diverged_fraction", np.zeros((N, D)), "fraction diverged", "parameter,shift")
        zero = int(np.argmin(np.abs(shift)))
        edges = {key: np.zeros(N) for key in ("lower", "upper", "lower_inside", "upper_inside")}
        opened = {key: np.zeros(N, np.uint8) for key in ("lower", "upper")}
        for k in range(N):
            on = (tau[k] >= 0) & (np.abs(tau[k] - tau[k, zero]) <= 0.05 * tau[k, zero])
            lo = hi = zero
            while lo > 0 and on[lo - 1]:
                lo -= 1
            while hi < D - 1 and on[hi + 1]:
                hi += 1
            edges["lower_inside"][k], edges["upper_inside"][k] = shift[lo], shift[hi]
            opened["lower"][k], opened["upper"][k] = lo == 0, hi == D - 1
            edges["lower"][k] = shift[0] if lo == 0 else 0.5 * (shift[lo] + shift[lo - 1])
            edges["upper"][k] = shift[-1] if hi == D - 1 else 0.5 * (shift[hi] + shift[hi + 1])
        write(sg, "plateau_found", (tau[:, zero] >= 0).astype(np.uint8), "1 if tau_conv is finite at "
              "the shift nearest zero", "parameter")
        for key, value in edges.items():
            write(sg, f"plateau_{key}", value, f"plateau {key}", "parameter")
        for key, value in opened.items():
            write(sg, f"plateau_{key}_open", value, f"1 if the plateau reaches the {key} grid end",
                  "parameter")


def make_solutions(path, rng, n_h=2, n_families=3):
    """A `solutions` file from three train files (gd, adam, zero-t-mc). For n_h = 2 the families
    are the two of the real atlas plus a rare one, and Table II's rows are placed (#1, #5 in
    F0, #2-#4 in F1); for other n_h, random keys and no Table II datasets."""
    names, files, opt = param_names(n_h), ["gd.h5", "adam.h5", "mc.h5"], ["gd", "adam", "zero-t-mc"]
    if n_h == 2:
        keys = ["0111+1110", "0010+0100", "0001+0111"]
        centres = np.array([[6.2, 6.2, -4.4, -4.4, -2.7, 6.5, 6.5, 6.7, -9.6],
                            [4.5, -4.7, -5.4, 5.2, -2.5, -3.0, 6.7, 6.6, -3.3],
                            [-7.0, -7.1, 3.0, 3.2, 3.3, -1.5, 8.0, 7.5, -4.0]])
        by_file = np.array([[6, 5, 5], [5, 4, 6], [1, 0, 2]])
    else:
        pats = rng.choice(np.arange(1, 15), size=(n_families, n_h))
        pats.sort(axis=1)
        keys = ["+".join(f"{p:04b}" for p in row) for row in pats]
        centres = rng.normal(0, 5, (n_families, len(names)))
        by_file = np.sort(rng.integers(0, 6, (n_families, 3)), axis=0)[::-1] + np.array([1, 0, 0])
        pats = pats.astype(np.int32)
    counts = by_file.sum(axis=1)
    order = np.lexsort((keys, -counts))
    keys, centres = [keys[m] for m in order], centres[order]
    by_file, counts = by_file[order], counts[order]
    family = np.repeat(np.arange(len(keys)), counts)
    source = np.concatenate([np.repeat(np.arange(3), row) for row in by_file])
    canonical = centres[family] + rng.normal(0, 1, (len(family), len(names)))
    median = np.array([np.median(canonical[family == m], axis=0) for m in range(len(keys))])
    rep_idx = np.array([np.nonzero(family == m)[0][np.argmin(np.linalg.norm(
        canonical[family == m] - median[m], axis=1))] for m in range(len(keys))])
    patterns = np.array([[int(b, 2) for b in k.split("+")] for k in keys], np.int32)
    with h5py.File(path, "w") as f:
        provenance(f, "solutions", seed=0)
        network_attrs(f, n_h)
        g = f.create_group("solutions")
        g.attrs.update(dict(n_h=n_h, runs_read=int(1.5 * len(family)), symmetries="permutation,flip",
                            threshold=THRESHOLD))
        sol, fam = "solution", "family"
        write(g, "param_names", names, "parameter names in vector order", "param", STR)
        write(g, "input_files", files, "the train files read", "file", STR)
        write(g, "optimizer", opt, "optimizer of each train file", "file", STR)
        write(g, "source_file", source.astype(np.int64), "index into input_files", sol)
        write(g, "source_step", np.zeros(len(family), np.int64), "step-size index of the run", sol)
        write(g, "source_replica", np.arange(len(family), dtype=np.int64), "replica index", sol)
        write(g, "step_size", np.array([0.5, 0.01, 0.3])[source], "learning rate or proposal width", sol)
        write(g, "loss", 0.004 + 0.001 * rng.random(len(family)), "final full-batch loss", sol)
        write(g, "convergence_epoch", rng.integers(200, 6000, len(family)), "convergence epoch", sol)
        write(g, "canonical_params", canonical, "final parameters in canonical form", "solution,param")
        write(g, "hidden_pattern", patterns[family], "pattern of each canonical hidden neuron",
              "solution,hidden")
        write(g, "family", family.astype(np.int64), "index of the solution's family", sol)
        write(g, "family_key", keys, "sorted hidden patterns joined by '+'", fam, STR)
        write(g, "family_patterns", patterns, "the family's hidden patterns", "family,hidden")
        write(g, "family_count", counts.astype(np.int64), "solutions in the family", fam)
        write(g, "family_count_by_file", by_file.astype(np.int64), "solutions per file", "family,file")
        write(g, "family_median", median, "coordinate-wise median", "family,param")
        write(g, "representative_solution", rep_idx.astype(np.int64), "member nearest the median", fam)
        write(g, "representative", canonical[rep_idx], "canonical vector of the representative",
              "family,param")
        write(g, "representative_loss", 0.004 + 0.001 * rng.random(len(keys)), "its loss", fam)
        write(g, "median_distance", np.array([np.median(np.linalg.norm(canonical[family == m] -
              canonical[rep_idx[m]], axis=1)) for m in range(len(keys))]), "median distance", fam)
        if n_h == 2:
            t2 = TABLE2.copy()
            t2[2:4, [1, 2]] = TABLE2[2:4, [2, 1]]
            write(g, "table2_family", np.array([0, 1, 1, 1, 0], np.int64), "family of Table II rows",
                  "table2_row")
            write(g, "table2_loss", np.mean((forward(t2, 2)[1] - TARGETS) ** 2, axis=-1),
                  "full-batch loss of Table II rows", "table2_row")


DOS_EDGES = np.concatenate([np.geomspace(1e-3, 0.05, 21)[:-1], np.linspace(0.05, 1.0, 96)])


def dos_log_density(x, n_h, B):
    """Synthetic ln of the density per unit L: concave with its maximum near 0.5, spikes at
    0.25, 0.5, 0.75 growing with B and fading with n_h, a rise toward L -> 0 for B >= 50, and
    the exact support [1/6, 3/4] for n_h = 1 (-inf outside)."""
    spike = 0.0 if B <= 2 else 2.5 * np.log10(B / 2) / np.sqrt(n_h)
    y = sum(spike * h * np.exp(-0.5 * ((x - t) / 0.006) ** 2)
            for t, h in ((0.25, 0.8), (0.5, 1.0), (0.75, 0.6)))
    if n_h == 1:
        inside = (x > 1 / 6) & (x < 0.75)
        z = np.clip((x - 1 / 6) / (0.75 - 1 / 6), 1e-9, 1 - 1e-9)
        return np.where(inside, 2.0 * np.log(z) + 2.0 * np.log(1 - z) + y, -np.inf)
    a = 0.8 + 0.4 * n_h
    y = y + a * np.log(x) + a * np.log(1.04 - x)
    w = float(np.clip(1.5 * np.log10(B / 10), 0, 2))  # density ~ x^(a - w (a + 1)) below 0.003
    return y + w * (a + 1) * np.maximum(0.0, np.log(0.003 / x))


def dos_summary(ln_g):
    """(mean, std, stderr, runs_reached) over the runs that reached each bin, as `dos` stores."""
    ok = np.isfinite(ln_g)
    n = ok.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, np.nansum(np.where(ok, ln_g, 0), axis=0) / np.maximum(n, 1), np.nan)
        dev = np.where(ok, ln_g - mean, 0)
        std = np.where(n > 1, np.sqrt((dev ** 2).sum(axis=0) / np.maximum(n - 1, 1)), np.nan)
        return mean, std, std / np.sqrt(n), n.astype(np.int64)


def write_microcanonical(g, x, mean, flat=False):
    """A stand-in for a stored microcanonical analysis of the mean curve: moving-average S,
    numerical derivatives, convex intervals (gamma > 0) and a few transitions. Not an analysis:
    it only gives the scripts a realistic layout to read."""
    ok = np.isfinite(mean)
    S = np.full_like(mean, np.nan)
    idx = np.nonzero(ok)[0]
    S[idx] = np.convolve(np.pad(mean[idx], 2, mode="edge"), np.ones(5) / 5, mode="valid")
    S[idx[:2]] = S[idx[-2:]] = np.nan
    beta = np.gradient(S, x)
    gamma = np.gradient(beta, x)
    delta = np.gradient(gamma, x)
    m = g.create_group("microcanonical")
    i_star = int(np.nanargmax(S))
    m.attrs.update(dict(degree=3, window=9, weight="uniform", z=3.0, L_star=float(x[i_star]),
                        L_star_sigma=0.004, gamma_max_trained=float(np.nanmax(gamma[:i_star])),
                        barrier_trained="undecided", barrier_other="barrier"))
    for name, val, rel in (("S", S, 0.01), ("beta", beta, 0.05), ("gamma", gamma, 0.1),
                           ("delta", delta, 0.2)):
        write(m, name, val, f"{name} from local fits (synthetic)", "bin")
        write(m, f"{name}_sigma", rel * np.abs(val) + 0.01, f"jackknife error of {name}", "bin")
    pos = (gamma > 0) & np.isfinite(gamma)
    runs, k = [], 0
    while k < len(pos):
        if pos[k]:
            j = k
            while j + 1 < len(pos) and pos[j + 1]:
                j += 1
            runs.append((k, j))
            k = j + 1
        else:
            k += 1
    rows = dict(branch=[], L_lo=[], L_hi=[], gamma_max=[], gamma_max_sigma=[], significant=[])
    for a, b in runs:
        top = a + int(np.argmax(gamma[a:b + 1]))
        rows["branch"].append("trained" if x[top] < x[i_star] else "other")
        rows["L_lo"].append(x[max(a - 1, 0)] / 2 + x[a] / 2)
        rows["L_hi"].append(x[b] / 2 + x[min(b + 1, len(x) - 1)] / 2)
        rows["gamma_max"].append(gamma[top])
        rows["gamma_max_sigma"].append(0.1 * gamma[top] + 0.01)
        rows["significant"].append(np.uint8(len(rows["L_lo"]) % 2))
    tr = dict(order=[], type=[], branch=[], L=[], value=[], sigma=[], significant=[], robust=[])
    for order, curve in ((1, beta), (2, gamma)):
        for i in range(1, len(x) - 1):
            c = curve[i - 1:i + 2]
            if np.all(np.isfinite(c)) and ((order == 1 and c[1] < c[0] and c[1] <= c[2] and c[1] > 0)
                                           or (order == 2 and c[1] > c[0] and c[1] >= c[2])):
                tr["order"].append(order)
                tr["type"].append("independent" if (order == 1 or c[1] < 0) else "dependent")
                tr["branch"].append("trained" if x[i] < x[i_star] else "other")
                tr["L"].append(x[i])
                tr["value"].append(c[1])
                tr["sigma"].append(0.1 * abs(c[1]))
                tr["significant"].append(np.uint8(len(tr["L"]) % 3 != 0))
                tr["robust"].append(np.uint8(len(tr["L"]) % 2))
    for table, prefix, cols in (("convex", "convex_", rows), ("transitions", "transition_", tr)):
        sub = m if flat else m.create_group(table)
        for name, val in cols.items():
            dname = (prefix + name) if flat else name
            if name in ("branch", "type"):
                write(sub, dname, val, f"{name} per row", table, STR)
            else:
                write(sub, dname, np.array(val), f"{name} per row", table)


def make_dos(path, rng, nhs=(1, 2, 3), method="multicanonical", runs=4, B=10.0, measure="box",
             edges=DOS_EDGES, micro=(), flat=False, incomplete=(), samples=2_000_000, partial_bin=True):
    """A `dos` file: per n_h, R runs of ln G per bin (synthetic density + noise, normalized to
    the measure's mass; simple sampling from Poisson counts), the walker's or the sampler's health
    datasets and the summary over runs. `micro`: n_h with a stored microcanonical analysis;
    `incomplete`: n_h whose tasks are unwritten (NaN rows, no summary)."""
    x = 0.5 * (edges[1:] + edges[:-1])
    width = np.diff(edges)
    nb = len(x)
    walker = method != "simple"
    done = []
    with h5py.File(path, "w") as f:
        provenance(f, "dos", seed=7)
        del f["network/hidden_sizes"]
        write(f["network"], "hidden_sizes", np.array(nhs), "numbers of hidden neurons n_h in this run",
              "n_h")
        f.attrs["command_line"] = (f"make_sample_files.py (dos: {method}, {measure}"
                                   + (f" B = {B:g}" if measure == "box" else "") + ")")
        g = f.create_group("dos")
        g.attrs.update(dict(method=method, measure=measure, box_half_width=float(B),
                            gaussian_sigma=1.0, runs=runs))
        write(g, "edges", edges, "bin edges of the loss L; the window is [first, last)", "edge")
        write(g, "bin_center", x, "midpoint of each bin", "bin")
        for t, n_h in enumerate(nhs):
            d = 4 * n_h + 1
            log_mass = d * np.log(2 * B) if measure == "box" else 0.0
            scale = B if measure == "box" else 4 * 1.0  # a wide Gaussian looks like a big box
            dens = dos_log_density(x, n_h, scale)
            ln_p = dens + np.log(width)
            ln_p -= np.logaddexp.reduce(ln_p[np.isfinite(ln_p)])
            if walker:
                ln_g = ln_p + log_mass + 0.03 * rng.normal(size=(runs, nb)) * (1 + 5 * (x < 0.01))
                ln_g = np.where(np.isfinite(ln_p), ln_g, np.nan)
                if partial_bin and n_h > 1:
                    ln_g[1:, 0] = np.nan  # the lowest bin reached by the first walker only
                ln_g -= np.logaddexp.reduce(np.where(np.isfinite(ln_g), ln_g, -np.inf), axis=1)[:, None]
                ln_g += log_mass
            else:
                counts = rng.poisson(samples * np.exp(ln_p), size=(runs, nb)).astype(np.uint64)
                with np.errstate(divide="ignore"):
                    ln_g = np.where(counts > 0, log_mass + np.log(counts / samples), np.nan)
            if n_h in incomplete:
                ln_g[:] = np.nan
            done += [0 if n_h in incomplete else 1] * runs
            h = g.create_group(f"nh_{n_h}")
            h.attrs.update(dict(n_h=n_h, log_mass=log_mass, task_offset=t * runs))
            write(h, "ln_g", ln_g, "ln G per bin of each run, normalized so that sum G = the "
                  "measure's mass (NaN: bin never reached)", "run,bin")
            reached = np.isfinite(ln_g)
            lo = np.where(reached.any(axis=1), edges[np.argmax(reached, axis=1)] * 1.02, np.nan)
            hi = np.where(reached.any(axis=1), edges[nb - np.argmax(reached[:, ::-1], axis=1)] * 0.99,
                          np.nan)
            write(h, "min_loss", lo, "lowest loss ever visited (sampled)", "run")
            write(h, "max_loss", hi, "highest loss ever visited (sampled)", "run")
            if walker:
                write(h, "ln_g_wl", ln_g + 0.01 * rng.normal(size=ln_g.shape),
                      "ln G after the Wang-Landau stages", "run,bin")
                hist = np.where(reached, rng.integers(8000, 12000, (runs, nb)), 0).astype(np.uint64)
                write(h, "histogram", hist, "visits per bin in the production run", "run,bin")
                acc = np.column_stack([0.5 + 0.02 * rng.random(runs), 0.6 + 0.05 * rng.random(runs),
                                       0.6 + 0.05 * rng.random(runs), 0.6 + 0.05 * rng.random(runs)])
                write(h, "acceptance", acc, "acceptance rate per stage: tune, flat, 1/t, production",
                      "run,stage")
                write(h, "proposals", np.tile(np.array([20000, 10 ** 6, 10 ** 7, 10 ** 7], np.uint64),
                                              (runs, 1)), "proposals per stage", "run,stage")
                write(h, "step_scale", 0.3 + 0.05 * rng.random(runs), "tuned proposal width / B_k", "run")
                write(h, "flat_iterations", np.full(runs, 12, np.int64), "halvings of ln f", "run")
                write(h, "ln_f_reached", np.full(runs, 1e-6), "final ln f", "run")
                write(h, "round_trips", rng.integers(5, 40, runs).astype(np.uint64) * (n_h not in incomplete),
                      "lowest -> highest -> lowest visited bin in production", "run")
                write(h, "bins_never_reached", (~reached).sum(axis=1).astype(np.int64),
                      "bins of the window the walker never visited", "run")
            else:
                write(h, "counts", counts, "samples per bin", "run,bin")
                write(h, "outside", np.column_stack([np.zeros(runs), rng.integers(0, 3, runs)]).astype(
                    np.uint64), "samples below and above the window", "run,side")
            if n_h in incomplete:
                continue
            mean, std, stderr, n = dos_summary(ln_g)
            sg = h.create_group("summary")
            write(sg, "ln_g_mean", mean, "S(L) = ln g: mean of ln G over the runs", "bin")
            write(sg, "ln_g_std", std, "standard deviation of ln G over the runs", "bin")
            write(sg, "ln_g_stderr", stderr, "standard error of ln_g_mean", "bin")
            write(sg, "runs_reached", n, "runs that reached the bin", "bin")
            if n_h in micro:
                write_microcanonical(h, x, mean, flat)
        write(g, "task_done", np.array(done, np.uint8), "1 where the task (group * runs + run) is "
              "written", "task")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="folder to write the sample_*.h5 files into")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    out = lambda name: os.path.join(args.dir, f"sample_{name}.h5")  # noqa: E731
    make_train(out("train"), np.random.default_rng(args.seed))
    make_evaluate(out("evaluate"))
    rng = np.random.default_rng(args.seed + 1)
    make_landscape(out("landscape_full"), rng)
    make_landscape(out("landscape_random"), rng, batch="random", pairs=["b1_1__b2_1", "w2_12__b1_2"])
    make_landscape(out("landscape_partial"), rng, batch="random", pairs=["b1_1__b2_1"], complete=False)
    rng = np.random.default_rng(args.seed + 2)
    make_lr_scan(out("lr_scan"), rng)
    make_lr_scan(out("lr_scan_open"), rng, converge_fraction=0.9, eta_max=3.0)
    make_perturb(out("perturb"), rng)
    make_perturb(out("perturb_partial"), rng, complete=False)
    make_train(out("gamma"), rng, nhs=(2, 3, 4, 6, 8, 12, 18), steps=(0.1, 0.3, 1.0), K=3,
               init_scheme="scaled", init_scale=0.1, special=False)
    make_train(out("train_nosummary"), rng, nhs=(2,), summary=False)
    for opt, eta, batch in (("gd", 0.5, "random"), ("adam", 0.01, "random"), ("zero-t-mc", 0.3, "full")):
        make_train(out(f"basins_{opt}"), rng, nhs=(2, 3), steps=(eta,), K=16, optimizer=opt, batch=batch,
                   stop="converged", init_scheme="symmetric", init_scale=2.0, last_epoch=5e4,
                   drop=lambda n_h, e, r, opt=opt: (60 if opt == "zero-t-mc" else 600) * (1 + r % 5)
                   * (1e3 if (r * 7 + n_h + len(opt)) % 5 == 0 else 1))
    make_solutions(out("solutions"), rng)
    make_solutions(out("solutions_nh3"), rng, n_h=3, n_families=25)
    rng = np.random.default_rng(args.seed + 3)
    make_dos(out("dos"), rng, nhs=(1, 2, 3, 4, 6, 18))
    make_dos(out("dos_simple"), rng, method="simple")
    make_dos(out("dos_micro"), rng, micro=(2, 3))
    make_dos(out("dos_micro_flat"), rng, nhs=(2,), micro=(2,), flat=True, method="wang-landau")
    make_dos(out("dos_partial"), rng, nhs=(1, 2, 3), incomplete=(3,))
    make_dos(out("dos_gaussian"), rng, nhs=(2,), measure="gaussian", edges=np.linspace(0, 1, 101))
    for B in (2, 5, 10, 20, 50, 100):
        make_dos(out(f"dos_box_{B}"), rng, B=float(B), method="simple" if B == 10 else "multicanonical")
    print(*sorted(os.path.join(args.dir, n) for n in os.listdir(args.dir) if n.startswith("sample_")
                  and n.endswith(".h5")))


if __name__ == "__main__":
    main()
