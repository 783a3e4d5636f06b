// Type-checked by tests/types.test.mjs (`tsc --noEmit`), never run: the
// declarations of pkg/ must accept what the README shows, give precise types
// back, and reject what the engine rejects. Each `@ts-expect-error` line
// fails the check if the declarations ever become loose enough to accept it.
import init, {
  Calendar,
  Policy,
  evaluate,
  bundledProductionCalendar,
  type PolicySpec,
  type Report,
  type MetricReport,
  type MetricState,
  type CycleList,
  type CycleReport,
  type TicketSpec,
  type SlaError,
} from "../../pkg/sla_wasm.js";
import {
  PolicySet,
  type PolicySetSpec,
  type SetReport,
} from "../../pkg/sla_wasm.js";

export async function usage(): Promise<void> {
  await init();
  const cal = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");
  const deadline: string = cal.add("2026-05-08T16:30:00+03:00", "4h");
  const fromDate: string = cal.add(new Date(), 4 * 3600);
  const worked: number = cal.between(deadline, fromDate);
  const eod: string = cal.addWorkingDays(deadline, 3, "end_of_day");
  const hours: string[] = cal.dayHours("2026-05-08");
  const years: number[] | null = cal.coveredYears;
  const preset = Calendar.preset("08:45-17:00", "Europe/Moscow");
  // The bulk calls give back the kind of value they were given, no cast.
  const many: (string | null)[] = cal.addMany(["2026-05-08T16:30:00+03:00", null], "4h");
  const typed: Float64Array = cal.addMany(Float64Array.of(Date.now()), Float64Array.of(3600));
  const spans: (number | null)[] = cal.betweenMany([deadline], [eod]);
  const typedSpans: Float64Array = cal.betweenMany(Float64Array.of(Date.now()), [eod]);
  const either = (xs: string[] | Float64Array) => cal.addMany(xs, 60);
  // @ts-expect-error an array in gives an array, not a Float64Array
  const notTyped: Float64Array = cal.addMany([deadline], "4h");
  // @ts-expect-error a Float64Array in gives a Float64Array, not an array
  const notArray: (number | null)[] = cal.betweenMany(Float64Array.of(Date.now()), [eod]);
  // wasm-bindgen's classes are disposable (`using`), whatever the project's lib.
  preset[Symbol.dispose]();
  // Epoch milliseconds in, epoch milliseconds out; a string or Date gives text.
  const ms: number = cal.add(Date.now(), 3600);
  const back: number = cal.sub(ms, "1h");
  const opening: number = cal.nextOpening(ms);
  const days: number = cal.addWorkingDays(ms, 2);
  const since: number = cal.between(back, Date.now());
  const fast: number = cal.addSeconds(Math.floor(Date.now() / 1000), 3600);
  const worked2: number = cal.betweenSeconds(fast - 3600, fast);
  // @ts-expect-error the *Seconds methods take epoch seconds, not text
  cal.addSeconds("2026-05-08T16:30:00+03:00", 3600);
  // @ts-expect-error: a number gives a number, not text
  const notText: string = cal.add(Date.now(), 3600);
  // @ts-expect-error: a string gives text, not a number
  const notMillis: number = cal.add("2026-05-08T16:30:00+03:00", 3600);
  void [worked, hours, years, preset, many, typed, spans, typedSpans, either, notTyped, notArray, opening, days, since, fast, worked2, notText, notMillis];

  const spec: PolicySpec = {
    name: "demo",
    calendars: { office: "Mon-Fri 09:00-18:00 UTC" },
    priorities: [{ id: "p1" }],
    categories: [{ id: "incident" }],
    metrics: [{ id: "reaction", stop: "responded", targets: { "*": { "*": "2h" } } }],
  };
  const policy = new Policy(spec);
  const ticketSpec: TicketSpec = {
    id: "T-1",
    events: [{ at: "2026-03-02T17:00:00Z", type: "created", priority: "p1", category: "incident" }],
  };
  const ticket = policy.ticket(ticketSpec);
  const report: Report = policy.evaluate(ticket, "2026-03-02T17:30:00Z", { explain: true });
  const first: MetricReport | undefined = report.metrics[0];
  const state: MetricState | undefined = first?.state;
  const left: number | null | undefined = first?.remaining_seconds;
  const wakeUp: string | null = report.next_change_at;
  const reports: Report[] = policy.evaluateMany([ticket, ticketSpec], new Date());
  const collected: Array<Report | Error> = policy.evaluateMany([ticket], new Date(), { errors: "collect" });
  // @ts-expect-error: collected results may be Errors, not only Reports
  const notOnlyReports: Report[] = policy.evaluateMany([ticket], new Date(), { errors: "collect" });
  const viaContract: Report = evaluate({ policy: spec, ticket: ticketSpec, at: "2026-03-02T17:30:00Z" });
  const ru = bundledProductionCalendar("ru");
  void [state, left, wakeUp, reports, collected, notOnlyReports, viaContract, ru];

  // A helpdesk's own history: declared events, statuses, cycles.
  const helpdesk: PolicySpec = {
    name: "helpdesk",
    calendars: { office: "Mon-Fri 09:00-17:00 Europe/Berlin" },
    priorities: [{ id: "normal" }],
    categories: [{ id: "question" }],
    statuses: [{ id: "open" }, { id: "pending", label: "Waiting for the customer" }, { id: "solved" }],
    events: [{ id: "customer_replied", attributes: ["channel"] }, { id: "agent_replied" }],
    metrics: [
      {
        id: "next_response",
        start: "customer_replied",
        stop: ["agent_replied"],
        cycles: "repeated",
        cancel_in: ["solved"],
        targets: { "*": { "*": "4h" } },
      },
      {
        id: "resolution",
        stop: "resolved",
        stop_in: ["solved"],
        pause_in: ["pending"],
        reset_on: ["customer_replied"],
        on_reopen: "new_cycle",
        targets: { "*": { "*": "3 working days" } },
      },
    ],
  };
  const desk = new Policy(helpdesk);
  const history: Report = desk.evaluate(
    {
      events: [
        { at: "2026-03-02T09:00:00+01:00", type: "created", priority: "normal", category: "question", status: "open" },
        { at: "2026-03-02T10:00:00+01:00", type: "customer_replied", attributes: { channel: "email" } },
        { at: "2026-03-02T11:00:00+01:00", type: "status_changed", status: "pending" },
      ],
    },
    "2026-03-02T12:00:00+01:00",
  );
  const deskStatus: string | null = history.helpdesk_status;
  const cycles: CycleList | null | undefined = history.metrics[0]?.cycles;
  const counts: [number, number, number] | undefined = cycles ? [cycles.total, cycles.met, cycles.breached] : undefined;
  const firstCycle: CycleReport | undefined = cycles?.items[0];
  const cycleState: MetricState | undefined = firstCycle?.state;
  const cycleWorked: number | undefined = firstCycle?.worked_seconds;
  const cycleStop: string | null | undefined = firstCycle?.stopped_at;
  void [deskStatus, counts, cycleState, cycleWorked, cycleStop];
  // @ts-expect-error cycles repeat once, repeatedly or periodically
  new Policy({ ...helpdesk, metrics: [{ id: "m", stop: "resolved", cycles: "daily", targets: {} }] });
  // @ts-expect-error a reopening continues, restarts or starts a new cycle
  new Policy({ ...helpdesk, metrics: [{ id: "m", stop: "resolved", on_reopen: "ignore", targets: {} }] });
  // @ts-expect-error attributes are strings
  desk.ticket({ events: [{ at: "2026-03-02T10:00:00+01:00", type: "customer_replied", attributes: { n: 1 } }] });

  try {
    cal.add("2090-03-02T10:00:00+03:00", "1h");
  } catch (e) {
    const err = e as SlaError;
    const kind: "calendar" | "range" | "input" | "policy" | "event" = err.kind;
    void kind;
  }

  // @ts-expect-error a preset name the engine does not know
  Calendar.preset("10x5", "UTC");
  // @ts-expect-error "N working days" has two meanings, not three
  cal.addWorkingDays(deadline, 3, "calendar");
  // @ts-expect-error an instant is text, a Date or epoch milliseconds, not a boolean
  cal.add(true, "4h");
  // @ts-expect-error an event's instant is text (JSON data), not epoch milliseconds
  policy.ticket({ events: [{ at: Date.now(), type: "created", priority: "p1", category: "incident" }] });
  // @ts-expect-error a policy needs its priorities
  new Policy({ name: "x", calendars: {}, categories: [], metrics: [] });
  // @ts-expect-error an event type is a name, not a number
  policy.ticket({ events: [{ at: "2026-03-02T17:00:00Z", type: 7 }] });
  // @ts-expect-error a metric state is one of the names the engine gives
  const wrong: MetricState = "late";
  void wrong;
}

export function policySets(policy: PolicySpec, ticketSpec: TicketSpec): void {
  const spec: PolicySetSpec = {
    name: "by licence",
    policies: { support: policy },
    rules: [
      { id: "around the clock", when: { licence: ["24x7", "premium"] }, policy: "support", calendars: { office: "24x7 UTC" } },
      { id: "free", when: { plan: "free" }, no_sla: true },
    ],
    default: "support",
  };
  const set = new PolicySet(spec);
  const names: string[] = set.policyNames;
  const rules: string[] = set.ruleIds;
  const support: Policy = set.policy("support");
  const r: SetReport = set.evaluate(ticketSpec, "2026-03-02T17:30:00Z", { explain: true });
  const rule: string | null = r.rule;
  const chosen: string | null = r.policy;
  const report: Report | null = r.report;
  const again: SetReport = PolicySet.fromJson(JSON.stringify(set)).evaluate(support.ticket(ticketSpec), new Date());
  set[Symbol.dispose]();
  void [names, rules, rule, chosen, report, again];
  // @ts-expect-error a report may be null (no SLA): check before use
  const notNull: Report = r.report;
  // @ts-expect-error a rule's condition is a value or a list of values
  new PolicySet({ name: "x", policies: {}, rules: [{ id: "r", when: { licence: 1 }, no_sla: true }] });
  // @ts-expect-error a set needs its policies
  new PolicySet({ name: "x", rules: [] });
  void notNull;
}
