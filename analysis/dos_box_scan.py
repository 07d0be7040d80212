#!/usr/bin/python3
"""Issue #5's box-size scan: how the shape of S(L) = ln g(L) depends on the measure's box B.

Reads `xorscape dos` files with the box measure, one per half-width B (the /dos attribute
box_half_width; the same B twice is allowed, e.g. simple sampling and multicanonical), and
draws one panel per n_h (all n_h the files have in common, or those of --nh) with one curve per
file, coloured by B: the stored mean ln G over the runs minus ln of the box's volume (2B)^d
(the n_h group's log_mass), i.e. ln of the probability that a uniform point of the box has its
loss in the bin, so that different B are directly comparable; with --per-unit-loss, ln of the
probability density per unit L (minus ln of the bin width as well; the two differ where the bins
are not uniform, by default log-spaced below L = 0.05, where ln P per bin falls toward small L
even at constant density). Bands: +-1 standard error over the runs. Dotted lines: L = 0, 0.25,
0.5, 0.75, 1, where the paper's Fig. 8 has peaks.
Printed per n_h and file: whether the plotted curve has a local maximum within --tolerance of
L = 0, 0.25, 0.5, 0.75 and 1 (the first or last bin of the curve counts if the curve rises toward
it: inside a box L = 0 and 1 are never reached, so a peak there shows as a rise toward the lowest
or highest bins), with the maximum's L, its prominence (how far the curve must descend before it
meets higher ground, in units of ln) and the prominence in standard errors; one at most
--min-se standard errors is called weak. This is a description of the plotted mean at the
plotting level (local maxima of the stored curve, on the bins every run reached), not a
significance test of the simulator's; each B is then listed with the features it shows.
"""
from __future__ import annotations

import os
import sys

import numpy as np
from matplotlib.lines import Line2D

import plot_style
from plot_style import plt
from xorscape_h5 import XorscapeError

PAPER_PEAKS = (0.0, 0.25, 0.5, 0.75, 1.0)  # Sect. III D: peaks of S(L)
STYLES = ("-", "--", ":", "-.")


def prominence(y, i: int) -> tuple[float, int]:
    """Topographic prominence of y[i] inside the finite run of y around i: from i walk left and
    right until the curve rises above y[i] (or ends); on each side take the lowest point passed;
    the higher of those two is the col. Returns (y[i] - y[col], col); at an end of the curve the
    side with no points does not count."""
    cols = []
    for step in (-1, 1):
        j, low, low_at = i + step, np.inf, -1
        while 0 <= j < len(y) and np.isfinite(y[j]) and y[j] <= y[i]:
            if y[j] < low:
                low, low_at = y[j], j
            j += step
        if low_at >= 0:
            cols.append((low, low_at))
    if not cols:
        return np.nan, -1
    low, col = max(cols)
    return float(y[i] - low), col


def feature(x, y, err, target: float, tol: float) -> dict | None:
    """The most prominent local maximum of y within tol of L = target, or None. A bin at either
    end of the finite curve counts if it is higher than its one neighbour (the curve rises toward
    the end of the range it covers: a peak at L = 0 or 1, which a box never reaches, or at the
    end of the support, e.g. 3/4 for n_h = 1)."""
    ok = np.nonzero(np.isfinite(y))[0]
    if ok.size < 2:
        return None
    cand = []
    for i in ok:
        if abs(x[i] - target) > tol:
            continue
        left = y[i - 1] if i > 0 and np.isfinite(y[i - 1]) else None
        right = y[i + 1] if i + 1 < len(y) and np.isfinite(y[i + 1]) else None
        if left is None and right is None:
            continue
        if (left is None or y[i] > left) and (right is None or y[i] >= right) and \
                (left is not None or y[i] > right):
            cand.append(i)
    best = None
    for i in cand:
        prom, col = prominence(y, i)
        if not np.isfinite(prom):
            continue
        sigma = float(np.hypot(err[i], err[col])) if col >= 0 else np.nan
        if best is None or prom > best["prominence"]:
            best = dict(L=float(x[i]), prominence=prom, sigma=sigma)
    return best


def strength(f: dict | None, min_se: float) -> str:
    """'no' (no local maximum), 'weak' (prominence <= min_se standard errors) or 'yes' (also
    when there is no standard error, a single run)."""
    if f is None:
        return "no"
    return "weak" if np.isfinite(f["sigma"]) and f["prominence"] <= min_se * f["sigma"] else "yes"


def cell(f: dict | None, min_se: float) -> str:
    if f is None:
        return "no"
    z = f["prominence"] / f["sigma"] if np.isfinite(f["sigma"]) and f["sigma"] > 0 else np.inf
    return (f"{strength(f, min_se)} {f['L']:.3g} +{f['prominence']:.2f}"
            + (f" ({z:.0f}se)" if np.isfinite(z) else " (se n/a)"))


def main() -> None:
    p = plot_style.parser("dos_box_scan", __doc__, several=True)
    p.add_argument("--nh", type=int, nargs="+", help="n_h values to plot (default: all the files share)")
    p.add_argument("--log-x", action="store_true", help="logarithmic loss axis")
    p.add_argument("--per-unit-loss", action="store_true",
                   help="plot (and describe) ln of the probability density per unit L instead of "
                        "ln of the probability per bin")
    p.add_argument("--tolerance", type=float, default=0.02,
                   help="a maximum counts as near 0, 0.25, 0.5, 0.75 or 1 within this distance in L "
                        "(default: %(default)s)")
    p.add_argument("--min-se", type=float, default=3.0,
                   help="a local maximum whose prominence is at most this many standard errors is "
                        "reported 'weak' and not counted in the summary (default: %(default)s)")
    args = p.parse_args()
    if not (np.isfinite(args.tolerance) and args.tolerance > 0):
        raise XorscapeError(f"--tolerance {args.tolerance}: must be finite and > 0")
    if not (np.isfinite(args.min_se) and args.min_se >= 0):
        raise XorscapeError(f"--min-se {args.min_se}: must be finite and >= 0")

    with plot_style.open_files(args.input) as files:
        dgs = [xf.dos() for xf in files]
        for dg in dgs:
            if dg.measure != "box":
                raise XorscapeError(f"{dg.path}: measure is '{dg.measure}', not box: the box scan "
                                    "reads files written with --measure.kind box")
            if not np.isfinite(dg.box_half_width) or dg.box_half_width <= 0:
                raise XorscapeError(f"{dg.path}: /dos attribute box_half_width is "
                                    f"{dg.box_half_width}, not a positive number")
            if not dg.complete:
                print(f"warning: {dg.path}: not every task is done (incomplete run)", file=sys.stderr)
        order = sorted(range(len(files)), key=lambda k: (dgs[k].box_half_width, dgs[k].method))
        common = sorted(set.intersection(*(set(dg.nh_values()) for dg in dgs)))
        if args.nh:
            for n in args.nh:
                for dg in dgs:
                    if n not in dg.nh_values():
                        dg.nh(n)  # raises: names the file and the n_h it has
            nhs = sorted(set(args.nh))
        elif not common:
            raise XorscapeError("the files have no n_h in common; choose with --nh")
        else:
            nhs = common
        bs = sorted({dg.box_half_width for dg in dgs})
        for b in bs:
            same = [dgs[k] for k in order if dgs[k].box_half_width == b]
            if len({dg.method for dg in same}) < len(same):
                print(f"warning: B = {b:g} given twice with the same method: "
                      f"{', '.join(os.path.basename(dg.path) for dg in same)}", file=sys.stderr)
        cmap = plt.get_cmap("viridis")
        lb = np.log(bs)
        colour = {b: cmap(0.9 * (np.log(b) - lb[0]) / (lb[-1] - lb[0]) if len(bs) > 1 else 0.0) for b in bs}
        methods = sorted({dg.method for dg in dgs})
        style = {m: STYLES[j % len(STYLES)] for j, m in enumerate(methods)}

        ncol = min(len(nhs), 2)
        nrow = -(-len(nhs) // ncol)
        fig, axes = plt.subplots(nrow, ncol, figsize=(7.0 * ncol + (2.8 if ncol * nrow == len(nhs) else 0),
                                                      5.0 * nrow + 0.8), squeeze=False, layout="constrained")
        quantity = "per unit L" if args.per_unit_loss else "per bin"
        found = {}
        for ax, n in zip(axes.flat, nhs):
            rows = []
            for k in order:
                dg, dn = dgs[k], dgs[k].nh(n)
                if not dn.has_summary:
                    print(f"warning: {dg.path}: no /dos/nh_{n}/summary group (run incomplete?): "
                          "skipped", file=sys.stderr)
                    continue
                s = dn.summary()
                mean, err, reached = s["ln_g_mean"], s["ln_g_stderr"], s["runs_reached"]
                if len(mean) != len(dg.bin_center):
                    raise XorscapeError(f"{dg.path}: /dos/nh_{n}/summary has {len(mean)} bins, "
                                        f"/dos/edges {len(dg.bin_center)}")
                y = mean - dn.log_mass - (np.log(dg.bin_width) if args.per_unit_loss else 0.0)
                x, b = dg.bin_center, dg.box_half_width
                ax.plot(x, y, ls=style[dg.method], color=colour[b], lw=1.4)
                if np.isfinite(err).any():
                    ax.fill_between(x, y - err, y + err, color=colour[b], alpha=0.25, lw=0)
                every = np.where(reached == dn.runs, y, np.nan)  # the description uses these bins
                feats = [feature(x, every, err, t, args.tolerance) for t in PAPER_PEAKS]
                found.setdefault((b, dg.method, os.path.basename(dg.path)), {})[n] = feats
                okb = np.nonzero(np.isfinite(every))[0]
                span = f"{dg.edges[okb[0]]:.3g}-{dg.edges[okb[-1] + 1]:.3g}" if okb.size else "-"
                rows.append([f"{b:g}", dg.method, str(dn.runs), span] + [cell(f, args.min_se) for f in feats])
            ax.set_title(f"$n_h = {n}$ ($d = {4 * n + 1}$ parameters)", fontsize=11)
            for L in PAPER_PEAKS:
                if not (args.log_x and L <= 0):
                    ax.axvline(L, color="0.35", ls=":", lw=1.0, zorder=0)
            if args.log_x:
                ax.set_xscale("log")
            else:
                ax.set_xlim(-0.02, 1.02)
            ax.set_xlabel("loss $L$")
            ax.set_ylabel(r"$\ln G - \ln (2B)^d$" + (r" $- \ln \Delta L$" if args.per_unit_loss else "")
                          + f"\n(ln probability {quantity} in the box)")
            print(f"n_h = {n}: local maxima of the mean ln P {quantity} (plotting level: the stored "
                  f"mean on the bins every run reached; 'yes|weak L +prominence (in standard errors)', "
                  f"weak: <= {args.min_se:g} se)")
            plot_style.print_table(["B", "method", "runs", "bins L"] + [f"{t:g}" for t in PAPER_PEAKS],
                                   rows)
        for ax in axes.flat[len(nhs):]:
            ax.set_visible(False)

        names = [f"{t:g}" for t in PAPER_PEAKS]
        print("Paper's peaks (0, 0.25, 0.5, 0.75, 1) seen as local maxima of the plotted mean within "
              f"{args.tolerance:g} with a prominence above {args.min_se:g} se (plotting level):")
        rows = []
        for (b, method, name), per_nh in sorted(found.items()):
            for n, feats in sorted(per_nh.items()):
                have = [nm for nm, f in zip(names, feats) if strength(f, args.min_se) == "yes"]
                missing = [nm for nm in names if nm not in have]
                rows.append([f"{b:g}", method, str(n), " ".join(have) or "none",
                             "all five" if not missing else "missing " + " ".join(missing)])
        plot_style.print_table(["B", "method", "n_h", "maxima at", "paper's five"], rows)
        cut = {dg.log_spaced_below() for dg in dgs} - {None}
        if cut and not args.per_unit_loss:
            print(f"note: bins are log-spaced below L = {', '.join(f'{c:g}' for c in sorted(cut))}: "
                  "ln P per bin falls toward the lowest bins even at constant density; "
                  "--per-unit-loss describes the density instead")

        handles = [Line2D([], [], color=colour[b], lw=2, label=f"$B = {b:g}$") for b in bs]
        if len(methods) > 1:
            handles += [Line2D([], [], color="0.3", ls=style[m], label=m) for m in methods]
        handles.append(Line2D([], [], color="0.35", ls=":", label="L = 0, 0.25, 0.5, 0.75, 1\n(paper's peaks"
                              + ("; 0 off the log axis)" if args.log_x else ")")))
        if len(nhs) < axes.size:  # the empty panel holds the legend
            spare = axes.flat[len(nhs)]
            spare.set_visible(True)
            spare.axis("off")
            spare.legend(handles=handles, loc="center", fontsize=10)
        else:
            fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
        runs = sorted({str(dg.attrs.get("runs", "?")) for dg in dgs})
        fig.suptitle(f"Box-size scan: ln of the probability {quantity} of the loss for parameters "
                     f"uniform in $[-B, B]^d$ ({', '.join(methods)}; R = {'/'.join(runs)} runs; "
                     "bands $\\pm 1$ s.e.)", fontsize=12)
        plot_style.provenance_note(fig, [files[k] for k in order])
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
