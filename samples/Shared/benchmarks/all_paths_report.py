"""The table all-paths.sh prints: medians over the repetitions of every measurement in DIR.

Usage: all_paths_report.py DIR

Reads DIR/machine.json and DIR/{path}-{model}-{ours,torch1,torchN}.jsonl and
DIR/{path}-peak.jsonl. For each path and network: ModelGen's median training and inference
images per second; PyTorch's faster thread setting (the higher of the medians); the ratios;
ModelGen's GFLOP/s and its share of the OpenBLAS sgemm peak measured on the same path in the
same run (median); then batch-100 inference and single-image latency beside ONNX Runtime and
PyTorch; last, each ratio against PyTorch's fastest single repetition, with the range of its
repetitions (some CPUs make PyTorch's speed vary from process to process). Markdown, so it
pastes into README.
"""
import glob
import json
import os
import statistics
import sys

NAMES = {"two": "TwoLayerNet", "simple": "SimpleConvNet", "deep": "DeepConvNet"}
PATH_ORDER = ["avx512", "avx2", "portable", "scalar"]


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def median(runs, key):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def spread(runs_per_setting, key):
    """The slowest and fastest repetition of the thread setting whose fastest repetition is fastest."""
    ranges = []
    for runs in runs_per_setting:
        values = [r[key] for r in runs if r.get(key) is not None]
        if values:
            ranges.append((min(values), max(values)))
    return max(ranges, key=lambda r: r[1])


def main():
    folder = sys.argv[1]
    machine = {}
    for part in load(os.path.join(folder, "machine.json")):
        machine.update(part)
    paths = sorted({os.path.basename(p).split("-")[0] for p in glob.glob(os.path.join(folder, "*-peak.jsonl"))},
                   key=PATH_ORDER.index)
    models = [m for m in NAMES if glob.glob(os.path.join(folder, f"*-{m}-ours.jsonl"))]

    print(f"\n{machine['cpu']}, {machine['cores']} cores ({machine.get('hypervisor') or 'bare metal'} guest), "
          f"L2 {machine['l2']}; flags: {machine['flags']}")
    print(f".NET {machine['dotnet']}, {machine['threads']} threads; {machine['date']}; load average "
          f"{machine['load_before']} before, {machine.get('load_after', '?')} after; "
          f"medians of {machine['repeat']} interleaved repetitions, {machine['seconds']} s rounds")

    rows, inference, spreads = [], [], []
    for p in paths:
        peak_runs = load(os.path.join(folder, f"{p}-peak.jsonl"))
        peak = median(peak_runs, "gflops")
        for m in models:
            ours = load(os.path.join(folder, f"{p}-{m}-ours.jsonl"))
            torch = [load(f) for f in sorted(glob.glob(os.path.join(folder, f"{p}-{m}-torch*.jsonl")))]
            t_train = max(median(t, "train_images_per_second") for t in torch)
            t_infer = max(median(t, "infer_images_per_second") for t in torch)
            t_latency = min(median(t, "latency_us") for t in torch)
            train, infer = median(ours, "train_images_per_second"), median(ours, "infer_images_per_second")
            train_gf = train * ours[0]["train_mflop_per_image"] / 1e3
            infer_gf = infer * ours[0]["infer_mflop_per_image"] / 1e3
            rows.append((p, m, train, t_train, train_gf, infer, t_infer, infer_gf, peak, torch[0][0].get("capability", "?"),
                         peak_runs[0]["core"]))
            spreads.append((p, m, train, spread(torch, "train_images_per_second"), infer, spread(torch, "infer_images_per_second")))
            inference.append((p, m, infer, median(ours, "onnx_infer_images_per_second"), t_infer,
                              median(ours, "latency_us"), median(ours, "onnx_latency_us"), t_latency))

    print("\n| path | network | ModelGen train img/s | PyTorch train | ratio | GFLOP/s, % of peak "
          "| ModelGen infer img/s | PyTorch infer | ratio | GFLOP/s, % of peak |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p, m, train, t_train, train_gf, infer, t_infer, infer_gf, peak, _, _ in rows:
        print(f"| {p} | {NAMES[m]} | {train:,.0f} | {t_train:,.0f} | **{train / t_train:.2f}x** | {train_gf:.0f}, {train_gf / peak:.0%} "
              f"| {infer:,.0f} | {t_infer:,.0f} | **{infer / t_infer:.2f}x** | {infer_gf:.0f}, {infer_gf / peak:.0%} |")

    print("\n| path | OpenBLAS sgemm peak (n = 2048) | OpenBLAS kernels | PyTorch ATen capability |")
    print("|---|---:|---|---|")
    for p in paths:
        r = next(r for r in rows if r[0] == p)
        print(f"| {p} | {r[8]:.0f} GFLOP/s | {r[10]} | {r[9]} |")

    print("\n| path | network | batch-100 inference img/s: ModelGen | ONNX Runtime | PyTorch | ModelGen / ORT "
          "| single image µs: ModelGen | ONNX Runtime | PyTorch |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for p, m, infer, ort, t_infer, lat, ort_lat, t_lat in inference:
        ort_text = f"{ort:,.0f}" if ort else "-"
        ratio = f"{infer / ort:.2f}x" if ort else "-"
        print(f"| {p} | {NAMES[m]} | {infer:,.0f} | {ort_text} | {t_infer:,.0f} | {ratio} "
              f"| {lat:,.1f} | {ort_lat:,.1f} | {t_lat:,.1f} |" if ort_lat else
              f"| {p} | {NAMES[m]} | {infer:,.0f} | {ort_text} | {t_infer:,.0f} | {ratio} | {lat:,.1f} | - | {t_lat:,.1f} |")
    print("\nAgainst PyTorch's fastest single repetition, with the range of that thread setting's repetitions: the "
          "conservative reading where PyTorch's repetitions disagree (flagged when its fastest is 1.5x its slowest).")
    print("\n| path | network | PyTorch train: fastest (range) | ModelGen / fastest | PyTorch infer: fastest (range) | ModelGen / fastest |")
    print("|---|---|---:|---:|---:|---:|")
    for p, m, train, (t_lo, t_hi), infer, (i_lo, i_hi) in spreads:
        flag_t = " (!)" if t_hi > 1.5 * t_lo else ""
        flag_i = " (!)" if i_hi > 1.5 * i_lo else ""
        print(f"| {p} | {NAMES[m]} | {t_hi:,.0f} ({t_lo:,.0f}-{t_hi:,.0f}){flag_t} | {train / t_hi:.2f}x "
              f"| {i_hi:,.0f} ({i_lo:,.0f}-{i_hi:,.0f}){flag_i} | {infer / i_hi:.2f}x |")

    trips = sorted(r["core_round_trip_ns"] for path in paths for m in models
                   for r in load(os.path.join(folder, f"{path}-{m}-ours.jsonl")) if r.get("core_round_trip_ns"))
    if trips:
        print(f"\nCores apart (a cache line's round trip between two threads, measured by each ModelGen run): "
              f"median {trips[len(trips) // 2]:.0f} ns, range {trips[0]:.0f}-{trips[-1]:.0f} ns over {len(trips)} runs. "
              f"Multi-threaded training slows as it grows (a virtual machine's vCPUs may sit on distant cores).")

    print("\nPyTorch: the faster of 1 and N threads (medians). ONNX Runtime (CPU provider, the same threads) has no "
          "switch for its instruction set and runs its widest kernels on every path. % of peak: ModelGen's GFLOP/s "
          "(direct-convolution FLOPs from the generated Summary) over the OpenBLAS figure of the same path and run.")


if __name__ == "__main__":
    main()
