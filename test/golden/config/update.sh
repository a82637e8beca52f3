#!/bin/sh
# Regenerates the golden files of test/golden/config/ from the real upstream
# kubeadm binary (built by the lab). Usage: test/golden/config/update.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
K=${KUBEADM_UPSTREAM:-$HOME/.cache/kubeadm-ts/upstream/v1.36.3/bin/kubeadm}
[ -x "$K" ] || { echo "upstream kubeadm not found at $K" >&2; exit 1; }
HOST=$(hostname | tr 'A-Z' 'a-z')

"$K" config print init-defaults > "$HERE/print-init-defaults.yaml"
"$K" config print init-defaults --component-configs KubeletConfiguration,KubeProxyConfiguration \
  > "$HERE/print-init-defaults-component-configs.yaml"
# the node name is the host's: store a fixed placeholder
"$K" config print join-defaults | sed "s/^  name: $HOST\$/  name: golden-host/" > "$HERE/print-join-defaults.yaml"
"$K" config print reset-defaults > "$HERE/print-reset-defaults.yaml"
"$K" config print upgrade-defaults > "$HERE/print-upgrade-defaults.yaml"
"$K" config images list --kubernetes-version v1.36.2 -o yaml > "$HERE/images-list-v1.36.2.yaml"
"$K" config images list --kubernetes-version v1.36.2 -o json > "$HERE/images-list-v1.36.2.json"
"$K" config images list --kubernetes-version v1.36.2 > "$HERE/images-list-v1.36.2.txt"
"$K" config migrate --old-config "$HERE/migrate/v1beta3-all-fields.yaml" 2>/dev/null \
  > "$HERE/migrate/v1beta3-all-fields.expected.yaml"

# bad input: the error text (klog warning lines dropped) and the exit code
for f in "$HERE"/bad-input/*.yaml; do
  set +e
  out=$("$K" config validate --config "$f" 2>&1 | grep -v '^[WI][0-9]\{4\} ')
  rc=$("$K" config validate --config "$f" >/dev/null 2>&1; echo $?)
  set -e
  printf '%s\nexit code: %s\n' "$out" "$rc" > "${f%.yaml}.expected"
done

# the YAML emitter corpus, through sigs.k8s.io/yaml itself (needs Go and the module cache)
if command -v go >/dev/null 2>&1; then
  D=$(mktemp -d)
  cp "$HERE/yaml-emitter/yamlref/main.go" "$HERE/yaml-emitter/yamlref/go.mod" "$D/"
  (cd "$D" && GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off \
     GOMODCACHE=${GOMODCACHE_KUBEADM_TS:-$HOME/.cache/kubeadm-ts/go/mod} go build -o yamlref . ) && {
    : > "$HERE/yaml-emitter/expected.txt"
    while IFS= read -r l; do printf '%s' "$l" | "$D/yamlref" >> "$HERE/yaml-emitter/expected.txt"; echo "=====" >> "$HERE/yaml-emitter/expected.txt"; done \
      < "$HERE/yaml-emitter/cases.jsonl"
  }
  rm -rf "$D"
fi
echo "goldens updated"
