#!/usr/bin/env bash
# Makes Docker usable for the container tests and builds Trainer's image, doing only what is
# missing (quick when nothing changed):
#   1. installs docker.io, docker-compose and debootstrap (Debian's) when absent;
#   2. starts dockerd when no daemon answers (bounded wait for its socket);
#   3. makes the base image trainer-base:bookworm with debootstrap once (no image registry here);
#   4. builds deploy/Dockerfile on it (scripts/image.sh), again only on a change: the book's
#      `trainer` as trainer:dev, and a user's job, examples/FashionCnn, as trainer-fashion-cnn:dev.
# TRAINER_TEST_IMAGE and TRAINER_TEST_FASHION_CNN_IMAGE name other tags (the tests read the same
# variables): a checkout that must not replace the images another checkout's tests use on this
# daemon builds its own.
# Prints why and exits 1 when Docker cannot be had; test.sh then goes on and the container tests
# skip with that reason (tests/Trainer.MultiNode.Tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .build
log=.build/docker-setup.log
: > "$log"
# Why Docker cannot be had, for the skipped tests to say (removed again when all went well).
unavailable=.build/docker-unavailable
rm -f "$unavailable"
fail() { echo "docker-setup: $*" >&2; printf '%s\n' "$*" > "$unavailable"; exit 1; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# Several checkouts may share one daemon: one setup at a time.
exec 9> /tmp/trainer-docker-setup.lock
flock -w 600 9 || fail "another setup held /tmp/trainer-docker-setup.lock for 10 minutes"

missing=()
for p in docker.io docker-compose debootstrap; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "docker-setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >> "$log" 2>&1 \
    || { tail -20 "$log" >&2; fail "apt-get install ${missing[*]} failed: $(tail -1 "$log")"; }
fi

# Debian's engine 20.10 speaks API 1.41 at most; its own client matches it (a newer `docker`
# earlier in PATH would negotiate, but the pin keeps every tool on one version).
docker=/usr/bin/docker
export DOCKER_API_VERSION=1.41
if ! $docker info > /dev/null 2>&1; then
  echo "docker-setup: starting dockerd (log /var/log/trainer-dockerd.log)"
  # Without fd 9 (the lock): the daemon outlives this script and must not hold the lock.
  $sudo sh -c 'nohup setsid dockerd > /var/log/trainer-dockerd.log 2>&1 < /dev/null 9>&- &'
  for _ in $(seq 60); do
    $docker info > /dev/null 2>&1 && break
    sleep 1
  done
  if ! $docker info > /dev/null 2>&1; then
    tail -15 /var/log/trainer-dockerd.log >&2 || true
    fail "dockerd did not answer within 60 s; its log (/var/log/trainer-dockerd.log) ends: $(tail -3 /var/log/trainer-dockerd.log 2>/dev/null | tr '\n' ' ')"
  fi
fi

# The base: Debian 12 minbase plus libssl3 (.NET's TLS), made once and kept (labelled).
base=trainer-base:bookworm
if ! $docker image inspect "$base" > /dev/null 2>&1; then
  echo "docker-setup: making $base with debootstrap (about half a minute)"
  root=$(mktemp -d /tmp/trainer-base.XXXXXX)
  # The mirror apt uses here (deb822 sources), else debootstrap's default.
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  $sudo debootstrap --variant=minbase --include=libssl3 bookworm "$root" ${mirror:+"$mirror"} >> "$log" 2>&1 \
    || { tail -20 "$log" >&2; $sudo rm -rf "$root"; fail "debootstrap failed: $(tail -1 "$log")"; }
  $sudo rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  $sudo tar -C "$root" -c . | $docker import \
    --change 'LABEL org.trainer.base="debootstrap bookworm minbase + libssl3"' \
    --change 'CMD ["/bin/bash"]' - "$base" >> "$log"
  $sudo rm -rf "$root"
fi

./scripts/image.sh --base "$base" --tag "${TRAINER_TEST_IMAGE:-trainer:dev}"
./scripts/image.sh --base "$base" --project examples/FashionCnn/FashionCnn.csproj --tag "${TRAINER_TEST_FASHION_CNN_IMAGE:-trainer-fashion-cnn:dev}"
