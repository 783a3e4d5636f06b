// PolicySet: a policy set chooses a policy and its calendars by the ticket's
// attributes. The stories are tests/policy_sets.rs's and
// sla-py/tests/test_policy_set.py's, with the same messages: R5 by licence,
// re-selection when an attribute changes, no SLA, a bad set. Moscow is
// +03:00; 2026-03-07 is a Saturday and 2026-03-09 a holiday in the Russian
// production calendar.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sla, root, throwsSla } from "./support.mjs";

const { Policy, PolicySet } = sla;
const R5_SET = fs.readFileSync(path.join(root, "examples/policy_sets/r5_by_licence.toml"), "utf8");
const R5 = fs.readFileSync(path.join(root, "examples/policies/r5_security_platform.toml"), "utf8");
const SATURDAY = "2026-03-07T10:00:00+03:00";

function created(licence, priority = "emergency") {
  const event = { at: SATURDAY, type: "created", priority, category: "request" };
  if (licence !== undefined) event.attributes = { licence };
  return { id: "R5-1", events: [event] };
}

function deadline(r, metric) {
  assert.ok(r.report, "an SLA applies");
  const m = r.report.metrics.find((x) => x.metric === metric);
  return m.deadline ?? m.projected_deadline;
}

/** Eight working hours on an office calendar, around the clock for a "24x7"
 *  or "premium" licence; a "free" plan has no SLA. */
function licenceSet(rule = "keep_worked") {
  return {
    name: "by licence",
    policies: {
      support: {
        name: "support",
        default_calendar: "office",
        calendars: { office: "Mon-Fri 09:00-17:00 UTC", always: "24x7 UTC" },
        priorities: [{ id: "high" }],
        categories: [{ id: "incident" }],
        events: [{ id: "licence_changed", attributes: ["licence"] }],
        metrics: [{ id: "resolution", stop: "resolved", on_category_change: rule, targets: { "*": { "*": "8h" } } }],
      },
    },
    rules: [
      { id: "free", when: { plan: "free" }, no_sla: true },
      { id: "around the clock", when: { licence: ["24x7", "premium"] }, policy: "support", calendars: { office: "always" } },
    ],
    default: "support",
  };
}

const FRIDAY = {
  events: [
    { at: "2026-03-06T13:00:00Z", type: "created", priority: "high", category: "incident" },
    { at: "2026-03-06T15:00:00Z", type: "licence_changed", attributes: { licence: "premium" } },
  ],
};

test("the R5 set reads from TOML, JSON, a spec and another set", () => {
  const r5 = PolicySet.fromToml(R5_SET);
  assert.equal(r5.name, "R5 by licence");
  assert.deepEqual(r5.policyNames, ["r5"]);
  assert.deepEqual(r5.ruleIds, ["emergency_24x7"]);
  const spec = r5.spec;
  for (const other of [new PolicySet(spec), new PolicySet(JSON.stringify(spec)), PolicySet.fromJson(JSON.stringify(r5)), new PolicySet(r5)]) {
    assert.deepEqual(other.spec, spec);
    other.free();
  }
  assert.deepEqual(r5.policy("r5").spec, Policy.fromToml(R5).spec);
  throwsSla(() => r5.policy("gold"), "policy", /unknown policy "gold"/);
});

test("R5: emergency runs around the clock under a 24x7 licence", () => {
  const r5 = PolicySet.fromToml(R5_SET);
  const r = r5.evaluate(created("24x7"), SATURDAY);
  assert.equal(r.policy, "r5");
  assert.equal(r.rule, "emergency_24x7");
  assert.equal(deadline(r, "reaction"), "2026-03-07T12:00:00+03:00");
  assert.equal(deadline(r, "resolution"), "2026-03-07T18:00:00+03:00");
  assert.equal(r.report.ticket, "R5-1");
  assert.deepEqual(Object.keys(r).sort(), ["policy", "report", "rule"]);
});

test("R5: without the licence, business hours (Tuesday 11:00 after the holiday)", () => {
  const r5 = PolicySet.fromToml(R5_SET);
  for (const ticket of [created("standard"), created()]) {
    const r = r5.evaluate(ticket, SATURDAY);
    assert.equal(r.policy, "r5");
    assert.equal(r.rule, null, "no rule holds: the default policy");
    assert.equal(deadline(r, "reaction"), "2026-03-10T11:00:00+03:00");
  }
});

test("the ticket may be a spec, JSON text or a checked Ticket of any policy", () => {
  const r5 = PolicySet.fromToml(R5_SET);
  const spec = created("24x7");
  const mine = r5.policy("r5").ticket(spec);
  const other = Policy.fromToml(R5).ticket(spec);
  const first = r5.evaluate(spec, SATURDAY);
  for (const t of [JSON.stringify(spec), mine, other]) assert.deepEqual(r5.evaluate(t, new Date(SATURDAY)), first);
  assert.equal(mine.length, 1, "the Ticket is still usable");
  const explained = r5.evaluate(spec, SATURDAY, { explain: true });
  assert.ok(explained.report.metrics[0].timeline.history.length > 0);
  assert.equal(first.report.metrics[0].timeline, undefined);
});

test("a changed attribute re-selects, keeping the worked time", () => {
  const set = new PolicySet(licenceSet("keep_worked"));
  const before = set.evaluate(FRIDAY, "2026-03-06T14:00:00Z");
  assert.equal(before.rule, null);
  assert.equal(deadline(before, "resolution"), "2026-03-09T13:00:00Z");
  const after = set.evaluate(FRIDAY, "2026-03-06T16:00:00Z", { explain: true });
  assert.equal(after.rule, "around the clock");
  assert.equal(deadline(after, "resolution"), "2026-03-06T21:00:00Z");
  const m = after.report.metrics[0];
  assert.equal(m.cause, "selected by the ticket's attributes: worked time kept");
  assert.ok(m.timeline.history.some((h) => h.at === "2026-03-06T15:00:00Z"));
});

test("a changed attribute re-selects, restarting under a restart rule", () => {
  const set = new PolicySet(licenceSet("restart"));
  const after = set.evaluate(FRIDAY, "2026-03-06T16:00:00Z");
  assert.equal(deadline(after, "resolution"), "2026-03-06T23:00:00Z");
  assert.equal(after.report.metrics[0].cause, "selected by the ticket's attributes: restarted with the full target");
});

test("no SLA: a no_sla rule, or no rule and no default", () => {
  const set = new PolicySet(licenceSet());
  const free = { events: [{ at: "2026-03-06T13:00:00Z", type: "created", priority: "high", category: "incident", attributes: { plan: "free" } }] };
  assert.deepEqual(set.evaluate(free, "2026-03-06T14:00:00Z"), { policy: null, rule: "free", report: null });
  const spec = licenceSet();
  delete spec.default;
  const none = new PolicySet(spec);
  assert.deepEqual(none.evaluate(FRIDAY, "2026-03-06T14:00:00Z"), { policy: null, rule: null, report: null });
  assert.equal(deadline(none.evaluate(FRIDAY, "2026-03-06T16:00:00Z"), "resolution"), "2026-03-06T21:00:00Z");
});

test("a bad set throws a PolicyError with the core's message", () => {
  const gold = licenceSet();
  gold.rules[1].policy = "gold";
  throwsSla(() => new PolicySet(gold), "policy", /unknown policy "gold"/);
  const both = licenceSet();
  both.rules[0].policy = "support";
  throwsSla(
    () => new PolicySet(both),
    "policy",
    'invalid policy: policy set "by licence": rule "free": give policy or no_sla = true, not both',
  );
  throwsSla(() => PolicySet.fromJson('{"name": "x", "policies": {}, "rule": []}'), "policy", /unknown field "rule"/);
  const stop = licenceSet();
  stop.policies.support.metrics[0].stop = "done";
  throwsSla(() => new PolicySet(stop), "policy", /policy "support"/);
});

test("the selected policy checks the ticket", () => {
  const set = new PolicySet(licenceSet());
  const bad = {
    events: [
      { at: "2026-03-06T13:00:00Z", type: "created", priority: "high", category: "incident" },
      { at: "2026-03-06T15:00:00Z", type: "licence_changed", attributes: { seats: "5" } },
    ],
  };
  throwsSla(() => set.evaluate(bad, "2026-03-06T16:00:00Z"), "event", /unknown attribute "seats"/);
});

test("a ticket with no event by then is an error without a default too", () => {
  const spec = licenceSet();
  delete spec.default;
  const set = new PolicySet(spec);
  throwsSla(
    () => set.evaluate(FRIDAY, "2026-03-06T12:00:00Z"),
    "event",
    "the evaluation instant 2026-03-06T12:00:00+00:00 is before the ticket was created (2026-03-06T13:00:00+00:00)",
  );
  throwsSla(() => set.evaluate({ events: [] }, "2026-03-06T12:00:00Z"), "event", "invalid ticket: a ticket needs at least its created event");
});

test("garbage in: every PolicySet entry point throws an Error, never traps", () => {
  const set = new PolicySet(licenceSet());
  const cyclic = {};
  cyclic.self = cyclic;
  const garbage = [undefined, null, true, 0, NaN, "", "garbage", 10n, Symbol("s"), () => 1, {}, [], cyclic, new Date(NaN)];
  for (const g of garbage) {
    for (const [name, call] of Object.entries({
      "new PolicySet": () => new PolicySet(g),
      fromJson: () => PolicySet.fromJson(g),
      fromToml: () => PolicySet.fromToml(g),
      policy: () => set.policy(g),
      "evaluate(g, at)": () => set.evaluate(g, "2026-03-06T16:00:00Z"),
      "evaluate(ticket, g)": () => set.evaluate(FRIDAY, g),
    })) {
      assert.throws(call, Error, `${name}(${String(g?.toString?.() ?? g)})`);
    }
  }
  assert.equal(deadline(set.evaluate(FRIDAY, "2026-03-06T16:00:00Z"), "resolution"), "2026-03-06T21:00:00Z");
});
