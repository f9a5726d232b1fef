"""The packet's dates as an iCalendar file (RFC 5545) a phone's calendar can import: each
deadline still to come, each hearing, and the first day a held-back paper may be filed. Every
event names the step, the rule and the document it is about."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from . import __version__
from .packets import PacketPlan, Paper

REMIND_DAYS = 3  # a reminder this many days before each last day to act


def packet_calendar(plan: PacketPlan, case_number: str | None, as_of: date) -> bytes:
    """``plan``'s dates as .ics bytes; the same plan and date give the same bytes. ``case_number``:
    the district one, None for a complaint not yet filed."""
    calendar = Calendar()
    calendar.add("prodid", f"-//SmallClaimsCollect//smallclaims-collect {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{plan.title} ({case_number})" if case_number else plan.title)
    case_number = case_number or "new-case"  # the events' ids start with it
    stamp = datetime.combine(as_of, time(0), timezone.utc)  # made on as_of: no clock in the output
    papers = plan.papers + plan.waiting + plan.later
    step = next((f"{plan.title}: {p.title}" for p in papers if p.key == plan.step), plan.title)
    for deadline in plan.dates:
        about = [p for p in papers if deadline in (p.by, p.after)]
        named = [p.title for p in about if p.title.casefold() not in deadline.title.casefold()]
        summary = deadline.title + (f": {', '.join(named)}" if named else "")
        event = _event(f"{case_number}-{deadline.key}", stamp, deadline.date, summary, step, about or plan.papers,
                       deadline.summary or deadline.explanation, deadline.rule)
        if deadline.kind == "due":
            event.add_component(_reminder(summary))
        calendar.add_component(event)
    for paper in plan.waiting:
        if paper.first_day is None or paper.after is None:  # its start is not in the case file: no day to put
            continue
        calendar.add_component(_event(f"{case_number}-{paper.key}-first-day", stamp, paper.first_day,
                                      f"First day to file: {paper.title}", step, [paper],
                                      f"{paper.title} may be filed from today ({paper.after.title}).", paper.after.rule))
    for number, hearing in enumerate(plan.hearings, 1):
        event = _event(f"{case_number}-hearing-{number}", stamp, hearing.date,
                       f"Court hearing: {hearing.purpose.replace('_', ' ')}", step, plan.papers,
                       "Be at court on time; bring your papers and evidence.", "the court's hearing notice",
                       at=hearing.time)
        if hearing.place:
            event.add("location", hearing.place)
        calendar.add_component(event)
    return calendar.to_ical()


def _event(uid: str, stamp: datetime, day: date, summary: str, step: str, papers: list[Paper],
           what: str, rule: str, at: str | None = None) -> Event:
    event = Event()
    event.add("uid", f"{uid}@smallclaims-collect")
    event.add("dtstamp", stamp)
    if at:  # a hearing's time, as the court gives it: local time, no time zone
        hour, minute = (int(part) for part in at.split(":"))
        event.add("dtstart", datetime.combine(day, time(hour, minute)))
    else:
        event.add("dtstart", day)
    event.add("summary", summary)
    documents = ", ".join(p.title for p in papers) or "none in this packet"
    event.add("description", f"{what}\nStep: {step}\nRule: {rule}\nDocuments: {documents}")
    return event


def _reminder(summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In {REMIND_DAYS} days: {summary}")
    alarm.add("trigger", -timedelta(days=REMIND_DAYS))
    return alarm
