"""Run a notebook's exercise and test cells in this Python process (no kernel, no nbgrader).

Used to check many wrong versions quickly: the namespace is built from the ``setup`` cell and all
exercise cells of the *solution* notebook, so the test code is always exactly what students get.
"""
import contextlib
import importlib.util
import io
import warnings
from functools import lru_cache
from pathlib import Path

from grader import nbtools
from grader.authoring.check import defining_cell

WRONG_DIR = Path(__file__).parent / "wrong_versions"


@lru_cache(maxsize=None)
def cells(assignment):
    """(setup + exercise sources, {test grade_id: source}, notebook) of an assignment."""
    nb = nbtools.read(nbtools.solution_path(assignment))
    code = [c.source for c in nb.cells if nbtools.is_setup(c) or nbtools.is_solution(c)]
    tests = {nbtools.nbgrader_meta(c)["grade_id"]: c.source for c in nb.cells if nbtools.is_test(c)}
    return code, tests, nb


def run_quietly(source, namespace, label):
    """exec ``source`` with stdout captured and every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, f"<{label}>", "exec"), namespace)


def namespace(assignment):
    """A fresh namespace holding the setup cell and every solution function of the assignment."""
    ns = {"__name__": "__main__"}
    code, _, _ = cells(assignment)
    for i, source in enumerate(code):
        run_quietly(source, ns, f"{assignment} cell {i}")
    return ns


def test_cell_for(assignment, name):
    """grade_id of the test cell that checks the exercise defining ``name``."""
    _, _, nb = cells(assignment)
    return "test_" + nbtools.nbgrader_meta(nb.cells[defining_cell(nb, name)])["grade_id"]


def _versions(assignment, name):
    path = WRONG_DIR / f"wv_{assignment}.py"
    if not path.exists():
        return []
    spec = importlib.util.spec_from_file_location(f"wv_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name, [])


def wrong_versions(assignment):
    """The WRONG_VERSIONS list of tests/wrong_versions/wv_<assignment>.py ([] when absent)."""
    return _versions(assignment, "WRONG_VERSIONS")


def correct_versions(assignment):
    """The CORRECT_VERSIONS list (other correct styles that must keep full marks), [] when absent."""
    return _versions(assignment, "CORRECT_VERSIONS")


def run_test_with(assignment, name, source, label="version"):
    """Run the test cell of the exercise defining ``name`` with ``source`` swapped in for it; the
    test cell's exceptions propagate (a wrong version must raise, a correct one must not)."""
    _, tests, _ = cells(assignment)
    ns = namespace(assignment)
    exec(compile(source, f"<{label} {name}>", "exec"), ns)
    test_id = test_cell_for(assignment, name)
    run_quietly(tests[test_id], ns, test_id)
