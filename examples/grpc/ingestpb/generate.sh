#!/usr/bin/env bash
# Regenerates ingest.pb.go and ingest_grpc.pb.go from ingest.proto. The
# tests do not need protoc: the generated files are committed. The versions
# below are those the committed files were generated with:
#
#	apt-get install protobuf-compiler   # protoc 3.21.12 (Debian 12)
#	go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
#	go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
set -euo pipefail
cd "$(dirname "$0")"
PATH=$(go env GOPATH)/bin:$PATH
protoc --go_out=. --go_opt=paths=source_relative \
	--go-grpc_out=. --go-grpc_opt=paths=source_relative \
	ingest.proto
