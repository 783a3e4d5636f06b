//! Production calendars: dated public holidays, transferred working days and
//! shortened days for a country, year by year, as data.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::Value;

use crate::data::{deserialize_by_reader, Bad, Object, Read};
use crate::error::{Error, Result};

/// A production calendar in the data-file format (JSON or TOML).
///
/// The bundled Russian calendar (`sla-core/data/ru.json`) is the reference for
/// the format. Load another country's calendar, or further years, with
/// [`ProductionCalendar::from_json`] / [`ProductionCalendar::from_toml`] and
/// put it inline into a [`CalendarSpec`](crate::CalendarSpec).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductionCalendar {
    /// Short name, e.g. `"ru"`.
    pub name: String,
    /// What this calendar is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The zone the calendar is meant for (informative only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone_hint: Option<String>,
    /// How much a shortened day loses (default 60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortened_minutes: Option<u32>,
    /// The dated rules per year (keys are years, e.g. `"2026"`).
    pub years: BTreeMap<String, ProductionYear>,
    /// Sources, legal basis, disagreements between sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One year of a [`ProductionCalendar`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductionYear {
    /// Days off (public holidays and bridge days).
    pub holidays: Vec<NaiveDate>,
    /// Weekend days worked by transfer.
    pub extra_working_days: Vec<NaiveDate>,
    /// Pre-holiday days shortened by `shortened_minutes`.
    pub shortened: Vec<NaiveDate>,
    /// Published count of working days (5-day week), for cross-checking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_day_count: Option<u32>,
    /// Published norm of working hours for a 40-hour week, for cross-checking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours_norm_40h: Option<u32>,
    /// Where the dates come from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Remarks on this year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A named source of calendar data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Title of the document or page.
    pub title: String,
    /// Where to find it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

deserialize_by_reader!(ProductionCalendar, ProductionYear, Source);

impl Read for ProductionCalendar {
    fn read(v: &Value) -> std::result::Result<ProductionCalendar, Bad> {
        let o = Object::new(
            v,
            "ProductionCalendar",
            &[
                "name",
                "description",
                "timezone_hint",
                "shortened_minutes",
                "years",
                "notes",
            ],
        )?;
        let cal = ProductionCalendar {
            name: o.req("name")?,
            description: o.opt("description")?,
            timezone_hint: o.opt("timezone_hint")?,
            shortened_minutes: o.opt("shortened_minutes")?,
            years: o.req("years")?,
            notes: o.opt("notes")?,
        };
        // Every way in (a data file, a calendar inline in a spec, a Rust
        // user's own serde read) is checked here, once.
        cal.validate().map_err(|e| match e {
            Error::InvalidCalendarData(m) => Bad::new(m),
            other => Bad::new(other.to_string()),
        })?;
        Ok(cal)
    }
}

impl Read for ProductionYear {
    fn read(v: &Value) -> std::result::Result<ProductionYear, Bad> {
        let o = Object::new(
            v,
            "ProductionYear",
            &[
                "holidays",
                "extra_working_days",
                "shortened",
                "working_day_count",
                "hours_norm_40h",
                "sources",
                "notes",
            ],
        )?;
        Ok(ProductionYear {
            holidays: o.or_default("holidays")?,
            extra_working_days: o.or_default("extra_working_days")?,
            shortened: o.or_default("shortened")?,
            working_day_count: o.opt("working_day_count")?,
            hours_norm_40h: o.opt("hours_norm_40h")?,
            sources: o.or_default("sources")?,
            notes: o.opt("notes")?,
        })
    }
}

impl Read for Source {
    fn read(v: &Value) -> std::result::Result<Source, Bad> {
        let o = Object::new(v, "Source", &["title", "url"])?;
        Ok(Source {
            title: o.req("title")?,
            url: o.opt("url")?,
        })
    }
}

const RU_JSON: &str = include_str!("../../data/ru.json");

impl ProductionCalendar {
    /// Reads a calendar from JSON and checks that every year key is a year
    /// of the supported range (1900 to 2099) and every date lies in its
    /// year. A calendar inline in a [`CalendarSpec`](crate::CalendarSpec)
    /// gets the same checks.
    ///
    /// # Errors
    /// [`Error::InvalidCalendarData`] naming the problem.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Calendar, CalendarSpec, ProductionCalendar, ProductionCalendarRef};
    ///
    /// let berlin = ProductionCalendar::from_json(r#"{ "name": "de-be",
    ///   "years": { "2026": { "holidays": ["2026-12-25", "2026-12-26"] } } }"#)?;
    /// assert_eq!(berlin.years["2026"].holidays.len(), 2);
    /// let mut spec = CalendarSpec::weekly("Europe/Berlin", [("mon-fri", vec!["09:00-17:00"])]);
    /// spec.production_calendars.push(ProductionCalendarRef::Inline(Box::new(berlin)));
    /// assert_eq!(Calendar::from_spec(&spec)?.covered_years(), Some(vec![2026]));
    /// // A date under the wrong year.
    /// assert!(ProductionCalendar::from_json(r#"{ "name": "x", "years": { "2026": { "holidays": ["2027-01-01"] } } }"#).is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<ProductionCalendar> {
        let value = crate::data::from_json_text(text).map_err(Error::InvalidCalendarData)?;
        crate::data::typed(&value).map_err(Error::InvalidCalendarData)
    }

    /// Reads a calendar from TOML; same checks as [`from_json`](Self::from_json).
    ///
    /// # Errors
    /// [`Error::InvalidCalendarData`] naming the problem.
    ///
    /// # Examples
    /// ```
    /// use sla_core::ProductionCalendar;
    ///
    /// let cal = ProductionCalendar::from_toml(r#"
    /// name = "de-be"
    /// shortened_minutes = 120
    /// [years.2026]
    /// holidays = ["2026-12-25", "2026-12-26"]
    /// shortened = ["2026-12-24"]
    /// "#)?;
    /// assert_eq!(cal.shortened_minutes, Some(120));
    /// assert_eq!(cal.years["2026"].shortened.len(), 1);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<ProductionCalendar> {
        let value = crate::data::from_toml_text(text).map_err(Error::InvalidCalendarData)?;
        crate::data::typed(&value).map_err(Error::InvalidCalendarData)
    }

    /// The bundled calendar with this name (`"ru"`).
    ///
    /// # Errors
    /// [`Error::UnknownProductionCalendar`] for any other name.
    ///
    /// # Examples
    /// ```
    /// use sla_core::chrono::NaiveDate;
    /// use sla_core::ProductionCalendar;
    ///
    /// let ru = ProductionCalendar::bundled("ru")?;
    /// let year = &ru.years["2026"];
    /// assert_eq!(year.working_day_count, Some(247));
    /// assert!(year.holidays.contains(&NaiveDate::from_ymd_opt(2026, 3, 9).expect("a date")));
    /// assert!(ProductionCalendar::bundled("de").is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn bundled(name: &str) -> Result<&'static ProductionCalendar> {
        static RU: OnceLock<std::result::Result<ProductionCalendar, Error>> = OnceLock::new();
        match name.to_ascii_lowercase().as_str() {
            "ru" => RU
                .get_or_init(|| ProductionCalendar::from_json(RU_JSON))
                .as_ref()
                .map_err(Clone::clone),
            _ => Err(Error::UnknownProductionCalendar(name.to_string())),
        }
    }

    /// The years this calendar has data for, ascending.
    ///
    /// # Errors
    /// [`Error::InvalidCalendarData`] for a key that is not a year, or a
    /// year outside the supported range (1900 to 2099).
    ///
    /// # Examples
    /// ```
    /// use sla_core::ProductionCalendar;
    ///
    /// assert_eq!(ProductionCalendar::bundled("ru")?.year_numbers()?, [2024, 2025, 2026, 2027]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn year_numbers(&self) -> Result<Vec<i32>> {
        let mut years = Vec::with_capacity(self.years.len());
        for k in self.years.keys() {
            // Only the plain form: "+2026" or "02026" would be a second
            // key for the same year.
            let year = k
                .parse::<i32>()
                .ok()
                .filter(|y| y.to_string() == *k)
                .ok_or_else(|| {
                    Error::InvalidCalendarData(format!(
                        "calendar {:?}: year key {k:?} is not a year",
                        self.name
                    ))
                })?;
            if !(super::index::FIRST_YEAR..=super::index::LAST_YEAR).contains(&year) {
                return Err(Error::InvalidCalendarData(format!(
                    "calendar {:?}: year {year} is outside the supported range (years 1900 to 2099)",
                    self.name
                )));
            }
            years.push(year);
        }
        Ok(years)
    }

    /// Every year key is a year of the supported range and every date lies
    /// in its year.
    fn validate(&self) -> Result<()> {
        let numbers = self.year_numbers()?;
        for (year, key) in numbers.into_iter().zip(self.years.keys()) {
            let y = &self.years[key];
            for d in y
                .holidays
                .iter()
                .chain(&y.extra_working_days)
                .chain(&y.shortened)
            {
                if d.year() != year {
                    return Err(Error::InvalidCalendarData(format!(
                        "calendar {:?}: date {d} is listed under year {year}",
                        self.name
                    )));
                }
            }
        }
        Ok(())
    }
}
