#!/usr/bin/env bash
# One training epoch of the concise MLP on Fashion-MNIST (batch 256, SGD lr 0.1), ours
# against PyTorch 1.13, both on one thread, measured in the same run. Each side trains
# EPOCHS epochs (default 3) and the median epoch's samples/s is compared.
# Usage: bench/train/bench.sh [EPOCHS] [BATCH] [THREADS]   (BENCH_NO_BUILD=1 skips the build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
epochs="${1:-3}"; batch="${2:-256}"; threads="${3:-1}"
[ -n "${BENCH_NO_BUILD:-}" ] || ./scripts/build.sh > /dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

OMP_NUM_THREADS="$threads" dotnet src/Trainer.Coordinator/bin/Release/net10.0/trainer.dll train \
  --epochs "$epochs" --batch-size "$batch" --devices cpu --threads "$threads" --out "$out" > "$out/ours.log"
OMP_NUM_THREADS="$threads" /usr/bin/python3 bench/train/pytorch_epoch.py "$epochs" "$batch" "$threads" > "$out/pytorch.jsonl"

/usr/bin/python3 - "$out" "$batch" "$threads" <<'PY'
import json, statistics, sys
out, batch, threads = sys.argv[1], sys.argv[2], sys.argv[3]
ours = [e["samples_per_sec"] for e in json.load(open(f"{out}/summary.json"))["epochs"]]
theirs = [json.loads(l)["samples_per_sec"] for l in open(f"{out}/pytorch.jsonl")]
o, t = statistics.median(ours), statistics.median(theirs)
print(f"batch {batch}, {threads} thread(s), {len(ours)} epochs each")
print(f"ours    samples/s per epoch: {', '.join(f'{x:,.0f}' for x in ours)}  (median {o:,.0f})")
print(f"pytorch samples/s per epoch: {', '.join(f'{x:,.0f}' for x in theirs)}  (median {t:,.0f})")
print(f"ratio (ours / pytorch): {o / t:.2f}")
PY
