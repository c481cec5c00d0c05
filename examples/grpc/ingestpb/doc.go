// Package ingestpb is the code protoc generates from ingest.proto: the
// Ingest service, whose Upload RPC is client-streaming. generate.sh
// regenerates it with protoc 3.21.12, protoc-gen-go v1.36.12 and
// protoc-gen-go-grpc v1.6.2; the tests need none of them.
package ingestpb
