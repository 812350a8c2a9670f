#!/usr/bin/env bash
# Runs a command on a given Node.js line, installing that line from the npm registry when the machine's
# own `node` is another one. Usage:
#   scripts/use-node.sh                       print the node of the line in .nvmrc (installing it if needed)
#   scripts/use-node.sh LINE [COMMAND ARG...]  run COMMAND on LINE (a major version: 22, 24, 26)
# Sourced (`. scripts/use-node.sh [LINE]`), it puts that node first on the caller's PATH instead.
#
# Why a script and not nvm/fnm/volta: those download from nodejs.org, which this project's machines (and many
# CI runners behind a registry mirror) cannot reach; the npm registry's `node-<os>-<arch>` packages carry the
# same official binaries and install with plain npm. Installs go to .tools/ (git-ignored), one folder per line.

_regiograph_use_node() {
  local root line want have os arch dir bin
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  line="${1:-}"
  if [ -z "$line" ]; then line="$(tr -d ' \r\nv' <"$root/.nvmrc")"; fi
  case "$line" in
    '' | *[!0-9]*)
      echo "use-node: the Node.js line must be a major version such as 22, 24 or 26 (got '${1:-}')" >&2
      return 2
      ;;
  esac
  have=""
  if command -v node >/dev/null 2>&1; then have="$(node -p 'process.versions.node.split(".")[0]')"; fi
  if [ "$have" = "$line" ]; then
    REGIOGRAPH_NODE="$(command -v node)"
  else
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os="" ;; esac
    case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="" ;; esac
    if [ -z "$os" ] || [ -z "$arch" ]; then
      echo "use-node: no npm package of Node.js for $(uname -s) $(uname -m); install Node.js $line yourself" >&2
      return 2
    fi
    dir="${REGIOGRAPH_TOOLS_DIR:-$root/.tools}/node-$line"
    bin="$dir/node_modules/node-$os-$arch/bin"
    if [ ! -x "$bin/node" ]; then
      want="node-$os-$arch@$line"
      echo "use-node: installing Node.js $line from the npm registry ($want) into $dir" >&2
      mkdir -p "$dir"
      # A throwaway package.json keeps npm from walking up to the project's own and its workspaces.
      [ -f "$dir/package.json" ] || printf '{"name":"regiograph-node-%s","private":true}\n' "$line" >"$dir/package.json"
      (cd "$dir" && npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error "$want" >&2) || {
        echo "use-node: could not install $want from the npm registry" >&2
        return 1
      }
    fi
    export PATH="$bin:$PATH"
    hash -r
    REGIOGRAPH_NODE="$bin/node"
  fi
  export REGIOGRAPH_NODE
  return 0
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: change the caller's PATH.
  _regiograph_use_node "${1:-}"
else
  set -euo pipefail
  line=""
  if [ $# -gt 0 ]; then
    line="${1#v}"
    shift
    [ -n "$line" ] || line=" "
  fi
  _regiograph_use_node "$line" || exit $?
  if [ $# -eq 0 ]; then
    echo "Node.js $(node -v) at $REGIOGRAPH_NODE (npm $(npm -v))"
    exit 0
  fi
  echo "use-node: running on Node.js $(node -v) ($REGIOGRAPH_NODE)" >&2
  exec "$@"
fi
