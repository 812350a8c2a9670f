#!/usr/bin/env bash
# The test suite on another supported Node.js line: npm run test:node -- 22 [vitest arguments...]
# The line is installed from the npm registry when the machine's node is another one (scripts/use-node.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ] || ! [[ "$1" =~ ^v?[0-9]+$ ]]; then
  echo "usage: npm run test:node -- <line> [vitest arguments...]   (a supported line: 22, 24 or 26)" >&2
  exit 2
fi
line="${1#v}"
shift
exec bash scripts/use-node.sh "$line" npm test -- "$@"
