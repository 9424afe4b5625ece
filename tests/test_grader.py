"""The instructor's command line: check, authoring round trip, bundle, and autograde on bad submissions."""
import csv
import subprocess
import sys

import nbformat
import pytest

from conftest import ASSIGNMENTS
from grader import nbtools
from grader.authoring import notebook_to_text, text_to_notebook
from grader.autograde import autograde
from grader.bundle import bundle
from grader import integrity, synthetic
from grader.check import check_all, check_solution


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


@pytest.mark.slow
def test_autograde_a_class_with_every_kind_of_bad_submission(tmp_path):
    """DESIGN/issue 8: every score, status and integrity finding exactly as expected, run completes."""
    a = "01_perceptron"
    perfect = synthetic.perfect(a)
    points = synthetic.test_points(perfect)
    full, first_id, first = sum(p for _, p in points), points[0][0], points[0][1]
    first_exercise = synthetic.exercise_cells(perfect)[0]
    subs = {name: getattr(synthetic, name)(a) for name in [
        "perfect", "blank", "partly_wrong", "looping", "exiting", "memory_bomb", "big_output",
        "edited_test", "deleted_test", "cheating"]}
    root = tmp_path / "submitted"
    for student, nb in subs.items():
        (root / student / a).mkdir(parents=True)
        nbformat.write(nb, str(root / student / a / f"{a}.ipynb"))
    (root / "garbled" / a).mkdir(parents=True)
    (root / "garbled" / a / f"{a}.ipynb").write_text("{ this is not json", encoding="utf-8")
    (root / "absent").mkdir()
    (root / "absent" / "notes.txt").write_text("forgot to submit", encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}

    out = tmp_path / "out"
    rows = autograde(root, out, timeout=10, jobs=2, log=lambda *_: None)
    got = {r["student_id"]: (r["score"], r["status"]) for r in rows}
    assert got == {
        "perfect": (full, "ok"),
        "blank": (0.0, "ok"),
        "partly_wrong": (full - first, "ok"),
        "looping": (full - first, "timeout"),
        "exiting": (full - first, "crashed"),
        "memory_bomb": (full, "memory"),
        "big_output": (full, "output_limit"),
        "edited_test": (0.0, "ok"),      # the edited test cell was restored: `pass` earned nothing
        "deleted_test": (0.0, "ok"),     # the deleted test cell came back and failed
        "cheating": (0.0, "ok"),
        "garbled": (0.0, "invalid"),
        "absent": (0.0, "missing"),
    }
    assert all(r["max_score"] == full for r in rows)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before, "submissions were modified"

    with open(out / "integrity.csv", newline="", encoding="utf-8") as f:
        findings = sorted((r["student_id"], r["finding"]) for r in csv.DictReader(f))
    assert findings == sorted([
        ("edited_test", f"test cell {first_id} was edited (restored for grading)"),
        ("deleted_test", f"test cell {first_id} was deleted (restored for grading)"),
        ("cheating", f"cell {first_exercise}: rebinds np.allclose"),
    ])
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == ["student_id", "assignment", "score", "max_score", "status"]
    assert {r["student_id"]: (float(r["score"]), r["status"]) for r in table} == got

    html = (out / "feedback" / "big_output" / a / f"{a}.html").read_text(encoding="utf-8")
    assert len(html) < 5_000_000 and "output limit reached" in html
    crashed = (out / "feedback" / "exiting" / a / f"{a}.html").read_text(encoding="utf-8")
    assert "the kernel died while running this cell" in crashed
    assert not (out / "feedback" / "garbled").exists()

    # resuming after an interruption grades nothing again and gives the same table
    (out / "grades.csv").unlink()
    calls = []
    again = autograde(root, out, timeout=10, jobs=2, resume=True, log=calls.append)
    assert again == rows and calls == [], "a resumed run should not grade finished notebooks again"


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


def test_shards_split_students_disjointly_and_merge_back(tmp_path):
    from grader.autograde import in_shard, merge, write_csv
    students = [f"student{i}" for i in range(50)]
    groups = [[s for s in students if in_shard(s, (k, 3))] for k in (1, 2, 3)]
    assert sorted(sum(groups, [])) == sorted(students) and all(groups)
    for k, group in enumerate(groups):
        folder = tmp_path / f"shard{k}"
        write_csv(folder / "grades.csv", ["student_id", "assignment", "score", "max_score", "status"],
                  [{"student_id": s, "assignment": "01_perceptron", "score": 1, "max_score": 2, "status": "ok"} for s in group])
        write_csv(folder / "integrity.csv", ["student_id", "assignment", "finding"],
                  [{"student_id": group[0], "assignment": "01_perceptron", "finding": "x"}])
        (folder / "feedback" / group[0]).mkdir(parents=True)
    merged = merge([tmp_path / f"shard{k}" for k in range(3)], tmp_path / "all")
    assert sorted(r["student_id"] for r in merged) == sorted(students)
    assert (tmp_path / "all" / "integrity.csv").read_text().count("\n") == 4
    assert len(list((tmp_path / "all" / "feedback").iterdir())) == 3
    with pytest.raises(SystemExit, match="more than one"):
        merge([tmp_path / "shard0", tmp_path / "shard0"], tmp_path / "again")


@pytest.mark.parametrize("outcomes, expected, calls", [
    (["crashed", "ok"], "ok", 2),            # a kernel that died once for no fault of the student
    (["crashed", "crashed"], "crashed", 2),  # a submission that really kills its kernel
    (["timeout"], "timeout", 1),             # other statuses are final at once
])
def test_a_crashed_notebook_is_graded_once_more(tmp_path, monkeypatch, outcomes, expected, calls):
    from grader import worker
    notebook = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), str(notebook))
    monkeypatch.setattr(worker.nbtools, "read", lambda path: nbformat.v4.new_notebook())
    seen = []

    def fake_run(item, job):
        seen.append(1)
        return {"score": 3.0, "status": outcomes[len(seen) - 1]}

    monkeypatch.setattr(worker, "run_autograde", fake_run)
    item = {"student": "s", "assignment": "a", "notebook": str(notebook), "template": str(tmp_path),
            "max_score": 5.0, "sha256": "x"}
    result = worker.grade_item(item, job={})
    assert (result["status"], len(seen)) == (expected, calls)
