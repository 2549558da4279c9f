"""Timing shared by the PyTorch sides of the compare-pytorch.sh scripts, so that every
PyTorch figure is measured the way our `bench` commands measure theirs: warm-up steps, then
the best of three rounds of at least `seconds` each, on batches cycled from one tensor."""
import time


def best_rate(step, batch, seconds, warmup, min_calls, rounds=3):
    """Images per second of `step` (one batch per call): the best of `rounds` timed rounds."""
    for _ in range(warmup):
        step()
    best = 0.0
    for _ in range(rounds):
        calls = 0
        start = time.perf_counter()
        while calls < min_calls or time.perf_counter() - start < seconds:
            step()
            calls += 1
        best = max(best, calls * batch / (time.perf_counter() - start))
    return best


def batch_cycler(images, labels, batch):
    """A function returning the next (inputs, labels) batch, going round the data."""
    batches = images.shape[0] // batch
    position = [0]

    def next_batch():
        i = position[0] % batches * batch
        position[0] += 1
        return images[i:i + batch], labels[i:i + batch]

    return next_batch
