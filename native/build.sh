#!/usr/bin/env bash
# Builds the native shim into native/build/ (configure once, then incremental).
# TRAINER_LIBTORCH selects another libtorch (see CMakeLists.txt); changing it reconfigures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$here/build"
stamp="$build/.libtorch"
want="${TRAINER_LIBTORCH:-}"
if [ ! -f "$build/CMakeCache.txt" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$build"
  mkdir -p "$build"
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release > "$build/configure.log" 2>&1 \
    || { cat "$build/configure.log" >&2; exit 1; }
  printf '%s' "$want" > "$stamp"
fi
if ! cmake --build "$build" -j"$(nproc)" > "$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  exit 1
fi
