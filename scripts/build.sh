#!/usr/bin/env bash
# Builds the solution in Release. Always runs MSBuild and lets its own incrementality decide what
# to redo (deleted, moved and renamed files included); a build with nothing to do takes a few
# seconds. TRAINER_TORCH=cuda builds against TorchSharp's CUDA bundle instead of the CPU libtorch
# (not served by our registry: untested here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet build Trainer.sln -c Release -nologo -v quiet -clp:ErrorsOnly -clp:NoSummary \
  -p:TrainerTorch="${TRAINER_TORCH:-cpu}"
