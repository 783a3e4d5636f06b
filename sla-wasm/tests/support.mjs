// Shared by the Node tests: the Node build of the package, and error checks.
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
/** The Node build (`sla-wasm/pkg-node`, made by sla-wasm/build.sh). */
export const sla = require("../pkg-node/sla_wasm.js");

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Error class name per family (`Error.kind`). */
export const CLASS = {
  calendar: "CalendarError",
  range: "OutOfRangeError",
  input: "InputError",
  policy: "PolicyError",
  event: "EventError",
};

/**
 * Asserts that `fn` throws an engine error of family `kind`; `message` is
 * the exact text (a string) or a RegExp.
 */
export function throwsSla(fn, kind, message) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, "expected an error, nothing was thrown");
  assert.ok(thrown instanceof Error, `expected an Error, got ${String(thrown)}`);
  assert.equal(thrown.kind, kind, `kind of: ${thrown.message}`);
  assert.equal(thrown.name, CLASS[kind]);
  if (message instanceof RegExp) assert.match(thrown.message, message);
  else if (message !== undefined) assert.equal(thrown.message, message);
  return thrown;
}

/** A small policy on a Moscow office calendar, used by several tests. */
export const DEMO_POLICY = {
  name: "demo",
  calendars: { office: "Mon-Fri 09:00-18:00 Europe/Moscow" },
  priorities: [{ id: "high" }, { id: "low" }],
  categories: [{ id: "incident" }, { id: "question" }],
  pause_reasons: [{ id: "waiting_for_info" }],
  metrics: [
    {
      id: "reaction",
      stop: "responded",
      targets: { "*": { high: "1h", low: "4h" }, question: { high: "not allowed" } },
    },
  ],
};
