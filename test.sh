#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Closes with one line of counts.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./scripts/setup.sh || exit 1
./scripts/build.sh || exit 1
# The container tests (tests/Trainer.MultiNode.Tests) need Docker and the image built from
# deploy/Dockerfile; without a daemon they are skipped, each saying why.
./scripts/docker-setup.sh || echo "test.sh: Docker is not usable here (see above); the container tests will be skipped" >&2

# Each test assembly writes its results to a TRX file in a folder of its own under $results
# (Directory.Build.targets: -p:TrainerTestResults), emptied first so that only this run's files
# count; scripts/trx-counts.py adds up their counters (python3 comes with setup.sh:
# python3-torch needs it; the script says what counts as failed and as skipped).
results=.build/test-results
rm -rf "$results"
dotnet test Trainer.sln -c Release --no-build -nologo -p:TrainerTestResults="$PWD/$results" --logger trx "$@"
status=$?

if ! read -r passed failed skipped < <(python3 scripts/trx-counts.py "$results"); then
  echo "test.sh: the TRX files under $results could not be read" >&2
  passed=0 failed=0 skipped=0
  status=1
fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then status=1; fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
