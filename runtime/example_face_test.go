package runtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"

	"github.com/bpvet/bpvet/runtime"
)

// slog's JSON handler over the blocking face: a logger that never waits on
// the sink's system calls until a highWaterMark of records is queued, and
// then waits for drain instead of growing memory.
func ExampleByteWriter_Blocking() {
	w := runtime.NewByteWriter(os.Stdout, runtime.WithKeepOpen())
	defer w.End()
	logger := slog.New(slog.NewJSONHandler(w.Blocking(context.Background()), &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{} // for a stable output
			}
			return a
		},
	}))
	logger.Info("request served", "path", "/items", "status", 200)
	logger.Warn("slow request", "ms", 1250)
	// Output:
	// {"level":"INFO","msg":"request served","path":"/items","status":200}
	// {"level":"WARN","msg":"slow request","ms":1250}
}

// encoding/json's Encoder over the face, with Sync (what zap calls before
// exit) to wait until the values reached the destination without ending
// the writer.
func ExampleBlockingWriter() {
	w := runtime.NewByteWriter(os.Stdout, runtime.WithKeepOpen())
	out := w.Blocking(context.Background())
	enc := json.NewEncoder(out)
	for i := range 3 {
		if err := enc.Encode(map[string]int{"id": i}); err != nil {
			fmt.Println("error:", err)
			return
		}
	}
	if err := out.Sync(); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("synced")
	if err := w.End(); err != nil {
		fmt.Println("error:", err)
	}
	// Output:
	// {"id":0}
	// {"id":1}
	// {"id":2}
	// synced
}
