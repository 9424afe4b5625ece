"""Grade one student's notebooks: `python -m grader.worker JOB.json RESULT_DIR`.

The parent (grader/autograde.py) starts one worker process per student, so nbgrader is imported
once per student, a crash costs only that student's run, and students can be graded in parallel.
Each (student, assignment) is graded in a course folder of its own, copied from a template whose
gradebook already knows the assignment; nbgrader's SQLite gradebook is never shared.

JOB.json: {"student": str, "workdir": str, "out": str, "timeout": int,
           "items": [{"assignment": str, "notebook": str, "template": str, "max_score": float}]}
Each graded item is written at once, atomically, as RESULT_DIR/<assignment>.json holding
{"assignment", "score", "max_score", "status"}: a worker that is killed keeps what it finished.
"""
import json
import os
import shutil
import sys
from pathlib import Path

import nbformat

from . import nbtools


def atomic_write(path, data):
    """Write ``data`` (str or bytes) to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


def error_names(nb):
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


def grade_item(item, student, workdir, out, timeout):
    """Grade one submitted notebook in a fresh copy of the template course; return (score, status)."""
    assignment, notebook = item["assignment"], Path(item["notebook"])
    try:
        nbformat.validate(nbformat.reads(notebook.read_text(encoding="utf-8"), as_version=4))
    except Exception:
        return 0.0, "invalid"
    course = Path(workdir) / f"{student}__{assignment}"
    if course.exists():
        shutil.rmtree(course)
    shutil.copytree(item["template"], course)
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True)
    shutil.copy(notebook, target / f"{assignment}.ipynb")

    api = nbtools.api(course, Execute={"timeout": timeout})
    api.autograde(assignment, student, force=True, create=True)
    graded = course / "autograded" / student / assignment / f"{assignment}.ipynb"
    if not graded.exists():  # nbgrader drops the folder when the kernel died
        return 0.0, "crashed"
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dl-fundamentals") as gb:
        score = float(gb.find_submission(assignment, student).score)
    nb = nbtools.read(graded)
    status = "timeout" if "CellTimeoutError" in error_names(nb) else "ok"

    nbformat.write(sanitize_for_feedback(nb), str(graded))
    api.generate_feedback(assignment, student, force=True)
    html = course / "feedback" / student / assignment / f"{assignment}.html"
    if html.exists():
        atomic_write(Path(out) / "feedback" / student / assignment / html.name, html.read_bytes())
    shutil.rmtree(course, ignore_errors=True)
    return score, status


def main(job_path, result_dir):
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    for item in job["items"]:
        score, status = grade_item(item, job["student"], job["workdir"], job["out"], job["timeout"])
        result = {"assignment": item["assignment"], "score": score, "max_score": item["max_score"], "status": status}
        atomic_write(Path(result_dir) / f"{item['assignment']}.json", json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:3])
