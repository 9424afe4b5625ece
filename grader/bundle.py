"""`python -m grader bundle OUT_DIR`: the student copy of the course for a graded class.

solutions/ is public for self-learners; a graded class gets this bundle instead: the student
notebooks, course_lib and the set-up files, with no solutions/, grader/ or tests/. The bundle is
checked after it is written: no solution region and no hidden test may appear in any file.
"""
import shutil
from pathlib import Path

from . import nbtools

INCLUDED = ["notebooks", "course_lib", "README.md", "requirements.txt", "pyproject.toml"]
FORBIDDEN = ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "### BEGIN SOLUTION", "### END SOLUTION"]


def leaks(folder):
    """Files under ``folder`` that hold a solution region or a hidden test: list of (path, marker)."""
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="ignore")
            found += [(path, m) for m in FORBIDDEN if m in text]
    return found


def bundle(out_dir, root=nbtools.REPO):
    """Write the student bundle to ``out_dir`` (which must not exist yet); return its path."""
    out_dir, root = Path(out_dir), Path(root)
    if out_dir.exists():
        raise SystemExit(f"{out_dir} exists already; choose a new folder")
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.egg-info")
    out_dir.mkdir(parents=True)
    for name in INCLUDED:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, out_dir / name, ignore=ignore)
        else:
            shutil.copy(src, out_dir / name)
    found = leaks(out_dir)
    if found:
        shutil.rmtree(out_dir)
        listing = "\n".join(f"  {p.relative_to(out_dir)}: {m}" for p, m in found)
        raise SystemExit(f"the bundle would leak solutions or hidden tests; nothing written:\n{listing}")
    return out_dir
