"""The class grader against hostile and broken submissions, with the sandbox on (the default).

One class is graded once (module fixture) with ``--jobs 2``: honest students (perfect, blank,
partly wrong), every attack of tests/attacks.py, and the broken kinds (looping, crashing,
memory-hungry, noisy, edited tests, unreadable, missing). The tests then check one guarantee of
docs/GRADING_AT_SCALE.md each.
"""
import csv
import os
import re
import shutil
import socket
import threading
import time
import uuid

import nbformat
import pytest

import attacks
from grader import nbtools, synthetic
from grader.grading.autograde import autograde

A = attacks.A
pytestmark = pytest.mark.slow


def test_bubblewrap_is_installed():
    """The sandbox is the default: a machine without bubblewrap fails here, loudly, not by skipping."""
    from grader.grading import sandbox
    assert shutil.which("bwrap"), "bubblewrap is missing: apt-get install bubblewrap (the README's set-up does it)"
    sandbox.require_bwrap()


class Listener:
    """A TCP server on loopback that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections, self.stop = [], False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stop:
            try:
                conn, addr = self.sock.accept()
                self.connections.append(addr)
                conn.close()
            except OSError:
                continue

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def marker_processes(marker):
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if marker.encode() in open(f"/proc/{pid}/cmdline", "rb").read():
                    found.append(int(pid))
            except OSError:
                pass
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("adversarial")
    root, out = tmp / "submitted", tmp / "out"
    marker = f"attack{uuid.uuid4().hex[:10]}"
    listener = Listener()
    ctx = {"submissions": str(root), "out": str(out), "port": listener.port, "marker": marker}
    subs = {name: getattr(synthetic, name)(A) for name in [
        "perfect", "blank", "partly_wrong", "looping", "exiting", "memory_bomb", "big_output",
        "edited_test", "deleted_test", "cheating"]}
    subs.update({name: build(ctx) for name, build in attacks.ATTACKS.items()})
    for student, nb in subs.items():
        (root / student / A).mkdir(parents=True)
        nbformat.write(nb, str(root / student / A / f"{A}.ipynb"))
    (root / "garbled" / A).mkdir(parents=True)
    (root / "garbled" / A / f"{A}.ipynb").write_text("{ this is not json", encoding="utf-8")
    (root / "absent").mkdir()
    (root / "absent" / "notes.txt").write_text("forgot to submit", encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    outside = {p for p in tmp.rglob("*") if out not in p.parents and p != out}
    start = time.monotonic()
    rows = autograde(root, out, timeout=10, jobs=2, memory_mb=1024, log=lambda *_: None)
    seconds = time.monotonic() - start
    alive_at_end = marker_processes(marker)
    time.sleep(9)  # the detached process would rewrite grades.csv after 8 s
    listener.close()
    yield {"rows": {r["student_id"]: r for r in rows}, "out": out, "root": root, "before": before, "tmp": tmp,
           "outside": outside, "marker": marker, "listener": listener, "alive": alive_at_end, "seconds": seconds}
    for pid in marker_processes(marker):
        os.kill(pid, 9)


def full_points():
    return sum(p for _, p in synthetic.test_points(synthetic.perfect(A)))


def test_honest_students_keep_their_scores(graded):
    rows, full = graded["rows"], full_points()
    first = synthetic.test_points(synthetic.perfect(A))[0][1]
    got = {s: (rows[s]["score"], rows[s]["status"]) for s in ["perfect", "blank", "partly_wrong"]}
    assert got == {"perfect": (full, "ok"), "blank": (0.0, "ok"), "partly_wrong": (full - first, "ok")}


def test_broken_submissions_get_their_status_and_earned_points(graded):
    rows, full = graded["rows"], full_points()
    first = synthetic.test_points(synthetic.perfect(A))[0][1]
    got = {s: (rows[s]["score"], rows[s]["status"]) for s in [
        "looping", "exiting", "memory_bomb", "big_output", "edited_test", "deleted_test", "cheating", "garbled", "absent"]}
    assert got == {
        "looping": (full - first, "timeout"),
        "exiting": (full - first, "crashed"),
        "memory_bomb": (full, "memory"),
        "big_output": (full, "output_limit"),
        "edited_test": (0.0, "ok"),      # the edited test cell was restored: `pass` earned nothing
        "deleted_test": (0.0, "ok"),     # the deleted test cell came back and failed
        "cheating": (0.0, "ok"),
        "garbled": (0.0, "invalid"),
        "absent": (0.0, "missing"),
    }


TAMPERING = ["input_transformer", "ast_transformer", "checks_vars_update", "checks_globals"]
# a custom exception handler hides the traceback, but ipykernel still reports the error: the test
# cells fail and the attack earns nothing (the scan reports the hook)
FLAGGED = ["exception_handler", "assertion_swap"]


@pytest.mark.parametrize("student", TAMPERING)
def test_tampering_earns_nothing_and_is_reported(graded, student):
    row = graded["rows"][student]
    assert (row["score"], row["status"]) == (0.0, "tampered"), row
    findings = findings_of(graded["out"], student)
    assert any("passed even with answers made wrong on purpose" in f for f in findings), findings


@pytest.mark.parametrize("student", FLAGGED)
def test_hooks_that_earn_nothing_are_still_reported(graded, student):
    row = graded["rows"][student]
    assert row["score"] == 0.0 and row["status"] in ("ok", "tampered"), row
    assert any("set_custom_exc" in f for f in findings_of(graded["out"], student))


@pytest.mark.parametrize("student", sorted(set(attacks.ATTACKS) - set(TAMPERING) - set(FLAGGED)))
def test_no_attack_gains_a_point(graded, student):
    row = graded["rows"][student]
    honest = full_points() if student in ("find_solution", "print_history") else 0.0  # built on perfect / blank
    assert row["score"] <= honest, row
    assert row["status"] in ("ok", "output_limit"), row


def findings_of(out, student):
    with open(out / "integrity.csv", newline="", encoding="utf-8") as f:
        return [r["finding"] for r in csv.DictReader(f) if r["student_id"] == student]


def test_integrity_findings_of_the_old_kinds_are_unchanged(graded):
    first_id = synthetic.test_points(synthetic.perfect(A))[0][0]
    first_exercise = synthetic.exercise_cells(synthetic.perfect(A))[0]
    assert findings_of(graded["out"], "edited_test") == [f"test cell {first_id} was edited (restored for grading)"]
    assert findings_of(graded["out"], "deleted_test") == [f"test cell {first_id} was deleted (restored for grading)"]
    assert findings_of(graded["out"], "cheating") == [f"cell {first_exercise}: rebinds np.allclose"]
    assert findings_of(graded["out"], "perfect") == [] and findings_of(graded["out"], "blank") == []


def secret_lines():
    """Distinctive lines of notebook 01's hidden tests and solution regions (≥ 30 characters)."""
    nb = nbtools.read(nbtools.solution_path(A))
    lines = set()
    for cell in nb.cells:
        for block in re.findall(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", cell.source, re.S):
            lines |= {("hidden", ln.strip()) for ln in block.splitlines() if len(ln.strip()) >= 30}
        for block in re.findall(r"### BEGIN SOLUTION(.*?)### END SOLUTION", cell.source, re.S):
            lines |= {("solution", ln.strip()) for ln in block.splitlines() if len(ln.strip()) >= 30}
    return lines


def test_no_hidden_test_or_unwritten_solution_line_in_any_feedback(graded):
    from test_notebooks import visible_text
    secrets = secret_lines()
    assert any(kind == "hidden" for kind, _ in secrets) and any(kind == "solution" for kind, _ in secrets)
    files = list((graded["out"] / "feedback").rglob("*.html"))
    assert {"find_solution", "print_history"} <= {p.parts[-3] for p in files}
    for path in files:
        student = path.parts[-3]
        own = "\n".join(c.source for c in nbtools.read(graded["root"] / student / A / f"{A}.ipynb").cells)
        text = visible_text(path)
        leaked = [line for kind, line in secrets if line in text and (kind == "hidden" or line not in own)]
        assert not leaked, f"{student}'s feedback shows {leaked[:2]}"
    history = visible_text(graded["out"] / "feedback" / "print_history" / A / f"{A}.html")
    assert "line removed" in history  # the history was printed, and what quoted the tests was cut


def test_the_sandbox_hides_the_solutions_and_other_submissions(graded):
    from test_notebooks import visible_text
    text = visible_text(graded["out"] / "feedback" / "find_solution" / A / f"{A}.html")
    assert "found []" in text, "the notebook found a solution notebook or a submission from inside the sandbox"


def test_submissions_are_byte_identical_and_nothing_is_written_outside_the_output(graded):
    root = graded["root"]
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == graded["before"], "submissions were modified"
    out = graded["out"]
    now = {p for p in graded["tmp"].rglob("*") if out not in p.parents and p != out}
    assert now == graded["outside"], f"files appeared outside the output folder: {sorted(now - graded['outside'])[:5]}"
    marker = graded["marker"]
    for folder in ["/tmp", os.path.expanduser("~"), "/"]:
        assert not os.path.exists(os.path.join(folder, marker + ".txt"))


def test_no_notebook_process_outlives_grading(graded):
    assert graded["alive"] == [], "a process started by a notebook was still running when grading ended"
    assert marker_processes(graded["marker"]) == []
    grades = (graded["out"] / "grades.csv").read_text(encoding="utf-8")
    assert "hacked" not in grades and grades.startswith("student_id,assignment,score")


def test_no_connection_leaves_the_sandbox(graded):
    assert graded["listener"].connections == [], graded["listener"].connections
    from test_notebooks import visible_text
    text = visible_text(graded["out"] / "feedback" / "network" / A / f"{A}.html")
    assert "no connection" in text and "connected to 127.0.0.1" not in text and "connected to localhost" not in text


def test_no_persistence_into_later_kernels(graded):
    import site
    import sys
    marker = graded["marker"]
    places = site.getsitepackages() + [site.getusersitepackages(), os.path.expanduser("~/.ipython"),
                                       os.path.join(sys.prefix, "etc")]
    for place in places:
        for folder, _, files in os.walk(place):
            assert not any(marker in f for f in files), f"a notebook wrote {folder}/{[f for f in files if marker in f]}"


def test_tests_csv_adds_up_to_grades_csv(graded):
    with open(graded["out"] / "tests.csv", newline="", encoding="utf-8") as f:
        tests = list(csv.DictReader(f))
    with open(graded["out"] / "grades.csv", newline="", encoding="utf-8") as f:
        grades = list(csv.DictReader(f))
    assert list(tests[0]) == ["student_id", "assignment", "grade_id", "score", "max_score"]
    for g in grades:
        rows = [t for t in tests if t["student_id"] == g["student_id"] and t["assignment"] == g["assignment"]]
        assert abs(sum(float(t["score"]) for t in rows) - float(g["score"])) < 1e-9, g
        if g["status"] not in ("missing", "invalid", "crashed"):
            assert abs(sum(float(t["max_score"]) for t in rows) - float(g["max_score"])) < 1e-9, g


def test_resume_grades_nothing_again(graded, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    (out / "grades.csv").unlink()
    calls = []
    again = autograde(graded["root"], out, timeout=10, jobs=2, memory_mb=1024, resume=True, log=calls.append)
    assert calls == [], "a resumed run should not grade finished notebooks again"
    assert {r["student_id"]: (r["score"], r["status"]) for r in again} == \
           {s: (r["score"], r["status"]) for s, r in graded["rows"].items()}


def test_without_bubblewrap_autograde_stops_with_how_to_install(tmp_path, monkeypatch):
    from grader.grading import sandbox
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    (tmp_path / "sub" / "s" / A).mkdir(parents=True)
    with pytest.raises(SystemExit, match="apt-get install bubblewrap"):
        autograde(tmp_path / "sub", tmp_path / "out", jobs=1, log=lambda *_: None)
