//! The texts reports show, made once per policy and shared by its reports:
//! an evaluation clones [`Text`]s (an inline copy, or a reference count for
//! a long text) instead of allocating strings.

use std::sync::OnceLock;

use super::cause::cause_slots;
use super::{Cell, Metric, Reason, Timer};
use crate::text::Text;

/// A policy's report texts, indexed as the policy's own lists.
#[derive(Debug, Clone)]
pub(crate) struct Texts {
    pub calendars: Vec<Text>,
    pub priorities: Vec<Text>,
    pub categories: Vec<Text>,
    /// The pause reasons, then the statuses, then the event types: every
    /// source of a pause, as [`Cause::Paused`](super::cause::Cause) indexes them.
    pub reasons: Vec<Text>,
    pub statuses: Vec<Text>,
    pub metrics: Vec<Text>,
    /// `targets[m][i]`: the target text of metric `m`'s cell `i` (indexed
    /// as its `cells`), `None` for a cell without a target.
    pub targets: Vec<Vec<Option<Text>>>,
    /// `thresholds[m][i]`: the identifier of metric `m`'s threshold `i`.
    pub thresholds: Vec<Vec<Text>>,
    pub timers: Vec<Text>,
    /// The target text of a cell agreed case by case.
    pub by_agreement: Text,
    /// The identifier of the consent timer.
    pub consent: Text,
    /// Cause texts, each rendered the first time a report shows it (see
    /// [`Texts::cause`]).
    causes: Vec<OnceLock<Text>>,
}

/// The names a policy defines, in index order, for [`Texts::new`].
pub struct Names<'a> {
    pub calendars: &'a [String],
    pub priorities: &'a [String],
    pub categories: &'a [String],
    pub statuses: &'a [String],
    pub event_names: &'a [String],
}

impl Texts {
    pub fn new(
        names: Names<'_>,
        reasons: &[Reason],
        metrics: &[Metric],
        timers: &[Timer],
    ) -> Texts {
        let Names {
            calendars,
            priorities,
            categories,
            statuses,
            event_names,
        } = names;
        let texts = |v: &[String]| v.iter().map(|s| Text::from(s.as_str())).collect();
        Texts {
            calendars: texts(calendars),
            priorities: texts(priorities),
            categories: texts(categories),
            reasons: reasons
                .iter()
                .map(|r| r.id.as_str())
                .chain(statuses.iter().map(String::as_str))
                .chain(event_names.iter().map(String::as_str))
                .map(Text::from)
                .collect(),
            statuses: texts(statuses),
            metrics: metrics.iter().map(|m| Text::from(m.id.as_str())).collect(),
            targets: metrics
                .iter()
                .map(|m| {
                    m.cells
                        .iter()
                        .map(|c| match c {
                            Cell::Target { text, .. } => Some(Text::from(text.as_str())),
                            _ => None,
                        })
                        .collect()
                })
                .collect(),
            thresholds: metrics
                .iter()
                .map(|m| {
                    m.thresholds
                        .iter()
                        .map(|t| Text::from(t.id.as_str()))
                        .collect()
                })
                .collect(),
            timers: timers.iter().map(|t| Text::from(t.id.as_str())).collect(),
            by_agreement: Text::from("by agreement"),
            consent: Text::from("consent"),
            causes: (0..cause_slots(
                priorities.len(),
                categories.len(),
                reasons.len() + statuses.len() + event_names.len(),
                statuses.len(),
                event_names.len(),
            ))
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The cause text kept in `slot`, rendered by `render` the first time;
    /// without a slot, rendered each time.
    pub fn cause(&self, slot: Option<usize>, render: impl FnOnce() -> String) -> Text {
        match slot.and_then(|i| self.causes.get(i)) {
            Some(cell) => cell.get_or_init(|| Text::from(render())).clone(),
            None => Text::from(render()),
        }
    }
}
