#!/usr/bin/python3
"""Paper Fig. 4: activations of the hidden and output neurons versus epoch tau.

One panel per truth-table case (0,0), (0,1), (1,0), (1,1): the hidden activations a_i^(1)
(thin lines) and the network output a_1^(2) (thick black line; dotted grey line at the
target), on a logarithmic epoch axis (epoch 0 dropped), for one n_h, step size and replica of
a `train` file. A dotted vertical line marks the convergence epoch if the run converged.
"""
from __future__ import annotations

import numpy as np

import plot_style
from plot_style import plt
from xorscape_h5 import XorscapeFile

MAX_LEGEND = 8  # more hidden neurons than this: one legend entry for all of them


def main() -> None:
    p = plot_style.parser("fig4_activations", __doc__)
    plot_style.add_run_selection(p)
    args = p.parse_args()

    with XorscapeFile(args.input) as xf:
        tg, step, replica = plot_style.select_run(xf, args)
        net = xf.network()
        hidden = tg.run("hidden_activation", step, replica)  # (n_rec, 4, n_h)
        output = tg.run("output", step, replica)              # (n_rec, 4)
        keep = plot_style.positive_epochs(tg.epoch)
        x = tg.epoch[keep].astype(float)
        n_h = hidden.shape[-1]
        colours = plt.get_cmap("tab10" if n_h <= MAX_LEGEND else "viridis")(
            np.arange(n_h) if n_h <= MAX_LEGEND else np.linspace(0, 1, n_h))

        fig, axes = plt.subplots(2, 2, figsize=(11, 8), sharex=True, sharey=True)
        for case, ax in enumerate(axes.flat):
            for i in range(n_h):
                label = rf"$a^{{(1)}}_{{{i + 1}}}$" if n_h <= MAX_LEGEND else (
                    rf"$a^{{(1)}}_i$, $i = 1..{n_h}$" if i == 0 else None)
                ax.plot(x, hidden[keep, case, i], color=colours[i], lw=1.1, label=label)
            ax.plot(x, output[keep, case], color="k", lw=2.2, label=r"$a^{(2)}_1 = \hat{y}$")
            x1, x2 = (int(v) for v in net["inputs"][case])
            title = f"({x1},{x2})"
            if net["targets"] is not None:
                target = float(net["targets"][case])
                ax.axhline(target, color="0.5", ls=":", lw=1)
                title += f", target $y = {target:g}$"
            plot_style.mark_convergence(ax, tg, step, replica)
            ax.set_title(title, loc="left")
            ax.set_xscale("log")
            ax.set_xlim(x[0] / 1.5, x[-1] * 1.5)
            if case >= 2:
                ax.set_xlabel(plot_style.TAU_LABEL)
            if case % 2 == 0:
                ax.set_ylabel("activation")
        axes[0, 0].legend(loc="best")
        fig.suptitle("Activations, " + plot_style.run_title(tg, step, replica))
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
