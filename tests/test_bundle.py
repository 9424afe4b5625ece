"""The student bundle of a graded class (`python -m grader bundle OUT --open NN_name`): course_lib
hands out no answer of an open assignment, keeps the closed ones' references, and every shipped
notebook still runs from the bundle."""
import ast
import json
import os
import re
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ASSIGNMENTS
from grader import nbtools, references
from grader.__main__ import main
from grader.authoring.bundle import bundle, plan
from test_notebooks import assigned_names, outputs

STUB = "is released after"
# course_lib names that equal a graded name but compute something else (checked by reading them)
HOMONYMS = {
    "course_lib.plots.confusion_matrix": "draws a given matrix; 02's confusion_matrix counts one",
    "course_lib.nn.predict": "the MLP's argmax; 01's predict is the perceptron's sign rule",
}


def graded_names(assignment):
    """Top-level def/class names of the solution cells of an assignment."""
    names = set()
    for cell in nbtools.read(nbtools.solution_path(assignment)).cells:
        if nbtools.is_solution(cell):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            names |= {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return names


# Run inside the bundle: import its course_lib (never the checkout's), call every graded name of the
# open assignment that course_lib has and every declared reference of it; report what did not raise the stub.
PROBE = r'''
import importlib, inspect, json, pkgutil, sys
import numpy as np
bundle, names, declared, assignment = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
skip = set(json.loads(sys.argv[5]))   # homonyms, and references of which only branches answer (checked below)
import course_lib
assert course_lib.__file__.startswith(bundle), course_lib.__file__
modules = {m.name: importlib.import_module("course_lib." + m.name) for m in pkgutil.iter_modules(course_lib.__path__)}
problems, checked = [], []

def call(qualname, obj, *args, **kwargs):
    if not args and not kwargs:
        sig = inspect.signature(obj)
        args = [None for p in sig.parameters.values()
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    try:
        result = obj(*args, **kwargs)
        if inspect.isgenerator(result):
            next(result)
    except NotImplementedError as e:
        if "is released after " not in str(e):
            problems.append(f"{qualname}: NotImplementedError without the stub's message: {e}")
        return
    except Exception as e:
        problems.append(f"{qualname} answers {assignment} in the bundle (called, raised {type(e).__name__}: {e})")
        return
    problems.append(f"{qualname} answers {assignment} in the bundle (called, returned normally)")

for module_name, module in modules.items():
    for name in names:
        obj = getattr(module, name, None)
        if f"course_lib.{module_name}.{name}" in skip:
            continue
        if obj is not None and getattr(obj, "__module__", None) == module.__name__:
            checked.append(f"course_lib.{module_name}.{name}")
            call(f"course_lib.{module_name}.{name}", obj)
for qualname in declared:
    _, module_name, name = qualname.split(".")
    if qualname not in checked:
        checked.append(qualname)
        call(qualname, getattr(modules[module_name], name))

nn, rng = modules["nn"], np.random.default_rng(0)
if assignment == "04_initialization":
    for method in ("xavier", "he"):
        call(f"init_mlp(method={method!r})", nn.init_mlp, [3, 4, 2], rng, method=method)
    for method in ("zeros", "normal_0.01"):
        nn.init_mlp([3, 4, 2], rng, method=method)   # still works
    checked.append("init_mlp branches")
if assignment == "05_dropout_early_stopping":
    params = nn.init_mlp([3, 4, 2], rng)
    X, Y = rng.standard_normal((5, 3)), np.eye(2)[[0, 1, 0, 1, 1]]
    call("mlp_forward(dropout=0.5, train=True)", nn.mlp_forward, params, X, dropout=0.5, rng=rng, train=True)
    call("l2_penalty(weight_decay=0.1)", nn.l2_penalty, params, 0.1)
    _, cache = nn.mlp_forward(params, X)                  # without dropout: works
    call("mlp_backward(weight_decay=0.1)", nn.mlp_backward, params, cache, Y, 0.1)
    assert nn.l2_penalty(params, 0.0) == 0.0
    nn.mlp_backward(params, cache, Y)
    checked.append("dropout and L2 branches")
print(json.dumps({"problems": problems, "checked": checked}))
'''


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_bundle_hands_out_no_answer_of_the_open_assignment(assignment, tmp_path):
    out = bundle(tmp_path / "student", open_assignments=[assignment])
    known = nbtools.assignments()
    shipped = known[:known.index(assignment) + 1]
    assert sorted(p.name for p in (out / "notebooks").iterdir() if p.name != "ja") == shipped
    assert sorted(p.name for p in (out / "notebooks" / "ja").iterdir()) == shipped, "the Japanese edition is not shipped"
    assert not (out / "solutions").exists() and not (out / "grader").exists() and not (out / "tests").exists()

    mine = [d for d in references.declarations() if d.assignment == assignment]
    declared = [d for d in mine if not d.parts]
    skip = set(HOMONYMS) | ({d.qualname for d in mine if d.parts} - {d.qualname for d in declared})
    env = dict(os.environ, PYTHONPATH=str(out))
    run = subprocess.run([sys.executable, "-c", PROBE, str(out), json.dumps(sorted(graded_names(assignment))),
                          json.dumps(sorted({d.qualname for d in declared})), assignment, json.dumps(sorted(skip))],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert not report["problems"], "\n".join(report["problems"])
    if declared:
        assert report["checked"], f"no reference of {assignment} was found in the bundle's course_lib"

    # closed assignments keep their references word for word; the open one's are stubs
    in_bundle = {(d.qualname, d.assignment, d.parts): d for d in _bundle_declarations(out)}
    touched = {d.qualname for d in plan([assignment])["withheld"]}
    for d in references.declarations():
        copy = in_bundle[(d.qualname, d.assignment, d.parts)]
        if d.assignment in shipped[:-1] and d.qualname not in touched:
            assert copy.source == d.source, f"{d.label} of the closed {d.assignment} changed in the bundle"
        elif d.assignment == assignment:
            assert copy.source != d.source and STUB in copy.source, f"{d.label} is not a stub in the bundle"


def _bundle_declarations(out):
    found = []
    for path in sorted((out / "course_lib").glob("*.py")):
        found += references.module_declarations(path, check_parts=False)
    return found


def test_declared_answers_are_read_as_data():
    table = references.declared_answers()
    assert set(table) <= set(nbtools.assignments())
    assert table["03_sgd_variants"]["course_lib.optim.Adam"].startswith("class Adam(")
    assert "def init_mlp(" in table["04_initialization"]["course_lib.nn.init_mlp"]
    source = (nbtools.REPO / "grader" / "references.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+course_lib", source, re.M)


def test_answers_returns_the_definition_unchanged():
    from course_lib.answers import answers

    def f(x):
        return x + 1
    assert answers("02_mlp_backprop")(f) is f
    assert answers("04_initialization", part="xavier, he")(f) is f
    with pytest.raises(TypeError):
        answers(2)


def test_withheld_branch_keeps_the_rest_of_the_function():
    text = 'from .answers import answers\n\n\n@answers("04_x", part="b")\ndef f(kind):\n    """doc"""\n' \
           '    if kind == "a":\n        return 1\n    elif kind == "b":\n        return 2  # secret\n    return 3\n'
    decls = references.module_declarations("m.py", text)
    out = references.withhold(text, decls, "m.py")
    assert "secret" not in out and "return 1" in out and "return 3" in out
    namespace = {}
    exec(out.replace("from .answers import answers", "answers = lambda *a, **k: (lambda f: f)"), namespace)
    assert namespace["f"]("a") == 1 and namespace["f"]("c") == 3
    with pytest.raises(NotImplementedError, match="released after 04_x"):
        namespace["f"]("b")


def test_command_without_open_lists_the_choices(tmp_path, capsys):
    assert main(["bundle", str(tmp_path / "b")]) != 0
    err = capsys.readouterr().err
    assert "--open" in err and all(a in err for a in nbtools.assignments())
    assert not (tmp_path / "b").exists()


def test_later_assignments_are_withheld_unless_a_shipped_notebook_names_them():
    p = plan(["02"])
    withheld = {d.qualname for d in p["withheld"]}
    assert "course_lib.metric.triplet_loss_and_grads" in withheld and "course_lib.optim.Adam" in withheld
    assert "course_lib.nn.softmax" in withheld                       # 02 is open
    assert all(d.assignment != "01_perceptron" for d in p["withheld"])  # 01 is closed


def run_blank_from_bundle(out, assignment):
    """Execute the bundle's blank notebook of ``assignment`` (kernel folder inside the bundle, the bundle
    first on PYTHONPATH) and check the test_notebooks rule: only NotImplementedError, or a NameError for a
    name that a failed cell would have defined. Returns the stub messages that cells ran into."""
    folder = out / "notebooks" / assignment
    nb = nbtools.read(folder / f"{assignment}.ipynb")
    nb.cells.insert(0, nbformat.v4.new_code_cell("import course_lib\nprint(course_lib.__file__)"))
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(folder)}})
    client.execute(env=dict(os.environ, PYTHONPATH=str(out)))
    first = [o for o in nb.cells[0].get("outputs", []) if o.get("output_type") == "stream"]
    assert first and first[0]["text"].strip().startswith(str(out)), f"the kernel imported {first} instead of the bundle's"
    errors = outputs(nb, "error")
    allowed_missing = assigned_names(nb, {i for i, _ in errors})
    for i, err in errors:
        if err["ename"] == "NotImplementedError":
            continue
        missing = re.match(r"name '(\w+)' is not defined", err["evalue"])
        assert err["ename"] == "NameError" and missing and missing.group(1) in allowed_missing, (
            f"{assignment} from the bundle, cell {i - 1}: {err['ename']}: {err['evalue']}")
    return sorted({err["evalue"].split(";")[0] for _, err in errors if STUB in err["evalue"]})


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_open_notebook_runs_from_its_bundle(assignment, tmp_path):
    """The notebook students work on, from the bundle in which it is open (closed references of the
    notebooks before it, its own withheld)."""
    hits = run_blank_from_bundle(bundle(tmp_path / "student", open_assignments=[assignment]), assignment)
    if hits:  # a cell that needs a withheld reference: a student who did the work would stop there too
        print(f"{assignment} (open): cells reach withheld references: {hits}")


@pytest.mark.slow
@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if a != nbtools.assignments()[-1]])
def test_closed_notebook_runs_from_the_next_bundle(assignment, tmp_path):
    """A graded notebook, run again from the next assignment's bundle (its own references back, the next
    assignment's withheld): the case where an earlier notebook leans on a later assignment's answer."""
    known = nbtools.assignments()
    following = known[known.index(assignment) + 1]
    hits = run_blank_from_bundle(bundle(tmp_path / "student", open_assignments=[following]), assignment)
    if hits:
        print(f"{assignment} (closed, {following} open): cells reach withheld references: {hits}")

def test_plan_and_warnings_on_a_small_course(tmp_path):
    """A two-assignment course: a later assignment's branch stays only when a shipped notebook
    selects it, and cells that would run a withheld reference are named."""
    lib = tmp_path / "course_lib"
    lib.mkdir()
    (lib / "answers.py").write_text("def answers(a, part=None):\n    return lambda f: f\n")
    for name in ("README.md", "requirements.txt", "pyproject.toml"):
        (tmp_path / name).write_text("x\n")
    (lib / "m.py").write_text(
        'from .answers import answers\n\n\n@answers("01_a")\ndef square(x):\n    return x * x\n\n\n'
        'def twice_square(x):\n    return 2 * square(x)\n\n\n'
        '@answers("02_b", part="fast")\ndef scale(x, kind="slow"):\n    if kind == "fast":\n        return 3 * x\n'
        '    return x + x + x\n')
    for a, code in [("01_a", "from course_lib import m\nm.twice_square(2)\nm.scale(1, kind='fast')"),
                    ("02_b", "from course_lib import m\nm.scale(1)")]:
        for folder in ("solutions", "notebooks"):
            (tmp_path / folder / a).mkdir(parents=True)
            nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]),
                           str(tmp_path / folder / a / f"{a}.ipynb"))
    from grader.authoring.bundle import conflicts
    p = plan(["01"], root=tmp_path)
    assert [d.label for d in p["withheld"]] == ["course_lib.m.square"]
    assert [d.label for d in p["kept_later"]] == ["course_lib.m.scale [fast]"]  # 01's cell selects kind='fast'
    warnings = conflicts(p, root=tmp_path)
    assert any("calls course_lib.m.twice_square, which may run the withheld course_lib.m.square" in w for w in warnings)
    p = plan(["02"], root=tmp_path)
    assert [d.label for d in p["withheld"]] == ["course_lib.m.scale [fast]"]
    assert any("calls course_lib.m.scale [fast]" in w for w in conflicts(p, root=tmp_path))
    out = bundle(tmp_path / "out", root=tmp_path, open_assignments=["02_b"])
    text = (out / "course_lib" / "m.py").read_text()
    assert "3 * x" not in text and "x + x + x" in text and "return x * x" in text


def test_a_withheld_function_calls_the_notebooks_own_answer(tmp_path):
    """In a bundle, course_lib's withheld numerical_gradient is the student's own, once written."""
    import subprocess
    import sys
    from grader.authoring.bundle import bundle
    out = bundle(tmp_path / "b", open_assignments=["02_mlp_backprop"])
    code = ("import numpy as np\n"
            "from course_lib import gradcheck\n"
            "try:\n    gradcheck.numerical_gradient(lambda x: float(x @ x), np.ones(2))\n"
            "except NotImplementedError as e:\n    print('stub:', e)\n"
            "def numerical_gradient(f, x, h=1e-5):\n    return 2 * x\n"
            "print('own:', gradcheck.numerical_gradient(lambda x: float(x @ x), np.ones(2)))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=out,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(out)})
    assert "stub: course_lib.gradcheck.numerical_gradient is released after 02_mlp_backprop" in proc.stdout, proc
    assert "own: [2. 2.]" in proc.stdout, proc


# ---------------------------------------------------------------------------- a student's README, requirements, JupyterLab

@pytest.fixture(scope="module")
def bundle_03(tmp_path_factory):
    return bundle(tmp_path_factory.mktemp("b") / "bundle", open_assignments=["03_sgd_variants"])


def test_bundle_readme_is_a_students(bundle_03):
    text = (bundle_03 / "README.md").read_text(encoding="utf-8")
    assert text != (nbtools.REPO / "README.md").read_text(encoding="utf-8")
    for word in ("solutions/", "python -m grader", "selfcheck", "autograde", "pytest", "scripts/test.sh",
                 "instructor section", "For instructors", "hidden test", "grading", "grade"):
        assert word.lower() not in text.lower(), f"the student README mentions {word!r}"
    # how to start and how to check
    assert "pip install -r requirements.txt" in text and "JUPYTER_CONFIG_PATH=$PWD/jupyter_config" in text
    assert "Restart Kernel and Run All Cells" in text and "Validate" in text and "fonts-noto-cjk" in text
    # every notebook it names is shipped, and every shipped one is named
    linked = re.findall(r"\]\(([^)]+)\)", text)
    assert linked and all((bundle_03 / link).is_file() for link in linked), linked
    shipped = sorted(p.relative_to(bundle_03).as_posix() for p in (bundle_03 / "notebooks").rglob("*.ipynb"))
    assert sorted(linked) == shipped
    for path in re.findall(r"`([\w./-]+/)`", text):  # folders it tells the student about exist
        assert (bundle_03 / path).is_dir() or path.startswith(".venv"), path


def test_bundle_requirements_are_for_students_only(bundle_03):
    lines = [l.strip() for l in (bundle_03 / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")]
    names = {re.split(r"[\[<>=!~ ]", l)[0].lower() for l in lines}
    assert not names & {"playwright", "dask", "copydetect", "pytest", "jupyter-server-mathjax", "sphinx", "myst-nb"}, names
    assert "jupyterlab-language-pack-ja-jp" in names, "the Japanese edition's students lose JupyterLab in Japanese"
    assert {"jupyterlab", "nbgrader", "numpy", "matplotlib", "ipykernel", "scikit-learn", "-e"} <= names, names
    repo = (nbtools.REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert all(l in repo for l in lines), "a student pin differs from the course's"


def test_bundle_turns_off_nbgrader_instructor_tools(bundle_03):
    shipped = bundle_03 / "jupyter_config"
    page = json.loads((shipped / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    for plugin in ("menu", "formgrader", "assignment-list", "course-list", "create-assignment"):
        assert page["disabledExtensions"].get(f"@jupyter/nbgrader:{plugin}") is True, plugin
    assert "@jupyter/nbgrader:validate-assignment" not in page["disabledExtensions"]
    server = json.loads((shipped / "jupyter_server_config.json").read_text(encoding="utf-8"))
    ext = server["ServerApp"]["jpserver_extensions"]
    assert all(ext[f"nbgrader.server_extensions.{e}"] is False for e in ("formgrader", "assignment_list", "course_list"))
    # the same files the course's JupyterLab test (tests/test_release.py) runs in Chromium
    for path in shipped.rglob("*.json"):
        assert path.read_bytes() == (nbtools.REPO / "jupyter_config" / path.relative_to(shipped)).read_bytes()
