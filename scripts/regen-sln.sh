#!/usr/bin/env bash
# Rebuilds Trainer.sln from every project in the tree (resolves merge conflicts in the .sln).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -f Trainer.sln
dotnet new sln -n Trainer --format sln -o . > /dev/null
find src tests bench examples -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort | xargs dotnet sln Trainer.sln add > /dev/null
