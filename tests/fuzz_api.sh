#!/usr/bin/env bash
# The API fuzzed against a live portal: a throwaway SQLite database under var/fuzz with the data set
# of tests/fuzz_seed.py, the portal under gunicorn on a free port of the loopback, and schemathesis
# with every check, as two callers: a community staff account and the read-only API client. Any
# 5xx, any answer that the schema does not describe, any valid request refused or invalid one
# accepted fails the run. Writes are fuzzed too: the data is thrown away.
#
#   tests/fuzz_api.sh                                  # a few minutes: CI's step
#   FUZZ_EXAMPLES=100 tests/fuzz_api.sh                # more cases per operation and caller
#   FUZZ_PHASES=coverage,fuzzing,stateful tests/fuzz_api.sh   # also every boundary of the schema
#
# The coverage phase (every boundary value of every parameter and field, whatever FUZZ_EXAMPLES
# says) takes over ten minutes on two cores, so CI leaves it out; run it before a release.
#
# Reports (JUnit, and a pytest file reproducing each failure) land in var/fuzz/report-<caller>.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="$ROOT/.venv/bin/python"
WORK="$ROOT/var/fuzz"
EXAMPLES="${FUZZ_EXAMPLES:-10}"
PHASES="${FUZZ_PHASES:-examples,fuzzing,stateful}"
SEED="${FUZZ_SEED:-20260101}"
started=$(date +%s)

rm -rf "$WORK"
mkdir -p "$WORK"
# Nothing from the developer's environment: the fuzzer's own database, broker folder and media.
unset DATABASE_URL CELERY_BROKER_URL REDIS_URL JILIN_GRID_ENV CELERY_WORKER_RUNNING
export DATABASE_URL="sqlite:///$WORK/db.sqlite3" JILIN_GRID_VAR_DIR="$WORK" MEDIA_ROOT="$WORK/media"
# The throttles would answer 429 to a fuzzer's pace: raised for this server only.
export API_USER_RATE=1000000/min API_ANON_RATE=1000000/min
# As deployed: errors answer as they would in production, not with the debug pages.
export DEBUG=0

"$PY" manage.py migrate --noinput -v 0
"$PY" tests/fuzz_seed.py >"$WORK/seed.log"
echo "Data set in $(($(date +%s) - started)) s."

# An account's API token, as an operator makes one: the command prints the key on its last line.
issue_token() {
  "$PY" manage.py api_token create --user "$1" --label "API fuzzing" | tail -n 1
}
STAFF_TOKEN="$(issue_token fuzz-staff)"
READER_TOKEN="$(issue_token fuzz-reader)"

PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
# No limit on the request line: the fuzzer's generated lists of values can be longer than gunicorn's
# 4,094 bytes, and what is tested is the portal's answer to them, not gunicorn's 414.
setsid "$PY" -m gunicorn jilin_grid.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --limit-request-line 0 --access-logfile "$WORK/access.log" --error-logfile "$WORK/server.log" &
SERVER=$!
stop_server() {
  kill -TERM -- "-$SERVER" 2>/dev/null || true
  for _ in $(seq 20); do kill -0 "$SERVER" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$SERVER" 2>/dev/null || true
}
trap stop_server EXIT
for _ in $(seq 60); do
  curl -sf -o /dev/null "$BASE/healthz" && break
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.5
done
curl -sf -o /dev/null "$BASE/healthz" || { cat "$WORK/server.log"; echo "The portal did not start." >&2; exit 1; }
curl -sf -H "Authorization: Token $STAFF_TOKEN" -o "$WORK/schema.json" "$BASE/api/schema/?format=json"

# Community staff: every operation. The read-only client: the reads (its writes answer 403 by rule,
# which the generated API tests assert for every endpoint; fuzzing them would only repeat that).
status=0
for caller in staff reader; do
  token="$STAFF_TOKEN"
  only=()
  if [ "$caller" = reader ]; then
    token="$READER_TOKEN"
    only=(--include-method GET)
  fi
  echo
  echo "=== schemathesis as $caller ($PHASES; $EXAMPLES examples per operation)"
  "$ROOT/.venv/bin/schemathesis" --config-file tests/schemathesis.toml run "$WORK/schema.json" --url "$BASE" \
    -H "Authorization: Token $token" "${only[@]}" \
    --checks all \
    --phases "$PHASES" --max-examples "$EXAMPLES" --seed "$SEED" --workers 2 \
    --request-timeout 30 --suppress-health-check all \
    --report junit,pytest --report-dir "$WORK/report-$caller" || status=$?
done

echo
echo "Fuzzed in $(($(date +%s) - started)) s; server errors in the log: $(grep -c 'Internal Server Error' "$WORK/server.log" || true)"
exit "$status"
