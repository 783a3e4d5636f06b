// The bad-input catalogue shared by the Rust, Python and JS suites
// (tests/bad_inputs.json, written by scripts/gen-bad-inputs.py): every case
// must throw an Error of the expected family (`kind`, and the family's class
// name in `name`) whose message contains the expected fragment.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sla, root, CLASS } from "./support.mjs";

const doc = JSON.parse(fs.readFileSync(path.join(root, "tests", "bad_inputs.json"), "utf8"));
const fixed = () => new sla.Calendar(doc.calendar);

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** A calendar from a text form or a spec object; other JSON values as JSON text. */
function calendar(spec) {
  if (typeof spec === "string" || isPlainObject(spec)) return new sla.Calendar(spec);
  return sla.Calendar.fromJson(JSON.stringify(spec));
}

/** Runs one case's call, as tests/bad_inputs.rs does in Rust. */
const CALLS = {
  calendar_text: (a) => new sla.Calendar(a.text),
  calendar_json: (a) => calendar(a.spec),
  calendar_json_text: (a) => sla.Calendar.fromJson(a.json),
  calendar_toml: (a) => sla.Calendar.fromToml(a.toml),
  policy: (a) =>
    isPlainObject(a.policy) ? new sla.Policy(a.policy) : sla.Policy.fromJson(JSON.stringify(a.policy)),
  policy_json_text: (a) => sla.Policy.fromJson(a.json),
  policy_toml: (a) => sla.Policy.fromToml(a.toml),
  evaluate: (a) =>
    isPlainObject(a.request) ? sla.evaluate(a.request) : sla.evaluateJson(JSON.stringify(a.request)),
  evaluate_json_text: (a) => sla.evaluateJson(a.json),
  duration: (a) => fixed().add(doc.t, a.duration),
  add_working_days: (a) => calendar(a.calendar).addWorkingDays(a.t, a.n, a.meaning),
  instant: (a) => fixed().add(a.t, 0),
  calendar_any: (a) => new sla.Calendar(a.spec),
  policy_any: (a) => new sla.Policy(a.policy),
  evaluate_any: (a) => sla.evaluate(a.request),
  preset: (a) => sla.Calendar.preset(a.name, a.timezone),
  duration_any: (a) => fixed().add(doc.t, a.duration),
  ticket: (a) => policy().ticket(a.ticket),
  evaluate_ticket: (a) => policy().evaluate(a.ticket, doc.t),
  evaluate_many: (a) => new sla.Policy(a.policy).evaluateMany(a.tickets, a.at, { errors: a.errors }),
  add_many: (a) => fixed().addMany(a.times, 0),
  between_many: (a) => fixed().betweenMany(a.starts, a.ends),
};

/** The policy of the catalogue's ticket calls (the one of its `evaluate` cases). */
const policy = () => new sla.Policy(doc.cases.find((c) => c.name === "evaluate_ticket_unknown_key").args.request.policy);

/** A JSON value's type as the binding's TypeErrors name it. */
const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

test("the catalogue holds at least 150 cases, each of a known call", () => {
  assert.ok(doc.cases.length >= 150, `only ${doc.cases.length} cases`);
  for (const c of doc.cases) assert.ok(c.call in CALLS, `${c.name}: unknown call ${c.call}`);
});

for (const c of doc.cases) {
  test(`bad input ${c.name}`, () => {
    let thrown;
    let result;
    try {
      result = CALLS[c.call](c.args);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown !== undefined, `expected a ${c.kind} error, got ${JSON.stringify(result)}`);
    assert.ok(thrown instanceof Error, `expected an Error, got ${String(thrown)}`);
    if (c.kind === "type") {
      // A TypeError, as Python raises for the same value, naming its JS type.
      assert.equal(Object.getPrototypeOf(thrown), TypeError.prototype, `${thrown.name}: ${thrown.message}`);
      assert.ok(thrown.message.startsWith(c.message), thrown.message);
      assert.ok(thrown.message.endsWith(`, found ${typeName(c.value)}`), thrown.message);
      return;
    }
    assert.equal(thrown.kind, c.kind, `kind of: ${thrown.message}`);
    assert.equal(thrown.name, CLASS[c.kind], `name of: ${thrown.message}`);
    assert.ok(
      thrown.message.includes(c.message),
      `message ${JSON.stringify(thrown.message)} does not contain ${JSON.stringify(c.message)}`,
    );
    // One quoting style: values are quoted "like this", never with backticks.
    assert.ok(!thrown.message.includes("`"), `message ${JSON.stringify(thrown.message)} has a backtick`);
  });
}
