"""`python -m grader bench`: how fast the class grader is, what the sandbox costs, and that the
scores are nbgrader's.

Four parts, each printed as a table (``--parts`` chooses; all four by default):

- ``notebooks``: each solution notebook run top to bottom in a fresh kernel (nbclient, one BLAS
  thread), as the test suite runs it: the kernel's CPU seconds (user + system, its start
  included) and the wall seconds, against the budget of DESIGN.md (10 s of kernel CPU per
  notebook, 60 s for the series). CPU is the figure to judge by: wall time grows with whatever
  else the machine runs. These budgets are measured here, not asserted in the test suite.
- ``overhead``: a class of ``--students`` perfect submissions of each ``--assignment``. The bare
  execution of every notebook (nbclient, a fresh kernel each time, no sandbox, one BLAS thread)
  against ``autograde --jobs 1`` with the sandbox and with ``--no-sandbox``: seconds per notebook
  per core and their ratios; then plain sequential ``nbgrader autograde`` in one course, whose
  scores must equal the grader's.
- ``queue``: ten notebook-01 submissions, one of which loops until its 30 s cell limit:
  ``--jobs 1`` against ``--jobs 2``.
- ``dask``: the same class on the local pool (``--jobs 2``) and on a 2-worker Dask cluster on
  loopback: the ratio of their times, and that their grades agree.
- ``book`` (only when asked for): the book in both languages built from a copy of the course, cold
  (no executed notebook cached), into a new folder with the executions cached, again with nothing
  changed, and after one sentence of one notebook changed.

Exit status 1 when scores disagree anywhere or a notebook is over its CPU budget.
"""
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from . import nbtools, synthetic
from .authoring.release import make_course

PARTS = ("notebooks", "overhead", "queue", "dask", "book")
NOTEBOOK_CPU_BUDGET = 10.0  # seconds of kernel CPU per solution notebook (DESIGN.md §6)
SERIES_CPU_BUDGET = 60.0


def run_timed(nb, workdir, timeout=120):
    """Execute ``nb`` in a fresh python3 kernel; (kernel CPU seconds, wall seconds, errors).

    CPU is the kernel process's user + system time and its children's, read just before the
    kernel is shut down (kernel start included); wall runs from the kernel's start to the last cell."""
    import os
    import psutil
    from nbclient import NotebookClient
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(workdir)}})
    start = time.perf_counter()
    with client.setup_kernel():
        process = psutil.Process(client.km.provisioner.pid)
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        wall = time.perf_counter() - start
        t = process.cpu_times()
        cpu = t.user + t.system + t.children_user + t.children_system
    errors = [f"cell {i}: {o.get('ename')}" for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    return cpu, wall, errors


def notebooks(tmp, assignments, root, log, budget=NOTEBOOK_CPU_BUDGET):
    """The ``notebooks`` part: one row per solution notebook; True when every one is within budget."""
    rows = {}
    log(f"notebooks: each solution notebook in a fresh kernel; budget {budget:g} s of kernel CPU each, "
        f"{SERIES_CPU_BUDGET:g} s for the series")
    log(f"  {'notebook':<28} {'CPU s':>7} {'wall s':>7} {'budget':>7}  verdict")
    for a in assignments:
        work = tmp / f"nb_{a}"
        work.mkdir()
        cpu, wall, errors = run_timed(nbtools.read(nbtools.solution_path(a, root)), work)
        verdict = "ERRORS " + ", ".join(errors[:3]) if errors else ("ok" if cpu <= budget else "OVER BUDGET")
        rows[a] = {"cpu": cpu, "wall": wall, "errors": errors, "within": cpu <= budget and not errors}
        log(f"  {a:<28} {cpu:7.1f} {wall:7.1f} {budget:7.1f}  {verdict}")
    total_cpu = sum(r["cpu"] for r in rows.values())
    total_wall = sum(r["wall"] for r in rows.values())
    series = set(rows) == set(nbtools.assignments(root))
    if series:
        log(f"  {'the series':<28} {total_cpu:7.1f} {total_wall:7.1f} {SERIES_CPU_BUDGET:7.1f}  "
            f"{'ok' if total_cpu <= SERIES_CPU_BUDGET else 'OVER BUDGET'}")
    within = all(r["within"] for r in rows.values()) and (not series or total_cpu <= SERIES_CPU_BUDGET)
    return within, rows


def write_class(folder, notebooks):
    """notebooks: {(student, assignment): nb}; written as folder/student/assignment/assignment.ipynb."""
    for (student, a), nb in notebooks.items():
        (folder / student / a).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(folder / student / a / f"{a}.ipynb"))
    return folder


def bare_seconds(notebooks, workdir):
    """Seconds to execute each notebook with nbclient as a student's Restart & Run All would."""
    import os
    from nbclient import NotebookClient
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    total = 0.0
    for nb in notebooks:
        start = time.perf_counter()
        NotebookClient(nbformat.from_dict(nb), timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(workdir)}}).execute()
        total += time.perf_counter() - start
    return total


def plain_nbgrader(submissions, assignments, workdir, timeout, root=nbtools.REPO):
    """Sequential `nbgrader generate_assignment` + `nbgrader autograde` in one course; {(s, a): score}."""
    course = make_course(workdir, root, assignments)
    shutil.copytree(submissions, course / "submitted")
    for a in assignments:
        for step in (["generate_assignment", a, "--force"],
                     ["autograde", a, "--force", f"--Execute.timeout={timeout}"]):
            proc = nbtools.run_nbgrader(step, cwd=course)
            if proc.returncode != 0 and step[0] == "generate_assignment":
                raise RuntimeError(proc.stdout + proc.stderr)
    from nbgrader.api import Gradebook
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dl-fundamentals") as gb:
        for a in assignments:
            for sub in gb.assignment_submissions(a):
                scores[sub.student.id, a] = float(sub.score)
    return scores


def timed_autograde(submissions, out, **kwargs):
    from .grading.autograde import autograde
    start = time.perf_counter()
    rows = autograde(submissions, out, log=lambda *_: None, **kwargs)
    return time.perf_counter() - start, {(r["student_id"], r["assignment"]): (r["score"], r["status"]) for r in rows}


def judge_seconds(out):
    """Seconds the judge spent in the test cells of a graded class (from its kept results)."""
    import json
    return sum(json.loads(p.read_text()).get("judge_seconds") or 0.0 for p in (Path(out) / ".results").glob("*/*.json"))


def overhead(tmp, n_students, assignments, root, log):
    """Bare execution against grading; the judge's share; a run's fixed cost and each notebook's
    marginal cost (a one-notebook class against the whole class); selfcheck against bare."""
    from .grading import sandbox
    notebooks = {(f"s{i:02d}", a): synthetic.perfect(a, root) for i in range(n_students) for a in assignments}
    folder = write_class(tmp / "class", notebooks)
    one = write_class(tmp / "one", {next(iter(notebooks)): next(iter(notebooks.values()))})
    n = len(notebooks)
    (tmp / "bare").mkdir()
    bare = bare_seconds(list(notebooks.values()), tmp / "bare") / n
    timed_autograde(one, tmp / "warm", jobs=1, timeout=60, root=root)  # caches made once per machine
    single, _ = timed_autograde(one, tmp / "out_one", jobs=1, timeout=60, root=root)
    sandboxed, scores = timed_autograde(folder, tmp / "out_sandbox", jobs=1, timeout=60, root=root)
    judged = judge_seconds(tmp / "out_sandbox")
    plain_run, plain_scores = timed_autograde(folder, tmp / "out_plain", jobs=1, timeout=60, root=root,
                                              use_sandbox=False)
    (tmp / "nbgrader").mkdir()
    start = time.perf_counter()
    reference = plain_nbgrader(folder, assignments, tmp / "nbgrader", 60, root)
    nbgrader_seconds = time.perf_counter() - start
    agree = {k: v[0] for k, v in scores.items()} == reference == {k: v[0] for k, v in plain_scores.items()}
    marginal = (sandboxed - single) / (n - 1) if n > 1 else float("nan")
    fixed = single - marginal
    first = next(iter(notebooks))
    check_path = one / first[0] / first[1] / f"{first[1]}.ipynb"
    import subprocess
    start = time.perf_counter()  # as a student runs it: a new process
    subprocess.run([sys.executable, "-m", "grader", "selfcheck", str(check_path)], cwd=str(root),
                   env=nbtools.tool_env(), capture_output=True)
    selfchecked = time.perf_counter() - start
    bare_one = bare_seconds([notebooks[first]], tmp / "bare")
    log(f"overhead: {n_students} perfect students x {len(assignments)} notebook(s) ({', '.join(assignments)}), "
        f"{n} notebooks, one core")
    log(f"  {'run':<52} {'s/notebook':>10} {'x bare':>7}")
    for name, seconds in [("bare execution (nbclient, fresh kernel)", bare * n),
                          ("grader autograde --jobs 1 (sandbox and judge)", sandboxed),
                          ("grader autograde --jobs 1 --no-sandbox", plain_run),
                          ("plain nbgrader autograde (one course)", nbgrader_seconds)]:
        log(f"  {name:<52} {seconds / n:10.2f} {seconds / n / bare:7.2f}")
    log(f"  the judge's share of grading: {judged:.2f} s of {sandboxed:.2f} s ({100 * judged / sandboxed:.1f} %)")
    log(f"  a run's cost: fixed {fixed:.2f} s + {marginal:.2f} s per notebook ({marginal / bare:.2f}x bare) "
        f"(one notebook: {single:.2f} s; {n}: {sandboxed:.2f} s)")
    log(f"  selfcheck of one notebook: {selfchecked:.2f} s against {bare_one:.2f} s bare ({selfchecked / bare_one:.2f}x)")
    log(f"  sandbox cost: {100 * (sandboxed / plain_run - 1):+.1f} % over --no-sandbox")
    why = sandbox.Cgroup.unavailable()
    log(f"  control groups: {'yes (memory and processes bound per sandbox)' if not why else why}")
    log(f"  scores identical to plain nbgrader: {'yes' if agree else 'NO'}")
    return agree, {"bare": bare, "graded": sandboxed / n, "no_sandbox": plain_run / n,
                   "nbgrader": nbgrader_seconds / n, "judge_share": judged / sandboxed, "fixed": fixed,
                   "marginal": marginal, "selfcheck": selfchecked, "bare_one": bare_one}


def looping_class(tmp, root, n=10):
    a = "01_perceptron"
    notebooks = {(f"s{i:02d}", a): synthetic.perfect(a, root) for i in range(n - 1)}
    notebooks[("s99_looping", a)] = synthetic.looping(a, root)
    return write_class(tmp / "looping_class", notebooks)


def queue(tmp, root, log):
    folder = looping_class(tmp, root)
    one, s1 = timed_autograde(folder, tmp / "q1", jobs=1, timeout=30, root=root)
    two, s2 = timed_autograde(folder, tmp / "q2", jobs=2, timeout=30, root=root)
    # graded again into the same folder (no --resume): each notebook's cost is known from the
    # first run, so the looping one starts first instead of wherever it falls in the queue
    known, s3 = timed_autograde(folder, tmp / "q2", jobs=2, timeout=30, root=root)
    log("queue: ten notebook-01 submissions, one looping until its 30 s cell limit (graded last in name order)")
    log(f"  --jobs 1 {one:7.1f} s   --jobs 2 {two:7.1f} s (costs unknown)  speed-up {one / two:.2f}x")
    log(f"  --jobs 2 {known:7.1f} s (costs known from that run)  speed-up {one / known:.2f}x")
    return s1 == s2 == s3, {"jobs1": one, "jobs2": two, "jobs2_known": known}


def dask(tmp, root, log):
    from .grading.cluster import loopback_cluster
    folder = tmp / "looping_class" if (tmp / "looping_class").exists() else looping_class(tmp, root)
    local, s_local = timed_autograde(folder, tmp / "d_local", jobs=2, timeout=30, root=root)
    with loopback_cluster(2) as cluster:
        remote, s_dask = timed_autograde(folder, tmp / "d_dask", scheduler=cluster["address"], timeout=30, root=root)
    log("dask: the same class, local pool --jobs 2 against a 2-worker Dask cluster on loopback")
    log(f"  local {local:7.1f} s   dask {remote:7.1f} s   dask / local {remote / local:.2f}")
    log(f"  grades identical: {'yes' if s_local == s_dask else 'NO'}")
    return s_local == s_dask, {"local": local, "dask": remote}


def book_build(tmp, root, log):
    from .authoring import book
    course = tmp / "course"
    for folder in ["solutions", "locale", "book", "notebooks", "course_lib"]:
        shutil.copytree(Path(root) / folder, course / folder, ignore=shutil.ignore_patterns("__pycache__"))
    quiet = lambda *_: None  # noqa: E731
    saved, book.CACHE = book.CACHE, tmp / "book-cache"
    try:
        cold = book.build_book(tmp / "b1", course, log=quiet)
        fresh = book.build_book(tmp / "b2", course, log=quiet)
        same = book.build_book(tmp / "b2", course, log=quiet)
        a = nbtools.assignments(course)[1]
        nb = nbtools.read(nbtools.solution_path(a, course))
        next(c for c in nb.cells if c.cell_type == "markdown").source += "\n\nOne more sentence."
        nbformat.write(nb, str(nbtools.solution_path(a, course)))
        text = book.build_book(tmp / "b2", course, log=quiet)
    finally:
        book.CACHE = saved
    log("book: both languages, six notebooks (python -m grader site)")
    log(f"  cold (notebooks executed)              {cold:6.1f} s")
    log(f"  new folder, executions cached          {fresh:6.1f} s")
    log(f"  rebuild, nothing changed               {same:6.1f} s")
    log(f"  rebuild after a sentence of {a[:2]} changed  {text:6.1f} s")
    return True, {"cold": cold, "fresh_cached": fresh, "unchanged": same, "text_change": text}


def bench(n_students=6, assignments=None, parts=PARTS, root=nbtools.REPO, log=print):
    """Run the chosen parts; (everything agrees and is within budget, {part: figures}).
    ``assignments``: the notebooks of the overhead class (default: the first) and of the
    notebooks part (default: all)."""
    timed = assignments or nbtools.assignments(root)
    assignments = assignments or nbtools.assignments(root)[:1]
    agree, figures = True, {}
    with tempfile.TemporaryDirectory(prefix="bench_") as tmp:
        tmp = Path(tmp)
        if "notebooks" in parts:
            ok, figures["notebooks"] = notebooks(tmp, timed, root, log)
            agree &= ok
        if "overhead" in parts:
            ok, figures["overhead"] = overhead(tmp, n_students, assignments, root, log)
            agree &= ok
        if "queue" in parts:
            ok, figures["queue"] = queue(tmp, root, log)
            agree &= ok
        if "dask" in parts:
            ok, figures["dask"] = dask(tmp, root, log)
            agree &= ok
        if "book" in parts:
            ok, figures["book"] = book_build(tmp, root, log)
            agree &= ok
    return agree, figures


if __name__ == "__main__":
    sys.exit(0 if bench()[0] else 1)
