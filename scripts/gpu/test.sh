#!/usr/bin/env bash
# Runs ON the GPU machine lent by the workplace's `device` tool, over the bundle that
# scripts/gpu/pack.sh made here (.gpu/, carried). Builds the native shim against that machine's
# CUDA libtorch (the one inside its PyTorch), drops it next to every managed build, then:
#   scripts/gpu/test.sh tests [xunit args]   every test assembly (closing line: the counts);
#                                            TESTS=Trainer.Distributed picks one
#   scripts/gpu/test.sh trainer ARGS...      the trainer command line, e.g. train --devices cuda:0
#   scripts/gpu/test.sh exec CMD...          any command with that set up, e.g. bench/train/bench.sh 5 256 1 cuda:0
# Logs and results go to $OUT when set (the device tool brings that folder back).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bundle=.gpu
out=${OUT:-/tmp/trainer-gpu}
mkdir -p "$out"

export DOTNET_ROOT=/tmp/dotnet DOTNET_ROLL_FORWARD=Major DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PATH="$DOTNET_ROOT:$PATH"
if [ ! -x "$DOTNET_ROOT/dotnet" ]; then
  mkdir -p "$DOTNET_ROOT" && tar -C "$DOTNET_ROOT" -xJf "$bundle/dotnet-runtime.tar.xz" || exit 1
fi
tar -xJf "$bundle/bins.tar.xz" || exit 1
mkdir -p /usr/share/datasets/fashion-mnist && cp -u "$bundle"/fashion-mnist/*.gz /usr/share/datasets/fashion-mnist/

python=$(command -v python3)
export TRAINER_PYTHON="$python"   # the PyTorch peer of the parity tests: this machine's PyTorch
export TRAINER_LIBTORCH TRAINER_GLOO_INCLUDE="$PWD/$bundle/gloo-include"
TRAINER_LIBTORCH=$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))') || exit 1
"$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "gpus", torch.cuda.device_count())'
nvidia-smi -L

if ! ./native/build.sh > /tmp/native-build.log 2>&1 || [ ! -f native/build/libtrainer_native.so ]; then
  cp /tmp/native-build.log "$out/"
  grep -E 'error' /tmp/native-build.log | head -60
  echo "native build failed; log in $out/native-build.log" >&2
  exit 1
fi
# Every copy of the shim the managed build made (peer programs in subfolders too) is replaced.
find tests src -path '*/bin/Release/*' -name libtrainer_native.so -exec cp native/build/libtrainer_native.so {} \;

mode=${1:-tests}; shift || true
case "$mode" in
  tests)
    total=0 failed=0 skipped=0 status=0
    for project in tests/${TESTS:-*}.Tests; do
      name=$(basename "$project") bin="$project/bin/Release/net10.0"
      # Run the runner from the test's own folder: tests find their fixtures, peer programs and
      # scripts through AppContext.BaseDirectory, which is the runner's folder.
      cp --update=none "$bundle"/xunit/* "$bin/"
      dotnet "$bin/xunit.console.dll" "$bin/$name.dll" -nocolor "$@" \
        2>&1 | tee "$out/$name.log" | grep -E '\[FAIL\]|Total:|Error Message|^\s+(Assert|System|Trainer)\.' | head -80
      [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
      read -r t f s < <(grep -oE 'Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+' "$out/$name.log" \
        | awk -F'[:,] *' '{ print $2, $4 + $6, $8 }')
      total=$((total + ${t:-0})) failed=$((failed + ${f:-1})) skipped=$((skipped + ${s:-0}))
    done
    echo "Tests: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
    exit "$status" ;;
  trainer)
    exec dotnet src/Trainer.Coordinator/bin/Release/net10.0/trainer.dll "$@" ;;
  exec)
    BENCH_NO_BUILD=1 exec "$@" ;;
  *) echo "usage: scripts/gpu/test.sh tests|trainer|exec ..." >&2; exit 2 ;;
esac
