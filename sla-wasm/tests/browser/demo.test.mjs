// The demo page in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): what it shows must be what the engine computes in Node
// for the same tickets, and pausing, resuming and changing the priority must
// recompute exactly as the core does.
//
// Serves the repository root with `python3 -m http.server` on a free
// loopback port for the duration of the test. Needs sla-wasm/build.sh's
// pkg/ (web) and pkg-node/ (Node) builds. Leaves a screenshot in
// sla-wasm/tests/browser/demo.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const require = createRequire(import.meta.url);
const { chromium } = require(path.join(root, "sla-wasm/node_modules/playwright-core"));
const sla = require(path.join(root, "sla-wasm/pkg-node/sla_wasm.js"));
const { sampleTickets } = await import(path.join(root, "sla-wasm/demo/tickets.js"));

/** Wednesday 11:00 in Moscow: working time. */
const NOW = "2026-03-04T11:00:00+03:00";
/** The same Wednesday, 19:30: after hours. */
const EVENING = "2026-03-04T19:30:00+03:00";
const SCREENSHOT = path.join(here, "demo.png");

// The page reads the policy's JSON twin (the web build has no TOML reader).
const policy = sla.Policy.fromJson(fs.readFileSync(path.join(root, "examples/policies/r3_budget_system.json"), "utf8"));
const calendar = policy.calendar("business");

/** What the engine says in Node for a ticket's events at `at`. */
const expected = (id, events, at) => policy.evaluate({ id, events }, at).metrics[0];

let server;
let port;
let context;
let page;
const problems = [];

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, ms = 10000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`server at ${url} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  port = await freePort();
  server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1"], {
    cwd: root,
    stdio: "ignore",
  });
  await waitForServer(`http://127.0.0.1:${port}/sla-wasm/demo/index.html`);
  context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), "sla-chromium-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // A viewer far from Moscow: "your time" and the calendar's zone differ.
    timezoneId: "America/New_York",
    locale: "en-GB",
    viewport: { width: 1400, height: 1000 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
});

after(async () => {
  await context?.close();
  server?.kill();
});

/** Opens the page with its clock frozen at `now`, or live (the real clock) without it. */
async function open(now) {
  const query = now === undefined ? "" : `?now=${encodeURIComponent(now)}`;
  await page.goto(`http://127.0.0.1:${port}/sla-wasm/demo/index.html${query}`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
}

/** The policy's label of a pause reason or category. */
const labelOf = (list, id) => list.find((x) => x.id === id).label;

/** What a ticket's card shows. */
async function card(id) {
  return page.$eval(`.ticket[data-id="${id}"]`, (row) => ({
    state: row.dataset.state,
    badge: row.querySelector(".state").textContent,
    remaining: row.querySelector(".countdown").dataset.remaining,
    countdown: row.querySelector(".countdown").textContent,
    deadline: row.querySelector(".deadline").dataset.deadline,
    local: row.querySelector(".deadline-local").textContent,
    zone: row.querySelector(".deadline-zone").textContent,
    stopped: row.querySelector(".stopped").textContent,
    category: row.querySelector(".category").textContent,
    priority: row.querySelector(".priority").value,
  }));
}

/** Seconds as the page's countdown shows them. */
const hms = (s) => {
  const a = Math.abs(s);
  const p = (n) => String(n).padStart(2, "0");
  return `${s < 0 ? "−" : ""}${p(Math.floor(a / 3600))}:${p(Math.floor(a / 60) % 60)}:${p(a % 60)}`;
};

test("the board shows what the engine computes, in both time zones", async () => {
  await open(NOW);
  const tickets = sampleTickets(calendar, NOW);
  assert.equal(tickets.length, 6);
  const states = new Set();
  for (const t of tickets) {
    const want = expected(t.id, t.events, NOW);
    const got = await card(t.id);
    states.add(got.state);
    assert.equal(got.state, want.state, t.id);
    assert.equal(got.deadline, want.deadline ?? want.projected_deadline ?? "", `${t.id} deadline`);
    assert.equal(got.remaining, want.remaining_seconds === null ? "" : String(want.remaining_seconds), `${t.id} remaining`);
    if (want.state === "running" || want.state === "paused" || want.state === "breached") {
      assert.equal(got.countdown, hms(want.remaining_seconds), t.id);
    }
    if (want.deadline) {
      // The calendar's wall clock, as the engine wrote it, and the viewer's.
      const hhmm = want.deadline.slice(11, 16);
      assert.ok(got.zone.includes(hhmm), `${t.id}: ${got.zone} should show ${hhmm}`);
      const local = new Date(want.deadline).toLocaleString("en-GB", {
        weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
        timeZoneName: "short", timeZone: "America/New_York",
      });
      assert.equal(got.local, local, `${t.id} local deadline`);
    }
  }
  for (const s of ["running", "paused", "breached", "met"]) assert.ok(states.has(s), `no ${s} ticket on the board`);
  // Categories by the policy's labels, not by their ids.
  assert.equal((await card("INC-101")).category, labelOf(policy.spec.categories, "incident"));
  assert.equal((await card("CHG-106")).category, labelOf(policy.spec.categories, "change_request_federal"));
  assert.ok(await page.isVisible("#frozen"), "the frozen-clock badge shows with ?now=");
  assert.deepEqual(problems, []);
});

test("live mode: the clock runs and no frozen-clock badge shows", async () => {
  await open();
  assert.equal(await page.$$eval(".ticket", (rows) => rows.length), 6);
  assert.equal(await page.isVisible("#frozen"), false, "the frozen-clock badge shows in live mode");
  const first = await page.evaluate(() => window.demo.now());
  assert.ok(Math.abs(Date.parse(first) - Date.now()) < 5000, `the page's now ${first} is not the real clock`);
  await page.waitForFunction((t) => window.demo.now() !== t, first, { timeout: 5000 });
  // The board is the engine's at the page's now (read between two ticks).
  const state = await page.evaluate(() => ({ now: window.demo.now(), tickets: window.demo.tickets() }));
  const t = state.tickets.find((x) => x.id === "INC-103");
  assert.equal((await card("INC-103")).deadline, expected(t.id, t.events, state.now).deadline);
  assert.deepEqual(problems, []);
});

test("pause freezes the countdown, resume restarts it, a priority change recomputes", async () => {
  await open(NOW);
  const [t] = sampleTickets(calendar, NOW);
  const id = t.id;
  const events = [...t.events];
  const before = await card(id);
  assert.equal(before.state, "running");

  // The reason menu is labelled, and lists the policy's labels.
  const menu = page.locator(`.ticket[data-id="${id}"]`).getByLabel("Pause reason");
  assert.equal(await menu.count(), 1);
  assert.deepEqual(
    await menu.locator("option").allTextContents(),
    policy.spec.pause_reasons.map((r) => r.label),
  );
  // Pause with a chosen reason.
  await menu.selectOption("external_vendor");
  await page.click(`.ticket[data-id="${id}"] button.pause`);
  events.push({ at: new Date(NOW).toISOString(), type: "paused", reason: "external_vendor" });
  let got = await card(id);
  assert.equal(got.state, "paused");
  assert.equal(got.badge, "paused");
  assert.equal(got.stopped, `paused: ${labelOf(policy.spec.pause_reasons, "external_vendor")} — clock stopped`);
  assert.equal(got.remaining, before.remaining);

  // Ten minutes later: frozen while paused, while a running ticket counts down.
  const other = "SRV-105";
  const otherBefore = await card(other);
  await page.evaluate(() => window.demo.advance(600));
  got = await card(id);
  assert.equal(got.state, "paused");
  assert.equal(got.remaining, before.remaining, "a paused countdown does not move");
  assert.equal(got.countdown, before.countdown);
  const later = new Date(Date.parse(NOW) + 600_000).toISOString();
  const paused = expected(id, events, later);
  assert.equal(paused.deadline, null, "no deadline is in force while paused");
  assert.equal(got.deadline, paused.projected_deadline, "the projected deadline moves with the pause");
  assert.match(got.local, / \(projected\)$/);
  assert.equal(Number((await card(other)).remaining), Number(otherBefore.remaining) - 600);

  // Resume.
  await page.click(`.ticket[data-id="${id}"] button.resume`);
  events.push({ at: later, type: "resumed" });
  got = await card(id);
  let want = expected(id, events, later);
  assert.equal(got.state, "running");
  assert.equal(got.remaining, String(want.remaining_seconds));
  assert.equal(got.remaining, before.remaining);
  assert.equal(got.deadline, want.deadline);

  // Lower the priority: "highest" → "high" keeps the worked time (13.13).
  await page.selectOption(`.ticket[data-id="${id}"] select.priority`, "high");
  events.push({ at: later, type: "priority_changed", priority: "high" });
  got = await card(id);
  want = expected(id, events, later);
  assert.equal(got.priority, "high");
  assert.equal(got.deadline, want.deadline);
  assert.notEqual(got.deadline, before.deadline);
  assert.equal(got.remaining, String(want.remaining_seconds));

  // The page's events are exactly ours.
  const pageTickets = await page.evaluate(() => window.demo.tickets());
  assert.deepEqual(pageTickets.find((x) => x.id === id).events, events);

  // The timeline panel explains the selected ticket.
  await page.click(`.ticket[data-id="${id}"] h2`);
  const report = policy.evaluate({ id, events }, later, { explain: true });
  const history = await page.$$eval("#timeline .metric:first-of-type .history li", (li) => li.length);
  assert.equal(history, report.metrics[0].timeline.history.length);
  const segments = await page.$$eval("#timeline .metric:first-of-type .segments tr", (tr) => tr.length - 1);
  assert.equal(segments, report.metrics[0].timeline.segments.length);
  assert.deepEqual(problems, []);
});

test("after hours, running clocks say why they stand still and when they start again", async () => {
  await open(EVENING);
  // The clocks start again when the calendar next opens.
  assert.equal(calendar.nextOpening(EVENING), "2026-03-05T09:00:00+03:00");
  const outside = "outside working hours — clock stopped until Thu 5 Mar, 09:00";
  let stopped = 0;
  for (const t of sampleTickets(calendar, EVENING)) {
    const want = expected(t.id, t.events, EVENING);
    const got = await card(t.id);
    assert.equal(got.deadline, want.deadline ?? want.projected_deadline ?? "");
    assert.equal(got.remaining, want.remaining_seconds === null ? "" : String(want.remaining_seconds), t.id);
    if (want.outside_working_hours) {
      stopped++;
      assert.equal(got.stopped, outside, t.id);
    } else {
      assert.notEqual(got.stopped, outside, t.id);
    }
  }
  assert.ok(stopped >= 3, `only ${stopped} running tickets are outside working hours at ${EVENING}`);
  // An hour later the evening clocks still stand.
  const before = await card("INC-101");
  await page.evaluate(() => window.demo.advance(3600));
  assert.equal((await card("INC-101")).remaining, before.remaining);
  assert.equal(await page.textContent("#office"), "office closed, opens Thu 5 Mar, 09:00");
  assert.deepEqual(problems, []);
});

test("screenshot of the board with a ticket's timeline", async () => {
  await open(NOW);
  await page.click('.ticket[data-id="INC-102"] h2');
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.ok(fs.statSync(SCREENSHOT).size > 10_000);
  assert.deepEqual(problems, []);
});
