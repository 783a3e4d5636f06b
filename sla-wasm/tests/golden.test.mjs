// The golden cases shared by the Rust, Python and JS suites: every
// tests/golden/*.json (or $SLA_GOLDEN_DIR/*.json) must give exactly the
// expected report, or throw exactly the expected error, through every entry
// point of the binding.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sla, root, throwsSla } from "./support.mjs";

const dir = process.env.SLA_GOLDEN_DIR || path.join(root, "tests", "golden");
const files = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()
  : [];

test(`golden cases exist in ${dir}`, () => {
  assert.ok(files.length > 0, `no golden cases (*.json) in ${dir}`);
});

for (const file of files) {
  const golden = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  const { request } = golden;
  test(`golden ${golden.name ?? file}`, () => {
    assert.ok(request, `${file} has no "request"`);
    assert.ok(("expected" in golden) !== ("error" in golden), `${file}: give "expected" or "error"`);
    const options = { explain: Boolean(request.explain) };
    const entries = {
      "evaluate(object)": () => sla.evaluate(request),
      "evaluate(string)": () => sla.evaluate(JSON.stringify(request)),
      "evaluateJson": () => JSON.parse(sla.evaluateJson(JSON.stringify(request))),
    };
    if ("policy_set" in request) {
      entries["PolicySet.evaluate"] = () =>
        new sla.PolicySet(request.policy_set).evaluate(request.ticket, request.at, options);
      entries["PolicySet.fromJson + evaluate(JSON ticket)"] = () =>
        sla.PolicySet.fromJson(JSON.stringify(request.policy_set)).evaluate(JSON.stringify(request.ticket), request.at, options);
    } else {
      entries["Policy.evaluate"] = () => new sla.Policy(request.policy).evaluate(request.ticket, request.at, options);
      entries["Policy.ticket + evaluate"] = () => {
        const policy = new sla.Policy(request.policy);
        return policy.evaluate(policy.ticket(request.ticket), request.at, options);
      };
    }
    for (const [how, run] of Object.entries(entries)) {
      if ("expected" in golden) {
        assert.deepStrictEqual(run(), golden.expected, `${file} via ${how}`);
      } else {
        throwsSla(run, golden.error.kind, golden.error.message);
      }
    }
  });
}
