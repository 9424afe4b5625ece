"""The instructor's command line: check, authoring round trip, bundle, and autograde on bad submissions."""
import subprocess
import sys

import nbformat
import pytest

from conftest import ASSIGNMENTS
from grader import nbtools
from grader.authoring.text import notebook_to_text, text_to_notebook
from grader.authoring.bundle import bundle
from grader import synthetic
from grader.grading import integrity
from grader.authoring.check import check_all, check_solution


def test_repository_follows_the_conventions():
    assert check_all() == []


def test_cli_check_exits_zero_on_the_repository():
    proc = subprocess.run([sys.executable, "-m", "grader", "check"], capture_output=True, text=True,
                          cwd=nbtools.REPO, env=nbtools.tool_env())
    assert proc.returncode == 0, proc.stdout + proc.stderr


def sample_notebook():
    return text_to_notebook('''# %% [markdown]
# # Title
#
# text
# %% setup
import numpy as np
# %% solution 09_double
def double(x):
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION
# %% test test_09_double points=2
assert double(2) == 4
### BEGIN HIDDEN TESTS
assert double(-1) == -2
### END HIDDEN TESTS
# %%
print(double(3))
''')


def test_check_accepts_a_well_formed_notebook():
    assert check_solution(sample_notebook(), "nb", "09") == []


@pytest.mark.parametrize("damage, expected", [
    (lambda nb: nb.cells[4].update(outputs=[nbformat.v4.new_output("stream", text="6\n")]), "has outputs"),
    (lambda nb: nb.cells[3].metadata.nbgrader.update(grade_id="09_double"), "used 2 times"),
    (lambda nb: nb.cells[3].metadata.nbgrader.update(points=0), "needs points"),
    (lambda nb: nb.cells[3].metadata.nbgrader.update(locked=False), "must be locked"),
    (lambda nb: nb.cells.pop(3), "has no test cell"),
    (lambda nb: nb.cells[2].metadata.nbgrader.update(grade_id="double"), "should start with '09_'"),
    (lambda nb: nb.cells[3].update(source="assert True\n### BEGIN HIDDEN TESTS\n"), "unbalanced"),
])
def test_check_reports_each_broken_convention(damage, expected):
    nb = sample_notebook()
    damage(nb)
    problems = check_solution(nb, "nb", "09")
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_authoring_text_round_trip(assignment):
    nb = nbtools.read(nbtools.solution_path(assignment))
    text = notebook_to_text(nb)
    again = text_to_notebook(text)
    assert [(c.cell_type, c.source, c.metadata.get("nbgrader"), c.metadata.get("tags")) for c in again.cells] == \
           [(c.cell_type, c.source, c.metadata.get("nbgrader"), c.metadata.get("tags")) for c in nb.cells]
    assert notebook_to_text(again) == text


def test_course_config_matches_nbgrader_config_py():
    from traitlets.config.loader import PyFileConfigLoader
    loaded = PyFileConfigLoader("nbgrader_config.py", path=str(nbtools.REPO)).load_config()
    ours = nbtools.course_config("/x")
    for section, key in [("CourseDirectory", "source_directory"), ("CourseDirectory", "release_directory"),
                         ("CourseDirectory", "course_id"), ("ClearSolutions", "code_stub"), ("Execute", "timeout")]:
        assert loaded[section][key] == ours[section][key], (section, key)


def test_bundle_has_no_solutions_and_no_hidden_tests(tmp_path):
    out = bundle(tmp_path / "student")
    assert (out / "notebooks").is_dir() and (out / "course_lib" / "datasets.py").exists()
    assert not (out / "solutions").exists() and not (out / "grader").exists() and not (out / "tests").exists()
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="ignore")
            assert "HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, path
    with pytest.raises(SystemExit):
        bundle(out)  # never overwrites


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_raise_no_integrity_findings(assignment):
    released = nbtools.read(nbtools.REPO / "notebooks" / assignment / f"{assignment}.ipynb")
    names = integrity.graded_names(nbtools.read(nbtools.solution_path(assignment)))
    assert integrity.scan(synthetic.perfect(assignment), released, names) == []


def test_integrity_scan_skips_released_cells_but_not_student_code():
    released = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from course_lib import nn\nnn.predict(p, X)")])
    submitted = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from course_lib import nn\nnn.predict(p, X)"),        # the course's own cell
        nbformat.v4.new_code_cell("from course_lib import nn\ny = nn.predict(p, X2)")])  # the student's
    assert integrity.scan(submitted, released, {"predict"}) == [
        "cell 1: uses nn.predict (a course_lib reference for an exercise)"]


@pytest.mark.parametrize("code, finding", [
    ("np.allclose = lambda *a, **k: True", "rebinds np.allclose"),
    ("import numpy\nnumpy.testing.assert_allclose = print", "rebinds numpy.testing.assert_allclose"),
    ("setattr(np, 'isclose', None)", "calls setattr on np"),
    ("import builtins\nbuiltins.len = lambda x: 0", "rebinds builtins.len"),
    ("from course_lib import checks\nchecks.check_close = print", "rebinds checks.check_close"),
    ("len = lambda x: 3", "rebinds the builtin len"),
    ("def isinstance(a, b):\n    return True", "rebinds the builtin isinstance"),
    ("__builtins__.abs = None", "uses __builtins__"),
    ("from course_lib.nn import predict", "imports predict from course_lib.nn (a reference for an exercise)"),
    ("from course_lib import nn\ny = nn.predict(w, X)", "uses nn.predict (a course_lib reference for an exercise)"),
    ("text = open('/etc/passwd').read()", "reads a file outside its folder: '/etc/passwd'"),
    ("import numpy as np\nX = np.load('../answers.npy')", "reads a file outside its folder: '../answers.npy'"),
])
def test_integrity_scan_flags_tampering(code, finding):
    assert finding in integrity.scan_code(code, graded_names={"predict"})


@pytest.mark.parametrize("code", [
    "import numpy as np\nx = np.zeros(3)\nx[0] = 1",
    "w = w + 1\nresult = {'a': 1}\nresult['a'] = 2",
    "from course_lib import plots\nplots.confusion_matrix(cm)",
    "data = open('notes.txt').read()",
    "class Model:\n    pass\nm = Model()\nm.len = 3",
])
def test_integrity_scan_leaves_ordinary_code_alone(code):
    assert integrity.scan_code(code, graded_names={"predict", "confusion_matrix"}) == []


@pytest.mark.parametrize("outcomes, expected, calls", [
    (["crashed", "ok"], "ok", 2),            # a kernel that died once for no fault of the student
    (["crashed", "crashed"], "crashed", 2),  # a submission that really kills its kernel
    (["timeout"], "timeout", 1),             # other statuses are final at once
])
def test_a_crashed_notebook_is_graded_once_more(monkeypatch, outcomes, expected, calls):
    from grader.grading import task
    seen = []

    def fake_run(course, data, limits, progress=None, **kwargs):
        seen.append(1)
        return {"score": 3.0, "status": outcomes[len(seen) - 1], "tests": [], "feedback_html": None}

    class FakeCourse:
        source_sha256, max_score, names, sandbox_checked, starters, references = "x", 5.0, set(), True, {}, {}
        released = solution = nbformat.v4.new_notebook()
        assignment, root = "a", None

    monkeypatch.setattr(task, "run", fake_run)
    monkeypatch.setattr(task, "course", lambda assignment, root: FakeCourse())
    data = nbformat.writes(nbformat.v4.new_notebook()).encode()
    item = {"student": "s", "assignment": "a", "sha256": "y", "source_sha256": "x", "settings": {"sandbox": False},
            "notebook_b64": __import__("base64").b64encode(data).decode()}
    result = task.grade(item)
    assert (result["status"], len(seen)) == (expected, calls)


@pytest.mark.parametrize("code, finding", [
    ("get_ipython().input_transformers_cleanup.append(f)", "uses get_ipython().input_transformers_cleanup"),
    ("ip = get_ipython()\nip.ast_transformers.append(t)", "uses ip.ast_transformers"),
    ("get_ipython().set_custom_exc((Exception,), h)", "uses get_ipython().set_custom_exc"),
    ("import sys\nsys.settrace(f)", "uses sys.settrace"),
    ("vars(checks).update(check_close=print)", "calls vars(checks).update"),
    ("globals()['checks'] = object()", "writes globals()['checks']"),
])
def test_integrity_scan_flags_hooks_however_spelled(code, finding):
    assert any(f.startswith(finding) for f in integrity.scan_code(code)), integrity.scan_code(code)


def test_the_in_process_alembic_head_is_the_one_alembic_reports():
    """task.py asks alembic's ScriptDirectory instead of starting `alembic heads` (what nbgrader does)."""
    from nbgrader.dbutil import _temp_alembic_ini
    from grader.grading import task
    with _temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
        out = subprocess.run(["alembic", "-c", ini, "heads"], capture_output=True, text=True, check=True,
                             env=nbtools.tool_env()).stdout
    assert task._alembic_head() == out.split("\n")[0].split(" ")[0] != ""


def _exercise_code(nb):
    return {nbtools.nbgrader_meta(c)["grade_id"]: c.source for c in nb.cells if nbtools.is_solution(c)}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solutions_are_not_called_copies_of_course_lib(assignment):
    from grader.references import declared_answers
    released = nbtools.read(nbtools.REPO / "notebooks" / assignment / f"{assignment}.ipynb")
    refs = declared_answers().get(assignment, {})
    found = integrity.copied_references(_exercise_code(synthetic.perfect(assignment)), _exercise_code(released), refs)
    assert found == []


def test_a_pasted_and_renamed_course_lib_reference_is_a_finding():
    """Issue 19: whatever the import, a copy of a reference (variables renamed) is flagged."""
    import re as _re
    from grader.references import declared_answers
    a = "03_sgd_variants"
    refs = declared_answers()[a]
    name = next(n for n in refs if n.endswith(".Adam"))
    renamed = refs[name]
    for old, new in [("theta", "p_"), ("self.lr", "self.step_size"), ("g", "grad_")]:
        renamed = _re.sub(rf"\b{_re.escape(old)}\b", new, renamed)
    released = nbtools.read(nbtools.REPO / "notebooks" / a / f"{a}.ipynb")
    starters = _exercise_code(released)
    gid = next(g for g in starters if "adam" in g)
    found = integrity.copied_references({gid: starters[gid] + "\n" + renamed}, starters, refs)
    assert any(f.startswith(f"exercise {gid}: copies {name}") for f in found), found
