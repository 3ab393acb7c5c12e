#!/usr/bin/env bash
# One training epoch of the concise MLP on Fashion-MNIST (batch 256, SGD lr 0.1), ours
# against PyTorch (Debian's 1.13; TRAINER_PYTHON names another), both on one thread, measured
# in the same run. Each side trains EPOCHS epochs (default 3); the median epoch's samples/s is compared.
# Usage: bench/train/bench.sh [EPOCHS] [BATCH] [THREADS] [DEVICE]   (BENCH_NO_BUILD=1 skips the build)
#   DEVICE: cpu (default) or cuda:0, for both sides.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
epochs="${1:-3}"; batch="${2:-256}"; threads="${3:-1}"; device="${4:-cpu}"
python="${TRAINER_PYTHON:-/usr/bin/python3}"
[ -n "${BENCH_NO_BUILD:-}" ] || ./scripts/build.sh > /dev/null
source bench/peer_blas.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

OMP_NUM_THREADS="$threads" dotnet src/Trainer.Coordinator/bin/Release/net10.0/trainer.dll train \
  --epochs "$epochs" --batch-size "$batch" --devices "$device" --threads "$threads" --out "$out" > "$out/ours.log"
OMP_NUM_THREADS="$threads" "$python" bench/train/pytorch_epoch.py "$epochs" "$batch" "$threads" "$device" > "$out/pytorch.jsonl"

"$python" - "$out" "$batch" "$threads" "$device" <<'PY'
import json, statistics, sys
out, batch, threads, device = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
ours = [e["samples_per_sec"] for e in json.load(open(f"{out}/summary.json"))["epochs"]]
theirs = [json.loads(l)["samples_per_sec"] for l in open(f"{out}/pytorch.jsonl")]
o, t = statistics.median(ours), statistics.median(theirs)
print(f"{device}, batch {batch}, {threads} thread(s), {len(ours)} epochs each")
print(f"ours    samples/s per epoch: {', '.join(f'{x:,.0f}' for x in ours)}  (median {o:,.0f})")
print(f"pytorch samples/s per epoch: {', '.join(f'{x:,.0f}' for x in theirs)}  (median {t:,.0f})")
print(f"ratio (ours / pytorch): {o / t:.2f}")
PY
