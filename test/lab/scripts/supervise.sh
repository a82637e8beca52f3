#!/usr/bin/env bash
# Runs one lab service ($LAB_RUN/units/<name>, an executable) and restarts it when it exits,
# like systemd's Restart=always, until told to stop (TERM, or the <name>.stop flag).
# Started (detached) by the systemctl shim; records the service's pid in $LAB_RUN/pids/<name>.
set -uo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
name="$1"
unit="$LAB_RUN/units/$name"
child=""
stopping=0
on_term() {
  stopping=1
  if [ -n "$child" ]; then stop_pid "$child" "$name"; fi
  rm -f "$LAB_RUN/pids/$name"
  exit 0
}
trap on_term TERM INT
while :; do
  [ -f "$LAB_RUN/pids/$name.stop" ] && break
  echo "==== $(date -u +%FT%TZ) starting $name"
  "$unit" &
  child=$!
  echo "$child" >"$LAB_RUN/pids/$name"
  wait "$child"; code=$?
  # wait returns early (>128) when a trapped signal arrives; on_term handles that case
  [ $stopping = 1 ] && break
  echo "==== $(date -u +%FT%TZ) $name exited with $code; restarting in ${LAB_RESTART_SEC}s"
  child=""
  rm -f "$LAB_RUN/pids/$name"
  sleep "$LAB_RESTART_SEC" &
  wait $! || true
done
rm -f "$LAB_RUN/pids/$name"
