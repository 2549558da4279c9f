"""Prints ModelGen against PyTorch from the JSON lines the compare-pytorch.sh scripts collect.

Usage: compare_report.py TITLE OURS.jsonl TORCH1.jsonl TORCH2.jsonl
Each file holds one JSON line per repetition; the best repetition of each side is compared
(the same rule for both: on a shared, noisy machine the fastest run is the least disturbed),
and the median is shown beside it. The ratio is taken against PyTorch's faster thread setting,
separately for training and inference.
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def summary(runs, key):
    values = [r[key] for r in runs]
    return max(values), statistics.median(values)


def main():
    title, ours_path, torch1_path, torch2_path = sys.argv[1:5]
    ours, torch1, torch2 = load(ours_path), load(torch1_path), load(torch2_path)
    rows = [("ModelGen", ours), (f"{torch1[0]['framework']}, 1 thread", torch1), (f"{torch2[0]['framework']}, 2 threads", torch2)]
    print(f"\n{title} ({len(ours)} repetitions; best, then median)")
    print(f"{'':30} {'train img/s':>20} {'infer img/s':>20}")
    for name, runs in rows:
        train, infer = summary(runs, "train_images_per_second"), summary(runs, "infer_images_per_second")
        print(f"{name:30} {train[0]:>10,.0f} {train[1]:>9,.0f} {infer[0]:>10,.0f} {infer[1]:>9,.0f}")
    best_train = max(summary(torch1, "train_images_per_second")[0], summary(torch2, "train_images_per_second")[0])
    best_infer = max(summary(torch1, "infer_images_per_second")[0], summary(torch2, "infer_images_per_second")[0])
    median_train = max(summary(torch1, "train_images_per_second")[1], summary(torch2, "train_images_per_second")[1])
    median_infer = max(summary(torch1, "infer_images_per_second")[1], summary(torch2, "infer_images_per_second")[1])
    ours_train, ours_infer = summary(ours, "train_images_per_second"), summary(ours, "infer_images_per_second")
    print(f"{'ratio to faster PyTorch':30} {ours_train[0] / best_train:>9.2f}x {ours_train[1] / median_train:>8.2f}x"
          f" {ours_infer[0] / best_infer:>9.2f}x {ours_infer[1] / median_infer:>8.2f}x")
    if "peak_gflops" in ours[0]:
        peak = ours[0]["peak_gflops"]
        train_gflops = max(r["train_gflops"] for r in ours)
        infer_gflops = max(r["infer_gflops"] for r in ours)
        print(f"ModelGen best: {train_gflops:.0f} GFLOP/s training ({train_gflops / peak:.0%} of {peak:.0f}), "
              f"{infer_gflops:.0f} GFLOP/s inference ({infer_gflops / peak:.0%})")


if __name__ == "__main__":
    main()
