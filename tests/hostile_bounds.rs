//! Hostile and borderline input at the edges of what the engine supports
//! (issue 16): the supported range and the time-zone data behind it,
//! offsets with seconds, inline production calendars, duplicate keys and
//! what the errors say.

use chrono::{DateTime, FixedOffset, Offset, TimeDelta, TimeZone};
use sla_core::{parse_instant, rfc3339, Calendar, Error, ErrorKind, Policy, WorkingDaysMeaning};

fn cal(text: &str) -> Calendar {
    Calendar::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn at(text: &str) -> DateTime<FixedOffset> {
    parse_instant(text).unwrap_or_else(|e| panic!("{e}"))
}

// ----- the supported range and the time-zone data -----------------------------

/// chrono-tz's tables end with the transitions of 2099: Europe/Berlin has
/// summer time (+02:00) in July up to 2099 and none after; Sydney stays on
/// summer time (+11:00) from October 2099 on; New York's last change is
/// November 2099. Instants before 2100-01-01T00:00Z are therefore right in
/// every zone, and the supported range ends there.
#[test]
fn chrono_tz_tables_end_with_2099() {
    let offset = |tz: chrono_tz::Tz, y: i32, m: u32| {
        let t = chrono::Utc.with_ymd_and_hms(y, m, 15, 12, 0, 0).unwrap();
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let berlin = chrono_tz::Europe::Berlin;
    assert_eq!(offset(berlin, 2099, 7), 7200);
    assert_eq!(offset(berlin, 2099, 12), 3600);
    // Wrong past the tables: no summer time.
    assert_eq!(offset(berlin, 2100, 7), 3600);
    assert_eq!(offset(berlin, 2150, 7), 3600);
    let sydney = chrono_tz::Australia::Sydney;
    assert_eq!(offset(sydney, 2099, 7), 36000);
    assert_eq!(offset(sydney, 2099, 12), 39600);
    assert_eq!(offset(sydney, 2100, 1), 39600); // still right in January
    assert_eq!(offset(sydney, 2100, 7), 39600); // wrong: no return to +10:00
    let new_york = chrono_tz::America::New_York;
    assert_eq!(offset(new_york, 2099, 7), -14400);
    assert_eq!(offset(new_york, 2099, 12), -18000);
    assert_eq!(offset(new_york, 2100, 7), -18000); // wrong
}

#[test]
fn summer_hours_in_a_dst_zone_are_right_up_to_2099_and_a_range_error_after() {
    let c = cal("Mon-Fri 09:00-18:00 Europe/Berlin");
    // 2099-07-01 is a Wednesday: 08:00 CEST + 2 h = 11:00 CEST.
    assert_eq!(
        c.add(&at("2099-07-01T06:00:00Z"), TimeDelta::hours(2))
            .unwrap()
            .to_rfc3339(),
        "2099-07-01T11:00:00+02:00"
    );
    let e = c
        .add(&at("2150-07-01T07:30:00Z"), TimeDelta::hours(1))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Range);
    assert_eq!(
        e.to_string(),
        "instant 2150-07-01T07:30:00Z is outside the supported range (years 1900 to 2099)"
    );
    for result in [
        c.is_working(&at("2150-07-01T07:30:00Z")).map(|_| ()),
        c.next_opening(&at("2150-07-01T07:30:00Z")).map(|_| ()),
        c.between(&at("2099-07-01T07:30:00Z"), &at("2150-07-01T07:30:00Z"))
            .map(|_| ()),
        c.periods(&at("2099-12-31T07:30:00Z"), &at("2150-07-01T07:30:00Z"))
            .map(|_| ()),
        c.add_working_days(&at("2150-07-01T07:30:00Z"), 1, WorkingDaysMeaning::EndOfDay)
            .map(|_| ()),
    ] {
        let e = result.unwrap_err();
        assert!(matches!(e, Error::OutOfSupportedRange(_)), "{e:?}");
    }
    // The first and last instants of the range.
    let utc = cal("24x7 UTC");
    assert!(utc.is_working(&at("1900-01-01T00:00:00Z")).unwrap());
    assert!(utc.is_working(&at("2099-12-31T23:59:59Z")).unwrap());
    assert!(utc.is_working(&at("2100-01-01T00:00:00Z")).is_err());
    assert_eq!(
        utc.is_working(&at("1899-12-31T23:59:59Z"))
            .unwrap_err()
            .to_string(),
        "instant 1899-12-31T23:59:59Z is outside the supported range (years 1900 to 2099)"
    );
}

/// Results past the end of the range are range errors in both meanings of
/// "N working days", and name where the count started.
#[test]
fn results_past_the_range_are_range_errors_in_both_meanings() {
    let c = cal("Mon-Fri 09:00-18:00 UTC");
    let t = at("2098-06-01T09:00:00Z");
    let expected = "the result of counting from 2098-06-01T09:00:00+00:00 lies after the supported range (years 1900 to 2099)";
    for meaning in [
        WorkingDaysMeaning::Length,
        WorkingDaysMeaning::EndOfDay,
        WorkingDaysMeaning::EndOfDayFromOpening,
    ] {
        let e = c.add_working_days(&t, 1000, meaning).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Range, "{meaning:?}");
        assert_eq!(e.to_string(), expected, "{meaning:?}");
    }
    // Within the range all still answer (2098-06-01 is a Sunday: under
    // art. 191 day 1 is Monday, counted from the opening Monday is day 0).
    let by_end = c
        .add_working_days(&t, 300, WorkingDaysMeaning::EndOfDay)
        .unwrap();
    assert_eq!(by_end.to_rfc3339(), "2099-07-24T18:00:00+00:00");
    let from_opening = c
        .add_working_days(&t, 300, WorkingDaysMeaning::EndOfDayFromOpening)
        .unwrap();
    assert_eq!(from_opening.to_rfc3339(), "2099-07-27T18:00:00+00:00");
    let by_length = c
        .add_working_days(&t, 300, WorkingDaysMeaning::Length)
        .unwrap();
    assert_eq!(by_length.to_rfc3339(), "2099-07-24T18:00:00+00:00");
    // With a horizon of a thousand years, far larger counts too.
    let wide = Calendar::from_json(
        r#"{"timezone": "UTC", "week": {"mon-fri": ["09:00-18:00"]}, "horizon_days": 400000}"#,
    )
    .unwrap();
    for n in [1000, 200_000] {
        for meaning in [
            WorkingDaysMeaning::Length,
            WorkingDaysMeaning::EndOfDay,
            WorkingDaysMeaning::EndOfDayFromOpening,
        ] {
            let e = wide.add_working_days(&t, n, meaning).unwrap_err();
            assert_eq!(e.to_string(), expected, "{n} {meaning:?}");
        }
    }
    let e = wide
        .add(&t, TimeDelta::hours(9 * 200_000))
        .unwrap_err()
        .to_string();
    assert_eq!(e, expected);
    let e = wide
        .sub(&at("1901-01-02T10:00:00Z"), TimeDelta::hours(9 * 300))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "the result of counting from 1901-01-02T10:00:00+00:00 lies before the supported range (years 1900 to 2099)"
    );
}

#[test]
fn a_backward_search_beyond_the_horizon_says_before() {
    let c = Calendar::from_json(
        r#"{"timezone": "UTC", "week": {"mon": ["09:00-10:00"]}, "horizon_days": 3}"#,
    )
    .unwrap();
    assert_eq!(
        c.sub(&at("2026-03-06T12:00:00Z"), TimeDelta::hours(1))
            .unwrap_err()
            .to_string(),
        "no result within the search horizon of 3 days before 2026-03-06T12:00:00+00:00"
    );
    assert_eq!(
        c.add(&at("2026-03-03T12:00:00Z"), TimeDelta::hours(1))
            .unwrap_err()
            .to_string(),
        "no result within the search horizon of 3 days after 2026-03-03T12:00:00+00:00"
    );
}

// ----- offsets with seconds ---------------------------------------------------

/// Moscow kept local mean time, +02:30:17, until 1916. Written with the
/// offset rounded to +02:30, the wall time is moved by the same 17 s, so the
/// text denotes the instant itself.
#[test]
fn offsets_with_seconds_are_written_as_the_same_instant() {
    let c = cal("Mon-Fri 09:00-18:00 Europe/Moscow");
    // 1910-03-01 is a Tuesday; 09:00 LMT is 06:29:43Z.
    let opening = c.next_opening(&at("1910-03-01T00:00:00Z")).unwrap();
    assert_eq!(opening.offset().fix().local_minus_utc(), 9017);
    let t = opening.timestamp();
    assert_eq!(t, at("1910-03-01T06:29:43Z").timestamp());
    let mut buf = [0u8; rfc3339::LEN];
    let n = rfc3339::write(t, 9017, &mut buf).unwrap();
    let text = std::str::from_utf8(&buf[..n]).unwrap();
    assert_eq!(text, "1910-03-01T08:59:43+02:30");
    assert_eq!(at(text).timestamp(), t);
    assert_eq!(rfc3339::parse(text.as_bytes()), Some((t, 9000)));
    // Reports write their instants the same way.
    let policy = Policy::from_json(
        r#"{"name": "p", "calendars": {"office": "Mon-Fri 09:00-18:00 Europe/Moscow"},
            "priorities": [{"id": "p1"}], "categories": [{"id": "c"}],
            "metrics": [{"id": "reaction", "stop": "responded",
                         "targets": {"*": {"*": "1h"}}}]}"#,
    )
    .unwrap();
    let request = format!(
        r#"{{"policy": {}, "ticket": {{"events": [
            {{"at": "1910-03-01T06:29:43Z", "type": "created", "priority": "p1", "category": "c"}}]}},
            "at": "1910-03-01T06:29:43Z"}}"#,
        serde_json::to_string(policy.spec()).unwrap()
    );
    let report = sla_core::evaluate_json(&request).unwrap();
    assert!(report.contains("\"1910-03-01T09:59:43+02:30\""), "{report}");
    assert!(!report.contains("+02:30:17"), "{report}");
}

// ----- inline production calendars ----------------------------------------------

fn calendar_error(json: &str) -> String {
    match Calendar::from_json(json) {
        Err(e @ Error::InvalidCalendarData(_)) => e.to_string(),
        other => panic!("expected InvalidCalendarData, got {other:?}"),
    }
}

#[test]
fn inline_production_calendars_are_checked_as_files_are() {
    let inline = |years: &str| {
        format!(
            r#"{{"timezone": "UTC", "week": {{"mon-fri": ["09:00-18:00"]}},
                "production_calendars": [{{"name": "x", "years": {years}}}]}}"#
        )
    };
    // A date filed under the wrong year.
    let m = calendar_error(&inline(r#"{"2026": {"holidays": ["2030-01-07"]}}"#));
    assert!(
        m.ends_with("calendar \"x\": date 2030-01-07 is listed under year 2026"),
        "{m}"
    );
    let file = r#"{"name": "x", "years": {"2026": {"holidays": ["2030-01-07"]}}}"#;
    let m2 = sla_core::ProductionCalendar::from_json(file)
        .unwrap_err()
        .to_string();
    assert!(
        m2.ends_with("calendar \"x\": date 2030-01-07 is listed under year 2026"),
        "{m2}"
    );
    // Year keys outside the supported range, or not years at all.
    for key in ["2147483647", "-2147483648", "1899", "2100"] {
        let m = calendar_error(&inline(&format!(r#"{{"{key}": {{}}}}"#)));
        assert!(
            m.ends_with(&format!(
                "calendar \"x\": year {key} is outside the supported range (years 1900 to 2099)"
            )),
            "{m}"
        );
    }
    let m = calendar_error(&inline(r#"{"2147483648": {}}"#));
    assert!(m.ends_with("year key \"2147483648\" is not a year"), "{m}");
    // In the TOML form too.
    let toml = "timezone = \"UTC\"\nweek = { mon-fri = [\"09:00-18:00\"] }\n\
                [[production_calendars]]\nname = \"x\"\n[production_calendars.years.2026]\n\
                holidays = [\"2030-01-07\"]\n";
    let m = Calendar::from_toml(toml).unwrap_err().to_string();
    assert!(m.contains("is listed under year 2026"), "{m}");
}

// ----- duplicate keys ---------------------------------------------------------------

#[test]
fn duplicate_keys_in_json_text_are_errors() {
    let m = Calendar::from_json(r#"{"timezone": "UTC", "timezone": "Europe/Moscow"}"#).unwrap_err();
    assert!(matches!(m, Error::InvalidCalendarData(_)), "{m:?}");
    assert!(
        m.to_string()
            .contains(r#"duplicate key "timezone" at line 1"#),
        "{m}"
    );
    // Nested, in a map of names, and through every JSON entry point.
    let m = Calendar::from_json(
        r#"{"timezone": "UTC", "week": {"mon": ["09:00-10:00"], "mon": ["11:00-12:00"]}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(m.contains(r#"duplicate key "mon""#), "{m}");
    let m = sla_core::ProductionCalendar::from_json(
        r#"{"name": "x", "years": {"2026": {}, "2026": {}}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(m.contains(r#"duplicate key "2026""#), "{m}");
    let policy = r#"{"name": "p", "name": "q", "calendars": {"office": "24x7 UTC"},
        "priorities": [{"id": "p1"}], "categories": [{"id": "c"}],
        "metrics": [{"id": "reaction", "stop": "responded", "targets": {"*": {"*": "1h"}}}]}"#;
    let m = Policy::from_json(policy).unwrap_err();
    assert!(matches!(m, Error::InvalidPolicy(_)), "{m:?}");
    assert!(m.to_string().contains(r#"duplicate key "name""#), "{m}");
    let request = format!(
        r#"{{"policy": {}, "ticket": {{"events": []}}, "at": "2026-03-02T10:00:00Z", "at": "2026-03-03T10:00:00Z"}}"#,
        policy.replace(r#""name": "q", "#, "")
    );
    let m = sla_core::evaluate_json(&request).unwrap_err().to_string();
    assert!(m.contains(r#"duplicate key "at""#), "{m}");
    let ticket = r#"{"events": [{"at": "2026-03-02T10:00:00Z", "at": "2026-03-02T11:00:00Z", "type": "created"}]}"#;
    let p = Policy::from_json(&policy.replace(r#""name": "q", "#, "")).unwrap();
    let m = p.ticket_from_json(ticket).unwrap_err().to_string();
    assert!(m.contains(r#"duplicate key "at""#), "{m}");
    // Escaped keys are the keys they stand for; escaped quotes end no key.
    let m = Calendar::from_json(r#"{"timezone": "UTC", "time\u007aone": "UTC"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        m.contains(r#"duplicate key "timezone" at line 1 column 21"#),
        "{m}"
    );
    let m = Calendar::from_json(
        r#"{"timezone": "UTC",
 "week": {"mon": ["09:00-10:00"], "a\"b": [], "a\"b": []}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        m.contains(r#"duplicate key "a\"b" at line 2 column 47"#),
        "{m}"
    );
    // TOML rejects duplicates itself.
    let m = Calendar::from_toml("timezone = \"UTC\"\ntimezone = \"UTC\"\n")
        .unwrap_err()
        .to_string();
    assert!(m.contains("duplicate key"), "{m}");
    // Equal keys in different objects are no duplicates.
    Calendar::from_json(
        r#"{"timezone": "UTC", "week": {"mon": ["09:00-10:00"], "tue": ["09:00-10:00"]},
            "custom_hours": {"2026-03-02": ["09:00-10:00"]}}"#,
    )
    .unwrap();
}

// ----- what the errors say -------------------------------------------------------------

#[test]
fn a_fractional_duration_is_named_as_such() {
    for text in ["1.5h", "0.5 working days", "2,5h"] {
        let e = text.parse::<sla_core::Duration>().unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "invalid duration {text:?}: fractions are not supported; use a smaller unit, like \"1h30m\" for 1.5 hours"
            )
        );
    }
}

#[test]
fn an_empty_interval_says_it_is_not_24_hours() {
    let e = Calendar::parse("Mon-Fri 09:00-09:00 UTC")
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("an interval whose start and end are equal is empty, not 24 hours; write 00:00-24:00 for a whole day"),
        "{e}"
    );
}

#[test]
fn a_bad_day_set_in_a_calendar_object_is_calendar_data() {
    let e = Calendar::from_json(r#"{"timezone": "UTC", "week": {"mondays": ["09:00-18:00"]}}"#)
        .unwrap_err();
    assert!(matches!(e, Error::InvalidCalendarData(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "invalid calendar data: week: invalid day set \"mondays\": expected day names like mon, mon-fri or sat,sun"
    );
    // The text form still says it is the text.
    let e = Calendar::parse("Mondays 09:00-18:00 UTC").unwrap_err();
    assert!(matches!(e, Error::InvalidCalendarText { .. }), "{e:?}");
}
