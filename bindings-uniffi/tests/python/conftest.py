"""A real sentc-server --dev on SQLite on a free loopback port, for every test of the session.

The server binary is $SENTC_SERVER; `sentc` is the wheel scripts/uniffi-python.sh installed.
"""
import os
import re
import subprocess
import tempfile
import threading

import pytest


@pytest.fixture(scope="session")
def server():
    child, found = start_server()
    yield found
    child.terminate()
    child.wait(timeout=10)


def start_server():
    """Starts the server: the process and its url, public token and secret token."""
    folder = tempfile.mkdtemp(prefix="sentc-python-")
    database = f"sqlite://{folder}/sentc.db?mode=rwc"
    child = subprocess.Popen(
        [os.environ["SENTC_SERVER"], "--dev", "--listen", "127.0.0.1:0", "--database-url", database],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    printed = ""
    found = {}
    for line in child.stdout:
        printed += line
        for name, pattern in (("token", r"public token:\s+(\S+)"), ("secret", r"secret token:\s+(\S+)"),
                              ("url", r"listening on (http://\S+)")):
            match = re.search(pattern, printed)
            if match:
                found[name] = match.group(1)
        if len(found) == 3:
            break
    else:
        raise RuntimeError(f"sentc-server exited: {printed}")
    # Keep reading its output so the pipe never fills.
    threading.Thread(target=lambda: [None for _ in child.stdout], daemon=True).start()
    return child, found
