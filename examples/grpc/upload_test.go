package ingest_test

import (
	"context"
	"errors"
	"iter"
	"net"
	"sync/atomic"
	"testing"
	"time"

	ingest "github.com/bpvet/bpvet/examples/grpc"
	"github.com/bpvet/bpvet/examples/grpc/ingestpb"
	"github.com/bpvet/bpvet/runtime"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// Every test stops its server and client: no goroutine may be left.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	total = 100_000 // records per upload
	hwm   = 64      // the client writer's highWaterMark, in queued Sends
)

// serve runs srv on a loopback port and returns a client of it, and the
// number of messages the client's stream sent successfully. The server's
// flow-control window is fixed at 64 KiB, so that a slow server soon
// blocks the client's Send. Both stop when the test ends.
func serve(t *testing.T, srv *ingest.Server) (ingestpb.IngestClient, *atomic.Int64) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer(grpc.InitialWindowSize(64<<10), grpc.InitialConnWindowSize(64<<10))
	ingestpb.RegisterIngestServer(s, srv)
	served := make(chan error, 1)
	go func() { served <- s.Serve(lis) }()

	sent := new(atomic.Int64)
	count := func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		cs, err := streamer(ctx, desc, cc, method, opts...)
		return countingStream{cs, sent}, err
	}
	conn, err := grpc.NewClient("passthrough:///"+lis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithStreamInterceptor(count))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		s.Stop()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ingestpb.NewIngestClient(conn), sent
}

// countingStream counts the messages its SendMsg sent without error.
type countingStream struct {
	grpc.ClientStream
	sent *atomic.Int64
}

func (s countingStream) SendMsg(m any) error {
	err := s.ClientStream.SendMsg(m)
	if err == nil {
		s.sent.Add(1)
	}
	return err
}

// records yields n records numbered from 0, each with a 64-byte payload.
func records(n int) iter.Seq[*ingestpb.Record] {
	return func(yield func(*ingestpb.Record) bool) {
		for i := range n {
			if !yield(&ingestpb.Record{Seq: int64(i), Payload: make([]byte, 64)}) {
				return
			}
		}
	}
}

func timeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// A slow server pushes back through gRPC's flow control onto the client's
// Send, so the generated writer's queue fills; the upload must keep it
// within the mark and still deliver every record, in order.
func TestUploadToSlowServer(t *testing.T) {
	client, sent := serve(t, &ingest.Server{Pause: time.Millisecond, PauseEvery: 500})
	sum, st, err := ingest.Upload(timeout(t), client, records(total), runtime.WithHighWaterMark(hwm))
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	// The server fails the RPC on a record out of order, so a count of
	// total with the last seq total-1 means all arrived, in order.
	if sum.GetCount() != total || sum.GetLastSeq() != total-1 {
		t.Errorf("server stored %d records, the last %d; want %d, the last %d", sum.GetCount(), sum.GetLastSeq(), total, total-1)
	}
	if n := sent.Load(); n != total {
		t.Errorf("the stream sent %d messages, want %d", n, total)
	}
	if st.PeakLength > hwm+1 {
		t.Errorf("the queue reached %d Sends, want at most the mark plus one (%d)", st.PeakLength, hwm+1)
	}
	// Without backpressure the test would prove nothing.
	if st.PeakLength < hwm || st.Drains == 0 {
		t.Errorf("the queue peaked at %d with %d drains: the server did not push back", st.PeakLength, st.Drains)
	}
	t.Logf("queue peak %d Sends (mark %d), %d drains, %d batches", st.PeakLength, hwm, st.Drains, st.Batches)
	if st.Writes != total || st.Delivered != total {
		t.Errorf("Stats() = %+v, want %d writes, all delivered", st, total)
	}
}

// A server that fails mid-stream: Upload returns a *runtime.DeliveryError
// with the server's status and the exact count of records not sent.
func TestUploadServerError(t *testing.T) {
	const failAfter = 1000
	client, sent := serve(t, &ingest.Server{FailAfter: failAfter})
	_, st, err := ingest.Upload(timeout(t), client, records(total), runtime.WithHighWaterMark(hwm))
	var de *runtime.DeliveryError
	if !errors.As(err, &de) {
		t.Fatalf("Upload: %v, want a *runtime.DeliveryError", err)
	}
	t.Logf("Upload: %v", err)
	if code := status.Code(de.Err); code != codes.ResourceExhausted {
		t.Errorf("DeliveryError wraps %v (code %v), want the server's ResourceExhausted", de.Err, code)
	}
	if de.Delivered != sent.Load() {
		t.Errorf("DeliveryError.Delivered = %d, but the stream sent %d", de.Delivered, sent.Load())
	}
	if de.Undelivered <= 0 || de.Delivered+de.Undelivered != st.Accepted {
		t.Errorf("DeliveryError counts %d delivered and %d undelivered of %d accepted", de.Delivered, de.Undelivered, st.Accepted)
	}
	if de.Delivered < failAfter {
		t.Errorf("%d records sent before the failure, want at least the %d the server stored", de.Delivered, failAfter)
	}
	if st.Writes >= total {
		t.Errorf("%d records queued: the upload went on after the server failed", st.Writes)
	}
}
