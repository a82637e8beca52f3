#!/usr/bin/env bash
# `npm run package`, step 2: dist/kubeadm-ts_<version>_amd64.deb from dist/kubeadm (step 1,
# scripts/package/sea.mjs), with Debian's own dpkg-deb. It holds what upstream's kubeadm package
# holds, made by our executable:
#   /usr/bin/kubeadm                                            the single executable
#   /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf   upstream's kubelet drop-in
#   /usr/share/bash-completion/completions/kubeadm              `kubeadm completion bash`
#   /usr/share/zsh/vendor-completions/_kubeadm                  `kubeadm completion zsh`
#   /usr/share/man/man1/kubeadm.1.gz                            from every command's --help
#   /usr/share/doc/kubeadm-ts/{copyright,changelog.gz}, /usr/share/lintian/overrides/kubeadm-ts
# Conflicts/Replaces/Provides: kubeadm, so it takes the place of upstream's package.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PKG=kubeadm-ts
EXE=dist/kubeadm
HERE=scripts/package
die() { echo "package: $*" >&2; exit 1; }
[ -x "$EXE" ] || die "$EXE missing: run \`npm run package\` (or node scripts/package/sea.mjs)"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found (Debian's dpkg)"

VERSION="$(node -p 'require("./package.json").version')"
ARCH="$(dpkg --print-architecture)"
[ "$ARCH" = amd64 ] || die "built on $ARCH: the package is amd64 only for now"
K8S="$("$EXE" version -o short)"; K8S="${K8S#v}"
# Reproducible: every time stamp is the last commit's (or now, outside git)
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
DATE="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)"
RFC_DATE="$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
MAINTAINER="kubeadm-ts developers <kubeadm-ts@users.noreply.github.com>"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
root="$work/root"
doc="$root/usr/share/doc/$PKG"
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/systemd/system/kubelet.service.d" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/man/man1" "$doc" "$root/usr/share/lintian/overrides"

install -m 0755 "$EXE" "$root/usr/bin/kubeadm"
# upstream's drop-in, changed as upstream's spec changes it for its .deb (Debian's /etc/default)
sed 's;/etc/sysconfig/kubelet;/etc/default/kubelet;g' "$HERE/10-kubeadm.conf" >"$root/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"
"$EXE" completion bash >"$root/usr/share/bash-completion/completions/kubeadm"
# zsh loads a file of vendor-completions as the function _kubeadm, on the first completion of
# kubeadm: it needs `#compdef` on its first line, must not run compinit again (the script does for
# `source <(kubeadm completion zsh)`; compinit is what loads this file), and that first call must
# complete too.
{
  echo "#compdef kubeadm"
  "$EXE" completion zsh | grep -v '^autoload -U +X compinit && compinit'
  echo '[[ ${funcstack[1]-} == _kubeadm ]] && _bash_complete -o default -F __start_kubeadm'
} >"$root/usr/share/zsh/vendor-completions/_kubeadm"
node "$HERE/man.mjs" "$EXE" "$VERSION" "$DATE" | gzip -9n >"$root/usr/share/man/man1/kubeadm.1.gz"
{
  echo "$PKG ($VERSION) unstable; urgency=medium"
  echo
  echo "  * kubeadm-ts $VERSION, as upstream kubeadm v$K8S."
  echo
  echo " -- $MAINTAINER  $RFC_DATE"
} | gzip -9n >"$doc/changelog.gz"
node_license=""
for f in /usr/share/doc/nodejs/LICENSE "$(dirname "$(readlink -f "$(command -v node)")")/../share/doc/node/LICENSE"; do
  [ -f "$f" ] && { node_license="$f"; break; }
done
NODE_VERSION="$(node -p process.versions.node)"
{
  cat "$HERE/copyright"
  for m in @js-sdsl/ordered-map yaml; do
    echo
    echo "License of $m ($(node -p "require('./node_modules/$m/package.json').license")):"
    sed -e 's/^[[:space:]]*$/./' -e 's/^/ /' "node_modules/$m/LICENSE"
  done
  echo
  echo "Files: usr/bin/kubeadm (the Node.js $NODE_VERSION runtime it carries)"
  echo "Copyright: Node.js contributors and the authors of the libraries Node.js bundles"
  echo "License: Node.js"
  if [ -n "$node_license" ]; then tr -d '\r' <"$node_license" | sed -e 's/^[[:space:]]*$/./' -e 's/^/ /'; else echo " See https://github.com/nodejs/node/blob/v$NODE_VERSION/LICENSE"; fi
} >"$doc/copyright"
install -m 0644 "$HERE/lintian-overrides" "$root/usr/share/lintian/overrides/$PKG"

# Depends: what the executable links against (dpkg-shlibdeps); upstream's kubeadm package (>= 1.32)
# depends on nothing else (kubernetes/release: cmd/krel/templates/latest/metadata.yaml).
mkdir -p "$work/src/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$PKG" "$PKG" >"$work/src/debian/control"
depends="$(cd "$work/src" && dpkg-shlibdeps -O --warnings=0 "$root/usr/bin/kubeadm" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies of $EXE"
installed_size="$(du -k -s --apparent-size --exclude=DEBIAN "$root" | cut -f1)"
cat >"$root/DEBIAN/control" <<CONTROL
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $installed_size
Depends: $depends
Conflicts: kubeadm
Replaces: kubeadm
Provides: kubeadm (= $K8S)
Section: admin
Priority: optional
Description: Kubernetes kubeadm (v$K8S), written in TypeScript
 kubeadm-ts is Kubernetes' kubeadm written in TypeScript: the same commands,
 phases, flags, configuration API, files on disk, API objects and join
 protocol as upstream kubeadm v$K8S. It bootstraps a secure Kubernetes
 control plane or joins a node to a cluster.
 .
 This package replaces upstream's kubeadm package: /usr/bin/kubeadm (one
 executable that carries its own Node.js runtime) and the kubelet's systemd
 drop-in that makes the kubelet read the files kubeadm writes.
CONTROL
(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +
find "$root/usr/share" -type f -exec chmod 0644 {} +
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

out="dist/${PKG}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out.tmp" >/dev/null
mv "$out.tmp" "$out"
echo "package: $out ($(du -h --apparent-size "$out" | cut -f1))"
