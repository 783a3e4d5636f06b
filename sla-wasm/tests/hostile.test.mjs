// Hostile input (issue 16): the same inputs as sla-py/tests/test_hostile.py
// give the same typed errors; sub-second parts of instants are rounded,
// never dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sla, throwsSla } from "./support.mjs";

const { Calendar, Policy } = sla;
const CAL = new Calendar("Mon-Fri 09:00-17:00 UTC");
const T = "2026-03-02T10:00:00Z"; // a Monday

const POLICY = {
  name: "small",
  calendars: { office: "Mon-Fri 09:00-18:00 UTC" },
  priorities: [{ id: "high" }],
  categories: [{ id: "incident" }],
  metrics: [{ id: "resolution", stop: "resolved", targets: { incident: { "*": "4h" } } }],
};
const TICKET = {
  events: [{ at: "2026-03-02T10:00:00Z", type: "created", priority: "high", category: "incident" }],
};

const TOO_DEEP = "invalid data: nested more than 127 levels deep";
const CYCLIC = "invalid data: a list or object contains itself";
const LONE =
  'invalid data: string "a\ufffdb" holds a lone UTF-16 surrogate (shown as U+FFFD), which is not Unicode text';

function nested(levels) {
  let x = [];
  for (let i = 1; i < levels; i++) x = [x];
  return x;
}

/** Every entry point that takes an object, given `data` somewhere inside one. */
function objectEntryPoints(data) {
  const policy = new Policy(POLICY);
  const badPolicy = { ...POLICY, calendars: { office: { timezone: "UTC", week: { mon: data } } } };
  const badTicket = structuredClone(TICKET);
  badTicket.events[0].comment = data;
  return [
    () => new Calendar({ timezone: "UTC", week: { mon: data } }),
    () => new Policy(badPolicy),
    () => policy.ticket(badTicket),
    () => policy.evaluate(badTicket, T),
    () => policy.evaluateMany([badTicket], T),
    () => sla.evaluate({ policy: POLICY, ticket: badTicket, at: "2026-03-02T12:00:00Z" }),
  ];
}

// ----- 1. deep and self-referencing data ---------------------------------

test("deeply nested data is an InputError", () => {
  for (const fn of objectEntryPoints(nested(10_000))) throwsSla(fn, "input", TOO_DEEP);
  // Deeper than JSON.stringify itself can go.
  for (const fn of objectEntryPoints(nested(1_000_000))) throwsSla(fn, "input", TOO_DEEP);
});

test("data that contains itself is an InputError", () => {
  const x = [];
  x.push(x);
  for (const fn of objectEntryPoints(x)) throwsSla(fn, "input", CYCLIC);
  const d = { timezone: "UTC" };
  d.week = d;
  throwsSla(() => new Calendar(d), "input", CYCLIC);
});

test("the depth bound is 127 levels, as in Python", () => {
  throwsSla(() => new Calendar({ timezone: "UTC", week: nested(126) }), "calendar", /expected a map/);
  throwsSla(() => new Calendar({ timezone: "UTC", week: nested(127) }), "input", TOO_DEEP);
});

test("shared values are not cycles", () => {
  const hours = ["09:00-17:00"];
  const cal = new Calendar({ timezone: "UTC", week: { mon: hours, tue: hours } });
  assert.deepEqual(cal.dayHours("2026-03-02"), ["09:00-17:00"]);
});

test("JSON text nested too deeply is a typed error", () => {
  const deep = "[".repeat(10_000) + "]".repeat(10_000);
  throwsSla(() => Calendar.fromJson(`{"timezone": ${deep}}`), "calendar", /recursion limit exceeded/);
  throwsSla(() => Policy.fromJson(`{"name": ${deep}}`), "policy", /recursion limit exceeded/);
  assert.throws(() => sla.evaluateJson(`{"policy": ${deep}}`), /recursion limit exceeded/);
});

// ----- 2. data errors -----------------------------------------------------

test("a working-day count out of range is an InputError", () => {
  for (const n of [-1, 2 ** 32, 2 ** 70]) {
    throwsSla(
      () => CAL.addWorkingDays(T, n),
      "input",
      `invalid duration "${String(n)} working days": expected a whole number of days from 0 to 4294967295`,
    );
  }
});

test("epoch seconds and seconds out of range are typed errors", () => {
  throwsSla(
    () => CAL.addSeconds(2 ** 63, 0),
    "range",
    "instant 9223372036854776000 epoch seconds is outside the supported range (years 1900 to 2099)",
  );
  throwsSla(
    () => CAL.betweenSeconds(0, 2 ** 63),
    "range",
    "instant 9223372036854776000 epoch seconds is outside the supported range (years 1900 to 2099)",
  );
  throwsSla(() => CAL.addSeconds(1772445600, 2 ** 63), "input", 'invalid duration "9223372036854776000": the number is too large');
  throwsSla(() => CAL.add(T, 1e12 + 1), "input", 'invalid duration "1000000000001": the number is too large');
});

test("a huge number in data is the float JSON makes it", () => {
  throwsSla(
    () => new Calendar({ timezone: "UTC", week: { mon: ["09:00-17:00"] }, horizon_days: 2 ** 70 }),
    "calendar",
    /horizon_days: invalid type: floating point 1\.18059162071741\d+e\+21,/,
  );
});

test("a lone surrogate in a string is an InputError", () => {
  const policy = new Policy(POLICY);
  const entryPoints = [
    (s) => new Calendar(s),
    (s) => Calendar.preset(s, "UTC"),
    (s) => Calendar.preset("9x5", s),
    (s) => Calendar.fromJson(s),
    (s) => Calendar.fromToml(s),
    (s) => CAL.addWorkingDays(T, 1, s),
    (s) => new Policy(s),
    (s) => Policy.fromJson(s),
    (s) => Policy.fromToml(s),
    (s) => policy.calendar(s),
    (s) => policy.checkPair(s, "high"),
    (s) => policy.checkPair("incident", s),
    (s) => policy.ticket(s),
    (s) => policy.evaluate(s, T),
    (s) => sla.evaluate(s),
    (s) => sla.evaluateJson(s),
    (s) => sla.bundledProductionCalendar(s),
    (s) => new Calendar({ timezone: s }),
    (s) => new Calendar({ [s]: "UTC" }),
    (s) => new Policy({ ...POLICY, name: s }),
  ];
  for (const fn of entryPoints) throwsSla(() => fn("a\ud800b"), "input", LONE);
  // A well-formed pair is text like any other.
  throwsSla(() => Calendar.preset("9x5", "a\ud83d\ude00b"), "calendar", 'unknown time zone "a😀b"');
});

test("adding nothing beyond the supported range is an OutOfRangeError", () => {
  const t = "9999-12-31T23:59:00-23:00";
  throwsSla(() => CAL.add(t, 0), "range", /outside the supported range/);
  throwsSla(() => CAL.sub(t, 0), "range", /outside the supported range/);
});

// ----- 3. sub-second parts are rounded, never dropped ---------------------

test("an instant with milliseconds rounds the result up", () => {
  assert.equal(CAL.add("2026-03-09T10:13:00.5Z", "1h"), "2026-03-09T11:13:01+00:00");
  assert.equal(CAL.add("2026-03-09T10:13:00.5Z", 0), "2026-03-09T10:13:01+00:00");
  assert.equal(CAL.add(new Date("2026-03-09T10:13:00.500Z"), "1h"), "2026-03-09T11:13:01+00:00");
  // Epoch milliseconds in, epoch milliseconds out.
  const ms = Date.parse("2026-03-06T16:59:59.500Z");
  assert.equal(CAL.add(ms, 1), Date.parse("2026-03-09T09:00:01Z"));
  assert.equal(CAL.add(ms, 0), Date.parse("2026-03-06T17:00:00Z"));
  assert.deepEqual(Array.from(CAL.addMany(new Float64Array([ms]), 1)), [Date.parse("2026-03-09T09:00:01Z")]);
  assert.equal(CAL.addWorkingDays("2026-03-09T10:13:00.5Z", 1), "2026-03-10T10:13:01+00:00");
});

test("a backward count rounds down", () => {
  assert.equal(CAL.sub("2026-03-09T10:00:00.3Z", 1), "2026-03-09T09:59:59+00:00");
  assert.equal(CAL.sub("2026-03-09T10:00:00.7Z", 0), "2026-03-09T10:00:00+00:00");
  assert.equal(CAL.sub(Date.parse("2026-03-09T09:00:00.4Z"), 1), Date.parse("2026-03-06T16:59:59Z"));
});

test("a fractional number of seconds is an InputError, not truncated", () => {
  throwsSla(
    () => CAL.add("2026-03-07T10:13:00Z", 0.555),
    "input",
    'invalid duration "0.555": expected a whole number of seconds or a duration like "4h"',
  );
});
