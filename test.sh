#!/usr/bin/env bash
# Runs the whole test suite: vet, generated code up to date, and every
# package's tests with the race detector. This is the README's test command.
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
# Generated files must be what go generate writes.
if git rev-parse --git-dir >/dev/null 2>&1; then
  go generate ./...
  git diff --exit-code -- '*.go' || { echo "go generate changed the files above: commit them" >&2; exit 1; }
fi
go test -race -count=1 ./...
