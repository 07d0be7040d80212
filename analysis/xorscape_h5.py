"""Reader for xorscape HDF5 output files (schema version 1, see docs/output_format.md).

    with XorscapeFile("run.h5") as xf:
        xf.provenance()["command_line"]      # root attributes as a plain dict
        xf.nh_values()                       # [2, 18]: the /train/nh_<n_h> groups
        tg = xf.train(2)                     # TrainGroup: epoch, step_size, param_names, ...
        tg["gamma"]                          # a whole dataset as numpy
        tg.run("loss_full", step, replica)   # one trajectory, read without the rest
        ev = xf.evaluate()                   # EvaluateGroup of the /evaluate datasets

Anything wrong with the file (missing, not HDF5, not written by xorscape, lacking the group
or dataset asked for) raises XorscapeError with a one-line message; the figure scripts turn
it into exit status 2. Nothing here computes physics: it only reads what the simulator stored.
"""
from __future__ import annotations

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
        return TrainGroup(
            path=self.path, n_h=int(to_python(g.attrs.get("n_h", n_h))),
            n_params=int(to_python(g.attrs.get("n_params", len(names)))), param_names=names,
            epoch=self._axis(g, "epoch"), step_size=self._axis(g, "step_size"),
            replica=self._axis(g, "replica"),
            attrs={k: to_python(v) for k, v in train.attrs.items()}, group=g)

    def evaluate(self) -> EvaluateGroup:
        g = self._group("/evaluate")
        for name in ("param_names", "label"):
            if name not in g:
                raise XorscapeError(f"{self.path}: no dataset '{name}' in /evaluate")
        return EvaluateGroup(path=self.path, param_names=read_strings(g["param_names"]),
                             label=read_strings(g["label"]),
                             attrs={k: to_python(v) for k, v in g.attrs.items()}, group=g)
