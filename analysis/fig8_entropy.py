#!/usr/bin/python3
"""Paper Fig. 8: the microcanonical entropy S(L) = ln g(L) for every n_h, shifted vertically.

Reads one or more `xorscape dos` files and draws, for every n_h in them (or those of --nh),
the stored mean of ln G over the runs (summary/ln_g_mean) against the loss L at the bin
centres, with a band of +-1 standard error (summary/ln_g_stderr; none with a single run).
G is the measure of parameter space per loss bin (box [-B, B]^d or Gaussian, as stored), so
S here is ln(G / bin width), the density per unit L (the quantity the simulator's
microcanonical analysis differentiates); with --per-bin it is ln G per bin, which differs where
the bins are not uniform (by default log-spaced below L = 0.05). Each n_h
is moved up or down by a constant so that the curves stack (the paper does the same); the
constants are in the legend ("S - 26.3" means 26.3 was subtracted). Curves of the same n_h
from several files (e.g. simple sampling and multicanonical) get the same shift, a distinct
line style and are directly comparable if the files use the same measure. Bins reached by only
some runs (their mean is over those runs only) are marked x. Dotted lines: L = 0, 0.25, 0.5,
0.75, 1, where the paper sees peaks (L = 0 is off a --log-x axis; inside a box L = 0 itself is
never reached).
If a file stores the microcanonical analysis (/dos/nh_<n_h>/microcanonical), two panels are
added: beta = dS/dL and gamma = d^2S/dL^2 as stored (+-1 sigma), with the stored convex
intervals of S (gamma > 0, the paper's entropic barriers) shaded, the transitions of the
inflection-point analysis marked (shape: order; filled: significant; only significant ones
unless --all-transitions) and L* (the maximum of S). Without it only S is drawn.
Printed per file and n_h: the shift, L at the maximum of the stored mean (a plotting-level
description; the stored L* where present), the lowest and highest loss any run visited, the
bins reached (by every run / by any run / in the window), the walkers' round trips, and the
median standard error of S.
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
ORDER_MARKERS = {1: "v", 2: "o", 3: "s", 4: "D"}


def nice_step(value: float) -> float:
    """1, 2 or 5 times a power of ten, at least `value` (> 0)."""
    exp = np.floor(np.log10(value))
    for m in (1, 2, 5, 10):
        if m * 10 ** exp >= value:
            return float(m * 10 ** exp)
    return float(10 ** (exp + 1))


def curve(dg, dn, per_unit_loss: bool):
    """(L, S, stderr, partial mask) of one n_h from the stored summary, S per bin or per unit L."""
    s = dn.summary()
    mean, err, reached = s["ln_g_mean"], s["ln_g_stderr"], s["runs_reached"]
    if len(mean) != len(dg.bin_center):
        raise XorscapeError(f"{dn.path}: {dn.group.name}/summary has {len(mean)} bins, /dos/edges "
                            f"{len(dg.bin_center)}")
    y = mean - np.log(dg.bin_width) if per_unit_loss else mean.copy()
    return dg.bin_center, y, err, (reached > 0) & (reached < dn.runs)


def file_label(xf, dg) -> str:
    return f"{os.path.basename(xf.path)}: {dg.method}, {dg.measure_label()}, R = {dg.attrs.get('runs', '?')}"


def binning_label(dg) -> str:
    cut = dg.log_spaced_below()
    kind = (f"{np.sum(dg.edges[:-1] < cut)} log bins below L = {cut:g}, then uniform" if cut is not None
            else ("uniform bins" if np.allclose(dg.bin_width, dg.bin_width[0], rtol=1e-6) else "given bins"))
    return f"{len(dg.bin_center)} bins ({kind}), window [{dg.edges[0]:g}, {dg.edges[-1]:g})"


def interp_at(x, y, L: float) -> float:
    ok = np.isfinite(y)
    return float(np.interp(L, x[ok], y[ok])) if ok.sum() >= 2 else np.nan


def select_groups(dgs, wanted):
    """[(file index, n_h, DosNh)] for the n_h asked for (all by default); n_h with no summary are
    skipped with a warning (an interrupted run)."""
    out = []
    all_nh = sorted({n for dg in dgs for n in dg.nh_values()})
    nhs = all_nh if not wanted else sorted(set(wanted))
    for n in nhs:
        if not any(n in dg.nh_values() for dg in dgs):
            raise XorscapeError(f"no /dos/nh_{n} group in any input file "
                                f"(n_h in the files: {', '.join(map(str, all_nh))})")
    for k, dg in enumerate(dgs):
        for n in nhs:
            if n not in dg.nh_values():
                continue
            dn = dg.nh(n)
            if not dn.has_summary:
                print(f"warning: {dg.path}: no /dos/nh_{n}/summary group (run incomplete?): "
                      "n_h skipped", file=sys.stderr)
                continue
            if not np.isfinite(dn.summary()["ln_g_mean"]).any():
                print(f"warning: {dg.path}: n_h = {n} reached no bin: skipped", file=sys.stderr)
                continue
            out.append((k, n, dn))
    if not out:
        raise XorscapeError("nothing to plot: no selected n_h has a summary")
    return out


def table_row(dg, dn, shift: float, x, y, err) -> list[str]:
    ok = np.isfinite(y)
    i_max = int(np.nanargmax(np.where(ok, y, -np.inf))) if ok.any() else -1
    reached = dn.summary()["runs_reached"]
    trips = dn.get("round_trips")
    mc = dn.microcanonical()
    star = mc.attrs.get("L_star") if mc is not None else None
    star_sigma = mc.attrs.get("L_star_sigma") if mc is not None else None
    return [str(dn.n_h), f"{shift:+.2f}",
            f"{x[i_max]:.4f}" if i_max >= 0 else "-",
            "-" if star is None else (f"{float(star):.4f}" + (f" +- {float(star_sigma):.4f}"
                                                              if star_sigma is not None else "")),
            f"{np.nanmin(dn['min_loss']):.4g}", f"{np.nanmax(dn['max_loss']):.4g}",
            f"{int(np.sum(reached == dn.runs))}/{int(np.sum(reached > 0))}/{len(reached)}",
            "-" if trips is None else " ".join(str(int(t)) for t in trips),
            f"{np.nanmedian(err):.3g}" if np.isfinite(err).any() else "-"]


def draw_micro(axes, mc, x, colour, style, all_transitions: bool, s_axis, s_x, s_y) -> dict:
    """beta and gamma panels of one stored analysis; convex intervals and transitions."""
    counts = {"convex": 0, "transitions": 0, "shown": 0}
    xs = mc.bin_center() if mc.bin_center() is not None else x
    for ax, name in zip(axes, ("beta", "gamma")):
        c = mc.curve(name)
        if c is None:
            continue
        val, sig = c
        ax.plot(xs, val, ls=style, color=colour, lw=1.3)
        if sig is not None:
            ax.fill_between(xs, val - sig, val + sig, color=colour, alpha=0.2, lw=0)
    for ci in mc.convex_intervals():
        counts["convex"] += 1
        hatch = None if ci.significant in (True, None) else "///"
        for ax in axes:
            ax.axvspan(ci.L_lo, ci.L_hi, color=colour, alpha=0.12, lw=0, hatch=hatch)
        inside = (s_x >= ci.L_lo) & (s_x <= ci.L_hi)
        s_axis.plot(s_x[inside], s_y[inside], color=colour, lw=6, alpha=0.3, solid_capstyle="butt")
    for t in mc.transitions():
        counts["transitions"] += 1
        if not (all_transitions or t.significant in (True, None)):
            continue
        counts["shown"] += 1
        marker = ORDER_MARKERS.get(t.order, "*")
        face = colour if t.significant in (True, None) else "none"
        s_axis.plot([t.L], [interp_at(s_x, s_y, t.L)], marker, ms=7, mfc=face,
                    mec="k" if t.robust else colour, mew=1.2, zorder=5)
        for ax, name in zip(axes, ("beta", "gamma")):
            c = mc.curve(name)
            if c is not None:
                ax.plot([t.L], [interp_at(xs, c[0], t.L)], marker, ms=6, mfc=face, mec=colour, zorder=5)
    star = mc.attrs.get("L_star")
    if star is not None and np.isfinite(float(star)):
        s_axis.plot([float(star)], [interp_at(s_x, s_y, float(star))], "*", ms=13, mfc=colour,
                    mec="k", zorder=6)
    return counts


def main() -> None:
    p = plot_style.parser("fig8_entropy", __doc__, several=True)
    p.add_argument("--nh", type=int, nargs="+", help="n_h values to plot (default: all in the files)")
    p.add_argument("--log-x", action="store_true", help="logarithmic loss axis")
    p.add_argument("--spacing", type=float, default=None,
                   help="vertical distance between the maxima of consecutive n_h (default: chosen "
                        "from the curves; 0 puts every maximum at 0)")
    p.add_argument("--per-unit-loss", action="store_true", default=True,
                   help="plot ln(G / bin width), the density per unit L (the default)")
    p.add_argument("--per-bin", dest="per_unit_loss", action="store_false",
                   help="plot ln G per bin instead of the density per unit L")
    p.add_argument("--all-transitions", action="store_true",
                   help="also mark transitions the stored analysis found not significant (open)")
    args = p.parse_args()
    if args.spacing is not None and not (np.isfinite(args.spacing) and args.spacing >= 0):
        raise XorscapeError(f"--spacing {args.spacing}: must be finite and >= 0")

    with plot_style.open_files(args.input) as files:
        dgs = [xf.dos() for xf in files]
        for dg in dgs:
            if not dg.complete:
                print(f"warning: {dg.path}: not every task is done (incomplete run)", file=sys.stderr)
        if len({dg.measure_label() for dg in dgs}) > 1:
            print("warning: the files use different measures; their S differ by more than noise",
                  file=sys.stderr)
        groups = select_groups(dgs, args.nh)
        curves = {(k, n): curve(dgs[k], dn, args.per_unit_loss) for k, n, dn in groups}
        nhs = sorted({n for _, n, _ in groups})
        first = {n: next(c for (k, m), c in curves.items() if m == n) for n in nhs}
        top = {n: float(np.nanmax(first[n][1])) for n in nhs}
        spacing = args.spacing
        if spacing is None:  # a quarter of the median height of the curves above their 10 % level
            spans = [np.nanmax(c[1]) - np.nanpercentile(c[1], 10) for c in first.values()]
            spacing = nice_step(max(0.25 * float(np.median(spans)), 0.1))
        shift = {n: j * spacing - top[n] for j, n in enumerate(nhs)}
        micro = any(dn.microcanonical() is not None for _, _, dn in groups)

        if micro:
            fig, axes = plt.subplots(3, 1, figsize=(12, 12), sharex=True, layout="constrained",
                                     gridspec_kw=dict(height_ratios=[2.2, 1, 1]))
            ax, dax = axes[0], axes[1:]
        else:
            fig, ax = plt.subplots(figsize=(12, 7.5), layout="constrained")
            axes, dax = [ax], []
        cmap = plt.get_cmap("viridis" if len(nhs) > 6 else "tab10")
        colour = {n: cmap(j / max(len(nhs) - 1, 1)) if len(nhs) > 6 else cmap(j) for j, n in enumerate(nhs)}
        tcount = {}
        for k, n, dn in groups:
            x, y, err, partial = curves[(k, n)]
            y = y + shift[n]
            style = STYLES[k % len(STYLES)]
            ax.plot(x, y, ls=style, color=colour[n], lw=2.0 if k == 0 else 1.2, zorder=2 + k)
            if np.isfinite(err).any():
                ax.fill_between(x, y - err, y + err, color=colour[n], alpha=0.25 if k == 0 else 0.15, lw=0)
            if partial.any():
                ax.plot(x[partial], y[partial], "x", color=colour[n], ms=6, mew=1.3)
            mc = dn.microcanonical()
            if mc is not None:
                c = draw_micro(dax, mc, x, colour[n], style, args.all_transitions, ax, x, y)
                tcount[(k, n)] = c

        for a in axes:
            for L in PAPER_PEAKS:
                if not (args.log_x and L <= 0):
                    a.axvline(L, color="0.35", ls=":", lw=1.0, zorder=0)
            if args.log_x:
                a.set_xscale("log")
        lo = min(float(dgs[k].edges[0]) for k, _, _ in groups)
        hi = max(float(dgs[k].edges[-1]) for k, _, _ in groups)
        if args.log_x:
            lo = max(lo, min(float(dgs[k].bin_center[0]) for k, _, _ in groups) / 1.5)
            ax.set_xlim(lo, hi * 1.05)
        else:
            ax.set_xlim(min(lo, 0.0) - 0.02, max(hi, 1.0) + 0.02)
        what = r"\ln(G/\Delta L)" if args.per_unit_loss else r"\ln G\ \mathrm{per\ bin}"
        ax.set_ylabel(f"$S(L) = {what}$ + shift (legend)")
        axes[-1].set_xlabel("loss $L$")
        if micro:
            dax[0].set_ylabel(r"$\beta = dS/dL$ (stored)")
            dax[1].set_ylabel(r"$\gamma = d^2S/dL^2$ (stored)")
            for a in dax:
                a.axhline(0, color="k", lw=0.8)
                vals = np.concatenate([np.ravel(line.get_ydata()) for line in a.get_lines()
                                       if len(np.ravel(line.get_ydata())) > 2] or [np.zeros(1)])
                vals = np.abs(vals[np.isfinite(vals) & (vals != 0)])
                if vals.size and vals.max() > 100 * np.median(vals):  # steep low-L tail
                    a.set_yscale("symlog", linthresh=float(nice_step(np.median(vals))))
                    a.set_ylabel(a.get_ylabel() + ", symlog")

        handles = [Line2D([], [], color=colour[n], lw=2,
                          label=f"$n_h = {n}$: $S {shift[n]:+.1f}$".replace("+-", "-")) for n in nhs]
        if len(files) > 1:
            handles += [Line2D([], [], color="0.3", ls=STYLES[k % len(STYLES)], label=file_label(xf, dg))
                        for k, (xf, dg) in enumerate(zip(files, dgs))]
        if any(c[3].any() for c in curves.values()):
            handles.append(Line2D([], [], color="0.3", marker="x", ls="", label="bin reached by only "
                                  "some runs (mean of those)"))
        handles.append(Line2D([], [], color="0.35", ls=":", label="L = 0, 0.25, 0.5, 0.75, 1 (paper's peaks"
                              + ("; L = 0 is off the log axis)" if args.log_x else ")")))
        if micro:
            handles += [Line2D([], [], color="0.3", lw=6, alpha=0.3, label="convex interval (stored; "
                               "hatched: not significant)"),
                        Line2D([], [], color="0.3", marker="*", ms=11, mec="k", ls="",
                               label="$L^*$ (max of S, stored)")]
            handles += [Line2D([], [], color="0.3", marker=m, ls="", mec="k",
                               label=f"transition, order {o}" + (" (filled: significant, black edge: "
                                                                 "robust)" if o == 1 else ""))
                        for o, m in ORDER_MARKERS.items()
                        if any(t.order == o for _, _, dn in groups if dn.microcanonical() is not None
                               for t in dn.microcanonical().transitions())]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)
        errs = np.concatenate([c[2][np.isfinite(c[2])] for c in curves.values()])
        band = (f"bands: $\\pm 1$ standard error over runs (median {np.median(errs):.2g})" if errs.size
                else "no error bands (single runs)")
        heads = [file_label(xf, dg) + "; " + binning_label(dg) for xf, dg in zip(files, dgs)]
        ax.set_title("Microcanonical entropy $S(L) = \\ln g(L)$, curves shifted vertically "
                     f"({spacing:g} between maxima); {band}\n" + "\n".join(heads), fontsize=10)
        plot_style.provenance_note(fig, files)

        for k, (xf, dg) in enumerate(zip(files, dgs)):
            rows = []
            for kk, n, dn in groups:
                if kk == k:
                    x, y, err, _ = curves[(k, n)]
                    rows.append(table_row(dg, dn, shift[n], x, y, err))
            print(f"{os.path.basename(xf.path)}: {dg.method}, {dg.measure_label()}, "
                  f"{dg.attrs.get('runs', '?')} runs, {binning_label(dg)}"
                  + (", S per unit L" if args.per_unit_loss else ", S = ln G per bin"))
            if rows:
                plot_style.print_table(["n_h", "shift", "L(max S)", "L* (stored)", "min L", "max L",
                                        "bins all/any/total", "round trips", "median se(S)"], rows)
            for (kk, n), c in sorted(tcount.items()):
                if kk == k:
                    print(f"  n_h = {n}: {c['convex']} convex intervals, {c['transitions']} transitions "
                          f"stored ({c['shown']} marked)")
        print("L(max S): bin of the largest stored mean (plotting level); shift: added to S")
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
