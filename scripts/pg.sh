#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (nothing is kept, nothing listens beyond this
# computer: a unix socket in the cluster's own temporary folder and 127.0.0.1 on a free port).
#
#   eval "$(bash scripts/pg.sh start)"   start; prints the export lines of
#                                        LAWDESK_TEST_PG (a superuser URL over the socket)
#                                        and LAWDESK_PG_DIR (the cluster's folder)
#   bash scripts/pg.sh stop [DIR]        stop the cluster in DIR (default $LAWDESK_PG_DIR)
#                                        and delete its folder
#
# initdb and pg_ctl refuse to run as root: as root they run as the `postgres` user, in a
# folder owned by it. When initdb is missing, Debian's `postgresql` package is installed with
# apt-get. Connections over the socket are trusted (the folder is only the cluster's); over
# 127.0.0.1 a password is needed (scram-sha-256). Durability is switched off (fsync=off):
# this cluster holds test data only.
set -euo pipefail

log() { echo "pg.sh: $*" >&2; }

find_bin() {
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
  done
  return 1
}

install_postgresql() {
  command -v apt-get >/dev/null 2>&1 || { log "initdb not found and no apt-get to install PostgreSQL"; return 1; }
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  log "initdb not found: installing Debian's postgresql package"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends postgresql >&2
}

# Run a PostgreSQL program as the postgres user when we are root (it refuses root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
EOF
}

start() {
  local initdb pg_ctl dir port url attempt
  initdb=$(find_bin initdb) || { install_postgresql && initdb=$(find_bin initdb); } || {
    log "cannot find or install initdb"; return 1; }
  pg_ctl=$(find_bin pg_ctl) || pg_ctl="$(dirname "$initdb")/pg_ctl"
  [ -x "$pg_ctl" ] || { log "pg_ctl not found beside $initdb"; return 1; }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    log "running as root but there is no postgres user to run initdb as"; return 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/lawdesk-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  if ! as_pg "$initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1; then
    log "initdb failed:"; cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1
  fi
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-k $dir -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >&2; then
      url="postgresql:///postgres?host=$dir&port=$port&user=postgres"
      echo "$url" >"$dir/url"
      log "PostgreSQL running in $dir (socket there, 127.0.0.1:$port)"
      printf 'export LAWDESK_TEST_PG=%q\nexport LAWDESK_PG_DIR=%q\n' "$url" "$dir"
      return 0
    fi
    log "start on port $port failed (attempt $attempt)"; tail -n 5 "$dir/server.log" >&2 || true
  done
  rm -rf "$dir"
  return 1
}

stop() {
  local dir=${1:-${LAWDESK_PG_DIR:-}} pg_ctl
  [ -n "$dir" ] || { log "stop: which cluster? (give its folder or set LAWDESK_PG_DIR)"; return 1; }
  case "$dir" in */lawdesk-pg.*) ;; *) log "stop: $dir is not a folder made by pg.sh"; return 1 ;; esac
  if [ -d "$dir/data" ]; then
    pg_ctl=$(find_bin pg_ctl) || { log "pg_ctl not found"; return 1; }
    as_pg "$pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "用法：scripts/pg.sh start | stop [DIR]" >&2; exit 2 ;;
esac
