#!/bin/bash
# A throwaway PostgreSQL cluster for the pg test suite (ctest fixture pg_cluster).
#   pg_cluster.sh start DIR   initdb into DIR/data, start on a free loopback port, create the
#                             database and user "otos" with a password, write the connection URL
#                             to DIR/url (postgresql://otos:PASSWORD@127.0.0.1:PORT/otos).
#                             otos may create databases of its own (CREATEDB).
#   pg_cluster.sh stop DIR    stop the cluster and remove DIR.
# Runs the server as user postgres when started as root. Touches nothing outside DIR.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [[ -z "$cmd" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

bin=${PG_BIN:-}
if [[ -z "$bin" ]]; then
  for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x "$candidate/initdb" ]] && bin=$candidate
  done
fi
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "pg_cluster: no PostgreSQL server binaries (apt-get install postgresql)" >&2
  exit 1
fi

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop() {
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

start() {
  stop
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  local port started=0
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_free "$port" || continue
    if as_pg "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" \
      start >/dev/null; then
      started=1
      break
    fi
  done
  if [[ $started -ne 1 ]]; then
    echo "pg_cluster: the server did not start; its log:" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
  fi
  local password
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE otos LOGIN CREATEDB PASSWORD '$password'" \
    -c "CREATE DATABASE otos OWNER otos" >/dev/null
  printf 'postgresql://otos:%s@127.0.0.1:%s/otos\n' "$password" "$port" >"$dir/url.tmp"
  mv "$dir/url.tmp" "$dir/url"
  echo "pg_cluster: $(cat "$dir/url")"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
