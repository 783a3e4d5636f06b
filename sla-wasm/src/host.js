// The host side of the binding's conversions (sla-wasm/src/convert.rs
// imports these; wasm-bindgen copies the file into the builds' snippets/).
//
// Short ASCII strings (every instant the engine returns) cross into JS
// through these helpers: building them from bytes in JS is several times
// faster than wasm-bindgen's TextDecoder for strings of 25 characters,
// whose fixed cost dominated a `Calendar.add` call (see bench/bench.mjs).
// The module's memory is handed over once, at instantiation; a view of it
// is renewed only after the memory grew (its old buffer is then detached
// and the view's length 0), which is much cheaper than comparing
// `memory.buffer` on every call.
// Checked by `make lint` (tsc --strict --checkJs, with the JSDoc types).
/** @type {WebAssembly.Memory} */
let memory;
let bytes = new Uint8Array(0);
/** @param {WebAssembly.Memory} m */
export function sla_set_memory(m) { memory = m; bytes = new Uint8Array(0); }
/** @param {number} ptr @param {number} len @returns {string} */
export function sla_ascii(ptr, len) {
  if (bytes.length === 0) bytes = new Uint8Array(memory.buffer);
  const m = bytes;
  const p = ptr;
  if (len === 25) {
    return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6],
      m[p + 7], m[p + 8], m[p + 9], m[p + 10], m[p + 11], m[p + 12], m[p + 13], m[p + 14],
      m[p + 15], m[p + 16], m[p + 17], m[p + 18], m[p + 19], m[p + 20], m[p + 21], m[p + 22],
      m[p + 23], m[p + 24]);
  }
  let s = "";
  for (let i = p; i < p + len; i++) s += String.fromCharCode(m[i]);
  return s;
}
/** @param {unknown} value @returns {boolean} */
export function sla_well_formed(value) {
  if (typeof value !== "string") return true;
  return typeof value.isWellFormed === "function" ? value.isWellFormed() : !/\p{Cs}/u.test(value);
}
/** @param {unknown} value @param {number} limit @returns {number} */
export function sla_json_shape(value, limit) {
  /** @type {object[]} */
  const path = [];
  /** @param {any} v @returns {number} */
  const walk = (v) => {
    if (v !== null && typeof v === "object" && typeof v.toJSON === "function") v = v.toJSON();
    if (v === null || typeof v !== "object") return 0;
    if (path.includes(v)) return 1;
    if (path.length >= limit) return 2;
    path.push(v);
    for (const k of Object.keys(v)) {
      const r = walk(v[k]);
      if (r) return r;
    }
    path.pop();
    return 0;
  };
  try { return walk(value); } catch (e) { return 0; }
}
/** @param {unknown} value @returns {string | undefined} */
export function sla_ill_formed(value) {
  /** @param {unknown} s @returns {s is string} */
  const bad = (s) => typeof s === "string" && !sla_well_formed(s);
  /** @type {Set<object>} */
  const seen = new Set();
  /** @param {any} v @returns {string | undefined} */
  const walk = (v) => {
    if (v !== null && typeof v === "object" && typeof v.toJSON === "function") v = v.toJSON();
    if (bad(v)) return v;
    if (v === null || typeof v !== "object" || seen.has(v)) return undefined;
    seen.add(v);
    for (const k of Object.keys(v)) {
      if (bad(k)) return k;
      const r = walk(v[k]);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  try { return walk(value); } catch (e) { return undefined; }
}
/** @param {unknown} value @returns {number} */
export function sla_number(value) {
  return typeof value === "number" ? value : NaN;
}
/** @param {unknown} value @param {number} ptr @param {number} cap @returns {number} */
export function sla_read_ascii(value, ptr, cap) {
  if (typeof value !== "string" || value.length > cap) return -1;
  if (bytes.length === 0) bytes = new Uint8Array(memory.buffer);
  const m = bytes;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 127) return -1;
    m[ptr + i] = c;
  }
  return value.length;
}
