"""Test-only QGIS Server plugin: checks the Authorization header the way a real deployment's
gateway would (Bearer token, Basic), answers an expired token with 401, and can fail the Nth
WFS-T transaction with a 500 (TEST_FAIL_TRANSACTION=N) to test retries and resume."""
import base64
import os

from qgis.server import QgsServerFilter

TOKEN = os.environ.get("TEST_BEARER_TOKEN", "")
EXPIRED = os.environ.get("TEST_EXPIRED_TOKEN", "")
BASIC = os.environ.get("TEST_BASIC_AUTH", "")
FAIL_AT = int(os.environ.get("TEST_FAIL_TRANSACTION", "0") or 0)


class Gate(QgsServerFilter):
    def __init__(self, iface):
        super().__init__(iface)
        self.status = None
        self.transactions = 0

    def requestReady(self):  # noqa: N802 - QGIS API
        handler = self.serverInterface().requestHandler()
        auth = handler.requestHeader("Authorization") or ""
        request = (handler.parameter("REQUEST") or "").lower()
        self.status = None
        if EXPIRED and auth == f"Bearer {EXPIRED}":
            self.status = (401, b"token expired\n")
        elif TOKEN or BASIC:  # every request, reads too, like a closed national service
            ok = bool(TOKEN) and auth == f"Bearer {TOKEN}"
            ok = ok or (bool(BASIC) and auth == "Basic " + base64.b64encode(
                BASIC.encode()).decode())
            if not ok:
                self.status = (401, b"unauthorized\n")
        if self.status is None and request == "transaction":
            self.transactions += 1
            if self.transactions == FAIL_AT:
                self.status = (500, b"injected failure\n")
        if self.status is not None:  # QGIS then skips the real service (nothing is written)
            handler.setParameter("SERVICE", "DENIED")

    def responseComplete(self):  # noqa: N802 - QGIS API
        if self.status is not None:
            handler = self.serverInterface().requestHandler()
            handler.clear()
            handler.setStatusCode(self.status[0])
            handler.setResponseHeader("Content-Type", "text/plain")
            handler.appendBody(self.status[1])


class GatePlugin:
    def __init__(self, iface):
        iface.registerFilter(Gate(iface), 100)


def serverClassFactory(iface):  # noqa: N802 - QGIS API
    return GatePlugin(iface)
