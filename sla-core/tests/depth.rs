//! Deeply nested JSON text: serde_json's recursion limit is a typed error,
//! and it is [`Error::MAX_DEPTH`], the bound the bindings put on data given
//! as objects (so that what a binding accepts always reads back).

use sla_core::{Calendar, Error, ErrorKind, Policy};

fn nested(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

#[test]
fn json_text_nested_too_deeply_is_a_typed_error() {
    let text = format!("{{\"timezone\": {}}}", nested(10_000));
    let e = Calendar::from_json(&text).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Calendar);
    assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
    let e = Policy::from_json(&text).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Policy);
    assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
    let e = sla_core::evaluate_json(&format!("{{\"policy\": {}}}", nested(10_000))).unwrap_err();
    assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
}

#[test]
fn serde_json_reads_exactly_max_depth_levels() {
    let ok: Result<serde_json::Value, _> = serde_json::from_str(&nested(Error::MAX_DEPTH));
    assert!(ok.is_ok(), "{ok:?}");
    let deeper: Result<serde_json::Value, _> = serde_json::from_str(&nested(Error::MAX_DEPTH + 1));
    assert!(deeper
        .unwrap_err()
        .to_string()
        .contains("recursion limit exceeded"));
}

#[test]
fn the_depth_errors_are_input_errors() {
    for e in [
        Error::too_deep(),
        Error::cyclic(),
        Error::lone_surrogate("a\u{fffd}"),
    ] {
        assert_eq!(e.kind(), ErrorKind::Input);
    }
    assert_eq!(
        Error::too_deep().to_string(),
        "invalid data: nested more than 127 levels deep"
    );
}
