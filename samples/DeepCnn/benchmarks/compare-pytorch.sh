#!/usr/bin/env bash
# SimpleConvNet and DeepConvNet throughput: ModelGen against PyTorch on this machine, in one
# run. Needs Debian's python3-torch. The three measurements (ours, PyTorch with 1 thread,
# with 2 threads) are interleaved REPEAT times, so that a busy spell on a shared machine hits
# all sides alike; the report compares best and median.
# Usage: compare-pytorch.sh [simple|deep ...]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds="${SECONDS_PER_ROUND:-3}"
repeat="${REPEAT:-3}"
python=/usr/bin/python3
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(simple deep)
$python -c 'import torch' 2>/dev/null || { echo "PyTorch is missing: apt-get install python3-torch" >&2; exit 1; }
dotnet build samples/DeepCnn -c Release -v quiet -nologo >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for model in "${models[@]}"; do
  for ((i = 1; i <= repeat; i++)); do
    dotnet samples/DeepCnn/bin/Release/net10.0/deepcnn.dll bench --model "$model" --json --seconds "$seconds" 2>/dev/null >> "$out/$model-ours"
    $python samples/DeepCnn/benchmarks/pytorch_convnets.py --model "$model" --threads 1 --seconds "$seconds" >> "$out/$model-torch1"
    $python samples/DeepCnn/benchmarks/pytorch_convnets.py --model "$model" --threads 2 --seconds "$seconds" >> "$out/$model-torch2"
  done
  $python samples/Shared/compare_report.py "$model, batch 100, Adam" "$out/$model-ours" "$out/$model-torch1" "$out/$model-torch2"
done
