#!/usr/bin/env bash
# The full comparison on this machine: TwoLayerNet, SimpleConvNet and DeepConvNet x training and
# inference x every instruction-set path the CPU has, ModelGen against PyTorch 1.13 pinned to
# the same path (1 and N threads; the faster counts), ONNX Runtime on the same exported model
# and threads (inference), and the machine's OpenBLAS sgemm peak for the path, all in one run.
# Every measurement of a repetition runs back to back, path after path, so a busy spell on a
# shared machine hits all sides alike; the report gives medians over the repetitions.
#
# Usage: all-paths.sh [--paths avx512,avx2,portable] [--models two,simple,deep]
#                     [--repeat 3] [--seconds 1] [--threads N] [--out DIR]
# Needs Debian's python3-torch, python3-numpy and libopenblas0-pthread. See paths.sh for what
# each path sets. Raw JSON lines stay in DIR (default runs/bench-DATE), with speed.png, the
# picture of the run (modelgen-bench chart DIR draws it again).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../../.."
source "$here/paths.sh"

paths="$(supported_paths)"
models="two simple deep"
repeat=3
seconds=1
threads=$(nproc)
out="runs/bench-$(date +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --paths) paths="${2//,/ }"; shift 2 ;;
    --models) models="${2//,/ }"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) sed -n '2,14p' "$0"; exit 2 ;;
  esac
done
for p in $paths; do path_env "$p" >/dev/null; done

python=/usr/bin/python3
$python -c 'import torch, numpy' 2>/dev/null || { echo "PyTorch or NumPy is missing: apt-get install python3-torch python3-numpy libopenblas0-pthread" >&2; exit 1; }
dotnet build samples/Benchmarks -c Release -v quiet -nologo >/dev/null
bench=samples/Benchmarks/bin/Release/net10.0/modelgen-bench.dll
mkdir -p "$out"
# PyTorch with one thread and with ours; the report takes the faster (one thread often wins on
# small networks, where its threading costs more than it gains).
torch_threads="1"
if [ "$threads" != 1 ]; then torch_threads="1 $threads"; fi

torch_script() {
  case "$1" in
    two) echo "samples/Mnist/benchmarks/pytorch_twolayer.py" ;;
    *) echo "samples/DeepCnn/benchmarks/pytorch_convnets.py --model $1" ;;
  esac
}

{
  # Family and model too: virtual machines often name the CPU only by brand ("AMD EPYC").
  echo "{\"cpu\": \"$(lscpu | sed -n 's/^Model name: *//p') (family $(lscpu | sed -n 's/^CPU family: *//p'), model $(lscpu | sed -n 's/^Model: *//p'))\", \"cores\": $(nproc), \"threads\": $threads,"
  echo " \"flags\": \"$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|fma|avx512f|avx512bw|avx512vl|avx512_bf16|avx512_fp16|amx_bf16|amx_tile|avx_vnni)$' | tr '\n' ' ' | sed 's/ $//')\","
  echo " \"l2\": \"$(lscpu | sed -n 's/^L2 cache: *//p')\", \"hypervisor\": \"$(lscpu | sed -n 's/^Hypervisor vendor: *//p')\","
  echo " \"dotnet\": \"$(dotnet --version)\", \"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\", \"load_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo " \"repeat\": $repeat, \"seconds\": $seconds}"
} | tr -d '\n' > "$out/machine.json"
echo >> "$out/machine.json"

for ((i = 1; i <= repeat; i++)); do
  for p in $paths; do
    read -r -a envs <<< "$(path_env "$p")"
    echo "repetition $i/$repeat, $p (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    env "${envs[@]}" OPENBLAS_NUM_THREADS="$threads" $python "$here/sgemm_peak.py" >> "$out/$p-peak.jsonl"
    peak=$(tail -1 "$out/$p-peak.jsonl" | $python -c 'import json,sys; print(json.load(sys.stdin)["gflops"])')
    for m in $models; do
      line=$(env "${envs[@]}" dotnet "$bench" --model "$m" --threads "$threads" --seconds "$seconds" --peak-gflops "$peak" --json 2>/dev/null)
      got=$(echo "$line" | $python -c 'import json,sys; print(json.load(sys.stdin)["path"])')
      if [ "$got" != "$p" ]; then
        echo "asked for the $p path but ModelGen ran $got: the runtime ignored the switch" >&2
        exit 1
      fi
      echo "$line" >> "$out/$p-$m-ours.jsonl"
      for t in $torch_threads; do
        # OpenBLAS (PyTorch's Linear layers) gets the same thread count as ATen.
        # shellcheck disable=SC2046
        env "${envs[@]}" OPENBLAS_NUM_THREADS="$t" $python $(torch_script "$m") --threads "$t" --seconds "$seconds" >> "$out/$p-$m-torch$t.jsonl"
      done
    done
  done
done
echo "{\"load_after\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >> "$out/machine.json"

$python "$here/all_paths_report.py" "$out"
dotnet "$bench" chart "$out" >/dev/null && echo "chart: $out/speed.png"
