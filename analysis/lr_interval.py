#!/usr/bin/python3
"""Paper Sect. III A: the interval of learning rates eta for which training converges.

Reads one or more `xorscape lr-scan` files (e.g. different converge_fraction or budgets) and
draws one row per file, all on a logarithmic eta axis:
  (a) the fraction of the K replicas that converged, diverged, or did neither within the
      budget E, at every point run: the log-spaced sweep (connected) and the bisection points
      of the two edges (open markers); the dotted line is the file's converge_fraction;
  (b) the median convergence epoch of the converged replicas with their 25-75 % range, and E;
  (c) the median final full-batch loss of the replicas that ran out of budget (where they
      got stuck).
Every panel marks the two edges the simulator bisected (solid line; its final bracket shaded)
and the paper's interval [0.002, 17.484] (n_h = 2, E = 5e6 epochs; dashed blue). All values
are as stored by the simulator; the edges and brackets are also printed (--points: every
point too).
"""
from __future__ import annotations

import os
import sys

import numpy as np
from matplotlib.lines import Line2D

import plot_style
from plot_style import plt

PAPER = (0.002, 17.484)  # Sect. III A: n_h = 2, v_k = 0.1 r_k, up to 5e6 epochs
OUTCOMES = (("converged_fraction", "converged", "C2"), ("diverged_fraction", "diverged", "C3"),
            ("budget_fraction", "neither within E", "0.45"))


def setup(ls) -> str:
    a = ls.attrs
    return (f"$n_h = {a.get('n_h', '?')}$, {a.get('optimizer', '?')}, {a.get('batch', '?')} batch, "
            f"init {a.get('init_scheme', '?')} x {a.get('init_scale', '?')}, "
            f"$E = {plot_style.tex_number(float(a.get('epochs', np.nan)))}$, K = {a.get('replicas', '?')}, "
            f"converges if $\\geq$ {a.get('converge_fraction', '?')} converge")


def mark_edges(ax, edges, with_label: bool) -> None:
    found = [e for e in edges if e.found and np.isfinite(e.eta)]
    for k, e in enumerate(found):
        ax.axvspan(*sorted(e.bracket), color="k", alpha=0.25, lw=0)
        ax.axvline(e.eta, color="k", lw=1.3, label="edge (xorscape)" if with_label and k == 0 else None)
    for k, eta in enumerate(PAPER):
        ax.axvline(eta, color="C0", ls="--", lw=1.3,
                   label=f"paper [{PAPER[0]:g}, {PAPER[1]:g}]" if with_label and k == 0 else None)


def draw_row(axes, ls) -> None:
    s = ls.summary()
    run = ls.run_points()
    eta = ls.eta[run]
    sweep = ls.stage[run] < 0
    order = np.argsort(eta[sweep])
    edges = ls.edges()
    ax = axes[0]
    for name, label, colour in OUTCOMES:
        frac = s[name][run]
        ax.plot(eta[sweep][order], frac[sweep][order], "o-", color=colour, ms=4, label=label)
        ax.plot(eta[~sweep], frac[~sweep], "D", color=colour, mfc="none", ms=5)
    ax.axhline(float(ls.attrs.get("converge_fraction", np.nan)), color="C2", ls=":", lw=1.2)
    ax.set_ylim(-0.04, 1.04)
    ax.set_ylabel("fraction of replicas")
    mark_edges(ax, edges, True)

    ax = axes[1]
    med, q25, q75 = (s[n][run] for n in ("convergence_epoch_median", "convergence_epoch_q25",
                                         "convergence_epoch_q75"))
    ok = np.isfinite(med)
    for mask, fmt in ((sweep & ok, "o"), (~sweep & ok, "D")):
        ax.errorbar(eta[mask], med[mask], yerr=[med[mask] - q25[mask], q75[mask] - med[mask]],
                    fmt=fmt, color="C2", mfc="C2" if fmt == "o" else "none", ms=4, lw=1, capsize=2)
    ax.axhline(float(ls.attrs.get("epochs", np.nan)), color="0.3", ls="--", lw=1)
    ax.set_yscale("log")
    ax.set_ylabel(r"convergence epoch $\tau$ (median, 25-75 %)")
    mark_edges(ax, edges, False)

    ax = axes[2]
    stuck = s["budget_loss_median"][run]
    ax.plot(eta[sweep][order], stuck[sweep][order], "o-", color="0.45", ms=4)
    ax.plot(eta[~sweep], stuck[~sweep], "D", color="0.45", mfc="none", ms=5)
    ax.set_ylabel("median final $L$ of runs out of budget")
    ax.set_ylim(bottom=0)
    mark_edges(ax, edges, False)


def report(ls, name: str, points: bool) -> None:
    a, run = ls.attrs, ls.run_points()
    print(f"{name}: n_h = {a.get('n_h', '?')}, {a.get('optimizer', '?')}, {a.get('batch', '?')} batch, "
          f"init {a.get('init_scheme', '?')} x {a.get('init_scale', '?')}, E = {a.get('epochs', '?')} "
          f"epochs, K = {a.get('replicas', '?')}, converges if >= {a.get('converge_fraction', '?')} "
          f"converge; {int(np.sum(ls.stage[run] < 0))} sweep + {int(np.sum(ls.stage[run] >= 0))} "
          "bisection points")
    rows = [[e.name, f"{e.eta:.4g}" if e.found else "not bracketed",
             f"[{e.bracket[0]:.4g}, {e.bracket[1]:.4g}]" if e.found else "-",
             f"{PAPER[k]:g}"] for k, e in enumerate(ls.edges())]
    plot_style.print_table(["edge", "eta", "bracket", "paper"], rows)
    if points:
        s = ls.summary()
        rows = [[f"{ls.eta[p]:.4g}", "sweep" if ls.stage[p] < 0 else f"bisect {int(ls.stage[p])}",
                 *(f"{s[n][p]:.3f}" for n, _, _ in OUTCOMES),
                 f"{s['convergence_epoch_median'][p]:.4g}", f"{s['budget_loss_median'][p]:.4f}"]
                for p in run[np.argsort(ls.eta[run])]]
        plot_style.print_table(["eta", "stage", "converged", "diverged", "budget", "median tau",
                                "stuck L"], rows)


def main() -> None:
    p = plot_style.parser("lr_interval", __doc__, several=True)
    p.add_argument("--points", action="store_true", help="also print every point run")
    args = p.parse_args()

    with plot_style.open_files(args.input) as files:
        scans = [xf.lr_scan() for xf in files]
        for ls in scans:
            if not ls.complete:
                print(f"warning: {ls.path}: not every task is done (incomplete run)", file=sys.stderr)
        fig = plt.figure(figsize=(16, 4.4 * len(scans) + 0.6), layout="constrained")
        rows = [sub.subplots(1, 3) for sub in np.atleast_1d(fig.subfigures(len(scans), 1))]
        etas = np.concatenate([ls.eta[ls.run_points()] for ls in scans] + [np.array(PAPER)])
        for row, ls in zip(rows, scans):
            draw_row(row, ls)
            report(ls, os.path.basename(ls.path), args.points)
            row[0].figure.suptitle(f"{os.path.basename(ls.path)}: " + setup(ls), fontsize=11)
            for ax, tag in zip(row, ("(a) outcome", "(b) convergence epoch", "(c) where stuck runs end")):
                ax.set_title(tag, loc="left", fontsize=10)
                ax.set_xscale("log")
                ax.set_xlim(etas.min() / 2, etas.max() * 2)
                ax.set_xlabel(r"learning rate $\eta$")
        axes = np.array(rows)
        handles = axes[0, 0].get_legend_handles_labels()[0] + [
            Line2D([], [], color="0.3", marker="o", label="sweep"),
            Line2D([], [], color="0.3", marker="D", mfc="none", ls="", label="bisection"),
            Line2D([], [], color="C2", ls=":", label="converge_fraction"),
            Line2D([], [], color="0.3", ls="--", label="budget $E$ (b)")]
        fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
        fig.suptitle("Interval of learning rates that converge (shaded: final bisection bracket)",
                     fontsize=13)
        plot_style.provenance_note(fig, files)
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
