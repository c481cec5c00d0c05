package analyzer

import (
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"queueClosedForWrites": "queue closed for writes",
		"HTTPServer":           "http server",
		"WriteUint32Le":        "write uint le",
		"OnceDrain":            "once drain",
		"in_range":             "in range",
		"ok":                   "ok",
	} {
		if got := strings.Join(words(in), " "); got != want {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDocEvidence(t *testing.T) {
	for doc, want := range map[string]string{
		"Write queues p and reports whether to keep writing.":                                          "signal(doc)",
		"It returns false above the high-water mark, or after Close.":                                  "signal(doc)",
		"Write returns false when the buffer is full.":                                                 "signal(doc)",
		"Write says whether there is room for more.":                                                   "signal(doc)",
		"Send fails fast: false if the queue was full.":                                                "signal(doc)",
		"It returns false while the buffer is at capacity.":                                            "signal(doc)",
		"WriteByte returns false if the offset is out of range.":                                       "nosignal(doc)",
		"WriteOK records a sticky error; its result is not backpressure.":                              "nosignal(doc)",
		"Returns true if no error happened so far.":                                                    "nosignal(doc)",
		"Write never drains anything; false means the queue was closed.":                               "nosignal(doc)",
		"Write reports whether space remains.":                                                         "signal(doc)",
		"Write returns true while it is under its cap.":                                                "signal(doc)",
		"It returns false once the buffer reaches its capacity.":                                       "signal(doc)",
		"Write returns false once the buffer reaches its capacity. It also returns false after Close.": "signal(doc)",
		"Write returns false once the buffer reaches its capacity or the key exists.":                  "nosignal(doc)",
		"WriteAt returns false if the index is past the buffer's capacity.":                            "",
		"Write reports whether the key was found.":                                                     "nosignal(doc)",
		"Write reports whether p was written in full.":                                                 "",
		"Write inserts a row.":                                                                         "",
		"Write writes to the bathroom scale.":                                                          "",
		"":                                                                                             "",
	} {
		got := ""
		if ev, ok := docEvidence(doc); ok {
			got = (&signalFact{Signal: ev.signal, Via: ev.via}).String()
		}
		if got != want {
			t.Errorf("docEvidence(%q) = %q, want %q", doc, got, want)
		}
	}
}
