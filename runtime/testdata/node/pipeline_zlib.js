// Reads a JSON array of base64 buffers on stdin, passes each through
// zlib.createGzip() (argv[2] == "gzip") or zlib.createGunzip() (argv[2] ==
// "gunzip") with stream.pipeline, and prints the results the same way. For
// TestPipelineNodeZlib.
'use strict';
const { pipeline } = require('node:stream/promises');
const { Readable, Writable } = require('node:stream');
const zlib = require('node:zlib');

const mode = process.argv[2];
const make = { gzip: zlib.createGzip, gunzip: zlib.createGunzip }[mode];
if (!make) {
  console.error('usage: pipeline_zlib.js gzip|gunzip');
  process.exit(2);
}

async function run(buf) {
  const chunks = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  await pipeline(Readable.from([buf]), make(), sink);
  return Buffer.concat(chunks);
}

async function main() {
  const input = [];
  for await (const chunk of process.stdin) input.push(chunk);
  const bufs = JSON.parse(Buffer.concat(input).toString()).map((s) => Buffer.from(s, 'base64'));
  const out = [];
  for (const b of bufs) out.push((await run(b)).toString('base64'));
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
