package runtime

import (
	"context"
	"io"
)

// Copy copies from src to dst until src returns io.EOF or an error occurs,
// like io.Copy, but with Node's pipe discipline: it reads src on the calling
// goroutine into 256 KiB buffers and hands each one, without copying, to a
// drain-aware Writer that delivers it to dst on another goroutine. The
// Writer's highWaterMark is two buffers: Copy reads the next buffer while
// the previous one is written, and when Write returns false it waits for
// drain. So reading and writing overlap, Copy holds at most 512 KiB whatever
// the sizes of src and dst, and a slow dst paces the reads. Copy never uses
// io.WriterTo or io.ReaderFrom, which would bypass the writer.
//
// Copy returns the number of bytes written to dst and the first error: a
// Read error from src, a Write error from dst, or context.Cause(ctx). EOF is
// not an error. After an error nothing more reaches dst. Unlike Pipeline,
// Copy leaves dst open, as io.Copy does; Pipeline with no stages closes it.
// Copy does not close src, and a Read or Write that blocks delays its
// return.
//
// Copy takes (dst, src) like io.Copy, which it stands in for, while
// [Pipeline] takes (src, dst, stages) in the order the data flows, like
// Node's stream.pipeline. Both orders are kept for those reasons: a value
// such as an *os.File is both an io.Reader and an io.Writer, so swapped
// arguments compile, and only the names dst and src tell them apart.
func Copy(ctx context.Context, dst io.Writer, src io.Reader) (written int64, err error) {
	return runFlow(ctx, src, dst, nil, false)
}
