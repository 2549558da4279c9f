"""TwoLayerNet (784-50-10, ReLU, softmax cross-entropy, SGD lr 0.1, batch 100) in PyTorch.

The PyTorch side of compare-pytorch.sh: the same network, batch and optimizer as
`mnist bench` and `modelgen-bench --model two`, timed the same way (warm-up, then the best of
three rounds; single-image latency as a median), on synthetic images so that only the
arithmetic is compared. Prints one JSON line.
"""
import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Shared"))
from torch_timing import batch_cycler, best_rate, capability, median_latency_us  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    batch = 100
    images = torch.rand(6000, 784)
    labels = torch.randint(0, 10, (6000,))
    model = torch.nn.Sequential(torch.nn.Linear(784, 50), torch.nn.ReLU(), torch.nn.Linear(50, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    next_batch = batch_cycler(images, labels, batch)

    def train_step():
        x, t = next_batch()
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), t)
        loss.backward()
        optimizer.step()

    def infer_step():
        x, _ = next_batch()
        with torch.no_grad():
            model(x)

    def single_image(i):
        with torch.no_grad():
            model(images[i % 6000:i % 6000 + 1])

    infer = best_rate(infer_step, batch, args.seconds, warmup=20, min_calls=10)
    latency = median_latency_us(single_image, args.seconds)
    train = best_rate(train_step, batch, args.seconds, warmup=20, min_calls=10)
    print(json.dumps({"framework": f"pytorch {torch.__version__}", "model": "two", "threads": args.threads,
                      "capability": capability(torch), "train_images_per_second": round(train),
                      "infer_images_per_second": round(infer), "latency_us": round(latency, 1)}))


if __name__ == "__main__":
    main()
