#!/usr/bin/env bash
# Runs a command with PgBouncer (transaction pooling, deploy/pgbouncer/pgbouncer.ini) in front of
# a PostgreSQL server, then stops it and removes its files. The command gets PGBOUNCER_PORT.
#   PGBOUNCER_SERVER=127.0.0.1:5432 bash scripts/with-pgbouncer.sh npm run test:e2e
# Installs Debian's pgbouncer when missing. PgBouncer refuses to run as root: it runs as `postgres`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SERVER="${PGBOUNCER_SERVER:-127.0.0.1:5432}"

if ! command -v pgbouncer > /dev/null; then
  echo "with-pgbouncer: installing pgbouncer (apt-get)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer > /dev/null
fi

PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
DIR="$(mktemp -d /tmp/posts-pgbouncer-XXXXXX)"
cleanup() {
  if [ -f "$DIR/pgbouncer.pid" ]; then kill "$(cat "$DIR/pgbouncer.pid")" 2> /dev/null || true; fi
  sleep 0.2
  rm -rf "$DIR"
}
trap cleanup EXIT

echo '"postgres" ""' > "$DIR/userlist.txt"
# pgbouncer reads its files as postgres, who may not reach the checkout (a clone in a mode-700 folder).
cp "$ROOT/deploy/pgbouncer/pgbouncer.ini" "$DIR/deploy-pgbouncer.ini"
cat > "$DIR/pgbouncer.ini" <<INI
[databases]
* = host=${SERVER%:*} port=${SERVER#*:}
[pgbouncer]
%include $DIR/deploy-pgbouncer.ini
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir = $DIR
auth_type = trust
auth_file = $DIR/userlist.txt
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
INI

as_postgres() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$DIR" && runuser -u postgres -- "$@"; else "$@"; fi; }
as_postgres pgbouncer -d "$DIR/pgbouncer.ini"
for _ in $(seq 50); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { cat "$DIR/pgbouncer.log" >&2; exit 1; }
echo "with-pgbouncer: PgBouncer $(pgbouncer --version | sed -n 1p | cut -d' ' -f2) on 127.0.0.1:$PORT in front of $SERVER" >&2

PGBOUNCER_PORT="$PORT" "$@"
