"""Shared drawing for the loss-landscape figures (paper Figs. 6 and 7).

One colour map for every cross-section: the plateau levels L = 0, 0.25, 0.5, 0.75, 1 (one
more misclassified truth-table case each) get clearly different colours, as in the paper:
dark blue near 0, turquoise at 0.25, yellow at 0.5, red at 0.75 and dark red at 1, blended
linearly in between. Thin grey contours at the midpoints 0.125, 0.375, ... outline the
plateaus along the steep slopes that separate them. Grid cells that hold no value (NaN, e.g.
an incomplete run) are drawn grey. Nothing here computes a loss: it only draws stored grids.
"""
from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.lines import Line2D

import plot_style
from plot_style import plt

LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
LEVEL_COLOURS = ("#0a1a6e", "#2ccfc4", "#ffe03a", "#d7301f", "#5a0014")
LOSS_CMAP = LinearSegmentedColormap.from_list("xorscape_loss", list(zip(LEVELS, LEVEL_COLOURS)))
LOSS_CMAP.set_bad("0.6")
LOSS_NORM = Normalize(vmin=0.0, vmax=1.0)
BOUNDARIES = (0.125, 0.375, 0.625, 0.875)   # contour lines between the plateau levels
LOSS_LABEL = "loss $L$"

_OUTLINE = [patheffects.Stroke(linewidth=3.2, foreground="white"), patheffects.Normal()]


def delta_label(name: str) -> str:
    """'b1_1' -> $\\Delta b^{(1)}_{1}$ (shift of a parameter from the center)."""
    label = plot_style.param_label(name)
    return rf"$\Delta {label[1:]}" if label.startswith("$") else rf"$\Delta$ {label}"


def pair_title(x: str, y: str) -> str:
    """Both parameters of a cross-section in paper notation, x first."""
    return f"{plot_style.param_label(x)}, {plot_style.param_label(y)}"


def draw_loss(ax, x_shift, y_shift, grid, contours: bool = True, contour_lw: float = 0.6):
    """A loss grid[y, x] over the shifts, in the shared colour map; returns the mappable."""
    z = np.ma.masked_invalid(np.asarray(grid, dtype=float))
    mesh = ax.pcolormesh(x_shift, y_shift, z, cmap=LOSS_CMAP, norm=LOSS_NORM, shading="nearest",
                         rasterized=True)
    finite = z.compressed()
    if contours and finite.size and len(x_shift) > 2 and len(y_shift) > 2:
        levels = [b for b in BOUNDARIES if finite.min() < b < finite.max()]
        if levels:
            ax.contour(x_shift, y_shift, z, levels=levels, colors="0.15", linewidths=contour_lw,
                       alpha=0.55)
    ax.set_xlim(x_shift[0] - 0.5 * _step(x_shift), x_shift[-1] + 0.5 * _step(x_shift))
    ax.set_ylim(y_shift[0] - 0.5 * _step(y_shift), y_shift[-1] + 0.5 * _step(y_shift))
    span_x, span_y = np.ptp(x_shift), np.ptp(y_shift)
    if span_x > 0 and span_y > 0 and 0.5 < span_x / span_y < 2:
        ax.set_aspect("equal")
    ax.grid(False)
    return mesh


def _step(shift) -> float:
    return float(np.abs(shift[1] - shift[0])) if len(shift) > 1 else 1.0


def label_axes(ax, x: str, y: str, fontsize: float | None = None) -> None:
    ax.set_xlabel(delta_label(x), fontsize=fontsize)
    ax.set_ylabel(delta_label(y), fontsize=fontsize)


def _inside(ax, x: float, y: float) -> bool:
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    return x0 <= x <= x1 and y0 <= y <= y1


def draw_paths(ax, paths, small: bool = False) -> None:
    """Descent paths as black lines (white outline): red dot at the start (drawn over the end
    if the path hardly moved), white cross at the end, and the path's index beside its start.
    Call after draw_loss (it sets the limits): markers on the edge of the grid are drawn
    whole, those beyond it clipped."""
    for p in paths:
        ok = np.isfinite(p.dx) & np.isfinite(p.dy)
        lw = 0.9 if small else 1.6
        effects = None if small else _OUTLINE
        if ok.sum() >= 2:
            ax.plot(p.dx[ok], p.dy[ok], color="k", lw=lw, path_effects=effects, zorder=4)
        start_inside = _inside(ax, p.start_dx, p.start_dy)
        ax.plot(p.start_dx, p.start_dy, "o", color="red", mec="k", mew=0.6,
                ms=3.5 if small else 7, zorder=6, clip_on=not start_inside)
        if ok.any():
            k = np.nonzero(ok)[0][-1]
            ax.plot(p.dx[k], p.dy[k], "X", color="white", mec="k", mew=0.8,
                    ms=4 if small else 9, zorder=5, clip_on=not _inside(ax, p.dx[k], p.dy[k]))
        if not small and start_inside:
            ax.annotate(str(p.index), (p.start_dx, p.start_dy), xytext=(5, 4),
                        textcoords="offset points", fontsize=9, fontweight="bold", zorder=7,
                        path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])


def path_legend_handles() -> list:
    return [Line2D([], [], color="k", lw=1.6, label="descent path (index)"),
            Line2D([], [], marker="o", ls="", color="red", mec="k", ms=7, label="start"),
            Line2D([], [], marker="X", ls="", color="white", mec="k", ms=9, label="end")]


def loss_colorbar(fig, mappable, axes, **kwargs):
    """Colour bar of the shared map with ticks at the plateau levels."""
    cb = fig.colorbar(mappable, ax=axes, ticks=LEVELS, **kwargs)
    cb.set_label(LOSS_LABEL)
    for level in BOUNDARIES:
        cb.ax.axhline(level, color="0.15", lw=0.6, alpha=0.55)
    return cb


__all__ = ["LEVELS", "LOSS_CMAP", "LOSS_NORM", "delta_label", "pair_title", "draw_loss",
           "label_axes", "draw_paths", "path_legend_handles", "loss_colorbar", "plt"]
