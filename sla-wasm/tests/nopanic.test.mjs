// Garbage in: every call throws an Error (never a wasm trap, which would
// kill the module for the whole page) and the module keeps working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sla, DEMO_POLICY } from "./support.mjs";

const { Calendar, Policy } = sla;
const cyclic = {};
cyclic.self = cyclic;

const GARBAGE = [
  undefined, null, true, 0, -1, 1.5, NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 53, 2 ** 64,
  "", " ", "garbage", "2026-13-45T99:99:99+03:00", "9999-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
  "-4h", "99999999999999999999h", "4294967296 working days", "1e400",
  10n, Symbol("s"), () => 1, {}, [], [1, 2], { events: null }, { timezone: 42 }, cyclic,
  new Date(NaN), new Date(8.64e15), new Date(-8.64e15), new Date("1899-12-31T23:59:59Z"),
  new Date("2200-01-01T00:00:00Z"), new Map(), new Uint8Array(4),
];

const cal = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");
const weekly = new Calendar({ timezone: "Europe/Moscow", week: { "mon-fri": ["09:00-18:00"] }, production_calendars: ["ru"], out_of_range: "weekly" });
const policy = new Policy(DEMO_POLICY);
const t = "2026-03-02T10:00:00+03:00";
const T_SECONDS = Date.parse(t) / 1000;
const ticket = { events: [{ at: t, type: "created", priority: "high", category: "incident" }] };

/** Every user-reachable entry point with one argument replaced by `g`. */
function calls(g) {
  return {
    "new Calendar": () => new Calendar(g),
    "Calendar.preset(g, tz)": () => Calendar.preset(g, "UTC"),
    "Calendar.preset(name, g)": () => Calendar.preset("9x5", g),
    "Calendar.fromJson": () => Calendar.fromJson(g),
    "Calendar.fromToml": () => Calendar.fromToml(g),
    "add(g, d)": () => cal.add(g, "4h"),
    "add(t, g)": () => cal.add(t, g),
    "weekly.add(t, g)": () => weekly.add(t, g),
    "sub(g, d)": () => cal.sub(g, 60),
    "sub(t, g)": () => cal.sub(t, g),
    "between(g, t)": () => cal.between(g, t),
    "between(t, g)": () => weekly.between(t, g),
    "isWorking": () => cal.isWorking(g),
    "nextOpening": () => weekly.nextOpening(g),
    "nextClosing": () => cal.nextClosing(g),
    "nextWorking": () => cal.nextWorking(g),
    "periods(g, t)": () => cal.periods(g, t),
    "periods(t, g)": () => weekly.periods(t, g),
    "addWorkingDays(g, 1)": () => cal.addWorkingDays(g, 1),
    "addWorkingDays(t, g)": () => weekly.addWorkingDays(t, g, "end_of_day"),
    "addWorkingDays(t, 1, g)": () => cal.addWorkingDays(t, 1, g),
    "dayHours": () => cal.dayHours(g),
    "addMany(g, d)": () => cal.addMany(g, "4h"),
    "addMany([g], d)": () => cal.addMany([t, g], "4h"),
    "addMany([t], g)": () => weekly.addMany([t], g),
    "addMany(ms, [g])": () => cal.addMany(Float64Array.of(0), [g]),
    "betweenMany(g, ends)": () => cal.betweenMany(g, [t]),
    "betweenMany([t], [g])": () => weekly.betweenMany([t], [g]),
    "new Policy": () => new Policy(g),
    "addSeconds(g, d)": () => cal.addSeconds(g, 3600),
    "addSeconds(t, g)": () => cal.addSeconds(T_SECONDS, g),
    "weekly.addSeconds(g, d)": () => weekly.addSeconds(g, 3600),
    "betweenSeconds(g, t)": () => cal.betweenSeconds(g, T_SECONDS),
    "Policy.fromJson": () => Policy.fromJson(g),
    "Policy.fromToml": () => Policy.fromToml(g),
    "checkPair(g, p)": () => policy.checkPair(g, "high"),
    "checkPair(c, g)": () => policy.checkPair("incident", g),
    "calendar(g)": () => policy.calendar(g),
    "ticket(g)": () => policy.ticket(g),
    "evaluate(g, at)": () => policy.evaluate(g, t),
    "evaluate(ticket, g)": () => policy.evaluate(ticket, g),
    "evaluate(ticket, at, g)": () => policy.evaluate(ticket, g === undefined ? "x" : t, g),
    "evaluateMany(g, at)": () => policy.evaluateMany(g, t),
    "evaluateMany([g], at)": () => policy.evaluateMany([g], t),
    "evaluate(request g)": () => sla.evaluate(g),
    "evaluate({at: g})": () => sla.evaluate({ policy: DEMO_POLICY, ticket, at: g }),
    "evaluateJson": () => sla.evaluateJson(g),
    "bundledProductionCalendar": () => sla.bundledProductionCalendar(g),
  };
}

/** Calls whose garbage argument may legitimately be accepted. */
function accepted(name, g, value) {
  // Options: anything is read as "explain or not".
  if (name === "evaluate(ticket, at, g)") return typeof value === "object";
  // Optional meaning: undefined/null mean the default.
  if (name === "addWorkingDays(t, 1, g)") return g == null;
  // Durations: 0, -1, 2**53 seconds... a whole number is a duration; "weekly"
  // calendars do not end in 2026.
  if (/^(weekly\.)?(add|sub)\(t, g\)$/.test(name)) return typeof value === "string";
  if (name === "addWorkingDays(t, g)") return typeof value === "string";
  // Epoch seconds: a whole number of seconds is a duration, and any whole
  // number an instant on a "weekly" calendar within the years 1900-2099.
  if (name === "addSeconds(t, g)" || name === "weekly.addSeconds(g, d)") return typeof value === "number";
  // A Date or string far in the past/future can still be a valid instant on
  // a "weekly" calendar, and an empty array maps to no reports.
  if (name.startsWith("between(t, g)") || name.startsWith("periods(") || name === "nextOpening") return true;
  if (name === "evaluateMany(g, at)") return Array.isArray(value);
  // Bulk calls: missing items (null, undefined) and valid instants or
  // durations among the garbage give results; what is checked is that
  // everything else throws an Error.
  if (name.includes("Many(")) return Array.isArray(value) || value instanceof Float64Array;
  return false;
}

test("garbage inputs throw Errors, never trap", () => {
  let thrown = 0;
  for (const g of GARBAGE) {
    for (const [name, call] of Object.entries(calls(g))) {
      let value;
      try {
        value = call();
      } catch (e) {
        thrown++;
        const label = `${name} with ${typeof g === "symbol" ? "Symbol" : String(g)}`;
        assert.ok(e instanceof Error, `${label}: threw a non-Error ${String(e)}`);
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `${label}: wasm trap: ${e.message}`);
        // An argument of a type the call does not take: a TypeError, as in Python.
        if (e instanceof TypeError && e.message.startsWith("expected ")) continue;
        // A number parameter (the *Seconds methods) given a BigInt or a
        // Symbol: JavaScript's own TypeError, before the call enters wasm.
        if (e instanceof TypeError && name.includes("Seconds(") && /^Cannot convert a (BigInt value|Symbol value) to a number$/.test(e.message)) continue;
        assert.ok(
          ["calendar", "range", "input", "policy", "event"].includes(e.kind),
          `${label}: not an engine error: ${e.name}: ${e.message}`,
        );
        continue;
      }
      assert.ok(accepted(name, g, value), `${name} accepted ${typeof g === "symbol" ? "Symbol" : String(g)}: ${JSON.stringify(value)}`);
    }
  }
  assert.ok(thrown > 1000, `only ${thrown} errors`);
});

test("the module keeps working after all that", () => {
  assert.equal(cal.add("2026-05-08T16:30:00+03:00", "4h"), "2026-05-12T12:30:00+03:00");
  assert.equal(new Calendar("24x7 UTC").add("2026-01-01T00:00:00Z", 3600), "2026-01-01T01:00:00+00:00");
  assert.equal(policy.evaluate(ticket, "2026-03-02T10:30:00+03:00").metrics[0].remaining_seconds, 1800);
});

test("a freed object throws an Error instead of trapping", () => {
  const c = new Calendar("24x7 UTC");
  c.free();
  assert.throws(() => c.add("2026-01-01T00:00:00Z", 60), Error);
  assert.equal(cal.isWorking("2026-03-02T10:00:00+03:00"), true);
});
