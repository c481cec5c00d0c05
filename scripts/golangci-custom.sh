#!/usr/bin/env bash
# Builds a golangci-lint binary with the bpvet module plugin, the way
# `golangci-lint custom` does, but from the Go module proxy instead of a git
# clone. Usage: scripts/golangci-custom.sh OUTPUT [VERSION]
#
# It downloads golangci-lint's module source, adds the plugin's blank import
# to cmd/golangci-lint/plugins.go, points github.com/bpvet/bpvet at this
# checkout, and builds. Go's build cache makes later runs quick.
set -euo pipefail
out=${1:?usage: scripts/golangci-custom.sh OUTPUT [VERSION]}
version=${2:-v2.15.0}
repo=$(cd "$(dirname "$0")/.." && pwd)
case "$out" in /*) ;; *) out=$PWD/$out ;; esac

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

src=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/golangci/golangci-lint/v2@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "golangci-custom: could not download golangci-lint $version" >&2; exit 1; }
cp -R "$src" "$work/golangci-lint"
chmod -R u+w "$work/golangci-lint"
cd "$work/golangci-lint"

cat > cmd/golangci-lint/plugins.go <<'GO'
package main

// Module plugins.
import _ "github.com/bpvet/bpvet/gclplugin"
GO
go mod edit -require=github.com/bpvet/bpvet@v0.0.0 -replace="github.com/bpvet/bpvet=$repo"
go mod tidy
go build -trimpath -ldflags "-s -w -X 'main.version=$version-custom-gcl'" -o "$out" ./cmd/golangci-lint
echo "built $out"
