"""Twilio's own Python client (twilio-python) against a running twilio-emulator.

Usage: python3 Scripts/twilio-client-check.py URL ACCOUNT_SID AUTH_TOKEN   (run by Scripts/twilio-client-check)

The emulator is only worth its name if Twilio's helper library reads it as it reads api.twilio.com: same paths,
same query encoding (the `DateCreated<`/`DateCreated>` keys with date-time values), same paging, same errors.
The same goes for Conversational Intelligence v2 as the library reads intelligence.twilio.com: absolute
`meta.next_page_url` paging, sentences (times as numbers or strings), operator results, redaction, media, delete.
The truth to compare with comes from the emulator's control API (/_emulator/...), not from the API under test.
"""

import json
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

from twilio.base.exceptions import TwilioException, TwilioRestException
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

    check_intelligence(client)


def iso(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def check_intelligence(client):
    """Conversational Intelligence v2, with the library's own Intelligence domain pointed at the emulator."""
    client.intelligence.base_url = URL
    transcripts = client.intelligence.v2.transcripts
    truth = control("intelligence/transcripts")
    check(len(truth) > 0, f"the emulator holds {len(truth)} Intelligence transcripts")

    # Lists: every page by the absolute meta.next_page_url, as the library follows it.
    streamed = [t.sid for t in transcripts.stream(page_size=7)]
    check(streamed == [t["sid"] for t in truth], f"stream transcripts (page_size=7): {len(streamed)} of {len(truth)}, in order")
    check([t.sid for t in transcripts.list()] == streamed, "list transcripts (default page size)")
    pivot = truth[len(truth) // 2]
    after = [t.sid for t in transcripts.list(after_date_created=pivot["date_created"], page_size=5)]
    check(after == [t["sid"] for t in truth if iso(t["date_created"]) > iso(pivot["date_created"])],
          f"after_date_created={pivot['date_created']}: {len(after)} listed")
    completed = [t.sid for t in transcripts.list(status="completed")]
    check(completed == [t["sid"] for t in truth if t["status"] == "completed"], f"status=completed: {len(completed)}")
    source = pivot["channel"]["media_properties"]["source_sid"]
    by_source = [t.sid for t in transcripts.list(source_sid=source)]
    check(by_source == [pivot["sid"]], f"source_sid={source}: {by_source}")

    # Fetch one, and follow its recording to the call (Transcript -> v2010 Recording -> call_sid).
    plain = [t for t in truth if t["status"] == "completed" and not t["encryption_credential_sid"]]
    one = plain[0]
    fetched = transcripts(one["sid"]).fetch()
    check(fetched.sid == one["sid"] and fetched.status == one["status"] and fetched.channel == one["channel"]
          and fetched.date_created == iso(one["date_created"]) and fetched.duration == one["duration"]
          and fetched.links == one["links"], f"fetch transcript {one['sid']}")
    recordings = {r["sid"]: r for r in control("recordings")}
    recording_sid = fetched.channel["media_properties"]["source_sid"]
    if recording_sid in recordings:
        recording = client.recordings(recording_sid).fetch()
        check(recording.call_sid == recordings[recording_sid]["call_sid"],
              f"its recording {recording_sid} leads to call {recording.call_sid}")

    # Sentences: the library passes start_time/end_time/confidence through as JSON gave them (number or string).
    kinds = {}
    for t in plain:
        if t["sentences"]:
            kinds.setdefault(type(t["sentences"][0]["start_time"]).__name__, t)
    for kind, t in sorted(kinds.items()):
        got = transcripts(t["sid"]).sentences.list(redacted=False, page_size=9)
        expected = [(s["sid"], s["media_channel"], s["start_time"], s["end_time"], s["confidence"], s["transcript"])
                    for s in t["sentences"]]
        check([(s.sid, s.media_channel, s.start_time, s.end_time, s.confidence, s.transcript) for s in got] == expected,
              f"sentences of {t['sid']} (Redacted=false, page_size=9): {len(got)}, start_time read as {kind}")
    check(set(kinds) == {"float", "str"}, f"sentence times come as numbers and as strings: {sorted(kinds)}")
    words = transcripts(one["sid"]).sentences.list(word_timestamps=True, limit=1)
    check(bool(words) and [w["word"] for w in words[0].words] == words[0].transcript.split(" "),
          "word_timestamps=True gives each word with its times")

    # Redaction: by default a redacted transcript masks personal data in sentences and wholly in the summary.
    redacted = next(t for t in plain if t["redaction"])  # its Agent gives a first name: there is always PII
    masked = [s.transcript for s in transcripts(redacted["sid"]).sentences.list(page_size=1000)]
    raw = [s["transcript"] for s in redacted["sentences"]]
    changed = [(m, r) for m, r in zip(masked, raw) if m != r]
    check(len(masked) == len(raw) and changed and all("[PERSON]" in m or "[PHONE_NUMBER]" in m for m, _ in changed),
          f"default sentences of {redacted['sid']} are redacted ({len(changed)} masked)")
    results = transcripts(redacted["sid"]).operator_results.list()
    summary = next(r for r in results if r.operator_type == "text-generation")
    check(summary.text_generation_results == {"result": "[Redacted: Summarization]", "format": "text"},
          f"default summary is {summary.text_generation_results['result']!r}")
    raw_results = {r["operator_sid"]: r for r in redacted["operator_results"]}
    unredacted = transcripts(redacted["sid"]).operator_results.list(redacted=False)
    check([(r.operator_sid, r.name, r.operator_type, r.text_generation_results, r.predicted_label) for r in unredacted]
          == [(r["operator_sid"], r["name"], r["operator_type"], r["text_generation_results"] or {}, r["predicted_label"])
              for r in raw_results.values()], "operator results with redacted=False match the truth")
    sentiment = next(r for r in unredacted if r.operator_type == "conversation-classify")
    expected_probability = raw_results[sentiment.operator_sid]["predicted_probability"]
    check(float(sentiment.predicted_probability) == float(expected_probability),
          f"predicted_probability {expected_probability!r} (JSON {type(expected_probability).__name__}) "
          f"reads as {type(sentiment.predicted_probability).__name__} {sentiment.predicted_probability}")
    fetched_summary = transcripts(redacted["sid"]).operator_results(summary.operator_sid).fetch(redacted=False)
    check(fetched_summary.text_generation_results == raw_results[summary.operator_sid]["text_generation_results"],
          "fetch one operator result (redacted=False)")

    # Media: a fresh signed URL on every fetch, downloadable without credentials.
    urls = [transcripts(one["sid"]).media().fetch().media_url for _ in range(2)]
    check(urls[0] != urls[1] and all(u.startswith(URL + "/_emulator/media/") for u in urls), "media_url is fresh per fetch")
    with urllib.request.urlopen(urls[1], timeout=30) as response:
        check(response.status == 200 and response.read(4) == b"RIFF", "the media URL downloads a WAV without credentials")

    # Encrypted: only the /Encrypted routes serve the content. Sentences answers 400, which a list call raises as
    # the library's TwilioException("Unable to fetch page", response) (list pages do not build TwilioRestException).
    encrypted = next((t for t in truth if t["encryption_credential_sid"]), None)
    if encrypted is None:
        with urllib.request.urlopen(urllib.request.Request(
                URL + "/_emulator/intelligence/transcripts", data=b'{"encrypted": true}', method="POST"), timeout=30) as r:
            encrypted = json.load(r)
    location = transcripts(encrypted["sid"]).encrypted_sentences().fetch().location
    check(location.startswith("https://"), f"encrypted transcript {encrypted['sid']}: sentences at {location}")
    try:
        transcripts(encrypted["sid"]).sentences.list()
        check(False, "its plain sentences raise TwilioException with the 400 (they were listed)")
    except TwilioException as error:
        response = error.args[1] if len(error.args) > 1 else None
        status = getattr(response, "status_code", None)
        code = json.loads(response.text).get("code") if response is not None else None
        check(status == 400 and code == 20001, f"its plain sentences raise TwilioException: HTTP {status}, code {code}")

    # Delete, then fetch raises TwilioRestException 404 and lists omit it.
    check(transcripts(one["sid"]).delete() is True, f"delete transcript {one['sid']}")
    try:
        transcripts(one["sid"]).fetch()
        check(False, "fetch after delete raises TwilioRestException 404 (it returned the transcript)")
    except TwilioRestException as error:
        check(error.status == 404 and error.code == 20404,
              f"fetch after delete raises TwilioRestException {error.status} (code {error.code})")
    check(one["sid"] not in [t.sid for t in transcripts.stream(page_size=1000)], "the deleted transcript is not listed")


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
