// Benchmarks of the Node build (sla-wasm/pkg-node): the cost of one call
// through the binding, boundary crossing included. Each case runs its batch
// RUNS times after a warm-up and reports the median time per call; every
// case checks its results before it is timed, so a fast wrong answer fails.
// The inputs are the canonical workload of every binding's benchmark: 100,000
// random starts over 2026 and random durations of 0 to 40 working hours on
// the 9×5 Moscow calendar with the Russian production calendar (seeded, so
// each run times the same inputs).
//
//   node bench/bench.mjs            (from sla-wasm/, or `npm run bench`)
//   SLA_BENCH_RUNS=11 node bench/bench.mjs
//
// Exit status 1 when a result is wrong or `Calendar.addSeconds` (epoch
// seconds in and out, the hot path) misses the bar of 300 ns per call; the
// other `add` rows show the bar too, for what each input form costs.
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const require = createRequire(import.meta.url);
const sla = require(path.join(root, "sla-wasm/pkg-node/sla_wasm.js"));

const N = 100_000;
const RUNS = Number(process.env.SLA_BENCH_RUNS || 7);
const ADD_BAR_NS = 300;

const cal = new sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");

// The canonical workload (as sla-py/bench/bench.py): N random start
// instants over 2026, whole seconds, inside the production calendar's data,
// and N random durations of 0 to 40 working hours, from a seeded generator
// so that every run times the same inputs. Random inputs make the index
// search land anywhere, holidays and weekends included; a fixed stride
// would favour the cache.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20261122);
const randomInt = (lo, hi) => lo + Math.floor(random() * (hi - lo));
const YEAR_START = Date.parse("2026-01-01T00:00:00Z") / 1000;
const YEAR_END = Date.parse("2026-12-31T00:00:00Z") / 1000;
const startSeconds = Float64Array.from({ length: N }, () => randomInt(YEAR_START, YEAR_END));
const spans = Float64Array.from({ length: N }, () => randomInt(0, 40 * 3600));
const startMillis = startSeconds.map((s) => s * 1000);
const starts = Array.from(startMillis, (ms) => new Date(ms));
// RFC 3339 in Moscow's offset (+03:00 all year), as the engine writes them.
const moscow = (ms) => new Date(ms + 3 * 3600_000).toISOString().slice(0, 19) + "+03:00";
const startStrings = Array.from(startMillis, moscow);
// The same durations as text ("11h7m", "40m", "3h"), whole minutes.
const minutes = Array.from(spans, (s) => Math.floor(s / 60));
const spanStrings = minutes.map((m) => (m >= 60 ? `${Math.floor(m / 60)}h` : "") + (m % 60 || m < 60 ? `${m % 60}m` : ""));
const spanText = Float64Array.from(minutes, (m) => m * 60);
// Ends three durations after the starts, for `between`.
const endSeconds = startSeconds.map((s, i) => s + 3 * spans[i]);
const endMillis = endSeconds.map((s) => s * 1000);
const endStrings = Array.from(endMillis, moscow);

/** Median of RUNS timings of `fn` (after one warm-up run), in ns per call. */
function measure(fn, calls) {
  fn();
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / calls);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// ----- correctness first --------------------------------------------------------

// The crate-docs example: a shortened day, then the May holidays.
assert.equal(cal.add("2026-05-08T16:30:00+03:00", "4h"), "2026-05-12T12:30:00+03:00");
assert.equal(cal.add(new Date("2026-05-08T13:30:00Z"), 4 * 3600), "2026-05-12T12:30:00+03:00");
// The hot path's deadlines, checked two ways: `between` gives back each
// duration, and every other form of `add` (strings, Dates, epoch
// milliseconds, bulk) gives the same instants.
const deadlines = Float64Array.from(startSeconds, (s, i) => cal.addSeconds(s, spans[i]));
for (let i = 0; i < N; i += 97) {
  assert.equal(cal.betweenSeconds(startSeconds[i], deadlines[i]), spans[i], startStrings[i]);
  assert.equal(cal.between(startStrings[i], cal.add(startStrings[i], spans[i])), spans[i]);
  assert.equal(Date.parse(cal.add(startStrings[i], spans[i])), deadlines[i] * 1000);
  assert.equal(Date.parse(cal.add(starts[i], spans[i])), deadlines[i] * 1000);
  assert.equal(cal.add(startMillis[i], spans[i]), deadlines[i] * 1000);
  assert.equal(cal.add(startStrings[i], spanStrings[i]), cal.add(startStrings[i], spanText[i]), spanStrings[i]);
  assert.equal(cal.between(startMillis[i], endMillis[i]), cal.betweenSeconds(startSeconds[i], endSeconds[i]));
  assert.equal(cal.between(startStrings[i], endStrings[i]), cal.betweenSeconds(startSeconds[i], endSeconds[i]));
}
assert.deepEqual(Array.from(cal.addMany(startMillis, spans)), Array.from(deadlines, (s) => s * 1000));
assert.deepEqual(cal.addMany(startStrings, Array.from(spans)).map((s) => Date.parse(s)), Array.from(deadlines, (s) => s * 1000));
assert.deepEqual(
  Array.from(cal.betweenMany(startMillis, endMillis)),
  Array.from(startSeconds, (s, i) => cal.betweenSeconds(s, endSeconds[i])),
);

// A ticket of the R3 policy, evaluated at a fixed instant.
const policy = sla.Policy.fromJson(fs.readFileSync(path.join(root, "examples/policies/r3_budget_system.json"), "utf8"));
const ticket = policy.ticket({
  id: "BENCH-1",
  events: [
    { at: "2026-03-02T09:00:00+03:00", type: "created", priority: "highest", category: "incident" },
    { at: "2026-03-02T11:00:00+03:00", type: "priority_changed", priority: "medium" },
    { at: "2026-03-03T10:00:00+03:00", type: "paused", reason: "waiting_for_info" },
    { at: "2026-03-04T12:00:00+03:00", type: "resumed" },
  ],
});
const AT = "2026-03-05T12:00:00+03:00";
const report = policy.evaluate(ticket, AT);
// Downgraded at 11:00 (keeps the worked time): README's 2026-03-12T18:00,
// moved by the 11 working hours of the pause (Tue 10-18, Wed 9-12).
assert.equal(report.metrics[0].state, "running");
assert.equal(report.metrics[0].deadline, "2026-03-16T11:00:00+03:00");
assert.equal(report.metrics[0].worked_seconds, 19 * 3600);
assert.deepEqual(sla.evaluate({ policy: policy.spec, ticket: ticket.toJSON(), at: AT }), report);

// ----- timings ----------------------------------------------------------------------

const cases = [
  ["Calendar.addSeconds(epoch s, seconds)", N, () => {
    for (let i = 0; i < N; i++) cal.addSeconds(startSeconds[i], spans[i]);
  }],
  ["Calendar.add(epoch ms, seconds)", N, () => {
    for (let i = 0; i < N; i++) cal.add(startMillis[i], spans[i]);
  }],
  ["Calendar.add(string, seconds)", N, () => {
    for (let i = 0; i < N; i++) cal.add(startStrings[i], spans[i]);
  }],
  ["Calendar.add(Date, seconds)", N, () => {
    for (let i = 0; i < N; i++) cal.add(starts[i], spans[i]);
  }],
  ['Calendar.add(string, "1h30m")', N, () => {
    for (let i = 0; i < N; i++) cal.add(startStrings[i], spanStrings[i]);
  }],
  ["Calendar.addMany(Float64Array, Float64Array)", N, () => {
    cal.addMany(startMillis, spans);
  }],
  ["Calendar.addMany(string[], Float64Array)", N, () => {
    cal.addMany(startStrings, spans);
  }],
  ["Calendar.betweenSeconds(epoch s, epoch s)", N, () => {
    for (let i = 0; i < N; i++) cal.betweenSeconds(startSeconds[i], endSeconds[i]);
  }],
  ["Calendar.between(epoch ms, epoch ms)", N, () => {
    for (let i = 0; i < N; i++) cal.between(startMillis[i], endMillis[i]);
  }],
  ["Calendar.between(string, string)", N, () => {
    for (let i = 0; i < N; i++) cal.between(startStrings[i], endStrings[i]);
  }],
  ["Calendar.betweenMany(Float64Array, Float64Array)", N, () => {
    cal.betweenMany(startMillis, endMillis);
  }],
  ["Policy.evaluate(Ticket, string), R3", 10_000, () => {
    for (let i = 0; i < 10_000; i++) policy.evaluate(ticket, AT);
  }],
];

console.log(`sla-wasm bench: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model}), median of ${RUNS} runs`);
console.log(`calendar: "Mon-Fri 09:00-18:00 Europe/Moscow +ru"`);
let failed = false;
for (const [name, calls, fn] of cases) {
  const ns = measure(fn, calls);
  let verdict = "";
  if (/^Calendar\.add(Seconds)?\(/.test(name) && name.endsWith(", seconds)")) {
    const ok = ns <= ADD_BAR_NS;
    // The bar is claimed for the numeric hot path; the other rows show
    // what each input form costs against it.
    if (name.startsWith("Calendar.addSeconds(")) failed ||= !ok;
    verdict = ok ? `  (bar ${ADD_BAR_NS} ns: ok)` : `  (bar ${ADD_BAR_NS} ns: MISSED)`;
  }
  const shown = ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
  console.log(`${name.padEnd(48)} ${String(calls).padStart(7)} calls  ${shown.padStart(9)} per call${verdict}`);
}
process.exit(failed ? 1 : 0);
