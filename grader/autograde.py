"""`python -m grader autograde SUBMISSIONS --out DIR`: grade a class with real nbgrader.

SUBMISSIONS is laid out as ``<student>/<assignment>/<notebook>.ipynb``. Up to ``jobs`` worker
processes (grader/worker.py) grade the notebooks, each notebook in a temporary nbgrader course of
its own: a broken, looping or crashing submission costs only its own points, no gradebook is
shared, and nothing is written to the checkout or to SUBMISSIONS.
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
from .worker import atomic_write, result_path

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


def in_shard(student, shard):
    """True when ``student`` belongs to ``shard`` = (k, n), 1 <= k <= n; stable across machines."""
    k, n = shard
    return int(hashlib.sha256(student.encode("utf-8")).hexdigest(), 16) % n == k - 1


def autograde(submissions, out, timeout=60, only=None, jobs=1, memory_mb=2048, max_output_bytes=1_000_000,
              resume=False, shard=None, root=nbtools.REPO, log=print):
    """Grade every student folder in ``submissions``; write grades.csv and integrity.csv to ``out``.

    Returns the rows of grades.csv as dicts. With ``resume``, notebooks already graded by an
    earlier, interrupted run (same file contents) are not graded again. With ``shard=(k, n)``, only
    the k-th of n disjoint groups of students is graded (see ``merge``).
    """
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise SystemExit(f"submissions folder not found: {submissions}")
    known = nbtools.assignments(root)
    students = sorted(p.name for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    if shard:
        students = [s for s in students if in_shard(s, shard)]
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
        units = []
        for student in students:
            for a in wanted:
                notebook = find_notebook(submissions / student / a, a)
                if notebook is None:
                    rows[student, a] = {"score": 0.0, "max_score": None, "status": "missing", "findings": []}
                    continue
                item = {"student": student, "assignment": a, "notebook": str(notebook.resolve()),
                        "sha256": sha256(notebook)}
                done = results / student / f"{a}.json"
                if resume and done.exists():
                    previous = json.loads(done.read_text(encoding="utf-8"))
                    if previous.get("sha256") == item["sha256"]:
                        rows[student, a] = previous
                        continue
                units.append(item)
        for a in sorted({u["assignment"] for u in units}):
            templates[a] = prepare_template(a, workdir, root)
        for unit in units:
            unit["template"], unit["max_score"] = str(templates[unit["assignment"]][0]), templates[unit["assignment"]][1]
        settings = {"out": str(out), "results": str(results), "timeout": timeout, "memory_mb": memory_mb,
                    "max_output_bytes": max_output_bytes, "workdir": str(workdir)}
        run_workers(units, settings, max(1, jobs), rows, log)
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


def run_workers(units, settings, jobs, rows, log):
    """Grade ``units`` (one submitted notebook each) with up to ``jobs`` worker processes.

    Each worker gets a batch. A notebook that outlives its wall-clock limit has its worker
    stopped; it is marked timeout (or crashed if the worker died) and the rest of that batch goes
    to a new worker. ``rows`` receives one result per unit.
    """
    workdir = Path(settings["workdir"])
    pending = [units[k::jobs] for k in range(jobs) if units[k::jobs]]
    running = []  # [process, batch, index of the unit being graded, its deadline, job folder]
    students = {u["student"] for u in units}
    left = {s: sum(u["student"] == s for u in units) for s in students}
    done, start, counter = 0, time.monotonic(), 0
    while pending or running:
        while pending and len(running) < jobs:
            batch = pending.pop(0)
            counter += 1
            job_dir = workdir / f"job_{counter}"
            job_dir.mkdir()
            (job_dir / "job.json").write_text(json.dumps({**settings, "items": batch}), encoding="utf-8")
            with open(job_dir / "stderr.txt", "wb") as stderr:
                proc = subprocess.Popen([sys.executable, "-m", "grader.worker", str(job_dir / "job.json")],
                                        env=nbtools.tool_env(), stdout=subprocess.DEVNULL, stderr=stderr,
                                        start_new_session=True)
            running.append([proc, batch, 0, time.monotonic() + 30 + wall_limit(batch[:1], settings["timeout"]), job_dir])
        time.sleep(0.2)
        for entry in list(running):
            proc, batch, i, deadline, job_dir = entry
            finished = proc.poll() is not None
            while i < len(batch) and result_path(settings["results"], batch[i]).exists():
                unit = batch[i]
                rows[unit["student"], unit["assignment"]] = json.loads(
                    result_path(settings["results"], unit).read_text(encoding="utf-8"))
                done, left[unit["student"]] = done + 1, left[unit["student"]] - 1
                report(log, unit, rows, done, len(units), students, left, start)
                i += 1
                deadline = time.monotonic() + wall_limit(batch[i:i + 1], settings["timeout"])
            entry[2], entry[3] = i, deadline
            if i == len(batch):
                if not finished:
                    proc.wait()
                running.remove(entry)
                continue
            timed_out = not finished and time.monotonic() > deadline
            if not (finished or timed_out):
                continue
            if timed_out:
                kill_group(proc)
            elif proc.returncode != 0:
                problem = (job_dir / "stderr.txt").read_text(errors="replace").strip()
                log(f"a worker failed while grading {batch[i]['student']}/{batch[i]['assignment']}:\n{problem[-2000:]}")
            unit = batch[i]
            rows[unit["student"], unit["assignment"]] = {"score": 0.0, "findings": [],
                                                         "status": "timeout" if timed_out else "crashed"}
            done, left[unit["student"]] = done + 1, left[unit["student"]] - 1
            report(log, unit, rows, done, len(units), students, left, start)
            running.remove(entry)
            if batch[i + 1:]:
                pending.insert(0, batch[i + 1:])


def report(log, unit, rows, done, total, students, left, start):
    """One progress line: notebooks and students done, elapsed and estimated remaining time."""
    row = rows[unit["student"], unit["assignment"]]
    elapsed = time.monotonic() - start
    finished_students = sum(1 for s in students if left[s] == 0)
    log(f"[{finished_students}/{len(students)} students, {done}/{total} notebooks] "
        f"{unit['student']} {unit['assignment']}: {row['score']:g}/{unit['max_score']:g} {row['status']}  "
        f"(elapsed {elapsed:.0f} s, about {elapsed / done * (total - done):.0f} s left)")


def kill_group(proc):
    """Stop a worker and everything it started (its kernels included)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def merge(folders, out):
    """Combine the outputs of sharded runs into one: grades.csv, integrity.csv and feedback/."""
    out = Path(out)
    grades, findings, seen = [], [], set()
    for folder in map(Path, folders):
        with open(folder / "grades.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                key = (row["student_id"], row["assignment"])
                if key in seen:
                    raise SystemExit(f"{key[0]}/{key[1]} is graded in more than one of the folders")
                seen.add(key)
                grades.append(row)
        with open(folder / "integrity.csv", newline="", encoding="utf-8") as f:
            findings += list(csv.DictReader(f))
        if (folder / "feedback").is_dir():
            shutil.copytree(folder / "feedback", out / "feedback", dirs_exist_ok=True)
    grades.sort(key=lambda r: (r["student_id"], r["assignment"]))
    findings.sort(key=lambda r: (r["student_id"], r["assignment"]))
    write_csv(out / "grades.csv", FIELDS, grades)
    write_csv(out / "integrity.csv", ["student_id", "assignment", "finding"], findings)
    return grades
