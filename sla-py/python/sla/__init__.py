"""Exact SLA deadlines on business-hour calendars.

The engine is sla-core (Rust); this package converts Python values to it and
back. Instants are timezone-aware ``datetime`` objects, durations are
``timedelta`` objects, policies and tickets are the JSON contract's dicts.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> import sla
>>> cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")
>>> cal.add(datetime(2026, 5, 8, 16, 30, tzinfo=ZoneInfo("Europe/Moscow")), timedelta(hours=4))
datetime.datetime(2026, 5, 12, 12, 30, tzinfo=zoneinfo.ZoneInfo(key='Europe/Moscow'))
"""

from sla._sla import (
    Calendar,
    CalendarError,
    CycleList,
    CycleReport,
    EventError,
    HistoryEntry,
    InputError,
    MetricReport,
    OutOfRangeError,
    Policy,
    PolicyError,
    PolicySet,
    Report,
    Segment,
    SetReport,
    SlaError,
    ThresholdReport,
    Ticket,
    Timeline,
    TimerReport,
    __version__,
    bundled_production_calendar,
    evaluate,
    evaluate_json,
)

__all__ = [
    "Calendar",
    "CalendarError",
    "CycleList",
    "CycleReport",
    "EventError",
    "HistoryEntry",
    "InputError",
    "MetricReport",
    "OutOfRangeError",
    "Policy",
    "PolicyError",
    "PolicySet",
    "Report",
    "Segment",
    "SetReport",
    "SlaError",
    "ThresholdReport",
    "Ticket",
    "Timeline",
    "TimerReport",
    "__version__",
    "bundled_production_calendar",
    "evaluate",
    "evaluate_json",
]
