"""Grade a batch of submitted notebooks: `python -m grader.worker JOB.json`.

The parent (grader/autograde.py) runs ``--jobs`` workers at a time, each over its own batch, so
nbgrader is imported once per batch and a crash costs only the notebook being graded. Each
(student, assignment) is graded in a course folder of its own, copied from a template whose
gradebook already knows the assignment: nbgrader's SQLite gradebook is never shared.

JOB.json: {"workdir", "out", "results", "timeout", "memory_mb", "max_output_bytes",
           "items": [{"student", "assignment", "notebook", "template", "max_score", "sha256"}]}
Each graded item is written at once, atomically, to RESULTS/<student>/<assignment>.json holding
{"assignment", "score", "max_score", "status", "findings", "sha256"}: a worker that is stopped
keeps what it finished, and a resumed run skips it.
"""
import json
import os
import shutil
import sys
from pathlib import Path

import nbformat

from . import integrity, nbtools
from .execute import KERNEL_DIED, TRUNCATED

# the worst status first: a notebook that hit several limits gets the first that applies
STATUSES = ["crashed", "memory", "timeout", "output_limit", "ok"]


def atomic_write(path, data):
    """Write ``data`` (str or bytes) to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


def status_of(nb):
    """ok, timeout, memory, output_limit or crashed, from the outputs of an autograded notebook."""
    errors, texts = set(), []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                errors.add(out.get("ename"))
            elif out.get("output_type") == "stream":
                texts.append(out.get("text", ""))
    found = {"crashed": KERNEL_DIED in errors, "memory": "MemoryError" in errors,
             "timeout": "CellTimeoutError" in errors, "output_limit": any(TRUNCATED in t for t in texts)}
    return next(s for s in STATUSES if s == "ok" or found[s])


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


def limited_kernel(workdir, memory_mb):
    """Make the kernel spec "python3" start grader.limited_kernel (a memory limit) while grading."""
    spec_dir = Path(workdir) / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [sys.executable, "-m", "grader.limited_kernel", str(memory_mb), "-f", "{connection_file}"],
            "display_name": "Python 3 (grader, memory-limited)", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = str(Path(workdir) / "jupyter") + os.pathsep + os.environ.get("JUPYTER_PATH", "")


def autograde_settings(timeout, max_output_bytes):
    from nbgrader.preprocessors import Execute
    from .execute import GuardedExecute
    from nbgrader.converters.autograde import Autograde
    steps = [GuardedExecute if step is Execute else step for step in Autograde.class_traits()["autograde_preprocessors"].default()]
    return {"Autograde": {"autograde_preprocessors": steps},
            "Execute": {"timeout": timeout},
            "GuardedExecute": {"timeout": timeout, "max_output_bytes": max_output_bytes},
            "OverwriteCells": {"add_missing_cells": True}}


def grade_item(item, job, attempts=2):
    """Grade one submitted notebook in a fresh copy of the template course; return its result dict.

    A notebook whose kernel died is graded once more from scratch before it is called "crashed":
    a kernel can die for reasons that are not the student's (a machine under heavy load), and a
    submission that really crashes its kernel costs only one more run.
    """
    result = {"assignment": item["assignment"], "score": 0.0, "max_score": item["max_score"],
              "status": "invalid", "findings": [], "sha256": item["sha256"]}
    try:
        submitted = nbformat.reads(Path(item["notebook"]).read_text(encoding="utf-8"), as_version=4)
        nbformat.validate(submitted)
    except Exception:
        return result
    template = Path(item["template"])
    assignment = item["assignment"]
    result["findings"] = integrity.scan(
        submitted, nbtools.read(template / "notebooks" / assignment / f"{assignment}.ipynb"),
        integrity.graded_names(nbtools.read(template / "solutions" / assignment / f"{assignment}.ipynb")))
    for _ in range(attempts):
        result.update(run_autograde(item, job))
        if result["status"] != "crashed":
            break
    return result


def run_autograde(item, job):
    """One nbgrader autograde of the item in a fresh course folder: {"score", "status"}; the
    feedback HTML is written to the output folder."""
    student, assignment = item["student"], item["assignment"]
    course = Path(job["workdir"]) / f"{student}__{assignment}"
    if course.exists():
        shutil.rmtree(course)
    shutil.copytree(item["template"], course)
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True)
    shutil.copy(item["notebook"], target / f"{assignment}.ipynb")

    api = nbtools.api(course, **autograde_settings(job["timeout"], job["max_output_bytes"]))
    api.autograde(assignment, student, force=True, create=True)
    graded = course / "autograded" / student / assignment / f"{assignment}.ipynb"
    if not graded.exists():  # nbgrader gave up on the notebook (the kernel died too often)
        shutil.rmtree(course, ignore_errors=True)
        return {"score": 0.0, "status": "crashed"}
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dl-fundamentals") as gb:
        score = float(gb.find_submission(assignment, student).score)
    nb = nbtools.read(graded)
    status = status_of(nb)

    nbformat.write(sanitize_for_feedback(nb), str(graded))
    api.generate_feedback(assignment, student, force=True)
    html = course / "feedback" / student / assignment / f"{assignment}.html"
    if html.exists():
        atomic_write(Path(job["out"]) / "feedback" / student / assignment / html.name, html.read_bytes())
    shutil.rmtree(course, ignore_errors=True)
    return {"score": score, "status": status}


def main(job_path):
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    limited_kernel(Path(job_path).parent, job["memory_mb"])
    for item in job["items"]:
        result = grade_item(item, job)
        atomic_write(result_path(job["results"], item), json.dumps(result))


def result_path(results, item):
    return Path(results) / item["student"] / f"{item['assignment']}.json"


if __name__ == "__main__":
    main(sys.argv[1])
