"""`python -m grader release [ASSIGNMENT] [--force]`: regenerate notebooks/ from solutions/ with nbgrader.

Two things beyond nbgrader's generate_assignment:

- Metadata. Each released notebook carries the complete ``kernelspec`` and ``language_info`` that
  JupyterLab writes when it opens a notebook with the course's kernel (ipykernel's own
  ``language_info``, the ``python3`` kernelspec), so that opening and saving a fresh notebook
  leaves no diff and JupyterLab does not mark it as changed. ``language_info.version`` is the
  Python that ran the release (JupyterLab writes the kernel's Python version, and the kernel runs
  in the same environment).
- Never losing a student's work. The README tells self-learners to work in notebooks/, so the
  file release is about to replace may hold their answers. ``notebooks/.release.json`` records a
  fingerprint of each released notebook's cells (types and sources; outputs are not work). A
  notebook whose cells differ both from that record and from the new release is somebody's work:
  release refuses and names it; with ``force=True`` it first copies it to
  ``backups/release-<time>/<assignment>/<file>`` and says so. Files in an assignment folder that
  release does not make are left alone.
"""
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from .. import nbtools

RECORD = ".release.json"  # in the release folder: {"<assignment>/<file>.ipynb": cell fingerprint}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def language_info():
    """What ipykernel reports in its kernel_info reply, which JupyterLab copies into a notebook."""
    from ipykernel.ipkernel import IPythonKernel
    return json.loads(json.dumps(IPythonKernel.language_info))


def complete_metadata(nb):
    """Give a notebook the kernelspec and language_info JupyterLab would write (in place)."""
    nb.metadata["kernelspec"] = nbformat.from_dict(dict(KERNELSPEC))
    nb.metadata["language_info"] = nbformat.from_dict(language_info())
    return nb


def fingerprint(nb):
    """sha256 of a notebook's cells as a person wrote them: cell types and sources, in order."""
    cells = [[c.get("cell_type"), c.get("source") if isinstance(c.get("source"), str) else "".join(c.get("source", []))]
             for c in nb.get("cells", [])]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def make_course(tmp, root=nbtools.REPO, assignments=None, lang=None):
    """Lay out a throw-away nbgrader course in ``tmp``: the config and the solutions, their text in
    ``lang`` when given (from the catalogs in locale/; the code is the same in every language)."""
    tmp = Path(tmp)
    shutil.copy(Path(root) / "nbgrader_config.py", tmp / "nbgrader_config.py")
    for a in assignments or nbtools.assignments(root):
        shutil.copytree(Path(root) / "solutions" / a, tmp / "solutions" / a,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        if lang:
            from .i18n import translated_solution
            nbformat.write(translated_solution(a, lang, root), str(tmp / "solutions" / a / f"{a}.ipynb"))
    return tmp


def generate(course, assignment):
    """Run nbgrader's generate_assignment in the course folder; raise with its log on failure."""
    result = nbtools.api(course).generate_assignment(assignment, force=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n"
                           f"{result.get('log', '')}{result.get('error', '')}")
    return Path(course) / "notebooks" / assignment


def _read_record(out):
    try:
        return json.loads((Path(out) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _fingerprint_file(path):
    try:
        return fingerprint(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None  # unreadable: treated as somebody's work


class WouldLoseWork(SystemExit):
    """release would overwrite notebooks that differ from the last release."""


def release(assignment=None, root=nbtools.REPO, out=None, force=False, log=None, lang=None):
    """Write the student version of one or all assignments to ``out`` (default: root/notebooks, or
    root/notebooks/<lang> for another edition: ``lang="ja"`` for the Japanese one).

    Returns the list of folders written. Running it twice gives the same files. A notebook in
    ``out`` whose cells differ from the last release and from the new one is never overwritten
    silently: without ``force`` nothing is written and WouldLoseWork names it; with ``force`` it is
    copied to root/backups/release-<time>/ first and ``log`` (default print) says where.
    """
    root = Path(root)
    log = log or print
    if lang is not None:
        from .i18n import LANGUAGES
        if lang not in LANGUAGES:
            raise SystemExit(f"no edition in {lang!r} (known: en, {', '.join(LANGUAGES)})")
    out = Path(out) if out else root / "notebooks" / (lang or "")
    names = [assignment] if assignment else nbtools.assignments(root)
    unknown = [a for a in names if not nbtools.solution_path(a, root).exists()]
    if unknown:
        raise SystemExit(f"no such assignment: {', '.join(unknown)} "
                         f"(known: {', '.join(nbtools.assignments(root))})")
    record = _read_record(out)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(tmp, root, names, lang)
        made = {}  # relative path -> (source file, fingerprint)
        for a in names:
            released = generate(course, a)
            for path in sorted(released.rglob("*")):
                if path.suffix == ".ipynb":
                    nb = complete_metadata(nbtools.read(path))
                    nbformat.write(nb, str(path))
                if path.is_file():
                    rel = path.relative_to(released.parent).as_posix()
                    made[rel] = (path, fingerprint(nbtools.read(path)) if path.suffix == ".ipynb" else None)
        at_risk = []
        for rel, (_, new) in made.items():
            target = out / rel
            if new is None or not target.exists():
                continue
            mine = _fingerprint_file(target)
            if mine not in (record.get(rel), new):
                at_risk.append(rel)
        backup = None
        if at_risk and not force:
            listing = "\n".join(f"  {out / rel}" for rel in at_risk)
            raise WouldLoseWork(
                f"release would overwrite {len(at_risk)} notebook(s) that differ from the last release "
                f"(someone's work?):\n{listing}\nNothing was written. Move them elsewhere, or run again with "
                f"--force: each is first copied to {root / 'backups'}/release-<time>/.")
        if at_risk:
            backup = root / "backups" / time.strftime("release-%Y%m%d-%H%M%S")
            for rel in at_risk:
                (backup / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(out / rel, backup / rel)
                log(f"kept your version of {out / rel} as {backup / rel}")
        for rel, (path, new) in made.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            nbtools.atomic_write(out / rel, path.read_bytes())
            if new is not None:
                record[rel] = new
        nbtools.atomic_write(out / RECORD, json.dumps(dict(sorted(record.items())), indent=1) + "\n")
        written = [out / a for a in names]
    return written
