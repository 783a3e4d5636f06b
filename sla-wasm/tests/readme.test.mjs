// Every ```js block of the repository's README runs as written against the
// Node build, so the first JavaScript a user copies cannot rot. The blocks
// `require` paths relative to the repository root and assert their results.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { root } from "./support.mjs";

const README = path.join(root, "README.md");
const BLOCK = /^```js[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
const blocks = [...fs.readFileSync(README, "utf8").matchAll(BLOCK)].map((m) => m[1]);

test("the README has JavaScript examples", () => {
  assert.ok(blocks.length > 0, "no ```js block in README.md");
});

blocks.forEach((code, i) => {
  test(`README.md js block #${i + 1} runs`, () => {
    const requireFromRoot = createRequire(README);
    new Function("require", code)(requireFromRoot);
  });
});
