#!/usr/bin/python3
"""Paper Fig. 3: drift of weights and biases versus epoch tau for one training run.

Panel (a) shows the hidden-layer parameters w1_ij and b1_i, panel (b) the output-layer
parameters w2_1i and b2_1 (weights solid, biases dashed), on a logarithmic epoch axis
(epoch 0 dropped), for one n_h, step size and replica of a `train` file. A dotted vertical
line marks the convergence epoch if the run converged.
"""
from __future__ import annotations

import plot_style
from plot_style import plt
from xorscape_h5 import XorscapeFile

MAX_LEGEND = 12  # more lines than this (large n_h): no per-line legend


def main() -> None:
    p = plot_style.parser("fig3_parameters", __doc__)
    plot_style.add_run_selection(p)
    args = p.parse_args()

    with XorscapeFile(args.input) as xf:
        tg, step, replica = plot_style.select_run(xf, args)
        params = tg.run("params", step, replica)
        keep = plot_style.positive_epochs(tg.epoch)
        x = tg.epoch[keep].astype(float)
        layers = [plot_style.param_layer(n) for n in tg.param_names]

        fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharex=True)
        for ax, layer, tag in zip(axes, (1, 2), ("(a) hidden layer", "(b) output layer")):
            idx = [k for k, l in enumerate(layers) if l == layer]
            for k in idx:
                name = tg.param_names[k]
                ax.plot(x, params[keep, k], lw=1.4, ls="-" if name.startswith("w") else "--",
                        label=plot_style.param_label(name))
            plot_style.mark_convergence(ax, tg, step, replica)
            ax.set_xscale("log")
            ax.set_xlim(x[0] / 1.5, x[-1] * 1.5)
            ax.set_xlabel(plot_style.TAU_LABEL)
            ax.set_ylabel("parameter value")
            ax.set_title(tag, loc="left")
            if len(idx) <= MAX_LEGEND:
                ax.legend(loc="best", ncol=2 if len(idx) > 6 else 1)
            else:
                ax.text(0.02, 0.02, f"{len(idx)} parameters: weights solid, biases dashed",
                        transform=ax.transAxes, fontsize=9)
        fig.suptitle("Weights and biases, " + plot_style.run_title(tg, step, replica))
        plot_style.save(fig, args.output, args.pdf)


if __name__ == "__main__":
    plot_style.run_main(main)
