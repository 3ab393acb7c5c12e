#!/usr/bin/env bash
# Publishes a self-contained training executable into deploy/app and builds deploy/Dockerfile from
# it, with APP (the executable the image runs) set to the project's assembly name:
#   scripts/image.sh [--project PATH.csproj] [--base IMAGE] [--tag NAME]
# Defaults: src/Trainer.Coordinator/Trainer.Coordinator.csproj (the book's `trainer`),
# debian:bookworm-slim, trainer:latest. A user's own job: --project path/to/MyJob.csproj.
# Skips both when no source changed since the image it last built under this tag (from this
# project, on this base) and that image still exists.
# TRAINER_TORCH=cuda publishes against TorchSharp's CUDA bundle (not served here: untested).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
usage="usage: scripts/image.sh [--project PATH.csproj] [--base IMAGE] [--tag NAME]"
project=src/Trainer.Coordinator/Trainer.Coordinator.csproj
base=debian:bookworm-slim
tag=trainer:latest
while [ $# -gt 0 ]; do
  case "$1" in
    --project) project=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[ -f "$project" ] || { echo "image: no project file $project" >&2; echo "$usage" >&2; exit 2; }
docker=$(command -v /usr/bin/docker || command -v docker)
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41}
torch=${TRAINER_TORCH:-cpu}
mkdir -p .build
# One stamp per tag; its key names the project and base it was built from and the image's id, so
# another project under the same tag, or the tag rebuilt elsewhere (another checkout), rebuilds.
stamp=.build/image-${tag//[:\/]/_}
key="$project $base $torch $($docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || echo none)"
# The harness's sources and the project's own folder (outside src/ for a user's job).
changed=$(find src build deploy "$(dirname "$project")" Directory.Build.props Directory.Build.targets Directory.Packages.props \
  -path '*/bin' -prune -o -path '*/obj' -prune -o -path deploy/app -prune -o \
  -type f -newer "$stamp" -print -quit 2>/dev/null || echo yes)
if [ -f "$stamp" ] && [ -z "$changed" ] && [ "$(cat "$stamp")" = "$key" ]; then
  exit 0
fi

touch "$stamp.next"
app=$(dotnet msbuild "$project" -getProperty:AssemblyName -p:Configuration=Release -nologo)
[ -n "$app" ] || { echo "image: $project has no AssemblyName" >&2; exit 1; }
echo "image: publishing $app ($project; self-contained, linux-x64) into deploy/app"
rm -rf deploy/app
# Its own obj/bin (--artifacts-path): a RID-specific restore must not disturb the solution's build.
dotnet publish "$project" -c Release -r linux-x64 --self-contained \
  -p:TrainerTorch="$torch" --artifacts-path .build/publish -o deploy/app -nologo -v quiet -clp:ErrorsOnly
echo "image: building $tag (APP=$app) on $base"
$docker build -q --build-arg BASE_IMAGE="$base" --build-arg APP="$app" --label org.trainer.image=1 -t "$tag" -f deploy/Dockerfile deploy > /dev/null
printf '%s' "$project $base $torch $($docker image inspect -f '{{.Id}}' "$tag")" > "$stamp.next"
mv "$stamp.next" "$stamp"
