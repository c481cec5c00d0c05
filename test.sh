#!/usr/bin/env bash
# Runs the whole test suite: vet, generated code up to date, and every
# package's tests with the race detector, in the root module and in every
# nested module (integrations with heavier dependencies live there). This is
# the README's test command.
set -euo pipefail
cd "$(dirname "$0")"

# Generated files must be what go generate writes.
if git rev-parse --git-dir >/dev/null 2>&1; then
  go generate ./...
  git diff --exit-code -- '*.go' || { echo "go generate changed the files above: commit them" >&2; exit 1; }
fi

# The root module first, then each nested module (testdata fixtures excluded).
mods=(. $(find . -mindepth 2 -name go.mod -not -path '*/testdata/*' -printf '%h\n' | sort))
for m in "${mods[@]}"; do
  echo "== module $m"
  (cd "$m" && go vet ./... && go test -race -count=1 ./...)
done
