# Sourced by the bench scripts, from the repository root, after the build: the PyTorch peer
# (Debian's 1.13 on OpenBLAS) runs the best OpenBLAS kernels for this CPU, not the Prescott
# fallback OpenBLAS 0.3.21 picks for CPUs newer than itself (src/Trainer.Coordinator/Bench/PeerBlas.cs).
kernels=$(dotnet src/Trainer.Coordinator/bin/Release/net10.0/trainer.dll info --openblas-coretype)
if [ -n "$kernels" ]; then export OPENBLAS_CORETYPE="$kernels"; fi
echo "PyTorch peer's OpenBLAS kernels: ${kernels:-OpenBLAS own choice}" >&2
