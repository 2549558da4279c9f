#!/usr/bin/env bash
# TwoLayerNet throughput: ModelGen against PyTorch on this machine, in one run.
# Needs Debian's python3-torch (apt-get install python3-torch). The three measurements
# (ours, PyTorch with 1 thread, with 2 threads) are interleaved REPEAT times, so that a busy
# spell on a shared machine hits all sides alike; the report compares best and median.
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds="${SECONDS_PER_ROUND:-2}"
repeat="${REPEAT:-3}"
python=/usr/bin/python3
$python -c 'import torch' 2>/dev/null || { echo "PyTorch is missing: apt-get install python3-torch" >&2; exit 1; }
dotnet build samples/Mnist -c Release -v quiet -nologo >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((i = 1; i <= repeat; i++)); do
  dotnet samples/Mnist/bin/Release/net10.0/mnist.dll bench --json --seconds "$seconds" 2>/dev/null >> "$out/ours"
  $python samples/Mnist/benchmarks/pytorch_twolayer.py --threads 1 --seconds "$seconds" >> "$out/torch1"
  $python samples/Mnist/benchmarks/pytorch_twolayer.py --threads 2 --seconds "$seconds" >> "$out/torch2"
done
$python samples/Shared/compare_report.py "TwoLayerNet, batch 100, SGD" "$out/ours" "$out/torch1" "$out/torch2"
