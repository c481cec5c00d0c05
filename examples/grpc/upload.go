// Package ingest is bpgen's gRPC example: a client-streaming upload whose
// client queues its Send calls in UploaderWriter, a drain-aware writer
// that bpgen generates from the stream's interface, and a server that
// checks every record arrives, in order.
package ingest

import (
	"context"
	"errors"
	"io"
	"iter"

	"github.com/bpvet/bpvet/examples/grpc/ingestpb"
	"github.com/bpvet/bpvet/runtime"
)

//go:generate go tool bpgen -iface=Uploader -methods=Send

// Uploader is the client side of an Upload stream. Of its methods,
// UploaderWriter queues Send; the caller keeps the stream for CloseAndRecv,
// which it makes after End.
type Uploader = ingestpb.Ingest_UploadClient

// Upload sends the records of seq on a new Upload stream through an
// UploaderWriter, stopping whenever Send returns false until the queue
// drains, then finishes the RPC and returns the server's summary, and the
// writer's Stats. opts configure the writer; its highWaterMark counts
// queued Send calls.
//
// When a Send fails, the upload stops and the error is a
// [*runtime.DeliveryError] that counts the records not sent. gRPC reports
// a stream the server ended as io.EOF from Send and the reason from
// CloseAndRecv, so the DeliveryError wraps that status instead.
func Upload(ctx context.Context, client ingestpb.IngestClient, seq iter.Seq[*ingestpb.Record], opts ...runtime.Option) (*ingestpb.Summary, runtime.Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the RPC when the upload fails
	stream, err := client.Upload(ctx)
	if err != nil {
		return nil, runtime.Stats{}, err
	}
	w := NewUploaderWriter(stream, opts...)
	var waitErr error
	for r := range seq {
		if !w.Send(r) {
			if waitErr = w.WaitDrain(ctx); waitErr != nil {
				break
			}
		}
	}
	err = w.End() // the first failed Send's error, as a *runtime.DeliveryError
	st := w.Stats()
	if err == nil {
		err = waitErr // ctx ended while waiting for drain
	}
	if err != nil {
		var de *runtime.DeliveryError
		if errors.As(err, &de) && errors.Is(de.Err, io.EOF) {
			if _, status := stream.CloseAndRecv(); status != nil {
				err = &runtime.DeliveryError{Err: status, Delivered: de.Delivered, Undelivered: de.Undelivered, Unit: de.Unit}
			}
		}
		return nil, st, err
	}
	sum, err := stream.CloseAndRecv()
	return sum, st, err
}
