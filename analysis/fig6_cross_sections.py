#!/usr/bin/python3
"""Paper Fig. 6: cross-sections of the loss landscape, with steepest-descent paths.

Reads a `xorscape landscape` file (e.g. from experiments/fig6_cross_sections) and draws six
two-parameter cross-sections of the full-batch loss around the center (every other parameter
held at its value there), in the paper's orientation (first parameter along x):
  (a) b1_1:b2_1    (b) w2_12:b1_2    (c) w1_22:b1_1      -- named in the paper's text
  (d) w2_11:w2_12  (e) w1_21:w1_22   (f) w1_21:b1_2      -- not named there; chosen from the
      36 cross-sections around Table II #1 to match the features the text gives them:
      (d) no isolated well: the origin lies in the lower-right corner of a large, flat,
          triangular near-zero plateau (whose lowest grid point, L ~ 7e-4, is away from the
          origin), with an orange-red corner up to L ~ 0.7;
      (e) a small triangular well where straight L ~ 0.25 channels cross;
      (f) a dark-blue trench running into the origin and continuing beyond it as a trench
          at higher loss (L ~ 0.2, between L ~ 0.5 plateaus).
A pair stored the other way round in the file is transposed for display. Descent paths stored
for a shown pair are drawn as black lines: red dot at the start, white cross at the end.
--pairs replaces all six; --all also writes a sheet of every cross-section in the file.
A text summary goes to stdout: per shown pair the grid minimum and the area fractions near the
plateau levels (both as stored by the simulator in /landscape/summary), per path its start,
final loss, epochs and whether it reached the well.
"""
from __future__ import annotations

import math
import sys

import numpy as np
from matplotlib.ticker import MaxNLocator

import landscape_plot as lp
import plot_style
from plot_style import plt
from xorscape_h5 import LandscapeGroup, LandscapePair, XorscapeError, XorscapeFile, split_pair

PAPER_PAIRS = ["b1_1:b2_1", "w2_12:b1_2", "w1_22:b1_1", "w2_11:w2_12", "w1_21:w1_22", "w1_21:b1_2"]
TAGS = "abcdefghijklmnopqrstuvwxyz"


def parse_pairs(text: str) -> list[str]:
    pairs = [s.strip() for s in text.split(",") if s.strip()]
    if not pairs:
        raise XorscapeError(f"--pairs '{text}': no pairs given (expected x:y,x:y,...)")
    for s in pairs:
        split_pair(s)
    return pairs


def choose_pairs(lg: LandscapeGroup, requested: list[str] | None) -> list[LandscapePair]:
    """--pairs exactly (each must exist); else the paper's six that the file holds, or, if it
    holds none of them, its first six."""
    if requested:
        return [lg.pair(s) for s in requested]
    chosen = [lg.pair(s) for s in PAPER_PAIRS if lg.find_pair(s) is not None]
    if len(chosen) < len(PAPER_PAIRS):
        missing = [s for s in PAPER_PAIRS if lg.find_pair(s) is None]
        print(f"warning: {lg.path}: not in file: {', '.join(missing)}", file=sys.stderr)
    if not chosen:
        chosen = [lg.pair(n) for n in lg.pair_names[:len(PAPER_PAIRS)]]
    if not chosen:
        raise XorscapeError(f"{lg.path}: /landscape holds no cross-sections")
    return chosen


def paths_of(lg: LandscapeGroup, pair: LandscapePair):
    return lg.paths().for_pair(pair) if lg.has_group("paths") else []


def summary_row(lg: LandscapeGroup, pair: LandscapePair) -> dict | None:
    return lg.summary().row(pair) if lg.has_group("summary") else None


def fmt_loss(v: float) -> str:
    return f"{v:.4f}" if np.isfinite(v) and v >= 0.01 else f"{v:.3e}"


def describe(lg: LandscapeGroup, tag: str, pair: LandscapePair, row: dict | None, paths) -> None:
    xs, ys = pair.x_shift, pair.y_shift
    stored = "" if not pair.transposed else f", stored as {pair.name} (transposed)"
    print(f"({tag}) {pair.label}: grid {len(xs)} x {len(ys)} over "
          f"[{xs[0]:g}, {xs[-1]:g}] x [{ys[0]:g}, {ys[-1]:g}]{stored}")
    if row is None:
        print("    no /landscape/summary (run incomplete): minimum and area fractions not stored")
    else:
        print(f"    grid minimum L = {fmt_loss(row['min_loss'])} at (d{pair.x_param}, "
              f"d{pair.y_param}) = ({row['min_dx']:.2f}, {row['min_dy']:.2f})")
        fractions = "  ".join(f"{lev:g}: {100 * f:5.1f}%"
                              for lev, f in zip(lg.levels, row["level_area_fraction"]))
        print(f"    area within +-{lg.level_tolerance:g} of L = {fractions}")
    for p in paths:
        flags = [s for s, on in (("diverged", p.diverged), ("truncated", p.truncated)) if on]
        print(f"    path {p.index}: start ({p.start_dx:g}, {p.start_dy:g}) "
              f"L = {fmt_loss(p.start_loss)} -> final L = {fmt_loss(p.final_loss)} "
              f"after {p.epochs_run} epochs (eta = {p.learning_rate:g}), reached well: {'yes' if p.reached_well else 'no'}"
              + (f" [{', '.join(flags)}]" if flags else ""))


def panel(ax, lg: LandscapeGroup, pair: LandscapePair, paths, small: bool = False):
    mesh = lp.draw_loss(ax, pair.x_shift, pair.y_shift, pair["loss"],
                        contour_lw=0.35 if small else 0.6)
    lp.draw_paths(ax, paths, small=small)
    return mesh


def six_panels(lg: LandscapeGroup, pairs: list[LandscapePair], output: str, pdf: bool) -> None:
    ncols = min(3, len(pairs))
    nrows = math.ceil(len(pairs) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols + 1.3, 4.4 * nrows + 0.7),
                             squeeze=False, layout="constrained")
    legend_done, mesh = False, None
    for k, (ax, pair) in enumerate(zip(axes.flat, pairs)):
        paths = paths_of(lg, pair)
        mesh = panel(ax, lg, pair, paths)
        if paths and not legend_done:
            ax.legend(handles=lp.path_legend_handles(), loc="lower left", fontsize=8,
                      framealpha=0.85)
            legend_done = True
        lp.label_axes(ax, pair.x_param, pair.y_param)
        ax.set_title(f"({TAGS[k % len(TAGS)]})", loc="left", fontweight="bold")
        ax.set_title(lp.pair_title(pair.x_param, pair.y_param), loc="right", fontsize=10)
    for ax in axes.flat[len(pairs):]:
        ax.set_visible(False)
    lp.loss_colorbar(fig, mesh, axes, shrink=0.85 if nrows > 1 else 1.0, pad=0.02)
    fig.suptitle(f"Loss-landscape cross-sections ({lg.batch} batch; all other parameters at "
                 "the center)")
    plot_style.save(fig, output, pdf)


def all_pairs_sheet(lg: LandscapeGroup, output: str, pdf: bool) -> None:
    """Every cross-section of the file as small multiples, in file order and orientation."""
    pairs = [lg.pair(n) for n in lg.pair_names]
    if not pairs:
        raise XorscapeError(f"{lg.path}: /landscape holds no cross-sections")
    ncols = math.ceil(math.sqrt(len(pairs)))
    nrows = math.ceil(len(pairs) / ncols)
    size = 2.5  # inches per panel
    height = size * nrows + 0.8
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols + 1.0, height), squeeze=False)
    fig.subplots_adjust(left=0.05, right=0.9, bottom=0.5 / height, top=1 - 0.7 / height,
                        wspace=0.38, hspace=0.38)
    mesh = None
    for ax, pair in zip(axes.flat, pairs):
        mesh = panel(ax, lg, pair, paths_of(lg, pair), small=True)
        lp.label_axes(ax, pair.x_param, pair.y_param, fontsize=9)
        ax.tick_params(labelsize=7, length=2, pad=1)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        ax.xaxis.labelpad = ax.yaxis.labelpad = 0
    for ax in axes.flat[len(pairs):]:
        ax.set_visible(False)
    cax = fig.add_axes([0.92, 0.25, 0.015, 0.5])
    lp.loss_colorbar(fig, mesh, None, cax=cax)
    fig.suptitle(f"All {len(pairs)} cross-sections ({lg.batch} batch; red dots: path starts, "
                 "white crosses: path ends)", y=1 - 0.25 / height)
    with plt.rc_context({"savefig.bbox": None}):  # laid out by hand; a tight box costs a draw
        plot_style.save(fig, output, pdf)


def main() -> None:
    p = plot_style.parser("fig6_cross_sections", __doc__)
    p.add_argument("--pairs", metavar="X:Y,...",
                   help="cross-sections to show instead of the six defaults, e.g. "
                        "b1_1:b2_1,w2_12:b1_2 (x along the horizontal axis)")
    p.add_argument("--all", metavar="PNG", help="also write a sheet of every cross-section")
    args = p.parse_args()

    with XorscapeFile(args.input) as xf:
        lg = xf.landscape()
        pairs = choose_pairs(lg, parse_pairs(args.pairs) if args.pairs is not None else None)
        if not lg.complete:
            print(f"warning: {lg.path}: not every task is done (incomplete run); "
                  "missing cells are grey", file=sys.stderr)
        print(f"{args.input}: {lg.batch} batch, {len(lg.pair_names)} cross-sections, center "
              + " ".join(f"{n}={v:g}" for n, v in zip(lg.param_names, lg.center)))
        if lg.has_group("paths") and len(lg.paths()):
            a = lg.paths().attrs
            print(f"descent paths: {len(lg.paths())}, budget {a.get('epochs', '?')} epochs, stop "
                  f"below L = {a.get('stop_loss', '?')}, 'reached well' = final L below "
                  f"{a.get('well_loss', a.get('stop_loss', '?'))}")
        for k, pair in enumerate(pairs):
            describe(lg, TAGS[k % len(TAGS)], pair, summary_row(lg, pair), paths_of(lg, pair))
        six_panels(lg, pairs, args.output, args.pdf)
        if args.all:
            all_pairs_sheet(lg, args.all, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
