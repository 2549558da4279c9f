"""The machine's float32 GEMM peak as the comparison scripts use it: NumPy's matmul on
OpenBLAS, n = 2048, the best of several products after a warm-up. The thread count and the
OpenBLAS kernel set come from the environment (OPENBLAS_NUM_THREADS, OPENBLAS_CORETYPE), set
by all-paths.sh to match the path being measured. Prints one JSON line with the core OpenBLAS
actually chose."""
import argparse
import ctypes
import json
import time

import numpy as np


def openblas_core():
    """The kernel set OpenBLAS runs (e.g. Haswell, SkylakeX, Cooperlake), read from the loaded library."""
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "openblas" in line and line.split()[-1].endswith((".so", ".so.0", ".so.3"))})
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode(), lib.openblas_get_num_threads()
        except (OSError, AttributeError):
            continue
    return "unknown", 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2048)
    parser.add_argument("--repeat", type=int, default=6)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    a = rng.random((args.n, args.n), dtype=np.float32)
    b = rng.random((args.n, args.n), dtype=np.float32)
    c = np.empty((args.n, args.n), dtype=np.float32)
    for _ in range(2):
        np.matmul(a, b, out=c)
    best = 0.0
    for _ in range(args.repeat):
        start = time.perf_counter()
        np.matmul(a, b, out=c)
        best = max(best, 2.0 * args.n ** 3 / (time.perf_counter() - start) / 1e9)
    core, threads = openblas_core()
    print(json.dumps({"framework": "openblas", "n": args.n, "threads": threads, "core": core, "gflops": round(best, 1)}))


if __name__ == "__main__":
    main()
