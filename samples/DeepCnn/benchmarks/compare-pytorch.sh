#!/usr/bin/env bash
# SimpleConvNet and DeepConvNet against PyTorch (and ONNX Runtime for inference) on one
# instruction-set path, with the OpenBLAS peak of that path measured in the same run: a
# shorthand for samples/Shared/benchmarks/all-paths.sh, which has the details.
# Usage: compare-pytorch.sh [avx512|avx2|portable|scalar ...]   (default: every path this CPU has)
# REPEAT and SECONDS_PER_ROUND set the repetitions (3) and the seconds per timed round (1).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../Shared/benchmarks/paths.sh"
paths="${*:-$(supported_paths)}"
exec "$here/../../Shared/benchmarks/all-paths.sh" --models simple,deep --paths "${paths// /,}" \
  --repeat "${REPEAT:-3}" --seconds "${SECONDS_PER_ROUND:-1}"
