#!/usr/bin/python3
"""Paper Fig. 5: epoch of convergence tau_conv versus the shift Delta of one parameter.

Reads a `xorscape perturb` file: each parameter of the center (Table II #1 by default) shifted
by Delta, the others at the center, R gradient-descent runs with random batches; tau_conv is
the first epoch at which the batch loss and the full-batch loss, each averaged over the R
runs, are below the threshold (as the simulator stored it). Panel (a) shows the weights,
(b) the biases, on a logarithmic tau axis:
  - tau_conv = 0 (the shifted start is already below the threshold) is drawn on the grey
    floor band at the bottom, labelled 0 -- a log axis has no 0;
  - tau_conv = -1 (not within the epoch budget E) as open triangles on the dashed line at E;
  - with --runs, the median of the runs' own convergence epochs (dotted) and their
    25-75 % band;
  - the plateau edges the simulator detected as short vertical ticks at the bottom (none
    where the plateau reaches the grid end), the paper's values (Delta w1_11 < 2.2,
    Delta w1_12 < 2.2, Delta w2_11 < 1.6) as black triangles at the top of (a).
The plateau edges are printed beside the paper's values.
"""
from __future__ import annotations

import sys

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

import plot_style
from plot_style import plt
from xorscape_h5 import XorscapeError, XorscapeFile, nearest_index

PAPER_EDGE = {"w1_11": 2.2, "w1_12": 2.2, "w2_11": 1.6}  # Sect. III B: unchanged for Delta < value
ZERO_Y = 0.2          # where tau_conv = 0 is drawn on the log axis
Y_BOTTOM = 0.05
TICK = 0.05           # plateau-edge ticks: this fraction of the axes height


def draw_parameter(ax, pg, k, c, tau, budget, runs, summary) -> None:
    """Parameter k in colour/style number c (alternating solid and dashed, so that curves that
    coincide, like w1_11 and w1_12 of Table II #1, both stay visible)."""
    x, colour = pg.shift, f"C{c % 10}"
    y = np.where(tau > 0, tau.astype(float), np.nan)
    y[tau == 0] = ZERO_Y
    ax.plot(x, y, color=colour, ls="-" if c % 2 == 0 else "--", marker="os"[c % 2],
            ms=4 if c % 2 == 0 else 2.5, lw=1.6 if c % 2 == 0 else 1.2,
            label=plot_style.param_label(pg.parameter_names[k]))
    never = tau < 0
    if never.any():
        ax.plot(x[never], np.full(never.sum(), float(budget)), "^", color=colour, mfc="none",
                ms=7, mew=1.3, clip_on=False)
    if runs and summary is not None:
        med, q25, q75 = (summary[n][k] for n in ("run_epoch_median", "run_epoch_q25", "run_epoch_q75"))
        floor = lambda v: np.where(v > 0, v, np.where(v == 0, ZERO_Y, np.nan))  # noqa: E731
        ax.plot(x, floor(med), ":", color=colour, lw=1.2)
        ax.fill_between(x, floor(q25), floor(q75), color=colour, alpha=0.15, lw=0)


def mark_edges(ax, plateau, colour) -> None:
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for edge, is_open in ((plateau.lower, plateau.lower_open), (plateau.upper, plateau.upper_open)):
        if plateau.found and not is_open and np.isfinite(edge):
            ax.plot([edge, edge], [0, TICK], color=colour, lw=2.5, transform=trans, clip_on=False)


def mark_paper(ax) -> None:
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    by_value: dict[float, list[str]] = {}
    for name, value in PAPER_EDGE.items():
        by_value.setdefault(value, []).append(plot_style.param_label(name))
    for value, names in by_value.items():
        ax.plot(value, 1.0, "v", color="k", ms=8, transform=trans, clip_on=False)
        ax.annotate(f"paper: {', '.join(names)} < {value:g}", (value, 1.0), xycoords=trans,
                    xytext=(0, 6 + 11 * (value < 2)), textcoords="offset points", ha="center",
                    fontsize=8)


def edge_text(plateau, side: str) -> str:
    edge, inside, is_open = ((plateau.lower, plateau.lower_inside, plateau.lower_open)
                             if side == "lower" else
                             (plateau.upper, plateau.upper_inside, plateau.upper_open))
    if not plateau.found:
        return "-"
    if is_open:
        return f"open ({'<=' if side == 'lower' else '>='} {inside:g})"
    return f"{edge:g} (last on {inside:g})"


def print_table(pg, tau, plateaus) -> None:
    zero = nearest_index(pg.shift, 0.0)
    print(f"{pg.path}: tau_conv plateau around Delta = 0 (R = {pg.attrs.get('runs', '?')} runs, "
          f"E = {pg.attrs.get('epochs', '?')} epochs, plateau tolerance rel "
          f"{pg.attrs.get('plateau_rel_tol', '?')}, abs {pg.attrs.get('plateau_abs_tol', '?')} epochs)")
    rows = []
    for k, name in enumerate(pg.parameter_names):
        never = pg.shift[tau[k] < 0]
        rows.append([name, str(int(tau[k, zero])),
                     edge_text(plateaus[k], "lower") if plateaus else "-",
                     edge_text(plateaus[k], "upper") if plateaus else "-",
                     f"< {PAPER_EDGE[name]:g}" if name in PAPER_EDGE else "-",
                     f"{len(never)} in [{never.min():g}, {never.max():g}]" if len(never) else "none"])
    plot_style.print_table(["param", f"tau(D={pg.shift[zero]:g})", "lower edge", "upper edge",
                            "paper", "D not within E"], rows)


def main() -> None:
    p = plot_style.parser("fig5_perturbation", __doc__)
    p.add_argument("--runs", action="store_true",
                   help="also draw the median and 25-75 %% band of the runs' own convergence epochs")
    p.add_argument("--params", nargs="+", metavar="NAME",
                   help="parameters to show (default: all in the file)")
    args = p.parse_args()

    with XorscapeFile(args.input) as xf:
        pg = xf.perturb()
        tau = pg["tau_conv"]
        budget = float(pg.attrs.get("epochs", np.nanmax(tau) if tau.size else 1))
        wanted = args.params or pg.parameter_names
        missing = [n for n in wanted if n not in pg.parameter_names]
        if missing:
            raise XorscapeError(f"{args.input}: parameter(s) {', '.join(missing)} not in the file "
                                f"(it has {', '.join(pg.parameter_names)})")
        if not pg.complete:
            print(f"warning: {args.input}: not every task is done (incomplete run)", file=sys.stderr)
        try:
            summary, plateaus = pg.summary(), pg.plateaus()
        except XorscapeError as exc:
            print(f"warning: {exc}; no plateau edges or run quartiles", file=sys.stderr)
            summary, plateaus = None, []

        fig, axes = plt.subplots(1, 2, figsize=(13, 5.4), sharey=True, layout="constrained")
        for ax, prefix, title in zip(axes, "wb", ("(a) weights", "(b) biases")):
            idx = [k for k, n in enumerate(pg.parameter_names) if n.startswith(prefix) and n in wanted]
            for c, k in enumerate(idx):
                draw_parameter(ax, pg, k, c, tau[k], budget, args.runs, summary)
                if plateaus:
                    mark_edges(ax, plateaus[k], f"C{c % 10}")
            ax.axhspan(Y_BOTTOM, 0.5, color="0.9", zorder=0)
            ax.axhline(budget, color="0.3", ls="--", lw=1)
            ax.set_yscale("log")
            ax.set_ylim(Y_BOTTOM, budget * 20)
            decades = range(0, int(np.floor(np.log10(budget * 20))) + 1)
            ax.set_yticks([ZERO_Y] + [10.0 ** d for d in decades],
                          ["0"] + [f"$10^{{{d}}}$" for d in decades])
            ax.yaxis.set_minor_locator(plt.NullLocator())
            ax.set_xlabel(r"shift $\Delta$ from the center (" + ("weight" if prefix == "w" else "bias")
                          + ")")
            ax.set_title(title, loc="left", pad=24 if prefix == "w" else 6)
            if prefix == "w":
                mark_paper(ax)
            extra = [Patch(color="0.9", label=r"$\tau_\mathrm{conv} = 0$: start below threshold"),
                     Line2D([], [], color="0.3", ls="--", marker="^", mfc="none",
                            label=f"not within $E = {plot_style.tex_number(budget)}$ epochs"),
                     Line2D([], [], color="0.3", lw=2.5, label="plateau edge (detected)")]
            if args.runs:
                extra.append(Line2D([], [], color="0.3", ls=":", label="median of runs (25-75 % band)"))
            handles = ax.get_legend_handles_labels()[0] + extra
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3,
                      fontsize=8)
        axes[0].set_ylabel(r"$\tau_\mathrm{conv}$ (epochs)")
        print_table(pg, tau, plateaus)
        fig.suptitle(rf"Epoch of convergence vs shift of one parameter ($\eta = "
                     rf"{pg.attrs.get('learning_rate', '?')}$, {pg.attrs.get('runs', '?')} runs, "
                     f"{pg.attrs.get('batch', '?')} batch, threshold {pg.attrs.get('threshold', '?')})")
        plot_style.provenance_note(fig, [xf])
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
