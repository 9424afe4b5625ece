"""`python -m grader bench --students N`: how fast the class grader is, and that it agrees with nbgrader.

Builds a synthetic class from the solutions (perfect, partly wrong, blank and broken submissions
in the fixed proportions 2 : 1 : 1 : 1), then grades it three times: `grader autograde --jobs 1`,
`--jobs 2`, and plain sequential `nbgrader autograde` in one course folder. All three must give
identical scores (exit status 1 otherwise). Prints students per minute and the speed-ups.
"""
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from . import nbtools, synthetic
from .autograde import autograde
from .release import make_course

KINDS = ["perfect", "partly_wrong", "perfect", "blank", "broken"]


def broken(assignment, root=nbtools.REPO):
    """Perfect, except that the second exercise cell raises before it defines anything."""
    nb = synthetic.perfect(assignment, root)
    cells = synthetic.exercise_cells(nb)
    return synthetic.with_code_before(nb, cells[min(1, len(cells) - 1)], 'raise RuntimeError("broken on purpose")')


def build_class(folder, assignments, n_students, root=nbtools.REPO):
    """Write ``n_students`` synthetic submissions per assignment; return {student: kind}."""
    kinds = {}
    for i in range(n_students):
        kind = KINDS[i % len(KINDS)]
        student = f"s{i:03d}_{kind}"
        kinds[student] = kind
        for a in assignments:
            nb = broken(a, root) if kind == "broken" else getattr(synthetic, kind)(a, root)
            (folder / student / a).mkdir(parents=True)
            nbformat.write(nb, str(folder / student / a / f"{a}.ipynb"))
    return kinds


def plain_nbgrader(submissions, assignments, workdir, timeout, root=nbtools.REPO):
    """Sequential `nbgrader generate_assignment` + `nbgrader autograde` in one course; {(s, a): score}."""
    course = make_course(workdir, root, assignments)
    shutil.copytree(submissions, course / "submitted")
    scores = {}
    for a in assignments:
        for step in (["generate_assignment", a, "--force"],
                     ["autograde", a, "--force", f"--Execute.timeout={timeout}"]):
            proc = nbtools.run_nbgrader(step, cwd=course)
            if proc.returncode != 0 and step[0] == "generate_assignment":
                raise RuntimeError(proc.stdout + proc.stderr)
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dl-fundamentals") as gb:
        for a in assignments:
            for sub in gb.assignment_submissions(a):
                scores[sub.student.id, a] = float(sub.score)
    return scores


def bench(n_students, assignments=None, timeout=60, root=nbtools.REPO, log=print):
    assignments = assignments or nbtools.assignments(root)[:1]
    with tempfile.TemporaryDirectory(prefix="bench_") as tmp:
        tmp = Path(tmp)
        kinds = build_class(tmp / "class", assignments, n_students, root)
        log(f"synthetic class: {n_students} students x {len(assignments)} notebook(s) "
            f"({', '.join(assignments)}); kinds {dict((k, list(kinds.values()).count(k)) for k in sorted(set(kinds.values())))}")
        runs, scores = {}, {}
        for jobs in (1, 2):
            start = time.perf_counter()
            rows = autograde(tmp / "class", tmp / f"out{jobs}", timeout=timeout, jobs=jobs, root=root,
                             log=lambda *_: None)
            runs[f"grader --jobs {jobs}"] = time.perf_counter() - start
            scores[f"grader --jobs {jobs}"] = {(r["student_id"], r["assignment"]): r["score"] for r in rows}
        start = time.perf_counter()
        (tmp / "plain").mkdir()
        scores["plain nbgrader"] = plain_nbgrader(tmp / "class", assignments, tmp / "plain", timeout, root)
        runs["plain nbgrader"] = time.perf_counter() - start

    reference = scores["grader --jobs 1"]
    agree = all(s == reference for s in scores.values())
    log(f"{'run':<18} {'seconds':>8} {'students/min':>13}")
    for name, seconds in runs.items():
        log(f"{name:<18} {seconds:8.1f} {n_students / seconds * 60:13.1f}")
    log(f"speed-up --jobs 2 over --jobs 1: {runs['grader --jobs 1'] / runs['grader --jobs 2']:.2f}x; "
        f"--jobs 2 over plain nbgrader: {runs['plain nbgrader'] / runs['grader --jobs 2']:.2f}x")
    log("scores identical in all three runs: " + ("yes" if agree else "NO"))
    if not agree:
        for name, s in scores.items():
            diff = {k: (v, reference.get(k)) for k, v in s.items() if reference.get(k) != v}
            if diff:
                log(f"  {name} differs from grader --jobs 1: {diff}")
    return agree, runs


if __name__ == "__main__":
    sys.exit(0 if bench(int(sys.argv[1]))[0] else 1)
