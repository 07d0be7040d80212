#!/usr/bin/python3
"""Solution atlas (beyond the paper): the families of solutions found by `xorscape solutions`.

Reads a `solutions` file: the solutions (runs with final loss below the threshold) of one or
more train files, brought to canonical form under the exact symmetries of the network
(permutation of hidden neurons; for the sigmoid the flip sigma(-z) = 1 - sigma(z)) and grouped
into families by their hidden neurons' truth-table patterns (key such as 0111+1110: one 4-bit
pattern per hidden neuron, bit c set when the neuron's pre-activation is positive on case c,
cases in the order (0,0), (0,1), (1,0), (1,1)). Draws
  (a) the number of solutions per family (horizontal bars, stacked by input file and its
      optimizer), with the Table II rows that fall into each family (rows #3, #4 read with the
      hidden weights transposed, as the simulator does) written beside the bars;
  (b) the canonical parameters of each family's representative (the member nearest to the
      family's coordinate-wise median) as a heat map, values written in the cells.
Families are in the file's order (by count); --max-families caps how many are drawn. The
same numbers are printed as a table.
"""
from __future__ import annotations

import os

import numpy as np
from matplotlib.colors import TwoSlopeNorm

import plot_style
from plot_style import plt
from xorscape_h5 import XorscapeError, XorscapeFile


def table2_rows(sg, family: int) -> list[int]:
    """Table II rows (1-based) that the simulator placed in `family`."""
    if "table2_family" not in sg:
        return []
    return [r + 1 for r, f in enumerate(sg["table2_family"]) if f == family]


def main() -> None:
    p = plot_style.parser("solutions", __doc__)
    p.add_argument("--max-families", type=int, default=20,
                   help="draw at most this many families, the most frequent (default: %(default)s)")
    args = p.parse_args()
    if args.max_families < 1:
        raise XorscapeError(f"--max-families {args.max_families}: must be at least 1")

    with XorscapeFile(args.input) as xf:
        sg = xf.solutions()
        count, by_file, rep = sg["family_count"], sg["family_count_by_file"], sg["representative"]
        M, F = len(sg.family_key), len(sg.input_files)
        shown = min(M, args.max_families)
        names = [f"F{m}  {sg.family_key[m]}" for m in range(shown)]
        sources = [f"{sg.optimizer[f]} ({os.path.basename(sg.input_files[f])})" for f in range(F)]

        fig, (ax_n, ax_p) = plt.subplots(1, 2, figsize=(15, 2.4 + 0.45 * max(shown, 4)),
                                         width_ratios=(1, 1.5), layout="constrained")
        y = np.arange(shown)
        left = np.zeros(shown)
        for f in range(F):
            ax_n.barh(y, by_file[:shown, f], left=left, color=f"C{f % 10}", edgecolor="k", lw=0.5,
                      label=sources[f])
            left += by_file[:shown, f]
        for m in range(shown):
            rows = table2_rows(sg, m)
            if rows:
                ax_n.annotate("Table II " + ", ".join(f"#{r}" for r in rows), (count[m], m),
                              xytext=(4, 0), textcoords="offset points", va="center", fontsize=9,
                              fontweight="bold")
        ax_n.set_yticks(y, names, fontfamily="monospace", fontsize=9)
        ax_n.set_ylim(shown - 0.5, -0.5)  # rows aligned with the heat map beside it
        ax_n.set_xlim(0, count[:shown].max() * 1.35 if shown else 1)
        ax_n.set_xlabel("solutions in the family")
        missing = [r + 1 for r, f in enumerate(sg["table2_family"])
                   if f < 0 or f >= shown] if "table2_family" in sg else []
        extra = f"; Table II #{', #'.join(map(str, missing))}: in no family shown" if missing else ""
        ax_n.set_title(f"(a) {int(count.sum())} solutions, {M} families"
                       + (f" ({shown} shown)" if shown < M else "") + extra, loc="left", fontsize=10)
        ax_n.set_ylabel("family: hidden patterns on (0,0) (0,1) (1,0) (1,1)", fontsize=9)
        ax_n.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=min(F, 3), fontsize=8)

        lim = float(np.nanmax(np.abs(rep[:shown]))) if shown else 1.0
        ax_p.imshow(rep[:shown], cmap="RdBu_r", norm=TwoSlopeNorm(0.0, -lim, lim), aspect="auto")
        if rep.shape[1] <= 24:
            for (m, k), v in np.ndenumerate(rep[:shown]):
                ax_p.text(k, m, f"{v:.1f}", ha="center", va="center", fontsize=8,
                          color="w" if abs(v) > 0.6 * lim else "k")
        ax_p.set_xticks(range(len(sg.param_names)), [plot_style.param_label(n) for n in sg.param_names],
                        rotation=90 if len(sg.param_names) > 13 else 0)
        ax_p.set_yticks(y, [f"F{m}" for m in range(shown)])
        ax_p.grid(False)
        ax_p.set_title("(b) representative in canonical form (parameter values)", loc="left",
                       fontsize=10)
        fig.colorbar(ax_p.images[0], ax=ax_p, label="parameter value", shrink=0.9)
        fig.suptitle(f"Solution families, $n_h = {sg.attrs.get('n_h', '?')}$, loss < "
                     f"{sg.attrs.get('threshold', '?')} (symmetries: {sg.attrs.get('symmetries', '?')}; "
                     f"{sg.attrs.get('runs_read', '?')} runs read)")
        plot_style.provenance_note(fig, [xf])

        print(f"{args.input}: {int(count.sum())} solutions from {sg.attrs.get('runs_read', '?')} runs, "
              f"{M} families; files: " + ", ".join(f"[{f}] {s}" for f, s in enumerate(sources)))
        rows = [[f"F{m}", sg.family_key[m], str(int(count[m])), " ".join(str(int(v)) for v in by_file[m]),
                 f"{sg['representative_loss'][m]:.3g}", f"{sg['median_distance'][m]:.3g}",
                 " ".join(f"#{r}" for r in table2_rows(sg, m)) or "-"] for m in range(M)]
        plot_style.print_table(["family", "key", "count", "by file", "rep. loss", "median dist.",
                                "Table II"], rows)
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
