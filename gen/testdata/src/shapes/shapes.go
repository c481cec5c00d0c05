// Package shapes holds one type per shape bpgen supports, and a few it
// rejects.
package shapes

import (
	"cmp"
	"context"
	"net/netip"
	"time"
)

// Event is a plain struct: the highWaterMark counts values.
type Event struct {
	ID   int
	Name string
}

// Msg is written by pointer, with -type=*Msg.
type Msg struct{ Body []byte }

// Sample has fields of imported types.
type Sample struct {
	At   time.Time
	Addr netip.Addr
	Took time.Duration
}

// Chunk is []byte-based: the highWaterMark counts bytes.
type Chunk []byte

// Frame has a Size method: the highWaterMark counts its result.
type Frame struct{ Header, Body []byte }

func (f Frame) Size() int { return len(f.Header) + len(f.Body) }

// Buffer has a Len method with a pointer receiver.
type Buffer struct{ b []byte }

func (b *Buffer) Len() int { return len(b.b) }

// record is unexported, and so is its writer.
type record struct {
	key string
	n   int
}

// Pair is generic, with a constraint from another package.
type Pair[K cmp.Ordered, V any] struct {
	Key K
	Val V
}

// Publisher has several methods, with variadic and context parameters.
type Publisher interface {
	Publish(ctx context.Context, topic string, payload []byte) error
	PublishAll(ctx context.Context, topic string, payloads ...[]byte) error
	Flush(context.Context) error
	Close() error
}

// Stream is like a gRPC client stream.
type Stream interface {
	Send(*Msg) error
}

// Counter has a method that does not return error, which -iface rejects.
type Counter interface {
	Add(n int) error
	Len() int
}

// Ender has a method named like a writer method.
type Ender interface {
	End() error
}

var _ = record{}

// Text is string-based; the text shape overrides the size with -size=count.
type Text string

// Getter is generic, which -iface rejects.
type Getter[T any] interface {
	Get(T) error
}

// Helper is not a type.
func Helper() {}

// Taken already has the name its writer would get.
type Taken struct{}

// TakenWriter is in the way.
type TakenWriter struct{}

// Streaming is generic like grpc.ClientStreamingClient: besides Send it
// has methods that do not return only error.
type Streaming[Req, Res any] interface {
	Send(*Req) error
	CloseAndRecv() (*Res, error)
	Context() context.Context
	CloseSend() error
}

// Upload names an instance, as generated gRPC code does; -iface=Upload
// -methods=Send queues its Send.
type Upload = Streaming[Msg, Event]
