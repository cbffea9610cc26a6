"""Reads calendar files with Python's `icalendar` (the parser calendar tools in Python use) and
checks the rules of RFC 5545 a calendar app relies on. Prints one line per fault; none means
all is well.

Usage: rfc5545.py TODAY FILE...   (TODAY as YYYY-MM-DD: the build's day)
"""
import datetime
import sys

import icalendar


def faults(path, today):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    # 3.6: a calendar says its VERSION and PRODID.
    for key in ("VERSION", "PRODID"):
        if key not in cal:
            yield f"{path}: the calendar has no {key} (3.6)"
    uids = set()
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        where = f"{path}: {uid or 'an event'}"
        # 3.6.1: UID and DTSTAMP are required; DTSTART is, as METHOD is given.
        for key in ("UID", "DTSTAMP", "DTSTART"):
            if key not in event:
                yield f"{where}: no {key} (3.6.1)"
        # 3.8.4.7: a UID is unique; sendsite's never hold a web address, which could change.
        if uid in uids:
            yield f"{where}: the UID is used twice (3.8.4.7)"
        uids.add(uid)
        if not (uid.startswith("tag:") or uid.startswith("urn:")):
            yield f"{where}: the UID is not a tag: or urn: URI"
        stamp = event.get("DTSTAMP")
        if stamp is not None:
            stamp = stamp.dt
            # 3.8.7.2: DTSTAMP is in UTC; sendsite's is never after the build's day.
            if not isinstance(stamp, datetime.datetime) or stamp.utcoffset() != datetime.timedelta(0):
                yield f"{where}: DTSTAMP is not a UTC date-time (3.8.7.2)"
            elif stamp.date() > today:
                yield f"{where}: DTSTAMP {stamp} is after the build's day {today}"
        start, end = event.get("DTSTART"), event.get("DTEND")
        if "DURATION" in event and end is not None:
            yield f"{where}: both DTEND and DURATION (3.6.1)"
        if start is None:
            continue
        if end is None:
            # With no end, an event lasts no time (3.6.1): sendsite gives every event an end.
            yield f"{where}: no DTEND, so it lasts no time"
            continue
        start, end = start.dt, end.dt
        # 3.8.2.2: DTEND has DTSTART's value type, and comes after it.
        if isinstance(start, datetime.datetime) != isinstance(end, datetime.datetime):
            yield f"{where}: DTSTART and DTEND are not both dates or both date-times (3.8.2.2)"
        elif end <= start:
            yield f"{where}: DTEND {end} is not after DTSTART {start} (3.8.2.2)"


def main():
    today = datetime.date.fromisoformat(sys.argv[1])
    found = [f for path in sys.argv[2:] for f in faults(path, today)]
    for f in found:
        print(f)
    print(f"read {len(sys.argv) - 2} calendars", file=sys.stderr)


main()
