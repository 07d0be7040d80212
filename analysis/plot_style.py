"""Shared matplotlib style and command-line plumbing for the xorscape figure scripts.

Importing this module selects the non-interactive Agg backend before pyplot is loaded.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import numpy as np  # noqa: E402

from xorscape_h5 import TrainGroup, XorscapeError, XorscapeFile  # noqa: E402

plt.rcParams.update({
    "font.size": 11, "axes.titlesize": 12, "axes.labelsize": 12, "legend.fontsize": 9,
    "figure.dpi": 100, "savefig.dpi": 150, "savefig.bbox": "tight", "axes.grid": True,
    "grid.alpha": 0.3,
})
TAU_LABEL = r"$\tau$ (epochs)"
NOTE_WIDTH = 170  # characters of a provenance line under a figure


def parser(name: str, doc: str, several: bool = False) -> argparse.ArgumentParser:
    """Parser with the arguments every script takes: input (one file, or with `several` one or
    more), -o/--output, --pdf."""
    p = argparse.ArgumentParser(prog=f"{name}.py", description=doc,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    if several:
        p.add_argument("input", nargs="+", help="xorscape HDF5 output files")
    else:
        p.add_argument("input", help="xorscape HDF5 output file")
    p.add_argument("-o", "--output", default=os.path.join("results", "figures", f"{name}.png"),
                   help="PNG to write (default: %(default)s; folders are created)")
    p.add_argument("--pdf", action="store_true", help="also write a PDF beside the PNG")
    return p


def add_run_selection(p: argparse.ArgumentParser) -> None:
    """--nh, --eta, --replica: pick one trajectory of a train file."""
    p.add_argument("--nh", type=int, default=2, help="hidden-layer size n_h (default: 2)")
    p.add_argument("--eta", type=float, default=None,
                   help="step size; the nearest stored one is used (default: nearest to 0.1)")
    p.add_argument("--replica", type=int, default=0, help="replica index (default: 0)")


def select_run(xf: XorscapeFile, args) -> tuple[TrainGroup, int, int]:
    """The train group and (step, replica) indices chosen by add_run_selection's options."""
    tg = xf.train(args.nh)
    return tg, tg.step_index(args.eta), tg.replica_index(args.replica)


def step_symbol(tg: TrainGroup) -> str:
    """Mathtext symbol of the step size: sigma (zero-T Monte Carlo width) or eta."""
    return r"\sigma" if is_monte_carlo(tg.attrs.get("optimizer")) else r"\eta"


def is_monte_carlo(optimizer) -> bool:
    """True for zero-temperature Monte Carlo (files spell it zero-t-mc; older docs zero_t_mc)."""
    return str(optimizer).replace("_", "-") == "zero-t-mc"


def run_title(tg: TrainGroup, step: int, replica: int) -> str:
    return (f"$n_h = {tg.n_h}$, ${step_symbol(tg)} = {tg.step_size[step]:g}$, replica {replica} "
            f"({tg.attrs.get('optimizer', '?')}, {tg.attrs.get('batch', '?')} batch)")


def positive_epochs(epoch: np.ndarray) -> np.ndarray:
    """Mask of the recorded epochs a log axis can show (epoch 0 is dropped)."""
    return np.asarray(epoch, dtype=float) > 0


def mark_convergence(ax, tg: TrainGroup, step: int, replica: int) -> None:
    """Dotted vertical line at the run's convergence epoch (grey) or divergence epoch (red)."""
    for name, colour, sub in (("convergence_epoch", "0.3", "conv"), ("divergence_epoch", "r", "div")):
        epoch = int(tg[name][step, replica])
        if epoch > 0:
            ax.axvline(epoch, color=colour, ls=":", lw=1.2,
                       label=rf"$\tau_{{\mathrm{{{sub}}}}} = {epoch}$")


_PARAM = re.compile(r"^([wb])([12])_(\w+)$")


def param_label(name: str) -> str:
    """'w1_12' -> $w^{(1)}_{12}$; for n_h >= 10, 'w1_10_1' -> $w^{(1)}_{10,1}$, 'w2_1_10' -> $w^{(2)}_{1,10}$."""
    m = _PARAM.match(name)
    if not m:
        return name
    kind, layer, idx = m.groups()
    return rf"${kind}^{{({layer})}}_{{{idx.replace('_', ',')}}}$"


def param_layer(name: str) -> int:
    """Layer (1 = hidden, 2 = output) of a parameter name."""
    m = _PARAM.match(name)
    if not m:
        raise XorscapeError(f"unrecognised parameter name '{name}'")
    return int(m.group(2))


def tex_number(value: float, digits: int = 3) -> str:
    """Mathtext for a number: 2000000 -> '2 \\cdot 10^{6}', 0.0075 -> '7.5 \\cdot 10^{-3}',
    17.5 -> '17.5'."""
    if not np.isfinite(value) or value == 0 or 1e-2 <= abs(value) < 1e4:
        return f"{value:.{digits}g}"
    exp = int(np.floor(np.log10(abs(value))))
    mant = f"{value / 10 ** exp:.{digits}g}"
    return (f"{mant} \\cdot " if mant != "1" else "") + f"10^{{{exp}}}"


def print_table(head: list[str], rows: list[list[str]], indent: str = "  ") -> None:
    """Print rows of strings as aligned columns (the first left-aligned, the rest right)."""
    widths = [max(len(r[k]) for r in [head] + rows) for k in range(len(head))]
    for r in [head] + rows:
        print(indent + "  ".join(c.ljust(w) if k == 0 else c.rjust(w)
                                 for k, (c, w) in enumerate(zip(r, widths))).rstrip())


def provenance_note(fig, files) -> None:
    """One small grey line per input file below the figure: name, program version, commit and
    the command line that wrote it."""
    lines = []
    for xf in files:
        prov = xf.provenance()
        line = (f"{os.path.basename(xf.path)}: xorscape {prov.get('program_version', '?')} "
                f"({str(prov.get('git_commit', '?'))[:12]}): {prov.get('command_line', '?')}")
        lines.append(line if len(line) <= NOTE_WIDTH else line[:NOTE_WIDTH - 3] + "...")
    fig.text(0.0, 0.0, "\n".join(lines), fontsize=6.5, color="0.4", ha="left", va="top",
             transform=fig.transFigure, wrap=False)


@contextlib.contextmanager
def open_files(paths):
    """Opens every input file; all are closed on the way out, whatever happens."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(XorscapeFile(path)) for path in paths]


def save(fig, output: str, pdf: bool) -> None:
    """Write the figure as PNG (and PDF beside it), creating folders; close it."""
    folder = os.path.dirname(output)
    if folder:
        os.makedirs(folder, exist_ok=True)
    paths = [output] + ([os.path.splitext(output)[0] + ".pdf"] if pdf else [])
    for path in paths:
        fig.savefig(path)
        print(f"wrote {path}", file=sys.stderr)
    plt.close(fig)


def run_main(main) -> None:
    """Run a script's main(); report XorscapeError as one line and exit with status 2."""
    try:
        main()
    except XorscapeError as exc:
        print(f"{os.path.basename(sys.argv[0])}: error: {exc}", file=sys.stderr)
        sys.exit(2)
