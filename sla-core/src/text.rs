//! [`Text`]: the string type of reports, shared with the policy that
//! made it.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text in a report: an identifier, a name, a target or a cause.
///
/// Reports share these texts with the policy they come from rather than
/// copying them into new strings each time: a short text (up to 22 bytes,
/// as most identifiers and targets are) is kept inline and copied without
/// an allocation, a longer one is shared behind a reference count. It reads
/// as a `str` (it dereferences to one, compares with `str` and `String`,
/// hashes, orders, prints and debug-prints as one) and serialises as a JSON
/// string.
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
#[derive(Clone)]
pub struct Text(Repr);

/// Longest text kept inline: with the length and the variant, as large as
/// a `String`.
const INLINE: usize = 22;

#[derive(Clone)]
enum Repr {
    /// The first `len` bytes of `bytes` (a whole `str`).
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Shared(Arc<str>),
}

impl Text {
    /// The text as a `str`.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Text;
    ///
    /// let id = Text::from("reaction");
    /// assert_eq!(id.as_str(), "reaction");
    /// assert_eq!(id, "reaction");
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes were copied from a `str`, so they are UTF-8; the
            // empty fallback is never taken.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Shared(s) => s,
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(Repr::Inline {
            len: 0,
            bytes: [0; INLINE],
        })
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // As the `str`'s, which `Borrow<str>` requires.
        self.as_str().hash(state);
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        let mut bytes = [0; INLINE];
        match (bytes.get_mut(..s.len()), u8::try_from(s.len())) {
            (Some(inline), Ok(len)) => {
                inline.copy_from_slice(s.as_bytes());
                Text(Repr::Inline { len, bytes })
            }
            _ => Text(Repr::Shared(Arc::from(s))),
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::from(s.as_str())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn texts_read_as_the_str_they_were_made_from() {
        let long = "priority lowered to \"low\": worked time kept";
        let (inline, over) = ("x".repeat(22), "x".repeat(23));
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
