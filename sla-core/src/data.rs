//! Reading data: JSON and TOML text become a [`serde_json::Value`] first, and
//! every spec type (policy, calendar, production calendar, ticket, request)
//! is read from such a value, whatever the entry point.
//!
//! The spec types are read by hand ([`Read`]) rather than with serde's
//! derive: one small non-generic reader per type instead of serde's visitor
//! machinery (in the WebAssembly build the derived readers were about a
//! sixth of the code), the same error text for the same mistake whether a
//! policy arrives as JSON text, TOML text, a Python dict or a JS object, and
//! errors that say where the mistake is (`metrics[0].targets.incident.p1:
//! unknown field ...`). Their `Deserialize` impls read a `Value` and call the
//! same reader, so Rust users embedding a spec in their own serde data get
//! the same checks. Syntax errors keep their line and column.
//!
//! An object with the same key twice in JSON text is an error
//! (`duplicate key "name"`), as an unknown key is: the text is checked
//! by [`check_duplicate_keys`] after it parses. (TOML's parser rejects
//! duplicates itself; Python dicts and JS objects cannot hold any.)

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};

/// Parses JSON text; the message of a syntax error or a duplicate key
/// names line and column.
pub(crate) fn from_json_text(text: &str) -> Result<Value, String> {
    let value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    check_duplicate_keys(text)?;
    Ok(value)
}

/// Fails on the first object of `text` (valid JSON) that has a key twice:
/// serde_json's `Value` keeps the last of them, and no serde_json option
/// rejects them. A plain scan of the text rather than a serde visitor that
/// builds the value itself: the visitor was 1.4 KB of the gzipped
/// WebAssembly build, this is a few hundred bytes. Each open object's keys
/// are kept in a `Map` (the type the values use already), so the check is
/// O(n log n) however many keys an object has.
fn check_duplicate_keys(text: &str) -> Result<(), String> {
    let b = text.as_bytes();
    // One entry per open object or array: the object's keys so far.
    let mut open: Vec<Option<Map<String, Value>>> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                open.push(Some(Map::new()));
                expect_key = true;
            }
            b'[' => open.push(None),
            b'}' | b']' => {
                open.pop();
                expect_key = false;
            }
            b',' => expect_key = matches!(open.last(), Some(Some(_))),
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if let (true, Some(Some(keys))) = (expect_key, open.last_mut()) {
                    let raw = text.get(start..=i).unwrap_or_default();
                    // Escaped keys compare by what they stand for.
                    let key = if raw.contains('\\') {
                        // Read as a `Value`: the parser already in the
                        // build (a `String` reader is another 9 KB of it).
                        match serde_json::from_str(raw) {
                            Ok(Value::String(key)) => key,
                            _ => raw.to_string(),
                        }
                    } else {
                        // Between the quotes (a `trim_matches` is 0.3 KB of
                        // the WebAssembly build).
                        text.get(start + 1..i).unwrap_or_default().to_string()
                    };
                    if keys.insert(key.clone(), Value::Null).is_some() {
                        let before = &b[..start];
                        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
                        let column = start
                            - before
                                .iter()
                                .rposition(|&c| c == b'\n')
                                .map_or(0, |p| p + 1)
                            + 1;
                        return Err(format!(
                            "duplicate key {key:?} at line {line} column {column}"
                        ));
                    }
                    expect_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Checks JSON text that a binding wrote from data given as objects (a
/// JavaScript object through `JSON.stringify`) for what such data may not
/// hold, in the order Python's conversion of a dict meets it: nesting
/// deeper than [`Error::MAX_DEPTH`](crate::Error::MAX_DEPTH), then a lone
/// UTF-16 surrogate (which `JSON.stringify` writes as a `\uXXXX` escape,
/// the only surrogates it escapes). `lossy` gives the string that holds
/// it, each lone surrogate shown as U+FFFD, for the message.
///
/// # Errors
/// [`Error::too_deep`](crate::Error::too_deep) or
/// [`Error::lone_surrogate`](crate::Error::lone_surrogate).
///
/// # Examples
/// ```
/// use sla_core::check_object_json;
///
/// assert!(check_object_json(r#"{"a":["\u00e9"]}"#, String::new).is_ok());
/// let deep = "[".repeat(128) + &"]".repeat(128);
/// assert!(check_object_json(&deep, String::new).is_err());
/// let err = check_object_json(r#"["\ud800"]"#, || "\u{FFFD}".to_string()).unwrap_err();
/// assert!(err.to_string().contains("lone UTF-16 surrogate"));
/// ```
pub fn check_object_json(text: &str, lossy: impl FnOnce() -> String) -> crate::Result<()> {
    let b = text.as_bytes();
    let (mut depth, mut in_string, mut i) = (0usize, false, 0);
    while i < b.len() {
        match (in_string, b[i]) {
            (_, b'"') => in_string = !in_string,
            (false, b'[' | b'{') => {
                depth += 1;
                if depth > crate::Error::MAX_DEPTH {
                    return Err(crate::Error::too_deep());
                }
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            (true, b'\\') => {
                if b.get(i + 1) == Some(&b'u') && is_surrogate_escape(b.get(i + 2..i + 6)) {
                    return Err(crate::Error::lone_surrogate(&lossy()));
                }
                i += 1; // the escaped character
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// The lists and objects a binding is inside while it walks data given as
/// objects (a Python dict), each by its identity, for the walk's two rules:
/// a list or object may not contain itself, and data may be nested at most
/// [`Error::MAX_DEPTH`](crate::Error::MAX_DEPTH) levels deep (the limit
/// [`check_object_json`] applies to JSON text). The walk enters each list
/// or object before it reads its items, and leaves it after.
///
/// # Examples
/// ```
/// use sla_core::{Error, Nesting};
///
/// let mut nesting = Nesting::default();
/// nesting.enter(1)?;
/// nesting.enter(2)?;
/// assert_eq!(nesting.enter(1), Err(Error::cyclic())); // inside itself
/// nesting.leave();
/// nesting.leave();
/// for id in 0..127 {
///     nesting.enter(id)?;
/// }
/// assert_eq!(nesting.enter(127), Err(Error::too_deep()));
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Nesting(Vec<usize>);

impl Nesting {
    /// Enters the list or object `id` (its identity, e.g. its address).
    ///
    /// # Errors
    /// [`Error::cyclic`](crate::Error::cyclic) when the walk is inside `id`
    /// already, [`Error::too_deep`](crate::Error::too_deep) when it is
    /// inside [`Error::MAX_DEPTH`](crate::Error::MAX_DEPTH) others.
    pub fn enter(&mut self, id: usize) -> crate::Result<()> {
        if self.0.contains(&id) {
            return Err(crate::Error::cyclic());
        }
        if self.0.len() >= crate::Error::MAX_DEPTH {
            return Err(crate::Error::too_deep());
        }
        self.0.push(id);
        Ok(())
    }

    /// Leaves the list or object entered last.
    pub fn leave(&mut self) {
        self.0.pop();
    }
}

/// Whether four hex digits name a UTF-16 surrogate (D800 to DFFF).
fn is_surrogate_escape(hex: Option<&[u8]>) -> bool {
    match hex {
        Some(&[a, b, c, d]) => {
            a.eq_ignore_ascii_case(&b'd')
                && matches!(b.to_ascii_lowercase(), b'8'..=b'9' | b'a'..=b'f')
                && c.is_ascii_hexdigit()
                && d.is_ascii_hexdigit()
        }
        _ => false,
    }
}

/// Parses TOML text into the same value JSON would give (tables become
/// objects). TOML dates and times have no JSON form: the spec types take
/// instants as strings, so a bare TOML datetime reads as a wrong type.
pub(crate) fn from_toml_text(text: &str) -> Result<Value, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

/// Reads a spec type from a value; the message names where the mistake is.
pub(crate) fn typed<T: Read>(value: &Value) -> Result<T, String> {
    T::read(value).map_err(Bad::into_message)
}

/// A reading error: what is wrong, and where (a path like `metrics[0].stop`).
#[derive(Debug)]
pub(crate) struct Bad {
    path: String,
    message: String,
}

impl Bad {
    /// An error at the value being read.
    pub(crate) fn new(message: impl Into<String>) -> Bad {
        Bad {
            path: String::new(),
            message: message.into(),
        }
    }

    /// "invalid type: integer 4, expected a string".
    pub(crate) fn invalid_type(v: &Value, expected: &str) -> Bad {
        Bad::new(format!(
            "invalid type: {}, expected {expected}",
            unexpected(v)
        ))
    }

    /// "missing field \"at\"".
    pub(crate) fn missing(key: &str) -> Bad {
        Bad::new(format!("missing field {key:?}"))
    }

    /// The same error one level up: inside `key` of an object.
    fn in_key(self, key: &str) -> Bad {
        self.within(key.to_string())
    }

    /// The same error one level up: inside item `index` of an array.
    fn in_item(self, index: usize) -> Bad {
        self.within(format!("[{index}]"))
    }

    /// Puts `segment` (a key or `[index]`) in front of the path.
    fn within(mut self, segment: String) -> Bad {
        self.path = if self.path.is_empty() || self.path.starts_with('[') {
            segment + &self.path
        } else {
            format!("{segment}.{}", self.path)
        };
        self
    }

    fn into_message(self) -> String {
        if self.path.is_empty() {
            self.message
        } else {
            format!("{}: {}", self.path, self.message)
        }
    }
}

/// How a value of the wrong type is named in messages (serde's wording,
/// with a string quoted as everywhere else and a number or boolean bare).
fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) if n.is_f64() => format!("floating point {n}"),
        Value::Number(n) => format!("integer {n}"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    }
}

/// `"a", "b", "c"`, for the lists in messages.
fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    quoted.join(", ")
}

/// A type read from a JSON value (the spec types, and what they are made of).
pub(crate) trait Read: Sized {
    /// Reads the value, or says what is wrong with it.
    fn read(v: &Value) -> Result<Self, Bad>;
}

/// Keys renamed for one vocabulary (DESIGN.md, "Vocabulary"), as `(struct,
/// old, new)`: data that still uses the old key is an error naming the new
/// one, rather than an unknown key (or, worse, a key silently read with its
/// old meaning: `working_days` was both a list of dates and a counting rule).
const RENAMED_KEYS: &[(&str, &str, &str)] = &[
    ("CalendarSpec", "working_days", "extra_working_days"),
    ("ProductionYear", "working_days", "extra_working_days"),
    ("ProductionCalendar", "time_zone_hint", "timezone_hint"),
    ("PolicySpec", "working_days", "working_days_meaning"),
    ("MetricSpec", "working_days", "working_days_meaning"),
    ("TargetDetail", "working_days", "working_days_meaning"),
    ("TimerSpec", "cancel", "cancel_on"),
];

/// An object being read as a struct whose fields are `fields`: keys outside
/// them are errors, as with serde's `deny_unknown_fields`.
pub(crate) struct Object<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Object<'a> {
    /// Checks that `v` is an object with no keys outside `fields`; `what` is
    /// the struct's name for a wrong-type message.
    pub(crate) fn new(v: &'a Value, what: &str, fields: &[&str]) -> Result<Object<'a>, Bad> {
        let map = v
            .as_object()
            .ok_or_else(|| Bad::invalid_type(v, &format!("struct {what}")))?;
        if let Some(key) = map.keys().find(|k| !fields.contains(&k.as_str())) {
            if let Some((_, _, new)) = RENAMED_KEYS
                .iter()
                .find(|(of, old, _)| *of == what && old == key)
            {
                return Err(Bad::new(format!("field {key:?} was renamed to {new:?}")));
            }
            return Err(Bad::new(format!(
                "unknown field {key:?}, expected one of {}",
                quoted(fields)
            )));
        }
        Ok(Object { map })
    }

    /// A field that must be there.
    pub(crate) fn req<T: Read>(&self, key: &str) -> Result<T, Bad> {
        match self.map.get(key) {
            Some(v) => T::read(v).map_err(|e| e.in_key(key)),
            None => Err(Bad::missing(key)),
        }
    }

    /// A field that may be left out (or given as null).
    pub(crate) fn opt<T: Read>(&self, key: &str) -> Result<Option<T>, Bad> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => T::read(v).map(Some).map_err(|e| e.in_key(key)),
        }
    }

    /// A field with a default.
    pub(crate) fn or_default<T: Read + Default>(&self, key: &str) -> Result<T, Bad> {
        Ok(self.opt(key)?.unwrap_or_default())
    }
}

/// The position of a unit variant's name in `names` (`"keep_worked"`);
/// not generic, so each enum's reader is a table look-up.
pub(crate) fn variant(v: &Value, names: &[&str]) -> Result<usize, Bad> {
    let name = v
        .as_str()
        .ok_or_else(|| Bad::invalid_type(v, "a variant name"))?;
    names.iter().position(|n| *n == name).ok_or_else(|| {
        Bad::new(format!(
            "unknown variant {name:?}, expected one of {}",
            quoted(names)
        ))
    })
}

impl Read for String {
    fn read(v: &Value) -> Result<String, Bad> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| Bad::invalid_type(v, "a string"))
    }
}

impl Read for bool {
    fn read(v: &Value) -> Result<bool, Bad> {
        v.as_bool().ok_or_else(|| Bad::invalid_type(v, "a boolean"))
    }
}

impl Read for u32 {
    fn read(v: &Value) -> Result<u32, Bad> {
        match v.as_u64() {
            Some(n) => u32::try_from(n)
                .map_err(|_| Bad::new(format!("invalid value: integer {n}, expected u32"))),
            None if v.is_i64() => Err(Bad::new(format!(
                "invalid value: {}, expected u32",
                unexpected(v)
            ))),
            None => Err(Bad::invalid_type(v, "u32")),
        }
    }
}

impl Read for f64 {
    fn read(v: &Value) -> Result<f64, Bad> {
        v.as_f64().ok_or_else(|| Bad::invalid_type(v, "f64"))
    }
}

impl Read for Value {
    fn read(v: &Value) -> Result<Value, Bad> {
        Ok(v.clone())
    }
}

impl Read for NaiveDate {
    fn read(v: &Value) -> Result<NaiveDate, Bad> {
        let text = v
            .as_str()
            .ok_or_else(|| Bad::invalid_type(v, "a date like \"2026-01-01\""))?;
        NaiveDate::read_key(text)
    }
}

// Loops rather than `collect()`: collecting into a `Result` or a `BTreeMap`
// (which sorts what it collects) is much more code per item type, and these
// readers are instantiated for every spec type.
impl<T: Read> Read for Vec<T> {
    fn read(v: &Value) -> Result<Vec<T>, Bad> {
        let items = v
            .as_array()
            .ok_or_else(|| Bad::invalid_type(v, "a sequence"))?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::read(item).map_err(|e| e.in_item(i))?);
        }
        Ok(out)
    }
}

/// Keys of an object read as map keys.
pub(crate) trait ReadKey: Sized + Ord {
    /// Reads the key, or says what is wrong with it.
    fn read_key(key: &str) -> Result<Self, Bad>;
}

impl ReadKey for String {
    fn read_key(key: &str) -> Result<String, Bad> {
        Ok(key.to_string())
    }
}

impl ReadKey for NaiveDate {
    fn read_key(key: &str) -> Result<NaiveDate, Bad> {
        crate::rfc3339::parse_date(key.as_bytes()).ok_or_else(|| {
            Bad::new(format!(
                "invalid date {key:?}: expected an existing day as YYYY-MM-DD"
            ))
        })
    }
}

impl<K: ReadKey, T: Read> Read for BTreeMap<K, T> {
    fn read(v: &Value) -> Result<BTreeMap<K, T>, Bad> {
        let map = v.as_object().ok_or_else(|| Bad::invalid_type(v, "a map"))?;
        let mut out = BTreeMap::new();
        for (k, item) in map {
            let key = K::read_key(k).map_err(|e| e.in_key(k))?;
            out.insert(key, T::read(item).map_err(|e| e.in_key(k))?);
        }
        Ok(out)
    }
}

/// `Deserialize` for spec types through their [`Read`]er: any serde format
/// gives a `Value` first, then the same checks and messages as every entry
/// point of the engine.
macro_rules! deserialize_by_reader {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
                $crate::data::typed(&value).map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    )*};
}
pub(crate) use deserialize_by_reader;

/// `as_str` and `Display` of a unit enum: its name in files, the JSON
/// contract and the bindings (DESIGN.md, "Vocabulary": every unit enum
/// has these two and no other spelling of its names).
macro_rules! snake_names {
    ($ty:ident { $first:ident => $first_name:literal $(, $variant:ident => $name:literal)* $(,)? }) => {
        impl $ty {
            /// The name files, the JSON contract and the bindings use, which
            /// `Display` prints too.
            ///
            /// # Examples
            /// ```
            #[doc = concat!("use sla_core::", stringify!($ty), ";")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::", stringify!($first), ".as_str(), \"", $first_name, "\");")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::", stringify!($first), ".to_string(), \"", $first_name, "\");")]
            /// ```
            pub fn as_str(self) -> &'static str {
                match self {
                    $ty::$first => $first_name,
                    $($ty::$variant => $name,)*
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}
pub(crate) use snake_names;

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

    /// A walk may enter a list or object again once it has left it (a
    /// value shared by two keys is no cycle), and as deep as JSON text may
    /// be nested, not deeper.
    #[test]
    fn nesting_refuses_cycles_and_depth_only() {
        let mut nesting = crate::Nesting::default();
        for _ in 0..2 {
            nesting.enter(7).unwrap();
            nesting.leave();
        }
        nesting.enter(7).unwrap();
        assert_eq!(nesting.enter(7), Err(Error::cyclic()));
        for id in 1..Error::MAX_DEPTH {
            nesting.enter(100 + id).unwrap();
        }
        assert_eq!(nesting.enter(1), Err(Error::too_deep()));
        // A cycle is named as such even at the limit.
        assert_eq!(nesting.enter(7), Err(Error::cyclic()));
        let deep = "[".repeat(Error::MAX_DEPTH) + &"]".repeat(Error::MAX_DEPTH);
        assert!(crate::check_object_json(&deep, String::new).is_ok());
    }

    /// The scan of JSON text written from objects counts only the
    /// brackets outside strings and only real `\u` escapes of surrogates.
    #[test]
    fn object_json_checks_depth_and_surrogate_escapes() {
        use crate::check_object_json;
        let lossy = || "lossy".to_string();
        let at = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
        assert!(check_object_json(&at(Error::MAX_DEPTH), lossy).is_ok());
        assert_eq!(check_object_json(&at(128), lossy), Err(Error::too_deep()));
        // Brackets and an escaped quote inside a string are text.
        let text = format!(r#"["{}\"{}"]"#, "[".repeat(200), "{".repeat(200));
        assert!(check_object_json(&text, lossy).is_ok());
        for escape in [r"\ud800", r"\uDFFF", r"\uDbCd"] {
            let text = format!(r#"{{"k":"a{escape}b"}}"#);
            assert_eq!(
                check_object_json(&text, lossy),
                Err(Error::lone_surrogate("lossy"))
            );
        }
        // Not surrogates: an escaped backslash before "ud800", other escapes.
        for text in [r#"["\\ud800"]"#, r#"["\u00e9\ue000\n"]"#] {
            assert!(check_object_json(text, lossy).is_ok(), "{text}");
        }
    }

    /// Every name `as_str` gives reads back as its variant, and `Display`
    /// prints it: one spelling per name.
    #[test]
    fn unit_enums_read_back_what_as_str_writes() {
        use crate::{ChangeRule, Cycles, OnReopen, OutOfRange, WorkedSince, WorkingDaysMeaning};
        fn round_trip<T>(all: &[T])
        where
            T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + super::Read,
        {
            for &x in all {
                let name = x.to_string();
                let back = T::read(&serde_json::Value::String(name.clone()));
                assert_eq!(back.ok(), Some(x), "{name}");
            }
        }
        round_trip(&[Cycles::Once, Cycles::Repeated, Cycles::Periodic]);
        round_trip(&[OnReopen::Continue, OnReopen::Restart, OnReopen::NewCycle]);
        round_trip(&[ChangeRule::KeepWorked, ChangeRule::Restart]);
        round_trip(&[WorkedSince::LastRestart, WorkedSince::Start]);
        round_trip(&[OutOfRange::Error, OutOfRange::Weekly]);
        round_trip(&[
            WorkingDaysMeaning::Length,
            WorkingDaysMeaning::EndOfDay,
            WorkingDaysMeaning::EndOfDayFromOpening,
        ]);
        for k in crate::EventKind::ALL {
            assert_eq!(crate::EventKind::from_name(&k.to_string()), Ok(k));
        }
        for p in crate::Preset::ALL {
            assert_eq!(crate::Preset::from_name(&p.to_string()), Ok(p));
        }
    }

    /// Data that still uses a renamed key says what the key is now called.
    #[test]
    fn a_renamed_key_names_its_new_name() {
        let old =
            POLICY
                .replace("TARGET", r#""4h""#)
                .replacen('{', r#"{"working_days": "length","#, 1);
        let m = Policy::from_json(&old).unwrap_err().to_string();
        assert_eq!(
            m,
            r#"invalid policy: field "working_days" was renamed to "working_days_meaning""#
        );
        let cal =
            r#"{"timezone": "UTC", "week": {"mon-fri": ["09:00-18:00"]}, "working_days": []}"#;
        let m = Calendar::from_json(cal).unwrap_err().to_string();
        assert!(
            m.ends_with(r#"field "working_days" was renamed to "extra_working_days""#),
            "{m}"
        );
    }

    #[test]
    fn the_same_mistake_reads_the_same_from_every_entry_point() {
        let text = POLICY.replace("TARGET", r#"{"duration": "4h", "colour": "red"}"#);
        let from_json = Policy::from_json(&text).unwrap_err().to_string();
        assert!(
            from_json.contains(r#"unknown field "colour""#),
            "{from_json}"
        );
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
            m.starts_with("metrics[0].targets.*.*: invalid target 4: expected a duration like"),
            "{m}"
        );
        assert!(policy_error("[]").starts_with("metrics[0].targets.*.*: invalid target []"));
        assert_eq!(
            policy_error(r#"{"calendar": "office"}"#),
            r#"metrics[0].targets.*.*: missing field "duration""#
        );
    }

    fn message<T: super::Read + std::fmt::Debug>(json: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        super::typed::<T>(&value).unwrap_err()
    }

    #[test]
    fn errors_name_the_path_the_field_and_what_was_expected() {
        use crate::{CalendarSpec, PolicySpec, TicketSpec};
        assert_eq!(
            message::<TicketSpec>(
                r#"{"events": [{"at": "2026-03-02T10:00:00Z", "type": "created"}, {"at": 7}]}"#
            ),
            "events[1].at: invalid type: integer 7, expected a string"
        );
        assert_eq!(
            message::<TicketSpec>(r#"{"events": [], "colour": 1}"#),
            r#"unknown field "colour", expected one of "id", "calendars", "events""#
        );
        assert_eq!(message::<TicketSpec>("{}"), r#"missing field "events""#);
        // Names are quoted as everywhere else in the engine, escapes and all.
        assert_eq!(
            message::<TicketSpec>(r#"{"events": [], "a\"b\u0007": 1}"#),
            r#"unknown field "a\"b\u{7}", expected one of "id", "calendars", "events""#
        );
        assert_eq!(
            message::<CalendarSpec>(r#"{"timezone": "UTC", "out_of_range": "ne\nver"}"#),
            r#"out_of_range: unknown variant "ne\nver", expected one of "error", "weekly""#
        );
        assert_eq!(
            message::<TicketSpec>("[1]"),
            "invalid type: sequence, expected struct TicketSpec"
        );
        assert_eq!(
            message::<TicketSpec>(r#"{"events": {"a": 1}}"#),
            "events: invalid type: map, expected a sequence"
        );
        assert_eq!(
            message::<CalendarSpec>(r#"{"timezone": "UTC", "shortened_minutes": -5}"#),
            "shortened_minutes: invalid value: integer -5, expected u32"
        );
        assert_eq!(
            message::<CalendarSpec>(r#"{"timezone": "UTC", "horizon_days": 5000000000}"#),
            "horizon_days: invalid value: integer 5000000000, expected u32"
        );
        assert_eq!(
            message::<CalendarSpec>(r#"{"timezone": "UTC", "horizon_days": 1.5}"#),
            "horizon_days: invalid type: floating point 1.5, expected u32"
        );
        assert_eq!(
            message::<CalendarSpec>(r#"{"timezone": "UTC", "out_of_range": "never"}"#),
            r#"out_of_range: unknown variant "never", expected one of "error", "weekly""#
        );
        assert_eq!(
            message::<CalendarSpec>(r#"{"timezone": "UTC", "holidays": ["2026-02-30"]}"#),
            "holidays[0]: invalid date \"2026-02-30\": expected an existing day as YYYY-MM-DD"
        );
        assert_eq!(
            message::<CalendarSpec>(r#"{"timezone": "UTC", "custom_hours": {"June 1": []}}"#),
            "custom_hours.June 1: invalid date \"June 1\": expected an existing day as YYYY-MM-DD"
        );
        assert_eq!(
            message::<CalendarSpec>(r#"{"timezone": true}"#),
            "timezone: invalid type: boolean true, expected a string"
        );
        let policy = POLICY.replace("TARGET", r#""4h""#);
        assert_eq!(
            message::<PolicySpec>(&policy.replace(
                r#""stop": "responded","#,
                r#""stop": "responded", "on_upgrade": "keep","#
            )),
            r#"metrics[0].on_upgrade: unknown variant "keep", expected one of "keep_worked", "restart""#
        );
        assert_eq!(
            message::<PolicySpec>(&policy.replace(r#"{"id": "p1"}"#, r#"{"id": null}"#)),
            "priorities[0].id: invalid type: null, expected a string"
        );
    }

    #[test]
    fn a_null_event_time_is_a_missing_one() {
        use crate::TicketSpec;
        let created = r#"{"at": "2026-03-02T10:00:00Z", "type": "created"}"#;
        let missing = "events[1]: missing field \"at\"";
        for event in [
            r#"{"type": "resolved"}"#,
            r#"{"at": null, "type": "resolved"}"#,
        ] {
            let ticket = format!(r#"{{"events": [{created}, {event}]}}"#);
            assert_eq!(message::<TicketSpec>(&ticket), missing, "{event}");
        }
    }

    #[test]
    fn null_stands_for_a_left_out_optional_field() {
        use crate::{CalendarSpec, PolicySpec};
        let value: serde_json::Value = serde_json::from_str(
            r#"{"timezone": "UTC", "week": null, "holidays": null, "horizon_days": null}"#,
        )
        .unwrap();
        let spec: CalendarSpec = super::typed(&value).unwrap();
        assert_eq!(spec, CalendarSpec::weekly("UTC", []));
        let with_defaults: PolicySpec =
            super::typed(&serde_json::from_str(&POLICY.replace("TARGET", r#""4h""#)).unwrap())
                .unwrap();
        let metric = &with_defaults.metrics[0];
        assert_eq!(metric.start, ["created"]);
        assert_eq!(metric.on_upgrade, crate::ChangeRule::Restart);
        assert_eq!(metric.on_downgrade, crate::ChangeRule::KeepWorked);
        assert_eq!(metric.on_category_change, crate::ChangeRule::KeepWorked);
        assert_eq!(
            with_defaults.working_days_meaning,
            crate::WorkingDaysMeaning::Length
        );
    }

    #[test]
    fn deserialize_reads_through_the_same_reader() {
        use crate::{PolicySpec, TicketSpec};
        let text = POLICY.replace("TARGET", r#""4h""#);
        let by_serde: PolicySpec = serde_json::from_str(&text).unwrap();
        assert_eq!(
            by_serde,
            super::typed::<PolicySpec>(&serde_json::from_str(&text).unwrap()).unwrap()
        );
        // A spec round-trips through its own JSON.
        let again: PolicySpec =
            serde_json::from_str(&serde_json::to_string(&by_serde).unwrap()).unwrap();
        assert_eq!(again, by_serde);
        let bad = r#"{"events": [{"at": 7}]}"#;
        assert_eq!(
            serde_json::from_str::<TicketSpec>(bad)
                .unwrap_err()
                .to_string(),
            message::<TicketSpec>(bad)
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
