#!/usr/bin/env bash
# Runs docker-compose.yml's clustered topology as plain processes on this machine, for machines without a Docker
# engine, and drives it end to end through the HTTP API:
#
#   1. a private PostgreSQL on loopback and the schema through `mtlattack db init`;
#   2. two silo processes built from silo/MtlAttack.Silo, one labelled cuda (the compose file's silo-gpu) and one cpu
#      (silo-cpu), configured through the same MtlAttack__Silo__* variables the compose file sets; checks that both
#      join over PostgreSQL membership and that the gateway list a client reads holds both;
#   3. the API (client/MtlAttack.Api) with the compose file's `api` environment: clustered client of the silos,
#      tenants in the same PostgreSQL, the blob folder the silos read uploaded checkpoints from;
#   4. a tenant (`mtlattack tenants create`), a tiny model (`mtlattack train`) uploaded through the remote CLI with the
#      default accelerator cuda, which must be placed on silo-gpu (GET /v1/models/{id}, its `silo`);
#   5. an evaluation starts (fgsm,pgd x total,dgba x eps 4,8, --max-samples 16, batches of 4, one adversarial example
#      saved per cell) and, part-way through,
#      silo-gpu is stopped (SIGTERM); the cluster must mark it dead and, with no cuda silo left and no CPU fallback,
#      the evaluation must wait (running, no progress); a replacement cuda silo (silo-gpu-2, new ports) joins, the
#      evaluation must complete through the API with batchesDone == batchesTotal, the model must now be on
#      silo-gpu-2, and the markdown report, a `reports compare` and the adversarial examples (written by the cuda silo
#      into the shared blob folder, served by the API) are fetched; then the model is deleted and its upload is gone.
#
# Ports differ per process (one host here, one container each there), all picked free on 127.0.0.1, and silos
# advertise 127.0.0.1. No OpenTelemetry collector runs here, so the *__Telemetry__OtlpEndpoint variables are left out.
# Everything started (processes, PostgreSQL, temporary folders except the logs) is removed on exit, failed or not.
#
# Usage: deploy/run-topology.sh [--no-build] [--keep]
#   --no-build  use what an earlier run built (in $ARTIFACTS)
#   --keep      once the API is up, leave the cluster running until Enter is pressed (then run the rest)
# Environment: ARTIFACTS (build output, default /tmp/mtlattack-topology), CONFIGURATION (default Debug).
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${ARTIFACTS:-/tmp/mtlattack-topology}
configuration=${CONFIGURATION:-Debug}
build=1 keep=0
for argument in "$@"; do
  case $argument in
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    *) echo "unknown option $argument; use --no-build or --keep" >&2; exit 2 ;;
  esac
done

started_at=$SECONDS
logs=$(mktemp -d /tmp/mtlattack-topology-logs.XXXXXX)
# Training output, the blob folder shared by the API and the silos (the compose file's `blobs` volume), reports.
work=$(mktemp -d /tmp/mtlattack-topology-work.XXXXXX)
declare -A pids=()
source "$repo/deploy/private-postgres.sh"

# ---------------------------------------------------------------------------------------------------------------------
# Plumbing: cleanup, failure, SQL, HTTP, waiting.

stop_all() {
  for name in "${!pids[@]}"; do kill "${pids[$name]}" 2>/dev/null; done
  for name in "${!pids[@]}"; do wait "${pids[$name]}" 2>/dev/null; done
  private_postgres_stop
  rm -rf "$work"
}
trap stop_all EXIT
# A Ctrl-C or kill of the script still runs the EXIT trap (bash skips it on an untrapped signal).
trap 'exit 130' INT TERM

fail() {
  echo "FAILED: $*" >&2
  for log in "$logs"/*.log; do echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; done
  exit 1
}

sql() { psql -X -q -At -h 127.0.0.1 -p "$PRIVATE_POSTGRES_PORT" -U postgres -d mtlattack -c "$1"; }

bin_of() { echo "$artifacts/bin/$1/${configuration,,}"; }

# Helpers that run inside $(...) report on stderr and return non-zero; only the main shell calls fail (and exits).
free_port() { private_postgres_free_port; }

# The CLI: local commands (db, tenants, train) as they are, remote ones with the API's address and the tenant's key.
cli() { dotnet "$(bin_of MtlAttack.Cli)/mtlattack.dll" "$@"; }
remote() { cli --server "$api_url" --api-key "$api_key" "$@"; }

# GET on the API as the tenant; prints the body, or says what went wrong and returns 1 on any non-2xx answer.
api_get() {
  local body
  body=$(curl -sS --fail-with-body -H "X-Api-Key: $api_key" "$api_url$1") || { echo "GET $1: $body" >&2; return 1; }
  echo "$body"
}

# Fails unless every process we started is still running (one that died would make any later wait time out).
check_alive() {
  for name in "${!pids[@]}"; do kill -0 "${pids[$name]}" 2>/dev/null || fail "$name exited (while waiting for: $1)"; done
}

# Waits until SQL returns EXPECTED (a minute at most).
wait_for() {
  local what=$1 query=$2 expected=$3 value=""
  for _ in $(seq 1 120); do
    value=$(sql "$query")
    [ "$value" = "$expected" ] && { echo "ok: $what"; return 0; }
    check_alive "$what"
    sleep 0.5
  done
  fail "$what (last answer '$value', wanted '$expected')"
}

# Waits until a process's log shows LINE (two minutes at most): the host started every service, the dashboard included.
wait_for_log() {
  local name=$1 line=$2
  for _ in $(seq 1 240); do
    grep -q "$line" "$logs/$name.log" && { echo "ok: $name logged '$line'"; return 0; }
    kill -0 "${pids[$name]}" 2>/dev/null || fail "$name exited before logging '$line'"
    sleep 0.5
  done
  fail "$name did not log '$line'"
}

# ---------------------------------------------------------------------------------------------------------------------
# The processes of docker-compose.yml.

declare -A silo_ports=()

# One silo process with the compose file's silo environment: NAME ACCELERATOR (ports are picked free).
start_silo() {
  local name=$1 accelerator=$2 silo_port gateway_port dashboard_port
  silo_port=$(free_port) && gateway_port=$(free_port) && dashboard_port=$(free_port) || fail "no free ports for $name"
  MtlAttack__Silo__Mode=clustered \
  MtlAttack__Silo__Postgres="$postgres" \
  MtlAttack__Silo__ClusterId=mtlattack \
  MtlAttack__Silo__ServiceId=mtlattack \
  MtlAttack__Silo__Accelerator="$accelerator" \
  MtlAttack__Silo__SiloPort="$silo_port" \
  MtlAttack__Silo__GatewayPort="$gateway_port" \
  MtlAttack__Silo__Dashboard__Port="$dashboard_port" \
  MtlAttack__Silo__AdvertisedAddress=127.0.0.1 \
  MtlAttack__Silo__AllowTorchScript=false \
    dotnet "$(bin_of MtlAttack.Silo)/MtlAttack.Silo.dll" >"$logs/$name.log" 2>&1 &
  pids[$name]=$!
  silo_ports[$name]=$silo_port
  silo_ports[$name.gateway]=$gateway_port
  echo "started $name (accelerator $accelerator, silo port $silo_port, gateway $gateway_port, dashboard $dashboard_port): pid ${pids[$name]}, log $logs/$name.log"
}

# SIGTERM (what `docker compose stop` sends) and wait for the process to end: a graceful shutdown leaves the cluster.
stop_process() {
  local name=$1
  kill -TERM "${pids[$name]}"; wait "${pids[$name]}" 2>/dev/null; unset "pids[$name]"
}

# The API with the compose file's `api` environment; ASPNETCORE_URLS on a free loopback port instead of 0.0.0.0:8080.
start_api() {
  local port
  port=$(free_port) || fail "no free port for the API"
  api_url=http://127.0.0.1:$port
  ASPNETCORE_URLS=$api_url \
  MtlAttack__Client__Mode=clustered \
  MtlAttack__Client__Postgres="$postgres" \
  MtlAttack__Client__ClusterId=mtlattack \
  MtlAttack__Client__ServiceId=mtlattack \
  MtlAttack__Api__Tenants__Postgres="$postgres" \
  MtlAttack__Api__BlobPath="$blobs" \
    dotnet "$(bin_of MtlAttack.Api)/MtlAttack.Api.dll" >"$logs/api.log" 2>&1 &
  pids[api]=$!
  echo "started api on $api_url (blobs in $blobs): pid ${pids[api]}, log $logs/api.log"
  for _ in $(seq 1 240); do
    curl -sf "$api_url/v1/health" >/dev/null && { echo "ok: GET /v1/health answers"; return 0; }
    check_alive "the API to answer"
    sleep 0.5
  done
  fail "the API did not answer GET /v1/health"
}

# ---------------------------------------------------------------------------------------------------------------------
# The end-to-end steps.

build_all() {
  echo "building the silo, the API and the CLI ($configuration) into $artifacts..."
  for project in silo/MtlAttack.Silo client/MtlAttack.Api client/MtlAttack.Cli; do
    dotnet build "$repo/$project" -c "$configuration" --artifacts-path "$artifacts" -v quiet -nologo >"$logs/build.log" 2>&1 \
      || fail "dotnet build $project (see $logs/build.log)"
  done
}

start_cluster() {
  start_silo silo-gpu cuda
  start_silo silo-cpu cpu
  wait_for_log silo-gpu "Application started"
  wait_for_log silo-cpu "Application started"

  wait_for "both silos are active in the PostgreSQL membership table" \
    "SELECT count(*) FROM mtlattack_membership WHERE deployment_id = 'mtlattack' AND status = 3" 2
  # What an Orleans client (the API) reads to find gateways.
  local expected
  expected=$(printf '%s\n' "${silo_ports[silo-gpu.gateway]}" "${silo_ports[silo-cpu.gateway]}" | sort -n | paste -sd,)
  wait_for "the gateway list holds both silos" \
    "SELECT string_agg(proxy_port::text, ',' ORDER BY proxy_port) FROM mtlattack_membership WHERE deployment_id = 'mtlattack' AND status = 3 AND proxy_port > 0" \
    "$expected"
  print_membership
}

# The membership table, each row named after the process that owns its port.
print_membership() {
  local name names="CASE port"
  for name in "${!silo_ports[@]}"; do
    [[ $name == *.gateway ]] || names+=" WHEN ${silo_ports[$name]} THEN '$name'"
  done
  names+=" END"
  echo "membership (status 3 = active, 6 = dead):"
  sql "SELECT '  ' || rpad($names, 11) || address || ':' || port || ' gateway ' || proxy_port || ' status ' || status FROM mtlattack_membership ORDER BY start_time"
}

# A tenant as an operator creates one (straight in the database), and a tiny checkpoint to upload.
prepare_tenant_and_model() {
  api_key=$(cli tenants create demo --postgres "$postgres" -q) || fail "mtlattack tenants create demo"
  [ -n "$api_key" ] || fail "mtlattack tenants create -q printed no key"
  echo "ok: tenant demo created (key of ${#api_key} characters)"
  echo "training a tiny model (1 epoch on 40 synthetic 32x32 images)..."
  cli train --dataset synthetic:count=40,size=32,seed=1 --epochs 1 --out "$work/model" >"$logs/train.log" 2>&1 \
    || fail "mtlattack train (see $logs/train.log)"
  echo "ok: trained $work/model"
}

# Uploads with the default accelerator (cuda): placement must choose the cuda-labelled silo, never the cpu one.
upload_model() {
  remote models upload --model "$work/model" --name tiny | sed 's/^/  /' || fail "mtlattack models upload"
  [ -n "$(find "$blobs" -name weights.safetensors)" ] || fail "the upload left no weights under the shared blob folder $blobs"
  expect_model_on silo-gpu
}

# The compose file leaves TorchScript off: an upload of one (a fixture PyTorch made) is refused naming the setting,
# and nothing of it stays registered or on disk.
refuse_torchscript() {
  local out
  if out=$(remote models upload --model "$repo/tests/fixtures/torchscript/nyu3-scripted" --name byo 2>&1); then
    fail "a TorchScript upload was accepted although the silos do not allow TorchScript: $out"
  fi
  grep -q "MtlAttack:Silo:AllowTorchScript" <<<"$out" || fail "the TorchScript refusal does not name the setting: $out"
  api_get /v1/models | jq -e 'all(.[]; .id != "byo")' >/dev/null || fail "the refused TorchScript model is listed"
  [ -z "$(find "$blobs/models" -name 'model.pt')" ] || fail "the refused TorchScript upload left its file in $blobs/models"
  echo "ok: a TorchScript upload is refused where the operator has not allowed it"
}

# GET /v1/models/tiny must name silo NAME (a silo address reads 127.0.0.1:PORT@GENERATION).
expect_model_on() {
  local name=$1 model silo
  model=$(api_get /v1/models/tiny) || fail "GET /v1/models/tiny"
  silo=$(jq -r '.silo // empty' <<<"$model")
  [[ $silo == "127.0.0.1:${silo_ports[$name]}@"* ]] \
    || fail "model tiny is on '$silo', wanted $name (127.0.0.1:${silo_ports[$name]}): $model"
  echo "ok: model tiny (accelerator $(jq -r .accelerator <<<"$model")) is loaded on $name: silo $silo, device $(jq -r .device <<<"$model")"
}

start_evaluation() {
  local output
  output=$(remote evaluations start --model tiny --dataset synthetic:count=40,size=32,seed=1 --algorithms fgsm,pgd \
    --objectives total,dgba --eps 4,8 --max-samples 16 --batch-size 4 --save-adversarial 1) || fail "mtlattack evaluations start: $output"
  echo "$output" | sed 's/^/  /'
  evaluation=$(sed -n "s/^Started evaluation \([^ ]*\) .*/\1/p" <<<"$output")
  [ -n "$evaluation" ] || fail "found no evaluation id in: $output"
}

# Sets state, finished and total from GET /v1/evaluations/{id} (polling is also what resumes an evaluation whose grain
# moved with a dead silo, besides the grain's one-minute reminder).
read_evaluation() {
  local body
  body=$(api_get "/v1/evaluations/$evaluation") || fail "GET /v1/evaluations/$evaluation"
  read -r state finished total <<<"$(jq -r '"\(.state) \(.batchesDone) \(.batchesTotal)"' <<<"$body")"
  error=$(jq -r '.error // empty' <<<"$body")
  waiting=$(jq -r '.waiting // empty' <<<"$body")
}

# Waits until at least one batch is done but not all: the silo must die with work both behind and ahead of it.
wait_part_way() {
  local state finished total error waiting
  for _ in $(seq 1 600); do
    read_evaluation
    [ "$state" = running ] || fail "evaluation $evaluation is $state ($finished/$total batches) before silo-gpu could be stopped"
    [ "$finished" -ge 1 ] && { echo "ok: evaluation part-way: $finished/$total batches done"; return 0; }
    check_alive "the first batch"
    sleep 0.2
  done
  fail "evaluation $evaluation did not finish a batch in two minutes"
}

# SIGTERM silo-gpu, which holds the model and the attack grains; the cluster must mark it dead.
stop_gpu_silo() {
  echo "stopping silo-gpu (SIGTERM) with the evaluation running..."
  stop_process silo-gpu
  wait_for "the stopped silo is marked dead" "SELECT count(*) FROM mtlattack_membership WHERE port = ${silo_ports[silo-gpu]} AND status = 6" 1
  print_membership
}

# With no cuda silo left and no CPU fallback (the compose file's setting), nothing may run the model: the evaluation
# must wait, still running, and make no progress (no batch may slip onto silo-cpu behind the placement rule's back).
expect_waiting() {
  local state finished total error waiting before
  sleep 2
  read_evaluation
  before=$finished
  sleep 4
  read_evaluation
  [ "$state" = running ] || fail "with no cuda silo the evaluation is $state ($finished/$total batches): $error"
  [ "$finished" -eq "$before" ] || fail "with no cuda silo batches still finished ($before -> $finished): they ran on a CPU silo"
  [ -n "$waiting" ] || fail "the waiting evaluation's status does not say why it waits"
  echo "ok: no cuda silo: the evaluation waits, running, at $finished/$total batches; it says: $waiting"
}

# A replacement cuda silo joins; the waiting evaluation must find the model there and finish.
start_replacement_silo() {
  start_silo silo-gpu-2 cuda
  wait_for_log silo-gpu-2 "Application started"
  wait_for "the replacement silo is active" "SELECT count(*) FROM mtlattack_membership WHERE port = ${silo_ports[silo-gpu-2]} AND status = 3" 1
}

# Polls through the API until the evaluation ends (five minutes at most); it must end completed with every batch.
wait_completed() {
  local state finished total error waiting last=""
  for _ in $(seq 1 300); do
    read_evaluation
    [ "$state $finished" != "$last" ] && { echo "  evaluation $state: $finished/$total batches"; last="$state $finished"; }
    case $state in
      completed)
        [ "$finished" -eq "$total" ] && [ "$total" -gt 0 ] || fail "evaluation completed with $finished of $total batches"
        batches="$finished/$total"
        echo "ok: evaluation completed after silo-gpu was stopped: batchesDone $finished == batchesTotal $total"
        return 0 ;;
      running) ;;
      *) fail "evaluation $evaluation ended $state ($finished/$total batches): $error" ;;
    esac
    check_alive "the evaluation to complete"
    sleep 1
  done
  fail "evaluation $evaluation did not complete in five minutes ($finished/$total batches)"
}

fetch_reports() {
  remote evaluations report "$evaluation" --format md --out "$work/report.md" >/dev/null || fail "mtlattack evaluations report"
  grep -q '^| attack |' "$work/report.md" || fail "the markdown report has no attack table: $(head -n 20 "$work/report.md")"
  echo "report.md, the average-drop table:"
  # The first table whose header starts with "| attack |": the average relative drop per attack and epsilon.
  awk '/^\| attack \|/ { table = 1 } table && /^\|/ { print "  " $0; next } table { exit }' "$work/report.md"
  remote reports compare --ids "$evaluation" >"$work/compare.txt" 2>&1 || fail "mtlattack reports compare: $(cat "$work/compare.txt")"
  local rows
  rows=$(api_get "/v1/reports/compare?ids=$evaluation" | jq '.rows | length') || fail "GET /v1/reports/compare"
  [ "$rows" -eq 8 ] || fail "reports compare has $rows rows, wanted 8 (2 algorithms x 2 objectives x 2 epsilons)"
  echo "ok: reports compare has $rows rows (mtlattack reports compare:)"
  sed 's/^/  /' "$work/compare.txt"
  # Written by whichever cuda silo finished the evaluation, served by the API from the shared blob folder.
  remote evaluations adversarial "$evaluation" --out "$work/adversarial" >"$work/adversarial.txt" 2>&1 \
    || fail "mtlattack evaluations adversarial: $(cat "$work/adversarial.txt")"
  local strips
  strips=$(find "$work/adversarial" -name '*.png' | wc -l)
  [ "$strips" -eq 8 ] || fail "$strips adversarial PNG strips downloaded, wanted 8 (one per cell): $(cat "$work/adversarial.txt")"
  echo "ok: $(tail -n 1 "$work/adversarial.txt")"
}

delete_model() {
  remote models delete tiny | sed 's/^/  /' || fail "mtlattack models delete tiny"
  api_get /v1/models | jq -e 'length == 0' >/dev/null || fail "GET /v1/models still lists a model after the delete"
  [ -z "$(find "$blobs/models" -mindepth 2 -maxdepth 2 -name 'tiny.*')" ] || fail "the uploaded checkpoint of tiny is still in $blobs/models"
  echo "ok: model tiny deleted; its upload is gone from the blob folder"
}

# ---------------------------------------------------------------------------------------------------------------------

[ "$build" -eq 1 ] && build_all

private_postgres_start mtlattack || fail "could not start PostgreSQL"
postgres=$PRIVATE_POSTGRES
echo "PostgreSQL: $postgres"
# The documented schema command (psql -f deploy/postgres/*.sql does the same).
cli db init --postgres "$postgres" || fail "mtlattack db init"

blobs=$work/blobs
mkdir -p "$blobs"
start_cluster
start_api

if [ "$keep" -eq 1 ]; then
  read -r -p "cluster and API running ($api_url); press Enter to run the end-to-end check " _
fi

prepare_tenant_and_model
upload_model
refuse_torchscript
start_evaluation
wait_part_way
stop_gpu_silo
expect_waiting
start_replacement_silo
wait_completed
# The model's new activation needs a cuda silo: the replacement is the only one left.
expect_model_on silo-gpu-2
# Informational: batches that were in flight on silo-gpu and ran again elsewhere (none when the evaluation grain itself
# lived on silo-gpu: it is then reactivated by the next status poll and resumes from its batch log instead).
retried=$(cat "$logs"/silo-*.log | grep -c "failed (attempt")
evaluation_silo=$(grep -l "Evaluation $evaluation of" "$logs"/silo-*.log | xargs -r -n1 basename | sed 's/\.log$//' | paste -sd,)
echo "ok: the evaluation grain started on ${evaluation_silo:-?}; $retried batch attempt(s) failed with silo-gpu and were retried"
fetch_reports
delete_model

echo
echo "topology OK in $((SECONDS - started_at)) s: PostgreSQL, silo-gpu (cuda), silo-cpu (cpu), API; model tiny placed on"
echo "silo-gpu; silo-gpu stopped part-way, the evaluation waited with no cuda silo, then completed $batches batches"
echo "once the replacement silo-gpu-2 joined; the model moved there; its adversarial examples were downloaded and the"
echo "model deleted."
echo "(logs in $logs)"
