#!/usr/bin/python3
"""Turns one benchmark session into the README's speed table.

Reads the Google Benchmark JSON of bench_kernels and the JSON lines of the peers
(scripts/bench_peers.sh at 1 and 2 threads) and prints a Markdown table: xorscape per core and
on 2 cores, the peers, the ratio to the faster peer, and each kernel's fraction of the sigmoid
throughput limit (12 sigmoids per n_h = 2 evaluation or epoch: 8 hidden, 4 output).
Where the benchmark JSON has them (older ones do not), two more rows: the loss-landscape sweep
(landscape_full/threads:1|2: grid-point evaluations/s; landscape_random/threads:1|2: point-scans/s)
beside the landscape_numpy / landscape_torch peers; the full-batch sweep's fraction of the sigmoid
limit counts 4 + 10/36 sigmoids per point: 4 output sigmoids, and a hidden one only where that
neuron depends on both swept parameters (10 neuron-case combinations over the 36 sections); the
kernel computes the others once per row or column. (Sigmoids a point needs, not exponentials
the kernel evaluates: separable cases take theirs as products of row and column factors.)
The density-of-states rows (dos_simple, dos_walker and their 2-thread forms dos_*_threads) sit
beside peer_dos_numpy / peer_dos_torch; their ratio is per core (issue #5's targets are), and the
fraction of the sigmoid limit counts 4 n_h + 4 sigmoids per sample (xorscape's sampling kernel
evaluates fewer exponentials: products of factors, so it can exceed 100 %).
Usage: report.py BENCH.json PEERS_1THREAD.jsonl PEERS_2THREADS.jsonl
"""
import json
import platform
import sys

SIGMOIDS_PER_UNIT = 12
LANDSCAPE_SIGMOIDS_PER_POINT = 4 + 10 / 36
LANDSCAPE_ROWS = [  # (label, benchmark, peer result, sigmoids per unit or None)
    ("landscape sweep, full batch: point evaluations/s, 36 sections of 1001²", "landscape_full",
     "landscape_full_evals_per_s", LANDSCAPE_SIGMOIDS_PER_POINT),
    ("landscape sweep, random batch: point-scans/s, 36 sections of 301², 100 scans",
     "landscape_random", "landscape_random_evals_per_s", None),
]

DOS_ROWS = [  # (label, benchmark 1 core, benchmark 2 cores, peer result, target/core, sigmoids)
    ("dos simple sampling: samples/s, n_h = 2, box [-10, 10]^9", "dos_simple/n_h:2",
     "dos_simple_threads/n_h:2/threads:2", "dos_simple_nh2_per_s", 5e7, 12),
    ("dos simple sampling: samples/s, n_h = 18, box [-10, 10]^73", "dos_simple/n_h:18",
     "dos_simple_threads/n_h:18/threads:2", "dos_simple_nh18_per_s", None, 76),
    ("dos Wang-Landau: proposals/s, n_h = 2 (peers: 4096 walkers in lockstep)", "dos_walker/n_h:2",
     "dos_walker_threads/n_h:2/threads:2", "dos_walk_nh2_per_s", 1e7, None),
    ("dos Wang-Landau: proposals/s, n_h = 18", "dos_walker/n_h:18",
     "dos_walker_threads/n_h:18/threads:2", "dos_walk_nh18_per_s", None, None),
]


def median_rates(path):
    with open(path) as f:
        data = json.load(f)
    rates = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") == "median" or b.get("run_type") == "iteration" and "aggregate_name" not in b:
            name = b["run_name"] if "run_name" in b else b["name"]
            rates.setdefault(name, b["items_per_second"])
            if b.get("aggregate_name") == "median":
                rates[name] = b["items_per_second"]
    return rates, data.get("context", {})


def peers(path):
    out = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out[d["peer"]] = d["results"]
    return out


def fmt(x):
    return "–" if x is None else f"{x:.3g}"


def rate_of(rates, name):
    """Median rate of a benchmark, named with or without the /real_time suffix; None if absent."""
    return rates.get(name + "/real_time", rates.get(name))


def landscape_rows(rates, p1, p2, sig1):
    """The sweep rows, skipped where the benchmark JSON predates them."""
    for label, bench, key, sigmoids in LANDSCAPE_ROWS:
        r1, r2 = rate_of(rates, bench + "/threads:1"), rate_of(rates, bench + "/threads:2")
        if r1 is None and r2 is None:
            continue
        numpy1, torch1, torch2 = (p.get(name, {}).get(key) for p, name in (
            (p1, "landscape_numpy"), (p1, "landscape_torch"), (p2, "landscape_torch")))
        known = [v for v in (numpy1, torch1, torch2, p2.get("landscape_numpy", {}).get(key)) if v]
        ours = r2 if r2 else r1
        frac = f"{r1 / (sig1 / sigmoids):.0%}" if sigmoids and r1 else "–"
        ratio = f"{ours / max(known):.1f}" if known else "–"
        print(f"| {label} | {fmt(r1)} | {fmt(r2)} | – | {frac} | – | {fmt(numpy1)} | "
              f"{fmt(torch1)} | {fmt(torch2)} | {ratio} |")


def dos_rows(rates, p1, p2, sig1):
    """The density-of-states rows (issue #5), skipped where the benchmark JSON predates them.
    Peers: peer_dos_numpy / peer_dos_torch. The ratio is per core, as the issue's targets are:
    xorscape on 1 core over the faster peer's per-core rate."""
    for label, one, two, key, target, sigmoids in DOS_ROWS:
        r1, r2 = rate_of(rates, one), rate_of(rates, two)
        if r1 is None and r2 is None:
            continue
        numpy1, torch1 = (p1.get(name, {}).get(key) for name in ("dos_numpy", "dos_torch"))
        torch2 = p2.get("dos_torch", {}).get(key)
        per_core = [v for v in (numpy1, torch1, torch2 / 2 if torch2 else None,
                                p2.get("dos_numpy", {}).get(key)) if v]
        frac = f"{r1 / (sig1 / sigmoids):.0%}" if sigmoids and r1 else "–"
        ratio = f"{r1 / max(per_core):.1f} per core" if per_core and r1 else "–"
        goal = f"{target:.0e}" if target else "–"
        print(f"| {label} | {fmt(r1)} | {fmt(r2)} | {goal} | {frac} | – | {fmt(numpy1)} | "
              f"{fmt(torch1)} | {fmt(torch2)} | {ratio} |")


def main(bench_json, peers1, peers2):
    rates, context = median_rates(bench_json)
    p1, p2 = peers(peers1), peers(peers2)
    sig1 = rates["sigmoid/threads:1/real_time"]
    rows = [
        ("(a) GD epochs/s, one trajectory", "gd_single/real_time", None, "gd_single_epochs_per_s", 1e7),
        ("(b) trajectory-epochs/s, 1024 trajectories", "gd_ensemble/threads:1/real_time",
         "gd_ensemble/threads:2/real_time", "ensemble_traj_epochs_per_s", 5e7),
        ("(c) loss evaluations/s", "loss_many/threads:1/real_time", "loss_many/threads:2/real_time",
         "loss_evals_per_s", 6e7),
    ]
    print(f"Machine: {context.get('num_cpus', '?')} cores at {context.get('mhz_per_cpu', '?')} MHz "
          f"({platform.processor() or platform.machine()}), {context.get('date', '')}")
    print(f"Vectorized double sigmoid (xorscape's vector_exp): {sig1:.3g}/s on 1 core, "
          f"{rates['sigmoid/threads:2/real_time']:.3g}/s on 2 cores; "
          f"NumPy {fmt(p1.get('numpy', {}).get('sigmoid_per_s'))}/s, "
          f"PyTorch {fmt(p1.get('torch', {}).get('sigmoid_per_s'))}/s. Its halves alone: "
          f"exp {rates['exp_only/real_time']:.3g}/s, division 1/(1+x) "
          f"{rates['division_only/real_time']:.3g}/s.\n")
    print("| kernel (n_h = 2, double, full batch) | xorscape 1 core | xorscape 2 cores | target/core "
          "| fraction of sigmoid limit | plain Python | NumPy | PyTorch 1 thr | PyTorch 2 thr | × faster peer (2 cores) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, one, two, key, target in rows:
        r1 = rates[one]
        r2 = rates[two] if two else None
        peer_values = [p.get(key) for p in (p1.get("python_loop", {}), p1.get("numpy", {}),
                                            p1.get("torch", {}), p2.get("torch", {}), p2.get("numpy", {}))]
        best_peer = max(v for v in peer_values if v is not None)
        ours = r2 if r2 else r1
        limit = sig1 / SIGMOIDS_PER_UNIT
        print(f"| {label} | {fmt(r1)} | {fmt(r2)} | {target:.0e} | {r1 / limit:.0%} | "
              f"{fmt(peer_values[0])} | {fmt(peer_values[1])} | {fmt(peer_values[2])} | "
              f"{fmt(peer_values[3])} | {ours / best_peer:.1f} |")
    landscape_rows(rates, p1, p2, sig1)
    dos_rows(rates, p1, p2, sig1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
