// Package runtime is a stand-in with the API shape of the real runtime.
package runtime

import (
	"context"
	"io"
)

type Event string

const (
	EventDrain  Event = "drain"
	EventError  Event = "error"
	EventFinish Event = "finish"
	EventClose  Event = "close"
)

type ListenerID uint64

type Option func()

type emitter struct{}

func (*emitter) On(event Event, fn func()) ListenerID   { return 0 }
func (*emitter) Once(event Event, fn func()) ListenerID { return 0 }
func (*emitter) Off(id ListenerID) bool                 { return false }

type ByteWriter struct{ emitter }

func NewByteWriter(dst io.Writer, opts ...Option) *ByteWriter { return nil }

func (w *ByteWriter) Write(p []byte) bool             { return true }
func (w *ByteWriter) WriteString(s string) bool       { return true }
func (w *ByteWriter) Drain() <-chan struct{}          { return nil }
func (w *ByteWriter) WaitDrain(context.Context) error { return nil }
func (w *ByteWriter) End() error                      { return nil }

type Writer[T any] struct{ emitter }

func NewWriter[T any](sink func([]T) error, opts ...Option) *Writer[T] { return nil }

func (w *Writer[T]) Write(v T) bool         { return true }
func (w *Writer[T]) Drain() <-chan struct{} { return nil }
