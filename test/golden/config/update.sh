#!/usr/bin/env bash
# Regenerates the golden files of test/golden/config/ from the pinned upstream kubeadm (built by the
# lab; KUBEADM_UPSTREAM overrides it). Part of `npm run goldens`.
#   print-*-defaults*.yaml               config print init|join|reset|upgrade-defaults
#   images-list.{txt,json,yaml}          config images list --kubernetes-version <pin>
#   images-list-previous.{txt,json,yaml} config images list --kubernetes-version <previous minor>
#   migrate/<name>.expected.yaml         config migrate --old-config migrate/<name>.yaml (stderr dropped;
#                                        v1-*.yaml with --allow-experimental-api). kubeadm.k8s.io/v1beta3
#                                        inputs (v1beta3-*.yaml) are migrated by kubeadm-ts beyond upstream
#                                        v1.37: their expected output comes from the newest upstream kubeadm
#                                        that still reads v1beta3 (the pin's, else the previous minor's,
#                                        KUBEADM_UPSTREAM_PREVIOUS), or stays as committed when neither does.
#   bad-input/<name>.expected            config validate --config bad-input/<name>.yaml
#   experimental/<name>.expected         config validate --allow-experimental-api --config experimental/<name>.yaml
#   yaml-emitter/expected.txt            the YAML emitter corpus through sigs.k8s.io/yaml (needs Go)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../lab/versions.env
source "$HERE/../../lab/versions.env"
CACHE=${KUBEADM_TS_CACHE:-$HOME/.cache/kubeadm-ts}
K=${KUBEADM_UPSTREAM:-$CACHE/upstream/$KUBERNETES_VERSION/bin/kubeadm}
KP=${KUBEADM_UPSTREAM_PREVIOUS:-$CACHE/upstream/$PREVIOUS_KUBERNETES_VERSION/bin/kubeadm}
[ -x "$K" ] || { echo "upstream kubeadm not found at $K" >&2; exit 1; }
HOST=$(hostname | tr 'A-Z' 'a-z')
cd /tmp

"$K" config print init-defaults > "$HERE/print-init-defaults.yaml"
"$K" config print init-defaults --component-configs KubeletConfiguration,KubeProxyConfiguration \
  > "$HERE/print-init-defaults-component-configs.yaml"
# the node name is the host's: store a fixed placeholder
"$K" config print join-defaults | sed "s/^  name: $HOST\$/  name: golden-host/" > "$HERE/print-join-defaults.yaml"
"$K" config print reset-defaults > "$HERE/print-reset-defaults.yaml"
"$K" config print upgrade-defaults > "$HERE/print-upgrade-defaults.yaml"
for pair in "images-list:$KUBERNETES_VERSION" "images-list-previous:$PREVIOUS_KUBERNETES_VERSION"; do
  name=${pair%%:*} v=${pair#*:}
  "$K" config images list --kubernetes-version "$v" -o yaml > "$HERE/$name.yaml"
  "$K" config images list --kubernetes-version "$v" -o json > "$HERE/$name.json"
  "$K" config images list --kubernetes-version "$v" > "$HERE/$name.txt"
done

# the migrate corpus
for f in "$HERE"/migrate/*.yaml; do
  case "$f" in *.expected.yaml) continue ;; esac
  base=$(basename "$f" .yaml)
  flags=()
  case "$base" in v1-*) flags=(--allow-experimental-api) ;; esac
  bins=("$K")
  case "$base" in v1beta3-*) [ -x "$KP" ] && bins+=("$KP") ;; esac
  done_=""
  for b in "${bins[@]}"; do
    if out=$("$b" config migrate "${flags[@]}" --old-config "$f" 2>/dev/null); then
      printf '%s\n' "$out" > "$HERE/migrate/$base.expected.yaml"
      done_=1
      [ "$b" = "$K" ] || echo "migrate/$base: from $("$b" version -o short) (the pin refuses it)" >&2
      break
    fi
  done
  [ -n "$done_" ] || echo "migrate/$base: no upstream kubeadm at hand migrates it; the committed expectation stays" >&2
done

# validate corpora: the error text (klog warning lines dropped) and the exit code
validate_corpus() {
  local dir="$1" f out rc
  shift
  for f in "$dir"/*.yaml; do
    set +e
    out=$("$K" config validate "$@" --config "$f" 2>&1 | grep -v '^[WI][0-9]\{4\} ')
    rc=$("$K" config validate "$@" --config "$f" >/dev/null 2>&1; echo $?)
    set -e
    printf '%s\nexit code: %s\n' "$out" "$rc" > "${f%.yaml}.expected"
  done
}
validate_corpus "$HERE/bad-input"
validate_corpus "$HERE/experimental" --allow-experimental-api

# the YAML emitter corpus, through sigs.k8s.io/yaml itself (needs Go and the module cache)
if command -v go >/dev/null 2>&1; then
  D=$(mktemp -d)
  cp "$HERE/yaml-emitter/yamlref/main.go" "$HERE/yaml-emitter/yamlref/go.mod" "$D/"
  (cd "$D" && GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off \
     GOMODCACHE=${GOMODCACHE_KUBEADM_TS:-$CACHE/go/mod} go build -o yamlref . ) && {
    : > "$HERE/yaml-emitter/expected.txt"
    while IFS= read -r l; do printf '%s' "$l" | "$D/yamlref" >> "$HERE/yaml-emitter/expected.txt"; echo "=====" >> "$HERE/yaml-emitter/expected.txt"; done \
      < "$HERE/yaml-emitter/cases.jsonl"
  }
  rm -rf "$D"
fi
echo "config goldens updated ($("$K" version -o short))" >&2
