#!/usr/bin/env bash
# Runs StrykerJS once per module, in the order given, so that a long pass can stop at a time limit and keep
# what it finished: each module's report lands in reports/mutation/<module>/ and its log beside it.
#   bash scripts/mutation-modules.sh [--minutes N] lib/src/paging.ts ingest/src/connectors/teryt.ts ...
# With --minutes, no module starts after N minutes from now. Ends with scripts/mutation-summary.cjs.
set -uo pipefail
cd "$(dirname "$0")/.."

deadline=''
if [ "${1:-}" = '--minutes' ]; then
  deadline=$(($(date +%s) + 60 * $2))
  shift 2
fi
[ "$#" -gt 0 ] || { echo "usage: $0 [--minutes N] module.ts ..." >&2; exit 2; }

for module in "$@"; do
  if [ -n "$deadline" ] && [ "$(date +%s)" -ge "$deadline" ]; then
    echo "time limit reached: not run: $*"
    break
  fi
  shift
  name=$(echo "$module" | sed -e 's/\.ts$//' -e 's/[^A-Za-z0-9._-]/_/g')
  out="reports/mutation/$name"
  mkdir -p "$out"
  rm -f reports/mutation/mutation.json reports/mutation/mutation.html
  start=$(date +%s)
  echo "== $module (from $(date -u +%H:%M:%S) UTC)"
  npx stryker run stryker.config.mjs --mutate "$module" >"$out/stryker.log" 2>&1
  status=$?
  [ -f reports/mutation/mutation.json ] && mv reports/mutation/mutation.json reports/mutation/mutation.html "$out/" 2>/dev/null
  echo "   exit $status after $(($(date +%s) - start)) s; log: $out/stryker.log"
done

node scripts/mutation-summary.cjs
