#!/usr/bin/env bash
# CI's Debian packages, installed in one apt-get before any pass runs (passes run side by side):
# chromium (the Swagger UI test), pgbouncer, haproxy, PostgreSQL 15's server tools (throwaway
# clusters, pg_dump). Each script that needs one still installs it when run alone.
set -euo pipefail
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v pgbouncer > /dev/null || missing+=(pgbouncer)
command -v haproxy > /dev/null || missing+=(haproxy)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
command -v pg_dump > /dev/null || missing+=(postgresql-client-15)
[ "${#missing[@]}" = 0 ] && { echo "all present"; exit 0; }
echo "installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
