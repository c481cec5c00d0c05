package runtime_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/bpvet/bpvet/runtime"
)

// model is the reference for the writer's rules, written as plainly as
// possible: a queue of write sizes, one batch in flight, and the length.
type model struct {
	sc          scenario
	length      int
	queue       []int
	inFlight    int // units in the sink call, -1 when idle
	needDrain   bool
	failed      bool
	delivered   int // units
	undelivered int
	accepted    []int // the units written before the failure, as the sink sees them
	units       int   // units accepted
	flushes     []int // the units each waiting Flush waits for
	tr          trace
}

func runModel(sc scenario) *model {
	m := &model{sc: sc, inFlight: -1}
	seq := 0
	for _, o := range sc.Ops {
		switch {
		case o.L:
			m.flushes = append(m.flushes, m.units)
			if !m.failed && m.units > m.delivered {
				m.tr.add("l")
			}
			m.flushed()
		case o.W > 0:
			m.write(seq, o.W)
			seq += o.W
		case m.inFlight < 0:
			m.tr.add("r:none")
		case o.F:
			m.failed = true
			m.undelivered = m.inFlight + sum(m.queue)
			m.length, m.queue, m.inFlight, m.needDrain = 0, nil, -1, false
			m.tr.add("error")
			m.tr.add("r:0")
			m.flushed()
		default:
			m.length -= m.inFlight
			m.delivered += m.inFlight
			m.inFlight = -1
			if len(m.queue) > 0 {
				m.inFlight, m.queue = sum(m.queue), nil
				m.tr.add("b:%d", m.inFlight)
			} else if m.needDrain && m.length == 0 {
				m.needDrain = false
				m.tr.add("drain")
			}
			m.tr.add("r:%d", m.length)
			m.flushed()
		}
	}
	return m
}

// flushed returns, in call order, the Flush calls whose units were
// delivered, and all of them after a failure.
func (m *model) flushed() {
	left := m.flushes[:0]
	for _, target := range m.flushes {
		switch {
		case m.failed:
			m.tr.add("l:err")
		case target <= m.delivered:
			m.tr.add("l:nil")
		default:
			left = append(left, target)
		}
	}
	m.flushes = left
}

func (m *model) write(seq, w int) {
	if m.failed {
		m.tr.add("w:false:0")
		return
	}
	u := unitsOf(m.sc, w)
	if m.sc.Objects {
		m.accepted = append(m.accepted, seq)
	} else {
		for i := range w {
			m.accepted = append(m.accepted, int(byte(seq+i)))
		}
	}
	m.length += u
	m.units += u
	ok := m.length < m.sc.HWM || m.length == 0
	if !ok {
		m.needDrain = true
	}
	if m.inFlight < 0 {
		m.inFlight = u
		m.tr.add("b:%d", u)
	} else {
		m.queue = append(m.queue, u)
	}
	m.tr.add("w:%t:%d", ok, m.length)
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// checkAgainstModel replays sc on the runtime and compares trace, End's
// error and the delivered data with the model.
func checkAgainstModel(t *testing.T, sc scenario) {
	t.Helper()
	m := runModel(sc)
	got, d := runRuntime(t, sc)
	if !slices.Equal(got, m.tr) {
		t.Fatalf("scenario %+v\nruntime: %v\nmodel:   %v", sc, got, m.tr)
	}
	err := d.finish(t)
	var de *runtime.DeliveryError
	switch {
	case !m.failed && err != nil:
		t.Fatalf("scenario %+v: End = %v, want nil", sc, err)
	case m.failed && (!errors.As(err, &de) || !errors.Is(err, errSink)):
		t.Fatalf("scenario %+v: End = %v, want a DeliveryError wrapping %v", sc, err, errSink)
	case m.failed && (de.Undelivered != int64(m.undelivered) || de.Delivered != int64(m.delivered)):
		t.Fatalf("scenario %+v: %v; want %d delivered, %d undelivered", sc, err, m.delivered, m.undelivered)
	}
	// Everything delivered is the accepted stream's prefix: nothing
	// dropped, duplicated or reordered.
	want := m.accepted
	if !m.failed && len(d.got) != len(want) {
		t.Fatalf("scenario %+v: delivered %d units, want %d", sc, len(d.got), len(want))
	}
	if len(d.got) > len(want) || !slices.Equal(d.got, want[:len(d.got)]) {
		t.Fatalf("scenario %+v: delivered %v, not a prefix of %v", sc, d.got, want)
	}
}

func randomScenario(r *rand.Rand, failures bool) scenario {
	sc := scenario{Objects: r.IntN(3) == 0, HWM: r.IntN(12)}
	for range 1 + r.IntN(30) {
		switch k := r.IntN(10); {
		case k < 5:
			sc.Ops = append(sc.Ops, op{W: 1 + r.IntN(6)})
		case k < 8 || !failures:
			sc.Ops = append(sc.Ops, op{R: true})
		case k < 9:
			sc.Ops = append(sc.Ops, op{L: true})
		default:
			sc.Ops = append(sc.Ops, op{F: true})
		}
	}
	return sc
}

func TestModelRandomScenarios(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 400
	if testing.Short() {
		n = 50
	}
	for range n {
		checkAgainstModel(t, randomScenario(r, true))
	}
}

// decodeScenario turns fuzz input into a scenario: the first byte picks the
// mode and mark, each further byte one step.
func decodeScenario(data []byte) scenario {
	var sc scenario
	if len(data) == 0 {
		return sc
	}
	sc.Objects, sc.HWM = data[0]&1 == 1, int(data[0]>>1)%24
	for _, b := range data[1:min(len(data), 64)] {
		switch b % 8 {
		case 0, 1, 2, 3, 4:
			sc.Ops = append(sc.Ops, op{W: 1 + int(b>>3)%16})
		case 5:
			sc.Ops = append(sc.Ops, op{R: true})
		case 6:
			sc.Ops = append(sc.Ops, op{R: b < 128, L: b >= 128})
		default:
			sc.Ops = append(sc.Ops, op{F: true})
		}
	}
	return sc
}

func FuzzModel(f *testing.F) {
	f.Add([]byte{8, 0, 8, 16, 5, 5, 5})
	f.Add([]byte{9, 0, 0, 0, 5, 7, 0})
	f.Add([]byte{0, 24, 5, 24, 5})
	f.Add([]byte{4, 8, 16, 134, 6, 134, 5, 15, 134, 0, 135})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgainstModel(t, decodeScenario(data))
	})
}
