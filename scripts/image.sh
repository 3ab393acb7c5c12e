#!/usr/bin/env bash
# Publishes the self-contained trainer into deploy/app and builds deploy/Dockerfile from it.
#   scripts/image.sh [--base IMAGE] [--tag NAME]     (defaults: debian:bookworm-slim, trainer:latest)
# Skips both when no source changed since the image it last built and that image still exists.
# TRAINER_TORCH=cuda publishes against TorchSharp's CUDA bundle (not served here: untested).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
base=debian:bookworm-slim
tag=trainer:latest
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    *) echo "usage: scripts/image.sh [--base IMAGE] [--tag NAME]" >&2; exit 2 ;;
  esac
done
docker=$(command -v /usr/bin/docker || command -v docker)
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41}
torch=${TRAINER_TORCH:-cpu}
mkdir -p .build
stamp=.build/image-${tag//[:\/]/_}
key="$base $torch $($docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || echo none)"
changed=$(find src build deploy Directory.Build.props Directory.Build.targets Directory.Packages.props \
  -path '*/bin' -prune -o -path '*/obj' -prune -o -path deploy/app -prune -o \
  -type f -newer "$stamp" -print -quit 2>/dev/null || echo yes)
if [ -f "$stamp" ] && [ -z "$changed" ] && [ "$(cat "$stamp")" = "$key" ]; then
  exit 0
fi

touch "$stamp.next"
echo "image: publishing trainer (self-contained, linux-x64) into deploy/app"
rm -rf deploy/app
# Its own obj/bin (--artifacts-path): a RID-specific restore must not disturb the solution's build.
dotnet publish src/Trainer.Coordinator/Trainer.Coordinator.csproj -c Release -r linux-x64 --self-contained \
  -p:TrainerTorch="$torch" --artifacts-path .build/publish -o deploy/app -nologo -v quiet -clp:ErrorsOnly
echo "image: building $tag on $base"
$docker build -q --build-arg BASE_IMAGE="$base" --label org.trainer.image=1 -t "$tag" -f deploy/Dockerfile deploy > /dev/null
printf '%s' "$base $torch $($docker image inspect -f '{{.Id}}' "$tag")" > "$stamp.next"
mv "$stamp.next" "$stamp"
