#!/usr/bin/env bash
# Installs what is missing, builds in Release, and runs the `trainer` command line.
# With no arguments it runs the main job: `trainer train` with its defaults.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./scripts/setup.sh
./scripts/build.sh
if [ $# -eq 0 ]; then set -- train; fi
exec dotnet src/Trainer.Coordinator/bin/Release/net10.0/trainer.dll "$@"
