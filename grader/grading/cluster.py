"""A real Dask cluster on this machine's loopback, for the benchmark and the tests: one
``dask scheduler`` and N ``dask worker --nthreads 1`` processes, each bounded in time and stopped
when the ``with`` block ends (the same commands as on real machines; see docs/GRADING_AT_SCALE.md).
"""
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .engine import worker_env


def _dask(*args):
    return [sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]]


@contextlib.contextmanager
def loopback_cluster(n_workers=2, start_seconds=60):
    """Yield {"address", "workers": [Popen], "scheduler": Popen} of a running cluster."""
    folder = Path(tempfile.mkdtemp(prefix="grader_dask_"))
    info = folder / "scheduler.json"
    env = worker_env()
    env["DASK_DISTRIBUTED__WORKER__DAEMON"] = "False"
    log = open(folder / "log.txt", "wb")
    procs = []

    def start(cmd):
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder, start_new_session=True)
        procs.append(proc)
        return proc

    try:
        scheduler = start(_dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                "--scheduler-file", str(info)))
        deadline = time.monotonic() + start_seconds
        while not info.exists():
            if time.monotonic() > deadline or scheduler.poll() is not None:
                raise RuntimeError("the Dask scheduler did not start:\n" + (folder / "log.txt").read_text()[-2000:])
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        workers = [start(_dask("worker", address, "--nthreads", "1", "--no-dashboard", "--name", f"w{i}",
                               "--host", "127.0.0.1", "--local-directory", str(folder / f"w{i}")))
                   for i in range(n_workers)]
        from distributed import Client
        with Client(address, timeout="20s") as client:
            client.wait_for_workers(n_workers, timeout=start_seconds)
        yield {"address": address, "workers": workers, "scheduler": scheduler, "folder": folder}
    finally:
        for proc in reversed(procs):
            stop(proc)
        log.close()


def stop(proc, grace=5):
    """SIGTERM the process group, then SIGKILL what is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
