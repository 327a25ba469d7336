#!/usr/bin/env bash
# Runs compare.py with Debian's interpreter and Debian's packages, installing them with apt when missing (as root).
#
#   bench/python/run.sh /tmp/bench1m/current-1000000.csv /tmp/bench1m/reference-1000000.csv [--threads 2] [--output py.json]
#
# The CSV files are those `retrain bench --work /tmp/bench1m` writes; see docs/performance.md.
set -euo pipefail

python=/usr/bin/python3
packages=(python3-sklearn python3-xgboost python3-pandas python3-scipy)
if ! "$python" -c 'import sklearn, xgboost, pandas, scipy, threadpoolctl' 2>/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    printf 'run.sh: missing Python packages; as root run: apt-get install -y %s\n' "${packages[*]}" >&2
    exit 1
  fi

  printf '==> apt-get install -y %s\n' "${packages[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}" >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}" >&2; }
fi

# Idle OpenMP threads spin by default; on a shared 2-core machine that collapses training (docs/performance.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
exec "$python" "$(dirname "${BASH_SOURCE[0]}")/compare.py" "$@"
