"""`python -m grader autograde SUBMISSIONS --out DIR`: grade a class.

SUBMISSIONS is laid out as ``<student>/<assignment>/<notebook>.ipynb``. Every submitted file is
read once, here; each becomes one task (task.py) that an engine (engine.py) runs: a local pool of
``jobs`` workers, or a Dask cluster with ``scheduler``. The kernels run in the sandbox. As each
result arrives it is kept in DIR/.results/ (what ``resume`` starts from). When every task is
done, and so every sandbox has ended, DIR receives, each file written atomically:

- ``grades.csv``: student_id, assignment, score, max_score, status
  (ok, tampered, timeout, crashed, memory, output_limit, missing, invalid);
- ``tests.csv``: student_id, assignment, grade_id, score, max_score (one row per test cell);
- ``integrity.csv``: student_id, assignment, finding (see integrity.py), for review;
- ``similarity.csv`` and ``report.html``: similar submissions and the class report (report.py);
- ``feedback/<student>/<assignment>/<assignment>.html``: nbgrader's feedback, with the hidden
  tests, the tracebacks of test cells and any output that quotes a hidden test removed.
"""
import csv
import functools
import io
import json
import os
import shutil
import stat
import time
from collections import Counter
from pathlib import Path

from .. import nbtools
from ..nbtools import atomic_write
from . import sandbox
from .engine import DaskEngine, LocalEngine
from .limits import Limits
from .task import make_task

FIELDS = ["student_id", "assignment", "score", "max_score", "status"]


def write_csv(path, fields, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(path, buffer.getvalue())


def _kind(path):
    """'file', 'folder', 'missing', or what else stands at ``path`` (a link is never followed)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return f"unreadable ({error.strerror})"
    for test, name in ((stat.S_ISREG, "file"), (stat.S_ISDIR, "folder"), (stat.S_ISLNK, "symbolic link"),
                       (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device")):
        if test(mode):
            return name
    return "special file"


def find_notebook(folder, assignment):
    """(path, why) of the submitted notebook of an assignment folder: <assignment>.ipynb, else
    the only .ipynb. ``why`` says why it cannot be graded (a link, a pipe, a folder in its place,
    the assignment folder itself a link); (None, None) when nothing was submitted."""
    for level in (folder.parent, folder):
        kind = _kind(level)
        if kind == "missing":
            return None, None
        if kind != "folder":
            return level, f"{level.name} is a {kind}, not a folder: submissions are read as plain files only"
    exact = folder / f"{assignment}.ipynb"
    kind = _kind(exact)
    if kind == "file":
        return exact, None
    if kind != "missing":
        return exact, f"{exact.name} is a {kind}, not a file: submissions are read as plain files only"
    found = sorted(p for p in folder.iterdir() if p.name.endswith(".ipynb"))
    if len(found) != 1:
        return None, None
    kind = _kind(found[0])
    return found[0], None if kind == "file" else f"{found[0].name} is a {kind}, not a file"


def read_submission(path, limit=64 * 2**20):
    """The bytes of a submitted file, opened without following links and without blocking on a pipe."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path.name} is not a plain file")
        if info.st_size > limit:
            raise OSError(f"{path.name} is larger than {limit // 2**20} MB")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def total_points(assignment, root=nbtools.REPO):
    return sum(float(nbtools.nbgrader_meta(c).get("points", 0))
               for c in nbtools.read(nbtools.solution_path(assignment, root)).cells if nbtools.is_test(c))


@functools.lru_cache(maxsize=None)
def code_cells(assignment, root=nbtools.REPO):
    return sum(1 for c in nbtools.read(nbtools.solution_path(assignment, root)).cells if c.cell_type == "code")


def autograde(submissions, out, timeout=60, only=None, jobs=1, memory_mb=2048, max_output_bytes=1_000_000,
              resume=False, scheduler=None, use_sandbox=True, root=nbtools.REPO, log=print):
    """Grade every student folder in ``submissions``; write the files above to ``out``.

    Returns the rows of grades.csv as dicts. With ``resume``, notebooks already graded by an
    earlier, interrupted run (same file contents) are not graded again.
    """
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise SystemExit(f"submissions folder not found: {submissions}")
    if use_sandbox and not scheduler:
        try:
            sandbox.require_bwrap()
        except sandbox.SandboxMissing as error:
            raise SystemExit(str(error))
    if use_sandbox and not scheduler:
        why = sandbox.Cgroup.unavailable()
        if why:
            log(f"note: {why} (docs/GRADING_AT_SCALE.md, the sandbox)")
    if not use_sandbox:
        log("WARNING: --no-sandbox: student code runs with your rights. It can read solutions/ and every "
            "other submission, write anywhere you can, reach the network and leave processes running.")
    known = nbtools.assignments(root)
    students = sorted(p.name for p in submissions.iterdir() if not p.name.startswith(".")
                      and _kind(p) in ("folder", "symbolic link"))
    wanted = only or sorted({a.name for s in students if _kind(submissions / s) == "folder"
                             for a in (submissions / s).iterdir() if a.name in known})
    unknown = [a for a in wanted if a not in known]
    if unknown:
        raise SystemExit(f"unknown assignment(s): {', '.join(unknown)} (known: {', '.join(known)})")
    for problem in layout_problems(submissions, wanted, known):
        log(f"warning: {problem}")
    engine = DaskEngine(scheduler) if scheduler else LocalEngine(jobs)
    try:
        engine.prepare(wanted, count=len(students) * len(wanted))
        return _grade_class(engine, submissions, out, students, wanted, resume, timeout, memory_mb,
                            max_output_bytes, use_sandbox, root, log)
    finally:
        engine.close()


def _grade_class(engine, submissions, out, students, wanted, resume, timeout, memory_mb, max_output_bytes,
                 use_sandbox, root, log):
    out.mkdir(parents=True, exist_ok=True)
    kept = out / ".results"  # one JSON per graded notebook: what --resume starts from
    previous = load_results(kept)
    if kept.exists() and not resume:
        shutil.rmtree(kept)
    max_scores = {a: total_points(a, root) for a in wanted}
    limits = Limits(timeout=timeout, memory_mb=memory_mb, max_output_bytes=max_output_bytes, sandbox=use_sandbox)
    rows, tasks = {}, []
    for student in students:
        for a in wanted:
            notebook, why = find_notebook(submissions / student / a, a)
            if notebook is None:
                rows[student, a] = {"score": 0.0, "status": "missing", "findings": [], "tests": []}
                continue
            data = b""
            if why is None:
                try:
                    data = read_submission(notebook)
                except OSError as error:
                    why = str(error)
            settings = Limits(**{**limits.to_dict(), "wall_seconds": limits.wall(code_cells(a, root))})
            task = make_task(student, a, data, settings, root, invalid=why)
            earlier = previous.get((student, a))
            if resume and earlier and earlier.get("sha256") == task["sha256"]:
                rows[student, a] = earlier
                continue
            task["cost"] = (earlier or {}).get("seconds") or code_cells(a, root)
            tasks.append(task)
    tasks.sort(key=lambda t: -t["cost"])  # the slowest first, so that none is left for the end

    start, done = time.monotonic(), [0]
    left = {s: sum(1 for t in tasks if t["student"] == s) for s in students}
    busy = [s for s in students if left[s]]  # the students with a notebook to grade in this run
    log(plan_line(rows, len(tasks), len(busy), len(students), len(wanted)))

    def on_result(result):
        key = (result["student"], result["assignment"])
        if key in rows:  # a task is never counted twice
            return
        rows[key] = result
        atomic_write(kept / result["student"] / f"{result['assignment']}.json", json.dumps(result))
        done[0] += 1
        left[result["student"]] -= 1
        elapsed = time.monotonic() - start
        finished = sum(1 for s in busy if left[s] == 0)
        log(f"[{finished}/{len(busy)} students, {done[0]}/{len(tasks)} notebooks] {key[0]} {key[1]}: "
            f"{result['score']:g}/{max_scores[key[1]]:g} {result['status']}  "
            f"(elapsed {elapsed:.0f} s, about {elapsed / done[0] * (len(tasks) - done[0]):.0f} s left)")

    if tasks:
        engine.run(tasks, on_result, log)
    return write_outputs(out, students, wanted, rows, max_scores, root)


OUTPUTS = ["grades.csv", "tests.csv", "integrity.csv", "similarity.csv", "report.html", "feedback", ".results"]


def earlier_outputs(out):
    """The files and folders of an earlier run that ``out`` holds (names from OUTPUTS)."""
    out = Path(out)
    return [name for name in OUTPUTS if (out / name).exists()] if out.is_dir() else []


def prepare_out(out, resume=False, force=False, log=print):
    """Make sure ``autograde --out`` loses nothing: an output folder holding an earlier run's
    results is used only with ``resume`` (continue that run) or ``force`` (delete those results,
    old feedback folders included, then grade afresh); otherwise SystemExit says what is there and
    the three ways on. Files that autograde does not write are never touched."""
    out = Path(out)
    if resume and force:
        raise SystemExit("--resume continues the earlier run and --force deletes it: choose one")
    found = earlier_outputs(out)
    if not found or resume:
        return found
    if not force:
        students = sorted(p.name for p in (out / "feedback").iterdir() if p.is_dir()) if (out / "feedback").is_dir() else []
        raise SystemExit(
            f"{out} holds the results of an earlier run ({', '.join(found)}"
            + (f"; feedback for {len(students)} student(s)" if students else "") + "); nothing was graded.\n"
            f"  --resume  continue that run (notebooks already graded with the same contents are kept)\n"
            f"  --force   delete those results, old feedback folders included, and grade afresh\n"
            f"  or choose another --out folder")
    for name in found:
        path = out / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    log(f"--force: deleted the earlier results in {out}: {', '.join(found)}")
    return found


def layout_problems(submissions, wanted, known):
    """What in ``submissions`` is not laid out as <student>/<assignment>/<notebook>.ipynb, one
    sentence each: notebooks outside an assignment folder, folders that are no assignment of the
    course, assignment folders with no notebook or several (these are graded as missing)."""
    submissions = Path(submissions)
    problems = []
    for path in sorted(submissions.glob("*.ipynb")):
        problems.append(f"{path.name}: a notebook directly in the submissions folder; expected "
                        f"<student>/<assignment>/<assignment>.ipynb (not graded)")
    for student in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in sorted(student.iterdir()):
            rel = f"{student.name}/{path.name}"
            if path.name.startswith("."):
                continue
            if path.is_file() and path.suffix == ".ipynb":
                guess = path.stem if path.stem in known else None
                problems.append(f"{rel}: a notebook outside an assignment folder; expected "
                                f"{student.name}/{guess or '<assignment>'}/{guess or '<assignment>'}.ipynb"
                                + (f" ({guess} counts as missing)" if guess in wanted else " (not graded)"))
            elif path.is_dir() and path.name not in known:
                problems.append(f"{rel}/: not an assignment of this course (known: {', '.join(known)}); not graded")
            elif path.is_dir() and path.name in wanted and find_notebook(path, path.name)[0] is None:
                count = len([p for p in path.glob("*.ipynb") if p.is_file()])
                problems.append(f"{rel}/: " + (f"{count} notebooks and none named {path.name}.ipynb" if count
                                               else "no notebook") + "; counts as missing")
    return problems


def plan_line(rows, n_tasks, n_busy, n_students, n_assignments):
    """The line printed before grading: what this run grades and what it does not."""
    missing = sum(1 for r in rows.values() if r["status"] == "missing")
    kept = len(rows) - missing
    return (f"grading {n_tasks} notebook(s) of {n_busy} student(s); {n_students} student(s) x {n_assignments} "
            f"assignment(s): {missing} missing" + (f", {kept} kept from the earlier run" if kept else ""))


def summary_line(table, out):
    """The line printed at the end, counting the rows of grades.csv the same way as the plan line."""
    statuses = Counter(r["status"] for r in table)
    bad = {k: v for k, v in statuses.items() if k != "ok"}
    return (f"{len(table)} row(s) in {Path(out) / 'grades.csv'}: {statuses.get('ok', 0)} ok"
            + "".join(f", {v} {k}" for k, v in sorted(bad.items())) + f"; report: {Path(out) / 'report.html'}")


def load_results(kept):
    results = {}
    for path in Path(kept).glob("*/*.json") if Path(kept).is_dir() else []:
        try:
            r = json.loads(path.read_text(encoding="utf-8"))
            results[r["student"], r["assignment"]] = r
        except (ValueError, KeyError):
            continue
    return results


def write_outputs(out, students, wanted, rows, max_scores, root=nbtools.REPO):
    """grades.csv, tests.csv, integrity.csv, similarity.csv, report.html and feedback/, written once
    every sandbox has ended."""
    from .report import reference_sources, write_reports
    table, findings = [], []
    for s in students:
        for a in wanted:
            r = rows[s, a]
            table.append({"student_id": s, "assignment": a, "score": r["score"], "max_score": max_scores[a],
                          "status": r["status"]})
            findings += [{"student_id": s, "assignment": a, "finding": f} for f in r.get("findings", [])]
            if r.get("status") == "invalid" and r.get("note") and r["note"] not in r.get("findings", []):
                findings.append({"student_id": s, "assignment": a, "finding": f"not graded: {r['note']}"})
            if r.get("feedback_html"):
                atomic_write(out / "feedback" / s / a / f"{a}.html", r["feedback_html"])
    released = {a: nbtools.read(Path(root) / "notebooks" / a / f"{a}.ipynb") for a in wanted}
    results = [{"student": s, "assignment": a, **{k: v for k, v in rows[s, a].items() if k != "feedback_html"},
                "max_score": max_scores[a]} for s in students for a in wanted]
    write_reports(out, results, released, references=reference_sources(Path(root) / "course_lib"))
    write_csv(out / "integrity.csv", ["student_id", "assignment", "finding"], findings)
    write_csv(out / "grades.csv", FIELDS, table)
    return table
