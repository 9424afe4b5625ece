"""`python -m grader selfcheck NOTEBOOK`: grade your own notebook with every test, hidden ones
included, and hear what they say without seeing them.

Prints one line per test cell: its points, passed or failed, and the message the test raised
(which names the mistake); then the total. Never a line of a hidden test and never a traceback:
the messages are the scrubbed ones of the grading task (feedback.py). Exit status 0 at full
marks, 1 otherwise, 2 when the file is not a notebook of this course. The notebook runs in the
sandbox when bubblewrap is installed, else in a plain kernel (it is your own code).
"""
import re
import sys
from pathlib import Path

import nbformat

from .. import nbtools
from . import sandbox
from .limits import Limits
from .task import grade, make_task


def which_assignment(path, nb, root=nbtools.REPO):
    """The assignment a notebook belongs to: from its file name, else from its exercise ids."""
    known = nbtools.assignments(root)
    stem = Path(path).stem
    if stem in known:
        return stem
    prefixes = {m.group(1) for c in nb.cells for m in [re.match(r"(?:test_)?(\d\d)_", str(nbtools.nbgrader_meta(c).get("grade_id", "")))] if m}
    matches = [a for a in known if a[:2] in prefixes]
    return matches[0] if len(matches) == 1 else None


def selfcheck(path, root=nbtools.REPO, out=print, timeout=60):
    path = Path(path)
    try:
        data = path.read_bytes()
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        out(f"{path} is not a readable notebook: {error}")
        return 2
    assignment = which_assignment(path, nb, root)
    if assignment is None or not any(nbtools.nbgrader_meta(c) for c in nb.cells):
        out(f"{path} is not a notebook of this course (its name is not one of "
            f"{', '.join(nbtools.assignments(root))} and it has no nbgrader cells of one)")
        return 2
    try:
        sandbox.require_bwrap()
        sandboxed = True
    except sandbox.SandboxMissing:
        sandboxed = False
    out(f"checking {path} as {assignment}, with all tests{' (in the sandbox)' if sandboxed else ''} ...")
    limits = Limits(timeout=timeout, memory_mb=4096, sandbox=sandboxed)
    limits = Limits(**{**limits.to_dict(), "wall_seconds": limits.wall(sum(1 for c in nb.cells if c.cell_type == "code"))})
    def progress(index, count, grade_id, verdict):
        if grade_id:
            out(f"  cell {index + 1:>3}/{count}  {grade_id}: {verdict}")
    task = make_task("you", assignment, data, limits, root)
    task["selfcheck"] = True  # no integrity findings, no feedback page: only the verdicts
    result = grade(task, root, progress=progress)
    if result["status"] == "invalid":
        out(f"{path} is not a valid notebook (nbformat could not read it)")
        return 2
    width = max([len(t["grade_id"]) for t in result["tests"]] + [10])
    for t in result["tests"]:
        passed = t["score"] >= t["max_score"]
        out(f"{t['grade_id']:<{width}}  {t['score']:g}/{t['max_score']:g}  {'passed' if passed else 'FAILED'}")
        message = t["message"]
        if message.strip().startswith("NotImplementedError") and len(message.strip()) <= len("NotImplementedError:"):
            message = "not done yet: the exercise still raises NotImplementedError"
        if not passed and message:
            for line in message.splitlines()[:8]:
                out(f"{'':<{width}}    {line}")
    extra = "" if result["status"] == "ok" else f" (status: {result['status']})"
    out(f"total: {result['score']:g}/{result['max_score']:g}{extra}")
    return 0 if result["score"] >= result["max_score"] and result["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(selfcheck(sys.argv[1]))
