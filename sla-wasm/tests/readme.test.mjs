// Every ```js block of the repository's README runs as written, the way a
// user's project runs it: in a fresh directory whose node_modules/sla-wasm
// is the npm package (sla-wasm/dist/sla-wasm, made by sla-wasm/pack.sh), as
// an ES module when the block has `import` lines and as CommonJS otherwise.
// So the first JavaScript a user copies cannot rot. The blocks assert their
// results.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "./support.mjs";

const README = path.join(root, "README.md");
const PACKAGE = path.join(root, "sla-wasm/dist/sla-wasm");
const BLOCK = /^```js[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
const blocks = [...fs.readFileSync(README, "utf8").matchAll(BLOCK)].map((m) => m[1]);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-readme-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the README has JavaScript examples", () => {
  assert.ok(blocks.length > 0, "no ```js block in README.md");
  assert.ok(fs.existsSync(path.join(PACKAGE, "package.json")), `${PACKAGE} is not built (sla-wasm/build.sh)`);
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(PACKAGE, path.join(dir, "node_modules/sla-wasm"), "dir");
});

blocks.forEach((code, i) => {
  test(`README.md js block #${i + 1} runs`, () => {
    const file = path.join(dir, `block${i + 1}.${/^import /m.test(code) ? "mjs" : "cjs"}`);
    fs.writeFileSync(file, code);
    const run = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8" });
    assert.equal(run.status, 0, `${path.basename(file)} failed:\n${code}\n${run.stdout}${run.stderr}`);
  });
});
