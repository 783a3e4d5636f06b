// The SLA board: sample tickets under the R3 policy, their remaining
// working time recomputed every second by the engine (compiled to wasm).
// All the SLA logic is the engine's: this file keeps each ticket's events,
// asks `policy.evaluate` for the report and shows it.
//
// ?now=<RFC 3339> freezes "now" (no ticking) for screenshots and tests;
// window.demo.advance(seconds) then moves the frozen clock on.

import init, { Policy } from "../pkg/sla_wasm.js";
import { sampleTickets } from "./tickets.js";

const POLICY_URL = new URL("../../examples/policies/r3_budget_system.json", import.meta.url);

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
};

// ----- the clock of the page --------------------------------------------------

const params = new URLSearchParams(location.search);
const frozenAt = params.get("now");
let offsetMs = 0;
const clock = {
  frozen: frozenAt !== null,
  base: frozenAt !== null ? new Date(frozenAt) : null,
  now() {
    const t = this.frozen ? this.base.getTime() : Date.now();
    return new Date(Math.floor((t + offsetMs) / 1000) * 1000);
  },
};

// ----- formatting ---------------------------------------------------------------

const pad = (n) => String(n).padStart(2, "0");

/** Working seconds as "26:03:04" (hours run on; a sign when overdue). */
export function formatRemaining(secs) {
  const sign = secs < 0 ? "−" : "";
  const s = Math.abs(secs);
  return `${sign}${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** "9h 30m" for working seconds. */
function formatHours(secs) {
  const s = Math.abs(secs);
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  return `${secs < 0 ? "−" : ""}${h ? `${h}h` : ""}${h && m ? " " : ""}${m || !h ? `${m}m` : ""}`;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An engine instant (already in the calendar's zone) as its wall clock: "Thu 5 Mar, 10:00". */
export function formatZoned(rfc3339) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339);
  if (!m) return rfc3339;
  const [, y, mo, d, h, mi] = m;
  const weekday = WEEKDAYS[new Date(Date.UTC(+y, +mo - 1, +d)).getUTCDay()];
  return `${weekday} ${+d} ${MONTHS[+mo - 1]}, ${h}:${mi}`;
}

/** The offset part of an engine instant: "+03:00". */
const offsetOf = (rfc3339) => (rfc3339.endsWith("Z") ? "+00:00" : rfc3339.slice(-6));

/** An instant in the viewer's own time zone. */
export function formatLocal(rfc3339) {
  return new Date(rfc3339).toLocaleString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

const STATE_TEXT = {
  running: "running",
  paused: "paused",
  breached: "breached",
  met: "met",
  not_started: "not started",
  no_deadline: "by agreement",
  cancelled: "cancelled",
};

// ----- the board -------------------------------------------------------------------

let policy;
let calendar;
let reasons = [];
let tickets = [];
let selected = null;
const rows = new Map();

function showError(e) {
  const box = $("#error");
  box.textContent = e && e.name ? `${e.name}: ${e.message}` : String(e);
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => (box.hidden = true), 8000);
}

/** The ticket's report now (the timeline only for the selected one). */
function evaluate(ticket, explain = false) {
  return policy.evaluate({ id: ticket.id, events: ticket.events }, clock.now(), { explain });
}

/** Appends an event at "now"; the engine rejects what the policy forbids. */
function addEvent(ticket, event) {
  const candidate = [...ticket.events, { at: clock.now().toISOString(), ...event }];
  try {
    policy.ticket({ id: ticket.id, events: candidate });
  } catch (e) {
    showError(e);
    return false;
  }
  ticket.events = candidate;
  render();
  return true;
}

function labelOf(list, id) {
  const item = (list || []).find((x) => x.id === id);
  return item && item.label ? item.label : "";
}

/** The policy's label of a category or pause reason; its id where it has none. */
const categoryText = (id) => labelOf(policy.spec.categories, id) || id;
const reasonText = (id) => labelOf(reasons, id) || id;

/** The calendar of each metric's report, by name (looked up once). */
const calendars = new Map();
function calendarOf(name) {
  if (!calendars.has(name)) calendars.set(name, policy.calendar(name));
  return calendars.get(name);
}

function buildRow(ticket) {
  const spec = policy.spec;
  const priority = el("select", { class: "priority", title: "Change the priority" });
  for (const p of policy.priorities) {
    priority.append(el("option", { value: p, title: labelOf(spec.priorities, p) }, p));
  }
  priority.addEventListener("change", () => {
    if (!addEvent(ticket, { type: "priority_changed", priority: priority.value })) render();
  });
  const reason = el("select", { class: "reason" });
  for (const r of reasons) reason.append(el("option", { value: r.id, title: r.id }, reasonText(r.id)));
  const pause = el("button", { class: "pause", type: "button" }, "Pause");
  pause.addEventListener("click", () => addEvent(ticket, { type: "paused", reason: reason.value }));
  const resume = el("button", { class: "resume", type: "button" }, "Resume");
  resume.addEventListener("click", () => addEvent(ticket, { type: "resumed" }));

  const row = el(
    "article",
    { class: "ticket", "data-id": ticket.id, tabIndex: 0 },
    el(
      "header",
      {},
      el("span", { class: "id" }, ticket.id),
      el("span", { class: "state" }),
      el("h2", { class: "title" }, ticket.title),
      el("div", { class: "meta" }, el("span", { class: "category" }), el("span", { class: "target" })),
    ),
    el(
      "div",
      { class: "clock" },
      el("div", { class: "countdown" }),
      el("div", { class: "countdown-label" }),
      el("div", { class: "bar" }, el("div", { class: "fill" })),
      el("div", { class: "stopped" }),
    ),
    el(
      "dl",
      { class: "deadline" },
      el("dt", {}, "Deadline, your time"),
      el("dd", { class: "deadline-local" }),
      el("dt", { class: "zone-name" }),
      el("dd", { class: "deadline-zone" }),
    ),
    el(
      "div",
      { class: "actions" },
      el("label", {}, "Priority ", priority),
      el("span", { class: "pause-group" }, el("label", {}, "Pause reason ", reason), pause),
      resume,
    ),
  );
  row.addEventListener("click", (e) => {
    if (e.target.closest("select, button")) return;
    selected = ticket.id;
    render();
  });
  row.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target === row) {
      selected = ticket.id;
      render();
    }
  });
  return row;
}

function updateRow(ticket, report) {
  const row = rows.get(ticket.id);
  const m = report.metrics[0];
  const state = m ? m.state : "not_started";
  row.dataset.state = state;
  row.classList.toggle("selected", ticket.id === selected);
  const badge = $(".state", row);
  badge.textContent = STATE_TEXT[state] || state;
  badge.className = `state state-${state}`;
  $(".category", row).textContent = categoryText(report.category);
  $(".target", row).textContent = m && m.target ? `${m.metric}: ${m.target}` : "";

  const remaining = m ? m.remaining_seconds : null;
  const countdown = $(".countdown", row);
  countdown.dataset.remaining = remaining === null ? "" : String(remaining);
  if (state === "met" || state === "cancelled") {
    countdown.textContent = formatHours(m.worked_seconds);
    $(".countdown-label", row).textContent = `worked, ${state} at ${formatZoned(m.stopped_at)}`;
  } else if (remaining === null) {
    countdown.textContent = "—";
    $(".countdown-label", row).textContent = "no deadline";
  } else {
    countdown.textContent = formatRemaining(remaining);
    $(".countdown-label", row).textContent = remaining < 0 ? "working time overdue" : "working time left";
  }
  const used = m && m.percent_used !== null ? Math.min(m.percent_used, 100) : 0;
  $(".fill", row).style.width = `${used}%`;
  $(".bar", row).title = m && m.percent_used !== null ? `${m.percent_used}% of the target used` : "";

  let why = "";
  if (m && m.outside_working_hours) {
    // When this metric's calendar opens again, its clock starts again.
    const opens = calendarOf(m.calendar).nextOpening(clock.now());
    why = `outside working hours — clock stopped until ${formatZoned(opens)}`;
  } else if (state === "paused") why = `paused: ${reasonText(m.pause_reason)} — clock stopped`;
  $(".stopped", row).textContent = why;

  // A paused clock has no deadline in force: show the projected one, marked.
  const deadline = m ? m.deadline ?? m.projected_deadline : null;
  const projected = Boolean(m && !m.deadline && m.projected_deadline);
  const dl = $(".deadline", row);
  dl.dataset.deadline = deadline || "";
  dl.dataset.projected = projected ? "1" : "";
  $(".deadline-local", row).textContent = deadline
    ? `${formatLocal(deadline)}${projected ? " (projected)" : ""}`
    : "—";
  $(".zone-name", row).textContent = `Deadline, ${calendar.timezone}`;
  $(".deadline-zone", row).textContent = deadline ? `${formatZoned(deadline)} (${offsetOf(deadline)})` : "—";

  const priority = $(".priority", row);
  priority.value = report.priority;
  for (const option of priority.options) {
    let allowed = true;
    try {
      policy.checkPair(report.category, option.value);
    } catch {
      allowed = false;
    }
    option.disabled = !allowed;
  }
  const open = report.status === "open" || report.status === "paused";
  priority.disabled = !open;
  $(".pause-group", row).hidden = report.status !== "open";
  $(".resume", row).hidden = report.status !== "paused";
}

const SEGMENT_TEXT = {
  working: "working time",
  outside_hours: "outside working hours",
  paused: "paused",
  stopped: "resolved",
};

function renderTimeline(ticket) {
  const panel = $("#timeline");
  panel.replaceChildren();
  if (!ticket) {
    panel.append(el("p", { class: "hint" }, "Select a ticket to see why its deadline is what it is."));
    return;
  }
  const report = evaluate(ticket, true);
  panel.dataset.ticket = ticket.id;
  panel.append(el("h2", {}, `${ticket.id} · ${ticket.title}`));
  for (const m of report.metrics) {
    const section = el("section", { class: "metric", "data-metric": m.metric });
    section.append(
      el(
        "h3",
        {},
        `${m.metric.replaceAll("_", " ")} `,
        el("span", { class: `state state-${m.state}` }, STATE_TEXT[m.state] || m.state),
        el("span", { class: "muted" }, m.target ? ` target ${m.target} on “${m.calendar}”` : ""),
      ),
    );
    const timeline = m.timeline || { history: [], segments: [] };
    const history = el("ol", { class: "history" });
    for (const h of timeline.history) {
      history.append(
        el(
          "li",
          {},
          el("time", { dateTime: h.at }, formatZoned(h.at)),
          el("span", { class: "cause" }, h.cause),
          el("span", { class: "after" }, h.deadline ? `→ ${formatZoned(h.deadline)}` : "→ no deadline"),
        ),
      );
    }
    section.append(el("h4", {}, "History"), history);

    const segments = timeline.segments;
    if (segments.length) {
      const t0 = Date.parse(segments[0].start);
      const t1 = Date.parse(segments[segments.length - 1].end);
      const span = Math.max(t1 - t0, 1);
      const bar = el("div", { class: "segbar" });
      for (const s of segments) {
        const w = ((Date.parse(s.end) - Date.parse(s.start)) / span) * 100;
        bar.append(
          el("div", {
            class: `seg seg-${s.kind}${s.projected ? " projected" : ""}`,
            style: `width:${w}%`,
            title: `${SEGMENT_TEXT[s.kind]}${s.reason ? ` (${reasonText(s.reason)})` : ""}: ${formatZoned(s.start)} – ${formatZoned(s.end)}`,
          }),
        );
      }
      const nowPct = ((clock.now().getTime() - t0) / span) * 100;
      if (nowPct >= 0 && nowPct <= 100) bar.append(el("div", { class: "now-mark", style: `left:${nowPct}%`, title: "now" }));
      const list = el("table", { class: "segments" });
      list.append(el("tr", {}, el("th", {}, "from"), el("th", {}, "to"), el("th", {}, "what"), el("th", {}, "counted")));
      for (const s of segments) {
        list.append(
          el(
            "tr",
            { class: `${s.kind}${s.projected ? " projected" : ""}` },
            el("td", {}, formatZoned(s.start)),
            el("td", {}, formatZoned(s.end)),
            el("td", {}, el("i", { class: `dot seg-${s.kind}` }), SEGMENT_TEXT[s.kind] + (s.reason ? ` (${reasonText(s.reason)})` : "")),
            el("td", { class: "num" }, s.kind === "working" ? formatHours(s.working_seconds) : "—"),
          ),
        );
      }
      section.append(
        el("h4", {}, "Segments ", el("span", { class: "muted" }, "(faded: projected after now)")),
        bar,
        el("div", { class: "segscroll" }, list),
      );
    }
    panel.append(section);
  }
  if (report.timers.length) {
    const timers = el("ul", { class: "timers" });
    for (const t of report.timers) {
      timers.append(el("li", {}, `${t.timer.replaceAll("_", " ")}: ${t.state}${t.due ? `, due ${formatZoned(t.due)}` : ""}`));
    }
    panel.append(el("h4", {}, "Timers"), timers);
  }
}

function renderClock() {
  const now = clock.now();
  $("#now-local").textContent = formatLocal(now.toISOString());
  // Adding zero working time gives the instant itself, in the calendar's zone.
  const zoned = calendar.add(now, 0);
  $("#now-zone").textContent = `${formatZoned(zoned)} (${calendar.timezone})`;
  const working = calendar.isWorking(now);
  $("#office").textContent = working ? "office open" : `office closed, opens ${formatZoned(calendar.nextOpening(now))}`;
  $("#office").className = working ? "pill open" : "pill closed";
  $("#frozen").hidden = !clock.frozen;
}

function render() {
  try {
    renderClock();
    for (const ticket of tickets) updateRow(ticket, evaluate(ticket));
    renderTimeline(tickets.find((t) => t.id === selected));
  } catch (e) {
    showError(e);
  }
}

async function main() {
  await init();
  const json = await fetch(POLICY_URL).then((r) => {
    if (!r.ok) throw new Error(`cannot load ${POLICY_URL}: HTTP ${r.status}`);
    return r.text();
  });
  policy = Policy.fromJson(json);
  calendar = policy.calendar(policy.spec.default_calendar || policy.calendarNames[0]);
  reasons = policy.spec.pause_reasons || [];
  $("#policy-name").textContent = policy.name;
  $("#policy-description").textContent = policy.spec.description || "";
  tickets = sampleTickets(calendar, clock.now());
  selected = tickets[0].id;
  const board = $("#board");
  for (const ticket of tickets) {
    const row = buildRow(ticket);
    rows.set(ticket.id, row);
    board.append(row);
  }
  render();
  if (!clock.frozen) setInterval(render, 1000);
  window.demo = {
    /** Moves "now" on by `seconds` and recomputes. */
    advance(seconds) {
      offsetMs += seconds * 1000;
      render();
    },
    now: () => clock.now().toISOString(),
    tickets: () => tickets.map((t) => ({ id: t.id, events: t.events })),
  };
  document.body.dataset.ready = "1";
}

main().catch((e) => {
  showError(e);
  console.error(e);
});
