module example.com/gotool

go 1.26.0

tool (
	github.com/bpvet/bpvet/cmd/bpgen
	github.com/bpvet/bpvet/cmd/bpvet
)

require github.com/bpvet/bpvet v0.0.0

replace github.com/bpvet/bpvet => ../..
