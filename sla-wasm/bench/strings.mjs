// What moving one RFC 3339 instant (25 ASCII characters) between a JS string
// and wasm memory costs in this Node, without any wasm call: the floor under
// a `Calendar.add` call that takes and returns strings (README, Size and
// speed). Each way is checked to move the right bytes before it is timed.
//
//   node bench/strings.mjs      (from sla-wasm/)
import assert from "node:assert/strict";

const N = 1_000_000;
const memory = new WebAssembly.Memory({ initial: 1 });
const bytes = new Uint8Array(memory.buffer);
const buffer = Buffer.from(memory.buffer);
const AT = 1024;

// 1,000 distinct flat strings, as the engine returns them.
const texts = [];
for (let i = 0; i < 1000; i++) {
  const iso = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString().slice(0, 19) + "+03:00";
  texts.push(String.fromCharCode(...Array.from(iso, (c) => c.charCodeAt(0))));
}

function charCodes(s, at) {
  for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  return s.length;
}
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const fromCharCode = (p) => String.fromCharCode(
  bytes[p], bytes[p + 1], bytes[p + 2], bytes[p + 3], bytes[p + 4], bytes[p + 5], bytes[p + 6],
  bytes[p + 7], bytes[p + 8], bytes[p + 9], bytes[p + 10], bytes[p + 11], bytes[p + 12],
  bytes[p + 13], bytes[p + 14], bytes[p + 15], bytes[p + 16], bytes[p + 17], bytes[p + 18],
  bytes[p + 19], bytes[p + 20], bytes[p + 21], bytes[p + 22], bytes[p + 23], bytes[p + 24]);

const into = {
  "charCodeAt into a Uint8Array": (s) => charCodes(s, AT),
  "TextEncoder.encodeInto": (s) => encoder.encodeInto(s, bytes.subarray(AT, AT + 64)).written,
  "Buffer#asciiWrite": (s) => buffer.asciiWrite(s, AT, 64),
  "Buffer#latin1Write": (s) => buffer.latin1Write(s, AT, 64),
};
const out = {
  "String.fromCharCode of 25 bytes": () => fromCharCode(AT),
  "Buffer#latin1Slice": () => buffer.latin1Slice(AT, AT + 25),
  "TextDecoder.decode": () => decoder.decode(bytes.subarray(AT, AT + 25)),
};

function time(fn) {
  let sink = 0;
  for (let i = 0; i < N; i++) sink += fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) sink += fn(i);
  return [Number(process.hrtime.bigint() - t0) / N, sink];
}

console.log(`node ${process.version}: moving one 25-character instant, ${N} times, ns per move`);
for (const [name, write] of Object.entries(into)) {
  for (const s of texts.slice(0, 3)) {
    bytes.fill(0, AT, AT + 64);
    assert.equal(write(s), 25, name);
    assert.equal(decoder.decode(bytes.subarray(AT, AT + 25)), s, name);
  }
  const [ns] = time((i) => write(texts[i % 1000]));
  console.log(`  in:  ${name.padEnd(34)} ${ns.toFixed(0).padStart(5)}`);
}
charCodes(texts[7], AT);
for (const [name, read] of Object.entries(out)) {
  assert.equal(read(), texts[7], name);
  const [ns] = time(() => read().length);
  console.log(`  out: ${name.padEnd(34)} ${ns.toFixed(0).padStart(5)}`);
}
