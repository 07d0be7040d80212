#!/usr/bin/python3
"""Paper Fig. 7: a loss-landscape cross-section with randomized batches.

Reads a `xorscape landscape --landscape.batch random` file (e.g. from
experiments/fig7_random_batches) and draws, for one cross-section (the file's first, or
--pair), in the colour map of Fig. 6:
  (a) one random-batch scan (loss_scan: every grid point with its own 4 rows drawn),
  (b) the mean over the S scans (loss_mean),
  (c) the full, nonrandomized batch (loss), which (b) approaches as S grows,
  (d) that convergence: the RMS and the maximum over the grid of |mean of s scans - full
      batch| versus s (mean_error_rms, mean_error_max at scan_checkpoints, as stored by the
      simulator), log-log, with an s^(-1/2) reference line drawn parallel, below the RMS curve.
The errors are also printed to stdout. A full-batch file is an error (exit status 2).
"""
from __future__ import annotations

import sys

import numpy as np
from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter

import landscape_plot as lp
import plot_style
from plot_style import plt
from xorscape_h5 import XorscapeError, XorscapeFile

REF_OFFSET = 0.6  # the s^(-1/2) line sits at this fraction of the first RMS value


def convergence_panel(ax, lg, pair) -> None:
    ax.set_title("(d) mean of $s$ scans vs full batch", loc="left")
    ax.set_xlabel("number of scans $s$")
    ax.set_ylabel(r"$|\bar{L}_s - L_\mathrm{full}|$ over the grid")
    if not lg.has_group("summary") or "scan_checkpoints" not in lg:
        ax.text(0.5, 0.5, "no /landscape/summary in file\n(run incomplete)", ha="center",
                va="center", transform=ax.transAxes)
        print(f"warning: {lg.path}: no summary or scan_checkpoints, panel (d) left empty",
              file=sys.stderr)
        return
    row = lg.summary().row(pair)
    s = np.asarray(lg.scan_checkpoints, dtype=float)
    rms, worst = row.get("mean_error_rms"), row.get("mean_error_max")
    if rms is None or worst is None:
        raise XorscapeError(f"{lg.path}: /landscape/summary lacks mean_error_rms/mean_error_max")
    ax.plot(s, worst, "s-", color="C3", label="maximum")
    ax.plot(s, rms, "o-", color="C0", label="RMS")
    ok = np.isfinite(rms) & (rms > 0) & (s > 0)
    if ok.any():
        k = np.nonzero(ok)[0][0]
        ref = REF_OFFSET * rms[k] * (s / s[k]) ** -0.5
        ax.plot(s, ref, "--", color="0.3", lw=1.2, label=r"$\propto s^{-1/2}$ (offset)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    if len(s) > 1:
        ax.set_xlim(s[0] / 1.3, s[-1] * 1.3)
    ax.legend(loc="lower left")
    print(f"mean of s scans vs full batch over the {len(pair.x_shift)} x {len(pair.y_shift)} grid:")
    print("  s      " + " ".join(f"{int(v):>9d}" for v in s))
    print("  rms    " + " ".join(f"{v:9.3e}" for v in rms))
    print("  max    " + " ".join(f"{v:9.3e}" for v in worst))


def main() -> None:
    p = plot_style.parser("fig7_random_batches", __doc__)
    p.add_argument("--pair", metavar="X:Y",
                   help="cross-section to show, x along the horizontal axis (default: the "
                        "file's first)")
    args = p.parse_args()

    with XorscapeFile(args.input) as xf:
        lg = xf.landscape()
        if lg.batch != "random":
            raise XorscapeError(f"{args.input}: a {lg.batch}-batch landscape file; Fig. 7 "
                                "needs one written with --landscape.batch random")
        if not lg.pair_names:
            raise XorscapeError(f"{args.input}: /landscape holds no cross-sections")
        pair = lg.pair(args.pair if args.pair else lg.pair_names[0])
        if not lg.complete:
            print(f"warning: {lg.path}: not every task is done (incomplete run); "
                  "missing cells are grey", file=sys.stderr)
        grids = [("loss_scan", "(a) single scan"),
                 ("loss_mean", f"(b) mean of $S = {lg.scans}$ scans"),
                 ("loss", "(c) full batch (nonrandomized)")]

        fig, axes = plt.subplots(2, 2, figsize=(11.5, 10), layout="constrained")
        mesh = None
        for ax, (name, title) in zip(axes.flat, grids):
            mesh = lp.draw_loss(ax, pair.x_shift, pair.y_shift, pair[name],
                                contours=name == "loss")  # noisy grids: no contours
            lp.label_axes(ax, pair.x_param, pair.y_param)
            ax.set_title(title, loc="left")
        lp.loss_colorbar(fig, mesh, axes, shrink=0.6, pad=0.02)
        print(f"{args.input}: pair {pair.label}, S = {lg.scans} scans, grid "
              f"{len(pair.x_shift)} x {len(pair.y_shift)}")
        convergence_panel(axes[1, 1], lg, pair)
        fig.suptitle(f"Random-batch cross-section {lp.pair_title(pair.x_param, pair.y_param)} "
                     f"($S = {lg.scans}$ scans; all other parameters at the center)")
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
