#!/usr/bin/env python3
"""Writes tests/bad_inputs.json, the bad-input catalogue that the Rust
(tests/bad_inputs.rs), Python (sla-py/tests/test_bad_inputs.py) and Node
(sla-wasm/tests/bad_inputs.test.mjs) suites all run.

Each case names a `call` (one of CALLS below, the same entry point in every
language), its `args`, the error family `kind` (sla_core::ErrorKind::as_str)
and a `message` fragment the error's text must contain. Fragments name the
offending value or the problem, not whole sentences, so that rewording a
message does not break the catalogue while changing its meaning does.

Kind "type" is an argument of a type the call does not take (`null`, a
boolean, a list, an object where none is read): a `TypeError` in Python and
in JavaScript alike, never an engine error, whose message says `expected
...` and ends with `found <the type of the case's "value">` in the language's own
names (Python's `NoneType`, `bool`, `list`, `dict`, `int`, `str`; JS's
`null`, `boolean`, `array`, `object`, `number`, `string`). Rust's types
rule these out, so tests/bad_inputs.rs skips them.

Run: python3 scripts/gen-bad-inputs.py  (then review the diff of the JSON).
"""

import copy
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "bad_inputs.json"

# call -> what it runs (documented in the JSON's header too)
CALLS = {
    "calendar_text": "a calendar from its text form: args.text",
    "calendar_json": "a calendar from a spec as data (dict / object): args.spec",
    "calendar_json_text": "a calendar from JSON text: args.json",
    "calendar_toml": "a calendar from TOML text: args.toml",
    "policy": "a policy from data (dict / object): args.policy",
    "policy_json_text": "a policy from JSON text: args.json",
    "policy_toml": "a policy from TOML text: args.toml",
    "evaluate": "the JSON contract from data: args.request = {policy, ticket, at, explain}",
    "evaluate_json_text": "the JSON contract from JSON text: args.json",
    "duration": "add(2026-03-02T10:00:00+03:00, args.duration) on CALENDAR, the duration as text",
    "evaluate_many": "Policy(args.policy).evaluate_many(args.tickets, args.at, errors=args.errors or "
    "'raise'): the error of the first ticket that fails (every ticket is evaluated; the error names "
    "its index and id), or of an errors option that is neither 'raise' nor 'collect'",
    "add_working_days": "add_working_days(args.t, args.n, args.meaning) on args.calendar "
    "(a text form or a spec)",
    "instant": "add(args.t, 0 s) on CALENDAR, the instant as text",
    "calendar_any": "Calendar(args.spec) / new Calendar(args.spec), the value as it is",
    "policy_any": "Policy(args.policy) / new Policy(args.policy), the value as it is",
    "evaluate_any": "evaluate(args.request), the value as it is",
    "preset": "Calendar.preset(args.name, args.timezone)",
    "duration_any": "add(T, args.duration) on CALENDAR, the value as it is "
    "(Python takes a timedelta, JS a number or text: the cases are values neither takes)",
    "ticket": "Policy(POLICY).ticket(args.ticket)",
    "evaluate_ticket": "Policy(POLICY).evaluate(args.ticket, T)",
    "add_many": "add_many(args.times, 0 s) on CALENDAR",
    "between_many": "between_many(args.starts, args.ends) on CALENDAR",
}

CALENDAR = "Mon-Fri 09:00-18:00 Europe/Moscow"
T = "2026-03-02T10:00:00+03:00"

POLICY = {
    "name": "demo",
    "calendars": {"office": CALENDAR},
    "priorities": [{"id": "high"}, {"id": "low"}],
    "categories": [{"id": "incident"}, {"id": "question"}],
    "pause_reasons": [{"id": "waiting"}],
    "metrics": [
        {"id": "reaction", "stop": "responded", "targets": {"*": {"*": "4h"}}},
        {"id": "resolution", "stop": "resolved", "targets": {"*": {"high": "8h", "low": "16h"}}},
    ],
}
CREATED = {"at": T, "type": "created", "priority": "high", "category": "incident"}
REQUEST = {"policy": POLICY, "ticket": {"events": [CREATED]}, "at": "2026-03-02T12:00:00+03:00"}

cases = []


def case(name, call, args, kind, message, **extra):
    assert call in CALLS, call
    assert kind in ("calendar", "range", "input", "policy", "event", "type"), kind
    assert message, f"{name}: give a message fragment"
    assert all(c["name"] != name for c in cases), f"duplicate case name {name}"
    cases.append({"name": name, "call": call, "args": args, "kind": kind, "message": message, **extra})


def policy_with(**changes):
    p = copy.deepcopy(POLICY)
    for k, v in changes.items():
        if v is None:
            p.pop(k, None)
        else:
            p[k] = v
    return p


def metric_with(**changes):
    m = copy.deepcopy(POLICY["metrics"][0])
    m.update(changes)
    return policy_with(metrics=[m])


def target(cell):
    return metric_with(targets={"*": {"*": cell}})


def request_with(events=None, **changes):
    r = copy.deepcopy(REQUEST)
    if events is not None:
        r["ticket"]["events"] = events
    for k, v in changes.items():
        if v is None:
            r.pop(k, None)
        else:
            r[k] = v
    return r


def ev(hhmm, type_, **fields):
    return {"at": f"2026-03-02T{hhmm}:00+03:00", "type": type_, **fields}


def nested(depth):
    return "[" * depth + "]" * depth


# ----- calendar text ----------------------------------------------------------
def cal_text(name, text, kind, message):
    case(f"calendar_text_{name}", "calendar_text", {"text": text}, kind, message)


cal_text("empty", "", "calendar", 'invalid calendar text ""')
cal_text("blank", "   ", "calendar", "invalid calendar text")
cal_text("unknown_zone", "Mon-Fri 09:00-18:00 Mars/Olympus", "calendar", 'unknown time zone "Mars/Olympus"')
cal_text("no_zone", "Mon-Fri 09:00-18:00", "calendar", "Mon-Fri 09:00-18:00")
cal_text("hours_25_26", "Mon-Fri 25:00-26:00 UTC", "calendar", '"25:00-26:00"')
cal_text("empty_interval", "Mon-Fri 09:00-09:00 UTC", "calendar", '"09:00-09:00"')
cal_text("minute_60", "Mon-Fri 09:60-18:00 UTC", "calendar", '"09:60-18:00"')
cal_text("end_24_01", "Mon-Fri 09:00-24:01 UTC", "calendar", '"09:00-24:01"')
cal_text("overlap", "Mon-Fri 09:00-13:00,12:00-18:00 UTC", "calendar", "overlapping working intervals")
cal_text("overnight_overlap", "Mon-Fri 22:00-06:00,05:00-07:00 UTC", "calendar", "overlapping working intervals")
cal_text("hours_without_minutes", "Mon-Fri 9-18 UTC", "calendar", '"9-18"')
cal_text("no_colon", "Mon-Fri 0900-1800 UTC", "calendar", '"0900-1800"')
cal_text("three_times", "Mon-Fri 09:00-18:00-19:00 UTC", "calendar", '"09:00-18:00-19:00"')
cal_text("en_dash", "Mon-Fri 09:00\u201318:00 UTC", "calendar", "09:00\u201318:00")
cal_text("unknown_day", "Xyz 09:00-18:00 UTC", "calendar", "Xyz")
cal_text("no_intervals", "Mon-Fri UTC", "calendar", "Mon-Fri UTC")
cal_text("unknown_production_calendar", "Mon-Fri 09:00-18:00 UTC +xx", "calendar", 'unknown production calendar "xx"')
cal_text("bare_plus", "Mon-Fri 09:00-18:00 UTC +", "calendar", 'unknown production calendar ""')
cal_text("trailing_word", "Mon-Fri 09:00-18:00 UTC extra", "calendar", "extra")
cal_text("two_zones", "Mon-Fri 09:00-18:00 UTC Europe/Moscow", "calendar", "invalid calendar text")
cal_text("nul_byte", "Mon-Fri 09:00-18:00 UTC\u0000", "calendar", '"UTC\\0"')
cal_text("negative_time", "Mon-Fri -09:00-18:00 UTC", "calendar", "-09:00-18:00")
cal_text("very_long", "Mon " * 3000 + "09:00-18:00 UTC", "calendar", "invalid calendar text")

# ----- calendar specs as data -------------------------------------------------
WEEK = {"mon-fri": ["09:00-18:00"]}


def cal_spec(name, spec, kind, message):
    case(f"calendar_json_{name}", "calendar_json", {"spec": spec}, kind, message)


def spec_with(**changes):
    s = {"timezone": "Europe/Moscow", "week": copy.deepcopy(WEEK)}
    s.update(changes)
    return s


cal_spec("empty_object", {}, "calendar", "timezone")
cal_spec("unknown_zone", spec_with(timezone="Mars/Olympus"), "calendar", 'unknown time zone "Mars/Olympus"')
cal_spec("empty_zone", spec_with(timezone=""), "calendar", 'unknown time zone ""')
cal_spec("zone_number", spec_with(timezone=3), "calendar", "timezone")
cal_spec("no_week", {"timezone": "UTC"}, "calendar", "no working time")
cal_spec("empty_week", spec_with(week={}), "calendar", "no working time")
cal_spec("empty_day_list", spec_with(week={"mon-fri": []}), "calendar", "no working time")
cal_spec("hours_25_26", spec_with(week={"mon-fri": ["25:00-26:00"]}), "calendar", '"25:00-26:00"')
cal_spec("empty_interval", spec_with(week={"mon-fri": ["09:00-09:00"]}), "calendar", '"09:00-09:00"')
cal_spec("overlap", spec_with(week={"mon-fri": ["09:00-13:00", "12:00-18:00"]}), "calendar", "overlapping working intervals")
cal_spec("unknown_day_set", spec_with(week={"funday": ["09:00-18:00"]}), "calendar", "funday")
cal_spec("week_list", spec_with(week=["09:00-18:00"]), "calendar", "week")
cal_spec("day_string", spec_with(week={"mon-fri": "09:00-18:00"}), "calendar", "mon-fri")
cal_spec("unknown_key", spec_with(weeks=WEEK), "calendar", "weeks")
cal_spec("misspelled_timezone", {"timezon": "UTC", "week": WEEK}, "calendar", "timezon")
cal_spec("time_zone_key", {"time_zone": "UTC", "week": WEEK}, "calendar", "time_zone")
cal_spec("holidays_string", spec_with(holidays="2026-01-01"), "calendar", "holidays")
cal_spec("holiday_month_13", spec_with(holidays=["2026-13-01"]), "calendar", "2026-13-01")
cal_spec("holiday_dotted", spec_with(holidays=["01.01.2026"]), "calendar", "01.01.2026")
cal_spec("holiday_feb_30", spec_with(holidays=["2026-02-30"]), "calendar", "2026-02-30")
cal_spec("holiday_and_working_day", spec_with(holidays=["2026-03-07"], extra_working_days=["2026-03-07"]), "calendar", "contradictory rules for 2026-03-07")
cal_spec("holiday_and_shortened", spec_with(holidays=["2026-03-03"], shortened=["2026-03-03"]), "calendar", "contradictory rules for 2026-03-03")
cal_spec("shortened_too_much", spec_with(shortened=["2026-03-03"], shortened_minutes=600), "calendar", "cannot shorten 2026-03-03 by 600 minutes")
cal_spec("shortened_minutes_negative", spec_with(shortened_minutes=-5), "calendar", "shortened_minutes")
cal_spec("shortened_minutes_string", spec_with(shortened_minutes="60"), "calendar", "shortened_minutes")
cal_spec("custom_hours_bad_interval", spec_with(custom_hours={"2026-03-03": ["25:00-26:00"]}), "calendar", '"25:00-26:00"')
cal_spec("custom_hours_bad_date", spec_with(custom_hours={"2026-03-33": ["09:00-10:00"]}), "calendar", "2026-03-33")
cal_spec("out_of_range_maybe", spec_with(out_of_range="maybe"), "calendar", "maybe")
cal_spec("horizon_negative", spec_with(horizon_days=-1), "calendar", "horizon_days")
cal_spec("horizon_huge", spec_with(horizon_days=1e30), "calendar", "horizon_days")
cal_spec("working_day_length_fraction", spec_with(working_day_length="1.5h"), "input", '"1.5h"')
cal_spec("working_day_length_banana", spec_with(working_day_length="banana"), "input", '"banana"')
cal_spec("unknown_production_calendar", spec_with(production_calendars=["xx"]), "calendar", 'unknown production calendar "xx"')
cal_spec("production_calendar_number", spec_with(production_calendars=[3]), "calendar", "production")
cal_spec("inline_production_no_name", spec_with(production_calendars=[{"years": {}}]), "calendar", "name")
cal_spec("inline_production_unknown_key", spec_with(production_calendars=[{"name": "acme", "years": {}, "colour": 1}]), "calendar", "colour")
cal_spec("inline_production_year_text", spec_with(production_calendars=[{"name": "acme", "years": {"abc": {}}}]), "calendar", "abc")
cal_spec("number", 42, "calendar", "invalid calendar data")
cal_spec("null", None, "calendar", "invalid calendar data")
cal_spec("list", [], "calendar", "invalid calendar data")
cal_spec("text_form_unknown_zone", "Mon-Fri 09:00-18:00 Mars/Olympus", "calendar", 'unknown time zone "Mars/Olympus"')

# ----- calendar JSON and TOML text ---------------------------------------------
def cal_json(name, text, kind, message):
    case(f"calendar_json_text_{name}", "calendar_json_text", {"json": text}, kind, message)


cal_json("empty", "", "calendar", "invalid calendar data")
cal_json("unclosed", '{"timezone": "UTC"', "calendar", "invalid calendar data")
cal_json("trailing_comma", '{"timezone": "UTC", "week": {"mon-fri": ["09:00-18:00"]},}', "calendar", "invalid calendar data")
cal_json("single_quotes", "{'timezone': 'UTC'}", "calendar", "invalid calendar data")
cal_json("nan", '{"timezone": "UTC", "horizon_days": NaN}', "calendar", "invalid calendar data")
cal_json("comment", '// office\n{"timezone": "UTC"}', "calendar", "invalid calendar data")
cal_json("trailing_garbage", '{"timezone": "UTC", "week": {"mon-fri": ["09:00-18:00"]}} x', "calendar", "invalid calendar data")
cal_json("deep_nesting", '{"timezone": "UTC", "holidays": ' + nested(200) + "}", "calendar", "invalid calendar data")
cal_json("text_form_bad_interval", '"Mon-Fri 25:00-26:00 UTC"', "calendar", '"25:00-26:00"')


def cal_toml(name, text, kind, message):
    case(f"calendar_toml_{name}", "calendar_toml", {"toml": text}, kind, message)


cal_toml("malformed", "timezone = ", "calendar", "invalid calendar data")
cal_toml("empty", "", "calendar", "timezone")
cal_toml("unknown_zone", 'timezone = "Mars/Olympus"\n[week]\nmon-fri = ["09:00-18:00"]\n', "calendar", 'unknown time zone "Mars/Olympus"')
cal_toml("unknown_key", 'timezone = "UTC"\ncolour = "red"\n[week]\nmon-fri = ["09:00-18:00"]\n', "calendar", "colour")
cal_toml("duplicate_key", 'timezone = "UTC"\ntimezone = "UTC"\n', "calendar", "invalid calendar data")
cal_toml("zone_number", 'timezone = 3\n[week]\nmon-fri = ["09:00-18:00"]\n', "calendar", "timezone")
cal_toml("bad_interval", 'timezone = "UTC"\n[week]\nmon-fri = ["09:00-09:00"]\n', "calendar", '"09:00-09:00"')

# ----- policies as data ----------------------------------------------------------
def pol(name, policy, kind, message):
    case(f"policy_{name}", "policy", {"policy": policy}, kind, message)


pol("no_name", policy_with(name=None), "policy", "name")
pol("name_number", policy_with(name=3), "policy", "name")
pol("unknown_key", policy_with(colour="red"), "policy", "colour")
pol("misspelled_priorities", {**policy_with(priorities=None), "prioritys": POLICY["priorities"]}, "policy", "prioritys")
pol("no_calendars", policy_with(calendars={}), "policy", "calendar")
pol("calendar_unknown_zone", policy_with(calendars={"office": "Mon-Fri 09:00-18:00 Mars/Olympus"}), "calendar", 'unknown time zone "Mars/Olympus"')
pol("calendar_bad_interval", policy_with(calendars={"office": "Mon-Fri 09:00-09:00 UTC"}), "calendar", '"09:00-09:00"')
pol("calendar_number", policy_with(calendars={"office": 3}), "calendar", "integer 3, expected")
pol("default_calendar_unknown", policy_with(default_calendar="nowhere"), "policy", '"nowhere"')
pol("no_priorities", policy_with(priorities=[]), "policy", "priorit")
pol("duplicate_priority", policy_with(priorities=[{"id": "high"}, {"id": "high"}]), "policy", '"high"')
pol("empty_priority_id", policy_with(priorities=[{"id": ""}, {"id": "low"}]), "policy", "priorit")
pol("priority_unknown_key", policy_with(priorities=[{"id": "high", "urgency": 1}, {"id": "low"}]), "policy", "urgency")
pol("priority_as_string", policy_with(priorities=["high", "low"]), "policy", "priorities")
pol("duplicate_category", policy_with(categories=[{"id": "incident"}, {"id": "incident"}]), "policy", '"incident"')
pol("no_categories", policy_with(categories=[]), "policy", "categor")
pol("duplicate_pause_reason", policy_with(pause_reasons=[{"id": "waiting"}, {"id": "waiting"}]), "policy", '"waiting"')
pol("pause_reason_stops_unknown_metric", policy_with(pause_reasons=[{"id": "waiting", "stops": ["nowhere"]}]), "policy", '"nowhere"')
pol("no_metrics", policy_with(metrics=[]), "policy", "metric")
pol("metrics_not_a_list", policy_with(metrics="reaction"), "policy", "metrics")
pol("duplicate_metric", policy_with(metrics=[POLICY["metrics"][0], POLICY["metrics"][0]]), "policy", '"reaction"')
pol("metric_without_targets", policy_with(metrics=[{"id": "reaction", "stop": "responded"}]), "policy", "targets")
pol("metric_unknown_stop", metric_with(stop="responded_quickly"), "policy", '"responded_quickly"')
pol("metric_unknown_start", metric_with(start="banana"), "policy", '"banana"')
pol("metric_unknown_calendar", metric_with(calendar="nowhere"), "policy", '"nowhere"')
pol("metric_unknown_key", metric_with(colour="red"), "policy", "colour")
pol("metric_on_upgrade", metric_with(on_upgrade="sometimes"), "policy", "sometimes")
pol("metric_worked_since", metric_with(worked_since="yesterday"), "policy", "yesterday")
pol("metric_working_days_meaning", metric_with(working_days_meaning="eventually"), "policy", "eventually")
pol("targets_unknown_category", metric_with(targets={"incidnet": {"*": "4h"}}), "policy", '"incidnet"')
pol("targets_unknown_priority", metric_with(targets={"*": {"urgent": "4h"}}), "policy", '"urgent"')
pol("target_cell_left_out", metric_with(targets={"incident": {"high": "4h"}}), "policy", 'has no target for category "incident"')
pol("target_fraction", target("1.5h"), "input", '"1.5h"')
pol("target_unknown_unit", target("4 fortnights"), "input", '"4 fortnights"')
pol("target_negative", target("-4h"), "input", '"-4h"')
pol("target_overflow", target("99999999999999999999h"), "input", '"99999999999999999999h"')
pol("target_empty", target(""), "input", 'invalid duration ""')
pol("target_number", target(4), "policy", "target")
pol("target_not_applicable_with_options", target({"duration": "not applicable", "calendar": "office"}), "policy", "not applicable")
pol("target_options_unknown_key", target({"duration": "4h", "colour": "red"}), "policy", "colour")
pol("target_options_unknown_calendar", target({"duration": "4h", "calendar": "nowhere"}), "policy", '"nowhere"')
pol("threshold_percent_150", metric_with(thresholds=[{"id": "warn", "percent": 150}]), "policy", 'threshold "warn"')
pol("threshold_percent_zero", metric_with(thresholds=[{"id": "warn", "percent": 0}]), "policy", "percent")
pol("threshold_before_fraction", metric_with(thresholds=[{"id": "warn", "before": "0.5h"}]), "policy", '"0.5h"')
pol("threshold_neither", metric_with(thresholds=[{"id": "warn"}]), "policy", "warn")
pol("timer_unknown_start", policy_with(timers=[{"id": "t", "start": "banana", "duration": "1h"}]), "policy", '"banana"')
pol("timer_unknown_pause_reason", policy_with(timers=[{"id": "t", "start": "paused:nowhere", "duration": "1h"}]), "policy", '"nowhere"')
pol("timer_unknown_cancel", policy_with(timers=[{"id": "t", "start": "created", "cancel_on": ["banana"], "duration": "1h"}]), "policy", '"banana"')
pol("timer_bad_duration", policy_with(timers=[{"id": "t", "start": "created", "duration": "1.5h"}]), "policy", '"1.5h"')
pol("timer_unknown_calendar", policy_with(timers=[{"id": "t", "start": "created", "duration": "1h", "calendar": "nowhere"}]), "policy", '"nowhere"')
pol("timer_duplicate", policy_with(timers=[{"id": "t", "start": "created", "duration": "1h"}, {"id": "t", "start": "created", "duration": "2h"}]), "policy", '"t"')
pol("workaround_unknown_target", policy_with(workaround={"incident": "nowhere"}), "policy", '"nowhere"')
pol("workaround_unknown_source", policy_with(workaround={"nowhere": "incident"}), "policy", '"nowhere"')
pol("consent_unknown_metric", policy_with(consent={"metric": "nowhere", "within": "1h", "before_deadline": "1h"}), "policy", '"nowhere"')
pol("consent_bad_within", policy_with(consent={"metric": "resolution", "within": "1.5h", "before_deadline": "1h"}), "policy", '"1.5h"')
pol("consent_missing_key", policy_with(consent={"metric": "resolution", "within": "1h"}), "policy", "before_deadline")
pol("list", [], "policy", "invalid policy")
pol("null", None, "policy", "invalid policy")
pol("number", 42, "policy", "invalid policy")


def pol_json(name, text, kind, message):
    case(f"policy_json_text_{name}", "policy_json_text", {"json": text}, kind, message)


POLICY_TEXT = json.dumps(POLICY)
pol_json("empty", "", "policy", "invalid policy")
pol_json("unclosed", POLICY_TEXT[:-1], "policy", "invalid policy")
pol_json("truncated_literal", "nul", "policy", "invalid policy")
pol_json("trailing_comma", POLICY_TEXT[:-1] + ",}", "policy", "invalid policy")
pol_json("deep_nesting_in_description", POLICY_TEXT[:-1] + ', "description": ' + nested(200) + "}", "policy", "invalid policy")
pol_json("nan", POLICY_TEXT[:-1] + ', "description": NaN}', "policy", "invalid policy")
pol_json("string", '"a policy"', "policy", "invalid policy")


def pol_toml(name, text, kind, message):
    case(f"policy_toml_{name}", "policy_toml", {"toml": text}, kind, message)


TOML_BASE = """name = "demo"

[calendars]
office = "Mon-Fri 09:00-18:00 Europe/Moscow"

[[priorities]]
id = "high"

[[categories]]
id = "incident"

[[metrics]]
id = "reaction"
stop = "responded"
targets = { "*" = { "*" = "4h" } }
"""
pol_toml("malformed", "name = ", "policy", "invalid policy")
pol_toml("duplicate_key", 'name = "a"\nname = "b"\n', "policy", "invalid policy")
pol_toml("unknown_key", TOML_BASE + 'colour = "red"\n', "policy", "colour")
pol_toml("priority_id_number", TOML_BASE.replace('id = "high"', "id = 3"), "policy", "invalid policy")
pol_toml("unknown_zone", TOML_BASE.replace("Europe/Moscow", "Mars/Olympus"), "calendar", 'unknown time zone "Mars/Olympus"')
pol_toml("target_cell_left_out", TOML_BASE.replace('{ "*" = { "*" = "4h" } }', '{ "incident" = { "low" = "4h" } }'), "policy", '"low"')
pol_toml("target_fraction", TOML_BASE.replace('"4h"', '"1.5h"'), "input", '"1.5h"')

# ----- the JSON contract -----------------------------------------------------------
def evaluate(name, request, kind, message):
    case(f"evaluate_{name}", "evaluate", {"request": request}, kind, message)


evaluate("missing_at", request_with(at=None), "input", "at")
evaluate("missing_ticket", request_with(ticket=None), "input", "ticket")
evaluate("missing_policy", request_with(policy=None), "input", "policy")
evaluate("unknown_key", request_with(explian=True), "input", "explian")
evaluate("explain_string", request_with(explain="yes"), "input", "explain")
evaluate("at_without_offset", request_with(at="2026-03-02T12:00:00"), "input", '"2026-03-02T12:00:00"')
evaluate("at_with_space", request_with(at="2026-03-02 12:00"), "input", '"2026-03-02 12:00"')
evaluate("at_garbage", request_with(at="yesterday"), "input", '"yesterday"')
evaluate("at_empty", request_with(at=""), "input", 'invalid instant ""')
evaluate("at_24_00", request_with(at="2026-03-02T24:00:00+03:00"), "input", '"2026-03-02T24:00:00+03:00"')
evaluate("at_feb_30", request_with(at="2026-02-30T12:00:00+03:00"), "input", '"2026-02-30T12:00:00+03:00"')
evaluate("at_offset_25h", request_with(at="2026-03-02T12:00:00+25:00"), "input", '"2026-03-02T12:00:00+25:00"')
evaluate("at_number", request_with(at=1772442000), "input", "at")
evaluate("at_year_2200", request_with(at="2200-01-01T00:00:00Z"), "range", "supported range")
evaluate("no_events", request_with(events=[]), "event", "created")
evaluate("first_event_not_created", request_with(events=[ev("10:00", "responded")]), "event", "created")
evaluate("created_twice", request_with(events=[CREATED, dict(CREATED, at="2026-03-02T10:30:00+03:00")]), "event", "created")
evaluate("events_out_of_order", request_with(events=[CREATED, ev("11:00", "responded"), ev("10:30", "paused", reason="waiting")]), "event", "earlier than the event before it")
evaluate("resume_without_pause", request_with(events=[CREATED, ev("11:00", "resumed")]), "event", "resumed")
evaluate("pause_twice", request_with(events=[CREATED, ev("10:30", "paused", reason="waiting"), ev("11:00", "paused", reason="waiting")]), "event", "paused")
evaluate("pause_unknown_reason", request_with(events=[CREATED, ev("11:00", "paused", reason="lunch")]), "policy", '"lunch"')
evaluate("pause_without_reason", request_with(events=[CREATED, ev("11:00", "paused")]), "event", "reason")
evaluate("event_after_closed", request_with(events=[CREATED, ev("10:30", "resolved"), ev("10:40", "closed"), ev("11:00", "responded")]), "event", "closed")
evaluate("unknown_event_type", request_with(events=[CREATED, ev("11:00", "banana")]), "event", '"banana"')
evaluate("event_type_number", request_with(events=[CREATED, ev("11:00", 3)]), "event", "type")
evaluate("event_missing_at", request_with(events=[CREATED, {"type": "responded"}]), "event", "at")
evaluate("event_null_at", request_with(events=[CREATED, {"at": None, "type": "responded"}]), "event", "events[1]: missing field \"at\"")
evaluate("event_missing_type", request_with(events=[CREATED, {"at": "2026-03-02T11:00:00+03:00"}]), "event", "type")
evaluate("event_unknown_key", request_with(events=[CREATED, ev("11:00", "responded", colour="red")]), "event", "colour")
evaluate("event_at_garbage", request_with(events=[CREATED, ev("11:00", "responded") | {"at": "soon"}]), "input", '"soon"')
evaluate("event_at_1899", request_with(events=[dict(CREATED, at="1899-12-31T10:00:00+03:00")]), "range", "supported range")
evaluate("created_missing_priority", request_with(events=[{k: v for k, v in CREATED.items() if k != "priority"}]), "event", "priority")
evaluate("created_missing_category", request_with(events=[{k: v for k, v in CREATED.items() if k != "category"}]), "event", "category")
evaluate("created_unknown_priority", request_with(events=[dict(CREATED, priority="urgent")]), "policy", 'unknown priority "urgent"')
evaluate("created_unknown_category", request_with(events=[dict(CREATED, category="outage")]), "policy", 'unknown category "outage"')
FORBIDDEN = metric_with(targets={"*": {"*": "4h"}, "question": {"high": "not allowed"}})
evaluate("forbidden_pair", request_with(policy=FORBIDDEN, events=[dict(CREATED, category="question")]), "policy", 'category "question" does not allow priority "high"')
evaluate("forbidden_pair_by_change", request_with(policy=FORBIDDEN, events=[dict(CREATED, category="question", priority="low"), ev("11:00", "priority_changed", priority="high")]), "policy", 'category "question" does not allow priority "high"')
evaluate("responded_with_priority", request_with(events=[CREATED, ev("11:00", "responded", priority="low")]), "event", "priority")
evaluate("paused_with_metric", request_with(events=[CREATED, ev("11:00", "paused", reason="waiting", metric="reaction")]), "event", "metric")
evaluate("priority_changed_without_priority", request_with(events=[CREATED, ev("11:00", "priority_changed")]), "event", "priority")
evaluate("priority_changed_unknown", request_with(events=[CREATED, ev("11:00", "priority_changed", priority="urgent")]), "policy", '"urgent"')
evaluate("category_changed_unknown", request_with(events=[CREATED, ev("11:00", "category_changed", category="outage")]), "policy", '"outage"')
evaluate("deadline_set_unknown_metric", request_with(events=[CREATED, ev("11:00", "deadline_set", metric="nowhere", deadline="2026-03-03T10:00:00+03:00")]), "policy", '"nowhere"')
evaluate("deadline_set_without_metric", request_with(events=[CREATED, ev("11:00", "deadline_set", deadline="2026-03-03T10:00:00+03:00")]), "event", "metric")
evaluate("deadline_set_garbage", request_with(events=[CREATED, ev("11:00", "deadline_set", metric="reaction", deadline="tomorrow")]), "input", '"tomorrow"')
CONSENT_POLICY = policy_with(consent={"metric": "resolution", "within": "1h", "before_deadline": "1h"})
evaluate("consent_requested_without_proposal", request_with(policy=CONSENT_POLICY, events=[CREATED, ev("11:00", "consent_requested")]), "event", "consent_requested")
evaluate("consent_answered_without_request", request_with(policy=CONSENT_POLICY, events=[CREATED, ev("11:00", "consent_answered")]), "event", "consent_answered")
evaluate("consent_without_consent_policy", request_with(events=[CREATED, ev("11:00", "consent_requested", priority="low")]), "event", "consent")
evaluate("ticket_unknown_key", request_with() | {"ticket": {"evnts": [CREATED]}}, "event", "evnts")
evaluate("ticket_events_not_a_list", request_with() | {"ticket": {"events": CREATED}}, "event", "events")
evaluate("ticket_calendar_unknown_zone", request_with() | {"ticket": {"calendars": {"office": "Mon-Fri 09:00-18:00 Mars/Olympus"}, "events": [CREATED]}}, "calendar", 'unknown time zone "Mars/Olympus"')
evaluate("ticket_calendar_unknown_name", request_with() | {"ticket": {"calendars": {"nowhere": CALENDAR}, "events": [CREATED]}}, "policy", '"nowhere"')
evaluate("policy_target_left_out", request_with(policy=metric_with(targets={"incident": {"low": "4h"}})), "policy", 'has no target for category "incident"')
evaluate("year_not_covered", request_with(policy=policy_with(calendars={"office": CALENDAR + " +ru"}), events=[dict(CREATED, at="2040-03-01T10:00:00+03:00")], at="2040-03-01T12:00:00+03:00"), "range", "2040")
evaluate("timer_beyond_range", request_with(policy=policy_with(timers=[{"id": "t", "start": "created", "duration": "calendar 1000000000000s"}])), "range", "supported range")
evaluate("request_list", [], "input", "request")
evaluate("request_null", None, "input", "request")


def evaluate_json(name, text, kind, message):
    case(f"evaluate_json_text_{name}", "evaluate_json_text", {"json": text}, kind, message)


REQUEST_TEXT = json.dumps(REQUEST)
evaluate_json("empty", "", "input", "request")
evaluate_json("unclosed", REQUEST_TEXT[:-1], "input", "request")
evaluate_json("trailing_garbage", REQUEST_TEXT + " x", "input", "request")
evaluate_json("string", '"evaluate this"', "input", "request")
evaluate_json("deep_nesting_in_description", REQUEST_TEXT.replace('"name": "demo"', '"name": "demo", "description": ' + nested(200), 1), "input", "request")

# ----- durations (Rust and JS) ----------------------------------------------------------
def duration(name, text, kind, message):
    case(f"duration_{name}", "duration", {"duration": text}, kind, message)


duration("fraction", "1.5h", "input", '"1.5h"')
duration("fraction_days", "0.5 working days", "input", '"0.5 working days"')
duration("leading_dot", ".5h", "input", '".5h"')
duration("unknown_unit", "4 fortnights", "input", '"4 fortnights"')
duration("negative", "-4h", "input", '"-4h"')
duration("plus_sign", "+4h", "input", '"+4h"')
duration("overflow", "99999999999999999999h", "input", '"99999999999999999999h"')
duration("seconds_overflow", "9223372036854775807h", "input", '"9223372036854775807h"')
duration("empty", "", "input", 'invalid duration ""')
duration("blank", "   ", "input", "invalid duration")
duration("unit_only", "h", "input", '"h"')
duration("number_only", "4", "input", '"4"')
duration("double_unit", "4hh", "input", '"4hh"')
duration("dangling_number", "4h 30", "input", '"4h 30"')
duration("working_and_calendar", "calendar 4 working hours", "input", '"calendar 4 working hours"')
duration("exponent", "1e3h", "input", '"1e3h"')
duration("iso_8601", "PT4H", "input", '"PT4H"')
duration("clock_form", "4:30", "input", '"4:30"')
duration("cyrillic_unit", "4\u0447", "input", "4\u0447")
duration("vulgar_fraction", "\u00bdh", "input", "\u00bdh")
duration("hex", "0x10h", "input", '"0x10h"')
duration("ago", "4 days ago", "input", '"4 days ago"')
duration("beyond_horizon", "100000000h", "range", "search horizon")

# ----- add_working_days ----------------------------------------------------------------
def awd(name, calendar, t, n, meaning, kind, message):
    case(f"add_working_days_{name}", "add_working_days", {"calendar": calendar, "t": t, "n": n, "meaning": meaning}, kind, message)


awd("unknown_meaning", CALENDAR, T, 1, "eventually", "policy", '"eventually"')
awd("empty_meaning", CALENDAR, T, 1, "", "policy", 'working-day meaning ""')
awd("end_of_day_past_2199", CALENDAR, "2198-06-01T09:00:00+00:00", 1000, "end_of_day", "range", "supported range")
awd("length_past_2199", CALENDAR, "2198-06-01T09:00:00+00:00", 1000, "length", "range", "supported range")
awd("end_of_day_max_u32", CALENDAR, T, 4294967295, "end_of_day", "range", "search horizon")
awd("end_of_day_from_opening_max_u32", CALENDAR, T, 4294967295, "end_of_day_from_opening", "range", "search horizon")
awd("length_max_u32", CALENDAR, T, 4294967295, "length", "range", "search horizon")
awd("start_in_2199", CALENDAR, "2199-12-31T12:00:00+00:00", 1, "end_of_day", "range", "supported range")
awd("start_in_1899", CALENDAR, "1899-12-31T12:00:00+00:00", 1, "length", "range", "supported range")
awd("year_not_covered", CALENDAR + " +ru", "2040-03-01T10:00:00+03:00", 1, "end_of_day", "range", "2040")
awd("horizon_one_day", spec_with(horizon_days=1), T, 5, "end_of_day", "range", "search horizon")
awd("horizon_one_day_length", spec_with(horizon_days=1), T, 5, "length", "range", "search horizon")
awd("calendar_unknown_zone", "Mon-Fri 09:00-18:00 Mars/Olympus", T, 1, "length", "calendar", 'unknown time zone "Mars/Olympus"')

# ----- instants (the same text in Rust, Python and JS) ------------------------------------
def instant(name, text, kind, message):
    case(f"instant_{name}", "instant", {"t": text}, kind, message)


instant("no_offset", "2026-03-02T10:00:00", "input", '"2026-03-02T10:00:00"')
instant("space_no_seconds", "2026-03-02 10:00", "input", '"2026-03-02 10:00"')
instant("date_only", "2026-03-02", "input", '"2026-03-02"')
instant("garbage", "next tuesday", "input", '"next tuesday"')
instant("empty", "", "input", 'invalid instant ""')
instant("hour_24", "2026-03-02T24:00:00Z", "input", '"2026-03-02T24:00:00Z"')
instant("feb_29_2026", "2026-02-29T10:00:00Z", "input", '"2026-02-29T10:00:00Z"')
instant("month_13", "2026-13-01T10:00:00Z", "input", '"2026-13-01T10:00:00Z"')
instant("offset_24h", "2026-03-02T10:00:00+24:00", "input", '"2026-03-02T10:00:00+24:00"')
instant("offset_no_colon_garbage", "2026-03-02T10:00:00+3", "input", '"2026-03-02T10:00:00+3"')
instant("year_five_digits", "+10000-01-01T00:00:00Z", "input", '"+10000-01-01T00:00:00Z"')
instant("epoch_number_text", "1772442000", "input", '"1772442000"')
instant("year_1899", "1899-12-31T23:59:59Z", "range", "supported range")
instant("year_2200", "2200-01-01T00:00:00Z", "range", "supported range")
instant("year_9999", "9999-12-31T23:59:59-23:00", "range", "supported range")
instant("year_0001", "0001-01-01T00:00:00Z", "range", "supported range")

# ----- defects fixed after the catalogue was first written ---------------------------------
cal_json("duplicate_key", '{"timezone": "UTC", "timezone": "Europe/Moscow", "week": {"mon-fri": ["09:00-18:00"]}}', "calendar", 'duplicate key "timezone"')
pol_json("duplicate_key", json.dumps(policy_with())[:-1] + ', "name": "again"}', "policy", 'duplicate key "name"')
evaluate_json("duplicate_key", REQUEST_TEXT[:-1] + ', "at": "2026-03-02T12:00:00+03:00"}', "input", 'duplicate key "at"')
cal_spec("inline_production_year_overflow", spec_with(production_calendars=[{"name": "x", "years": {"2147483647": {}}}]), "calendar", "2147483647")
cal_spec("inline_production_date_in_another_year", spec_with(production_calendars=[{"name": "x", "years": {"2026": {"holidays": ["2030-01-01"]}}}]), "calendar", "2030-01-01")
instant("year_2150_past_the_tz_data", "2150-07-01T09:30:00+02:00", "range", "years 1900 to 2099")

# ----- many tickets at once: the failing ticket's index and id --------------------------
def many(name, tickets, kind, message, at="2026-03-02T12:00:00+03:00"):
    case(f"evaluate_many_{name}", "evaluate_many", {"policy": POLICY, "tickets": tickets, "at": at}, kind, message)


def many_ticket(tid, **created):
    event = {"at": "2026-03-02T10:00:00+03:00", "type": "created", "priority": "high", "category": "incident"}
    event.update(created)
    return {"id": tid, "events": [event]} if tid else {"events": [event]}


many("unknown_priority_second", [many_ticket("T-1"), many_ticket("T-2", priority="urgent")], "policy", 'ticket #1 ("T-2"): unknown priority "urgent"')
many("no_id", [many_ticket(None, category="nowhere")], "policy", 'ticket #0: unknown category "nowhere"')
many("not_a_ticket", [many_ticket("T-1"), {"events": "none"}], "event", "ticket #1: invalid ticket")
case("evaluate_many_errors_option", "evaluate_many", {"policy": POLICY, "tickets": [many_ticket("T-1")], "at": "2026-03-02T12:00:00+03:00", "errors": "ignore"}, "input", 'errors must be "collect" or "raise", not "ignore"')
many("before_creation", [many_ticket("T-1", at="2026-03-02T13:00:00+03:00")], "event", 'ticket #0 ("T-1"): the evaluation instant')


# ----- arguments of a type the call does not take: TypeError in Python and JS --------------
def wrong_type(name, call, args, arg):
    """`args[arg]` is of a type the call does not take in either language."""
    value = args[arg]
    if call in ("evaluate_many", "add_many") and isinstance(value, list):
        value = value[-1]  # the item of the list that is wrong
    assert value is None or isinstance(value, (bool, list, dict, int, str)), name
    case(f"type_{name}", call, args, "type", "expected ", value=value)


# (None in a bulk list is a missing item, not a wrong type.)
for label, v in [("null", None), ("bool", True), ("list", ["2026-03-02T10:00:00+03:00"]), ("object", {"t": T})]:
    wrong_type(f"instant_{label}", "instant", {"t": v}, "t")
    wrong_type(f"duration_{label}", "duration_any", {"duration": v}, "duration")
    wrong_type(f"ticket_{label}", "ticket", {"ticket": v if label != "object" else 3}, "ticket")
    wrong_type(f"evaluate_ticket_{label}", "evaluate_ticket", {"ticket": v if label != "object" else 3}, "ticket")
    wrong_type(f"evaluate_many_item_{label}", "evaluate_many", {"policy": POLICY, "tickets": [v if label != "object" else 3], "at": T}, "tickets")
    if v is not None:
        wrong_type(f"add_many_item_{label}", "add_many", {"times": [T, v]}, "times")
for label, v in [("null", None), ("bool", False), ("number", 42), ("list", [CALENDAR])]:
    wrong_type(f"calendar_{label}", "calendar_any", {"spec": v}, "spec")
    wrong_type(f"policy_{label}", "policy_any", {"policy": v if label != "list" else [POLICY]}, "policy")
    wrong_type(f"evaluate_{label}", "evaluate_any", {"request": v if label != "list" else [REQUEST]}, "request")
    wrong_type(f"preset_name_{label}", "preset", {"name": v, "timezone": "UTC"}, "name")
    wrong_type(f"preset_zone_{label}", "preset", {"name": "9x5", "timezone": v}, "timezone")
    wrong_type(f"calendar_json_text_{label}", "calendar_json_text", {"json": v if label != "list" else []}, "json")
    wrong_type(f"policy_json_text_{label}", "policy_json_text", {"json": v}, "json")
    wrong_type(f"evaluate_json_text_{label}", "evaluate_json_text", {"json": v}, "json")
wrong_type("add_working_days_count_text", "add_working_days", {"calendar": CALENDAR, "t": T, "n": "3", "meaning": "length"}, "n")
wrong_type("add_working_days_count_null", "add_working_days", {"calendar": CALENDAR, "t": T, "n": None, "meaning": "length"}, "n")
wrong_type("add_working_days_meaning_number", "add_working_days", {"calendar": CALENDAR, "t": T, "n": 1, "meaning": 2}, "meaning")
wrong_type("add_working_days_count_bool", "add_working_days", {"calendar": CALENDAR, "t": T, "n": True, "meaning": "length"}, "n")
wrong_type("evaluate_many_not_a_list_text", "evaluate_many", {"policy": POLICY, "tickets": "T-1", "at": T}, "tickets")
wrong_type("evaluate_many_not_a_list_object", "evaluate_many", {"policy": POLICY, "tickets": {"id": "T-1"}, "at": T}, "tickets")
wrong_type("add_many_number", "add_many", {"times": 3}, "times")
wrong_type("add_many_text", "add_many", {"times": T}, "times")
wrong_type("add_many_null", "add_many", {"times": None}, "times")

# ----- bulk calls: the same rule for lengths in both bindings ----------------------------------
case("between_many_length_mismatch", "between_many", {"starts": [T, T], "ends": [T]}, "input", "starts and ends differ in length: 2 and 1")
case("between_many_bad_item", "between_many", {"starts": [T, "soon"], "ends": [T, T]}, "input", 'invalid instant "soon"')
case("add_many_bad_item", "add_many", {"times": [T, "soon"]}, "input", 'invalid instant "soon"')


# ----- keys renamed for one vocabulary (DESIGN.md, "Vocabulary") ----------------------------
# The old key is an error that names the new one, in the data's own family.
def renamed(old, new):
    return f"field {json.dumps(old)} was renamed to {json.dumps(new)}"


EXTRA = renamed("working_days", "extra_working_days")
MEANING = renamed("working_days", "working_days_meaning")
INLINE_PC = {"name": "acme", "years": {"2026": {"holidays": ["2026-03-09"]}}}
cal_spec("renamed_working_days", spec_with(working_days=["2026-03-07"]), "calendar", EXTRA)
cal_spec("renamed_production_year_working_days", spec_with(production_calendars=[{"name": "acme", "years": {"2026": {"working_days": ["2026-03-07"]}}}]), "calendar", EXTRA)
cal_spec("renamed_time_zone_hint", spec_with(production_calendars=[dict(INLINE_PC, time_zone_hint="UTC")]), "calendar", renamed("time_zone_hint", "timezone_hint"))
cal_json("renamed_working_days", json.dumps(spec_with(working_days=["2026-03-07"])), "calendar", EXTRA)
cal_toml("renamed_working_days", 'timezone = "UTC"\nworking_days = ["2026-03-07"]\n[week]\nmon-fri = ["09:00-18:00"]\n', "calendar", EXTRA)
pol("renamed_working_days", policy_with(working_days="end_of_day"), "policy", MEANING)
pol("renamed_metric_working_days", metric_with(working_days="end_of_day"), "policy", MEANING)
pol("renamed_target_working_days", target({"duration": "1 working day", "working_days": "end_of_day"}), "policy", MEANING)
pol("renamed_calendar_working_days", policy_with(calendars={"office": spec_with(working_days=["2026-03-07"])}), "calendar", EXTRA)
pol_json("renamed_working_days", json.dumps(policy_with(working_days="end_of_day")), "policy", MEANING)
pol_toml("renamed_working_days", 'working_days = "end_of_day"\n' + TOML_BASE, "policy", MEANING)
evaluate("renamed_policy_working_days", request_with(policy=policy_with(working_days="end_of_day")), "policy", MEANING)
evaluate("renamed_ticket_calendar_working_days", request_with() | {"ticket": {"calendars": {"office": spec_with(working_days=["2026-03-07"])}, "events": [CREATED]}}, "calendar", EXTRA)
pol("renamed_timer_cancel", policy_with(timers=[{"id": "t", "start": "created", "cancel": ["closed"], "duration": "1h"}]), "policy", renamed("cancel", "cancel_on"))
evaluate_json("renamed_policy_working_days", json.dumps(request_with(policy=policy_with(working_days="end_of_day"))), "policy", MEANING)


def main():
    doc = {
        "about": (
            "Bad inputs and the error each must give, in Rust, Python and JavaScript alike: "
            "the error's family (kind) and a fragment of its message. Generated by "
            "scripts/gen-bad-inputs.py; run by tests/bad_inputs.rs, "
            "sla-py/tests/test_bad_inputs.py and sla-wasm/tests/bad_inputs.test.mjs."
        ),
        "calendar": CALENDAR,
        "t": T,
        "calls": CALLS,
        "cases": cases,
    }
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases written to {OUT}")


if __name__ == "__main__":
    main()
