"""`python -m grader autograde SUBMISSIONS --out DIR`: grade a class with real nbgrader.

SUBMISSIONS is laid out as ``<student>/<assignment>/<notebook>.ipynb``. Each student is graded by
a worker process of its own (grader/worker.py), up to ``jobs`` at a time, and each notebook in a
temporary nbgrader course of its own: a broken, looping or crashing submission costs only its own
points, no gradebook is shared, and nothing is written to the checkout or to SUBMISSIONS.
DIR receives:

- ``grades.csv``: student_id, assignment, score, max_score, status
  (ok, timeout, crashed, missing, invalid);
- ``feedback/<student>/<assignment>/<assignment>.html``: nbgrader's feedback with the hidden tests
  and the tracebacks of test cells removed (the error message itself stays).
"""
import csv
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import nbtools
from .release import generate, make_course
from .worker import atomic_write

FIELDS = ["student_id", "assignment", "score", "max_score", "status"]


def prepare_template(assignment, workdir, root=nbtools.REPO):
    """A course folder with the assignment generated once: its gradebook knows the test cells."""
    course = Path(workdir) / f"template_{assignment}"
    course.mkdir()
    make_course(course, root, [assignment])
    generate(course, assignment)
    max_score = sum(float(nbtools.nbgrader_meta(c).get("points", 0))
                    for c in nbtools.read(nbtools.solution_path(assignment, root)).cells if nbtools.is_test(c))
    return course, max_score


def find_notebook(folder, assignment):
    """The submitted notebook of an assignment folder: <assignment>.ipynb, else the only .ipynb."""
    if not folder.is_dir():
        return None
    exact = folder / f"{assignment}.ipynb"
    if exact.exists():
        return exact
    found = sorted(p for p in folder.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return found[0] if len(found) == 1 else None


def count_cells(path):
    try:
        return len(nbtools.read(path).cells)
    except Exception:  # not a notebook: the worker will call it invalid
        return 1


def wall_limit(items, timeout):
    """Seconds a worker may take in all: nbgrader's per-cell limit for every cell, plus start-up."""
    return 60 + 20 * len(items) + timeout * sum(count_cells(i["notebook"]) for i in items)


def autograde(submissions, out, timeout=60, only=None, jobs=1, root=nbtools.REPO, log=print):
    """Grade every student folder in ``submissions``; write ``out``/grades.csv; return its rows."""
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise SystemExit(f"submissions folder not found: {submissions}")
    known = nbtools.assignments(root)
    students = sorted(p.name for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    wanted = only or sorted({a.name for s in students for a in (submissions / s).iterdir()
                             if a.is_dir() and a.name in known})
    unknown = [a for a in wanted if a not in known]
    if unknown:
        raise SystemExit(f"unknown assignment(s): {', '.join(unknown)} (known: {', '.join(known)})")
    out.mkdir(parents=True, exist_ok=True)
    rows = {}
    with tempfile.TemporaryDirectory(prefix="grader_") as workdir:
        workdir = Path(workdir)
        templates = {a: prepare_template(a, workdir, root) for a in wanted}
        queue = []
        for student in students:
            items = []
            for a in wanted:
                course, max_score = templates[a]
                notebook = find_notebook(submissions / student / a, a)
                if notebook is None:
                    rows[student, a] = {"score": 0.0, "max_score": max_score, "status": "missing"}
                else:
                    items.append({"assignment": a, "notebook": str(notebook.resolve()),
                                  "template": str(course), "max_score": max_score})
            if items:
                queue.append((student, items))
        run_workers(queue, workdir, out, timeout, max(1, jobs), rows, log)
    table = [{"student_id": s, "assignment": a, **rows[s, a]} for s in students for a in wanted]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    atomic_write(out / "grades.csv", buffer.getvalue())
    return table


def run_workers(queue, workdir, out, timeout, jobs, rows, log):
    """Run one worker process per student, ``jobs`` at a time; fill ``rows`` with their results."""
    total, done, start = len(queue), 0, time.monotonic()
    running = []  # (process, student, items, result_dir, deadline)
    while queue or running:
        while queue and len(running) < jobs:
            student, items = queue.pop(0)
            job_dir = workdir / f"job_{student}"
            job_dir.mkdir()
            job = {"student": student, "items": items, "workdir": str(workdir), "out": str(out), "timeout": timeout}
            (job_dir / "job.json").write_text(json.dumps(job), encoding="utf-8")
            proc = subprocess.Popen([sys.executable, "-m", "grader.worker", str(job_dir / "job.json"),
                                     str(job_dir / "results")], env=nbtools.tool_env(),
                                    stdout=subprocess.DEVNULL, stderr=open(job_dir / "stderr.txt", "wb"),
                                    start_new_session=True)
            running.append((proc, student, items, job_dir / "results", time.monotonic() + wall_limit(items, timeout)))
        time.sleep(0.2)
        for entry in list(running):
            proc, student, items, result_dir, deadline = entry
            timed_out = proc.poll() is None and time.monotonic() > deadline
            if timed_out:
                kill_group(proc)
            if proc.poll() is None:
                continue
            running.remove(entry)
            for item in items:
                path = result_dir / f"{item['assignment']}.json"
                if path.exists():
                    result = json.loads(path.read_text(encoding="utf-8"))
                else:  # the worker died or was stopped before it finished this notebook
                    result = {"score": 0.0, "max_score": item["max_score"],
                              "status": "timeout" if timed_out else "crashed"}
                rows[student, item["assignment"]] = {k: result[k] for k in ("score", "max_score", "status")}
            done += 1
            elapsed = time.monotonic() - start
            remaining = elapsed / done * (total - done)
            summary = ", ".join(f"{i['assignment']} {rows[student, i['assignment']]['score']:g}/"
                                f"{i['max_score']:g} {rows[student, i['assignment']]['status']}" for i in items)
            log(f"[{done}/{total}] {student}: {summary}  (elapsed {elapsed:.0f} s, about {remaining:.0f} s left)")


def kill_group(proc):
    """Stop a worker and everything it started (its kernels included)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
