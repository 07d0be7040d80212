#!/usr/bin/python3
"""Basin statistics (beyond the paper): how often random initializations converge, and how fast.

Reads one or more `xorscape train` files (typically `--train.stop converged`, one per
optimizer or init scale) and draws, for every file, step size and n_h in them:
  (a) the fraction of replicas that converged within the budget E, diverged, or neither
      (stacked bars, from the stored summary: converged_fraction, diverged_fraction);
  (b) the empirical distribution of their convergence epochs: the fraction of ALL replicas
      converged by epoch tau (a step curve on a log axis, ending at the converged fraction;
      for zero-T Monte Carlo an epoch is one proposal).
Colours tell the files (optimizer, step size, init scheme and scale) apart, line styles n_h.
The same numbers are printed as a table.
"""
from __future__ import annotations

import os

import numpy as np
from matplotlib.patches import Patch

import plot_style
from plot_style import plt

LINESTYLES = ["-", "--", ":", "-."]
NEITHER = "0.8"


def groups(files):
    """(file index, TrainGroup, step index) for every file, n_h and step size."""
    for f, xf in enumerate(files):
        for n_h in xf.nh_values():
            tg = xf.train(n_h)
            for k in range(len(tg.step_size)):
                yield f, tg, k


def series_label(tg, k) -> str:
    return (f"{tg.attrs.get('optimizer', '?')}, ${plot_style.step_symbol(tg)} = {tg.step_size[k]:g}$, "
            f"{tg.setup()}")


def main() -> None:
    p = plot_style.parser("basins", __doc__, several=True)
    args = p.parse_args()

    with plot_style.open_files(args.input) as files:
        fig, (ax_bar, ax_cdf) = plt.subplots(1, 2, figsize=(14, 5.5), width_ratios=(1, 1.3),
                                             layout="constrained")
        colours, styles, rows, ticks = {}, {}, [], []
        positions = []
        for i, (f, tg, k) in enumerate(groups(files)):
            x = i + 0.6 * f  # a gap between runs (files)
            positions.append(x)
            label = series_label(tg, k)
            colour = colours.setdefault(label, f"C{len(colours) % 10}")
            style = styles.setdefault(tg.n_h, LINESTYLES[len(styles) % len(LINESTYLES)])
            s = tg.summary()
            conv, div = float(s["converged_fraction"][k]), float(s["diverged_fraction"][k])
            ax_bar.bar(x, conv, color=colour, edgecolor="k", lw=0.6)
            ax_bar.bar(x, div, bottom=conv, color="C3", edgecolor="k", lw=0.6, hatch="//")
            ax_bar.bar(x, 1 - conv - div, bottom=conv + div, color=NEITHER, edgecolor="k", lw=0.6)
            ticks.append(str(tg.n_h))
            epochs = tg["convergence_epoch"][k]
            done = np.sort(epochs[epochs >= 0]).astype(float)
            K = epochs.size
            if done.size:
                budget = float(tg.attrs.get("epochs", done[-1]))
                xs = np.concatenate([done, [budget]])
                ys = np.concatenate([np.arange(1, done.size + 1), [done.size]]) / K
                ax_cdf.step(xs, ys, where="post", color=colour, ls=style, lw=1.6)
            rows.append([os.path.basename(files[f].path), tg.attrs.get("optimizer", "?"),
                         f"{tg.step_size[k]:g}", tg.setup(),
                         str(tg.attrs.get("epochs", "?")), str(tg.n_h), str(K), f"{conv:.3f}",
                         f"{div:.3f}", f"{1 - conv - div:.3f}",
                         f"{s['convergence_epoch_median'][k]:.4g}",
                         f"[{s['convergence_epoch_q25'][k]:.4g}, {s['convergence_epoch_q75'][k]:.4g}]"])

        ax_bar.set_xticks(positions, ticks, fontsize=8)
        ax_bar.set_xlabel("$n_h$ (bars grouped by run, colours as in (b))")
        ax_bar.set_ylim(0, 1)
        ax_bar.set_ylabel("fraction of replicas")
        ax_bar.set_title("(a) outcome within the budget $E$", loc="left")
        ax_bar.legend(handles=[Patch(color="0.5", ec="k", label="converged (colour: file)"),
                               Patch(fc="C3", ec="k", hatch="//", label="diverged"),
                               Patch(color=NEITHER, ec="k", label="neither within $E$")],
                      loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=8)
        for budget in sorted({float(xf.h5["/train"].attrs.get("epochs", np.nan)) for xf in files}):
            ax_cdf.axvline(budget, color="0.3", ls="-.", lw=1)
        ax_cdf.set_xscale("log")
        ax_cdf.set_ylim(0, 1.02)
        mc = any(plot_style.is_monte_carlo(xf.h5["/train"].attrs.get("optimizer", "")) for xf in files)
        ax_cdf.set_xlabel(r"convergence epoch $\tau$" + (" (zero-T MC: proposals)" if mc else ""))
        ax_cdf.set_ylabel(r"fraction of replicas converged by $\tau$")
        ax_cdf.set_title("(b) distribution of convergence epochs", loc="left")
        handles = [Patch(color=c, label=l) for l, c in colours.items()]
        handles += [plt.Line2D([], [], color="0.3", ls=ls, label=f"$n_h = {n}$")
                    for n, ls in styles.items()]
        handles.append(plt.Line2D([], [], color="0.3", ls="-.", lw=1, label="budget $E$"))
        ax_cdf.legend(handles=handles, loc="upper left", fontsize=8)
        fig.suptitle("Basins: convergence of random initializations")
        plot_style.provenance_note(fig, files)
        plot_style.print_table(["file", "optimizer", "step", "setup", "E", "n_h", "K", "converged",
                                "diverged", "neither", "median tau", "[q25, q75]"], rows, indent="")
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
