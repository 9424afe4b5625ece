"""Grading on a real Dask cluster: a scheduler and two workers on 127.0.0.1, started and stopped
here (grader/grading/cluster.py), the same commands an instructor runs on real machines."""
import os
import threading
import time

import nbformat
import pytest

import attacks
from grader import synthetic
from grader.grading.autograde import autograde
from grader.grading.cluster import loopback_cluster, stop

A = attacks.A
pytestmark = pytest.mark.slow
KINDS = ["perfect", "blank", "partly_wrong", "looping", "memory_bomb", "exiting"]
# hostile notebooks through the same path: silencing the kernel, partial credit, reading the caller,
# planting in the runtime folder, a tree too deep for a recursive delete, a process that outlives it
HOSTILE = ["input_transformer", "detached_process", "publish_displayhook", "read_caller_frames", "plant_in_runtime",
           "deep_tree"]


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask") / "submitted"
    ctx = {"submissions": str(root), "out": str(root.parent / "out"), "port": 9, "marker": "daskattack"}
    subs = {k: getattr(synthetic, k)(A) for k in KINDS}
    for name in HOSTILE:
        subs[name] = attacks.ATTACKS[name](ctx)
    for student, nb in subs.items():
        (root / student / A).mkdir(parents=True)
        nbformat.write(nb, str(root / student / A / f"{A}.ipynb"))
    (root / "linked" / A).mkdir(parents=True)
    os.symlink(os.path.join("..", "..", "perfect", A, f"{A}.ipynb"), root / "linked" / A / f"{A}.ipynb")
    local = autograde(root, root.parent / "local", timeout=10, jobs=2, memory_mb=1024, log=lambda *_: None)
    return root, {r["student_id"]: (r["score"], r["status"]) for r in local}


def grades(rows):
    return {r["student_id"]: (r["score"], r["status"]) for r in rows}


def test_the_local_class_is_graded_as_expected(small_class):
    _, local = small_class
    full = sum(p for _, p in synthetic.test_points(synthetic.perfect(A)))
    assert local["perfect"] == (full, "ok") and local["blank"] == (0.0, "ok")
    assert local["looping"][1] == "timeout" and local["memory_bomb"] == (full, "memory")
    assert local["input_transformer"] == (0.0, "tampered")
    assert local["publish_displayhook"][0] == 0.0 and local["read_caller_frames"][0] == 0.0
    assert local["plant_in_runtime"][0] == 0.0 and local["deep_tree"][0] == 0.0
    assert local["linked"] == (0.0, "invalid")
    assert set(local) == set(KINDS) | set(HOSTILE) | {"linked"}, "a row per notebook"


def test_dask_gives_the_local_grades_and_survives_a_lost_worker(small_class, tmp_path):
    root, local = small_class
    with loopback_cluster(2) as cluster:
        rows = autograde(root, tmp_path / "dask", timeout=10, memory_mb=1024, scheduler=cluster["address"],
                         log=lambda *_: None)
        assert grades(rows) == local

        # again, and kill one worker (with everything it started) as soon as the first result is in
        seen = []
        killed = threading.Event()

        def on_log(line):
            seen.append(line)
            if len(seen) == 1 and not killed.is_set():
                stop(cluster["workers"][0], grace=0)
                killed.set()

        out = tmp_path / "dask_lost_worker"
        again = autograde(root, out, timeout=10, memory_mb=1024, scheduler=cluster["address"], log=on_log)
        assert killed.is_set()
        assert grades(again) == local
        progress = [line for line in seen if line.startswith("[")]
        assert len(progress) == len(local), "every notebook is counted exactly once"

        # --resume on the cluster grades nothing again
        (out / "grades.csv").unlink()
        calls = []
        resumed = autograde(root, out, timeout=10, memory_mb=1024, scheduler=cluster["address"], resume=True,
                            log=calls.append)
        assert not [c for c in calls if c.startswith("[")] and grades(resumed) == local


def test_an_unreachable_scheduler_is_a_clear_error_within_seconds(small_class, tmp_path):
    root, _ = small_class
    start = time.monotonic()
    with pytest.raises(SystemExit, match="cannot reach the Dask scheduler"):
        autograde(root, tmp_path / "out", scheduler="tcp://127.0.0.1:9", log=lambda *_: None)
    assert time.monotonic() - start < 30
