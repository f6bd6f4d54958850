# Helpers for .ci/run: timed steps, test passes on lanes run side by side, and the closing tables.
# shellcheck shell=bash

CI_STARTED=$(date +%s)
CI_LOGS="$(mktemp -d /tmp/posts-ci-XXXXXX)"
export TEST_TIMINGS_FILE="$CI_LOGS/test-files.jsonl"
STEP_NAMES=()
STEP_SECONDS=()
STEP_RESULTS=()

# step NAME COMMAND...: runs COMMAND in the foreground, timed; a failure stops CI.
step() {
  local name="$1" started status=0
  shift
  printf '\n==> %s\n' "$name"
  started=$(date +%s)
  "$@" || status=$?
  record "$name" "$(($(date +%s) - started))" "$status"
  if [ "$status" != 0 ]; then
    printf '\n==> FAILED: %s (exit %s)\n' "$name" "$status"
    exit "$status"
  fi
}

record() {
  STEP_NAMES+=("$1")
  STEP_SECONDS+=("$2")
  STEP_RESULTS+=("$([ "$3" = 0 ] && echo ok || echo "FAILED ($3)")")
}

# Registered passes, run by run_lanes: name, lane, environment, jest arguments.
PASS_NAMES=()
PASS_LANES=()
PASS_ENVS=()
PASS_ARGS=()

# pass NAME LANE PLATFORM DATABASE POOLER PATHS JEST_ARGS: one row of .ci/run's table.
pass() {
  local name="$1" lane="$2" platform="$3" database="$4" pooler="$5" paths="$6" args="$7" env=""
  [ "$platform" != - ] && env+=" HTTP_PLATFORM=$platform"
  # PGlite, or the topology's own servers: no DATABASE_URL.
  if [ "$database" = postgres ]; then env+=" DATABASE_URL=postgres://postgres@127.0.0.1:5432/$CI_DB"; else env+=" DATABASE_URL="; fi
  [ "$pooler" = pgbouncer ] && env+=" CI_POOLER=pgbouncer"
  [ "$paths" = library ] && env+=" AUTH_FAST_SESSION_LOOKUP=false DATABASE_DIRECT_TRANSACTIONS=false"
  # CI_PASSES="a b" runs only those passes (to reproduce one pass's failure); default: all.
  [ -z "${CI_PASSES:-}" ] || [[ " $CI_PASSES " == *" $name "* ]] || return 0
  PASS_NAMES+=("$name")
  PASS_LANES+=("$lane")
  PASS_ENVS+=("$env")
  PASS_ARGS+=("$args")
}

# Runs one registered pass into its log; behind PgBouncer when its row says so.
run_pass() {
  local index="$1" name="${PASS_NAMES[$1]}" log="$CI_LOGS/${PASS_NAMES[$1]}.log" started status=0
  started=$(date +%s)
  echo "--> $name: started ($(date +%T))"
  # shellcheck disable=SC2086 # the table's environment and arguments are words on purpose
  (
    export TEST_PASS="$name" ${PASS_ENVS[$index]}
    [ -n "${DATABASE_URL:-}" ] || unset DATABASE_URL
    if [ "${CI_POOLER:-}" = pgbouncer ]; then
      # Requests through PgBouncer in transaction mode; test databases are made and migrated on the server.
      export DATABASE_DIRECT_URL="$DATABASE_URL" DATABASE_POOLER=transaction
      bash scripts/with-pgbouncer.sh bash -c \
        "DATABASE_URL=postgres://postgres@127.0.0.1:\$PGBOUNCER_PORT/$CI_DB npx jest ${PASS_ARGS[$index]}"
    else
      eval "npx jest ${PASS_ARGS[$index]}"
    fi
  ) > "$log" 2>&1 || status=$?
  echo "$(($(date +%s) - started)) $status" > "$CI_LOGS/$name.result"
  echo "--> $name: $([ "$status" = 0 ] && echo passed || echo "FAILED (exit $status)") in $(($(date +%s) - started)) s"
}

# run_lanes LANE...: runs the given lanes at once, each lane's passes one after another; then
# prints their passes' logs in table order and records each as a step. Fails when any pass failed.
run_lanes() {
  local lane index pids=() failed=0 seconds status
  for lane in "$@"; do
    (for index in "${!PASS_NAMES[@]}"; do
      [ "${PASS_LANES[$index]}" = "$lane" ] && run_pass "$index"
    done) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  for index in "${!PASS_NAMES[@]}"; do
    [[ " $* " == *" ${PASS_LANES[$index]} "* ]] || continue
    printf '\n==> pass %s (lane %s):%s jest %s\n' "${PASS_NAMES[$index]}" "${PASS_LANES[$index]}" "${PASS_ENVS[$index]}" "${PASS_ARGS[$index]}"
    cat "$CI_LOGS/${PASS_NAMES[$index]}.log"
    read -r seconds status < "$CI_LOGS/${PASS_NAMES[$index]}.result" || { seconds=0 status='no result'; }
    record "pass ${PASS_NAMES[$index]} (lane ${PASS_LANES[$index]})" "$seconds" "$status"
    [ "$status" = 0 ] || failed=1
  done
  return "$failed"
}

# The closing tables: every step's seconds, then the slowest test files of every pass.
summary() {
  local index
  printf '\n==> CI steps (lanes run side by side; total is wall-clock)\n'
  printf '%-70s %8s  %s\n' step seconds result
  for index in "${!STEP_NAMES[@]}"; do
    printf '%-70s %8s  %s\n' "${STEP_NAMES[$index]}" "${STEP_SECONDS[$index]}" "${STEP_RESULTS[$index]}"
  done
  printf '%-70s %8s\n' total "$(($(date +%s) - CI_STARTED))"
  [ -s "$TEST_TIMINGS_FILE" ] && node .ci/test-files.mjs "$TEST_TIMINGS_FILE"
  # Every pass's log was printed above.
  rm -rf "$CI_LOGS"
  return 0
}
