"""`python -m grader autograde SUBMISSIONS --out DIR`: grade a class with real nbgrader.

SUBMISSIONS is laid out as ``<student>/<assignment>/<notebook>.ipynb``. Every (student,
assignment) pair is graded by ``nbgrader autograde`` in a temporary course folder of its own, so
a broken, looping or crashing submission costs only its own points, no gradebook is shared, and
nothing is written to the checkout or to SUBMISSIONS. DIR receives:

- ``grades.csv``: student_id, assignment, score, max_score, status
  (ok, timeout, crashed, missing, invalid);
- ``feedback/<student>/<assignment>/<notebook>.html``: nbgrader's feedback with the hidden tests
  and the tracebacks of test cells removed (the error message itself stays).
"""
import csv
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat

from . import nbtools
from .release import generate, make_course

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


def _error_names(nb):
    return {o.get("ename") for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"}


def sanitize_for_feedback(nb):
    """Remove what students must not see from an autograded notebook: hidden tests, and the
    tracebacks of test cells (they quote hidden-test lines). The error's name and message stay."""
    for cell in nb.cells:
        if not nbtools.is_test(cell):
            continue
        cell.source = nbtools.strip_hidden_tests(cell.source)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                out["traceback"] = [f"{out.get('ename')}: {out.get('evalue')}"]
    return nb


def grade_one(template, assignment, student, notebook, out, timeout, workdir):
    """Grade one submitted notebook; return (score, status)."""
    course = Path(workdir) / f"{student}__{assignment}"
    shutil.copytree(template, course)
    try:
        nb_json = json.loads(notebook.read_text(encoding="utf-8"))
        nbformat.validate(nbformat.from_dict(nb_json))
    except Exception:
        return 0.0, "invalid"
    name = f"{assignment}.ipynb"
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True)
    shutil.copy(notebook, target / name)

    n_cells = len(nb_json.get("cells", []))
    wall = max(300, timeout * (n_cells + 5))  # a last resort above nbgrader's per-cell limit
    try:
        nbtools.run_nbgrader(["autograde", assignment, "--student", student, "--force",
                              f"--Execute.timeout={timeout}"], cwd=course, timeout=wall)
    except subprocess.TimeoutExpired:
        return 0.0, "timeout"

    graded = course / "autograded" / student / assignment / name
    if not graded.exists():  # nbgrader drops the folder when the kernel died
        return 0.0, "crashed"
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        score = float(gb.find_submission(assignment, student).score)
    nb = nbtools.read(graded)
    status = "timeout" if "CellTimeoutError" in _error_names(nb) else "ok"

    nbformat.write(sanitize_for_feedback(nb), str(graded))
    proc = nbtools.run_nbgrader(["generate_feedback", assignment, "--student", student, "--force"],
                                cwd=course, timeout=wall)
    html = course / "feedback" / student / assignment / f"{assignment}.html"
    if proc.returncode == 0 and html.exists():
        dest = Path(out) / "feedback" / student / assignment
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(html, dest / html.name)
    return score, status


def find_notebook(folder, assignment):
    """The submitted notebook of an assignment folder: <assignment>.ipynb, else the only .ipynb."""
    exact = folder / f"{assignment}.ipynb"
    if exact.exists():
        return exact
    found = sorted(p for p in folder.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return found[0] if len(found) == 1 else None


def autograde(submissions, out, timeout=60, only=None, root=nbtools.REPO, log=print):
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
        raise SystemExit(f"unknown assignment(s): {', '.join(unknown)}")
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="grader_") as workdir:
        templates = {a: prepare_template(a, workdir, root) for a in wanted}
        for i, student in enumerate(students, start=1):
            for a in wanted:
                course, max_score = templates[a]
                notebook = find_notebook(submissions / student / a, a) if (submissions / student / a).is_dir() else None
                if notebook is None:
                    score, status = 0.0, "missing"
                else:
                    score, status = grade_one(course, a, student, notebook, out, timeout, workdir)
                rows.append({"student_id": student, "assignment": a, "score": score,
                             "max_score": max_score, "status": status})
                log(f"[{i}/{len(students)}] {student} {a}: {score:g}/{max_score:g} {status}")
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return rows
