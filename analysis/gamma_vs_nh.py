#!/usr/bin/python3
"""Paper Sect. III A: the long-term exponent gamma of L(tau) ~ tau^(-gamma) versus n_h.

Reads one or more `xorscape train` files and draws, from their stored per-step summaries,
the mean of the fitted exponents over the replicas (summary/gamma_mean) with its standard
error (gamma_sem) against the number of hidden neurons n_h (log axis), one series per
optimizer and step size eta, slightly spread sideways so that error bars do not hide each
other. A mean of a single fit has no error bar. The legend says how many runs of the series
have a fitted gamma (runs that did not converge, or whose tail after convergence is too
short for the fit window, have none). The paper's values (gamma ~ 1.0 at n_h = 2, ~ 1.2 at
n_h = 18, independent of eta) are drawn as black stars. The same numbers are printed as a
table n_h x series: mean +- sem (fitted/replicas).
"""
from __future__ import annotations

import os
import sys

import numpy as np

import plot_style
from plot_style import plt

PAPER = {2: 1.0, 18: 1.2}  # Sect. III A, "about"
SPREAD = 0.025             # sideways offset between series, as a fraction of n_h


def collect(files) -> dict:
    """{series label: {n_h: (mean, sem, fitted, replicas)}} over all files and n_h groups."""
    series: dict[str, dict[int, tuple]] = {}
    for xf in files:
        for n_h in xf.nh_values():
            tg = xf.train(n_h)
            s = tg.summary()
            for k, step in enumerate(tg.step_size):
                label = (f"{tg.attrs.get('optimizer', '?')}, ${plot_style.step_symbol(tg)} = {step:g}$"
                         + ("" if tg.attrs.get("batch") == "random" else f", {tg.attrs.get('batch')} batch"))
                if n_h in series.get(label, {}):  # the same series in two files: keep both apart
                    label += f" ({os.path.basename(xf.path)})"
                series.setdefault(label, {})[n_h] = (float(s["gamma_mean"][k]), float(s["gamma_sem"][k]),
                                                     int(s["gamma_count"][k]), len(tg.replica))
    return series


def main() -> None:
    p = plot_style.parser("gamma_vs_nh", __doc__, several=True)
    args = p.parse_args()

    with plot_style.open_files(args.input) as files:
        series = collect(files)
        if not any(v[2] for points in series.values() for v in points.values()):
            stops = {str(xf.h5["/train"].attrs.get("stop", "budget")) for xf in files}
            print("warning: no run has a fitted gamma" + (" (files written with --train.stop "
                  "converged stop at convergence: no tail to fit)" if "converged" in stops else ""),
                  file=sys.stderr)
        fig, ax = plt.subplots(figsize=(8, 5.5))
        n = len(series)
        for j, (label, points) in enumerate(series.items()):
            nhs = np.array(sorted(points), dtype=float)
            mean, sem, fitted, reps = (np.array([points[int(h)][i] for h in nhs]) for i in range(4))
            x = nhs * (1 + SPREAD * (j - (n - 1) / 2))
            ok = np.isfinite(mean)
            ax.errorbar(x[ok], mean[ok], yerr=np.where(np.isfinite(sem[ok]), sem[ok], 0), fmt="o-",
                        ms=5, capsize=3, lw=1.3, color=f"C{j % 10}",
                        label=f"{label} ({fitted.sum()}/{reps.sum()} runs fitted)")
        ax.plot(list(PAPER), list(PAPER.values()), "*", color="k", ms=13, mfc="none", mew=1.4,
                label=r"paper: $\gamma \approx 1.0$ ($n_h = 2$), $\approx 1.2$ ($n_h = 18$)")
        ax.set_xscale("log")
        all_nh = sorted({h for pts in series.values() for h in pts} | set(PAPER))
        ax.set_xticks(all_nh, [str(h) for h in all_nh])
        ax.minorticks_off()
        ax.set_xlabel("hidden neurons $n_h$")
        ax.set_ylabel(r"$\gamma$ in $L \sim \tau^{-\gamma}$ (mean $\pm$ s.e.m. over replicas)")
        ax.legend(loc="best", fontsize=8)
        ax.set_title(r"Long-term exponent $\gamma$ vs $n_h$")
        plot_style.provenance_note(fig, files)

        rows = []
        for h in all_nh:
            cells = []
            for points in series.values():
                m, e, c, r = points.get(h, (np.nan, np.nan, 0, 0))
                cells.append("" if r == 0 else f"- (0/{r})" if not np.isfinite(m) else
                             f"{m:.3f} +- {e:.3f} ({c}/{r})" if np.isfinite(e) else f"{m:.3f} ({c}/{r})")
            rows.append([str(h)] + cells + [f"{PAPER[h]:.1f}" if h in PAPER else ""])
        print("gamma: mean +- sem over replicas (fitted/replicas)")
        plot_style.print_table(["n_h"] + [s.replace("$", "").replace("\\", "") for s in series] + ["paper"],
                               rows)
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
