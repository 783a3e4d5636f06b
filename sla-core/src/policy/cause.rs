//! Why a deadline is what it is ([`Cause`]), and its text, rendered once
//! per policy and kept in the policy's [`Texts`](super::texts::Texts).

use super::event::Kind;
use super::spec::{ChangeRule, OnReopen};
use super::Policy;
use crate::text::Text;

/// Why the deadline in force is what it is, or what a history entry
/// records. Kept as data and rendered to text only when a report shows it:
/// most causes an evaluation passes through are overwritten or, without
/// `explain`, never shown.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cause {
    /// No cause yet (shown as an empty text).
    None,
    Started(Kind),
    Stopped(Kind),
    Cancelled(Kind),
    /// A new cycle after a reset by this event.
    Reset(Kind),
    /// Paused by the source with this index in `Texts::reasons` (a pause
    /// reason, a status or an event type).
    Paused(usize),
    /// Stopped on entering the status with this index.
    StoppedIn(usize),
    /// Cancelled on entering the status with this index.
    CancelledIn(usize),
    Resumed,
    Reopened(OnReopen),
    ManualSet,
    ManualWithdrawn,
    Changed(Change, ChangeRule),
}

/// A priority or category change, for [`Cause::Changed`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Change {
    PriorityRaised(usize),
    PriorityLowered(usize),
    Category(usize),
    Workaround(usize),
    /// A policy set selected this policy (or rebound its calendars).
    Reselected,
}

/// The number of cause texts a policy keeps (see [`Cause::slot`]):
/// `reasons` counts every pause source, `kinds` every event type.
pub(super) fn cause_slots(
    priorities: usize,
    categories: usize,
    reasons: usize,
    statuses: usize,
    kinds: usize,
) -> usize {
    1 + 4 * kinds + reasons + 2 * statuses + 6 + 4 * priorities + 4 * categories + 2
}

impl Cause {
    /// The cause's text, rendered once per policy and then shared.
    pub(crate) fn text(self, policy: &Policy) -> Text {
        policy
            .texts
            .cause(self.slot(policy), || self.render(policy))
    }

    /// Where the policy keeps this cause's text: a distinct number below
    /// [`cause_slots`] for every cause (`None` for indices out of range,
    /// which are then rendered each time).
    fn slot(self, policy: &Policy) -> Option<usize> {
        let texts = &policy.texts;
        let (np, nc, nr, ns, nk) = (
            policy.priorities.len(),
            policy.categories.len(),
            texts.reasons.len(),
            policy.statuses.len(),
            policy.event_names.len(),
        );
        let below = |i: usize, n: usize| (i < n).then_some(i);
        let kind = |k: Kind| below(k.index(), nk);
        let fixed = 1 + 4 * nk + nr + 2 * ns;
        Some(match self {
            Cause::None => 0,
            Cause::Started(k) => 1 + kind(k)?,
            Cause::Stopped(k) => 1 + nk + kind(k)?,
            Cause::Cancelled(k) => 1 + 2 * nk + kind(k)?,
            Cause::Reset(k) => 1 + 3 * nk + kind(k)?,
            Cause::Paused(r) => 1 + 4 * nk + below(r, nr)?,
            Cause::StoppedIn(s) => 1 + 4 * nk + nr + below(s, ns)?,
            Cause::CancelledIn(s) => 1 + 4 * nk + nr + ns + below(s, ns)?,
            Cause::Resumed => fixed,
            Cause::Reopened(rule) => {
                fixed
                    + match rule {
                        OnReopen::Continue => 1,
                        OnReopen::Restart => 2,
                        OnReopen::NewCycle => 3,
                    }
            }
            Cause::ManualSet => fixed + 4,
            Cause::ManualWithdrawn => fixed + 5,
            Cause::Changed(change, rule) => {
                let rule = match rule {
                    ChangeRule::KeepWorked => 0,
                    ChangeRule::Restart => 1,
                };
                let which = match change {
                    Change::PriorityRaised(p) => below(p, np)?,
                    Change::PriorityLowered(p) => np + below(p, np)?,
                    Change::Category(c) => 2 * np + below(c, nc)?,
                    Change::Workaround(c) => 2 * np + nc + below(c, nc)?,
                    Change::Reselected => 2 * np + 2 * nc,
                };
                fixed + 6 + 2 * which + rule
            }
        })
    }

    fn render(self, policy: &Policy) -> String {
        // One allocation per text, pieces appended directly (the formatting
        // machinery costs more than the copying).
        let mut s = String::with_capacity(64);
        let texts = &policy.texts;
        let status = |i: usize| texts.statuses.get(i).map_or("", |t| t.as_str());
        match self {
            Cause::None => {}
            Cause::Started(k) => {
                s.push_str("started at ");
                s.push_str(policy.event_name(k));
            }
            Cause::Stopped(k) => {
                s.push_str("stopped at ");
                s.push_str(policy.event_name(k));
            }
            Cause::Cancelled(k) => {
                s.push_str("cancelled at ");
                s.push_str(policy.event_name(k));
            }
            Cause::Reset(k) => {
                s.push_str("new cycle: reset at ");
                s.push_str(policy.event_name(k));
            }
            Cause::Paused(r) => {
                s.push_str("paused: ");
                s.push_str(texts.reasons.get(r).map_or("", |t| t.as_str()));
            }
            Cause::StoppedIn(i) => {
                s.push_str("stopped in status ");
                s.push_str(status(i));
            }
            Cause::CancelledIn(i) => {
                s.push_str("cancelled in status ");
                s.push_str(status(i));
            }
            Cause::Resumed => s.push_str("resumed"),
            Cause::Reopened(OnReopen::Continue) => s.push_str("reopened: the clock runs again"),
            Cause::Reopened(OnReopen::Restart) => {
                s.push_str("reopened: restarted with the full target");
            }
            Cause::Reopened(OnReopen::NewCycle) => s.push_str("reopened: a new cycle"),
            Cause::ManualSet => s.push_str("deadline set by hand"),
            Cause::ManualWithdrawn => s.push_str("manual deadline withdrawn"),
            Cause::Changed(Change::Reselected, rule) => {
                s.push_str("selected by the ticket's attributes");
                s.push_str(rule_text(rule));
            }
            Cause::Changed(change, rule) => {
                let (what, name) = match change {
                    Change::PriorityRaised(p) => ("priority raised to ", &policy.priorities[p]),
                    Change::PriorityLowered(p) => ("priority lowered to ", &policy.priorities[p]),
                    Change::Category(c) => ("category changed to ", &policy.categories[c]),
                    Change::Workaround(c) => {
                        ("workaround provided: category ", &policy.categories[c])
                    }
                    Change::Reselected => return s,
                };
                s.push_str(what);
                push_quoted(&mut s, name);
                s.push_str(rule_text(rule));
            }
        }
        s
    }
}

/// What a change rule did, as a cause text ends.
fn rule_text(rule: ChangeRule) -> &'static str {
    match rule {
        ChangeRule::Restart => ": restarted with the full target",
        ChangeRule::KeepWorked => ": worked time kept",
    }
}

/// Appends `{:?}` of `name`: quoted, escaped where needed. Names that
/// `{:?}` leaves as they are are quoted by hand.
fn push_quoted(s: &mut String, name: &str) {
    use std::fmt::Write;
    if name.bytes().all(debug_unchanged) {
        s.push('"');
        s.push_str(name);
        s.push('"');
    } else {
        // Writing into a String cannot fail.
        let _ = write!(s, "{name:?}");
    }
}

/// Whether `{:?}` of a `str` shows this byte as it is: printable ASCII
/// other than the quote and the backslash, which it escapes.
fn debug_unchanged(b: u8) -> bool {
    (b.is_ascii_graphic() || b == b' ') && b != b'"' && b != b'\\'
}

#[cfg(test)]
mod tests {
    use super::debug_unchanged;

    /// The hand-quoted names in cause texts must read as `{:?}` would.
    #[test]
    fn debug_unchanged_matches_str_debug() {
        for b in 0u8..=127 {
            let s = (b as char).to_string();
            let same = format!("{s:?}") == format!("\"{s}\"");
            assert_eq!(debug_unchanged(b), same, "byte {b}");
        }
    }
}
