//! Reading data: JSON and TOML text become a [`serde_json::Value`] first, and
//! every spec type (policy, calendar, production calendar, ticket, request)
//! is read from such a value, whatever the entry point.
//!
//! One path means one deserialiser per type in the compiled library (the
//! small WebAssembly build is more than a fifth smaller for it) and the
//! same error text for the same mistake, whether a policy arrives as JSON
//! text, TOML text, a Python dict or a JS object. Syntax errors keep their line and column;
//! errors in the data (an unknown key, a wrong type) name the key or the
//! value, as serde words them.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses JSON text; the message of a syntax error names line and column.
pub(crate) fn from_json_text(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Parses TOML text into the same value JSON would give (tables become
/// objects). TOML dates and times have no JSON form: the spec types take
/// instants as strings, so a bare TOML datetime reads as a wrong type.
pub(crate) fn from_toml_text(text: &str) -> Result<Value, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

/// Reads a spec type from a value.
pub(crate) fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use crate::{evaluate_json, Calendar, Error, Policy};

    const POLICY: &str = r#"{ "name": "p", "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
        "priorities": [ {"id": "p1"} ], "categories": [ {"id": "c"} ],
        "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": TARGET } } } ] }"#;

    fn policy_error(target: &str) -> String {
        match Policy::from_json(&POLICY.replace("TARGET", target)) {
            Err(Error::InvalidPolicy(m)) => m,
            other => panic!("expected InvalidPolicy, got {other:?}"),
        }
    }

    #[test]
    fn the_same_mistake_reads_the_same_from_every_entry_point() {
        let text = POLICY.replace("TARGET", r#"{"duration": "4h", "colour": "red"}"#);
        let from_json = Policy::from_json(&text).unwrap_err().to_string();
        assert!(from_json.contains("unknown field `colour`"), "{from_json}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            Policy::from_value(&value).unwrap_err().to_string(),
            from_json
        );
        let toml = r#"name = "p"
priorities = [ { id = "p1" } ]
categories = [ { id = "c" } ]
[calendars]
office = "Mon-Fri 09:00-18:00 UTC"
[[metrics]]
id = "reaction"
stop = "responded"
targets = { "*" = { "*" = { duration = "4h", colour = "red" } } }
"#;
        assert_eq!(Policy::from_toml(toml).unwrap_err().to_string(), from_json);
        let request = format!(
            r#"{{"policy": {text}, "ticket": {{"events": []}}, "at": "2026-03-02T10:00:00Z"}}"#
        );
        assert_eq!(evaluate_json(&request).unwrap_err().to_string(), from_json);
    }

    #[test]
    fn a_target_that_is_neither_text_nor_object_is_named() {
        let m = policy_error("4");
        assert!(
            m.starts_with("invalid target 4: expected a duration like"),
            "{m}"
        );
        assert!(policy_error("[]").starts_with("invalid target []"));
        assert_eq!(
            policy_error(r#"{"calendar": "office"}"#),
            "missing field `duration`"
        );
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let m = Policy::from_json("{\n  \"name\": }")
            .unwrap_err()
            .to_string();
        assert!(m.contains("line 2 column"), "{m}");
        let m = Calendar::from_toml("timezone = \n")
            .unwrap_err()
            .to_string();
        assert!(m.contains("line 1"), "{m}");
    }

    #[test]
    fn an_inline_production_calendar_must_be_an_object_or_a_name() {
        let m = Calendar::from_json(r#"{"timezone": "UTC", "production_calendars": [7]}"#)
            .unwrap_err()
            .to_string();
        assert!(m.contains("invalid production calendar 7"), "{m}");
    }
}
