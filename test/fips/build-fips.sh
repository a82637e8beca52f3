#!/usr/bin/env bash
# Builds OpenSSL's FIPS provider (fips.so, OpenSSL 3.0.8 — the validated one) and the OpenSSL
# config that makes Node's bundled OpenSSL 3.0.x load it, into
#   ${KUBEADM_TS_CACHE:-~/.cache/kubeadm-ts}/fips/
#     fips.so          the provider
#     fipsmodule.cnf   written by `openssl fipsinstall` (3.0.8's own openssl) for this fips.so
#     openssl.cnf      includes fipsmodule.cnf, names fips.so by absolute path, activates the fips
#                      and base providers, default_properties = fips=yes
#     openssl          the 3.0.8 `openssl` binary of the same build (static)
#     env.sh           `. env.sh` exports OPENSSL_CONF (all Node needs: see docs/fips.md)
# The source is the `openssl-src` crate (300.0.13+3.0.8), fetched with cargo from crates.io.
# Idempotent: a no-op when the cache holds the output of this very script; when only the config
# part of the script changed, fipsinstall and the config files are redone (1 s), not the build.
# Concurrent runs serialise on a lock; the later ones find the cache filled. Prints how long a
# build took.
set -euo pipefail

CRATE_VERSION="300.0.13+3.0.8"
CRATE_SHA256="f00789a63ec8951fcda9adb0f2258582afdcfe1b2435e332d3a859896f814f0a"
OPENSSL_VERSION="3.0.8"

CACHE="${KUBEADM_TS_CACHE:-$HOME/.cache/kubeadm-ts}"
OUT="$CACHE/fips"
LOCK="$CACHE/fips.lock"
SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
JOBS="${FIPS_BUILD_JOBS:-2}"
# Options that leave the FIPS module's sources and flags as the Security Policy's plain
# `./Configure enable-fips` builds them (fips.so comes out byte-identical); they only spare the
# shared libcrypto/libssl and what we never build.
CONFIGURE_ARGS="enable-fips no-shared no-tests no-legacy"
MAKE_TARGETS="providers/fips.so apps/openssl"

log() { echo "fips: $*" >&2; }
die() { echo "fips: error: $*" >&2; exit 1; }

# What the cache holds is current when it was made by this script's text (stamp); the binaries
# alone are current when made from the same source and options (build-stamp).
stamp="$(sha256sum "$SELF" | cut -d' ' -f1)"
build_stamp="$(echo "$CRATE_VERSION $CRATE_SHA256 $CONFIGURE_ARGS $MAKE_TARGETS" | sha256sum | cut -d' ' -f1)"
complete() {
  [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$stamp" ] &&
    [ -f "$OUT/fips.so" ] && [ -f "$OUT/fipsmodule.cnf" ] && [ -f "$OUT/openssl.cnf" ] &&
    [ -x "$OUT/openssl" ] && [ -f "$OUT/env.sh" ]
}
binaries_current() {
  [ "$(cat "$OUT/build-stamp" 2>/dev/null)" = "$build_stamp" ] && [ -f "$OUT/fips.so" ] && [ -x "$OUT/openssl" ]
}
if complete; then
  log "cached: $OUT"
  exit 0
fi

mkdir -p "$CACHE"
exec 9>"$LOCK"
if ! flock -n 9; then
  log "another build holds $LOCK; waiting for it"
  flock 9
fi
if complete; then # filled by the run we waited for
  log "cached: $OUT"
  exit 0
fi

t0=$(date +%s)
work="$(mktemp -d "$CACHE/fips-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
stage="$work/out"
mkdir -p "$stage"

if binaries_current; then
  log "fips.so and openssl are current; redoing fipsinstall and the config only"
  cp "$OUT/fips.so" "$OUT/openssl" "$OUT/build-stamp" "$stage/"
  t1=$t0 t2=$t0
else
  for tool in cargo cc make perl; do
    command -v "$tool" >/dev/null || die "$tool is needed to build the FIPS provider (not on PATH)"
  done

  # 1. The crate, with cargo (it checks the registry's checksum), then our own pin.
  crate=""
  find_crate() {
    crate="$(find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name "openssl-src-$CRATE_VERSION.crate" \
      -print -quit 2>/dev/null || true)"
  }
  find_crate
  if [ -z "$crate" ]; then
    log "fetching openssl-src $CRATE_VERSION with cargo"
    mkdir -p "$work/fetch/src"
    printf '%s\n' '[package]' 'name = "kubeadm-ts-fips-source"' 'version = "0.0.0"' 'edition = "2021"' \
      'publish = false' '[lib]' 'path = "src/lib.rs"' '[dependencies]' \
      "openssl-src = \"=${CRATE_VERSION%%+*}\"" >"$work/fetch/Cargo.toml"
    : >"$work/fetch/src/lib.rs"
    (cd "$work/fetch" && cargo fetch --quiet)
    find_crate
    [ -n "$crate" ] || die "cargo fetch did not leave openssl-src-$CRATE_VERSION.crate in the cargo cache"
  fi
  echo "$CRATE_SHA256  $crate" | sha256sum -c --quiet - || die "$crate: checksum mismatch"
  tar -xzf "$crate" -C "$work"
  src="$work/openssl-src-$CRATE_VERSION/openssl"
  grep -q '^PATCH=8$' "$src/VERSION.dat" || die "$src is not OpenSSL $OPENSSL_VERSION"

  # 2. Configure and build only the provider and the openssl app (static: no libcrypto.so).
  t1=$(date +%s)
  log "building OpenSSL $OPENSSL_VERSION $MAKE_TARGETS (./Configure $CONFIGURE_ARGS; make -j$JOBS)"
  (
    cd "$src"
    # shellcheck disable=SC2086
    ./Configure $CONFIGURE_ARGS >"$work/configure.log" 2>&1 ||
      { tail -30 "$work/configure.log" >&2; exit 1; }
    # shellcheck disable=SC2086
    { make build_generated && make -j"$JOBS" $MAKE_TARGETS; } >"$work/make.log" 2>&1 ||
      { tail -40 "$work/make.log" >&2; exit 1; }
  )
  t2=$(date +%s)
  cp "$src/providers/fips.so" "$stage/fips.so"
  cp "$src/apps/openssl" "$stage/openssl"
  strip "$stage/openssl" 2>/dev/null || true
  echo "$build_stamp" >"$stage/build-stamp"
fi

# 3. The provider's config: fipsinstall runs the module's self-tests and records its MAC.
OPENSSL_CONF=/dev/null "$stage/openssl" fipsinstall -module "$stage/fips.so" -out "$stage/fipsmodule.cnf" \
  -provider_name fips >"$work/fipsinstall.log" 2>&1 || { cat "$work/fipsinstall.log" >&2; die "fipsinstall failed"; }
grep -q 'INSTALL PASSED' "$work/fipsinstall.log" || { cat "$work/fipsinstall.log" >&2; die "fipsinstall did not pass"; }

# The config Node reads. Node 20 reads the `nodejs_conf` section of OPENSSL_CONF (the
# `openssl_conf` section with --openssl-shared-config); both name the same init, so any
# OpenSSL 3 program (openssl(1) too) given this file gets the same providers. `module` names
# fips.so by absolute path, so OPENSSL_MODULES is not needed; config_diagnostics makes a
# provider that fails to load an error instead of a silent fallback.
cat >"$stage/openssl.cnf" <<EOF
# kubeadm-ts: OpenSSL with the FIPS provider only (test/fips/build-fips.sh). Use with
#   OPENSSL_CONF=$OUT/openssl.cnf
config_diagnostics = 1
nodejs_conf = fips_init
openssl_conf = fips_init

.include $OUT/fipsmodule.cnf

# adds to the section that fipsmodule.cnf opens
[fips_sect]
module = $OUT/fips.so

[fips_init]
providers = fips_providers
alg_section = fips_algorithms

[fips_providers]
fips = fips_sect
base = fips_base

# encoders and decoders (PEM/DER keys); no algorithms
[fips_base]
activate = 1

[fips_algorithms]
default_properties = fips=yes
EOF
cat >"$stage/env.sh" <<EOF
# kubeadm-ts: source this to run Node (and so bin/kubeadm) with OpenSSL's FIPS provider.
export OPENSSL_CONF="$OUT/openssl.cnf"
EOF
echo "$stamp" >"$stage/stamp"

# 4. Swap in the complete output.
rm -rf "$OUT.old"
if [ -e "$OUT" ]; then mv "$OUT" "$OUT.old"; fi
mv "$stage" "$OUT"
rm -rf "$OUT.old"
t3=$(date +%s)
log "done in $((t3 - t0))s (fetch+unpack $((t1 - t0))s, configure+make $((t2 - t1))s, fipsinstall+config $((t3 - t2))s): $OUT"
