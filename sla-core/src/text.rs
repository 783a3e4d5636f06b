//! [`Text`]: the string type of reports, shared with the policy that
//! made it.

/// A text in a report: an identifier, a name, a target or a cause.
///
/// Reports share these texts with the policy they come from rather than
/// copying them into new strings each time: a short text (up to 23 bytes,
/// as most identifiers and targets are) is kept inline and copied without
/// an allocation, a longer one is shared behind a reference count. It reads
/// as a `str` (it dereferences to one, compares with `str` and `String`,
/// hashes, orders, prints and debug-prints as one) and serialises as a JSON
/// string.
///
/// It is [`smol_str::SmolStr`], the crate rust-analyzer keeps for exactly
/// this: the engine's own 245-line type of the same design measured the
/// same on the clock benchmark and validated UTF-8 on every read (the
/// workspace forbids `unsafe`), so the crate replaced it (README,
/// "Benchmarks").
///
/// # Examples
/// ```
/// use sla_core::{parse_instant, Policy};
/// let policy = Policy::from_json(r#"{
///   "name": "demo",
///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
///   "priorities": [ {"id": "high"} ],
///   "categories": [ {"id": "incident"} ],
///   "metrics": [ { "id": "reaction", "stop": "responded",
///                  "targets": { "*": { "*": "1h" } } } ]
/// }"#)?;
/// let ticket = policy.ticket_from_json(r#"{ "events": [
///   {"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"}
/// ] }"#)?;
/// let report = policy.evaluate(&ticket, &parse_instant("2026-03-06T10:30:00Z")?)?;
/// let reaction = &report.metrics[0];
/// assert_eq!(reaction.metric, "reaction");
/// assert_eq!(reaction.target.as_deref(), Some("1h"));
/// assert_eq!(reaction.calendar.len(), 6);
/// assert_eq!(format!("{} {:?}", report.priority, report.category), "high \"incident\"");
/// # Ok::<(), sla_core::Error>(())
/// ```
pub type Text = smol_str::SmolStr;

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn texts_read_as_the_str_they_were_made_from() {
        let long = "priority lowered to \"low\": worked time kept";
        let (inline, over) = ("x".repeat(23), "x".repeat(24));
        for s in ["", "a", "high", "по-русски", &inline, &over, long] {
            let t = Text::from(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(t, s);
            assert_eq!(t.clone(), Text::from(s.to_string()));
            assert_eq!(format!("{t:?} {t}"), format!("{s:?} {s}"));
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
        assert_eq!(Text::default(), "");
        assert_eq!(std::mem::size_of::<Text>(), std::mem::size_of::<String>());
    }
}
