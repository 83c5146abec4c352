#!/usr/bin/env bash
# Runs the fan-out benchmark: realtime-service and the raw Netty baseline, one after the other, each pinned
# to core 1; this load generator on core 0. Build first: ./mvnw -B -q -pl bench package (realtime-service's jar must exist).
# Usage: bench/run.sh [--scenario fanout|channels|idle|all] [--clients 2000] [--fanout-rate 30] [--channels-rate 1000] ...
# A local nats-server is moved to core 0 for the run (its CPU affinity is restored on exit), so that the measured
# server has core 1 to itself; BENCH_PIN_NATS=0 leaves it alone.
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
ulimit -n "$(ulimit -Hn)" || true
PIN=()
if command -v taskset >/dev/null; then
  PIN=(taskset -c 0)
  if [ "${BENCH_PIN_NATS:-1}" = 1 ]; then
    for pid in $(pgrep -x nats-server || true); do
      mask=$(taskset -p "$pid" 2>/dev/null | awk '{print $NF}') || continue
      if taskset -p 1 "$pid" >/dev/null 2>&1; then
        echo "nats-server $pid moved to core 0 for the run (affinity mask $mask restored on exit)"
        trap "taskset -p $mask $pid >/dev/null 2>&1 || true" EXIT
      fi
    done
  fi
fi
"${PIN[@]}" java -Xmx2g -XX:+UseG1GC -cp "$CP" io.herald.bench.Main "$@"
