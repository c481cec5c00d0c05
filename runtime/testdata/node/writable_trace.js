// Replays scenarios (JSON on stdin) through Node's stream.Writable with a
// writev sink whose calls complete only when the script releases them, and
// prints one trace per scenario (JSON on stdout). The trace format is
// documented in harness_test.go.
'use strict';
const { Writable } = require('node:stream');

function run(sc) {
  const trace = [];
  const pending = [];
  const w = new Writable({
    objectMode: sc.objects,
    highWaterMark: sc.hwm,
    write(chunk, _enc, cb) {
      trace.push(`b:${sc.objects ? 1 : chunk.length}`);
      pending.push(cb);
    },
    writev(chunks, cb) {
      let n = 0;
      for (const { chunk } of chunks) n += sc.objects ? 1 : chunk.length;
      trace.push(`b:${n}`);
      pending.push(cb);
    },
  });
  w.on('drain', () => trace.push('drain'));
  let seq = 0;
  for (const op of sc.ops) {
    if (op.w) {
      const chunk = sc.objects ? { seq } : Buffer.alloc(op.w, seq & 0xff);
      seq += op.w;
      const ok = w.write(chunk);
      trace.push(`w:${ok}:${w.writableLength}`);
    } else if (pending.length === 0) {
      trace.push('r:none');
    } else {
      pending.shift()();
      trace.push(`r:${w.writableLength}`);
    }
  }
  return trace;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map(run);
  process.stdout.write(JSON.stringify(out));
});
