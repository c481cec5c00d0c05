package ingest

import (
	"io"
	"time"

	"github.com/bpvet/bpvet/examples/grpc/ingestpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A Server stores uploads, slowly if asked to. It checks that records
// arrive in order: record n must have Seq n.
type Server struct {
	ingestpb.UnimplementedIngestServer

	Pause      time.Duration // sleep this long after every PauseEvery records
	PauseEvery int
	FailAfter  int // when > 0, fail the upload after storing this many records
}

// Upload stores the records of one stream and answers with their count.
func (s *Server) Upload(stream ingestpb.Ingest_UploadServer) error {
	sum := &ingestpb.Summary{LastSeq: -1}
	for {
		r, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(sum)
		}
		if err != nil {
			return err
		}
		if r.GetSeq() != sum.Count {
			return status.Errorf(codes.InvalidArgument, "record %d arrived as number %d", r.GetSeq(), sum.Count)
		}
		sum.Count++
		sum.LastSeq = r.GetSeq()
		if s.FailAfter > 0 && sum.Count == int64(s.FailAfter) {
			return status.Errorf(codes.ResourceExhausted, "quota of %d records reached", s.FailAfter)
		}
		if s.PauseEvery > 0 && sum.Count%int64(s.PauseEvery) == 0 {
			time.Sleep(s.Pause)
		}
	}
}
