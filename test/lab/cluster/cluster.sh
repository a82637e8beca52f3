#!/usr/bin/env bash
# npm run lab:cluster -- <command>: the multi-node lab. Each node is a systemd-nspawn container
# booting a real systemd (Debian bookworm, systemd 252) over an overlay of the node root
# (scripts/build-node-root.sh), in its own cgroup subtree, network namespace (a veth on the host
# bridge kts-lab0) and mount namespace, running its own containerd and the kubelet as
# kubelet.service + 10-kubeadm.conf. See README.md (next to this file).
#
#   up [--control-planes N] [--workers M] [--node-set NODE=previous,...]   (N 1-3, M 0-3)
#   down | status | exec NODE [-- COMMAND...] | stop NODE | start NODE | ip NODE | nodes
#
# State lives in $LAB_CLUSTER_DIR (/var/lib/kubeadm-ts-cluster, on the host's ext4): one folder per
# node (upper/work dirs of its root overlay, the mounted root, containerd's, the kubelet's and etcd's data, pids,
# nspawn's log) and shared/ (bound read-only at /kts-cluster in every node: the topology and the
# rendered kubeadm configuration). `down` removes all of it.
set -uo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER="$LAB/cluster"
REPO="$(cd "$LAB/../.." && pwd)"
source "$LAB/scripts/lib.sh"
[ "$(id -u)" = 0 ] || die "lab:cluster needs root"

DIR="${LAB_CLUSTER_DIR:-/var/lib/kubeadm-ts-cluster}"
BRIDGE=kts-lab0
NET_PREFIX=10.77.0
HOST_IP="$NET_PREFIX.1"
LB_IP="$NET_PREFIX.10"
CG_NAME=kubeadm-ts-cluster
NODE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
BOOT_TIMEOUT="${LAB_CLUSTER_BOOT_TIMEOUT:-120}"

# ---------------------------------------------------------------- topology
node_ip() {
  case "$1" in
    lb) echo "$LB_IP" ;;
    cp[1-9]) echo "$NET_PREFIX.1${1#cp}" ;;
    w[1-9]) echo "$NET_PREFIX.2${1#w}" ;;
    *) die "no node $1" ;;
  esac
}
machine() { echo "kts-$1"; }
nodes() { [ -f "$DIR/shared/nodes" ] && awk '{print $1}' "$DIR/shared/nodes"; }
node_field() { awk -v n="$1" -v f="$2" '$1 == n {print $f}' "$DIR/shared/nodes"; }
node_exists() { [ -f "$DIR/shared/nodes" ] && grep -q "^$1 " "$DIR/shared/nodes"; }
ndir() { echo "$DIR/nodes/$1"; }

# ---------------------------------------------------------------- cgroups
# Every hierarchy the host mounts (v1 controllers, name=systemd, unified v2): the node lives in
# kubeadm-ts-cluster/<node> in each, and nspawn gives it a cgroup namespace rooted there.
hierarchies() {
  awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/self/mounts | grep '^/sys/fs/cgroup/' | sort -u
}
cg_prepare() {
  local n="$1" h d
  for h in $(hierarchies); do
    for d in "$h/$CG_NAME" "$h/$CG_NAME/$n"; do
      [ -d "$d" ] && continue
      mkdir "$d" || return 1
      # a new cpuset cgroup has no CPUs or memory nodes; take the parent's (and let children inherit)
      if [ -f "$d/cpuset.cpus" ]; then
        cat "$(dirname "$d")/cpuset.cpus" >"$d/cpuset.cpus"
        cat "$(dirname "$d")/cpuset.mems" >"$d/cpuset.mems"
        echo 1 >"$d/cgroup.clone_children"
      fi
    done
  done
}
# removes a cgroup tree, deepest first (a cgroup goes only when no process is left in it)
cg_rmtree() { [ -d "$1" ] && find "$1" -depth -type d -exec rmdir {} + 2>/dev/null; [ ! -d "$1" ]; }
cg_remove_node() { local h; for h in $(hierarchies); do cg_rmtree "$h/$CG_NAME/$1"; done; }
cg_procs() { local h; for h in $(hierarchies); do [ -d "$h/$CG_NAME/$1" ] && find "$h/$CG_NAME/$1" -name cgroup.procs -exec cat {} + 2>/dev/null; done | sort -un; }

# ---------------------------------------------------------------- processes
nspawn_pid() { local f; f="$(ndir "$1")/nspawn.pid"; [ -f "$f" ] && pid_alive "$(cat "$f")" && cat "$f"; }
leader_pid() {
  local p c
  p="$(nspawn_pid "$1")" || return 1
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
    [ "$(cat /proc/"$c"/comm 2>/dev/null)" = systemd ] && { echo "$c"; return 0; }
  done
  return 1
}
# nexec NODE CMD...: runs CMD in the node (its namespaces and root), clean environment
nexec() {
  local n="$1" l; shift
  l="$(leader_pid "$n")" || die "node $n is not running"
  nsenter -t "$l" -m -u -i -n -p -C -r -w -- /usr/bin/env -i PATH="$NODE_PATH" HOME=/root LANG=C.UTF-8 \
    TERM="${TERM:-dumb}" KUBECONFIG=/etc/kubernetes/admin.conf "$@"
}

# ---------------------------------------------------------------- node root
# write FILE (path in the node) from stdin into the node's upper dir
put() { local f; f="$(ndir "$1")/upper$2"; mkdir -p "$(dirname "$f")"; cat >"$f"; chmod "${3:-0644}" "$f"; }
link() { local f; f="$(ndir "$1")/upper$2"; mkdir -p "$(dirname "$f")"; ln -sfn "$3" "$f"; }

# the node's overlay root, its config files, its data folders
node_create() {
  local n="$1" role="$2" set="$3" d ip ver pause
  d="$(ndir "$n")"; ip="$(node_ip "$n")"
  mkdir -p "$d"/{upper,work,root,containerd,etcd,kubelet}
  mount -t overlay overlay -o "lowerdir=$NODE_ROOTFS,upperdir=$d/upper,workdir=$d/work" "$d/root" || die "overlay for $n"
  echo "$n" | put "$n" /etc/hostname
  tr -d - </proc/sys/kernel/random/uuid | put "$n" /etc/machine-id 0444
  { printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
    awk '{printf "%s\t%s\n", $3, $1}' "$DIR/shared/nodes"; } | put "$n" /etc/hosts
  echo "nameserver $HOST_IP" | put "$n" /etc/resolv.conf
  printf '[Match]\nName=host0\n\n[Network]\nAddress=%s/24\nGateway=%s\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n' "$ip" "$HOST_IP" |
    put "$n" /etc/systemd/network/10-host0.network
  # a halt (lab:cluster stop/down) waits at most 10 s for a unit or leftover process, not 90 s
  printf '[Manager]\nDefaultTimeoutStopSec=10s\n' | put "$n" /etc/systemd/system.conf.d/10-kts.conf
  # the node preparation every node needs
  put "$n" /usr/local/sbin/kts-node-prep 0755 <"$CLUSTER/node/kts-node-prep"
  put "$n" /etc/systemd/system/kts-node-prep.service <"$CLUSTER/node/kts-node-prep.service"
  link "$n" /etc/systemd/system/sysinit.target.wants/kts-node-prep.service /etc/systemd/system/kts-node-prep.service
  if [ "$role" = lb ]; then
    lb_config | put "$n" /etc/haproxy/haproxy.cfg
    link "$n" /etc/systemd/system/multi-user.target.wants/haproxy.service /lib/systemd/system/haproxy.service
    link "$n" /etc/systemd/system/containerd.service /dev/null
    return 0
  fi
  ver="$(lab_select_set "$set"; echo "$KUBERNETES_VERSION")"
  pause="$(lab_select_set "$set"; image_ref pause)"
  # Kubernetes: the node's set of upstream binaries (bound read-only at /opt/kts/upstream)
  link "$n" /opt/kts/bin "/opt/kts/upstream/$ver/bin"
  local b
  for b in kubeadm kubelet kube-proxy e2e_kubeadm.test etcdctl; do link "$n" "/usr/bin/$b" "/opt/kts/bin/$b"; done
  link "$n" /usr/bin/kubectl "/opt/kts/upstream/$PIN_KUBERNETES_VERSION/bin/kubectl"
  link "$n" /usr/local/bin/kubeadm-ts /opt/kts/kubeadm-ts/bin/kubeadm
  echo "$set $ver" | put "$n" /etc/kts-node-set
  # containerd
  sed "s|@PAUSE_IMAGE@|$pause|" "$CLUSTER/node/containerd.toml" | put "$n" /etc/containerd/config.toml
  put "$n" /etc/systemd/system/containerd.service.d/10-kts.conf <"$CLUSTER/node/containerd-kts.conf"
  # the kubelet as kubeadm's packages install it (test/lab/systemd: kubelet.service, 10-kubeadm.conf)
  put "$n" /usr/lib/systemd/system/kubelet.service <"$LAB/systemd/kubelet.service"
  put "$n" /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf <"$LAB/systemd/10-kubeadm.conf"
  put "$n" /etc/default/kubelet <"$LAB/systemd/kubelet.env"
  link "$n" /etc/systemd/system/multi-user.target.wants/kubelet.service /usr/lib/systemd/system/kubelet.service
  # the pod network between nodes
  put "$n" /usr/local/sbin/kts-podnet 0755 <"$CLUSTER/node/kts-podnet"
  put "$n" /etc/systemd/system/kts-podnet.service <"$CLUSTER/node/kts-podnet.service"
  link "$n" /etc/systemd/system/multi-user.target.wants/kts-podnet.service /etc/systemd/system/kts-podnet.service
  mkdir -p "$d/upper/etc/cni/net.d" "$d/upper/var/lib/etcd"
}

lb_config() {
  cat <<CFG
# the lab's control-plane load balancer (as kinder's): TCP to every control-plane node's API server
global
  log /dev/log local0 warning
  maxconn 2000
defaults
  log global
  mode tcp
  option dontlognull
  timeout connect 3s
  timeout client 10m
  timeout server 10m
  default-server init-addr none
frontend control-plane
  bind *:6443
  default_backend kube-apiservers
backend kube-apiservers
  option httpchk GET /healthz
  balance roundrobin
CFG
  local n
  for n in $(nodes); do
    [ "$(node_field "$n" 2)" = control-plane ] &&
      echo "  server $n $(node_ip "$n"):6443 check check-ssl verify none inter 1s fall 2 rise 1"
  done
}

# ---------------------------------------------------------------- boot / halt
node_boot() {
  local n="$1" d set ver
  d="$(ndir "$n")"
  nspawn_pid "$n" >/dev/null && { log "$n: already running"; return 0; }
  cg_prepare "$n" || die "$n: cannot make its cgroups"
  local binds=(--bind=/dev/kmsg --bind-ro="$DIR/shared:/kts-cluster")
  if [ "$(node_field "$n" 2)" != lb ]; then
    # containerd's, the kubelet's and etcd's state on the host's ext4 (as kind's /var volume):
    # containerd's overlayfs snapshots cannot sit on the node's overlay root, and the kubelet's
    # cAdvisor needs a real block device under /var/lib/kubelet for its filesystem stats
    # the pod network's shared folder (node-kts-podnet: pod CIDRs and node IPs)
    binds+=(--bind="$DIR/podnet:/kts-podnet")
    binds+=(--bind="$d/containerd:/var/lib/containerd" --bind="$d/kubelet:/var/lib/kubelet" --bind="$d/etcd:/var/lib/etcd"
      --bind-ro="$CACHE/upstream:/opt/kts/upstream"
      # kubeadm-ts (this checkout's dist/, bundled) and the host's Node.js: `kubeadm-ts` on PATH
      --bind-ro="$REPO:/opt/kts/kubeadm-ts" --bind-ro="$(readlink -f "$(command -v node)"):/usr/local/bin/node")
  fi
  local cgs="" h
  for h in $(hierarchies); do cgs+="echo \$\$ >'$h/$CG_NAME/$n/cgroup.procs' && "; done
  echo "---- boot $(date -u +%FT%TZ)" >>"$d/nspawn.log"
  # SYSTEMD_SECCOMP=0: no seccomp filter (a privileged node, as kind's); --capability=all: every
  # capability the host's root has (it lacks CAP_SYS_RESOURCE)
  setsid bash -c "${cgs}exec env SYSTEMD_SECCOMP=0 \"\$0\" \"\$@\"" systemd-nspawn \
    --boot --quiet --keep-unit --register=no --console=passive --link-journal=no \
    --resolv-conf=off --timezone=off --capability=all \
    --machine="$(machine "$n")" --hostname="$n" --directory="$d/root" \
    --network-bridge="$BRIDGE" "${binds[@]}" </dev/null >>"$d/nspawn.log" 2>&1 &
  echo $! >"$d/nspawn.pid"
}

node_wait() {
  local n="$1" t0 st=""
  t0=$(date +%s%N)
  while :; do
    nspawn_pid "$n" >/dev/null || { tail -30 "$(ndir "$n")/nspawn.log" >&2; die "$n: systemd-nspawn exited"; }
    if leader_pid "$n" >/dev/null; then
      st="$(nexec "$n" systemctl is-system-running 2>/dev/null)"
      case "$st" in running|degraded) break ;; esac
    fi
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt "$BOOT_TIMEOUT" ] || die "$n: not booted within ${BOOT_TIMEOUT}s (state $st)"
    sleep 0.2
  done
  [ "$st" = degraded ] && log "$n: degraded: $(nexec "$n" systemctl --failed --no-legend --plain | awk '{print $1}' | tr '\n' ' ')"
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}

# imports the node's images (its set's and the pin's; a worker's without the control plane's) into
# its containerd, k8s.io namespace
node_images() {
  local n="$1" set i f sets ref have role
  set="$(node_field "$n" 4)"; role="$(node_field "$n" 2)"
  for i in $(seq 1 100); do nexec "$n" ctr version >/dev/null 2>&1 && break; sleep 0.2; done
  have="$(nexec "$n" ctr -n k8s.io images ls -q 2>/dev/null)"
  sets="current"; [ "$set" = previous ] && sets="previous current"
  for s in $sets; do
    (
      lab_select_set "$s"
      for i in $LAB_IMAGES; do
        f="$IMAGES_DIR/$i.tar"; [ -f "$f" ] || continue
        # a worker runs no control-plane Pods
        [ "$role" = worker ] && case "$i" in kube-apiserver|kube-controller-manager|kube-scheduler|etcd) continue ;; esac
        ref="$(image_ref "$i")"
        grep -qx "$ref" <<<"$have" && continue
        nexec "$n" ctr -n k8s.io images import --all-platforms "/opt/kts/upstream/$KUBERNETES_VERSION/images/$i.tar" >/dev/null ||
          die "$n: cannot import $f"
      done
    ) || return 1
  done
}

node_halt() {
  local n="$1" p l i
  p="$(nspawn_pid "$n")" || { rm -f "$(ndir "$n")/nspawn.pid"; cg_remove_node "$n"; return 0; }
  l="$(leader_pid "$n" || true)"
  kill -TERM "$p" 2>/dev/null   # nspawn asks the container's systemd for an orderly halt
  for i in $(seq 1 300); do pid_alive "$p" || break; sleep 0.1; done
  if pid_alive "$p"; then
    log "$n: no orderly halt within 30 s; killing its PID 1"
    [ -n "$l" ] && kill -KILL "$l" 2>/dev/null
    for i in $(seq 1 50); do pid_alive "$p" || break; sleep 0.1; done
    pid_alive "$p" && kill -KILL "$p" 2>/dev/null
  fi
  # whatever is left in the node's cgroups (nothing, normally: the PID namespace died with PID 1)
  local left; left="$(cg_procs "$n")"
  if [ -n "$left" ]; then log "$n: killing leftover processes $left"; kill -KILL $left 2>/dev/null; sleep 0.5; fi
  rm -f "$(ndir "$n")/nspawn.pid"
  rm -rf "/run/systemd/nspawn/propagate/$(machine "$n")" "/run/systemd/nspawn/unix-export/$(machine "$n")"
  cg_remove_node "$n" || log "$n: cgroups left: $(cg_procs "$n")"
}

# ---------------------------------------------------------------- commands
cmd_up() {
  local cps=1 ws=0 nodeset="" i
  while [ $# -gt 0 ]; do
    case "$1" in
      --control-planes) cps="$2"; shift 2 ;;
      --workers) ws="$2"; shift 2 ;;
      --node-set) nodeset="$2"; shift 2 ;;
      *) die "up: unknown argument $1" ;;
    esac
  done
  [[ "$cps" =~ ^[1-3]$ ]] || die "--control-planes must be 1-3"
  [[ "$ws" =~ ^[0-3]$ ]] || die "--workers must be 0-3"
  [ -f "$DIR/shared/nodes" ] && die "a cluster is up ($(nodes | tr '\n' ' ')): npm run lab:cluster -- down first"
  local t0; t0=$(date +%s%N)
  apt_ensure systemd-container iproute2 util-linux
  NODE_ROOTFS="$("$LAB/scripts/build-node-root.sh")" || die "no node root"
  for s in $LAB_SETS; do
    local bin; bin="$(lab_select_set "$s"; echo "$UPSTREAM_BIN")"
    [ -x "$bin/kubeadm" ] && [ -x "$bin/kubelet" ] || die "$bin: missing kubeadm/kubelet: run npm run lab:build"
  done
  mkdir -p "$DIR/shared" "$DIR/nodes" "$DIR/podnet"
  # topology: name role ip set
  {
    [ "$cps" -gt 1 ] && echo "lb lb $LB_IP -"
    for i in $(seq 1 "$cps"); do echo "cp$i control-plane $(node_ip "cp$i") current"; done
    for i in $(seq 1 "$ws"); do echo "w$i worker $(node_ip "w$i") current"; done
  } >"$DIR/shared/nodes.tmp"
  local kv
  for kv in ${nodeset//,/ }; do
    grep -q "^${kv%%=*} " "$DIR/shared/nodes.tmp" || die "--node-set: no node ${kv%%=*}"
    case "${kv#*=}" in current|previous) ;; *) die "--node-set: set must be current or previous" ;; esac
    awk -v n="${kv%%=*}" -v s="${kv#*=}" '$1 == n {$4 = s} {print}' "$DIR/shared/nodes.tmp" >"$DIR/shared/nodes.tmp2" &&
      mv "$DIR/shared/nodes.tmp2" "$DIR/shared/nodes.tmp"
  done
  mv "$DIR/shared/nodes.tmp" "$DIR/shared/nodes"
  local endpoint; endpoint="$(node_ip cp1):6443"; [ "$cps" -gt 1 ] && endpoint="$LB_IP:6443"
  echo "$endpoint" >"$DIR/shared/control-plane-endpoint"
  local cpver; cpver="$(lab_select_set "$(node_field cp1 4)"; echo "$KUBERNETES_VERSION")"
  sed -e "s|@NODE_IP@|$(node_ip cp1)|; s|@NODE_NAME@|cp1|; s|@KUBERNETES_VERSION@|$cpver|; s|@CONTROL_PLANE_ENDPOINT@|$endpoint|" \
    -e '/^# @VARS@/d' "$CLUSTER/config/init.yaml" >"$DIR/shared/init.yaml"

  # the host's side: a bridge for the nodes' veths, the host at .1
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge && ip addr add "$HOST_IP/24" dev "$BRIDGE" && ip link set "$BRIDGE" up || die "cannot make bridge $BRIDGE"
  fi
  local n
  for n in $(nodes); do node_create "$n" "$(node_field "$n" 2)" "$(node_field "$n" 4)"; done
  local tb; tb=$(date +%s%N)
  for n in $(nodes); do node_boot "$n"; done
  for n in $(nodes); do
    local ms; ms="$(node_wait "$n")" || { cmd_status >&2; die "$n did not boot"; }
    log "$n: booted in ${ms} ms"
  done
  log "all nodes booted $(( ($(date +%s%N) - tb) / 1000000 )) ms after the first boot started"
  local ti; ti=$(date +%s%N) pids=()
  for n in $(nodes); do [ "$(node_field "$n" 2)" = lb ] || { node_images "$n" & pids+=($!); }; done
  for p in "${pids[@]}"; do wait "$p" || die "image import failed"; done
  log "images imported in $(( ($(date +%s%N) - ti) / 1000000 )) ms"
  log "up in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $(nodes | tr '\n' ' ')(control-plane endpoint $endpoint; kubeadm config /kts-cluster/init.yaml in every node)"
}

cmd_down() {
  local n
  if [ -f "$DIR/shared/nodes" ]; then
    for n in $(nodes); do node_halt "$n" & done
    wait
  fi
  # any node folder (also of a failed up), its mounts, cgroups
  if [ -d "$DIR/nodes" ]; then
    for d in "$DIR"/nodes/*/; do
      [ -d "$d" ] || continue
      n="$(basename "$d")"
      [ -f "$d/nspawn.pid" ] && node_halt "$n"
      cg_remove_node "$n"
    done
  fi
  awk -v p="$DIR" '$2 == p || index($2, p "/") == 1 {print $2}' /proc/self/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" || log "cannot unmount $m"
  done
  local h
  for h in $(hierarchies); do [ -d "$h/$CG_NAME" ] && { cg_rmtree "$h/$CG_NAME" || log "cgroup $h/$CG_NAME left"; }; done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
  rm -rf "$DIR"
  rmdir /run/systemd/nspawn/propagate /run/systemd/nspawn/unix-export /run/systemd/nspawn/locks /run/systemd/nspawn 2>/dev/null
  log "cluster down"
}

cmd_status() {
  [ -f "$DIR/shared/nodes" ] || { echo "no cluster"; return 0; }
  printf '%-5s %-14s %-11s %-8s %-9s %-10s %-10s %s\n' NODE ROLE IP SET STATE CONTAINERD KUBELET MEMORY
  local n role ip set st c k mem h
  while read -r n role ip set; do
    c=-; k=-; mem=-
    if l="$(leader_pid "$n")"; then
      st="$(nexec "$n" systemctl is-system-running 2>/dev/null)"
      if [ "$role" != lb ]; then
        c="$(nexec "$n" systemctl is-active containerd 2>/dev/null)"; k="$(nexec "$n" systemctl is-active kubelet 2>/dev/null)"
      fi
      h=/sys/fs/cgroup/memory/$CG_NAME/$n
      [ -f "$h/memory.usage_in_bytes" ] && mem="$(( $(cat "$h/memory.usage_in_bytes") / 1048576 ))MiB"
    else
      st=stopped
    fi
    printf '%-5s %-14s %-11s %-8s %-9s %-10s %-10s %s\n' "$n" "$role" "$ip" "$set" "$st" "$c" "$k" "$mem"
  done <"$DIR/shared/nodes"
}

cmd_exec() {
  local n="${1:-}"; shift || true
  [ -n "$n" ] || die "exec NODE [-- COMMAND...]"
  node_exists "$n" || die "no node $n"
  [ "${1:-}" = -- ] && shift
  [ $# -eq 0 ] && set -- bash -l
  nexec "$n" "$@"
}

cmd_stop() {
  local n="${1:-}"; node_exists "$n" || die "no node $n"
  node_halt "$n"
  log "$n stopped"
}

cmd_start() {
  local n="${1:-}"; node_exists "$n" || die "no node $n"
  local ms; ms="$(node_boot "$n" && node_wait "$n")" || die "$n did not boot"
  log "$n: booted in ${ms} ms"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  up) cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  exec) cmd_exec "$@" ;;
  stop) cmd_stop "$@" ;;
  start) cmd_start "$@" ;;
  ip) node_ip "${1:?ip NODE}" ;;
  nodes) nodes ;;
  *) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [ -z "$cmd" ] || exit 2 ;;
esac
