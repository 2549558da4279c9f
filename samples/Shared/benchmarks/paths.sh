# Sourced by the comparison scripts: the environment that puts ModelGen, PyTorch and OpenBLAS
# on one instruction-set path. `path_env PATH` prints NAME=VALUE words for `env`.
#
#   avx512    ModelGen's AVX-512 kernels; PyTorch's ATen and oneDNN at AVX-512; OpenBLAS SkylakeX.
#   avx2      DOTNET_EnableAVX512=0 (on .NET 10 the old DOTNET_EnableAVX512F=0 is ignored and
#             leaves AVX-512 on; both are set); ATEN_CPU_CAPABILITY=avx2, DNNL_MAX_CPU_ISA=AVX2;
#             OpenBLAS Haswell.
#   portable  DOTNET_EnableAVX=0 and DOTNET_EnableAVX2=0: the kernels' portable Vector<T> code on
#             128-bit SSE vectors, the width Arm's NEON gives; PyTorch at ATen "default" (no AVX)
#             and oneDNN SSE4.1; OpenBLAS Nehalem (SSE, 128-bit).
#   scalar    DOTNET_EnableHWIntrinsic=0: no hardware vectors in .NET at all, so Vector<T> is
#             emulated; no real target is like this (every x64 has SSE2, every Arm64 NEON), and
#             it is slow: not in the default list. PyTorch and OpenBLAS as for portable, with
#             OpenBLAS's lowest x86-64 kernels (Prescott).
#
# OpenBLAS is pinned on every path: left to detect this CPU, OpenBLAS 0.3.21 (Debian 12) does
# not know Emerald Rapids (family 6, model 207) and falls back to its SSE3 "Prescott" kernels,
# a quarter of the machine's speed, and PyTorch's Linear layers run on that same library.
# ONNX Runtime has no switch: it always takes the widest kernels the CPU has.

path_env() {
  case "$1" in
    avx512)   echo "ATEN_CPU_CAPABILITY=avx512 DNNL_MAX_CPU_ISA=AVX512_CORE OPENBLAS_CORETYPE=SkylakeX" ;;
    avx2)     echo "DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell" ;;
    portable) echo "DOTNET_EnableAVX=0 DOTNET_EnableAVX2=0 ATEN_CPU_CAPABILITY=default DNNL_MAX_CPU_ISA=SSE41 OPENBLAS_CORETYPE=Nehalem" ;;
    scalar)   echo "DOTNET_EnableHWIntrinsic=0 ATEN_CPU_CAPABILITY=default DNNL_MAX_CPU_ISA=SSE41 OPENBLAS_CORETYPE=Prescott" ;;
    *) echo "unknown path '$1': avx512, avx2, portable or scalar" >&2; return 1 ;;
  esac
}

# The paths this CPU can run, widest first (scalar is never listed by default).
supported_paths() {
  local flags
  flags=$(grep -m1 '^flags' /proc/cpuinfo)
  local paths=()
  [[ " $flags " == *" avx512f "* ]] && paths+=(avx512)
  [[ " $flags " == *" avx2 "* && " $flags " == *" fma "* ]] && paths+=(avx2)
  paths+=(portable)
  echo "${paths[*]}"
}
