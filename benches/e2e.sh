#!/usr/bin/env bash
# End-to-end benchmark of the release `kdt` binary against the sandbox (loopback only):
#   1. `kdt scan -p … --path examples/vulnerable-app --create-project` with 3 s sandbox scans:
#      wall time minus 3 s (kdt's overhead; target ≤ 1 s) and status requests per scan;
#   2. `kdt webhook serve` receiving 1,000 forged then 1,000 valid GitHub push deliveries over
#      50 connections: every valid one starts exactly one sandbox scan, no forged one any.
# Both phases run in one process (examples/e2e_bench.rs), side by side on the same machine state.
#
# Usage: benches/e2e.sh [RUNS] [DELIVERIES] [CONNECTIONS] [SCAN_SECONDS]   (defaults 5 1000 50 3)
# Figures: docs/benchmarks-e2e.md. Exit status 1 if a correctness check fails.
set -euo pipefail

HERE="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --quiet --release --bin kdt --example e2e_bench --manifest-path "$HERE/Cargo.toml"
echo "commit $(git -C "$HERE" rev-parse --short HEAD)$(git -C "$HERE" diff --quiet || echo '+dirty'); $(rustc --version); load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
KDT_BIN="$HERE/target/release/kdt" exec "$HERE/target/release/examples/e2e_bench" "${1:-5}" "${2:-1000}" "${3:-50}" "${4:-3}"
