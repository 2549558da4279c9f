#!/usr/bin/env bash
# SimpleConvNet and DeepConvNet throughput: ModelGen against PyTorch on this machine, in one
# run. Needs Debian's python3-torch. PyTorch runs with 1 and 2 threads; the ratio is taken
# against its faster setting, separately for training and inference.
# Usage: compare-pytorch.sh [simple|deep ...]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds="${SECONDS_PER_ROUND:-3}"
python=/usr/bin/python3
models=("${@:-simple deep}")
$python -c 'import torch' 2>/dev/null || { echo "PyTorch is missing: apt-get install python3-torch" >&2; exit 1; }
dotnet build samples/DeepCnn -c Release -v quiet -nologo >/dev/null

for model in ${models[@]}; do
  ours=$(dotnet samples/DeepCnn/bin/Release/net10.0/deepcnn.dll bench --model "$model" --json --seconds "$seconds")
  torch1=$($python samples/DeepCnn/benchmarks/pytorch_convnets.py --model "$model" --threads 1 --seconds "$seconds")
  torch2=$($python samples/DeepCnn/benchmarks/pytorch_convnets.py --model "$model" --threads 2 --seconds "$seconds")
  $python - "$ours" "$torch1" "$torch2" <<'PY'
import json, sys
ours, t1, t2 = (json.loads(a) for a in sys.argv[1:])
print(f"\n{ours['model'] + ', batch 100':30} {'train img/s':>12} {'infer img/s':>12}")
print(f"{'ModelGen':30} {ours['train_images_per_second']:>12,.0f} {ours['infer_images_per_second']:>12,.0f}"
      f"   ({ours['train_gflops']:.0f} / {ours['infer_gflops']:.0f} GFLOP/s, {ours['train_gflops'] / ours['peak_gflops']:.0%} / {ours['infer_gflops'] / ours['peak_gflops']:.0%} of {ours['peak_gflops']:.0f})")
for t in (t1, t2):
    name = f"{t['framework']}, {t['threads']} thread(s)"
    print(f"{name:30} {t['train_images_per_second']:>12,.0f} {t['infer_images_per_second']:>12,.0f}")
best_train = max(t1['train_images_per_second'], t2['train_images_per_second'])
best_infer = max(t1['infer_images_per_second'], t2['infer_images_per_second'])
print(f"{'ratio to best PyTorch':30} {ours['train_images_per_second'] / best_train:>11.2f}x {ours['infer_images_per_second'] / best_infer:>11.2f}x")
PY
done
