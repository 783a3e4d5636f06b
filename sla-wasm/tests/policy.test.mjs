// Policy and Ticket: the class API gives what the JSON contract gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sla, root, DEMO_POLICY, throwsSla } from "./support.mjs";

const { Policy } = sla;
const created = { at: "2026-03-06T17:30:00+03:00", type: "created", priority: "high", category: "incident" };
const ticketSpec = { id: "T-1", events: [created] };

test("getters name what the policy defines", () => {
  const p = new Policy(DEMO_POLICY);
  assert.equal(p.name, "demo");
  assert.deepEqual(p.priorities, ["high", "low"]);
  assert.deepEqual(p.categories, ["incident", "question"]);
  assert.deepEqual(p.metrics, ["reaction"]);
  assert.deepEqual(p.calendarNames, ["office"]);
  assert.equal(p.calendar("office").timezone, "Europe/Moscow");
  assert.equal(p.checkPair("incident", "low"), undefined);
  assert.equal(p.spec.name, "demo");
  assert.deepEqual(new Policy(JSON.stringify(DEMO_POLICY)).priorities, ["high", "low"]);
  assert.deepEqual(new Policy(p).metrics, ["reaction"], "a Policy serialises to its spec");
});

test("evaluate: outside working hours, the clock is stopped", () => {
  const p = new Policy(DEMO_POLICY);
  const report = p.evaluate(ticketSpec, "2026-03-06T19:00:00+03:00");
  const reaction = report.metrics[0];
  assert.equal(report.ticket, "T-1");
  assert.equal(reaction.state, "running");
  assert.equal(reaction.outside_working_hours, true);
  assert.equal(reaction.deadline, "2026-03-09T09:30:00+03:00");
  assert.equal(reaction.remaining_seconds, 1800);
  assert.equal(reaction.timeline, undefined);
  // The same through the contract, a checked Ticket, JSON text and a Date.
  const request = { policy: DEMO_POLICY, ticket: ticketSpec, at: "2026-03-06T19:00:00+03:00" };
  assert.deepEqual(sla.evaluate(request), report);
  assert.deepEqual(p.evaluate(p.ticket(ticketSpec), "2026-03-06T19:00:00+03:00"), report);
  assert.deepEqual(p.evaluate(JSON.stringify(ticketSpec), new Date("2026-03-06T16:00:00Z")), report);
  assert.deepEqual(sla.evaluate({ ...request, at: new Date("2026-03-06T16:00:00Z") }), report);
});

test("next_change_at: when to look at the ticket again", () => {
  const p = new Policy(DEMO_POLICY);
  // Friday evening: the countdown stands until Monday's opening.
  const night = p.evaluate(ticketSpec, "2026-03-06T19:00:00+03:00");
  assert.equal(night.next_change_at, "2026-03-09T09:00:00+03:00");
  // Monday: half an hour to go; breached a second after the deadline.
  const monday = p.evaluate(ticketSpec, night.next_change_at);
  assert.equal(monday.metrics[0].outside_working_hours, false);
  assert.equal(monday.next_change_at, "2026-03-09T09:30:01+03:00");
  const breached = p.evaluate(ticketSpec, monday.next_change_at);
  assert.equal(breached.metrics[0].state, "breached");
  assert.equal(breached.next_change_at, null);
});

test("explain adds the timeline, as the contract's explain does", () => {
  const p = new Policy(DEMO_POLICY);
  const at = "2026-03-09T09:10:00+03:00";
  const report = p.evaluate(ticketSpec, at, { explain: true });
  const { timeline } = report.metrics[0];
  assert.ok(timeline.history.length >= 1);
  assert.deepEqual(timeline.segments.map((s) => s.kind), ["working", "outside_hours", "working", "working"]);
  assert.deepEqual(report, sla.evaluate({ policy: DEMO_POLICY, ticket: ticketSpec, at, explain: true }));
});

test("a Ticket is checked once and stays usable; another policy checks it again", () => {
  const p = new Policy(DEMO_POLICY);
  const ticket = p.ticket(ticketSpec);
  assert.equal(ticket.id, "T-1");
  assert.equal(ticket.length, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(ticket)), ticketSpec);
  for (let i = 0; i < 3; i++) {
    assert.equal(p.evaluate(ticket, "2026-03-06T19:00:00+03:00").metrics[0].remaining_seconds, 1800);
  }
  // Another policy with other priorities: the ticket is checked against it.
  const other = new Policy({ ...DEMO_POLICY, priorities: [{ id: "low" }, { id: "high" }] });
  assert.equal(other.evaluate(ticket, "2026-03-06T19:00:00+03:00").priority, "high");
  const strict = new Policy({ ...DEMO_POLICY, priorities: [{ id: "p1" }], metrics: [{ id: "reaction", stop: "responded", targets: { "*": { "*": "1h" } } }] });
  throwsSla(() => strict.evaluate(ticket, "2026-03-06T19:00:00+03:00"), "policy", 'unknown priority "high" (known: "p1")');
  assert.equal(p.evaluate(ticket, "2026-03-06T19:00:00+03:00").metrics[0].remaining_seconds, 1800);
});

test("evaluateMany: one report per ticket, in order", () => {
  const p = new Policy(DEMO_POLICY);
  const low = { id: "T-2", events: [{ ...created, priority: "low" }] };
  const reports = p.evaluateMany([ticketSpec, p.ticket(low), JSON.stringify(low)], "2026-03-06T19:00:00+03:00");
  assert.deepEqual(reports.map((r) => [r.ticket, r.metrics[0].deadline]), [
    ["T-1", "2026-03-09T09:30:00+03:00"],
    ["T-2", "2026-03-09T12:30:00+03:00"],
    ["T-2", "2026-03-09T12:30:00+03:00"],
  ]);
  assert.deepEqual(p.evaluateMany([], "2026-03-06T19:00:00+03:00"), []);
});

test("evaluateMany: a failing ticket is named by its place and id", () => {
  const p = new Policy(DEMO_POLICY);
  const ats = ["2026-03-06T19:00:00+03:00"];
  const urgent = { id: "T-3", events: [{ ...created, priority: "urgent" }] };
  throwsSla(
    () => p.evaluateMany([ticketSpec, urgent], ats[0]),
    "policy",
    'ticket #1 ("T-3"): unknown priority "urgent" (known: "high", "low")',
  );
});

test("evaluateMany with errors: \"collect\": each failing ticket's Error in its place", () => {
  const p = new Policy(DEMO_POLICY);
  const at = "2026-03-06T19:00:00+03:00";
  const urgent = { id: "T-3", events: [{ ...created, priority: "urgent" }] };
  const got = p.evaluateMany([ticketSpec, urgent, ticketSpec], at, { errors: "collect" });
  assert.deepEqual(got[0], p.evaluate(ticketSpec, at));
  assert.deepEqual(got[2], got[0]);
  throwsSla(() => { throw got[1]; }, "policy", 'ticket #1 ("T-3"): unknown priority "urgent" (known: "high", "low")');
  // "raise" is the default; explain still applies; a bad option is the call's error.
  assert.throws(() => p.evaluateMany([ticketSpec, urgent], at, { errors: "raise" }), /ticket #1/);
  assert.ok(p.evaluateMany([ticketSpec], at, { errors: "collect", explain: true })[0].metrics[0].timeline);
  throwsSla(() => p.evaluateMany([ticketSpec], at, { errors: "skip" }), "input", /errors must be "collect" or "raise", not "skip"/);
  assert.throws(() => p.evaluateMany([ticketSpec], at, { errors: 1 }), TypeError);
});

test("the bundled R3 policy's JSON twin is the same policy as its TOML file", () => {
  const json = fs.readFileSync(path.join(root, "examples/policies/r3_budget_system.json"), "utf8");
  const toml = fs.readFileSync(path.join(root, "examples/policies/r3_budget_system.toml"), "utf8");
  assert.deepEqual(Policy.fromJson(json).spec, Policy.fromToml(toml).spec);
  assert.deepEqual(new Policy(json).spec, Policy.fromJson(json).spec);
  assert.deepEqual(new Policy(JSON.parse(json)).spec, Policy.fromJson(json).spec);
});

test("evaluate takes `at` as text, a Date or epoch milliseconds alike", () => {
  const text = fs.readFileSync(path.join(root, "examples/policies/r3_budget_system.json"), "utf8");
  const r3 = Policy.fromJson(text);
  const ticket = r3.ticket({ events: [{ at: "2026-03-02T10:00:00+03:00", type: "created", priority: "high", category: "incident" }] });
  const at = "2026-03-03T12:00:00+03:00";
  const report = r3.evaluate(ticket, at);
  assert.deepEqual(r3.evaluate(ticket, Date.parse(at)), report);
  assert.deepEqual(r3.evaluate(ticket, new Date(at)), report);
  assert.deepEqual(r3.evaluateMany([ticket], Date.parse(at)), [report]);
});

test("the bundled R3 policy loads from TOML", () => {
  const text = fs.readFileSync(path.join(root, "examples/policies/r3_budget_system.toml"), "utf8");
  const r3 = Policy.fromToml(text);
  assert.deepEqual(r3.priorities, ["highest", "high", "medium", "low", "none"]);
  assert.ok(r3.categories.includes("incident"));
  const report = r3.evaluate(
    { events: [{ at: "2026-03-02T10:00:00+03:00", type: "created", priority: "high", category: "incident" }] },
    "2026-03-02T12:00:00+03:00",
  );
  const resolution = report.metrics.find((m) => m.metric === "resolution");
  assert.equal(resolution.target, "3 working days");
  assert.equal(resolution.deadline, "2026-03-05T10:00:00+03:00");
  assert.equal(resolution.worked_seconds, 7200);
});
