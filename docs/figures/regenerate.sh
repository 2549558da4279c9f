#!/usr/bin/env bash
# Regenerates docs/figures: runs every command of the book's scripts that draws a figure, with
# its default (the book's) settings and seed 0, and writes each command's JSON summary to
# runs/book-json/ (the figures' numbers, for docs/book.md). Then shrinks the PNGs for the repository (ImageMagick's convert, where
# installed). Takes about five minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/figures
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
json=runs/book-json
mkdir -p "$json"
dotnet build samples/Mnist -c Release -v quiet -nologo >/dev/null
dotnet build samples/DeepCnn -c Release -v quiet -nologo >/dev/null
mnist="dotnet samples/Mnist/bin/Release/net10.0/mnist.dll"
deepcnn="dotnet samples/DeepCnn/bin/Release/net10.0/deepcnn.dll"

for command in step-function sigmoid sig-step-compare relu mnist-show gradient-1d gradient-2d gradient-method \
               train-neuralnet layer-naive buy-apple buy-apple-orange optimizer-compare-naive optimizer-compare-mnist \
               weight-init-activation-histogram weight-init-compare batch-norm-test overfit-weight-decay overfit-dropout \
               hyperparameter-optimization; do
  echo "mnist $command" >&2
  $mnist $command --out "$raw" --json > "$json/$command.json"
done
for command in neuralnet-mnist neuralnet-mnist-batch gradient-simplenet gradcheck batch-norm-gradient-check; do
  echo "mnist $command" >&2
  $mnist $command --json > "$json/$command.json"
done
echo "deepcnn apply-filter" >&2
$deepcnn apply-filter --out "$raw" --json > "$json/apply-filter.json"
for command in gradient-check half-float-network; do
  echo "deepcnn $command" >&2
  $deepcnn $command --json > "$json/$command.json"
done
echo "deepcnn filters, misclassified (the book's published weights)" >&2
$deepcnn filters --model simple --out "$raw" > /dev/null
$deepcnn misclassified --model deep --out "$raw" > /dev/null

magick=""
for candidate in $(which -a convert 2>/dev/null); do
  if "$candidate" -version 2>/dev/null | grep -q ImageMagick; then magick=$candidate; break; fi
done
for png in "$raw"/*.png; do
  name=$(basename "$png")
  if [ -n "$magick" ]; then
    "$magick" "$png" -resize '720x720>' -colors 128 -strip "$out/$name"
  else
    cp "$png" "$out/$name"
  fi
done
ls -la "$out"
