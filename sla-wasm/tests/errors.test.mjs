// One error family at a time: the class name, the kind and the core's text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sla, throwsSla, DEMO_POLICY, CLASS } from "./support.mjs";

const { Calendar, Policy } = sla;
const cal = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");

test("calendar errors are CalendarError", () => {
  throwsSla(() => new Calendar("Mon-Fri 09:00-18:00 Mars/Olympus"), "calendar", 'unknown time zone "Mars/Olympus"');
  throwsSla(
    () => new Calendar("Mon-Fri 09:00-18:00 Moscow"),
    "calendar",
    'invalid calendar text "Mon-Fri 09:00-18:00 Moscow": "Moscow" is neither a day set, a preset, a time zone nor +calendar',
  );
  throwsSla(
    () => new Calendar({ timezone: "UTC", week: { mon: ["09:00-13:00", "12:00-18:00"] } }),
    "calendar",
    "overlapping working intervals on mon: 09:00-13:00 and 12:00-18:00",
  );
  throwsSla(() => new Calendar({ timezone: "UTC", week: {} }), "calendar", "the calendar has no working time in its weekly template");
  throwsSla(() => new Calendar({ timezone: "UTC", weeks: {} }), "calendar", /^invalid calendar data: unknown field "weeks"/);
  throwsSla(() => Calendar.fromJson("{"), "calendar", /^invalid calendar data: /);
  throwsSla(() => Calendar.fromToml("timezone = "), "calendar", /^invalid calendar data: /);
  throwsSla(() => sla.bundledProductionCalendar("xx"), "calendar", 'unknown production calendar "xx" (bundled: "ru")');
});

test("range errors are OutOfRangeError", () => {
  const e = throwsSla(() => cal.add("2090-03-02T10:00:00+03:00", "1h"), "range", /^no calendar data for year 2090 \(loaded: /);
  assert.match(e.message, /set out_of_range to "weekly"/);
  throwsSla(() => new Calendar("Mon-Fri 09:00-18:00 UTC").add("1850-03-02T10:00:00+03:00", "1h"), "range", /is outside the supported range \(years 1900 to 2099\)$/);
  throwsSla(() => cal.add(new Date(8.64e15), "1h"), "range", "instant +275760-09-13T00:00:00.000Z is outside the supported range (years 1900 to 2099)");
  const short = new Calendar({ timezone: "UTC", week: { mon: ["09:00-10:00"] }, horizon_days: 3 });
  throwsSla(() => short.add("2026-03-03T00:00:00Z", "1h"), "range", "no result within the search horizon of 3 days after 2026-03-03T00:00:00+00:00");
});

test("input errors are InputError", () => {
  throwsSla(
    () => cal.add("yesterday", "4h"),
    "input",
    'invalid instant "yesterday": expected RFC 3339 with an offset, like "2026-03-02T10:00:00+03:00"',
  );
  throwsSla(() => cal.add("2026-03-02T10:00:00", "4h"), "input", /^invalid instant "2026-03-02T10:00:00": /);
  throwsSla(() => cal.add("2026-03-02T10:00:00+03:00", "4 weeks"), "input", 'invalid duration "4 weeks": unknown unit; expected s, m, h or d');
  // Calendar time is a duration too (sla_core::Amount): elapsed, whatever the calendar says.
  assert.equal(cal.add("2026-03-02T10:00:00+03:00", "3 calendar days"), "2026-03-05T10:00:00+03:00");
  throwsSla(() => cal.add("2026-03-02T10:00:00+03:00", 1.5), "input", 'invalid duration "1.5": expected a whole number of seconds or a duration like "4h"');
  throwsSla(() => cal.add(new Date(NaN), 60), "input", /^invalid instant "Invalid Date"/);
  throwsSla(() => cal.add(NaN, 60), "input", /^invalid instant "NaN"/);
  throwsSla(() => cal.between(0, NaN), "input", /^invalid instant "NaN"/);
  throwsSla(() => cal.addSeconds(NaN, 60), "input", /^invalid instant "NaN"/);
  throwsSla(() => cal.addSeconds(1.5, 60), "input", /^invalid instant "1.5 epoch seconds"/);
  throwsSla(() => cal.addSeconds(1772434800, 1.5), "input", /^invalid duration "1.5": /);
  // A number or a Date is not told that RFC 3339 text was expected.
  throwsSla(() => cal.add(NaN, 60), "input", 'invalid instant "NaN": expected a number of epoch milliseconds');
  throwsSla(() => cal.add(new Date(NaN), 60), "input", 'invalid instant "Invalid Date": expected a Date with a time');
  throwsSla(() => cal.addSeconds(1.5, 60), "input", 'invalid instant "1.5 epoch seconds": expected a whole number of epoch seconds');
  throwsSla(() => cal.addSeconds(NaN, 60), "input", 'invalid instant "NaN": expected a whole number of epoch seconds');
  throwsSla(() => cal.addSeconds(1772434800, 1e13), "input", 'invalid duration "10000000000000": the number is too large');
  throwsSla(() => cal.betweenSeconds(1772434800, Infinity), "range", "instant Infinity epoch seconds is outside the supported range (years 1900 to 2099)");
  throwsSla(() => cal.add(Infinity, 60), "range", "instant Infinity ms after 1970-01-01T00:00:00Z is outside the supported range (years 1900 to 2099)");
  throwsSla(() => cal.add(-1e300, 60), "range", /^instant -1e\+300 ms after 1970-01-01T00:00:00Z is outside/);
});

test("policy errors are PolicyError", () => {
  const policy = new Policy(DEMO_POLICY);
  throwsSla(() => policy.checkPair("incident", "urgent"), "policy", 'unknown priority "urgent" (known: "high", "low")');
  throwsSla(
    () => policy.checkPair("question", "high"),
    "policy",
    'category "question" does not allow priority "high" (metric "reaction" marks the pair as not allowed)',
  );
  throwsSla(() => new Policy({ ...DEMO_POLICY, colour: "red" }), "policy", /^invalid policy: unknown field "colour"/);
  throwsSla(() => new Policy("not json"), "policy", /^invalid policy: /);
  throwsSla(() => Policy.fromJson("{"), "policy", /^invalid policy: /);
  throwsSla(() => Policy.fromToml("name = 1"), "policy", /^invalid policy: /);
  throwsSla(() => Calendar.preset("10x6", "UTC"), "policy", 'unknown preset "10x6" (known: "24x7", "9x5", "08:45-17:00", "09:00-17:00")');
  throwsSla(() => cal.addWorkingDays("2026-03-02T10:00:00+03:00", 1, "weeks"), "policy", /^unknown working-day meaning "weeks"/);
});

test("event errors are EventError", () => {
  const policy = new Policy(DEMO_POLICY);
  throwsSla(
    () => policy.ticket({ events: [{ at: "2026-03-02T10:00:00+03:00", type: "resumed" }] }),
    "event",
    'invalid ticket: the first event must be "created", found "resumed"',
  );
  const created = { at: "2026-03-02T10:00:00+03:00", type: "created", priority: "high", category: "incident" };
  throwsSla(
    () => policy.ticket({ events: [created, { at: "2026-03-02T09:00:00+03:00", type: "responded" }] }),
    "event",
    "event #1 (responded) at 2026-03-02T09:00:00+03:00 is earlier than the event before it at 2026-03-02T10:00:00+03:00",
  );
  throwsSla(
    () => policy.ticket({ events: [created, { at: "2026-03-02T11:00:00+03:00", type: "resumed" }] }),
    "event",
    "event #1 (resumed) is not allowed: resume without a pause",
  );
  throwsSla(() => policy.evaluate({ events: [created] }, "2026-03-01T10:00:00+03:00"), "event", /^the evaluation instant .* is before the ticket was created/);
});

test("an argument of a type the call does not take is a TypeError, as in Python", () => {
  const policy = new Policy(DEMO_POLICY);
  const t = "2026-03-02T10:00:00+03:00";
  const typeError = (fn, message) => assert.throws(fn, (e) => {
    assert.equal(Object.getPrototypeOf(e), TypeError.prototype);
    assert.equal(e.message, message);
    assert.equal(e.kind, undefined);
    return true;
  });
  const INSTANT = "expected an instant (RFC 3339 text, a Date or epoch milliseconds)";
  typeError(() => cal.add(true, 60), `${INSTANT}, found boolean`);
  typeError(() => cal.between(t, null), `${INSTANT}, found null`);
  typeError(() => cal.isWorking({}), `${INSTANT}, found object`);
  typeError(() => cal.nextOpening([t]), `${INSTANT}, found array`);
  typeError(() => cal.add(t, null), 'expected a duration (a number of seconds or text like "4h"), found null');
  typeError(() => cal.add(t, [60]), 'expected a duration (a number of seconds or text like "4h"), found array');
  typeError(() => cal.addWorkingDays(t, "3"), "expected a number of working days, found string");
  typeError(() => cal.addWorkingDays(t, 1, 2), "expected a string, found number");
  typeError(() => Calendar.preset(9, "UTC"), "expected a string, found number");
  typeError(() => Calendar.fromJson({ timezone: "UTC" }), "expected a string, found object");
  typeError(() => sla.evaluateJson(undefined), "expected a string, found undefined");
  typeError(() => policy.checkPair("incident", null), "expected a string, found null");
  typeError(() => new Calendar(42), "expected a calendar text form or a CalendarSpec object, found number");
  typeError(() => new Policy([]), "expected a PolicySpec object or JSON text, found array");
  typeError(() => sla.evaluate(null), "expected an EvaluateRequest object or JSON text, found null");
  typeError(() => policy.ticket(true), "expected a TicketSpec object or JSON text, found boolean");
  typeError(() => policy.evaluate(3, t), "expected a Ticket, a TicketSpec object or JSON text, found number");
  typeError(() => policy.evaluateMany("nope", t), "expected an array of tickets, found string");
  typeError(() => policy.evaluateMany([null], t), "expected a Ticket, a TicketSpec object or JSON text, found null");
  typeError(() => cal.addMany([t, {}], 60), `${INSTANT}, found object`);
  typeError(
    () => policy.ticket({ id: 10n, events: [] }),
    "expected JSON data, found a value JSON.stringify refuses: Do not know how to serialize a BigInt",
  );
  // A value of the right type that the engine refuses is the engine's error.
  throwsSla(() => cal.add(t, NaN), "input", 'invalid duration "NaN": expected a whole number of seconds or a duration like "4h"');
  throwsSla(() => cal.addWorkingDays(t, -1), "input", 'invalid duration "-1 working days": expected a whole number of days from 0 to 4294967295');
});

test("a missing event time says so: null, undefined, an invalid Date or left out (as in Python)", () => {
  const policy = new Policy(DEMO_POLICY);
  const created = { at: "2026-03-02T10:00:00+03:00", type: "created", priority: "high", category: "incident" };
  const at = "2026-03-02T12:00:00+03:00";
  for (const responded of [
    { at: null, type: "responded" },
    { at: undefined, type: "responded" },
    { at: new Date(NaN), type: "responded" },
    { type: "responded" },
  ]) {
    const ticket = { events: [created, responded] };
    for (const call of [
      () => policy.ticket(ticket),
      () => policy.evaluate(ticket, at),
      () => sla.evaluate({ policy: DEMO_POLICY, ticket, at }),
    ]) {
      throwsSla(call, "event", 'invalid ticket: events[1]: missing field "at"');
    }
    // In a batch, the error names the ticket's place (and its id, if it has one).
    throwsSla(() => policy.evaluateMany([ticket], at), "event", 'ticket #0: invalid ticket: events[1]: missing field "at"');
  }
});

test("errors are plain Errors with a stack and a kind", () => {
  try {
    new Calendar("Mon-Fri 09:00-18:00 Nowhere/City");
    assert.fail("no error");
  } catch (e) {
    assert.ok(e instanceof Error);
    assert.equal(Object.getPrototypeOf(e), Error.prototype);
    assert.equal(e.name, CLASS.calendar);
    assert.equal(e.kind, "calendar");
    assert.equal(typeof e.stack, "string");
    assert.equal(String(e), 'CalendarError: unknown time zone "Nowhere/City"');
  }
});

test("an instant that is not short ASCII text takes the general path, same errors", () => {
  throwsSla(() => cal.add("2026-03-02T10:00:00+03:00\u00e9", 60), "input", /^invalid instant "2026-03-02T10:00:00\+03:00\u00e9": /);
  const long = "2026-03-02T10:00:00+03:00".padEnd(80, "x");
  const e = throwsSla(() => cal.add(long, 60), "input");
  assert.ok(e.message.startsWith(`invalid instant "${long}": `), e.message);
  // The fast path and the general one agree on a valid instant.
  assert.equal(cal.add("2026-03-02T10:00:00+03:00", 60), "2026-03-02T10:01:00+03:00");
  assert.equal(cal.add(new String("2026-03-02T10:00:00+03:00").toString(), 60), "2026-03-02T10:01:00+03:00");
});

test("duplicate keys in JSON text, a DST zone after 2099 and fractional durations", () => {
  throwsSla(() => Calendar.fromJson('{"timezone": "UTC", "timezone": "Europe/Moscow"}'), "calendar", /^invalid calendar data: duplicate key "timezone" at line 1/);
  const policy = JSON.stringify(DEMO_POLICY);
  throwsSla(() => Policy.fromJson('{"name": "twice", ' + policy.slice(1)), "policy", /duplicate key "name"/);
  const berlin = new Calendar("Mon-Fri 09:00-18:00 Europe/Berlin");
  assert.equal(berlin.add("2099-07-01T08:00:00+02:00", "2h"), "2099-07-01T11:00:00+02:00");
  throwsSla(() => berlin.add("2150-07-01T07:30:00Z", "1h"), "range", "instant 2150-07-01T07:30:00Z is outside the supported range (years 1900 to 2099)");
  throwsSla(() => cal.add("2026-03-02T10:00:00+03:00", "1.5h"), "input", 'invalid duration "1.5h": fractions are not supported; use a smaller unit, like "1h30m" for 1.5 hours');
});
