// The explainer's drain-aware writeChunks loop, timed: prints
// "node N seconds maxRSS-KiB" like the Go modes of main.go.
'use strict';
const { createWriteStream } = require('node:fs');

const total = Number(process.argv[2] || 5_000_000);
const out = process.argv[3] || '/dev/null';
const start = process.hrtime.bigint();
const dest = createWriteStream(out);
let i = 0;
function next() {
  let ok = true;
  while (i < total && ok) {
    const last = i === total - 1;
    const chunk = `line ${i}\n`;
    ok = last ? dest.write(chunk, 'utf8', () => dest.end()) : dest.write(chunk, 'utf8');
    i++;
  }
  if (i < total) dest.once('drain', next);
}
dest.on('finish', () => {
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`node ${total} ${secs.toFixed(3)} ${process.resourceUsage().maxRSS}`);
});
next();
