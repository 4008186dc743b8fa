#!/usr/bin/env python3
"""The naive loader, the ingest floor (issue 11): what a person would write in an afternoon. NDJSON in, one
SQLite file out: recordings in a plain table, transcriptions in a plain table and a contentful FTS5 table with
the same tokenizer and prefix index as transcripts, one transaction per 1,000 records. No JSON validation beyond
json.loads, no idempotence, no term lists.
Usage: Scripts/naive-import.py CORPUS.ndjson OUT.sqlite"""
import json
import sqlite3
import sys

corpus, out = sys.argv[1], sys.argv[2]
db = sqlite3.connect(out, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")
db.execute("CREATE TABLE recordings (sid TEXT PRIMARY KEY, call_sid TEXT, status TEXT, date_created TEXT, duration TEXT)")
db.execute("CREATE TABLE transcriptions (sid TEXT PRIMARY KEY, recording_sid TEXT, status TEXT, date_created TEXT, "
           "duration TEXT)")
db.execute("CREATE VIRTUAL TABLE transcriptions_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2', "
           "prefix = '3')")
db.execute("BEGIN")
pending = 0
with open(corpus, encoding="utf-8") as lines:
    for line in lines:
        record = json.loads(line)
        sid = record.get("sid", "")
        if sid.startswith("RE"):
            db.execute("INSERT OR REPLACE INTO recordings VALUES (?, ?, ?, ?, ?)",
                       (sid, record.get("call_sid"), record.get("status"), record.get("date_created"), record.get("duration")))
        elif sid.startswith("TR"):
            cursor = db.execute("INSERT OR REPLACE INTO transcriptions VALUES (?, ?, ?, ?, ?)",
                                (sid, record.get("recording_sid"), record.get("status"), record.get("date_created"),
                                 record.get("duration")))
            text = record.get("transcription_text")
            if text:
                db.execute("INSERT INTO transcriptions_fts(rowid, text) VALUES (?, ?)", (cursor.lastrowid, text))
        pending += 1
        if pending == 1_000:
            db.execute("COMMIT")
            db.execute("BEGIN")
            pending = 0
db.execute("COMMIT")
db.close()
