// Calendar: instants as strings and Dates, the closing rule, DST, the API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sla } from "./support.mjs";

const { Calendar } = sla;
const moscow = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");
// No production calendar: March 9, 2026 is a holiday in Russia (March 8 moved).
const plain = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow");

test("the Russian calendar: March 9, 2026 is the holiday moved from Sunday March 8", () => {
  assert.equal(moscow.add("2026-03-06T17:00:00+03:00", "2h"), "2026-03-10T10:00:00+03:00");
  assert.equal(plain.add("2026-03-06T17:00:00+03:00", "2h"), "2026-03-09T10:00:00+03:00");
});

test("the crate-docs example: a shortened day then the May holidays", () => {
  assert.equal(moscow.add("2026-05-08T16:30:00+03:00", "4h"), "2026-05-12T12:30:00+03:00");
  assert.deepEqual(moscow.dayHours("2026-05-08"), ["09:00-17:00"]);
  assert.deepEqual(moscow.dayHours("2026-05-09"), []);
  assert.deepEqual(moscow.dayHours("2026-05-12"), ["09:00-18:00"]);
});

test("epoch milliseconds in give epoch milliseconds out, the same instants as text", () => {
  const s = "2026-03-06T15:00:00+03:00";
  const ms = Date.parse(s);
  for (const d of [0, 60, -60, 4 * 3600, -4 * 3600, "4h", "2 working days", -5400]) {
    assert.equal(moscow.add(ms, d), Date.parse(moscow.add(s, d)), `add ${d}`);
    assert.equal(moscow.sub(ms, d), Date.parse(moscow.sub(s, d)), `sub ${d}`);
  }
  assert.equal(moscow.add(ms, 4 * 3600), Date.parse("2026-03-10T10:00:00+03:00"));
  assert.equal(moscow.nextOpening(ms), Date.parse(moscow.nextOpening(s)));
  assert.equal(moscow.nextClosing(ms), Date.parse(moscow.nextClosing(s)));
  assert.equal(moscow.nextWorking(ms + 5 * 3600_000), Date.parse("2026-03-10T09:00:00+03:00"));
  assert.equal(moscow.addWorkingDays(ms, 3, "end_of_day"), Date.parse(moscow.addWorkingDays(s, 3, "end_of_day")));
  assert.equal(moscow.between(ms, Date.parse("2026-03-10T10:00:00+03:00")), 4 * 3600);
  assert.equal(moscow.isWorking(ms), true);
  assert.deepEqual(moscow.dayHours(ms), ["09:00-18:00"]);
  // Whole seconds, as for text and Dates: the exact answer rounded up.
  assert.equal(moscow.add(ms + 999, 0), ms + 1000);
  assert.equal(moscow.add(ms + 999, 60), ms + 61_000);
  assert.equal(moscow.add(new Date(ms + 999), 60), moscow.add(s, 61));
  // ... and down for a backward count.
  assert.equal(moscow.sub(ms + 999, 60), ms - 60_000);
  // The same as the bulk form over a Float64Array.
  const starts = Float64Array.from({ length: 500 }, (_, i) => ms + i * 37 * 60_000);
  assert.deepEqual(Array.from(moscow.addMany(starts, 5400)), Array.from(starts, (t) => moscow.add(t, 5400)));
});

test("addSeconds and betweenSeconds: the core's hot path on epoch seconds", () => {
  const s = "2026-03-06T15:00:00+03:00";
  const t = Date.parse(s) / 1000;
  for (const d of [0, 1, -1, 3 * 3600, 4 * 3600, -4 * 3600, 40 * 3600]) {
    assert.equal(moscow.addSeconds(t, d), Date.parse(moscow.add(s, d)) / 1000, `add ${d}`);
  }
  assert.equal(moscow.addSeconds(t, 4 * 3600), Date.parse("2026-03-10T10:00:00+03:00") / 1000);
  assert.equal(moscow.betweenSeconds(t, Date.parse("2026-03-10T10:00:00+03:00") / 1000), 4 * 3600);
  assert.equal(moscow.betweenSeconds(Date.parse("2026-03-10T10:00:00+03:00") / 1000, t), -4 * 3600);
  for (let i = 0; i < 300; i++) {
    const a = t + i * 7919;
    const b = a + i * 104_729;
    assert.equal(moscow.betweenSeconds(a, b), moscow.between(a * 1000, b * 1000));
    assert.equal(moscow.addSeconds(a, i * 977), moscow.add(a * 1000, i * 977) / 1000);
  }
});

test("a Date and an RFC 3339 string are the same instant", () => {
  const s = "2026-03-06T15:00:00+03:00";
  const d = new Date("2026-03-06T12:00:00Z");
  assert.equal(plain.add(d, "3h"), plain.add(s, "3h"));
  assert.equal(plain.add(d, 4 * 3600), "2026-03-09T10:00:00+03:00");
  assert.equal(plain.between(d, "2026-03-09T10:00:00+03:00"), 4 * 3600);
  assert.equal(plain.isWorking(d), true);
  assert.deepEqual(plain.dayHours(d), ["09:00-18:00"]);
  // Output is always in the calendar's zone, whatever the input's offset.
  assert.equal(plain.nextWorking("2026-03-06T06:00:00Z"), "2026-03-06T09:00:00+03:00");
  // Sub-second parts of a Date are rounded as the core rounds them: up for add.
  assert.equal(plain.add(new Date("2026-03-06T12:00:00.750Z"), 60), "2026-03-06T15:01:01+03:00");
});

test("a deadline that lands on 18:00 is 18:00, and 18:00 is not working time", () => {
  assert.equal(plain.add("2026-03-02T09:00:00+03:00", "9h"), "2026-03-02T18:00:00+03:00");
  assert.equal(plain.add("2026-03-06T15:00:00+03:00", "3h"), "2026-03-06T18:00:00+03:00");
  assert.equal(plain.add("2026-03-06T15:00:00+03:00", "3h1s"), "2026-03-09T09:00:01+03:00");
  assert.equal(plain.isWorking("2026-03-02T18:00:00+03:00"), false);
  assert.equal(plain.isWorking("2026-03-02T17:59:59+03:00"), true);
  assert.equal(plain.isWorking("2026-03-02T09:00:00+03:00"), true);
  assert.equal(plain.nextClosing("2026-03-02T12:00:00+03:00"), "2026-03-02T18:00:00+03:00");
  assert.equal(plain.nextOpening("2026-03-02T18:00:00+03:00"), "2026-03-03T09:00:00+03:00");
  assert.equal(plain.nextWorking("2026-03-02T18:00:00+03:00"), "2026-03-03T09:00:00+03:00");
  // sub mirrors add: a start landing on an opening is that opening.
  assert.equal(plain.sub("2026-03-03T18:00:00+03:00", "9h"), "2026-03-03T09:00:00+03:00");
  assert.equal(plain.sub("2026-03-03T10:00:00+03:00", "2h"), "2026-03-02T17:00:00+03:00");
});

test("a DST zone: Berlin across the spring-forward weekend", () => {
  const berlin = new Calendar("Mon-Fri 09:00-18:00 Europe/Berlin");
  // Friday 17:00 CET + 2 working hours = Monday 10:00 CEST.
  assert.equal(berlin.add("2026-03-27T17:00:00+01:00", "2h"), "2026-03-30T10:00:00+02:00");
  assert.equal(berlin.between("2026-03-27T17:00:00+01:00", "2026-03-30T10:00:00+02:00"), 7200);
  // A 24x7 calendar counts elapsed time: 24 h after Saturday noon CET is
  // Sunday 13:00 CEST, since the night lost an hour.
  const always = Calendar.preset("24x7", "Europe/Berlin");
  assert.equal(always.add("2026-03-28T12:00:00+01:00", "24h"), "2026-03-29T13:00:00+02:00");
  assert.equal(always.between("2026-03-28T00:00:00+01:00", "2026-03-30T00:00:00+02:00"), 47 * 3600);
  // The fall-back night is 25 hours long.
  assert.equal(always.between("2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00"), 25 * 3600);
  assert.equal(berlin.timezone, "Europe/Berlin");
});

test("between is signed; add and sub take negative durations", () => {
  const a = "2026-03-06T17:00:00+03:00";
  const b = "2026-03-09T10:00:00+03:00";
  assert.equal(plain.between(a, b), 7200);
  assert.equal(plain.between(b, a), -7200);
  assert.equal(plain.add(b, -7200), a);
  assert.equal(plain.sub(a, -7200), b);
});

test("periods are clipped {start, end} objects", () => {
  const cal = new Calendar("Mon-Fri 09:00-13:00,14:00-18:00 UTC");
  assert.deepEqual(cal.periods("2026-03-06T10:00:00Z", "2026-03-09T12:00:00Z"), [
    { start: "2026-03-06T10:00:00+00:00", end: "2026-03-06T13:00:00+00:00" },
    { start: "2026-03-06T14:00:00+00:00", end: "2026-03-06T18:00:00+00:00" },
    { start: "2026-03-09T09:00:00+00:00", end: "2026-03-09T12:00:00+00:00" },
  ]);
  assert.deepEqual(cal.periods("2026-03-09T12:00:00Z", "2026-03-06T10:00:00Z"), []);
});

test("working days: by length, to the end of the day, and as a duration", () => {
  const t = "2026-03-02T11:00:00+03:00";
  assert.equal(moscow.addWorkingDays(t, 1), "2026-03-03T11:00:00+03:00");
  assert.equal(moscow.addWorkingDays(t, 1, "length"), "2026-03-03T11:00:00+03:00");
  assert.equal(moscow.addWorkingDays(t, 1, "end_of_day"), "2026-03-03T18:00:00+03:00");
  assert.equal(moscow.addWorkingDays(t, 0, "end_of_day"), "2026-03-02T18:00:00+03:00");
  assert.equal(moscow.add(t, "1 working day"), "2026-03-03T11:00:00+03:00");
  assert.equal(moscow.add(t, "2d"), moscow.addWorkingDays(t, 2));
  assert.equal(moscow.sub("2026-03-03T11:00:00+03:00", "1 working day"), t);
});

test("presets, getters and the spec round trip", () => {
  const cal = Calendar.preset("08:45-17:00", "Europe/Moscow");
  assert.equal(cal.workingDayLength, 8 * 3600 + 15 * 60);
  assert.equal(cal.coveredYears, null);
  assert.equal(Calendar.preset("9x5", "UTC").workingDayLength, 9 * 3600);
  assert.equal(Calendar.preset("24x7", "UTC").isWorking("2026-03-01T03:00:00Z"), true);
  const years = moscow.coveredYears;
  assert.ok(Array.isArray(years) && years.includes(2026), String(years));
  const spec = moscow.spec;
  assert.equal(spec.timezone, "Europe/Moscow");
  assert.deepEqual(spec.week, { "mon-fri": ["09:00-18:00"] });
  assert.deepEqual(spec.production_calendars, ["ru"]);
  const again = new Calendar(spec);
  assert.deepEqual(again.spec, spec);
  assert.deepEqual(JSON.parse(JSON.stringify(moscow)), spec);
  assert.deepEqual(Calendar.fromJson(JSON.stringify(spec)).spec, spec);
  assert.deepEqual(Calendar.fromJson('"Mon-Fri 09:00-18:00 Europe/Moscow +ru"').spec, spec);
  const toml = Calendar.fromToml('timezone = "Europe/Moscow"\nproduction_calendars = ["ru"]\n[week]\n"mon-fri" = ["09:00-18:00"]\n');
  assert.deepEqual(toml.spec, spec);
  assert.equal(toml.add("2026-05-08T16:30:00+03:00", "4h"), "2026-05-12T12:30:00+03:00");
});

test("the bundled production calendar is data", () => {
  const ru = sla.bundledProductionCalendar("ru");
  assert.equal(ru.name, "ru");
  assert.ok(ru.years["2026"].holidays.includes("2026-01-01"));
  // Given inline, it makes the same calendar as "+ru".
  const inline = new Calendar({ timezone: "Europe/Moscow", week: { "mon-fri": ["09:00-18:00"] }, production_calendars: [ru] });
  assert.equal(inline.add("2026-05-08T16:30:00+03:00", "4h"), "2026-05-12T12:30:00+03:00");
});

test("a leap second reads as the first second of the next minute, as in Python", () => {
  const t = "2026-03-02T10:00:00+03:00";
  assert.equal(moscow.add("2026-03-02T09:59:60+03:00", 0), t);
  assert.equal(moscow.between("2026-03-02T09:59:60+03:00", t), 0);
  assert.equal(moscow.between(t, "2026-03-02T17:59:60.5+03:00"), 8 * 3600);
  assert.equal(moscow.isWorking("2026-03-02T17:59:60+03:00"), false);
});
