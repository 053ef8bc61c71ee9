#!/usr/bin/env bash
# Builds the self-contained distribution target/dist/fedmed-<version>.tar.gz: FedMed's jars, a Java runtime
# made with jlink from the modules they use (the target host needs no JDK), the launcher bin/fedmed, the
# systemd units and the bundled datasets. Usage: dist/build.sh [OUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$ROOT/target/dist}"
cd "$ROOT"
mvn -q -B -DskipTests package
VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -n 1)"
NAME="fedmed-$VERSION"
DIR="$OUT/$NAME"
rm -rf "$DIR" "$OUT/$NAME.tar.gz"
mkdir -p "$DIR/bin" "$DIR/lib" "$DIR/systemd"
cp fedmed-cli/target/fedmed-cli-*.jar fedmed-cli/target/lib/*.jar "$DIR/lib/"
# the modules the jars need, plus those reached only by name or by a service: EC keys for TLS, the
# monitoring port's HTTP server, zip file systems
MODULES="$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps --class-path "$DIR/lib/*" "$DIR"/lib/fedmed-*.jar)"
MODULES="$MODULES,jdk.crypto.ec,jdk.httpserver,jdk.zipfs,jdk.localedata"
jlink --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$DIR/runtime"
cp dist/fedmed "$DIR/bin/fedmed"
cp dist/systemd/*.service "$DIR/systemd/"
cp -r datasets "$DIR/datasets"
cp README.md "$DIR/"
tar -C "$OUT" -czf "$OUT/$NAME.tar.gz" "$NAME"
echo "$OUT/$NAME.tar.gz ($(du -h "$OUT/$NAME.tar.gz" | cut -f1); runtime modules: $MODULES)"
