#!/usr/bin/python3
"""Turns one benchmark session into the README's speed table.

Reads the Google Benchmark JSON of bench_kernels and the JSON lines of the peers
(scripts/bench_peers.sh at 1 and 2 threads) and prints a Markdown table: xorscape per core and
on 2 cores, the peers, the ratio to the faster peer, and each kernel's fraction of the sigmoid
throughput limit (12 sigmoids per n_h = 2 evaluation or epoch: 8 hidden, 4 output).
Usage: report.py BENCH.json PEERS_1THREAD.jsonl PEERS_2THREADS.jsonl
"""
import json
import platform
import sys

SIGMOIDS_PER_UNIT = 12


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


if __name__ == "__main__":
    main(*sys.argv[1:4])
