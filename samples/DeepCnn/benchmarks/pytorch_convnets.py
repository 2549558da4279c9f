"""SimpleConvNet and DeepConvNet of the book in PyTorch: the other side of compare-pytorch.sh.

The same layers, initialisation scale, Dropout and optimizer (Adam, lr 0.001) as
`deepcnn bench` and `modelgen-bench`, batch 100, timed the same way (warm-up, then the best
of three rounds; single-image latency as a median) on synthetic images, so that only the
arithmetic is compared. Prints one JSON line.
"""
import argparse
import json
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Shared"))
from torch_timing import batch_cycler, best_rate, capability, median_latency_us  # noqa: E402


def simple_convnet():
    return nn.Sequential(
        nn.Conv2d(1, 30, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(4320, 100), nn.ReLU(), nn.Linear(100, 10))


def deep_convnet():
    def conv(cin, cout, pad=1):
        return [nn.Conv2d(cin, cout, 3, padding=pad), nn.ReLU()]
    return nn.Sequential(
        *conv(1, 16), *conv(16, 16), nn.MaxPool2d(2),
        *conv(16, 32), *conv(32, 32, pad=2), nn.MaxPool2d(2),
        *conv(32, 64), *conv(64, 64), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(1024, 50), nn.ReLU(), nn.Dropout(0.5), nn.Linear(50, 10), nn.Dropout(0.5))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", choices=["simple", "deep"], default="deep")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    batch = 100
    images = torch.rand(2000, 1, 28, 28)
    labels = torch.randint(0, 10, (2000,))
    model = simple_convnet() if args.model == "simple" else deep_convnet()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    next_batch = batch_cycler(images, labels, batch)

    def train_step():
        model.train()
        x, t = next_batch()
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(x), t).backward()
        optimizer.step()

    def infer_step():
        model.eval()
        x, _ = next_batch()
        with torch.no_grad():
            model(x)

    def single_image(i):
        with torch.no_grad():
            model(images[i % 2000:i % 2000 + 1])

    infer = best_rate(infer_step, batch, args.seconds, warmup=10, min_calls=5)
    model.eval()
    latency = median_latency_us(single_image, args.seconds)
    train = best_rate(train_step, batch, args.seconds, warmup=10, min_calls=5)
    print(json.dumps({"framework": f"pytorch {torch.__version__}", "model": args.model, "threads": args.threads,
                      "capability": capability(torch), "train_images_per_second": round(train),
                      "infer_images_per_second": round(infer), "latency_us": round(latency, 1)}))


if __name__ == "__main__":
    main()
