#!/usr/bin/env bash
# Installs the system packages Trainer needs, only those missing (quick when all are there).
set -euo pipefail

# libtorch itself comes from NuGet (TorchSharp's libtorch-cpu-linux-x64), with the build.
packages=(
  dataset-fashion-mnist # the data set `trainer train` uses
  python3-torch         # PyTorch 1.13: the reference peer in parity tests and benchmarks
  python3-numpy
  libopenblas0-openmp   # the peer's BLAS: without it Debian's PyTorch runs the reference BLAS (~30x slower sgemm)
  fonts-dejavu-core     # the figures' text: ScottPlot's SkiaSharp (no fontconfig) finds fonts only in /usr/share/fonts
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/trainer-apt.log 2>&1 \
    || { tail -30 /tmp/trainer-apt.log >&2; exit 1; }
fi

command -v dotnet > /dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
