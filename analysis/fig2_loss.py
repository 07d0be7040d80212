#!/usr/bin/python3
"""Paper Fig. 2: loss L versus epoch tau, double-logarithmic, one curve per step size eta.

Plots the full-batch loss `loss_full` (or, with --batch-loss, `loss_batch`, the loss of the
batch the optimizer used) of one replica of a `train` file for every n_h in it: the smallest
n_h (normally 2) as solid lines, larger n_h (e.g. 18) dashed, one colour per step size.
Epoch 0 is dropped (log axis). For each n_h a reference line tau^(-gamma) is drawn, offset
below the curve, over the fit window of the plotted run whose stored gamma is closest to the
median gamma of all converged runs of that n_h; it is labelled with that median and the median
stored standard error.
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

import plot_style
from plot_style import plt
from xorscape_h5 import TrainGroup, XorscapeFile

LINESTYLES = ["-", "--", "-.", ":"]
OFFSET = 0.4  # reference line sits at this fraction of the curve at the window's middle


def pm(value: float, err: float) -> str:
    """'1.02 \\pm 0.01' with the decimals set by the error's first significant digit."""
    digits = 2 if not np.isfinite(err) or err <= 0 else int(min(4, max(2, -np.floor(np.log10(err)))))
    return f"{value:.{digits}f} \\pm {err:.{digits}f}"


def step_colours(step_size) -> list:
    """One colour per stored step size, the same in every n_h group."""
    n = len(step_size)
    cmap = plt.get_cmap("tab10" if n <= 10 else "viridis")
    return [cmap(k if n <= 10 else k / max(1, n - 1)) for k in range(n)]


def reference_line(ax, tg: TrainGroup, loss: np.ndarray, replica: int, steps: list[int],
                   labelled_nh: bool) -> float:
    """Draw the tau^(-gamma) line of one n_h; return its lowest value (inf if none drawn)."""
    ok = tg.converged()
    gamma, stderr = tg["gamma"], tg["gamma_stderr"]
    candidates = [s for s in steps if ok[s, replica]]
    if not candidates:
        return np.inf
    g_med, se_med = float(np.median(gamma[ok])), float(np.median(stderr[ok]))
    s = min(candidates, key=lambda k: abs(gamma[k, replica] - g_med))
    t0 = float(tg["gamma_fit_first_epoch"][s, replica])
    t1 = float(tg["gamma_fit_last_epoch"][s, replica])
    y = loss[s, replica]
    good = (tg.epoch > 0) & np.isfinite(y) & (y > 0)
    if not (0 < t0 < t1) or good.sum() < 2:
        return np.inf
    mid = np.sqrt(t0 * t1)
    y_mid = np.exp(np.interp(np.log(mid), np.log(tg.epoch[good].astype(float)), np.log(y[good])))
    tau = np.geomspace(t0, t1, 50)
    ref = OFFSET * y_mid * (tau / mid) ** -g_med
    ax.plot(tau, ref, color="k", lw=1.3)
    label = (f"$n_h={tg.n_h}$: " if labelled_nh else "") + rf"$\gamma = {pm(g_med, se_med)}$"
    ax.annotate(label, xy=(tau[-1], ref[-1]), xytext=(0, -6), textcoords="offset points",
                ha="right", va="top", fontsize=10)
    return float(ref[-1])


def main() -> None:
    p = plot_style.parser("fig2_loss", __doc__)
    p.add_argument("--batch-loss", action="store_true",
                   help="plot loss_batch (the batch the optimizer used) instead of loss_full")
    p.add_argument("--replica", type=int, default=0, help="replica index (default: 0)")
    p.add_argument("--nh", type=int, nargs="+", help="n_h values to plot (default: all)")
    p.add_argument("--eta", type=float, nargs="+",
                   help="step sizes to plot, nearest stored value each (default: all)")
    args = p.parse_args()
    name = "loss_batch" if args.batch_loss else "loss_full"

    with XorscapeFile(args.input) as xf:
        nhs = sorted(args.nh or xf.nh_values())
        fig, ax = plt.subplots(figsize=(7.5, 5.5))
        colours, styles, lowest = {}, {}, np.inf  # step size -> colour, n_h -> line style
        for n_h, ls in zip(nhs, LINESTYLES * len(nhs)):
            tg = xf.train(n_h)
            replica = tg.replica_index(args.replica)
            steps = sorted({tg.step_index(e) for e in args.eta} if args.eta else range(len(tg.step_size)))
            loss = tg[name]
            x = tg.epoch.astype(float)
            keep = x > 0
            for s in steps:
                y = loss[s, replica, keep]
                y = np.where(np.isfinite(y) & (y > 0), y, np.nan)
                if np.isnan(y).all():
                    continue
                colour = step_colours(tg.step_size)[s]
                colours[float(tg.step_size[s])], styles[n_h] = colour, ls
                ax.plot(x[keep], y, color=colour, ls=ls, lw=1.3)
            lowest = min(lowest, reference_line(ax, tg, loss, replica, steps, len(nhs) > 1))

        symbol = plot_style.step_symbol(tg)
        handles = [Line2D([], [], color=c, label=f"${symbol} = {eta:g}$")
                   for eta, c in sorted(colours.items())]
        if len(styles) > 1:
            handles += [Line2D([], [], color="0.2", ls=ls, label=f"$n_h = {n}$") for n, ls in styles.items()]
        ax.legend(handles=handles, loc="lower left")
        ax.set_xscale("log")
        ax.set_yscale("log")
        if np.isfinite(lowest):  # room for the reference-line labels below the lines
            ax.set_ylim(bottom=min(ax.get_ylim()[0], lowest / 5))
        ax.set_xlabel(plot_style.TAU_LABEL)
        ax.set_ylabel("$L$" + (" (batch)" if args.batch_loss else ""))
        ax.set_title(("Batch" if args.batch_loss else "Full-batch") + " loss, $n_h$ = "
                     + ", ".join(map(str, nhs)) + f" ({tg.attrs.get('optimizer', '?')}, "
                     f"{tg.attrs.get('batch', '?')} batch, replica {args.replica})")
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
