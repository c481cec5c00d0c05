// Command plot draws the explainer's point: it runs examples/drainloop and
// examples/ignore with the same number of writes into the same paced
// consumer, samples each one's RSS from /proc/<pid>/status every few
// milliseconds, and renders both curves, flat and climbing, as an SVG.
//
// Run it from the module root: go run ./bench/plot [-n 5000000] [-rate 33554432] [-o docs/rss.svg]
//
// The SVG is written by hand with the standard library: two polylines and
// their axes do not justify a plotting dependency such as gonum/plot.
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
)

type sample struct {
	t   float64 // seconds since start
	mib float64
}

type series struct {
	name, color string
	samples     []sample
}

func main() {
	n := flag.Int("n", 5_000_000, "writes in each program")
	rate := flag.Int64("rate", 32<<20, "bytes per second the paced consumer takes")
	every := flag.Duration("every", 5*time.Millisecond, "sampling period")
	out := flag.String("o", filepath.Join("docs", "rss.svg"), "SVG to write")
	flag.Parse()

	dir, err := os.MkdirTemp("", "bpvet-plot")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	runs := []struct{ pkg, label, color string }{
		{"drainloop", "drain-aware loop (examples/drainloop)", "#1b7837"},
		{"ignore", "result ignored (examples/ignore)", "#c2261f"},
	}
	var all []series
	for _, r := range runs {
		bin := filepath.Join(dir, r.pkg)
		if out, err := exec.Command("go", "build", "-o", bin, "./examples/"+r.pkg).CombinedOutput(); err != nil {
			log.Fatalf("go build ./examples/%s: %v\n%s", r.pkg, err, out)
		}
		cmd := exec.Command(bin, "-n", strconv.Itoa(*n), "-rate", strconv.FormatInt(*rate, 10),
			"-o", filepath.Join(dir, r.pkg+".txt"))
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		s, err := sampleRun(cmd, *every)
		if err != nil {
			log.Fatalf("%s: %v", r.pkg, err)
		}
		all = append(all, series{name: r.label, color: r.color, samples: s})
	}
	title := fmt.Sprintf("RSS of %s writes of \"line N\\n\" into a consumer taking %s/s", group(*n), mibs(*rate))
	if err := os.WriteFile(*out, []byte(render(title, all)), 0o644); err != nil {
		log.Fatal(err)
	}
	for _, s := range all {
		peak := 0.0
		for _, x := range s.samples {
			peak = max(peak, x.mib)
		}
		last := s.samples[len(s.samples)-1]
		fmt.Printf("%-40s %4d samples over %.2fs, peak RSS %.1f MiB\n", s.name, len(s.samples), last.t, peak)
	}
	fmt.Println("wrote", *out)
}

// sampleRun starts cmd and reads its VmRSS every period until it exits.
func sampleRun(cmd *exec.Cmd, period time.Duration) ([]sample, error) {
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(period)
	defer tick.Stop()
	var s []sample
	for {
		// Read before waiting, so the first sample is at the start.
		if b, err := lab.RSSOf(cmd.Process.Pid); err == nil && b > 0 {
			s = append(s, sample{t: time.Since(start).Seconds(), mib: float64(b) / (1 << 20)})
		}
		select {
		case err := <-done:
			if len(s) == 0 {
				return nil, fmt.Errorf("no sample (err %v)", err)
			}
			return s, err
		case <-tick.C:
		}
	}
}

// Plot geometry, in SVG user units.
const (
	width, height          = 760, 420
	left, right, top, foot = 64, 20, 44, 56
)

// render draws the series on shared axes starting at 0.
func render(title string, all []series) string {
	var maxT, maxY float64
	for _, s := range all {
		for _, x := range s.samples {
			maxT, maxY = max(maxT, x.t), max(maxY, x.mib)
		}
	}
	tStep, yStep := niceStep(maxT/6), niceStep(maxY/5)
	maxT, maxY = math.Ceil(maxT/tStep)*tStep, math.Ceil(maxY/yStep)*yStep
	pw, ph := float64(width-left-right), float64(height-top-foot)
	px := func(t float64) float64 { return left + t/maxT*pw }
	py := func(y float64) float64 { return top + ph - y/maxY*ph }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="14">%s</text>`+"\n", left, esc(title))
	for y := 0.0; y <= maxY+yStep/2; y += yStep {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>`, left, width-right, py(y), py(y))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%g</text>`+"\n", left-6, py(y)+4, y)
	}
	for t := 0.0; t <= maxT+tStep/2; t += tStep {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#ddd"/>`, px(t), px(t), top, height-foot)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%g</text>`+"\n", px(t), height-foot+16, t)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">seconds</text>`+"\n", left+pw/2, height-foot+34)
	fmt.Fprintf(&b, `<text transform="translate(16 %.1f) rotate(-90)" text-anchor="middle">RSS (MiB)</text>`+"\n", top+ph/2)
	for i, s := range all {
		var pts []string
		peak := 0.0
		for _, x := range s.samples {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(x.t), py(x.mib)))
			peak = max(peak, x.mib)
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", s.color, strings.Join(pts, " "))
		ly := top + 16 + 18*i
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="3"/>`, left+14, left+38, ly-4, ly-4, s.color)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s, peak %.1f MiB</text>`+"\n", left+44, ly, esc(s.name), peak)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if x <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// group writes n with thousands separators.
func group(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func mibs(rate int64) string {
	return strconv.FormatFloat(float64(rate)/(1<<20), 'g', 4, 64) + " MiB"
}
