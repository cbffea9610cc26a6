"""Serves a built site as a stock web server would: every .xml file as `text/xml` with no charset
(which means US-ASCII), then reads each feed with feedparser over HTTP.

Usage: feedparser_served.py OUTPUT_FOLDER FEED_PATH...
Prints one JSON object per feed: its path, feedparser's bozo flag and exception, the encoding it
settled on, and the entries' titles as it read them.
"""
import functools
import http.server
import json
import sys
import threading

import feedparser


class StockHandler(http.server.SimpleHTTPRequestHandler):
    # What a server that knows nothing of feeds sends: no charset.
    extensions_map = {".xml": "text/xml", "": "application/octet-stream"}

    def log_message(self, *args):
        pass


def main():
    root, paths = sys.argv[1], sys.argv[2:]
    handler = functools.partial(StockHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    for path in paths:
        parsed = feedparser.parse(f"http://127.0.0.1:{port}/{path}")
        print(json.dumps({
            "path": path,
            "status": parsed.get("status"),
            "content_type": parsed.headers.get("content-type"),
            "bozo": bool(parsed.bozo),
            "exception": str(parsed.get("bozo_exception", "")),
            "titles": [e.get("title", "") for e in parsed.entries],
        }, ensure_ascii=False))
    server.shutdown()


main()
