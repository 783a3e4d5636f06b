//! Calendar stories with exact answers: every expected instant is written out
//! in RFC 3339 in the calendar's zone and was worked out by hand from the
//! calendar's rules (and, for DST, from the zone's published transitions).

use std::time::{Duration as StdDuration, Instant};

use chrono::{Datelike, NaiveDate, TimeDelta};
use sla_core::{
    parse_instant, Calendar, CalendarSpec, Error, OutOfRange, ProductionCalendar,
    WorkingDaysMeaning,
};

fn cal(text: &str) -> Calendar {
    Calendar::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn json(text: &str) -> Calendar {
    Calendar::from_json(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    parse_instant(text).unwrap_or_else(|e| panic!("{e}"))
}

fn add(c: &Calendar, t: &str, d: TimeDelta) -> String {
    c.add(&at(t), d)
        .unwrap_or_else(|e| panic!("add({t}, {d}): {e}"))
        .to_rfc3339()
}

fn sub(c: &Calendar, t: &str, d: TimeDelta) -> String {
    c.sub(&at(t), d)
        .unwrap_or_else(|e| panic!("sub({t}, {d}): {e}"))
        .to_rfc3339()
}

fn between(c: &Calendar, a: &str, b: &str) -> TimeDelta {
    c.between(&at(a), &at(b))
        .unwrap_or_else(|e| panic!("between({a}, {b}): {e}"))
}

fn h(n: i64) -> TimeDelta {
    TimeDelta::hours(n)
}

fn m(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn spec_error(text: &str) -> Error {
    match Calendar::from_json(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

// ----- the basic rules ------------------------------------------------------

#[test]
fn nine_hours_from_monday_nine_is_monday_closing_not_tuesday_opening() {
    let c = cal("Mon-Fri 09:00-18:00 Europe/Moscow");
    assert_eq!(
        add(&c, "2026-03-02T09:00:00+03:00", h(9)),
        "2026-03-02T18:00:00+03:00"
    );
    // One second more spills into Tuesday's first second.
    assert_eq!(
        add(
            &c,
            "2026-03-02T09:00:00+03:00",
            h(9) + TimeDelta::seconds(1)
        ),
        "2026-03-03T09:00:01+03:00"
    );
    // Mirror rule: going back 9 h from Monday's closing lands on its opening,
    // and from Tuesday's opening it lands on Monday's opening too.
    assert_eq!(
        sub(&c, "2026-03-02T18:00:00+03:00", h(9)),
        "2026-03-02T09:00:00+03:00"
    );
    assert_eq!(
        sub(&c, "2026-03-03T09:00:00+03:00", h(9)),
        "2026-03-02T09:00:00+03:00"
    );
    // The closing instant itself is not working time, the opening is.
    assert!(!c.is_working(&at("2026-03-02T18:00:00+03:00")).unwrap());
    assert!(c.is_working(&at("2026-03-02T09:00:00+03:00")).unwrap());
}

#[test]
fn adding_zero_returns_the_instant_unchanged_even_off_hours() {
    let c = cal("Mon-Fri 09:00-18:00 Europe/Moscow");
    assert_eq!(
        add(&c, "2026-03-07T12:34:56+03:00", h(0)),
        "2026-03-07T12:34:56+03:00"
    );
    // Negative durations subtract.
    assert_eq!(
        add(&c, "2026-03-09T10:00:00+03:00", h(-2)),
        "2026-03-06T17:00:00+03:00"
    );
}

#[test]
fn a_ticket_created_off_hours_starts_counting_at_the_next_opening() {
    let c = cal("Mon-Fri 09:00-18:00 Europe/Moscow");
    // Saturday noon: nothing counts until Monday 09:00.
    assert_eq!(
        add(&c, "2026-03-07T12:00:00+03:00", h(1)),
        "2026-03-09T10:00:00+03:00"
    );
    // Friday 20:00, given in UTC: the answer comes in the calendar's zone.
    assert_eq!(
        add(&c, "2026-03-06T17:00:00Z", m(30)),
        "2026-03-09T09:30:00+03:00"
    );
    // Before the opening on a working day.
    assert_eq!(
        add(&c, "2026-03-04T07:15:00+03:00", m(15)),
        "2026-03-04T09:15:00+03:00"
    );
    assert_eq!(
        between(&c, "2026-03-06T17:00:00+03:00", "2026-03-09T10:00:00+03:00"),
        h(2)
    );
    assert_eq!(
        c.next_working(&at("2026-03-07T12:00:00+03:00"))
            .unwrap()
            .to_rfc3339(),
        "2026-03-09T09:00:00+03:00"
    );
}

#[test]
fn the_lunch_break_does_not_count() {
    let c = cal("Mon-Fri 09:00-13:00,14:00-18:00 UTC");
    assert_eq!(
        add(&c, "2026-03-02T12:30:00Z", h(1)),
        "2026-03-02T14:30:00+00:00"
    );
    // Landing exactly on the start of lunch is the start of lunch.
    assert_eq!(
        add(&c, "2026-03-02T12:00:00Z", h(1)),
        "2026-03-02T13:00:00+00:00"
    );
    assert_eq!(
        add(&c, "2026-03-02T12:00:00Z", h(4)),
        "2026-03-02T17:00:00+00:00"
    );
    // Created during lunch: counting starts at 14:00.
    assert_eq!(
        add(&c, "2026-03-02T13:20:00Z", m(10)),
        "2026-03-02T14:10:00+00:00"
    );
    assert_eq!(
        between(&c, "2026-03-02T12:00:00Z", "2026-03-02T15:00:00Z"),
        h(2)
    );
    // sub lands on the latest instant: the end of lunch, not its start.
    assert_eq!(
        sub(&c, "2026-03-02T14:30:00Z", m(30)),
        "2026-03-02T14:00:00+00:00"
    );
    assert_eq!(
        sub(&c, "2026-03-02T14:30:00Z", h(1)),
        "2026-03-02T12:30:00+00:00"
    );
    assert_eq!(c.working_day_length(), h(8));
}

#[test]
fn a_night_shift_belongs_to_the_day_it_starts() {
    let c = cal("Mon-Fri 22:00-06:00 Europe/Moscow");
    // Friday's shift runs into Saturday morning; there is no shift on
    // Saturday or Sunday night, the next one starts Monday 22:00.
    assert!(c.is_working(&at("2026-03-07T05:00:00+03:00")).unwrap());
    assert!(!c.is_working(&at("2026-03-07T23:00:00+03:00")).unwrap());
    assert!(!c.is_working(&at("2026-03-09T03:00:00+03:00")).unwrap());
    assert_eq!(
        add(&c, "2026-03-06T23:00:00+03:00", h(10)),
        "2026-03-10T01:00:00+03:00"
    );
    assert_eq!(
        between(&c, "2026-03-06T12:00:00+03:00", "2026-03-10T12:00:00+03:00"),
        h(16)
    );
    // Counted from the first working instant, the Monday shift (started Mon
    // 22:00) is day 0 whether the count starts at 23:00 Monday or at 03:00
    // Tuesday.
    for start in ["2026-03-02T23:00:00+03:00", "2026-03-03T03:00:00+03:00"] {
        let r = c
            .add_working_days(&at(start), 1, WorkingDaysMeaning::EndOfDayFromOpening)
            .unwrap();
        assert_eq!(r.to_rfc3339(), "2026-03-04T06:00:00+03:00", "{start}");
    }
    // Under art. 191 the calendar date of the start is day 0: Monday 23:00
    // gives Tuesday's shift, Tuesday 03:00 gives Wednesday's.
    for (start, want) in [
        ("2026-03-02T23:00:00+03:00", "2026-03-04T06:00:00+03:00"),
        ("2026-03-03T03:00:00+03:00", "2026-03-05T06:00:00+03:00"),
    ] {
        let r = c
            .add_working_days(&at(start), 1, WorkingDaysMeaning::EndOfDay)
            .unwrap();
        assert_eq!(r.to_rfc3339(), want, "{start}");
    }
    assert_eq!(c.working_day_length(), h(8));
}

#[test]
fn working_days_by_length_and_by_end_of_day() {
    let c = cal("Mon-Fri 09:00-18:00 Europe/Moscow");
    let t = at("2026-03-06T11:00:00+03:00"); // Friday
    let by_length = c
        .add_working_days(&t, 2, WorkingDaysMeaning::Length)
        .unwrap();
    let by_end = c
        .add_working_days(&t, 2, WorkingDaysMeaning::EndOfDay)
        .unwrap();
    assert_eq!(by_length.to_rfc3339(), "2026-03-10T11:00:00+03:00");
    assert_eq!(by_end.to_rfc3339(), "2026-03-10T18:00:00+03:00");
    // From Saturday, day 0 is Monday.
    let sat = at("2026-03-07T11:00:00+03:00");
    let r = c
        .add_working_days(&sat, 0, WorkingDaysMeaning::EndOfDay)
        .unwrap();
    assert_eq!(r.to_rfc3339(), "2026-03-09T18:00:00+03:00");
}

// ----- DST ------------------------------------------------------------------

#[test]
fn berlin_spring_gap_shortens_a_night_and_starts_a_gap_interval_at_the_switch() {
    // 2026-03-29 (Sunday): 02:00 CET becomes 03:00 CEST.
    let c = cal("Sun 00:00-06:00 Europe/Berlin");
    assert_eq!(
        between(&c, "2026-03-29T00:00:00+01:00", "2026-03-29T06:00:00+02:00"),
        h(5)
    );
    assert_eq!(
        add(&c, "2026-03-29T00:00:00+01:00", h(3)),
        "2026-03-29T04:00:00+02:00"
    );
    assert_eq!(
        add(&c, "2026-03-29T00:00:00+01:00", h(5)),
        "2026-03-29T06:00:00+02:00"
    );

    // An interval that starts inside the gap starts at the switch.
    let c = cal("Sun 02:30-04:00 Europe/Berlin");
    assert_eq!(
        c.next_opening(&at("2026-03-28T12:00:00+01:00"))
            .unwrap()
            .to_rfc3339(),
        "2026-03-29T03:00:00+02:00"
    );
    assert_eq!(
        between(&c, "2026-03-28T12:00:00+01:00", "2026-03-30T12:00:00+02:00"),
        h(1)
    );
}

#[test]
fn berlin_autumn_fold_counts_the_repeated_hour_twice() {
    // 2026-10-25 (Sunday): 03:00 CEST becomes 02:00 CET; 00:00-06:00 wall
    // time is 7 real hours.
    let c = cal("Sun 00:00-06:00 Europe/Berlin");
    assert_eq!(
        between(&c, "2026-10-25T00:00:00+02:00", "2026-10-25T06:00:00+01:00"),
        h(7)
    );
    assert_eq!(
        add(&c, "2026-10-25T00:00:00+02:00", h(6)),
        "2026-10-25T05:00:00+01:00"
    );
    assert_eq!(
        add(&c, "2026-10-25T00:00:00+02:00", h(7)),
        "2026-10-25T06:00:00+01:00"
    );
    // Both 02:30s are working time.
    assert!(c.is_working(&at("2026-10-25T02:30:00+02:00")).unwrap());
    assert!(c.is_working(&at("2026-10-25T02:30:00+01:00")).unwrap());
    // An interval inside the fold is worked twice.
    let c = cal("Sun 02:00-03:00 Europe/Berlin");
    assert_eq!(
        between(&c, "2026-10-24T12:00:00+02:00", "2026-10-26T12:00:00+01:00"),
        h(2)
    );
    let p = c
        .periods(
            &at("2026-10-24T12:00:00+02:00"),
            &at("2026-10-26T12:00:00+01:00"),
        )
        .unwrap();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].start.to_rfc3339(), "2026-10-25T02:00:00+02:00");
    assert_eq!(p[0].end.to_rfc3339(), "2026-10-25T03:00:00+01:00");
}

#[test]
fn new_york_office_hours_are_unaffected_but_night_shifts_over_the_switch_are() {
    let c = cal("Mon-Fri 09:00-17:00 America/New_York");
    // DST begins 2026-03-08 (Sunday) 02:00 EST -> 03:00 EDT.
    assert_eq!(
        add(&c, "2026-03-06T16:00:00-05:00", h(2)),
        "2026-03-09T10:00:00-04:00"
    );
    assert_eq!(
        between(&c, "2026-03-06T09:00:00-05:00", "2026-03-09T17:00:00-04:00"),
        h(16)
    );
    let night = cal("Sat 22:00-06:00 America/New_York");
    assert_eq!(
        between(
            &night,
            "2026-03-07T22:00:00-05:00",
            "2026-03-08T06:00:00-04:00"
        ),
        h(7)
    );
    // DST ends 2026-11-01 (Sunday) 02:00 EDT -> 01:00 EST.
    assert_eq!(
        between(
            &night,
            "2026-10-31T22:00:00-04:00",
            "2026-11-01T06:00:00-05:00"
        ),
        h(9)
    );
    assert_eq!(
        add(&night, "2026-10-31T22:00:00-04:00", h(4)),
        "2026-11-01T01:00:00-05:00"
    );
}

#[test]
fn sao_paulo_2018_dst_began_at_midnight_so_midnight_never_came() {
    // 2018-11-04 (Sunday): 00:00 -03 became 01:00 -02.
    let c = cal("Sun 00:00-02:00 America/Sao_Paulo");
    assert_eq!(
        c.next_opening(&at("2018-11-03T12:00:00-03:00"))
            .unwrap()
            .to_rfc3339(),
        "2018-11-04T01:00:00-02:00"
    );
    assert_eq!(
        between(&c, "2018-11-03T12:00:00-03:00", "2018-11-04T12:00:00-02:00"),
        h(1)
    );
    // A Saturday night shift runs through the missing hour without a break.
    let c = cal("Sat 22:00-02:00 America/Sao_Paulo");
    assert_eq!(
        between(&c, "2018-11-03T12:00:00-03:00", "2018-11-04T12:00:00-02:00"),
        h(3)
    );
    assert_eq!(
        add(&c, "2018-11-03T22:00:00-03:00", m(150)),
        "2018-11-04T01:30:00-02:00"
    );
    let p = c
        .periods(
            &at("2018-11-03T12:00:00-03:00"),
            &at("2018-11-04T12:00:00-02:00"),
        )
        .unwrap();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].start.to_rfc3339(), "2018-11-03T22:00:00-03:00");
    assert_eq!(p[0].end.to_rfc3339(), "2018-11-04T02:00:00-02:00");
    // DST ended 2019-02-17 00:00 -02 -> 2019-02-16 23:00 -03: Saturday's
    // 23:00-24:00 happened twice.
    let c = cal("Sat 22:00-24:00 America/Sao_Paulo");
    assert_eq!(
        between(&c, "2019-02-16T12:00:00-02:00", "2019-02-17T12:00:00-03:00"),
        h(3)
    );
    assert_eq!(
        c.next_closing(&at("2019-02-16T22:30:00-02:00"))
            .unwrap()
            .to_rfc3339(),
        "2019-02-17T00:00:00-03:00"
    );
}

#[test]
fn lord_howe_moves_its_clocks_by_half_an_hour() {
    let c = cal("Sun 01:00-04:00 Australia/Lord_Howe");
    // 2026-10-04: 02:00 +10:30 becomes 02:30 +11:00; 3 h of wall time is 2.5 h.
    assert_eq!(
        between(&c, "2026-10-03T12:00:00+10:30", "2026-10-05T12:00:00+11:00"),
        m(150)
    );
    assert_eq!(
        add(&c, "2026-10-04T01:00:00+10:30", h(1)),
        "2026-10-04T02:30:00+11:00"
    );
    // 2026-04-05: 02:00 +11:00 becomes 01:30 +10:30; 3 h of wall time is 3.5 h.
    assert_eq!(
        between(&c, "2026-04-04T12:00:00+11:00", "2026-04-06T12:00:00+10:30"),
        m(210)
    );
    assert_eq!(
        add(&c, "2026-04-05T01:00:00+11:00", h(1)),
        "2026-04-05T01:30:00+10:30"
    );
    assert_eq!(
        add(&c, "2026-04-05T01:00:00+11:00", m(210)),
        "2026-04-05T04:00:00+10:30"
    );
}

#[test]
fn kolkata_half_hour_offset_keeps_local_hours() {
    let c = cal("Mon-Fri 09:30-18:30 Asia/Kolkata");
    assert_eq!(
        add(&c, "2026-03-06T12:00:00Z", h(2)),
        "2026-03-09T10:30:00+05:30"
    );
}

// ----- the Russian production calendar --------------------------------------

const RU: &str = "Mon-Fri 09:00-18:00 Europe/Moscow +ru";

#[test]
fn a_transferred_working_saturday_counts_like_a_weekday() {
    let c = cal(RU);
    // 2024-04-27 (Saturday) is worked instead of 2024-04-29; 04-29..05-01 are off.
    assert_eq!(
        c.day_hours(date("2024-04-27")).unwrap(),
        vec!["09:00-18:00"]
    );
    assert_eq!(
        add(&c, "2024-04-26T17:00:00+03:00", h(2)),
        "2024-04-27T10:00:00+03:00"
    );
    assert_eq!(
        add(&c, "2024-04-27T17:00:00+03:00", h(2)),
        "2024-05-02T10:00:00+03:00"
    );
    // 2025-11-01 (Saturday) is a working day that is also shortened.
    assert_eq!(
        c.day_hours(date("2025-11-01")).unwrap(),
        vec!["09:00-17:00"]
    );
    assert_eq!(
        add(&c, "2025-10-31T17:00:00+03:00", h(2)),
        "2025-11-01T10:00:00+03:00"
    );
    // 11-03 and 11-04 are holidays: after Saturday comes Wednesday.
    assert_eq!(
        add(&c, "2025-11-01T16:00:00+03:00", h(2)),
        "2025-11-05T10:00:00+03:00"
    );
}

#[test]
fn a_pre_holiday_day_is_an_hour_shorter() {
    let c = cal(RU);
    // 2024-03-07 (Thursday) ends at 17:00; 03-08 is a holiday.
    assert_eq!(
        c.day_hours(date("2024-03-07")).unwrap(),
        vec!["09:00-17:00"]
    );
    assert_eq!(
        c.day_hours(date("2024-03-08")).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        add(&c, "2024-03-07T16:00:00+03:00", h(1)),
        "2024-03-07T17:00:00+03:00"
    );
    assert_eq!(
        add(&c, "2024-03-07T16:00:00+03:00", h(2)),
        "2024-03-11T10:00:00+03:00"
    );
    assert!(!c.is_working(&at("2024-03-07T17:30:00+03:00")).unwrap());
    // The crate's own example.
    assert_eq!(
        add(&c, "2026-05-08T16:30:00+03:00", h(4)),
        "2026-05-12T12:30:00+03:00"
    );
}

#[test]
fn new_year_holidays_skip_to_mid_january() {
    let c = cal(RU);
    assert_eq!(
        add(&c, "2025-12-30T17:00:00+03:00", h(2)),
        "2026-01-12T10:00:00+03:00"
    );
    assert_eq!(
        between(&c, "2025-12-30T09:00:00+03:00", "2026-01-12T18:00:00+03:00"),
        h(18)
    );
    assert_eq!(
        add(&c, "2026-12-30T16:00:00+03:00", h(4)),
        "2027-01-11T11:00:00+03:00"
    );
    assert_eq!(
        c.add_working_days(
            &at("2025-12-30T10:00:00+03:00"),
            1,
            WorkingDaysMeaning::EndOfDay
        )
        .unwrap()
        .to_rfc3339(),
        "2026-01-12T18:00:00+03:00"
    );
}

#[test]
fn years_without_production_data_are_an_error_naming_the_year() {
    let c = cal(RU);
    assert_eq!(c.covered_years(), Some(vec![2024, 2025, 2026, 2027]));
    let e = c.add(&at("2023-06-01T10:00:00+03:00"), h(1)).unwrap_err();
    assert!(
        matches!(e, Error::YearNotCovered { year: 2023, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("2023"), "{e}");
    // A deadline computed in 2027 that would land in 2028.
    let e = c.add(&at("2027-12-30T17:00:00+03:00"), h(2)).unwrap_err();
    assert!(
        matches!(e, Error::YearNotCovered { year: 2028, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("2028"), "{e}");
    let e = c.day_hours(date("2028-03-01")).unwrap_err();
    assert!(e.to_string().contains("2028"), "{e}");
    let e = c.is_working(&at("2023-12-31T23:59:59+03:00")).unwrap_err();
    assert!(e.to_string().contains("2023"), "{e}");
    let e = c
        .between(
            &at("2026-06-01T10:00:00+03:00"),
            &at("2028-01-10T10:00:00+03:00"),
        )
        .unwrap_err();
    assert!(e.to_string().contains("2028"), "{e}");
    // The first and last covered instants are fine.
    assert!(c.is_working(&at("2024-01-01T00:00:00+03:00")).is_ok());
    assert!(c.next_working(&at("2027-12-30T12:00:00+03:00")).is_ok());
}

#[test]
fn out_of_range_weekly_falls_back_to_the_plain_week() {
    let mut spec = CalendarSpec::parse(RU).unwrap();
    spec.out_of_range = OutOfRange::Weekly;
    let c = Calendar::from_spec(&spec).unwrap();
    // 2027-12-31 is a holiday; 2028 has no data: 2028-01-03 is a plain Monday.
    assert_eq!(
        add(&c, "2027-12-30T17:00:00+03:00", h(2)),
        "2028-01-03T10:00:00+03:00"
    );
    assert_eq!(
        c.day_hours(date("2028-01-03")).unwrap(),
        vec!["09:00-18:00"]
    );
    assert_eq!(
        add(&c, "2023-06-01T17:00:00+03:00", h(2)),
        "2023-06-02T10:00:00+03:00"
    );
    // Same through JSON.
    let c = json(
        r#"{"timezone":"Europe/Moscow","week":{"mon-fri":["09:00-18:00"]},
            "production_calendars":["ru"],"out_of_range":"weekly"}"#,
    );
    assert_eq!(
        add(&c, "2027-12-30T17:00:00+03:00", h(2)),
        "2028-01-03T10:00:00+03:00"
    );
}

#[test]
fn the_bundled_ru_data_matches_its_published_counts() {
    // An 8-hour day so that hours add up to the 40-hour-week norm.
    let c = cal("Mon-Fri 09:00-17:00 Europe/Moscow +ru");
    let data = ProductionCalendar::bundled("ru").unwrap();
    for year in 2024..=2027 {
        let y = &data.years[&year.to_string()];
        let mut days = 0u32;
        let mut minutes = 0u32;
        let mut d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        while d.year() == year {
            let hours = c.day_hours(d).unwrap();
            if !hours.is_empty() {
                days += 1;
            }
            for span in hours {
                let (a, b) = span.split_once('-').unwrap();
                let mins = |s: &str| {
                    let (h, m) = s.split_once(':').unwrap();
                    h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
                };
                minutes += mins(b) - mins(a);
            }
            d = d.succ_opt().unwrap();
        }
        assert_eq!(Some(days), y.working_day_count, "working days in {year}");
        assert_eq!(minutes % 60, 0, "{year}");
        assert_eq!(Some(minutes / 60), y.hours_norm_40h, "hours norm of {year}");
    }
}

// ----- validation -------------------------------------------------------------

#[test]
fn overlapping_intervals_are_rejected_naming_both() {
    let e = spec_error(r#"{"timezone":"UTC","week":{"mon":["09:00-13:00","12:00-18:00"]}}"#);
    assert!(matches!(e, Error::OverlappingIntervals { .. }), "{e:?}");
    let s = e.to_string();
    assert!(
        s.contains("mon") && s.contains("09:00-13:00") && s.contains("12:00-18:00"),
        "{s}"
    );
    // A night shift running into the next day's first interval.
    let e =
        spec_error(r#"{"timezone":"UTC","week":{"mon":["22:00-06:00"],"tue":["05:00-10:00"]}}"#);
    let s = e.to_string();
    assert!(
        s.contains("mon into tue") && s.contains("22:00-06:00") && s.contains("05:00-10:00"),
        "{s}"
    );
    // Custom hours overlapping the night shift of the day before.
    let e = spec_error(
        r#"{"timezone":"UTC","week":{"mon":["22:00-06:00"]},
            "custom_hours":{"2026-03-03":["04:00-08:00"]}}"#,
    );
    assert!(e.to_string().contains("2026-03-03"), "{e}");
}

#[test]
fn a_date_cannot_be_both_holiday_and_working_day() {
    let e = spec_error(
        r#"{"timezone":"UTC","week":{"mon-fri":["09:00-18:00"]},
            "holidays":["2026-03-07"],"extra_working_days":["2026-03-07"]}"#,
    );
    assert!(matches!(e, Error::ContradictoryDate { .. }), "{e:?}");
    let s = e.to_string();
    assert!(
        s.contains("2026-03-07") && s.contains("holiday") && s.contains("extra working day"),
        "{s}"
    );
    // Nor a holiday that is shortened or has custom hours.
    let e = spec_error(
        r#"{"timezone":"UTC","week":{"mon-fri":["09:00-18:00"]},
            "holidays":["2026-03-05"],"shortened":["2026-03-05"]}"#,
    );
    assert!(e.to_string().contains("2026-03-05"), "{e}");
    let e = spec_error(
        r#"{"timezone":"UTC","week":{"mon-fri":["09:00-18:00"]},
            "holidays":["2026-03-05"],"custom_hours":{"2026-03-05":["10:00-12:00"]}}"#,
    );
    assert!(e.to_string().contains("2026-03-05"), "{e}");
    // A holiday on a date the bundled calendar makes a working Saturday.
    let e = spec_error(
        r#"{"timezone":"Europe/Moscow","week":{"mon-fri":["09:00-18:00"]},
            "production_calendars":["ru"],"holidays":["2024-04-27"]}"#,
    );
    assert!(e.to_string().contains("2024-04-27"), "{e}");
}

#[test]
fn shortening_more_than_the_last_interval_is_rejected() {
    let e = spec_error(
        r#"{"timezone":"UTC","week":{"mon-fri":["09:00-13:00","14:00-14:30"]},
            "shortened":["2026-03-05"]}"#,
    );
    assert!(matches!(e, Error::ShortenedTooMuch { .. }), "{e:?}");
    assert!(e.to_string().contains("2026-03-05"), "{e}");
}

#[test]
fn a_calendar_without_working_time_is_rejected() {
    let e = spec_error(r#"{"timezone":"UTC","week":{}}"#);
    assert_eq!(e, Error::EmptyCalendar);
    let e = spec_error(r#"{"timezone":"UTC"}"#);
    assert_eq!(e, Error::EmptyCalendar);
}

#[test]
fn an_unknown_zone_is_rejected_by_name() {
    let e = spec_error(r#"{"timezone":"Europe/Atlantis","week":{"mon":["09:00-18:00"]}}"#);
    assert_eq!(e, Error::UnknownTimeZone("Europe/Atlantis".into()));
    assert!(e.to_string().contains("\"Europe/Atlantis\""), "{e}");
    let e = Calendar::parse("Mon-Fri 09:00-18:00 Mars/Olympus").unwrap_err();
    assert!(e.to_string().contains("Mars/Olympus"), "{e}");
}

#[test]
fn an_unknown_json_key_is_rejected_by_name() {
    let e =
        spec_error(r#"{"timezone":"UTC","week":{"mon":["09:00-18:00"]},"holiday":["2026-01-01"]}"#);
    assert!(matches!(e, Error::InvalidCalendarData(_)), "{e:?}");
    assert!(e.to_string().contains(r#"unknown field "holiday""#), "{e}");
    let e = Calendar::from_toml("timezone = \"UTC\"\nweekly = {}\n").unwrap_err();
    assert!(e.to_string().contains("weekly"), "{e}");
}

#[test]
fn malformed_intervals_and_day_names_are_rejected_by_name() {
    let e = spec_error(r#"{"timezone":"UTC","week":{"mon":["9:00-18:00"]}}"#);
    assert!(e.to_string().contains("9:00-18:00"), "{e}");
    let e = spec_error(r#"{"timezone":"UTC","week":{"funday":["09:00-18:00"]}}"#);
    assert!(e.to_string().contains("funday"), "{e}");
    let e = spec_error(r#"{"timezone":"UTC","week":{"mon":["10:00-10:00"]}}"#);
    assert!(e.to_string().contains("10:00-10:00"), "{e}");
}

// ----- forms -----------------------------------------------------------------

#[test]
fn the_text_form_reads_days_hours_zone_and_production_calendars() {
    let spec =
        CalendarSpec::parse("Mon-Fri 09:00-13:00,14:00-18:00 Sat 10:00-14:00 Europe/Moscow +ru")
            .unwrap();
    assert_eq!(spec.timezone, "Europe/Moscow");
    assert_eq!(spec.week["mon-fri"], vec!["09:00-13:00", "14:00-18:00"]);
    assert_eq!(spec.week["sat"], vec!["10:00-14:00"]);
    assert_eq!(spec.production_calendars.len(), 1);
    let c = Calendar::from_spec(&spec).unwrap();
    assert_eq!(c.working_day_length(), h(8));
    assert_eq!(
        c.day_hours(date("2026-03-07")).unwrap(),
        vec!["10:00-14:00"]
    );

    let c = cal("24x7 UTC");
    assert_eq!(
        add(&c, "2026-03-07T12:00:00Z", h(30)),
        "2026-03-08T18:00:00+00:00"
    );
    let c = cal("9x5 Europe/Berlin");
    assert_eq!(
        c.day_hours(date("2026-03-02")).unwrap(),
        vec!["09:00-18:00"]
    );
    let c = cal("mon,wed 22:00-06:00 America/New_York");
    assert_eq!(
        c.day_hours(date("2026-03-04")).unwrap(),
        vec!["22:00-06:00"]
    );
    assert!(c.day_hours(date("2026-03-03")).unwrap().is_empty());

    for (text, needle) in [
        ("Mon-Fri 09:00-18:00 Moscow", "\"Moscow\""),
        ("Mon-Fri 09:00-18:00", "no time zone"),
        ("Mon-Fri 09:00-18:00 UTC Europe/Berlin", "two time zones"),
        ("Mon-Fri Europe/Moscow", "HH:MM"),
        ("Europe/Moscow", "no working days"),
        ("Mon-Fri 09:00-18:00 Europe/Moscow +xx", "\"xx\""),
    ] {
        let e = Calendar::parse(text).unwrap_err();
        assert!(e.to_string().contains(needle), "{text}: {e}");
    }
}

#[test]
fn specs_round_trip_through_json_and_toml() {
    let text = r#"{
        "timezone": "Europe/Moscow",
        "week": {"mon-fri": ["09:00-13:00", "14:00-18:00"], "sat": ["22:00-06:00"]},
        "production_calendars": ["ru"],
        "holidays": ["2026-06-15"],
        "extra_working_days": ["2026-06-14"],
        "shortened": ["2026-06-10"],
        "shortened_minutes": 30,
        "custom_hours": {"2026-06-09": ["10:00-12:00"]},
        "out_of_range": "weekly",
        "horizon_days": 400,
        "working_day_length": "8h"
    }"#;
    let c = json(text);
    let spec = c.spec().clone();
    // JSON: serialise, read back, same spec and same answers.
    let again = serde_json::to_string(&spec).unwrap();
    let c2 = Calendar::from_json(&again).unwrap();
    assert_eq!(c2.spec(), &spec);
    // TOML twin of the same spec.
    let toml = r#"
        timezone = "Europe/Moscow"
        production_calendars = ["ru"]
        holidays = ["2026-06-15"]
        extra_working_days = ["2026-06-14"]
        shortened = ["2026-06-10"]
        shortened_minutes = 30
        out_of_range = "weekly"
        horizon_days = 400
        working_day_length = "8h"

        [week]
        mon-fri = ["09:00-13:00", "14:00-18:00"]
        sat = ["22:00-06:00"]

        [custom_hours]
        "2026-06-09" = ["10:00-12:00"]
    "#;
    let c3 = Calendar::from_toml(toml).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c3.spec(), &spec);
    for c in [&c, &c2, &c3] {
        assert_eq!(
            c.day_hours(date("2026-06-09")).unwrap(),
            vec!["10:00-12:00"]
        );
        assert_eq!(
            c.day_hours(date("2026-06-10")).unwrap(),
            vec!["09:00-13:00", "14:00-17:30"]
        );
        assert_eq!(
            c.day_hours(date("2026-06-14")).unwrap(),
            vec!["09:00-13:00", "14:00-18:00"]
        );
        assert!(c.day_hours(date("2026-06-15")).unwrap().is_empty());
        assert_eq!(c.working_day_length(), h(8));
    }
    // The text form is accepted as a JSON string.
    let c4 = json(r#""Mon-Fri 09:00-18:00 Europe/Moscow +ru""#);
    assert_eq!(c4.spec(), &CalendarSpec::parse(RU).unwrap());
}

// ----- horizon and navigation --------------------------------------------------

#[test]
fn the_search_horizon_stops_hopeless_searches_quickly() {
    let started = Instant::now();
    // One hour a week, and a horizon of three days.
    let c = json(r#"{"timezone":"UTC","week":{"mon":["09:00-10:00"]},"horizon_days":3}"#);
    let e = c.add(&at("2026-03-03T12:00:00Z"), h(1)).unwrap_err();
    assert!(
        matches!(
            e,
            Error::HorizonExceeded {
                horizon_days: 3,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("3 days"), "{e}");
    let e = c.sub(&at("2026-03-06T12:00:00Z"), h(1)).unwrap_err();
    assert!(matches!(e, Error::HorizonExceeded { .. }), "{e:?}");
    let e = c.next_opening(&at("2026-03-03T12:00:00Z")).unwrap_err();
    assert!(matches!(e, Error::HorizonExceeded { .. }), "{e:?}");
    let e = c
        .add_working_days(&at("2026-03-02T09:30:00Z"), 1, WorkingDaysMeaning::EndOfDay)
        .unwrap_err();
    assert!(matches!(e, Error::HorizonExceeded { .. }), "{e:?}");
    // Within the horizon all is well.
    assert_eq!(
        add(&c, "2026-03-08T12:00:00Z", h(1)),
        "2026-03-09T10:00:00+00:00"
    );

    // Default horizon (3660 days): a 24x7 calendar has no closing, and a
    // century of working time is beyond reach; both fail fast.
    let c = cal("24x7 UTC");
    let e = c.next_closing(&at("2026-03-03T12:00:00Z")).unwrap_err();
    assert!(
        matches!(
            e,
            Error::HorizonExceeded {
                horizon_days: 3660,
                ..
            }
        ),
        "{e:?}"
    );
    let e = c
        .add(&at("2026-03-03T12:00:00Z"), h(24 * 365 * 100))
        .unwrap_err();
    assert!(matches!(e, Error::HorizonExceeded { .. }), "{e:?}");
    // Holidays covering a whole year of a one-day week.
    let holidays: Vec<String> = (0..60)
        .map(|w| (date("2026-03-02") + TimeDelta::weeks(w)).to_string())
        .collect();
    let c = json(&format!(
        r#"{{"timezone":"UTC","week":{{"mon":["09:00-10:00"]}},"holidays":{holidays:?},"horizon_days":365}}"#
    ));
    let e = c.add(&at("2026-03-01T12:00:00Z"), h(1)).unwrap_err();
    assert!(matches!(e, Error::HorizonExceeded { .. }), "{e:?}");
    assert!(
        started.elapsed() < StdDuration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn next_opening_closing_and_working_on_office_hours() {
    let c = cal("Mon-Fri 09:00-13:00,14:00-18:00 Europe/Moscow");
    let t = at("2026-03-06T12:00:00+03:00"); // Friday, working
    assert_eq!(
        c.next_working(&t).unwrap().to_rfc3339(),
        "2026-03-06T12:00:00+03:00"
    );
    assert_eq!(
        c.next_closing(&t).unwrap().to_rfc3339(),
        "2026-03-06T13:00:00+03:00"
    );
    assert_eq!(
        c.next_opening(&t).unwrap().to_rfc3339(),
        "2026-03-06T14:00:00+03:00"
    );
    // At an opening: the next opening is strictly later.
    let t = at("2026-03-06T14:00:00+03:00");
    assert_eq!(
        c.next_opening(&t).unwrap().to_rfc3339(),
        "2026-03-09T09:00:00+03:00"
    );
    // At a closing: not working, the next closing is the next one.
    let t = at("2026-03-06T18:00:00+03:00");
    assert_eq!(
        c.next_working(&t).unwrap().to_rfc3339(),
        "2026-03-09T09:00:00+03:00"
    );
    assert_eq!(
        c.next_closing(&t).unwrap().to_rfc3339(),
        "2026-03-09T13:00:00+03:00"
    );
    let p = c
        .periods(
            &at("2026-03-06T10:00:00+03:00"),
            &at("2026-03-09T13:30:00+03:00"),
        )
        .unwrap();
    let shown: Vec<(String, String)> = p
        .iter()
        .map(|p| (p.start.to_rfc3339(), p.end.to_rfc3339()))
        .collect();
    assert_eq!(
        shown,
        [
            ("2026-03-06T10:00:00+03:00", "2026-03-06T13:00:00+03:00"),
            ("2026-03-06T14:00:00+03:00", "2026-03-06T18:00:00+03:00"),
            ("2026-03-09T09:00:00+03:00", "2026-03-09T13:00:00+03:00"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(c
        .periods(
            &at("2026-03-07T10:00:00+03:00"),
            &at("2026-03-07T20:00:00+03:00")
        )
        .unwrap()
        .is_empty());
}

#[test]
fn a_24x7_calendar_never_closes_and_its_periods_do_not_break_at_new_year() {
    for zone in ["UTC", "Europe/Moscow", "America/New_York"] {
        let c = cal(&format!("24x7 {zone}"));
        let t = at("2026-12-31T12:00:00Z");
        assert_eq!(c.next_working(&t).unwrap(), t);
        let e = c.next_closing(&t).unwrap_err();
        assert!(matches!(e, Error::HorizonExceeded { .. }), "{zone}: {e:?}");
        let e = c.next_opening(&t).unwrap_err();
        assert!(matches!(e, Error::HorizonExceeded { .. }), "{zone}: {e:?}");
        let p = c
            .periods(&at("2026-12-31T12:00:00Z"), &at("2027-01-01T12:00:00Z"))
            .unwrap();
        assert_eq!(p.len(), 1, "{zone}: {p:?}");
        assert_eq!(
            p[0].start.timestamp(),
            at("2026-12-31T12:00:00Z").timestamp()
        );
        assert_eq!(p[0].end.timestamp(), at("2027-01-01T12:00:00Z").timestamp());
        // Several years in one go: still one period.
        let p = c
            .periods(&at("2025-06-01T00:00:00Z"), &at("2028-06-01T00:00:00Z"))
            .unwrap();
        assert_eq!(p.len(), 1, "{zone}: {p:?}");
        assert_eq!(
            between(&c, "2026-12-31T12:00:00Z", "2027-01-01T12:00:00Z"),
            h(24)
        );
    }
}

#[test]
fn a_closing_at_the_utc_new_year_is_found() {
    // Regression: the engine's index is cut at UTC new year; a working period
    // that ends exactly there (and does not go on) is a closing.
    let c = cal("Mon-Sun 09:00-24:00 UTC");
    assert_eq!(
        c.next_closing(&at("2026-12-31T20:00:00Z"))
            .unwrap()
            .to_rfc3339(),
        "2027-01-01T00:00:00+00:00"
    );
    let c = cal("Mon-Sun 18:00-03:00 Europe/Moscow");
    assert_eq!(
        c.next_closing(&at("2026-12-31T20:00:00+03:00"))
            .unwrap()
            .to_rfc3339(),
        "2027-01-01T03:00:00+03:00"
    );
    assert_eq!(
        c.next_opening(&at("2026-12-31T20:00:00+03:00"))
            .unwrap()
            .to_rfc3339(),
        "2027-01-01T18:00:00+03:00"
    );
}

#[test]
fn dated_layers_follow_their_precedence() {
    // custom hours > holiday > extra working day > weekly; shortening last.
    let c = json(
        r#"{"timezone":"UTC",
            "week":{"tue":["10:00-12:00","13:00-19:00"],"mon":["08:00-16:00"]},
            "holidays":["2026-03-03"],
            "extra_working_days":["2026-03-07","2026-03-14"],
            "shortened":["2026-03-14","2026-03-10"],
            "shortened_minutes":90,
            "custom_hours":{"2026-03-08":["11:00-12:00"],"2026-03-10":["07:00-09:00","20:00-02:00"]}}"#,
    );
    // Tuesday holiday; the extra Saturday gets Monday's hours (the first
    // weekday with any), and a shortened extra Saturday loses 90 minutes.
    assert!(c.day_hours(date("2026-03-03")).unwrap().is_empty());
    assert_eq!(
        c.day_hours(date("2026-03-07")).unwrap(),
        vec!["08:00-16:00"]
    );
    assert_eq!(
        c.day_hours(date("2026-03-14")).unwrap(),
        vec!["08:00-14:30"]
    );
    assert_eq!(
        c.day_hours(date("2026-03-08")).unwrap(),
        vec!["11:00-12:00"]
    );
    // Shortened custom hours: the overnight last interval ends at 00:30.
    assert_eq!(
        c.day_hours(date("2026-03-10")).unwrap(),
        vec!["07:00-09:00", "20:00-00:30"]
    );
    assert_eq!(
        between(&c, "2026-03-10T00:00:00Z", "2026-03-11T12:00:00Z"),
        h(2) + m(270)
    );
    // Wednesday to Friday have no hours; the extra Saturday opens at 08:00.
    assert_eq!(
        add(&c, "2026-03-10T23:00:00Z", h(2)),
        "2026-03-14T08:30:00+00:00"
    );
}

#[test]
fn hours_that_fall_entirely_into_a_dst_gap_do_not_make_a_working_day() {
    // 2026-03-29 02:00-03:00 does not exist in Berlin: custom hours inside the
    // gap give that Sunday no working time, so it is not a working day.
    let c = json(
        r#"{"timezone":"Europe/Berlin","week":{"sat":["09:00-17:00"]},
            "custom_hours":{"2026-03-29":["02:15-02:45"]}}"#,
    );
    assert_eq!(
        between(&c, "2026-03-28T00:00:00+01:00", "2026-03-30T00:00:00+02:00"),
        h(8)
    );
    let r = c
        .add_working_days(
            &at("2026-03-28T10:00:00+01:00"),
            1,
            WorkingDaysMeaning::EndOfDay,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.to_rfc3339(), "2026-04-04T17:00:00+02:00");
}
