#!/usr/bin/env bash
# Regenerates the CLI golden files from the pinned upstream kubeadm binary (part of `npm run goldens`).
#   test/golden/cli/help/<command path with spaces as _>.txt   `<path> --help` stdout
#   test/golden/cli/commands.txt                                 every command path, one a line
# (Error texts live in test/unit/cli/bad-input.test.ts and are checked against the live binary.)
# Usage: test/golden/cli/update.sh [path-to-upstream-kubeadm]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../../lab/versions.env
source "$here/../../lab/versions.env"
K="${1:-${KUBEADM_UPSTREAM:-${KUBEADM_TS_CACHE:-$HOME/.cache/kubeadm-ts}/upstream/$KUBERNETES_VERSION/bin/kubeadm}}"
[ -x "$K" ] || { echo "upstream kubeadm not found at $K" >&2; exit 1; }
cd /tmp

# Walk the tree: sub-commands are read from "Available Commands:" and "Additional help topics:".
rm -rf "$here/help"; mkdir -p "$here/help"
: > "$here/commands.txt.tmp"
walk() {
  local path="$1"; shift
  local file="$here/help/${path// /_}.txt"
  # shellcheck disable=SC2086
  "$K" ${path#kubeadm} --help > "$file"
  echo "$path" >> "$here/commands.txt.tmp"
  local kids
  kids=$(awk '
    /^Available Commands:$/ {sect=1; next}
    /^Additional help topics:$/ {sect=2; next}
    /^$/ {sect=0}
    sect==1 && /^  [a-z]/ {print $1}
    sect==2 && /^  [a-z]/ {print $(NF_PATH_WORDS)}
  ' NF_PATH_WORDS="$(( $(wc -w <<<"$path") + 1 ))" "$file")
  local k
  for k in $kids; do
    [ "$k" = help ] && continue
    walk "$path $k"
  done
}
walk kubeadm
sort "$here/commands.txt.tmp" > "$here/commands.txt"; rm "$here/commands.txt.tmp"

echo "updated $(wc -l < "$here/commands.txt") help files"
