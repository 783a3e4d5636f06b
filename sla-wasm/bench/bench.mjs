// Benchmarks of the Node build (sla-wasm/pkg-node): the cost of one call
// through the binding, boundary crossing included. Each case runs its batch
// RUNS times after a warm-up and reports the median time per call; every
// case checks its results before it is timed, so a fast wrong answer fails.
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

// Start instants spread over 2026, every 37 minutes (working time or not),
// so the index is searched at many places, holidays included.
const starts = [];
const startMs = Date.parse("2026-01-05T06:00:00Z");
for (let i = 0; i < N; i++) starts.push(new Date(startMs + ((i * 37 * 60_000) % (330 * 86_400_000))));
const startStrings = starts.map((d) => cal.add(d, 0));
const FOUR_HOURS = 4 * 3600;

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
assert.equal(cal.add(new Date("2026-05-08T13:30:00Z"), FOUR_HOURS), "2026-05-12T12:30:00+03:00");
// Every deadline of the batch is 4 working hours after its start, from
// strings and from Dates alike.
const deadlines = startStrings.map((s) => cal.add(s, FOUR_HOURS));
for (let i = 0; i < N; i += 97) {
  assert.equal(cal.between(startStrings[i], deadlines[i]), FOUR_HOURS, startStrings[i]);
  assert.equal(cal.add(starts[i], FOUR_HOURS), deadlines[i]);
}

// Epoch milliseconds in give the same deadlines in epoch milliseconds, epoch
// seconds in epoch seconds.
const startSeconds = Float64Array.from(starts, (d) => d.getTime() / 1000);
for (let i = 0; i < N; i += 97) {
  assert.equal(cal.add(starts[i].getTime(), FOUR_HOURS), Date.parse(deadlines[i]));
  assert.equal(cal.addSeconds(startSeconds[i], FOUR_HOURS), Date.parse(deadlines[i]) / 1000);
}
// The bulk forms give the same deadlines (epoch milliseconds from a Float64Array).
const startMillis = Float64Array.from(starts, (d) => d.getTime());
assert.deepEqual(cal.addMany(startStrings, FOUR_HOURS), deadlines);
assert.deepEqual(Array.from(cal.addMany(startMillis, FOUR_HOURS)), deadlines.map((s) => Date.parse(s)));

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
  ["Calendar.add(string, seconds)", N, () => {
    for (let i = 0; i < N; i++) cal.add(startStrings[i], FOUR_HOURS);
  }],
  ["Calendar.add(epoch ms, seconds)", N, () => {
    for (let i = 0; i < N; i++) cal.add(startMillis[i], FOUR_HOURS);
  }],
  ["Calendar.addSeconds(epoch s, seconds)", N, () => {
    for (let i = 0; i < N; i++) cal.addSeconds(startSeconds[i], FOUR_HOURS);
  }],
  ["Calendar.add(Date, seconds)", N, () => {
    for (let i = 0; i < N; i++) cal.add(starts[i], FOUR_HOURS);
  }],
  ['Calendar.add(string, "4h")', N, () => {
    for (let i = 0; i < N; i++) cal.add(startStrings[i], "4h");
  }],
  ["Calendar.addMany(Float64Array, seconds)", N, () => {
    cal.addMany(startMillis, FOUR_HOURS);
  }],
  ["Calendar.addMany(string[], seconds)", N, () => {
    cal.addMany(startStrings, FOUR_HOURS);
  }],
  ["Calendar.between(string, string)", N, () => {
    for (let i = 0; i < N; i++) cal.between(startStrings[i], deadlines[i]);
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
  console.log(`${name.padEnd(38)} ${String(calls).padStart(7)} calls  ${shown.padStart(9)} per call${verdict}`);
}
process.exit(failed ? 1 : 0);
