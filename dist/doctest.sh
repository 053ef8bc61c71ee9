#!/usr/bin/env bash
# Runs every ```bash block of a Markdown file, in order, as one script, in an empty folder that holds only
# the distribution archive, with no java on the PATH: what the document tells an operator to paste is
# what runs. A block that fails stops the test with its line number in the document.
# Usage: dist/doctest.sh DOC.md ARCHIVE.tar.gz   (DOCTEST_LOG=FILE keeps what the blocks printed)
set -euo pipefail
DOC="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ARCHIVE="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
WORK="$(mktemp -d)"
trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/run" "$WORK/path" "$WORK/home"
cp "$ARCHIVE" "$WORK/run/"
# the tools the document's commands use, and no java
for tool in bash sh tar gzip sed grep cat sleep ls mkdir rm cp mv chmod head tail cut tr wc sort env dirname basename date \
            touch timeout kill; do
  ln -s "$(command -v "$tool")" "$WORK/path/$tool"
done
if env -i PATH="$WORK/path" /bin/sh -c 'command -v java' >/dev/null; then
  echo "doctest: java is still on the test PATH" >&2; exit 1
fi
# one script: the blocks in order, each announcing its line so a failure names it
awk -v doc="$(basename "$DOC")" '
  /^```bash[[:space:]]*$/ { inblock = 1; printf "echo \"doctest: %s line %d\" >&2\n", doc, NR + 1; next }
  /^```/ && inblock { inblock = 0; print ""; next }
  inblock { print }
' "$DOC" > "$WORK/doc.sh"
BLOCKS="$(grep -c '^```bash' "$DOC" || true)"
[ "$BLOCKS" -gt 0 ] || { echo "doctest: no bash block in $DOC" >&2; exit 1; }
cd "$WORK/run"
if ! env -i HOME="$WORK/home" PATH="$WORK/path" DJL_CACHE_DIR="$WORK/djl" \
     timeout 900 bash -euo pipefail "$WORK/doc.sh" > "$WORK/doc.log" 2>&1; then
  tail -n 60 "$WORK/doc.log"
  [ -z "${DOCTEST_LOG:-}" ] || cp "$WORK/doc.log" "$DOCTEST_LOG"
  echo "doctest: $(basename "$DOC") failed at $(grep '^doctest: ' "$WORK/doc.log" | tail -n 1 | cut -d' ' -f2-)" >&2
  exit 1
fi
[ -z "${DOCTEST_LOG:-}" ] || cp "$WORK/doc.log" "$DOCTEST_LOG"
echo "doctest: $(basename "$DOC"): $BLOCKS bash blocks ran as pasted"
