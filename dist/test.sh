#!/usr/bin/env bash
# Checks the distribution on a host without a JDK: unpacks fedmed-<version>.tar.gz into an empty folder and,
# with no java on the PATH and no JAVA_HOME, runs a simulation and a deployment (a coordinator and two nodes
# on loopback) from its launcher. Usage: dist/test.sh [ARCHIVE] (default: builds one with dist/build.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
ARCHIVE="${1:-}"
if [ -z "$ARCHIVE" ]; then
  bash "$ROOT/dist/build.sh" "$WORK/build" >/dev/null
  ARCHIVE="$(ls "$WORK"/build/fedmed-*.tar.gz)"
fi
ARCHIVE="$(cd "$(dirname "$ARCHIVE")" && pwd)/$(basename "$ARCHIVE")" # the script changes folder below
tar -C "$WORK" -xzf "$ARCHIVE"
FEDMED="$(ls -d "$WORK"/fedmed-*/)bin/fedmed"
# a PATH with the few tools the launcher and this script use, and no java
mkdir -p "$WORK/path"
for tool in dirname sleep grep cat; do ln -s "$(command -v "$tool")" "$WORK/path/$tool"; done
run() { env -i HOME="$WORK/home" PATH="$WORK/path" DJL_CACHE_DIR="$WORK/djl" "$FEDMED" "$@"; }
if env -i PATH="$WORK/path" /bin/sh -c 'command -v java' >/dev/null; then
  echo "dist test: java is still on the test PATH" >&2; exit 1
fi
cd "$WORK"
run simulate --dataset wdbc --rounds 2 --no-baselines --out "$WORK/sim" > "$WORK/sim.log"
grep -q "federated" "$WORK/sim.log" && [ -f "$WORK/sim/report.json" ] || { cat "$WORK/sim.log"; echo "dist test: simulate failed" >&2; exit 1; }
PORT=$((20000 + RANDOM % 20000))
run provision --federation dist --sites north,south --out "$WORK/fed" --coordinator-host 127.0.0.1 --port "$PORT" > /dev/null
sed -i "s/rounds: 10/rounds: 2/; s/0.0.0.0:/127.0.0.1:/" "$WORK/fed/coordinator/federation.yaml"
run coordinator --config "$WORK/fed/coordinator/federation.yaml" --check > "$WORK/check.log" || { cat "$WORK/check.log"; exit 1; }
# each hospital approves the study by the digest the coordinator's check printed (nodes train only approved studies)
DIGEST="$(grep -o 'full: [0-9a-f]*' "$WORK/check.log" | head -1 | cut -d' ' -f2)"
[ "${#DIGEST}" = 64 ] || { cat "$WORK/check.log"; echo "dist test: no study digest in the coordinator's check" >&2; exit 1; }
for site in north south; do run node approve --kit "$WORK/fed/kits/$site" "$DIGEST" > /dev/null; done
run coordinator --config "$WORK/fed/coordinator/federation.yaml" > "$WORK/coordinator.log" 2>&1 &
COORD=$!
for i in $(seq 1 120); do grep -q "waiting for them to connect" "$WORK/coordinator.log" && break; sleep 1; done
run node --kit "$WORK/fed/kits/north" --dataset wdbc > "$WORK/north.log" 2>&1 &
run node --kit "$WORK/fed/kits/south" --dataset wdbc > "$WORK/south.log" 2>&1
wait "$COORD" || { cat "$WORK/coordinator.log" "$WORK/north.log" "$WORK/south.log"; echo "dist test: the deployment failed" >&2; exit 1; }
grep -q "federation finished: 2 rounds" "$WORK/coordinator.log" || { cat "$WORK/coordinator.log"; exit 1; }
grep -q "is approved on this node" "$WORK/north.log" || { cat "$WORK/north.log"; echo "dist test: north ran without its approval" >&2; exit 1; }
echo "dist test: $(basename "$ARCHIVE") ran a simulation and a 2-node deployment without a JDK on the PATH"
# docs/DEPLOYMENT.md's walkthrough, every bash block as pasted, on the same archive
bash "$ROOT/dist/doctest.sh" "$ROOT/docs/DEPLOYMENT.md" "$ARCHIVE"
