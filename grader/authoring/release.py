"""`python -m grader release [ASSIGNMENT]`: regenerate notebooks/ from solutions/ with nbgrader."""
import shutil
import tempfile
from pathlib import Path

from .. import nbtools


def make_course(tmp, root=nbtools.REPO, assignments=None):
    """Lay out a throw-away nbgrader course in ``tmp``: the config and the solutions."""
    tmp = Path(tmp)
    shutil.copy(Path(root) / "nbgrader_config.py", tmp / "nbgrader_config.py")
    for a in assignments or nbtools.assignments(root):
        shutil.copytree(Path(root) / "solutions" / a, tmp / "solutions" / a,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return tmp


def generate(course, assignment):
    """Run nbgrader's generate_assignment in the course folder; raise with its log on failure."""
    result = nbtools.api(course).generate_assignment(assignment, force=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n"
                           f"{result.get('log', '')}{result.get('error', '')}")
    return Path(course) / "notebooks" / assignment


def release(assignment=None, root=nbtools.REPO, out=None):
    """Write the student version of one or all assignments to ``out`` (default: root/notebooks).

    Returns the list of folders written. Running it twice gives the same files.
    """
    root = Path(root)
    out = Path(out) if out else root / "notebooks"
    names = [assignment] if assignment else nbtools.assignments(root)
    unknown = [a for a in names if not nbtools.solution_path(a, root).exists()]
    if unknown:
        raise SystemExit(f"no such assignment: {', '.join(unknown)} "
                         f"(known: {', '.join(nbtools.assignments(root))})")
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(tmp, root, names)
        for a in names:
            released = generate(course, a)
            target = out / a
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(released, target)
            written.append(target)
    return written
