#!/usr/bin/env bash
# TwoLayerNet throughput: ModelGen against PyTorch on this machine, in one run.
# Needs Debian's python3-torch (apt-get install python3-torch). Prints both and the ratios,
# taking PyTorch at its faster thread setting (1 or 2) for each of training and inference.
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds="${SECONDS_PER_ROUND:-2}"
python=/usr/bin/python3
$python -c 'import torch' 2>/dev/null || { echo "PyTorch is missing: apt-get install python3-torch" >&2; exit 1; }

dotnet build samples/Mnist -c Release -v quiet -nologo >/dev/null
ours=$(dotnet samples/Mnist/bin/Release/net10.0/mnist.dll bench --json --seconds "$seconds")
torch1=$($python samples/Mnist/benchmarks/pytorch_twolayer.py --threads 1 --seconds "$seconds")
torch2=$($python samples/Mnist/benchmarks/pytorch_twolayer.py --threads 2 --seconds "$seconds")

$python - "$ours" "$torch1" "$torch2" <<'PY'
import json, sys
ours, t1, t2 = (json.loads(a) for a in sys.argv[1:])
print(f"{'TwoLayerNet, batch 100':28} {'train img/s':>12} {'infer img/s':>12}")
print(f"{'ModelGen':28} {ours['train_images_per_second']:>12,.0f} {ours['infer_images_per_second']:>12,.0f}")
for t in (t1, t2):
    name = f"{t['framework']}, {t['threads']} thread(s)"
    print(f"{name:28} {t['train_images_per_second']:>12,.0f} {t['infer_images_per_second']:>12,.0f}")
best_train = max(t1['train_images_per_second'], t2['train_images_per_second'])
best_infer = max(t1['infer_images_per_second'], t2['infer_images_per_second'])
print(f"{'ratio to best PyTorch':28} {ours['train_images_per_second'] / best_train:>11.2f}x {ours['infer_images_per_second'] / best_infer:>11.2f}x")
PY
