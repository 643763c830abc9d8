# Shared by the scripts in this folder: paths, logging, timing.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs acorn from here
export DEBIAN_FRONTEND=noninteractive

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a named stage and records how long it took (printed by
# print_stage_times at the end).
STAGE_TIMES=()
stage() {
  local name="$1"; shift
  local start end
  start=$(date +%s)
  log "$name"
  "$@"
  end=$(date +%s)
  STAGE_TIMES+=("$(printf '%-28s %4ss' "$name" "$((end - start))")")
}
print_stage_times() {
  log "stage times"
  printf '  %s\n' "${STAGE_TIMES[@]}" >&2
}
