#!/usr/bin/env bash
# Installs and starts a local PostgreSQL for the tests, idempotently, and
# exports TIDEMARK_TEST_PG_URL (an account that may create one database per
# test). Sourced by test.sh after setup.sh.

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "Installing PostgreSQL"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

pg_version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | grep -q "^$pg_version main$"; then
  $SUDO pg_createcluster "$pg_version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  say "Starting PostgreSQL $pg_version"
  $SUDO pg_ctlcluster "$pg_version" main start
fi
pg_port="$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi
}
for _ in $(seq 1 30); do
  as_postgres "psql -p $pg_port -tAc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 0.5
done
if ! as_postgres "psql -p $pg_port -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'tidemark'\"" | grep -q 1; then
  as_postgres "psql -p $pg_port -qc \"CREATE ROLE tidemark LOGIN CREATEDB PASSWORD 'tidemark'\""
fi
export TIDEMARK_TEST_PG_URL="postgres://tidemark:tidemark@127.0.0.1:$pg_port/postgres"
