package runtime_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"slices"
	"testing"
)

// TestNodeDifferential replays the same scenarios through Node's
// stream.Writable and through the runtime: write results, lengths, batches
// and drain points must be identical.
func TestNodeDifferential(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not on PATH: skipping the differential test against stream.Writable")
	}
	r := rand.New(rand.NewPCG(3, 4))
	scs := []scenario{
		// The explainer's claim, corrected: drain waits for an empty
		// buffer, not for the length to fall below the mark.
		{HWM: 4, Ops: []op{{W: 3}, {W: 3}, {R: true}, {R: true}}},
		// highWaterMark 0: every write asks for a drain.
		{HWM: 0, Ops: []op{{W: 1}, {W: 2}, {R: true}, {R: true}}},
		{Objects: true, HWM: 2, Ops: []op{{W: 1}, {W: 1}, {W: 1}, {R: true}, {R: true}, {W: 1}, {R: true}}},
	}
	for range 300 {
		scs = append(scs, randomScenario(r, false))
	}
	in, err := json.Marshal(scs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "testdata/node/writable_trace.js")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.Bytes())
	}
	var want []trace
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatalf("node output: %v", err)
	}
	if len(want) != len(scs) {
		t.Fatalf("node returned %d traces for %d scenarios", len(want), len(scs))
	}
	for i, sc := range scs {
		got, d := runRuntime(t, sc)
		if !slices.Equal(got, want[i]) {
			t.Fatalf("scenario %+v\nruntime: %v\nnode:    %v", sc, got, want[i])
		}
		if err := d.finish(t); err != nil {
			t.Fatalf("scenario %+v: End: %v", sc, err)
		}
	}
}
