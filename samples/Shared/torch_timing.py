"""Timing shared by the PyTorch sides of the comparison scripts, so that every PyTorch figure
is measured the way our benchmarks measure theirs: warm-up steps, then the best of three
rounds of at least `seconds` each, on batches cycled from one tensor; single-image latency as
the median of individually timed calls."""
import statistics
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


def median_latency_us(call, seconds):
    """The median time of one call of `call(i)` in microseconds, after a short warm-up. A
    median, as modelgen-bench reports: a rare preemption would dominate a mean."""
    i = 0
    start = time.perf_counter()
    while i < 50 or time.perf_counter() - start < min(0.5, seconds / 2):
        call(i)
        i += 1
    times = []
    start = time.perf_counter()
    while len(times) < 100 or time.perf_counter() - start < seconds:
        t = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - t)
        i += 1
    return statistics.median(times) * 1e6


def batch_cycler(images, labels, batch):
    """A function returning the next (inputs, labels) batch, going round the data."""
    batches = images.shape[0] // batch
    position = [0]

    def next_batch():
        i = position[0] % batches * batch
        position[0] += 1
        return images[i:i + batch], labels[i:i + batch]

    return next_batch


def capability(torch):
    """What PyTorch runs on: ATen's CPU capability (ATEN_CPU_CAPABILITY) as its build reports it."""
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"
