#!/usr/bin/python3
"""Checks the content of a `train` file against docs/output_format.md and the physics it must
obey. Usage: check_train_file.py FILE.h5 N_H[,N_H...] N_STEPS REPLICAS EPOCHS THRESHOLD"""
import sys

import h5py
import numpy as np


def fail(msg):
    print(f"check_train_file: {msg}", file=sys.stderr)
    sys.exit(1)


def main(path, nhs, n_steps, replicas, epochs, threshold):
    nhs = [int(x) for x in nhs.split(",")]
    n_steps, replicas, epochs, threshold = int(n_steps), int(replicas), int(epochs), float(threshold)
    with h5py.File(path, "r") as f:
        for key in ["schema_version", "program", "program_version", "git_commit", "command_line",
                    "config", "config_hash", "seed", "created_utc", "host", "threads", "ranks", "shard"]:
            if key not in f.attrs:
                fail(f"root attribute {key} missing")
        if "[train]" not in f.attrs["config"]:
            fail("config attribute lacks the [train] section")
        if list(f["network/hidden_sizes"][()]) != nhs:
            fail("network/hidden_sizes")
        t = f["train"]
        if t["epoch"][0] != 0 or t["epoch"][-1] != epochs:
            fail("epoch axis must run from 0 to the last epoch")
        if not np.all(t["task_done"][()] == 1):
            fail("not every task is marked done")
        def check_described(name, obj):
            if isinstance(obj, h5py.Dataset) and ("description" not in obj.attrs or "axes" not in obj.attrs):
                fail(f"{name} lacks description/axes")
        f.visititems(check_described)
        for nh in nhs:
            g = t[f"nh_{nh}"]
            P = 4 * nh + 1
            n_rec = len(t["epoch"])
            if g["params"].shape != (n_steps, replicas, n_rec, P):
                fail(f"nh_{nh}/params has shape {g['params'].shape}")
            if g["hidden_activation"].shape != (n_steps, replicas, n_rec, 4, nh):
                fail(f"nh_{nh}/hidden_activation shape")
            if len(g["param_names"]) != P:
                fail("param_names length")
            lf = g["loss_full"][()]
            if not np.all(lf[..., 0] == lf[..., 0]) or not np.all((lf >= 0) & (lf <= 1) | np.isnan(lf)):
                fail("loss_full outside [0, 1]")
            # The output activations reproduce the recorded full-batch MSE loss.
            y = f["network/targets"][()]
            mse = np.mean((g["output"][()] - y) ** 2, axis=-1)
            if not np.allclose(mse, lf, rtol=1e-12, atol=1e-15, equal_nan=True):
                fail("recorded outputs do not reproduce loss_full")
            conv = g["convergence_epoch"][()]
            ep = t["epoch"][()]
            for idx in np.ndindex(conv.shape):
                c = conv[idx]
                rec = lf[idx]
                if c >= 0:
                    after = ep >= c
                    if np.any(rec[ep < c] < threshold):
                        fail(f"a record before the convergence epoch {c} is below threshold")
                else:
                    if np.nanmin(rec) < threshold:
                        fail("a record is below threshold but no convergence epoch was stored")
            if not np.allclose(g["final_params"][()], g["params"][:, :, -1, :], equal_nan=True):
                fail("final_params differ from the last record")
    print(f"check_train_file: {path} ok")


if __name__ == "__main__":
    main(*sys.argv[1:])
