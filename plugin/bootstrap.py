"""Make the bundled ``diachi_geo`` library importable (it ships in ``libs/`` in the zip)."""
import os
import sys

LIBS = os.path.join(os.path.dirname(__file__), "libs")
if os.path.isdir(LIBS) and LIBS not in sys.path:
    sys.path.insert(0, LIBS)
