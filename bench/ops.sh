#!/usr/bin/env bash
# Builds the ops benchmark, runs it and PyTorch 1.13 with the same thread count, prints a table.
# Usage: bench/ops.sh [threads]   (default 1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${1:-1}"
./scripts/build.sh > /dev/null   # the solution includes bench/Trainer.Bench.Ops and trainer (for peer_blas.sh)
source bench/peer_blas.sh
ours=$(OMP_NUM_THREADS="$threads" dotnet bench/Trainer.Bench.Ops/bin/Release/net10.0/Trainer.Bench.Ops.dll "$threads")
peer=$(OMP_NUM_THREADS="$threads" /usr/bin/python3 bench/ops_peer.py "$threads")
printf '%-20s %14s %14s %16s\n' op "ours (us)" "pytorch (us)" "pytorch/ours"
while read -r name secs; do
  p=$(awk -v n="$name" '$1 == n { print $2 }' <<< "$peer")
  if [ -n "$p" ]; then
    awk -v n="$name" -v o="$secs" -v p="$p" 'BEGIN { printf "%-20s %14.3f %14.3f %16.2f\n", n, o * 1e6, p * 1e6, p / o }'
  else
    awk -v n="$name" -v o="$secs" 'BEGIN { printf "%-20s %14.3f %14s %16s\n", n, o * 1e6, "-", "-" }'
  fi
done <<< "$ours"
