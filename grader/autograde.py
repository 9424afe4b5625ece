"""`python -m grader autograde SUBMISSIONS --out DIR`: grade a class with real nbgrader.

SUBMISSIONS is laid out as ``<student>/<assignment>/<notebook>.ipynb``. Each student is graded by
a worker process of its own (grader/worker.py), up to ``jobs`` at a time, and each notebook in a
temporary nbgrader course of its own: a broken, looping or crashing submission costs only its own
points, no gradebook is shared, and nothing is written to the checkout or to SUBMISSIONS.
DIR receives:

- ``grades.csv``: student_id, assignment, score, max_score, status
  (ok, timeout, crashed, memory, output_limit, missing, invalid);
- ``integrity.csv``: student_id, assignment, finding (see grader/integrity.py), for review;
- ``feedback/<student>/<assignment>/<assignment>.html``: nbgrader's feedback with the hidden tests
  and the tracebacks of test cells removed (the error message itself stays).
"""
import csv
import hashlib
import io
import json
import os
import shutil
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
    return course, total_points(assignment, root)


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


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def autograde(submissions, out, timeout=60, only=None, jobs=1, memory_mb=2048, max_output_bytes=1_000_000,
              resume=False, root=nbtools.REPO, log=print):
    """Grade every student folder in ``submissions``; write grades.csv and integrity.csv to ``out``.

    Returns the rows of grades.csv as dicts. With ``resume``, notebooks already graded by an
    earlier, interrupted run (same file contents) are not graded again.
    """
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
    results = out / ".results"  # one JSON per graded notebook: what --resume starts from
    if results.exists() and not resume:
        shutil.rmtree(results)
    rows = {}
    with tempfile.TemporaryDirectory(prefix="grader_") as workdir:
        workdir = Path(workdir)
        templates = {}
        queue = []
        for student in students:
            items = []
            for a in wanted:
                notebook = find_notebook(submissions / student / a, a)
                if notebook is None:
                    rows[student, a] = {"score": 0.0, "max_score": None, "status": "missing", "findings": []}
                    continue
                item = {"assignment": a, "notebook": str(notebook.resolve()), "sha256": sha256(notebook)}
                done = results / student / f"{a}.json"
                if resume and done.exists():
                    previous = json.loads(done.read_text(encoding="utf-8"))
                    if previous.get("sha256") == item["sha256"]:
                        rows[student, a] = previous
                        continue
                items.append(item)
            if items:
                queue.append((student, items))
        for a in sorted({i["assignment"] for _, items in queue for i in items}):
            templates[a] = prepare_template(a, workdir, root)
        for _, items in queue:
            for item in items:
                item["template"], item["max_score"] = str(templates[item["assignment"]][0]), templates[item["assignment"]][1]
        settings = {"out": str(out), "results": str(results), "timeout": timeout, "memory_mb": memory_mb,
                    "max_output_bytes": max_output_bytes, "workdir": str(workdir)}
        run_workers(queue, settings, max(1, jobs), rows, log)
    max_scores = {a: total_points(a, root) for a in wanted}
    table = []
    for s in students:
        for a in wanted:
            r = rows[s, a]
            table.append({"student_id": s, "assignment": a, "score": r["score"],
                          "max_score": max_scores[a], "status": r["status"]})
    write_csv(out / "grades.csv", FIELDS, table)
    findings = [{"student_id": s, "assignment": a, "finding": f}
                for s in students for a in wanted for f in rows[s, a].get("findings", [])]
    write_csv(out / "integrity.csv", ["student_id", "assignment", "finding"], findings)
    return table


def total_points(assignment, root=nbtools.REPO):
    return sum(float(nbtools.nbgrader_meta(c).get("points", 0))
               for c in nbtools.read(nbtools.solution_path(assignment, root)).cells if nbtools.is_test(c))


def write_csv(path, fields, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(path, buffer.getvalue())


def run_workers(queue, settings, jobs, rows, log):
    """Run one worker process per student, ``jobs`` at a time; fill ``rows`` with their results."""
    total, done, start = len(queue), 0, time.monotonic()
    running = []  # (process, student, items, deadline)
    workdir, results = Path(settings["workdir"]), Path(settings["results"])
    while queue or running:
        while queue and len(running) < jobs:
            student, items = queue.pop(0)
            job_dir = workdir / f"job_{student}"
            job_dir.mkdir()
            job = {**settings, "student": student, "items": items}
            (job_dir / "job.json").write_text(json.dumps(job), encoding="utf-8")
            with open(job_dir / "stderr.txt", "wb") as stderr:
                proc = subprocess.Popen([sys.executable, "-m", "grader.worker", str(job_dir / "job.json")],
                                        env=nbtools.tool_env(), stdout=subprocess.DEVNULL, stderr=stderr,
                                        start_new_session=True)
            deadline = time.monotonic() + wall_limit(items, settings["timeout"])
            running.append((proc, student, items, deadline))
        time.sleep(0.2)
        for entry in list(running):
            proc, student, items, deadline = entry
            timed_out = proc.poll() is None and time.monotonic() > deadline
            if timed_out:
                kill_group(proc)
            if proc.poll() is None:
                continue
            running.remove(entry)
            problem = (workdir / f"job_{student}" / "stderr.txt").read_text(errors="replace").strip()
            if proc.returncode != 0 and problem:
                log(f"worker for {student} failed:\n{problem[-2000:]}")
            for item in items:
                path = results / student / f"{item['assignment']}.json"
                if path.exists():
                    rows[student, item["assignment"]] = json.loads(path.read_text(encoding="utf-8"))
                else:  # the worker died or was stopped before it finished this notebook
                    rows[student, item["assignment"]] = {"score": 0.0, "status": "timeout" if timed_out else "crashed",
                                                         "findings": []}
            done += 1
            elapsed = time.monotonic() - start
            remaining = elapsed / done * (total - done)
            summary = ", ".join(f"{i['assignment']} {rows[student, i['assignment']]['score']:g}/{i['max_score']:g} "
                                f"{rows[student, i['assignment']]['status']}" for i in items)
            log(f"[{done}/{total}] {student}: {summary}  (elapsed {elapsed:.0f} s, about {remaining:.0f} s left)")


def kill_group(proc):
    """Stop a worker and everything it started (its kernels included)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
