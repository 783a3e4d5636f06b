// A helpdesk's own history through the binding: declared events with
// attributes, statuses that pause and stop, next-response and
// periodic-update cycles, reopenings. The policy is the bundled
// examples/policies/helpdesk.toml (Mon-Fri 09:00-17:00 Europe/Berlin); March
// 2026 in Berlin is +01:00 and 2026-03-02 is a Monday. Mirrors
// sla-py/tests/test_helpdesk.py, with the same messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sla, root, throwsSla } from "./support.mjs";

const { Policy } = sla;
const toml = fs.readFileSync(path.join(root, "examples/policies/helpdesk.toml"), "utf8");
const helpdesk = Policy.fromToml(toml);

const at = (day, hm) => `2026-03-${String(day).padStart(2, "0")}T${hm}:00+01:00`;
const ev = (day, hm, type, fields = {}) => ({ at: at(day, hm), type, ...fields });
const created = (day, hm, priority, category) =>
  ev(day, hm, "created", { priority, category, status: "new" });
const status = (day, hm, s) => ev(day, hm, "status_changed", { status: s });
const ticket = (...events) => ({ id: "HD-1", events });
const metric = (report, id) => {
  const m = report.metrics.find((x) => x.metric === id);
  assert.ok(m, `metric ${id} missing`);
  return m;
};

test("a declared event with its attribute starts the next response", () => {
  const report = helpdesk.evaluate(
    ticket(created(2, "09:00", "high", "question"), ev(2, "10:00", "customer_replied", { attributes: { channel: "email" } })),
    at(2, "12:00"),
  );
  assert.equal(report.helpdesk_status, "new");
  const next = metric(report, "next_response");
  assert.equal(next.state, "running");
  assert.equal(next.started_at, at(2, "10:00"));
  assert.equal(next.deadline, at(2, "14:00"));
  assert.equal(next.cause, "started at customer_replied");
  assert.deepEqual([next.cycles.total, next.cycles.met, next.cycles.breached], [1, 0, 0]);
  // A metric that runs once lists no cycles.
  assert.equal(metric(report, "first_response").cycles, null);
});

test("next-response cycles are listed with counts", () => {
  const report = helpdesk.evaluate(
    ticket(
      created(2, "09:00", "normal", "question"),
      ev(2, "10:00", "agent_replied"),
      ev(2, "11:00", "customer_replied"),
      // A second message before the reply does not open another cycle.
      ev(2, "12:00", "customer_replied", { attributes: { channel: "phone" } }),
      ev(2, "13:00", "agent_replied"),
      ev(2, "14:00", "customer_replied"),
    ),
    at(3, "15:00"),
  );
  const next = metric(report, "next_response");
  // normal: 1 working day (8 h) from Monday 14:00 is Tuesday 14:00.
  assert.deepEqual([next.state, next.deadline], ["breached", at(3, "14:00")]);
  const { total, met, breached, items } = next.cycles;
  assert.deepEqual([total, met, breached], [2, 1, 1]);
  assert.deepEqual(items[0], {
    state: "met",
    started_at: at(2, "11:00"),
    stopped_at: at(2, "13:00"),
    deadline: at(3, "11:00"),
    breached_at: null,
    worked_seconds: 2 * 3600,
    thresholds: [],
  });
  assert.deepEqual(items[1], {
    state: "breached",
    started_at: at(2, "14:00"),
    stopped_at: null,
    deadline: at(3, "14:00"),
    breached_at: at(3, "14:00"),
    worked_seconds: 9 * 3600, // Monday 3 h, Tuesday 6 h
    thresholds: [],
  });
});

test("a status pauses the resolution and names the status", () => {
  const events = [
    created(2, "09:00", "urgent", "question"),
    status(2, "10:00", "pending"),
    ev(2, "11:00", "paused", { reason: "agreed_with_customer" }),
    status(2, "12:00", "open"),
    ev(2, "13:00", "resumed"),
  ];
  const report = helpdesk.evaluate(ticket(...events.slice(0, 2)), at(2, "10:30"));
  assert.equal(report.helpdesk_status, "pending");
  // The helpdesk status is not the ticket's own pause.
  assert.deepEqual([report.status, report.pause_reason], ["open", null]);
  let res = metric(report, "resolution");
  assert.deepEqual([res.state, res.pause_reason, res.projected_deadline], ["paused", "pending", at(2, "13:30")]);
  // The explicit pause names the reason while both hold the clock...
  res = metric(helpdesk.evaluate(ticket(...events.slice(0, 4)), at(2, "12:30")), "resolution");
  assert.deepEqual([res.state, res.pause_reason], ["paused", "agreed_with_customer"]);
  // ... and the clock runs again only once neither does: 1 h worked, 3 h from 13:00.
  res = metric(helpdesk.evaluate(ticket(...events), at(2, "14:00")), "resolution");
  assert.deepEqual([res.state, res.deadline, res.pause_reason], ["running", at(2, "16:00"), null]);
});

test("a missed periodic update waits, and the solved status ends it", () => {
  const events = ticket(
    created(2, "09:00", "urgent", "incident"),
    ev(2, "10:30", "agent_replied"),
    status(2, "14:00", "solved"),
  );
  let upd = metric(helpdesk.evaluate(events, at(2, "13:00")), "periodic_update");
  assert.deepEqual([upd.state, upd.started_at, upd.deadline], ["breached", at(2, "10:30"), at(2, "12:30")]);
  assert.equal(upd.cycles.total, 2);
  upd = metric(helpdesk.evaluate(events, at(2, "15:00")), "periodic_update");
  assert.deepEqual([upd.state, upd.stopped_at], ["breached", at(2, "14:00")]);
  assert.deepEqual([upd.cycles.total, upd.cycles.met, upd.cycles.breached], [2, 1, 1]);
  assert.deepEqual(
    upd.cycles.items.map((c) => [c.state, c.stopped_at]),
    [
      ["met", at(2, "10:30")],
      ["breached", at(2, "14:00")],
    ],
  );
  // Questions have no periodic update at all.
  const report = helpdesk.evaluate(ticket(created(2, "09:00", "urgent", "question")), at(2, "10:00"));
  assert.equal(report.metrics.find((m) => m.metric === "periodic_update"), undefined);
});

test("a reopening restarts or continues as the metric says", () => {
  const events = ticket(
    created(2, "09:00", "normal", "question"),
    status(2, "11:00", "solved"),
    status(3, "09:00", "open"),
  );
  // The bundled policy continues: 2 h worked Monday, 22 h from Tuesday 09:00.
  let res = metric(helpdesk.evaluate(events, at(3, "10:00")), "resolution");
  assert.deepEqual([res.state, res.deadline, res.worked_seconds], ["running", at(5, "15:00"), 3 * 3600]);
  const spec = helpdesk.spec;
  spec.metrics.find((m) => m.id === "resolution").on_reopen = "restart";
  res = metric(new Policy(spec).evaluate(events, at(3, "10:00")), "resolution");
  // The full 3 working days (24 h) from Tuesday 09:00: Thursday 17:00.
  assert.deepEqual([res.state, res.deadline, res.worked_seconds], ["running", at(5, "17:00"), 3600]);
  assert.equal(res.cause, "reopened: restarted with the full target");
  assert.equal(res.cycles, null);
});

test("an undeclared event type is an EventError listing the known ones", () => {
  const err = throwsSla(
    () => helpdesk.ticket(ticket(created(2, "09:00", "high", "question"), ev(2, "10:00", "customer_wrote"))),
    "event",
  );
  assert.ok(
    err.message.startsWith(
      'event #1 (customer_wrote) is not allowed: unknown event type "customer_wrote" (known: "created", ',
    ),
    err.message,
  );
  assert.ok(err.message.endsWith('"status_changed", "customer_replied", "agent_replied", "merged")'), err.message);
});

test("an undeclared attribute is an EventError", () => {
  const bad = ev(2, "10:00", "customer_replied", { attributes: { mood: "angry" } });
  throwsSla(
    () => helpdesk.evaluate(ticket(created(2, "09:00", "high", "question"), bad), at(2, "12:00")),
    "event",
    'event #1 (customer_replied) is not allowed: unknown attribute "mood" (known: "channel")',
  );
  // A built-in type other than created takes none.
  throwsSla(
    () =>
      helpdesk.ticket(
        ticket(created(2, "09:00", "high", "question"), ev(2, "10:00", "resolved", { attributes: { a: "b" } })),
      ),
    "event",
    /field "attributes" does not belong to this event type/,
  );
});

test("an unknown status is a PolicyError, like an unknown priority", () => {
  const err = throwsSla(
    () => helpdesk.ticket(ticket(created(2, "09:00", "high", "question"), status(2, "10:00", "waiting"))),
    "policy",
  );
  assert.ok(
    err.message.includes('unknown status "waiting" (known: "new", "open", "pending", "on_hold", "solved", "closed")'),
    err.message,
  );
});
