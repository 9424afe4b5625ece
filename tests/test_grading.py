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


def odd_submissions(root):
    """Submissions that are not plain files where a notebook should be (what git, unzip or a
    cunning student leave): each must be `invalid` with its reason, never followed or read."""
    perfect = root / "perfect" / A / f"{A}.ipynb"
    (root / "linked_file" / A).mkdir(parents=True)
    os.symlink(os.path.join("..", "..", "perfect", A, f"{A}.ipynb"), root / "linked_file" / A / f"{A}.ipynb")
    (root / "linked_folder").mkdir()
    os.symlink(os.path.join("..", "perfect", A), root / "linked_folder" / A)
    (root / "fifo" / A).mkdir(parents=True)
    os.mkfifo(root / "fifo" / A / f"{A}.ipynb")
    (root / "folder_instead" / A / f"{A}.ipynb").mkdir(parents=True)
    (root / "absolute_link" / A).mkdir(parents=True)
    os.symlink(str(perfect), root / "absolute_link" / A / f"{A}.ipynb")
    return ["linked_file", "linked_folder", "fifo", "folder_instead", "absolute_link"]


ODD = ["linked_file", "linked_folder", "fifo", "folder_instead", "absolute_link"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    import tempfile
    tmp = tmp_path_factory.mktemp("adversarial")
    root, out = tmp / "submitted", tmp / "out"
    scratch = tmp / "scratch"  # the run's TMPDIR: nothing may be left in it afterwards
    scratch.mkdir()
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
    weird = synthetic.blank(A)
    weird.cells[synthetic.exercise_cells(weird)[0]].metadata["nbgrader"] = ["not", "a", "dict"]
    (root / "weird_metadata" / A).mkdir(parents=True)
    nbformat.write(weird, str(root / "weird_metadata" / A / f"{A}.ipynb"))
    odd_submissions(root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}
    outside = {p for p in tmp.rglob("*") if out not in p.parents and p != out and scratch not in p.parents}
    start = time.monotonic()
    old_env, old_tempdir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = str(scratch), None
    try:
        rows = autograde(root, out, timeout=10, jobs=2, memory_mb=1024, log=lambda *_: None)
    finally:
        tempfile.tempdir = old_tempdir
        if old_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old_env
    seconds = time.monotonic() - start
    left = sorted(str(p.relative_to(scratch)) for p in scratch.iterdir())
    alive_at_end = marker_processes(marker)
    time.sleep(9)  # the detached process would rewrite grades.csv after 8 s
    listener.close()
    yield {"rows": {r["student_id"]: r for r in rows}, "out": out, "root": root, "before": before, "tmp": tmp,
           "outside": outside, "marker": marker, "listener": listener, "alive": alive_at_end, "seconds": seconds,
           "left": left}
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


# code that stops the kernel from running the grader's request (the test cells never ran there, so
# nothing passes): 0 points, `tampered`, and a finding
SILENCING = ["input_transformer", "ast_transformer", "kernel_do_execute"]
# a blank or wrong notebook that tampers with the kernel's own checks, numpy, history or outputs,
# publishes numbers, or reads its caller: the judge never looks there, so it earns exactly what its
# code computes (0: every exercise is blank or wrong)
NO_GAIN = ["checks_vars_update", "checks_globals", "exception_handler", "assertion_swap", "publish_displayhook",
           "publish_display", "publish_payload", "read_caller_frames", "read_caller_inspect", "numpy_through_gc",
           "checks_via_import_fromlist", "canary_aware_transformer", "leak_everything"]


@pytest.mark.parametrize("student", SILENCING)
def test_silencing_the_kernel_earns_nothing_and_is_reported(graded, student):
    row = graded["rows"][student]
    assert (row["score"], row["status"]) == (0.0, "tampered"), row
    findings = findings_of(graded["out"], student)
    assert any("stopped answering the grader" in f for f in findings), findings


@pytest.mark.parametrize("student", NO_GAIN)
def test_tampering_inside_the_kernel_gains_no_point(graded, student):
    row = graded["rows"][student]
    assert row["score"] == 0.0, row
    assert row["status"] in ("ok", "tampered", "output_limit"), row


@pytest.mark.parametrize("student", ["exception_handler", "assertion_swap"])
def test_hooks_that_earn_nothing_are_still_reported(graded, student):
    assert any("set_custom_exc" in f for f in findings_of(graded["out"], student))


@pytest.mark.parametrize("student", sorted(set(attacks.ATTACKS) - set(SILENCING) - set(NO_GAIN) - set(attacks.ISOLATION)))
def test_no_attack_gains_a_point(graded, student):
    row = graded["rows"][student]
    honest = full_points() if student in ("find_solution", "print_history") else 0.0  # built on perfect / blank
    assert row["score"] <= honest, row
    assert row["status"] in ("ok", "output_limit"), row


def test_the_kernel_never_holds_a_hidden_test(graded):
    """The leak attack searched every string in its kernel (frames, history, linecache, gc) for a
    phrase of a hidden test while the tests called its functions: it found none."""
    from test_notebooks import visible_text
    text = visible_text(graded["out"] / "feedback" / "leak_everything" / A / f"{A}.html")
    assert "LEAKCOUNT 0" in text, text[-2000:]
    assert re.search(r"CONTROLCOUNT [1-9]", text), "the search did not even find the notebook's own first line"


def test_no_hidden_line_in_any_file_the_grader_writes_in_any_encoding(graded):
    import base64
    import unicodedata
    secrets = [line for kind, line in secret_lines() if kind == "hidden"] + [attacks.HIDDEN_FRAGMENT]
    for path in graded["out"].rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes().decode("utf-8", errors="ignore")
        texts = [raw, unicodedata.normalize("NFKC", raw).replace("\u200b", "")]
        for blob in re.findall(r"[A-Za-z0-9+/]{40,}={0,2}", raw):
            try:
                texts.append(base64.b64decode(blob + "=" * (-len(blob) % 4)).decode("utf-8", errors="ignore"))
            except ValueError:
                pass
        for text in texts:
            leaked = [s for s in secrets if s in text]
            assert not leaked, f"{path.relative_to(graded['out'])} holds {leaked[:1]}"


def findings_of(out, student):
    with open(out / "integrity.csv", newline="", encoding="utf-8") as f:
        return [r["finding"] for r in csv.DictReader(f) if r["student_id"] == student]


def test_integrity_findings_of_the_old_kinds_are_unchanged(graded):
    first_id = synthetic.test_points(synthetic.perfect(A))[0][0]
    first_exercise = synthetic.exercise_cells(synthetic.perfect(A))[0]
    assert findings_of(graded["out"], "edited_test") == [f"test cell {first_id} was edited (restored for grading)"]
    assert findings_of(graded["out"], "deleted_test") == [f"test cell {first_id} was deleted (restored for grading)"]
    assert findings_of(graded["out"], "cheating") == [f"cell {first_exercise}: rebinds np.allclose"]
    # the synthetic perfect student is the solution pasted, markers and all: that is the only thing said of it
    assert all(f.startswith("pasted solution:") for f in findings_of(graded["out"], "perfect"))
    assert findings_of(graded["out"], "perfect") and findings_of(graded["out"], "blank") == []


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
        try:  # a link, a pipe, a folder or a garbled file: nothing of the student's to compare with
            submitted = graded["root"] / student / A / f"{A}.ipynb"
            own = "" if student in ODD else "\n".join(c.source for c in nbtools.read(submitted).cells)
        except Exception:
            own = ""
        text = visible_text(path)
        leaked = [line for kind, line in secrets if line in text and (kind == "hidden" or line not in own)]
        assert not leaked, f"{student}'s feedback shows {leaked[:2]}"
    history = visible_text(graded["out"] / "feedback" / "print_history" / A / f"{A}.html")
    assert "print(\"\\n\".join(In))" in history or "join(In)" in history  # the history was printed: no test in it


def test_the_sandbox_hides_the_solutions_and_other_submissions(graded):
    from test_notebooks import visible_text
    text = visible_text(graded["out"] / "feedback" / "find_solution" / A / f"{A}.html")
    assert "found []" in text, "the notebook found a solution notebook or a submission from inside the sandbox"


def test_submissions_are_byte_identical_and_nothing_is_written_outside_the_output(graded):
    root = graded["root"]
    now = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}
    assert now == graded["before"], "submissions were modified"
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
    assert not [c for c in calls if c.startswith("[")], "a resumed run should not grade finished notebooks again"
    assert {r["student_id"]: (r["score"], r["status"]) for r in again} == \
           {s: (r["score"], r["status"]) for s, r in graded["rows"].items()}


def test_without_bubblewrap_autograde_stops_with_how_to_install(tmp_path, monkeypatch):
    from grader.grading import sandbox
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    (tmp_path / "sub" / "s" / A).mkdir(parents=True)
    with pytest.raises(SystemExit, match="apt-get install bubblewrap"):
        autograde(tmp_path / "sub", tmp_path / "out", jobs=1, log=lambda *_: None)


# --- isolation: one notebook cannot touch another's grading, nor stop the class ---------------------------

def test_every_submission_has_a_row_and_the_run_completed(graded):
    names = set(attacks.ATTACKS) | set(ODD) | {"perfect", "blank", "partly_wrong", "weird_metadata", "garbled", "absent"}
    assert names <= set(graded["rows"]), sorted(names - set(graded["rows"]))


@pytest.mark.parametrize("student", ODD)
def test_a_link_pipe_or_folder_in_place_of_a_notebook_is_invalid_with_its_reason(graded, student):
    from test_notebooks import visible_text
    row = graded["rows"][student]
    assert (row["score"], row["status"]) == (0.0, "invalid"), row
    reasons = findings_of(graded["out"], student)
    assert reasons and reasons[0].startswith("not graded:") and any(
        word in reasons[0] for word in ("symbolic link", "FIFO", "folder")), reasons
    page = visible_text(graded["out"] / "feedback" / student / A / f"{A}.html")
    assert "could not be graded" in page and reasons[0].split(": ", 1)[1][:30] in page


def test_a_notebook_that_breaks_the_grader_is_crashed_with_its_reason(graded):
    row = graded["rows"]["weird_metadata"]
    assert (row["score"], row["status"]) == (0.0, "crashed"), row
    assert any(f.startswith("the grader could not grade this notebook") for f in findings_of(graded["out"], "weird_metadata"))


def test_no_temporary_folder_is_left(graded):
    assert graded["left"] == [], f"left in the run's TMPDIR: {graded['left']}"


def test_nothing_planted_survives(graded):
    marker = graded["marker"]
    for place in [graded["tmp"], "/tmp", "/run"]:
        for folder, dirs, files in os.walk(place):
            assert not any(marker in f for f in files if f.startswith(("planted_", "deep_"))), folder


def test_the_kernel_inherits_no_descriptor_of_the_worker(graded):
    from test_notebooks import visible_text
    text = visible_text(graded["out"] / "feedback" / "worker_descriptors" / A / f"{A}.html")
    targets = re.findall(r"fd (\d+) (\S+)", text)
    assert targets, text[-1500:]
    for fd, target in targets:
        assert "worker_" not in target and "grader_run" not in target and not target.endswith(".txt"), (fd, target)
    assert graded["rows"]["worker_descriptors"]["status"] == "ok"


def test_memfd_counts_towards_the_memory_limit(graded):
    from grader.grading import sandbox
    from test_notebooks import visible_text
    assert not sandbox.Cgroup.unavailable(), "this machine gives the grader no control groups: " + sandbox.Cgroup.unavailable()
    row = graded["rows"]["memfd_hoard"]
    assert (row["score"], row["status"]) == (full_points(), "memory"), row
    assert "held 1280 MB" not in visible_text(graded["out"] / "feedback" / "memfd_hoard" / A / f"{A}.html")


def test_dev_shm_is_private_and_bounded(graded):
    from test_notebooks import visible_text
    text = visible_text(graded["out"] / "feedback" / "shm_hoard" / A / f"{A}.html")
    assert "/dev/shm refused" in text or graded["rows"]["shm_hoard"]["status"] == "memory", text[-800:]
    assert graded["rows"]["shm_hoard"]["score"] == full_points()


def test_error_outputs_count_towards_the_output_limit(graded):
    row = graded["rows"]["error_flood"]
    assert (row["score"], row["status"]) == (full_points(), "output_limit"), row
    size = (graded["out"] / "feedback" / "error_flood" / A / f"{A}.html").stat().st_size
    assert size < 3_000_000, f"the feedback page of 200 large errors is {size:,} bytes"


def test_honest_code_has_a_writable_tmp_and_dev_shm(graded):
    from test_notebooks import visible_text
    assert "SCRATCH OK" in visible_text(graded["out"] / "feedback" / "scratch_folders" / A / f"{A}.html")
    assert graded["rows"]["scratch_folders"]["score"] == full_points()


@pytest.mark.parametrize("student", ["plant_in_runtime", "kernel_json_folder", "deep_tree", "process_hog"])
def test_a_hostile_notebook_gets_its_own_row_and_nothing_more(graded, student):
    row = graded["rows"][student]
    assert row["score"] == 0.0 and row["status"] in ("ok", "crashed", "timeout", "memory"), row
