#!/usr/bin/python3
"""Exit 0 if two HDF5 files hold the same datasets with bitwise identical contents.

Attributes are not compared (provenance differs between runs by design: time, command line).
Usage: compare_h5.py A.h5 B.h5
"""
import sys

import h5py


def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def main(a_path, b_path):
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        da, db = datasets(a), datasets(b)
        problems = [f"only in one file: {n}" for n in sorted(set(da) ^ set(db))]
        for name in sorted(set(da) & set(db)):
            x, y = da[name][()], db[name][()]
            if getattr(x, "shape", None) != getattr(y, "shape", None) or x.dtype != y.dtype:
                problems.append(f"{name}: shape/dtype differ")
            elif x.dtype.kind in "OSU":
                if list(x.ravel()) != list(y.ravel()):
                    problems.append(f"{name}: strings differ")
            elif x.tobytes() != y.tobytes():
                problems.append(f"{name}: contents differ")
        for p in problems:
            print(f"compare_h5: {a_path} vs {b_path}: {p}", file=sys.stderr)
        print(f"compare_h5: {len(set(da) & set(db))} datasets compared, {len(problems)} differences")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
