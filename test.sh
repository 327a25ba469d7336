#!/usr/bin/env bash
# The one test command of RetrainFunctions. Needs only the .NET SDK and Node.js/npm.
#
#   ./test.sh                                   restore, build, start Azurite, run every test
#   ./test.sh --filter "FullyQualifiedName~Storage"   extra arguments go to `dotnet test`
#
# Steps: `npm ci` (skipped while node_modules matches package-lock.json), Debian's chromium, python3-sklearn and
# python3-pandas when missing (apt-get, as root; the dashboard's browser test and the Python side of the bench
# need them), restore and build the solution,
# start Azurite (blob, queue, table) on free ports with a throw-away data folder, run `dotnet test` with
# RETRAIN_TEST_AZURITE_CONNECTION set, then print per-project results and a final "N passed, N failed" line
# summed from the .trx files. Exits non-zero when a test failed or no test ran. Azurite is stopped by PID on
# exit, whatever happens. CONFIGURATION=Release ./test.sh tests a Release build.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
root=$PWD
configuration=${CONFIGURATION:-Debug}
results_dir=$root/TestResults/test.sh
azurite_start_timeout=60

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export OMP_WAIT_POLICY=PASSIVE

log() { printf '==> %s\n' "$*"; }
fail() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on PATH"
command -v node >/dev/null || fail "Node.js (node) is not on PATH: it runs Azurite"
command -v npm >/dev/null || fail "npm is not on PATH: it installs Azurite"

# --- Azurite, pinned in package-lock.json --------------------------------------------------------------
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.retrain-lock-sha256
if [[ -x node_modules/.bin/azurite && -f $stamp && $(<"$stamp") == "$lock_hash" ]]; then
  log "node_modules is current"
else
  log "npm ci"
  npm ci --no-audit --no-fund
  printf '%s\n' "$lock_hash" >"$stamp"
fi

# --- Debian packages the tests use, as root: chromium (the dashboard's browser test), python3-sklearn and
# python3-pandas (the Python side of `retrain bench --python` and `retrain backtest --python`) ------------------
packages=()
[[ -x /usr/bin/chromium ]] || packages+=(chromium)
/usr/bin/python3 -c 'import sklearn, pandas' 2>/dev/null || packages+=(python3-sklearn python3-pandas)
if (( ${#packages[@]} == 0 )); then
  log "chromium, python3-sklearn and python3-pandas are installed"
elif [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  log "apt-get install ${packages[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
else
  log "warning: ${packages[*]} missing and this is not root: the tests that need them will fail (install Debian's packages)"
fi

# --- Build ---------------------------------------------------------------------------------------------
log "dotnet build RetrainFunctions.sln -c $configuration"
dotnet restore RetrainFunctions.sln
dotnet build RetrainFunctions.sln --no-restore -c "$configuration"

# --- Start Azurite -------------------------------------------------------------------------------------
azurite_dir=$(mktemp -d "${TMPDIR:-/tmp}/retrain-azurite.XXXXXX")
azurite_pid=

cleanup() {
  local status=$?
  if [[ -n $azurite_pid ]] && kill -0 "$azurite_pid" 2>/dev/null; then
    kill "$azurite_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$azurite_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$azurite_pid" 2>/dev/null; then
      kill -9 "$azurite_pid" 2>/dev/null || true
    fi
    wait "$azurite_pid" 2>/dev/null || true
  fi
  rm -rf "$azurite_dir"
  exit "$status"
}
trap cleanup EXIT

# Three distinct free ports, chosen by the OS while all three listeners are open.
read -r blob_port queue_port table_port < <(node -e '
const net = require("net");
const servers = [0, 1, 2].map(() => net.createServer());
Promise.all(servers.map(s => new Promise((ok, ko) => { s.once("error", ko); s.listen(0, "127.0.0.1", () => ok(s.address().port)); })))
  .then(ports => { console.log(ports.join(" ")); servers.forEach(s => s.close()); })
  .catch(e => { console.error(e); process.exit(1); });')
[[ -n ${table_port:-} ]] || fail "could not find free ports for Azurite"

log "starting Azurite on 127.0.0.1 ports $blob_port (blob), $queue_port (queue), $table_port (table)"
mkdir -p "$azurite_dir/data"
node_modules/.bin/azurite --silent --location "$azurite_dir/data" --skipApiVersionCheck --loose --disableTelemetry \
  --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" \
  >"$azurite_dir/azurite.log" 2>&1 &
azurite_pid=$!

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
deadline=$((SECONDS + azurite_start_timeout))
for port in "$blob_port" "$queue_port" "$table_port"; do
  until port_open "$port"; do
    if ! kill -0 "$azurite_pid" 2>/dev/null; then
      cat "$azurite_dir/azurite.log" >&2
      fail "Azurite exited before listening on port $port (log above)"
    fi
    if ((SECONDS >= deadline)); then
      cat "$azurite_dir/azurite.log" >&2
      fail "Azurite did not listen on port $port within ${azurite_start_timeout}s (log above)"
    fi
    sleep 0.2
  done
done

account_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export RETRAIN_TEST_AZURITE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"

# --- Test ----------------------------------------------------------------------------------------------
rm -rf "$results_dir"
mkdir -p "$results_dir"
log "dotnet test RetrainFunctions.sln $*"
set +e
dotnet test RetrainFunctions.sln --no-build -c "$configuration" --results-directory "$results_dir" --logger trx "$@"
test_status=$?
set -e

# --- Summary from the .trx files -------------------------------------------------------------------------
summary=$(node - "$results_dir" <<'EOF'
const fs = require("fs");
const path = require("path");
const dir = process.argv[2];
const files = fs.readdirSync(dir).filter(f => f.endsWith(".trx")).sort();
const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of files) {
  const xml = fs.readFileSync(path.join(dir, file), "utf8");
  const counters = /<Counters\b([^>]*)\/?>/.exec(xml);
  const attr = name => {
    const m = counters && new RegExp(`\\b${name}="(\\d+)"`).exec(counters[1]);
    return m ? Number(m[1]) : 0;
  };
  const passed = attr("passed");
  const failed = attr("failed") + attr("error") + attr("timeout") + attr("aborted");
  const skipped = attr("notExecuted") + attr("inconclusive");
  // The test assembly: from a test's codeBase, else the adapter's "Discovering: X" line (runs without tests).
  const assembly = /\bcodeBase="([^"]+)"/.exec(xml)?.[1] ?? /Discovering: (\S+)/.exec(xml)?.[1] ?? file;
  const project = path.basename(assembly).replace(/\.dll$/i, "").replace(/^RetrainFunctions\./, "");
  const note = passed + failed + skipped === 0 ? " (no test ran)" : "";
  console.log(`  ${project}: ${passed} passed, ${failed} failed, ${skipped} skipped${note}`);
  total.passed += passed; total.failed += failed; total.skipped += skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
EOF
)
echo
echo "Test results ($results_dir):"
head -n -1 <<<"$summary"

# Reasons first, the totals line last and alone.
totals=$(tail -n 1 <<<"$summary")
read -r passed _ failed _ <<<"${totals//,/}"
status=0
if ((test_status != 0)); then
  echo "test.sh: dotnet test exited with status $test_status" >&2
  status=1
fi
if ((failed > 0)); then
  echo "test.sh: $failed test(s) failed" >&2
  status=1
fi
if ((passed + failed == 0)); then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "$totals"
exit "$status"
