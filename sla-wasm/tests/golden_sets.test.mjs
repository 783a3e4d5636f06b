// The policy-set golden cases of tests/golden_sets (recorded by
// tests/golden_sets.rs, read by sla-py/tests/test_golden_sets.py too): each
// gives exactly the recorded SetReport, or throws exactly the recorded
// error, through PolicySet from an object and from JSON, with the ticket as
// an object and as JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sla, root, throwsSla } from "./support.mjs";

const dir = path.join(root, "tests", "golden_sets");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

test("golden set cases exist", () => {
  assert.ok(files.length >= 5, `too few golden set cases in ${dir}`);
});

for (const file of files) {
  const golden = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  test(`golden set ${file}`, () => {
    assert.ok(("expected" in golden) !== ("error" in golden), `${file}: give "expected" or "error"`);
    const options = { explain: Boolean(golden.explain) };
    const ways = {
      object: () => new sla.PolicySet(golden.set).evaluate(golden.ticket, golden.at, options),
      json: () => sla.PolicySet.fromJson(JSON.stringify(golden.set)).evaluate(JSON.stringify(golden.ticket), golden.at, options),
    };
    for (const [how, run] of Object.entries(ways)) {
      if ("expected" in golden) assert.deepStrictEqual(run(), golden.expected, `${file} via ${how}`);
      else throwsSla(run, golden.error.kind, golden.error.message);
    }
  });
}
