// Calendar.addMany / betweenMany: arrays and Float64Arrays give exactly the
// single calls' results, missing items pass through, bad input is named.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sla, throwsSla } from "./support.mjs";

const cal = new sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");

// Starts every 7 hours 13 minutes over two months (nights, weekends, the
// March 9 holiday), as strings, Dates and epoch milliseconds.
const strings = [];
for (let i = 0; i < 200; i++) {
  strings.push(cal.add(new Date(Date.parse("2026-02-27T00:00:00Z") + i * 433 * 60_000), 0));
}
const dates = strings.map((s) => new Date(s));
const millis = Float64Array.from(dates, (d) => d.getTime());
const durations = strings.map((_, i) => (i % 3 === 0 ? "2 working days" : (i * 977) % 40_000));

test("addMany over an array equals add item by item", () => {
  const expected = strings.map((s, i) => cal.add(s, durations[i]));
  assert.deepEqual(cal.addMany(strings, durations), expected);
  assert.deepEqual(cal.addMany(dates, durations), expected);
  assert.deepEqual(cal.addMany(strings, "4h"), strings.map((s) => cal.add(s, "4h")));
  assert.deepEqual(cal.addMany(strings, 3600), strings.map((s) => cal.add(s, 3600)));
});

test("addMany over a Float64Array gives epoch milliseconds", () => {
  const seconds = Float64Array.from(strings, (_, i) => (i * 977) % 40_000);
  const out = cal.addMany(millis, seconds);
  assert.ok(out instanceof Float64Array);
  assert.equal(out.length, strings.length);
  out.forEach((ms, i) => assert.equal(ms, Date.parse(cal.add(strings[i], seconds[i])), strings[i]));
  // One duration for all items.
  const fourHours = cal.addMany(millis, "4h");
  fourHours.forEach((ms, i) => assert.equal(ms, Date.parse(cal.add(strings[i], "4h"))));
});

test("missing items pass through: null, undefined, NaN", () => {
  assert.deepEqual(
    cal.addMany(["2026-05-08T16:30:00+03:00", null, undefined, "2026-05-08T16:30:00+03:00"], ["4h", "4h", "4h", null]),
    ["2026-05-12T12:30:00+03:00", null, null, null],
  );
  const out = cal.addMany(Float64Array.of(Date.parse("2026-05-08T13:30:00Z"), NaN), Float64Array.of(14_400, 60));
  assert.equal(new Date(out[0]).toISOString(), "2026-05-12T09:30:00.000Z");
  assert.ok(Number.isNaN(out[1]));
  assert.deepEqual(cal.betweenMany(["2026-05-08T16:30:00+03:00", null], ["2026-05-12T12:30:00+03:00", "2026-05-12T12:30:00+03:00"]), [14_400, null]);
  const between = cal.betweenMany(Float64Array.of(NaN, 0), [strings[0], null]);
  assert.ok(between instanceof Float64Array && Number.isNaN(between[0]) && Number.isNaN(between[1]));
  assert.deepEqual(cal.addMany([], "4h"), []);
});

test("betweenMany equals between item by item; the result follows starts", () => {
  const ends = strings.map((s, i) => cal.add(s, durations[i]));
  const expected = strings.map((s, i) => cal.between(s, ends[i]));
  assert.deepEqual(cal.betweenMany(strings, ends), expected);
  // Reversed pairs are negative, as for between.
  assert.deepEqual(cal.betweenMany(ends, strings), expected.map((s) => -s));
  const typed = cal.betweenMany(millis, ends);
  assert.ok(typed instanceof Float64Array);
  assert.deepEqual(Array.from(typed), expected);
});

test("bad input is named, as the single calls and Python name it", () => {
  throwsSla(() => cal.addMany(strings.slice(0, 3), ["1h", "2h"]), "input", "times and durations differ in length: 3 and 2");
  throwsSla(() => cal.betweenMany(strings.slice(0, 2), strings.slice(0, 1)), "input", "starts and ends differ in length: 2 and 1");
  throwsSla(() => cal.addMany(["2026-03-02T10:00:00+03:00", "tomorrow"], "1h"), "input", /^invalid instant "tomorrow"/);
  throwsSla(() => cal.addMany(Float64Array.of(0), Float64Array.of(0.5)), "input", /^invalid duration "0.5"/);
  throwsSla(() => cal.addMany(Float64Array.of(Infinity), 60), "range", /^instant Infinity ms after 1970/);
  throwsSla(() => cal.addMany(["1850-01-01T00:00:00Z"], 60), "range", "instant 1850-01-01T00:00:00Z is outside the supported range (years 1900 to 2099)");
  assert.throws(() => cal.addMany("2026-03-02T10:00:00+03:00", "1h"), {
    name: "TypeError",
    message: "expected an array of instants or a Float64Array of epoch milliseconds, found string",
  });
  assert.throws(() => cal.betweenMany(strings, null), {
    name: "TypeError",
    message: "expected an array of instants or a Float64Array of epoch milliseconds, found null",
  });
});

test("an array of epoch milliseconds gives RFC 3339 strings, as any array does", () => {
  const cal = new sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");
  const s = "2026-05-08T16:30:00+03:00";
  assert.deepEqual(cal.addMany([Date.parse(s), null, s], "4h"), [cal.add(s, "4h"), null, cal.add(s, "4h")]);
});
