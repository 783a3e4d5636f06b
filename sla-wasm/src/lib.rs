//! Browser and Node bindings (in progress).
