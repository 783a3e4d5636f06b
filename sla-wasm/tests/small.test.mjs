// The small build (sla-wasm/pkg-small, `build.sh --small`): the same engine
// with only the zones of CHRONO_TZ_TIMEZONE_FILTER (default Europe/Moscow and
// UTC). It is a web build (an ES module); Node loads it from a copy marked
// as a module, with the .wasm bytes given to initSync.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./support.mjs";

const pkg = path.join(root, "sla-wasm/pkg-small");
const copy = fs.mkdtempSync(path.join(os.tmpdir(), "sla-wasm-small-"));
process.on("exit", () => fs.rmSync(copy, { recursive: true, force: true }));
fs.cpSync(pkg, copy, { recursive: true });
fs.writeFileSync(path.join(copy, "package.json"), '{ "type": "module" }\n');
const small = await import(pathToFileURL(path.join(copy, "sla_wasm.js")).href);
small.initSync({ module: fs.readFileSync(path.join(copy, "sla_wasm_bg.wasm")) });
const full = (await import("./support.mjs")).sla;

test("the small build computes what the full build computes in its zones", () => {
  for (const spec of ["Mon-Fri 09:00-18:00 Europe/Moscow +ru", "24x7 UTC", "Mon-Fri 08:45-17:00 UTC"]) {
    const a = new small.Calendar(spec);
    const b = new full.Calendar(spec);
    for (const [t, d] of [["2026-05-08T16:30:00+03:00", "4h"], ["2026-12-31T20:00:00Z", "3 working days"], ["2026-03-06T17:00:00+03:00", 7200]]) {
      assert.equal(a.add(t, d), b.add(t, d), `${spec}: ${t} + ${d}`);
    }
  }
  assert.equal(new small.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru").add("2026-05-08T16:30:00+03:00", "4h"), "2026-05-12T12:30:00+03:00");
});

test("a zone left out of the small build is an unknown time zone", () => {
  assert.throws(() => new small.Calendar("Mon-Fri 09:00-18:00 Europe/Berlin"), {
    name: "CalendarError",
    message: 'unknown time zone "Europe/Berlin"',
  });
  // The full build knows it.
  assert.equal(new full.Calendar("Mon-Fri 09:00-18:00 Europe/Berlin").timezone, "Europe/Berlin");
});

/** Whether a build knows the time zone `zone`. */
const knows = (build, zone) => {
  try {
    new build.Calendar(`24x7 ${zone}`).free();
    return true;
  } catch {
    return false;
  }
};

test("the small build gives the golden reports and errors in its zones, and names the zone it lacks in others", () => {
  const dir = path.join(root, "tests/golden");
  let n = 0;
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const golden = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
    const text = JSON.stringify(golden.request);
    const run = () => JSON.parse(small.evaluateJson(text));
    // Zones the full build knows and the small one leaves out (the helpdesk
    // cases count in Europe/Berlin): such a case fails with the zone's name.
    const lacking = [...new Set(text.match(/[A-Z][A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?/g) ?? [])].filter(
      (zone) => knows(full, zone) && !knows(small, zone),
    );
    if (lacking.length > 0) {
      assert.throws(run, (e) => {
        assert.equal(e.name, "CalendarError", name);
        const zone = /^unknown time zone "(.+)"$/.exec(e.message)?.[1];
        assert.ok(lacking.includes(zone), `${name}: ${e.message} (lacking: ${lacking})`);
        return true;
      });
      continue;
    }
    if ("expected" in golden) {
      assert.deepStrictEqual(run(), golden.expected, name);
    } else {
      assert.throws(run, { kind: golden.error.kind, message: golden.error.message }, name);
    }
    n++;
  }
  assert.ok(n >= 10, `only ${n} golden cases`);
});
