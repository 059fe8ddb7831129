"""Reads an Atom or RSS document with feedparser and prints what a feed reader sees, as JSON.

Usage: read_feed.py FILE   Exits 1 if feedparser reports the document malformed.
"""
import json
import sys

import feedparser

parsed = feedparser.parse(sys.argv[1])
feed = parsed.feed
out = {
    "bozo": bool(parsed.bozo),
    "bozo_exception": str(parsed.get("bozo_exception", "")),
    "version": parsed.version,
    "title": feed.get("title"),
    "id": feed.get("id"),
    "updated": feed.get("updated"),
    "language": feed.get("language"),
    "self": [l.get("href") for l in feed.get("links", []) if l.get("rel") == "self"],
    "entries": [
        {
            "id": e.get("id"),
            "title": e.get("title"),
            "link": e.get("link"),
            "links": [{"rel": l.get("rel"), "type": l.get("type"), "href": l.get("href")} for l in e.get("links", [])],
            "updated": e.get("updated"),
            "published": e.get("published"),
            "summary": e.get("summary"),
        }
        for e in parsed.entries
    ],
}
print(json.dumps(out, ensure_ascii=False))
sys.exit(1 if parsed.bozo else 0)
