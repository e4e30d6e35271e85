"""pygeoapi for tests: one process, no reloader, writes behind a Bearer token (as a gateway
would put them), an expired token answered with 401, and the Nth write failed with a 500
when TEST_FAIL_WRITE=N.

Usage: PYGEOAPI_CONFIG=... PYGEOAPI_OPENAPI=... python serve_pygeoapi.py PORT"""
import os
import sys

from flask import Response, request
from pygeoapi.flask_app import APP  # reads PYGEOAPI_CONFIG / PYGEOAPI_OPENAPI at import

TOKEN = os.environ.get("TEST_BEARER_TOKEN")
EXPIRED = os.environ.get("TEST_EXPIRED_TOKEN")
FAIL_AT = int(os.environ.get("TEST_FAIL_WRITE", "0") or 0)
writes = {"count": 0}


@APP.before_request
def gate():
    auth = request.headers.get("Authorization", "")
    if EXPIRED and auth == f"Bearer {EXPIRED}":
        return Response("token expired\n", 401)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if TOKEN and auth != f"Bearer {TOKEN}":
        return Response("unauthorized\n", 401)
    writes["count"] += 1
    if writes["count"] == FAIL_AT:
        return Response("injected failure\n", 500)
    return None


if __name__ == "__main__":
    APP.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False, use_reloader=False,
            threaded=True)
