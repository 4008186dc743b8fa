"""Twilio's own Python client (twilio-python) against a running twilio-emulator.

Usage: python3 Scripts/twilio-client-check.py URL ACCOUNT_SID AUTH_TOKEN   (run by Scripts/twilio-client-check)

The emulator is only worth its name if Twilio's helper library reads it as it reads api.twilio.com: same paths,
same query encoding (the `DateCreated<`/`DateCreated>` keys with date-time values), same paging, same errors.
The truth to compare with comes from the emulator's control API (/_emulator/...), not from the API under test.
"""

import json
import sys
import time
import urllib.request
from datetime import timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

URL, ACCOUNT_SID, AUTH_TOKEN = sys.argv[1:4]
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def control(path):
    with urllib.request.urlopen(URL + "/_emulator/" + path, timeout=30) as response:
        return json.load(response)


def created(recording_json):
    # twilio-python's deserialize.rfc2822_datetime drops the UTC offset; the truth must not.
    return parsedate_to_datetime(recording_json["date_created"]).astimezone(timezone.utc)


def record_requests(client):
    """Keeps the query parameters of each request the library makes, to show (and check) what it sends."""
    sent = []
    send = client.http_client.request

    def recording(method, url, params=None, **kwargs):
        sent.append(params)
        return send(method, url, params=params, **kwargs)

    client.http_client.request = recording
    return sent


def main():
    client = Client(ACCOUNT_SID, AUTH_TOKEN)
    client.api.base_url = URL
    sent = record_requests(client)

    transcriptions = control("transcriptions")
    recordings = control("recordings")
    live = [r for r in recordings if r["status"] != "deleted"]

    # Transcriptions: stream (lazy, page by page) and list, by next_page_uri as the library follows it.
    streamed = [t.sid for t in client.transcriptions.stream(page_size=37)]
    check(streamed == [t["sid"] for t in transcriptions],
          f"stream transcriptions (page_size=37): {len(streamed)} of {len(transcriptions)}, in order")
    listed = client.transcriptions.list()
    check([t.sid for t in listed] == streamed, f"list transcriptions (default page size): {len(listed)}")

    # Fetch one, and its recording. The truth's first transcription whose recording exists and is live.
    recording_sids = {r["sid"] for r in live}
    truth = next(t for t in transcriptions if t["recording_sid"] in recording_sids and t["transcription_text"])
    fetched = client.transcriptions(truth["sid"]).fetch()
    check(fetched.sid == truth["sid"] and fetched.transcription_text == truth["transcription_text"]
          and fetched.status == truth["status"], f"fetch transcription {truth['sid']}")
    recording = client.recordings(fetched.recording_sid).fetch()
    recording_truth = next(r for r in live if r["sid"] == fetched.recording_sid)
    check(recording.sid == recording_truth["sid"] and recording.call_sid == recording_truth["call_sid"],
          f"fetch its recording {fetched.recording_sid}")

    # Recordings by date_created_after / date_created_before, sent as the library serializes them.
    # The pivot has an earlier recording on its GMT day, so an instant and its day select different sets.
    days = {}
    for r in reversed(live):  # oldest first
        days.setdefault(created(r).date(), []).append(created(r))
    pivot = next(times[-1] for day, times in sorted(days.items())[len(days) // 2:] if len(times) > 1)
    window_start = pivot - timedelta(days=30)
    cases = [
        ("date_created_after=pivot", {"date_created_after": pivot}, lambda c: c >= pivot),
        ("date_created_before=pivot", {"date_created_before": pivot}, lambda c: c <= pivot),
        ("30-day window before pivot", {"date_created_after": window_start, "date_created_before": pivot},
         lambda c: window_start <= c <= pivot),
        ("date_created=pivot", {"date_created": pivot}, lambda c: c == pivot),
        # A string passes through unchanged: Twilio's documented YYYY-MM-DD day.
        ("date_created_after=<pivot's day>", {"date_created_after": pivot.strftime("%Y-%m-%d")},
         lambda c: c.date() >= pivot.date()),
    ]
    for name, filters, included in cases:
        expected = [r["sid"] for r in live if included(created(r))]
        sent.clear()
        got = [r.sid for r in client.recordings.list(page_size=50, **filters)]
        query = urlencode({k: v for k, v in sent[0].items() if k.startswith("DateCreated")}) if sent else "?"
        check(got == expected, f"recordings {name}: {len(got)} listed, {len(expected)} held (sent {query})")
    check(len([1 for r in live if created(r) >= pivot]) < len([1 for r in live if created(r).date() >= pivot.date()]),
          "the date-time pivot falls inside its day (instant and day filters were told apart)")

    # A recording's transcriptions: the recording-scoped list.
    scoped = [t.sid for t in client.recordings(fetched.recording_sid).transcriptions.list()]
    expected = [t["sid"] for t in transcriptions if t["recording_sid"] == fetched.recording_sid]
    check(scoped == expected and truth["sid"] in scoped,
          f"recording {fetched.recording_sid} transcriptions list: {scoped}")

    # Delete, then the transcription is gone: fetch raises TwilioRestException 404, lists omit it.
    check(client.transcriptions(truth["sid"]).delete() is True, f"delete transcription {truth['sid']}")
    try:
        client.transcriptions(truth["sid"]).fetch()
        check(False, "fetch after delete raises TwilioRestException 404 (it returned the transcription)")
    except TwilioRestException as error:
        check(error.status == 404 and error.code == 20404,
              f"fetch after delete raises TwilioRestException {error.status} (code {error.code})")
    check(truth["sid"] not in [t.sid for t in client.transcriptions.stream(page_size=1000)],
          "the deleted transcription is not listed")
    check(truth["sid"] not in [t.sid for t in client.recordings(fetched.recording_sid).transcriptions.list()],
          "nor in its recording's list")


started = time.monotonic()
try:
    main()
except Exception as error:  # an unexpected answer stops the run; say which, instead of a bare traceback
    failures.append(f"{type(error).__name__}: {error}")
elapsed = time.monotonic() - started
if failures:
    print(f"twilio-client-check: {len(failures)} check(s) failed with twilio-python against the emulator:",
          file=sys.stderr)
    for message in failures:
        print("  - " + message, file=sys.stderr)
    sys.exit(1)
print(f"twilio-client-check: all checks passed ({elapsed:.1f} s)")
