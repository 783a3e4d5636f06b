// The npm package (sla-wasm/dist/sla-wasm-<version>.tgz, made by
// sla-wasm/pack.sh at the end of build.sh), installed the way a user does:
// `npm install <tarball>` into a fresh ES-module project and a fresh CommonJS
// project in a temporary directory (offline: the package has no
// dependencies), then `Calendar.add` through each entry point, and the
// declarations each entry point resolves to under a strict tsconfig with a
// usual `lib: ["es2022", "dom"]`.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "./support.mjs";

const dist = path.join(root, "sla-wasm/dist");
const tsc = path.join(root, "sla-wasm/node_modules/typescript/bin/tsc");
const EXPECTED = "2026-05-12T12:30:00+03:00";
const made = [];
after(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tarball() {
  const found = fs.existsSync(dist) ? fs.readdirSync(dist).filter((f) => f.endsWith(".tgz")) : [];
  assert.equal(found.length, 1, `one sla-wasm-*.tgz in ${dist} (run sla-wasm/build.sh), found: ${found}`);
  return path.join(dist, found[0]);
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** A fresh project of the given module type with the tarball installed. */
function project(type, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sla-wasm-${type}-`));
  made.push(dir);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: `app-${type}`, version: "1.0.0", private: true, type }, null, 2),
  );
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball()], dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function typeCheck(dir, compilerOptions, file) {
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        lib: ["es2022", "dom"],
        skipLibCheck: false,
        types: [],
        ...compilerOptions,
      },
      files: [file],
    }),
  );
  run(process.execPath, [tsc, "-p", "tsconfig.json"], dir);
}

const TS_USE = `
const cal = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");
const deadline: string = cal.add("2026-05-08T16:30:00+03:00", "4h");
const ms: Float64Array = cal.addMany(Float64Array.of(Date.now()), 3600);
const texts: (string | null)[] = cal.addMany([deadline, null], "1h");
void [ms, texts];
`;

test("the tarball holds the web and Node builds, their declarations and the README", () => {
  const all = run("tar", ["tzf", tarball()], root).split("\n").filter(Boolean).sort();
  // The binding's inline JS, by wasm-bindgen under a hashed name: every
  // file the two builds load is there.
  for (const build of ["web", "node"]) {
    const js = fs.readFileSync(path.join(dist, "sla-wasm", build, "sla_wasm.js"), "utf8");
    const snippets = [...js.matchAll(/["']\.\/(snippets\/[^"']+)["']/g)].map((m) => `package/${build}/${m[1]}`);
    for (const file of snippets) assert.ok(all.includes(file), `${file} is not in the tarball`);
  }
  const list = all.filter((f) => !f.includes("/snippets/"));
  assert.deepEqual(list, [
    "package/README.md",
    "package/node/index.d.mts",
    "package/node/index.mjs",
    "package/node/package.json",
    "package/node/sla_wasm.d.ts",
    "package/node/sla_wasm.js",
    "package/node/sla_wasm_bg.wasm",
    "package/package.json",
    "package/web/sla_wasm.d.ts",
    "package/web/sla_wasm.js",
    "package/web/sla_wasm_bg.wasm",
  ]);
});

test("an ES-module project imports it, with init() as in the browser, and type-checks", () => {
  const dir = project("module", {
    "main.js": `import init, { Calendar, Policy, evaluate } from "sla-wasm";
await init();
const cal = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");
console.log(JSON.stringify([cal.add("2026-05-08T16:30:00+03:00", "4h"),
  typeof Policy.fromToml, typeof evaluate]));
`,
    "main.ts": `import init, { Calendar } from "sla-wasm";\nawait init();\n${TS_USE}`,
  });
  const [deadline, fromToml, evaluateType] = JSON.parse(run(process.execPath, ["main.js"], dir));
  assert.equal(deadline, EXPECTED);
  // The Node entry is the Node build (with the TOML reader).
  assert.equal(fromToml, "function");
  assert.equal(evaluateType, "function");
  // Node's own resolution: the `node` + `import` types (node/index.d.mts).
  typeCheck(dir, { module: "nodenext", moduleResolution: "nodenext" }, "main.ts");
  // A bundler's resolution: the web build's types (web/sla_wasm.d.ts).
  typeCheck(dir, { module: "es2022", moduleResolution: "bundler" }, "main.ts");
});

test("a CommonJS project requires it and type-checks", () => {
  const dir = project("commonjs", {
    "main.js": `const { Calendar } = require("sla-wasm");
const cal = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");
console.log(cal.add("2026-05-08T16:30:00+03:00", "4h"));
`,
    "main.ts": `import { Calendar } from "sla-wasm";\n${TS_USE}`,
  });
  assert.equal(run(process.execPath, ["main.js"], dir).trim(), EXPECTED);
  // A .ts file in a CommonJS project compiles to require(): the `require` types.
  typeCheck(dir, { module: "nodenext", moduleResolution: "nodenext" }, "main.ts");
});
