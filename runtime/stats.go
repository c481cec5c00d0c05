package runtime

// Stats is a snapshot of a writer's counters, for monitoring the queue as
// Node's docs advise for writableLength. Units are bytes for a [ByteWriter] and
// values (or [WithSize] units) for a [Writer].
type Stats struct {
	Writes     int64 // Write calls accepted
	Accepted   int64 // units accepted
	Delivered  int64 // units the sink took
	Batches    int64 // sink calls
	Drains     int64 // drain signals fired
	PeakLength int   // largest length seen
	Length     int   // current length
}
