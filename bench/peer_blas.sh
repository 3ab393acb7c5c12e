# Sourced by the bench scripts, from the repository root, after the build: the PyTorch peer
# runs the OpenBLAS kernels that Trainer runs (Trainer picks them from the CPU's instruction
# sets unless OPENBLAS_CORETYPE is set; see src/Trainer.Torch/Native/OpenBlasKernels.cs).
kernels=$(dotnet src/Trainer.Coordinator/bin/Release/net10.0/trainer.dll info --openblas-coretype)
if [ -n "$kernels" ]; then export OPENBLAS_CORETYPE="$kernels"; fi
echo "OpenBLAS kernels, both sides: ${kernels:-none (another BLAS)}" >&2
