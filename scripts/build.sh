#!/usr/bin/env bash
# Builds the shim and the solution in Release, skipping everything when no source changed
# since the last successful build (a stamp file records it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=.build/stamp
mkdir -p .build
changed=$(find native src tests bench Directory.Build.props Directory.Packages.props Trainer.sln \
  -path '*/bin' -prune -o -path '*/obj' -prune -o -path native/build -prune -o \
  -type f -newer "$stamp" -print -quit 2>/dev/null || echo yes)
if [ -f "$stamp" ] && [ -z "$changed" ] && [ "${TRAINER_LIBTORCH:-}" = "$(cat .build/libtorch 2>/dev/null)" ]; then
  exit 0
fi
touch .build/stamp.next
./native/build.sh
dotnet build Trainer.sln -c Release -nologo -v quiet -clp:ErrorsOnly -p:SkipNativeBuild=true
mv .build/stamp.next "$stamp"
printf '%s' "${TRAINER_LIBTORCH:-}" > .build/libtorch
