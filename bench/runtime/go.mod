module github.com/bpvet/bpvet/bench/runtime

go 1.26.0

require (
	github.com/bpvet/bpvet v0.0.0
	github.com/rs/zerolog v1.35.1
	go.uber.org/goleak v1.3.0
	go.uber.org/zap v1.28.0
)

require go.uber.org/multierr v1.10.0 // indirect

replace github.com/bpvet/bpvet => ../..
