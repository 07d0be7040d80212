#!/usr/bin/python3
"""Paper Table II: the optimal parameter sets as evaluated by `xorscape evaluate`.

Reads an `evaluate` file (e.g. from
`xorscape evaluate --input.preset table2 --input.layout both --out F`)
and renders one row per evaluated vector: its label, the parameters, the full-batch loss,
the outputs y-hat for the four truth-table rows and the number of misclassified rows
(rows with misclassifications are shaded red). The same table is printed as text to stdout.
"""
from __future__ import annotations


import plot_style
from plot_style import plt
from xorscape_h5 import XorscapeFile


def main() -> None:
    p = plot_style.parser("table2", __doc__)
    args = p.parse_args()

    with XorscapeFile(args.input) as xf:
        ev = xf.evaluate()
        cases = ["({},{})".format(*(int(v) for v in row)) for row in xf.network()["inputs"]]
        params, loss, output = ev["params"], ev["loss"], ev["output"]
        wrong = ev["misclassified"].astype(int)

    rows = [[lab] + [f"{v:.2f}" for v in params[n]] + [f"{loss[n]:.3e}"]
            + [f"{v:.4f}" for v in output[n]] + [str(wrong[n])] for n, lab in enumerate(ev.label)]
    text_head = ["label"] + ev.param_names + ["loss"] + [f"yhat{c}" for c in cases] + ["miscl."]
    widths = [max(len(r[k]) for r in rows + [text_head]) for k in range(len(text_head))]
    for r in [text_head] + rows:
        print("  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths))))

    head = (["label"] + [plot_style.param_label(n) for n in ev.param_names] + ["loss"]
            + [rf"$\hat{{y}}{c}$" for c in cases] + ["miscl."])
    fig, ax = plt.subplots(figsize=(0.75 * len(head) + 1.5, 0.25 * len(rows) + 0.8))
    ax.axis("off")
    table = ax.table(cellText=rows, colLabels=head, loc="upper center", cellLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.auto_set_column_width(range(len(head)))
    table.scale(1, 1.35)
    for (r, c), cell in table.get_celld().items():
        if r == 0:
            cell.set_facecolor("0.88")
        elif wrong[r - 1] > 0:
            cell.set_facecolor("#f8d0d0")
        if c == 0:
            cell.set_text_props(ha="left")
    layout = ev.attrs.get("layout")
    ax.set_title("Table II: evaluated parameter sets" + (f" (layout: {layout})" if layout else ""))
    plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
