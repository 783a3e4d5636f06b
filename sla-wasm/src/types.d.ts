
// ----- values the bindings read ---------------------------------------------

/**
 * An instant: RFC 3339 with an offset ("2026-03-02T10:00:00+03:00"), a Date,
 * or epoch milliseconds (a number, as `Date.now()` gives). The Calendar
 * methods that return one instant return epoch milliseconds when given epoch
 * milliseconds, RFC 3339 text in the calendar's zone otherwise. Results are
 * whole seconds: `add` rounds the exact answer up (a deadline is never early),
 * `sub` rounds it down.
 */
export type Instant = string | Date | number;

/** An instant inside JSON data (events, requests): RFC 3339 text, or a Date, which JSON.stringify turns into it. */
export type InstantText = string | Date;

/**
 * The epoch-millisecond forms of the Calendar methods that return an instant,
 * and the `Float64Array` forms of the bulk calls: each call returns the kind
 * of value it was given (the class declares the text and array forms).
 */
export interface Calendar {
  add(t: number, d: DurationInput): number;
  sub(t: number, d: DurationInput): number;
  nextOpening(t: number): number;
  nextClosing(t: number): number;
  nextWorking(t: number): number;
  addWorkingDays(t: number, n: number, meaning?: WorkingDaysMeaning): number;
  /** Epoch milliseconds in, epoch milliseconds out (`NaN` for a missing item). */
  addMany(times: Float64Array, durations: BulkDurations): Float64Array;
  /** A value that may be either form gets either form back. */
  addMany(times: (Instant | null | undefined)[] | Float64Array, durations: BulkDurations): (string | null)[] | Float64Array;
  /** Epoch milliseconds in, seconds out (`NaN` for a missing item). */
  betweenMany(starts: Float64Array, ends: (Instant | null | undefined)[] | Float64Array): Float64Array;
  betweenMany(
    starts: (Instant | null | undefined)[] | Float64Array,
    ends: (Instant | null | undefined)[] | Float64Array,
  ): (number | null)[] | Float64Array;
}

/** The durations of a bulk call: one for all items, or one per item (a `Float64Array` of seconds). */
export type BulkDurations = DurationInput | (DurationInput | null | undefined)[] | Float64Array;

/**
 * wasm-bindgen gives every class a `[Symbol.dispose]()` (for `using`). The
 * symbol is in TypeScript's `esnext.disposable` lib, which a usual
 * `lib: ["es2022", "dom"]` leaves out: declare it here so that the
 * declarations type-check with either (the two declarations merge).
 */
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/**
 * A duration: whole seconds of working time (negative: the other way; a
 * fraction is an InputError), or text: "4h", "1h30m", "2 working days"
 * (working time), "calendar 1d" (elapsed time, whatever the calendar says).
 * Any other type is a TypeError.
 */
export type DurationInput = number | string;

/** The preset calendars, in any time zone. */
export type PresetName = "24x7" | "9x5" | "08:45-17:00" | "09:00-17:00";

/** The three meanings of "N working days". */
export type WorkingDaysMeaning = "length" | "end_of_day" | "end_of_day_from_opening";

/** What `Policy.evaluate` / `evaluateMany` include beyond the status. */
export interface EvaluateOptions {
  /** Add each metric's timeline: deadline history and segments. */
  explain?: boolean;
}

/**
 * `evaluateMany` with `errors: "collect"`: each failing ticket's `Error` in its
 * place (the class declares the default form, which throws the first).
 */
export interface Policy {
  evaluateMany(
    tickets: Array<Ticket | TicketSpec | string>,
    at: Instant,
    options: EvaluateOptions & { errors: "collect" },
  ): Array<Report | Error>;
  evaluateMany(
    tickets: Array<Ticket | TicketSpec | string>,
    at: Instant,
    options?: EvaluateManyOptions,
  ): Array<Report | Error>;
}

/** `evaluateMany`'s options: `evaluate`'s, and what a failing ticket does. */
export interface EvaluateManyOptions extends EvaluateOptions {
  /**
   * "raise" (the default): the first failing ticket throws its error;
   * "collect": each failing ticket's `Error` takes its place in the array.
   */
  errors?: "raise" | "collect";
}

/** One working period `[start, end)`, in the calendar's zone. */
export interface Period {
  start: string;
  end: string;
}

// ----- errors ---------------------------------------------------------------

/** The error families, as `Error.kind`. */
export type ErrorKind = "calendar" | "range" | "input" | "policy" | "event";

/**
 * What every function throws for a value the engine refuses: an `Error`
 * whose `message` is the engine's text, `name` the family's class and
 * `kind` the family. An argument of a type the call does not take (`null`,
 * a boolean, an object or an array where none is read) is a `TypeError`
 * instead (`expected ..., found <type>`), as in Python.
 */
export interface SlaError extends Error {
  name: "CalendarError" | "OutOfRangeError" | "InputError" | "PolicyError" | "EventError";
  kind: ErrorKind;
}

// ----- calendars -------------------------------------------------------------

/** A calendar as data (the JSON/TOML form). Unknown keys are errors. */
export interface CalendarSpec {
  /** IANA zone name, e.g. "Europe/Moscow". */
  timezone: string;
  /** Day set ("mon-fri", "sat,sun") → intervals ("09:00-13:00", "22:00-06:00"). */
  week?: Record<string, string[]>;
  /** Bundled production calendars by name ("ru") or inline. */
  production_calendars?: Array<string | ProductionCalendar>;
  /** Whole days off, "YYYY-MM-DD". */
  holidays?: string[];
  /** Days worked although the week says they are off (transferred working days). */
  extra_working_days?: string[];
  /** Days whose last interval ends `shortened_minutes` earlier. */
  shortened?: string[];
  shortened_minutes?: number;
  /** Hours for single dates, replacing every other layer. */
  custom_hours?: Record<string, string[]>;
  /** Dates outside the loaded production-calendar years: fail, or use the week. */
  out_of_range?: "error" | "weekly";
  horizon_days?: number;
  /** The "N working days" unit, e.g. "8h". */
  working_day_length?: string;
}

/** A production calendar in the data-file format (see `bundledProductionCalendar("ru")`). */
export interface ProductionCalendar {
  name: string;
  description?: string;
  timezone_hint?: string;
  shortened_minutes?: number;
  /** Year ("2026") → its dated rules. */
  years: Record<string, ProductionYear>;
  notes?: string;
}

export interface ProductionYear {
  holidays?: string[];
  extra_working_days?: string[];
  shortened?: string[];
  working_day_count?: number;
  hours_norm_40h?: number;
  sources?: Array<{ title: string; url?: string }>;
  notes?: string;
}

// ----- policies ----------------------------------------------------------------

/** Every built-in event type of a ticket. */
export type EventType =
  | "created"
  | "accepted"
  | "first_contact"
  | "responded"
  | "service_started"
  | "form_received"
  | "resolved"
  | "reopened"
  | "closed"
  | "paused"
  | "resumed"
  | "priority_changed"
  | "category_changed"
  | "workaround_provided"
  | "deadline_set"
  | "consent_requested"
  | "consent_answered"
  | "status_changed";

/** An event type: a built-in one, or one the policy declares in `events`
 *  (the engine checks the name against the policy; an undeclared one is an
 *  error listing the known ones). */
export type EventName = EventType | (string & {});

/** A policy as data (the JSON form of a policy file). Unknown keys are errors. */
export interface PolicySpec {
  name: string;
  description?: string;
  /** Name → text form ("Mon-Fri 09:00-18:00 Europe/Moscow +ru") or spec. */
  calendars: Record<string, string | CalendarSpec>;
  default_calendar?: string;
  working_days_meaning?: WorkingDaysMeaning;
  /** Most urgent first. */
  priorities: Named[];
  categories: Named[];
  pause_reasons?: PauseReasonSpec[];
  metrics: MetricSpec[];
  timers?: TimerSpec[];
  /** Category → the category a workaround switches to. */
  workaround?: Record<string, string>;
  consent?: ConsentSpec;
  /** The policy's own event types, beside the built-in ones. */
  events?: EventTypeSpec[];
  /** The helpdesk's ticket statuses, which `status_changed` events carry. */
  statuses?: Named[];
}

/** An event type a policy declares (`customer_replied`, `escalated`, ...). */
export interface EventTypeSpec {
  id: string;
  label?: string;
  /** The string attributes its events may carry (default: none). */
  attributes?: string[];
}

/** How a metric repeats: one run (default), a new cycle at the next start
 *  after a stop ("next response"), or a new cycle at each stop until the
 *  resolution ("periodic update"). */
export type Cycles = "once" | "repeated" | "periodic";

/** What a reopening does to a metric it stopped. */
export type OnReopen = "continue" | "restart" | "new_cycle";

export interface Named {
  id: string;
  label?: string;
}

export interface PauseReasonSpec {
  id: string;
  label?: string;
  /** Metrics this reason stops (default: all). */
  stops?: string[];
}

export type ChangeRule = "keep_worked" | "restart";

export interface MetricSpec {
  id: string;
  label?: string;
  /** Default "created". */
  start?: EventName | EventName[];
  stop: EventName | EventName[];
  /** Events that pause the clock until one of `resume_on` (give both). */
  pause_on?: EventName[];
  resume_on?: EventName[];
  /** Events that end the current cycle and start a new one. */
  reset_on?: EventName[];
  /** Events that end the clock without a verdict. */
  cancel_on?: EventName[];
  /** Statuses during which the clock is paused (each a pause reason). */
  pause_in?: string[];
  /** Statuses that stop the clock; leaving one reopens it. */
  stop_in?: string[];
  /** Statuses that end the clock without a verdict. */
  cancel_in?: string[];
  /** Default "once". */
  cycles?: Cycles;
  /** Default "continue" ("new_cycle" for a periodic metric). */
  on_reopen?: OnReopen;
  calendar?: string;
  working_days_meaning?: WorkingDaysMeaning;
  /** Category → priority → target; "*" matches any. */
  targets: Record<string, Record<string, TargetCell>>;
  on_upgrade?: ChangeRule;
  on_downgrade?: ChangeRule;
  on_category_change?: ChangeRule;
  worked_since?: "last_restart" | "start";
  thresholds?: ThresholdSpec[];
}

/** "4h", "3 working days", "by agreement", "not allowed" (the pair is invalid), "not applicable" (the metric is left out), or a detailed target. */
export type TargetCell =
  | string
  | { duration: string; calendar?: string; working_days_meaning?: WorkingDaysMeaning };

export interface ThresholdSpec {
  id: string;
  /** Share of the target used, 0 < percent <= 100. */
  percent?: number;
  /** Working time before the deadline, e.g. "1h". */
  before?: string;
}

export interface TimerSpec {
  id: string;
  label?: string;
  /** An event type, or "paused:<reason>". */
  start: string;
  /** Events that cancel it (default: none; ["resumed"] for a "paused:<reason>" start). */
  cancel_on?: EventName[];
  duration: string;
  calendar?: string;
}

export interface ConsentSpec {
  metric: string;
  within: string;
  before_deadline: string;
}

// ----- tickets and requests ------------------------------------------------------

/** One event. Which optional fields it takes depends on `type`. */
export interface EventSpec {
  at: InstantText;
  type: EventName;
  /** created, priority_changed, workaround_provided, consent_requested (proposed) */
  priority?: string;
  /** created, category_changed, workaround_provided, consent_requested (proposed) */
  category?: string;
  /** paused */
  reason?: string;
  /** deadline_set */
  metric?: string;
  /** deadline_set: the new deadline, or null to go back to the computed one. */
  deadline?: InstantText | null;
  /** status_changed (required), created (optional): one of the policy's statuses. */
  status?: string;
  /** created (any names), a declared type (the names it declares): string
   *  attributes that become the ticket's. */
  attributes?: Record<string, string>;
  note?: string;
}

export interface TicketSpec {
  id?: string | null;
  /** Policy calendar name → another policy calendar, a text form or a spec. */
  calendars?: Record<string, string | CalendarSpec>;
  /** In time order, starting with "created". */
  events: EventSpec[];
}

/** The JSON contract's request. */
export interface EvaluateRequest {
  policy: PolicySpec;
  ticket: TicketSpec;
  at: InstantText;
  explain?: boolean;
}

// ----- policy sets -------------------------------------------------------------------

/** A policy set as data (the JSON form of a policy set file): policies and
 *  the ordered rules that choose among them by a ticket's attributes.
 *  Unknown keys are errors. */
export interface PolicySetSpec {
  name: string;
  description?: string;
  /** Name → policy. */
  policies: Record<string, PolicySpec>;
  /** In order: the first rule whose conditions all hold selects. */
  rules?: RuleSpec[];
  /** The policy when no rule holds; left out: no SLA applies then. */
  default?: string;
}

/** One selection rule: give `policy`, or `no_sla: true`. */
export interface RuleSpec {
  /** Shown in the report as `rule`. */
  id: string;
  label?: string;
  /** Attribute name → the value, or one of the values, it must have; every
   *  condition must hold; at least one. */
  when: Record<string, string | string[]>;
  policy?: string;
  no_sla?: boolean;
  /** Calendar rebinding of the selected policy, as a ticket's `calendars`
   *  (a ticket's own rebinding of the same calendar wins). */
  calendars?: Record<string, string | CalendarSpec>;
}

/** A ticket's status under a policy set (`PolicySet.evaluate`). */
export interface SetReport {
  /** The policy selected at the evaluation instant; null: no SLA. */
  policy: string | null;
  /** The rule that selected it; null: no rule held (the default). */
  rule: string | null;
  /** The report under the selected policy; null: no SLA. */
  report: Report | null;
}

// ----- reports ---------------------------------------------------------------------

export type TicketStatus = "open" | "paused" | "resolved" | "closed";
export type MetricState =
  | "not_started"
  | "running"
  | "paused"
  | "met"
  | "breached"
  | "no_deadline"
  | "cancelled";
export type TimerState = "pending" | "running" | "due" | "cancelled";
export type SegmentKind = "working" | "outside_hours" | "paused" | "stopped";

/** A ticket's SLA status at one instant (the JSON contract's answer). */
export interface Report {
  ticket: string | null;
  at: string;
  /** The first whole second after `at` at which the report would read
   *  differently with no new event (a breach, a threshold reached, a timer
   *  due, a countdown stopping at a closing or starting at an opening), in
   *  the default calendar's offset; null when nothing will change. Worked
   *  and remaining time, which move every second, are not counted. */
  next_change_at: string | null;
  status: TicketStatus;
  priority: string;
  category: string;
  pause_reason: string | null;
  /** The helpdesk status in force (one of the policy's `statuses`), if an
   *  event gave one. */
  helpdesk_status: string | null;
  metrics: MetricReport[];
  timers: TimerReport[];
}

export interface MetricReport {
  metric: string;
  state: MetricState;
  /** The policy calendar it counts on. */
  calendar: string;
  target: string | null;
  started_at: string | null;
  stopped_at: string | null;
  /** The deadline in force; null while paused (see `projected_deadline`). */
  deadline: string | null;
  /** While paused: the deadline if the clock resumed at the evaluation instant. */
  projected_deadline: string | null;
  /** The rule that produced the deadline. */
  cause: string | null;
  breached_at: string | null;
  /** Working seconds counted toward the target (since the last restart, or
   *  since the start with `worked_since: "start"`). */
  worked_seconds: number;
  /** Working seconds since the metric started, restarts notwithstanding. */
  worked_since_start_seconds: number;
  /** Working seconds left (negative once breached). */
  remaining_seconds: number | null;
  percent_used: number | null;
  /** Running, but the calendar says the clock is stopped right now. */
  outside_working_hours: boolean;
  pause_reason: string | null;
  thresholds: ThresholdReport[];
  /** Every cycle of a metric that can have several (`cycles` repeated or
   *  periodic, a `reset_on` event, or `on_reopen: "new_cycle"`), the
   *  current one last; null for other metrics. */
  cycles: CycleList | null;
  /** With `explain`. */
  timeline?: Timeline;
}

export interface CycleList {
  /** The cycles, the current one included. */
  total: number;
  met: number;
  /** The current one included if it is breached. */
  breached: number;
  /** In time order. */
  items: CycleReport[];
}

/** One cycle: the figures its report had when it ended, or has now. */
export interface CycleReport {
  /** Met, breached, cancelled (ended by a reset or a cancel before its
   *  deadline), or the current cycle's state. */
  state: MetricState;
  started_at: string | null;
  /** Null while it runs. */
  stopped_at: string | null;
  /** Null while paused or without a target. */
  deadline: string | null;
  breached_at: string | null;
  /** Working seconds in the cycle. */
  worked_seconds: number;
  thresholds: ThresholdReport[];
}

export interface ThresholdReport {
  /** The threshold's `id` in the policy. */
  threshold: string;
  at: string;
  reached: boolean;
}

export interface TimerReport {
  timer: string;
  state: TimerState;
  started_at: string | null;
  due: string | null;
}

export interface Timeline {
  history: HistoryEntry[];
  segments: Segment[];
}

export interface HistoryEntry {
  at: string;
  cause: string;
  deadline: string | null;
}

/** A stretch of a metric's timeline, `[start, end)`. */
export interface Segment {
  start: string;
  end: string;
  kind: SegmentKind;
  reason: string | null;
  working_seconds: number;
  /** After the evaluation instant: a projection. */
  projected: boolean;
}
