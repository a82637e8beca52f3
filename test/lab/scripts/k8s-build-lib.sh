# How the lab builds Kubernetes commands from the Go module proxy (sourced, not run), shared by
# build-upstream.sh and gen-gomod.sh (the pinned release) and upstream-kubeadm.sh (any release).
# Needs lib.sh (die, log) and lab_go_env first.

# The build tags of upstream's release binaries.
K8S_BUILD_TAGS="selinux,notest,grpcnotrace"

# v1.36.3 → v0.36.3, v1.38.0-beta.0 → v0.38.0-beta.0: the published staging modules of a release.
k8s_staging_version() { echo "v0.${1#v1.}"; }

# k8s_module_json VERSION: `go mod download -json` of k8s.io/kubernetes@VERSION (fetches its go.mod
# and source into GOMODCACHE). k8s_module_field VERSION FIELD: one field of it (GoMod, Dir, Info).
k8s_module_json() { go mod download -json "k8s.io/kubernetes@$1"; }
k8s_module_field() { k8s_module_json "$1" | sed -n "s/.*\"$2\": \"\\(.*\\)\".*/\\1/p"; }

# k8s_gomod_body VERSION [PACKAGE...]: the module, go, require, tool and replace lines of a go.mod
# that builds k8s.io/kubernetes@VERSION's commands from published modules: every staging module
# that release's own go.mod redirects to ./staging/... is replaced by its published
# v0.<minor>.<patch> of the same release. The caller prints the header and the module line first.
k8s_gomod_body() {
  local v="$1" kmod staging goversion t
  shift
  kmod="$(k8s_module_field "$v" GoMod)"
  [ -f "$kmod" ] || die "cannot download k8s.io/kubernetes@$v"
  staging="$(k8s_staging_version "$v")"
  goversion="$(sed -n 's/^go \(.*\)/\1/p' "$kmod")"
  echo
  echo "go ${goversion}"
  echo
  echo "require k8s.io/kubernetes ${v}"
  echo
  echo "tool ("
  for t in "$@"; do printf '\t%s\n' "$t"; done
  echo ")"
  echo
  echo "replace ("
  sed -n '/^replace (/,/^)/p' "$kmod" | awk '$2 == "=>" && $3 ~ /^\.\/staging\// {print $1}' |
    while read -r t; do printf '\t%s => %s %s\n' "$t" "$t" "$staging"; done
  echo ")"
}

# k8s_ldflags VERSION: version stamping as upstream's hack/lib/version.sh does it
# (k8s.io/component-base/version and k8s.io/client-go/pkg/version), so the binary reports VERSION
# (kubeadm's version skew checks read these). gitMinor gets upstream's "+" on a pre-release.
# buildDate is the release's time from the module proxy (reproducible builds) when its .info is
# in the module cache, else the epoch; the proxy does not tell the release commit: a fixed
# placeholder keeps output stable.
k8s_ldflags() {
  local v="$1" major minor date commit f="" pkg
  major="${v#v}"; major="${major%%.*}"
  minor="${v#v*.}"; minor="${minor%%.*}"
  case "$v" in *-*) minor+="+" ;; esac
  date="$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$GOMODCACHE/cache/download/k8s.io/kubernetes/@v/$v.info" 2>/dev/null || true)"
  date="${date:-1970-01-01T00:00:00Z}"
  commit="0000000000000000000000000000000000000000"
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    f+=" -X '$pkg.gitVersion=$v' -X '$pkg.gitMajor=$major' -X '$pkg.gitMinor=$minor'"
    f+=" -X '$pkg.gitCommit=$commit' -X '$pkg.gitTreeState=clean' -X '$pkg.buildDate=$date'"
  done
  echo "all=$f -s -w"
}

# version_at_least HAVE NEED (dotted Go versions: 1.26.8 1.27.0)
version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }

# k8s_go_toolchain VERSION: the GOTOOLCHAIN to build k8s.io/kubernetes@VERSION with: "local" when
# the installed Go satisfies its go.mod's go line; else the Go of its .go-version (the toolchain
# upstream released it with) when that satisfies the go line, else the go line's own version.
# The go command then downloads that toolchain from the module proxy (golang.org/toolchain).
# (`go mod download` of a release that needs a newer Go reports an error but still fetches it.)
k8s_go_toolchain() {
  local v="$1" json kmod zip need have gv=""
  json="$(k8s_module_json "$v" || true)"
  kmod="$(sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' <<<"$json")"
  zip="$(sed -n 's/.*"Zip": "\(.*\)".*/\1/p' <<<"$json")"
  [ -f "$kmod" ] || die "cannot download k8s.io/kubernetes@$v"
  need="$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$kmod")"
  have="$(GOTOOLCHAIN=local go env GOVERSION)"; have="${have#go}"
  if version_at_least "$have" "$need"; then echo local; return; fi
  if [ -f "$GOMODCACHE/k8s.io/kubernetes@$v/.go-version" ]; then
    gv="$(tr -d ' \n' < "$GOMODCACHE/k8s.io/kubernetes@$v/.go-version")"
  elif [ -f "$zip" ] && command -v unzip >/dev/null; then
    gv="$(unzip -p "$zip" "k8s.io/kubernetes@$v/.go-version" 2>/dev/null | tr -d ' \n' || true)"
  fi
  if [ -n "$gv" ] && version_at_least "$gv" "$need"; then echo "go$gv"; else echo "go$need"; fi
}
