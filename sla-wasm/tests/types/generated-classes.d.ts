// For `make lint` only: types.d.ts checked on its own names the classes
// wasm-bindgen generates next to it (here as globals, which the generated
// module's own exports shadow). The full generated declarations are checked
// by tests/types.test.mjs against tests/types/usage.ts.
declare class Ticket {
  readonly id: string | undefined;
}
