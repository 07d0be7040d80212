"""Reader for xorscape HDF5 output files (schema version 1, see docs/output_format.md).

    with XorscapeFile("run.h5") as xf:
        xf.provenance()["command_line"]      # root attributes as a plain dict
        xf.nh_values()                       # [2, 18]: the /train/nh_<n_h> groups
        tg = xf.train(2)                     # TrainGroup: epoch, step_size, param_names, ...
        tg["gamma"]                          # a whole dataset as numpy
        tg.run("loss_full", step, replica)   # one trajectory, read without the rest
        ev = xf.evaluate()                   # EvaluateGroup of the /evaluate datasets
        lg = xf.landscape()                  # LandscapeGroup: pair("x:y"), paths(), summary()
        tg.summary()["gamma_mean"]           # per-step statistics stored by `train`
        ls = xf.lr_scan()                    # LrScanGroup: eta, stage, summary(), edges()
        pg = xf.perturb()                    # PerturbGroup: tau_conv, shift, plateaus()
        sg = xf.solutions()                  # SolutionsGroup: family_key, representative, ...
        dg = xf.dos()                        # DosGroup: method, measure, edges, bin_center
        dn = dg.nh(2)                        # DosNh: ln_g [run, bin], log_mass, summary(), ...
        dn.microcanonical()                  # DosMicrocanonical (None if not stored): curve(),
                                             # convex_intervals(), transitions()

Anything wrong with the file (missing, not HDF5, not written by xorscape, lacking the group
or dataset asked for) raises XorscapeError with a one-line message; the figure scripts turn
it into exit status 2. Nothing here computes physics: it only reads what the simulator stored.
"""
from __future__ import annotations

import configparser
import os
import sys
from dataclasses import dataclass, field

import h5py
import numpy as np

SCHEMA_VERSION = 1
# Truth-table rows in file order, used only if a file lacks /network/inputs.
DEFAULT_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])


class XorscapeError(Exception):
    """The file is missing, not an xorscape file, or lacks the requested data."""


def to_python(value):
    """An HDF5 attribute value as plain Python (str, int, float or list)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray):
        return [to_python(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def read_strings(dataset) -> list[str]:
    """A (variable-length) string dataset as a list of str."""
    return [to_python(s) if isinstance(s, bytes) else str(s) for s in np.ravel(dataset[()])]


def nearest_index(values, target: float) -> int:
    """Index of the entry of `values` closest to `target` (on a log scale when both are > 0)."""
    values = np.asarray(values, dtype=float)
    if target > 0 and np.all(values > 0):
        return int(np.argmin(np.abs(np.log(values) - np.log(target))))
    return int(np.argmin(np.abs(values - target)))


class _Group:
    """Shared dataset access for the /train/nh_<n_h> and /evaluate groups."""

    group: h5py.Group
    path: str

    def _dataset(self, name: str) -> h5py.Dataset:
        obj = self.group.get(name)
        if not isinstance(obj, h5py.Dataset):
            raise XorscapeError(f"{self.path}: no dataset '{name}' in {self.group.name}")
        return obj

    def keys(self) -> list[str]:
        return [k for k, v in self.group.items() if isinstance(v, h5py.Dataset)]

    def __contains__(self, name: str) -> bool:
        return isinstance(self.group.get(name), h5py.Dataset)

    def __getitem__(self, name: str) -> np.ndarray:
        return self._dataset(name)[()]


@dataclass
class TrainGroup(_Group):
    """One /train/nh_<n_h> group. Per-run datasets are indexed [step, replica, ...]."""

    path: str
    n_h: int
    n_params: int
    param_names: list[str]
    epoch: np.ndarray           # recorded epochs (n_rec)
    step_size: np.ndarray       # eta (gd, adam) or proposal width sigma (zero_t_mc)
    replica: np.ndarray         # replica indices 0..K-1
    attrs: dict                 # /train attributes: optimizer, batch, epochs, threshold, ...
    group: h5py.Group = field(repr=False)

    def run(self, name: str, step: int, replica: int) -> np.ndarray:
        """Dataset `name` of one run (step index, replica index), e.g. its loss curve."""
        return self._dataset(name)[step, replica]

    def step_index(self, eta: float | None, default: float = 0.1) -> int:
        """Index of the stored step size closest to `eta` (or to `default` if eta is None)."""
        return nearest_index(self.step_size, default if eta is None else eta)

    def replica_index(self, replica: int) -> int:
        if not 0 <= replica < len(self.replica):
            raise XorscapeError(f"{self.path}: replica {replica} out of range "
                                f"(n_h={self.n_h} has {len(self.replica)} replicas)")
        return replica

    def converged(self) -> np.ndarray:
        """(n_steps, K) mask of runs that converged and have a finite fitted gamma."""
        return (self["convergence_epoch"] >= 0) & np.isfinite(self["gamma"])

    def summary(self) -> "Summary":
        """The per-step statistics over replicas (summary/converged_fraction, gamma_mean, ...)."""
        return _summary(self.path, self.group)

    def setup(self) -> str:
        """'random batch, init scaled x 0.1': batch and initialization, from the attributes."""
        scale = self.attrs.get("init_scale")
        init = str(self.attrs.get("init_scheme", "?")) + (f" x {scale:g}" if scale is not None else "")
        return f"{self.attrs.get('batch', '?')} batch, init {init}"


@dataclass
class EvaluateGroup(_Group):
    """The /evaluate group: one row per evaluated parameter vector."""

    path: str
    param_names: list[str]
    label: list[str]
    attrs: dict                 # layout, source
    group: h5py.Group = field(repr=False)


class XorscapeFile:
    """An open xorscape output file (read only); use as a context manager."""

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        if not os.path.isfile(self.path):
            raise XorscapeError(f"{self.path}: no such file")
        try:
            self.h5 = h5py.File(self.path, "r")
        except OSError as exc:
            raise XorscapeError(f"{self.path}: not a readable HDF5 file ({exc})") from None
        attrs = self.h5.attrs
        if "schema_version" not in attrs or to_python(attrs.get("program")) != "xorscape":
            self.h5.close()
            raise XorscapeError(f"{self.path}: not an xorscape output file "
                                "(no program='xorscape' and schema_version attributes)")
        version = to_python(attrs["schema_version"])
        if version != SCHEMA_VERSION:
            print(f"warning: {self.path}: schema_version {version}, this reader knows "
                  f"{SCHEMA_VERSION}", file=sys.stderr)

    def __enter__(self) -> "XorscapeFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.h5.close()

    @property
    def subcommand(self) -> str:
        return str(to_python(self.h5.attrs.get("subcommand", "?")))

    def provenance(self) -> dict:
        """The root attributes (program, git_commit, command_line, config, seed, ...)."""
        return {k: to_python(v) for k, v in self.h5.attrs.items()}

    def config(self) -> configparser.ConfigParser:
        """The stored effective configuration (root attribute `config`, INI text). Options
        before the first section are under [root]; a section given twice is merged."""
        cfg = configparser.ConfigParser(strict=False, interpolation=None)
        try:
            cfg.read_string("[root]\n" + str(to_python(self.h5.attrs.get("config", ""))))
        except configparser.Error as exc:
            message = str(exc).replace("\n", " ")
            raise XorscapeError(f"{self.path}: unreadable config attribute ({message})") from None
        return cfg

    def config_value(self, section: str, key: str, default: str | None = None) -> str | None:
        return self.config().get(section, key, fallback=default)

    def _group(self, name: str) -> h5py.Group:
        obj = self.h5.get(name)
        if not isinstance(obj, h5py.Group):
            raise XorscapeError(f"{self.path}: no {name} group "
                                f"(file written by 'xorscape {self.subcommand}')")
        return obj

    def _axis(self, group: h5py.Group, name: str) -> np.ndarray:
        """An axis dataset, looked up in `group`, then its parents up to the root."""
        while True:
            if isinstance(group.get(name), h5py.Dataset):
                return group[name][()]
            if group.name == "/":
                raise XorscapeError(f"{self.path}: no axis dataset '{name}'")
            group = group.parent

    def network(self) -> dict:
        """/network attributes plus `inputs` (4x2) and `targets` (4) where stored."""
        obj = self.h5.get("/network")
        net = {k: to_python(v) for k, v in obj.attrs.items()} if obj is not None else {}
        net["inputs"] = obj["inputs"][()] if obj is not None and "inputs" in obj else DEFAULT_INPUTS
        net["targets"] = obj["targets"][()] if obj is not None and "targets" in obj else None
        return net

    def nh_values(self) -> list[int]:
        """The n_h of every /train/nh_<n_h> group, ascending."""
        train = self._group("/train")
        values = [int(k[3:]) for k in train if k.startswith("nh_") and k[3:].isdigit()]
        if not values:
            raise XorscapeError(f"{self.path}: /train has no nh_<n_h> groups")
        return sorted(values)

    def train(self, n_h: int) -> TrainGroup:
        train = self._group("/train")
        name = f"nh_{n_h}"
        if not isinstance(train.get(name), h5py.Group):
            have = ", ".join(str(n) for n in self.nh_values())
            raise XorscapeError(f"{self.path}: no /train/{name} group (n_h in file: {have})")
        g = train[name]
        if "param_names" not in g:
            raise XorscapeError(f"{self.path}: no dataset 'param_names' in {g.name}")
        names = read_strings(g["param_names"])
        attrs = {k: to_python(v) for k, v in train.attrs.items()}
        if "init_scale" not in attrs:  # train files keep the scale only in the stored config
            try:
                attrs["init_scale"] = float(self.config_value("init", "scale"))
            except (TypeError, ValueError, XorscapeError):
                pass
        return TrainGroup(
            path=self.path, n_h=int(to_python(g.attrs.get("n_h", n_h))),
            n_params=int(to_python(g.attrs.get("n_params", len(names)))), param_names=names,
            epoch=self._axis(g, "epoch"), step_size=self._axis(g, "step_size"),
            replica=self._axis(g, "replica"), attrs=attrs, group=g)

    def evaluate(self) -> EvaluateGroup:
        g = self._group("/evaluate")
        for name in ("param_names", "label"):
            if name not in g:
                raise XorscapeError(f"{self.path}: no dataset '{name}' in /evaluate")
        return EvaluateGroup(path=self.path, param_names=read_strings(g["param_names"]),
                             label=read_strings(g["label"]),
                             attrs={k: to_python(v) for k, v in g.attrs.items()}, group=g)

    def landscape(self) -> "LandscapeGroup":
        """The /landscape group (XorscapeError if the file was written by another subcommand)."""
        g = self._group("/landscape")
        for name in ("pair_names", "levels"):
            if not isinstance(g.get(name), h5py.Dataset):
                raise XorscapeError(f"{self.path}: no dataset '{name}' in /landscape")
        net = self.h5.get("/network")
        if isinstance(net, h5py.Group) and isinstance(net.get("param_names"), h5py.Dataset):
            params = read_strings(net["param_names"])
        else:
            params = []
        attrs = {k: to_python(v) for k, v in g.attrs.items()}
        return LandscapeGroup(
            path=self.path, batch=str(attrs.get("batch", "full")), scans=int(attrs.get("scans", 1)),
            level_tolerance=float(attrs.get("level_tolerance", np.nan)), levels=g["levels"][()],
            center=g["center"][()] if "center" in g else np.array([]), param_names=params,
            pair_names=read_strings(g["pair_names"]), attrs=attrs, group=g)

    def _experiment(self, name: str, required: tuple[str, ...]) -> tuple[h5py.Group, dict]:
        g = self._group(name)
        for ds in required:
            if not isinstance(g.get(ds), h5py.Dataset):
                raise XorscapeError(f"{self.path}: no dataset '{ds}' in {name}")
        return g, {k: to_python(v) for k, v in g.attrs.items()}

    def lr_scan(self) -> "LrScanGroup":
        """The /lr_scan group of a `xorscape lr-scan` file."""
        g, attrs = self._experiment("/lr_scan", ("eta", "stage", "outcome"))
        return LrScanGroup(path=self.path, attrs=attrs, eta=g["eta"][()], stage=g["stage"][()],
                           group=g)

    def perturb(self) -> "PerturbGroup":
        """The /perturb group of a `xorscape perturb` file."""
        g, attrs = self._experiment("/perturb", ("parameter_names", "shift", "tau_conv"))
        return PerturbGroup(path=self.path, attrs=attrs,
                            parameter_names=read_strings(g["parameter_names"]),
                            shift=g["shift"][()], group=g)

    def dos(self) -> "DosGroup":
        """The /dos group of a `xorscape dos` file."""
        g, attrs = self._experiment("/dos", ("edges", "bin_center"))
        edges, centers = g["edges"][()], g["bin_center"][()]
        if edges.ndim != 1 or centers.ndim != 1 or len(edges) != len(centers) + 1 or len(centers) < 1:
            raise XorscapeError(f"{self.path}: /dos/edges ({edges.size}) and /dos/bin_center "
                                f"({centers.size}) do not describe the same bins")
        return DosGroup(path=self.path, attrs=attrs, edges=edges, bin_center=centers, group=g)

    def solutions(self) -> "SolutionsGroup":
        """The /solutions group of a `xorscape solutions` file."""
        g, attrs = self._experiment("/solutions", ("param_names", "family_key", "family_count",
                                                   "input_files", "optimizer"))
        return SolutionsGroup(path=self.path, attrs=attrs, param_names=read_strings(g["param_names"]),
                              family_key=read_strings(g["family_key"]),
                              input_files=read_strings(g["input_files"]),
                              optimizer=read_strings(g["optimizer"]), group=g)


# ----------------------------------------------------------------------------------------
# /landscape (written by `xorscape landscape`)
# ----------------------------------------------------------------------------------------

def split_pair(spec) -> tuple[str, str]:
    """A cross-section given as 'x:y', a group name 'x__y' or a tuple (x, y) -> (x, y)."""
    if isinstance(spec, (tuple, list)) and len(spec) == 2:
        x, y = (str(s).strip() for s in spec)
    else:
        text = str(spec).strip()
        parts = text.split(":") if ":" in text else text.split("__")
        if len(parts) != 2:
            raise XorscapeError(f"pair '{text}': expected x:y (e.g. b1_1:b2_1) or a group "
                                "name x__y")
        x, y = (s.strip() for s in parts)
    if not x or not y or x == y:
        raise XorscapeError(f"pair {spec!r}: need two different parameter names")
    return x, y


@dataclass
class LandscapePair(_Group):
    """One cross-section /landscape/pairs/<x>__<y>, seen in the orientation that was asked for.

    Grids are indexed [y, x] (rows follow y_shift, columns x_shift). If the file stores the
    pair the other way round (`transposed`), 2-D datasets come back transposed and the axes
    swapped, so that x_param always runs along the columns of what __getitem__ returns.
    """

    path: str
    name: str                   # stored group name, '<file x>__<file y>'
    x_param: str
    y_param: str
    transposed: bool
    x_shift: np.ndarray
    y_shift: np.ndarray
    group: h5py.Group = field(repr=False)

    @property
    def label(self) -> str:
        return f"{self.x_param}:{self.y_param}"

    def __getitem__(self, name: str) -> np.ndarray:
        data = self._dataset(name)[()]
        return data.T if self.transposed and data.ndim == 2 else data


@dataclass
class LandscapePath:
    """One steepest-descent path, trimmed to its n_points records, in a pair's orientation."""

    index: int                  # row in /landscape/paths
    pair_name: str              # stored group name of its cross-section
    x_param: str
    y_param: str
    start_dx: float
    start_dy: float
    learning_rate: float
    epoch: np.ndarray
    dx: np.ndarray
    dy: np.ndarray
    loss: np.ndarray
    start_loss: float
    final_loss: float
    epochs_run: int
    reached_well: bool
    diverged: bool
    truncated: bool


@dataclass
class LandscapePaths(_Group):
    """The /landscape/paths group: one row per descent path."""

    path: str
    pair_names: list[str]
    attrs: dict                 # epochs, stop_loss, well_loss, points_per_decade, ...
    group: h5py.Group = field(repr=False)

    def __len__(self) -> int:
        return int(self._dataset("pair").shape[0])

    def path_at(self, k: int, pair: LandscapePair | None = None) -> LandscapePath:
        """Path k; with `pair` (its own cross-section), shifts in that pair's orientation."""
        if not 0 <= k < len(self):
            raise XorscapeError(f"{self.path}: path {k} out of range ({len(self)} paths)")
        idx = int(self._dataset("pair")[k])
        if not 0 <= idx < len(self.pair_names):
            raise XorscapeError(f"{self.path}: path {k} refers to pair {idx}, "
                                f"but the file has {len(self.pair_names)} pairs")
        name = self.pair_names[idx]
        x, y = split_pair(name)
        n_cap = self._dataset("dx").shape[1]
        n = max(0, min(int(self._dataset("n_points")[k]), n_cap))
        dx, dy = self._dataset("dx")[k, :n], self._dataset("dy")[k, :n]
        sx, sy = float(self._dataset("start_dx")[k]), float(self._dataset("start_dy")[k])
        if pair is not None:
            if pair.name != name:
                raise XorscapeError(f"{self.path}: path {k} belongs to {name}, not {pair.name}")
            if pair.transposed:
                x, y, dx, dy, sx, sy = y, x, dy, dx, sy, sx
        scalar = lambda ds: self._dataset(ds)[k]  # noqa: E731
        return LandscapePath(
            index=k, pair_name=name, x_param=x, y_param=y, start_dx=sx, start_dy=sy,
            learning_rate=float(scalar("learning_rate")), epoch=self._dataset("epoch")[k, :n],
            dx=dx, dy=dy, loss=self._dataset("loss")[k, :n],
            start_loss=float(scalar("start_loss")), final_loss=float(scalar("final_loss")),
            epochs_run=int(scalar("epochs_run")), reached_well=bool(scalar("reached_well")),
            diverged=bool(scalar("diverged")), truncated=bool(scalar("truncated")))

    def for_pair(self, pair: LandscapePair) -> list[LandscapePath]:
        """The paths run on `pair`'s cross-section, in its (displayed) orientation."""
        if len(self) == 0:
            return []
        wanted = [k for k, idx in enumerate(self._dataset("pair")[()])
                  if 0 <= idx < len(self.pair_names) and self.pair_names[idx] == pair.name]
        return [self.path_at(k, pair) for k in wanted]


@dataclass
class LandscapeSummary(_Group):
    """The /landscape/summary group (written when the run completed), indexed by pair."""

    path: str
    pair_names: list[str]
    levels: np.ndarray
    group: h5py.Group = field(repr=False)

    def row(self, pair: LandscapePair) -> dict:
        """min_loss, min_dx, min_dy (in the pair's orientation), level_area_fraction and,
        for a random batch, mean_error_rms and mean_error_max of one cross-section."""
        if pair.name not in self.pair_names:
            raise XorscapeError(f"{self.path}: pair {pair.name} not in /landscape/pair_names")
        k = self.pair_names.index(pair.name)
        n = len(self.pair_names)
        out = {}
        for name in self.keys():
            ds = self._dataset(name)
            if ds.ndim >= 1 and ds.shape[0] == n:
                out[name] = ds[k]
        if pair.transposed and "min_dx" in out and "min_dy" in out:
            out["min_dx"], out["min_dy"] = out["min_dy"], out["min_dx"]
        return out


@dataclass
class LandscapeGroup(_Group):
    """The /landscape group of a `xorscape landscape` file.

        lg = xf.landscape()
        lg.batch, lg.scans, lg.levels, lg.pair_names     # 'full' / 'random', S, ...
        pair = lg.pair("w2_12:b1_2")                     # either stored orientation
        pair["loss"], pair.x_shift, pair.y_shift         # loss[y, x]
        lg.paths().for_pair(pair)                        # descent paths on it
        lg.summary().row(pair)                           # min_loss, level_area_fraction, ...
    """

    path: str
    batch: str                  # 'full' or 'random'
    scans: int                  # S (1 for the full batch)
    level_tolerance: float
    levels: np.ndarray
    center: np.ndarray
    param_names: list[str]
    pair_names: list[str]       # stored group names '<x>__<y>', in file order
    attrs: dict
    group: h5py.Group = field(repr=False)

    def has_group(self, name: str) -> bool:
        return isinstance(self.group.get(name), h5py.Group)

    def _sub(self, name: str) -> h5py.Group:
        if not self.has_group(name):
            hint = " (run incomplete? it is written at the end)" if name == "summary" else ""
            raise XorscapeError(f"{self.path}: no /landscape/{name} group{hint}")
        return self.group[name]

    @property
    def complete(self) -> bool:
        """True if every task (block of rows, or path) is marked done."""
        return "task_done" not in self or bool(np.all(self["task_done"] == 1))

    @property
    def scan_checkpoints(self) -> np.ndarray:
        return self["scan_checkpoints"]

    def pair_labels(self) -> list[str]:
        """The stored pairs as 'x:y'."""
        return [":".join(split_pair(n)) for n in self.pair_names]

    def find_pair(self, spec) -> tuple[str, bool] | None:
        """(stored group name, transposed) of a pair in either orientation, or None."""
        x, y = split_pair(spec)
        pairs = self.group.get("pairs")
        for name, flipped in ((f"{x}__{y}", False), (f"{y}__{x}", True)):
            if isinstance(pairs, h5py.Group) and isinstance(pairs.get(name), h5py.Group):
                return name, flipped
        return None

    def pair(self, spec) -> LandscapePair:
        """A cross-section by 'x:y', 'x__y' or (x, y), in that orientation (x along columns)."""
        x, y = split_pair(spec)
        found = self.find_pair((x, y))
        if found is None:
            have = ", ".join(self.pair_labels()[:8]) + (", ..." if len(self.pair_names) > 8 else "")
            raise XorscapeError(f"{self.path}: no cross-section {x}:{y} in either order "
                                f"(pairs in file: {have or 'none'})")
        name, flipped = found
        g = self.group["pairs"][name]
        for ds in ("x_shift", "y_shift"):
            if not isinstance(g.get(ds), h5py.Dataset):
                raise XorscapeError(f"{self.path}: no dataset '{ds}' in {g.name}")
        xs, ys = g["x_shift"][()], g["y_shift"][()]
        if flipped:
            xs, ys = ys, xs
        return LandscapePair(path=self.path, name=name, x_param=x, y_param=y, transposed=flipped,
                             x_shift=xs, y_shift=ys, group=g)

    def paths(self) -> LandscapePaths:
        g = self._sub("paths")
        return LandscapePaths(path=self.path, pair_names=self.pair_names,
                              attrs={k: to_python(v) for k, v in g.attrs.items()}, group=g)

    def summary(self) -> LandscapeSummary:
        return LandscapeSummary(path=self.path, pair_names=self.pair_names, levels=self.levels,
                                group=self._sub("summary"))



# ----------------------------------------------------------------------------------------
# Summaries, /lr_scan, /perturb and /solutions (issue #4's convergence studies)
# ----------------------------------------------------------------------------------------

@dataclass
class Summary(_Group):
    """A summary/ group: statistics the simulator stored (written when the run completed)."""

    path: str
    group: h5py.Group = field(repr=False)


def _summary(path: str, parent: h5py.Group) -> Summary:
    obj = parent.get("summary")
    if not isinstance(obj, h5py.Group):
        raise XorscapeError(f"{path}: no {parent.name}/summary group (run incomplete, or "
                            "written by an older xorscape; it is written at the end)")
    return Summary(path=path, group=obj)


@dataclass
class _Experiment(_Group):
    path: str
    attrs: dict
    group: h5py.Group = field(repr=False)

    def strings(self, name: str) -> list[str]:
        return read_strings(self._dataset(name))

    def summary(self) -> Summary:
        return _summary(self.path, self.group)

    @property
    def complete(self) -> bool:
        """True if every task is marked done (or the file keeps no done-mask)."""
        return "task_done" not in self or bool(np.all(self["task_done"] == 1))


@dataclass
class LrEdge:
    """One edge of the converging interval of learning rates, as lr-scan bisected it."""

    name: str                   # 'lower' or 'upper'
    eta: float                  # geometric midpoint of the final bracket (NaN if not found)
    bracket: tuple[float, float]  # lower: (fails, converges); upper: (converges, fails)
    found: bool                 # the sweep bracketed it


@dataclass
class LrScanGroup(_Experiment):
    """The /lr_scan group, indexed by point (sweep points, then bisection points).

        ls.eta, ls.stage                 # per point; eta NaN where not run, stage -1 sweep,
                                         # 0 lower-edge, 1 upper-edge bisection
        ls["outcome"]                    # [point, replica]: 0 converged, 1 diverged, 2 budget, 255
        ls.summary()["converged_fraction"], ls.edges()
    """

    eta: np.ndarray = field(default=None)
    stage: np.ndarray = field(default=None)

    def run_points(self) -> np.ndarray:
        """Indices of the points that were run (finite eta)."""
        return np.nonzero(np.isfinite(self.eta))[0]

    def edges(self) -> list[LrEdge]:
        s = self.summary()
        names = read_strings(s._dataset("edge_names"))
        eta, bracket, found = s["edge_eta"], s["edge_bracket"], s["edge_found"]
        return [LrEdge(name=n, eta=float(eta[k]), bracket=(float(bracket[k, 0]), float(bracket[k, 1])),
                       found=bool(found[k])) for k, n in enumerate(names)]


@dataclass
class Plateau:
    """The plateau of tau_conv(Delta) around Delta = 0 of one parameter, as perturb found it."""

    name: str
    found: bool
    lower: float                # edge: midpoint between the last shift on it and the next off it
    upper: float
    lower_inside: float         # outermost grid shifts still on the plateau
    upper_inside: float
    lower_open: bool            # the plateau reaches the end of the grid
    upper_open: bool


@dataclass
class PerturbGroup(_Experiment):
    """The /perturb group: tau_conv[parameter, shift] (-1: not within the budget) and the
    per-run convergence epochs run_convergence_epoch[parameter, shift, run]."""

    parameter_names: list[str] = field(default_factory=list)
    shift: np.ndarray = field(default=None)

    def plateaus(self) -> list[Plateau]:
        s = self.summary()
        cols = {n: s[n] for n in ("plateau_found", "plateau_lower", "plateau_upper",
                                  "plateau_lower_inside", "plateau_upper_inside",
                                  "plateau_lower_open", "plateau_upper_open")}
        return [Plateau(name=n, found=bool(cols["plateau_found"][k]),
                        lower=float(cols["plateau_lower"][k]), upper=float(cols["plateau_upper"][k]),
                        lower_inside=float(cols["plateau_lower_inside"][k]),
                        upper_inside=float(cols["plateau_upper_inside"][k]),
                        lower_open=bool(cols["plateau_lower_open"][k]),
                        upper_open=bool(cols["plateau_upper_open"][k]))
                for k, n in enumerate(self.parameter_names)]


@dataclass
class SolutionsGroup(_Experiment):
    """The /solutions group: N solutions in canonical form grouped into M families
    (family_key, family_count, family_count_by_file[family, file], representative[family, param],
    table2_family[5] for n_h = 2), read from F train files (input_files, optimizer)."""

    param_names: list[str] = field(default_factory=list)
    family_key: list[str] = field(default_factory=list)
    input_files: list[str] = field(default_factory=list)
    optimizer: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------
# /dos (issue #5: density of loss g(L) and microcanonical entropy S(L) = ln g)
# ----------------------------------------------------------------------------------------

@dataclass
class DosGroup(_Experiment):
    """The /dos group: attrs method (simple, wang-landau, multicanonical), measure (box,
    gaussian), box_half_width, gaussian_sigma, runs; bins `edges` [bins+1], `bin_center` [bins];
    one /dos/nh_<n_h> group per n_h.

        dg.nh_values(), dg.bin_width, dg.log_spaced_below()   # the binning
        dn = dg.nh(2); dn["ln_g"][run, bin]; dn.summary()["ln_g_mean"]
    """

    edges: np.ndarray = field(default=None)
    bin_center: np.ndarray = field(default=None)

    @property
    def method(self) -> str:
        return str(self.attrs.get("method", "?"))

    @property
    def measure(self) -> str:
        return str(self.attrs.get("measure", "?"))

    @property
    def box_half_width(self) -> float:
        return float(self.attrs.get("box_half_width", np.nan))

    def measure_label(self) -> str:
        """'box [-10, 10]^d' or 'gaussian N(0, 1^2)' (d = number of parameters)."""
        if self.measure == "box":
            return f"box [-{self.box_half_width:g}, {self.box_half_width:g}]^d"
        if self.measure == "gaussian":
            return f"gaussian N(0, {float(self.attrs.get('gaussian_sigma', np.nan)):g}^2)"
        return self.measure

    @property
    def bin_width(self) -> np.ndarray:
        return np.diff(self.edges)

    def log_spaced_below(self) -> float | None:
        """The loss below which the bins are uniform in ln L (None if the first two bins are
        not log-spaced, i.e. uniform or user-given bins)."""
        e = self.edges
        if len(e) < 4 or e[0] <= 0:
            return None
        ratio = e[1:] / e[:-1]
        uniform = np.isclose(np.diff(e), e[1] - e[0], rtol=1e-6)
        if uniform[1] or not np.isclose(ratio[1], ratio[0], rtol=1e-6):
            return None
        k = 1
        while k < len(ratio) and np.isclose(ratio[k], ratio[0], rtol=1e-6):
            k += 1
        return float(e[k])

    def nh_values(self) -> list[int]:
        """The n_h of every /dos/nh_<n_h> group, ascending."""
        values = [int(k[3:]) for k, v in self.group.items()
                  if k.startswith("nh_") and k[3:].isdigit() and isinstance(v, h5py.Group)]
        if not values:
            raise XorscapeError(f"{self.path}: /dos has no nh_<n_h> groups")
        return sorted(values)

    def nh(self, n_h: int) -> "DosNh":
        name = f"nh_{n_h}"
        g = self.group.get(name)
        if not isinstance(g, h5py.Group):
            have = ", ".join(str(n) for n in self.nh_values())
            raise XorscapeError(f"{self.path}: no /dos/{name} group (n_h in file: {have})")
        if not isinstance(g.get("ln_g"), h5py.Dataset):
            raise XorscapeError(f"{self.path}: no dataset 'ln_g' in {g.name}")
        attrs = {k: to_python(v) for k, v in g.attrs.items()}
        return DosNh(path=self.path, n_h=int(attrs.get("n_h", n_h)),
                     log_mass=float(attrs.get("log_mass", np.nan)), attrs=attrs, group=g)


@dataclass
class DosNh(_Group):
    """One /dos/nh_<n_h> group. Per-run datasets are indexed [run, ...]: ln_g [run, bin]
    (ln G per bin, normalized so that sum G = the measure's mass exp(log_mass); NaN: never
    reached), min_loss, max_loss [run]; walkers also ln_g_wl, histogram [run, bin], acceptance,
    proposals [run, stage], step_scale, flat_iterations, ln_f_reached, round_trips,
    bins_never_reached [run]; simple sampling counts [run, bin], outside [run, 2]."""

    path: str
    n_h: int
    log_mass: float             # ln of the measure's total mass ((2B)^d for the box, 0 gaussian)
    attrs: dict
    group: h5py.Group = field(repr=False)

    @property
    def runs(self) -> int:
        return int(self._dataset("ln_g").shape[0])

    def get(self, name: str) -> np.ndarray | None:
        """A dataset, or None where this method does not store it (e.g. round_trips of simple
        sampling)."""
        return self[name] if name in self else None

    @property
    def has_summary(self) -> bool:
        return isinstance(self.group.get("summary"), h5py.Group)

    def summary(self) -> Summary:
        """ln_g_mean, ln_g_std, ln_g_stderr, runs_reached [bin] (written when the run completed)."""
        return _summary(self.path, self.group)

    def microcanonical(self) -> "DosMicrocanonical | None":
        """The stored microcanonical analysis (/dos/nh_<n_h>/microcanonical), None if absent."""
        g = self.group.get("microcanonical")
        if not isinstance(g, h5py.Group):
            return None
        return DosMicrocanonical(path=self.path, attrs={k: to_python(v) for k, v in g.attrs.items()},
                                 group=g)


# Names tried for the error of a stored curve X, in this order: X_sigma, X_err, X_error, X_stderr.
_ERROR_SUFFIXES = ("_sigma", "_err", "_error", "_stderr")


@dataclass
class ConvexInterval:
    """A maximal interval of L on which S is convex (gamma > 0), as the simulator found it."""

    L_lo: float
    L_hi: float
    branch: str                 # 'trained' (L < L*), 'other' or '?'
    gamma_max: float
    gamma_max_sigma: float
    significant: bool | None    # gamma_max - z sigma > 0 (None if not stored)


@dataclass
class Transition:
    """A transition of the microcanonical inflection-point analysis (Qi & Bachmann 2018)."""

    L: float
    order: int
    kind: str                   # 'independent', 'dependent' or '?'
    branch: str
    significant: bool | None
    robust: bool | None         # survives halving/doubling bins and window (None if not stored)


def _labels(values, names: tuple[str, ...]) -> list[str]:
    """String labels of a stored enum column: strings as they are, integers as names[k]."""
    out = []
    for v in values:
        v = to_python(v)
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, (int, float)) and 0 <= int(v) < len(names):
            out.append(names[int(v)])
        else:
            out.append("?")
    return out


@dataclass
class DosMicrocanonical(_Group):
    """/dos/nh_<n_h>/microcanonical: curves per bin (S, beta, gamma, delta, each with an error
    X_sigma), the convex intervals and the transitions, each a table of equal-length datasets
    in a subgroup (convex/L_lo, transitions/L, ...) or flat (convex_L_lo, transition_L, ...).
    Attributes (e.g. L_star, window, degree, z) as stored. Columns not stored read as unknown."""

    path: str
    attrs: dict
    group: h5py.Group = field(repr=False)

    def curve(self, name: str) -> tuple[np.ndarray, np.ndarray | None] | None:
        """(values [bin], errors [bin] or None) of a stored curve (S, beta, gamma, delta), or
        None if the curve is not stored."""
        if name not in self:
            return None
        for suffix in _ERROR_SUFFIXES:
            if name + suffix in self:
                return self[name], self[name + suffix]
        return self[name], None

    def bin_center(self) -> np.ndarray | None:
        """The curves' own bin centres if stored beside them (else they are /dos/bin_center)."""
        return self["bin_center"] if "bin_center" in self else None

    def _table(self, sub: str, prefix: str) -> dict[str, np.ndarray]:
        obj = self.group.get(sub)
        if isinstance(obj, h5py.Group):
            cols = {k: v[()] for k, v in obj.items() if isinstance(v, h5py.Dataset)}
        else:
            cols = {k[len(prefix):]: v[()] for k, v in self.group.items()
                    if k.startswith(prefix) and isinstance(v, h5py.Dataset)}
        lengths = {np.shape(v)[0] if np.ndim(v) else 1 for v in cols.values()}
        if len(lengths) > 1:
            raise XorscapeError(f"{self.path}: {self.group.name}/{sub}: columns of different "
                                f"lengths {sorted(lengths)}")
        return cols

    def convex_intervals(self) -> list[ConvexInterval]:
        cols = self._table("convex", "convex_")
        if "L_lo" not in cols or "L_hi" not in cols:
            return []
        n = len(cols["L_lo"])
        nan = np.full(n, np.nan)
        branch = _labels(cols.get("branch", [None] * n), ("trained", "other"))
        sig = cols.get("significant")
        return [ConvexInterval(L_lo=float(cols["L_lo"][k]), L_hi=float(cols["L_hi"][k]),
                               branch=branch[k], gamma_max=float(cols.get("gamma_max", nan)[k]),
                               gamma_max_sigma=float(cols.get("gamma_max_sigma", nan)[k]),
                               significant=None if sig is None else bool(sig[k]))
                for k in range(n)]

    def transitions(self) -> list[Transition]:
        cols = self._table("transitions", "transition_")
        if "L" not in cols or "order" not in cols:
            return []
        n = len(cols["L"])
        kind = _labels(cols.get("type", [None] * n), ("independent", "dependent"))
        branch = _labels(cols.get("branch", [None] * n), ("trained", "other"))
        sig, rob = cols.get("significant"), cols.get("robust")
        return [Transition(L=float(cols["L"][k]), order=int(cols["order"][k]), kind=kind[k],
                           branch=branch[k], significant=None if sig is None else bool(sig[k]),
                           robust=None if rob is None else bool(rob[k]))
                for k in range(n)]
