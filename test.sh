#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Closes with one line of counts.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./scripts/setup.sh || exit 1
./scripts/build.sh || exit 1
# The container tests (tests/Trainer.MultiNode.Tests) need Docker and the image built from
# deploy/Dockerfile; without a daemon they are skipped, each saying why.
./scripts/docker-setup.sh || echo "test.sh: Docker is not usable here (see above); the container tests will be skipped" >&2

log=$(mktemp)
dotnet test Trainer.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly; add them up into the closing line.
read -r passed failed skipped < <(awk '
  /(Passed|Failed|Skipped)! +- Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  f += $(i + 1) + 0
      if ($i == "Passed:")  p += $(i + 1) + 0
      if ($i == "Skipped:") s += $(i + 1) + 0
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$log")
rm -f "$log"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then status=1; fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
