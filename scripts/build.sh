#!/usr/bin/env bash
# Builds the solution in Release, skipping everything when no source changed since the last
# successful build (a stamp file records it). TRAINER_TORCH=cuda builds against TorchSharp's CUDA
# bundle instead of the CPU libtorch (not served by our registry: untested here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=.build/stamp
mkdir -p .build
# What the build reads: sources, project files, and the scripts copied next to trainer.dll
# (results, logs and plots under bench/ do not count).
inputs() {
  find src tests bench build Directory.Build.props Directory.Build.targets Directory.Packages.props Trainer.sln \
    -path '*/bin' -prune -o -path '*/obj' -prune -o \
    -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.proto' \
    -o -name '*.py' -o -name '*.sln' -o -name '*.json' \) "$@" -print 2>/dev/null
}
changed=$(inputs -newer "$stamp" | head -1 || echo yes)
# A deleted or renamed file is newer than nothing: the list of files is compared as well (a
# deleted test would otherwise still run from the last build's assembly).
files=$( (inputs || true) | LC_ALL=C sort | md5sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ -z "$changed" ] && [ "$files" = "$(cat .build/files 2>/dev/null)" ] \
  && [ "${TRAINER_TORCH:-cpu}" = "$(cat .build/torch 2>/dev/null)" ]; then
  exit 0
fi
touch .build/stamp.next
dotnet build Trainer.sln -c Release -nologo -v quiet -clp:ErrorsOnly -p:TrainerTorch="${TRAINER_TORCH:-cpu}"
mv .build/stamp.next "$stamp"
printf '%s' "${TRAINER_TORCH:-cpu}" > .build/torch
printf '%s' "$files" > .build/files
