#!/usr/bin/env bash
# Runs the fan-out benchmark: realtime-service and the raw Netty baseline, one after the other, each pinned
# to core 1; this load generator on core 0. Build first: ./mvnw -B -q -pl bench package (realtime-service's jar must exist).
# Usage: bench/run.sh [--scenario fanout|channels|idle|all] [--clients 2000] [--fanout-rate 30] [--channels-rate 1000] ...
set -euo pipefail
cd "$(dirname "$0")/.."
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
ulimit -n "$(ulimit -Hn)" || true
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c 0); fi
exec "${PIN[@]}" java -Xmx2g -XX:+UseG1GC -cp "$CP" io.herald.bench.Main "$@"
