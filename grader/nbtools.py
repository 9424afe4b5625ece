"""Small helpers shared by the grader commands and the tests: where things are, what a cell is."""
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
HIDDEN_BLOCK = re.compile(r"[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.S)


def assignments(root=REPO):
    """Names of the assignments in ``solutions/``, in course order (``01_perceptron``, ...)."""
    return sorted(p.name for p in (Path(root) / "solutions").iterdir()
                  if p.is_dir() and any(p.glob("*.ipynb")))


def solution_path(assignment, root=REPO):
    """The solution notebook of an assignment: ``solutions/<a>/<a>.ipynb``."""
    return Path(root) / "solutions" / assignment / f"{assignment}.ipynb"


def read(path):
    return nbformat.read(str(path), as_version=4)


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_solution(cell):
    return cell.cell_type == "code" and bool(nbgrader_meta(cell).get("solution"))


def is_test(cell):
    return cell.cell_type == "code" and bool(nbgrader_meta(cell).get("grade"))


def is_setup(cell):
    return cell.cell_type == "code" and "setup" in cell.get("metadata", {}).get("tags", [])


def strip_hidden_tests(source):
    """A test cell's source with every hidden-test block removed."""
    return HIDDEN_BLOCK.sub("# (hidden tests are not shown)\n", source)


def atomic_write(path, data):
    """Write ``data`` (str or bytes) to ``path`` through a temporary file and a rename: a reader
    never sees half a file, and an interrupted run leaves the old file whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


def tool_env():
    """The environment for nbgrader subprocesses: this Python's bin folder first on PATH,
    so that nbgrader finds alembic and jupyter even when the virtual environment is not activated."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    path = env.get("PATH", "")
    if path.split(os.pathsep)[0] != bindir:
        env["PATH"] = bindir + os.pathsep + path
    return env


def course_config(course_root, **settings):
    """nbgrader settings of the course (the same as nbgrader_config.py) for a course folder.

    ``settings`` adds more, e.g. ``{"Execute": {"timeout": 60}}``.
    """
    from traitlets.config import Config
    config = Config()
    config.CourseDirectory.root = str(course_root)
    config.CourseDirectory.course_id = "dl-fundamentals"
    config.CourseDirectory.source_directory = "solutions"
    config.CourseDirectory.release_directory = "notebooks"
    config.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    config.Execute.timeout = 60
    for section, values in settings.items():
        for key, value in values.items():
            config[section][key] = value
    return config


def api(course_root, **settings):
    """An in-process nbgrader API over the course folder ``course_root``.

    nbgrader runs ``alembic`` from PATH: this Python's bin folder goes first on it, so that an
    un-activated virtual environment works too.
    """
    os.environ["PATH"] = tool_env()["PATH"]
    from nbgrader.apps import NbGraderAPI
    return NbGraderAPI(config=course_config(course_root, **settings))


def run_nbgrader(args, cwd, timeout=None):
    """Run ``nbgrader ARGS`` in the course folder ``cwd``; return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=str(cwd), env=tool_env(),
                          capture_output=True, text=True, timeout=timeout)
