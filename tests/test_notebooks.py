"""Every assignment, end to end: the solution runs without errors or warnings, notebooks/ is what
the release command makes, the student version fails only where students have work to do, and real
nbgrader gives the blank version 0 points and the solution full points, in both editions (English
and the Japanese one made from the catalogs in locale/ja).

Time budgets are not asserted here (a busy machine would fail them): `python -m grader bench
--parts notebooks` measures each solution notebook's kernel CPU and wall seconds against them."""
import ast
import re
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ASSIGNMENTS, FILTERED
from grader import nbtools
from grader.grading.autograde import autograde
from grader.authoring import i18n
from grader.authoring.release import release

def execute(nb, cwd, allow_errors=False):
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()


def outputs(nb, kind):
    return [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == kind]


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_runs_without_errors_or_warnings(assignment, tmp_path):
    nb = nbtools.read(nbtools.solution_path(assignment))
    execute(nb, tmp_path)  # raises CellExecutionError at the first error
    stderr = [(i, o["text"]) for i, o in outputs(nb, "stream") if o.get("name") == "stderr"]
    assert not stderr, f"{assignment} writes to stderr (nbgrader gives such test cells 0 points): {stderr[:3]}"
    assert list(tmp_path.iterdir()) == [], "a solution notebook must not write files into its folder"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_notebooks_folder_equals_release_output(lang, tmp_path):
    folder = nbtools.REPO / "notebooks" / ("" if lang == "en" else lang)
    command = "python -m grader release" + ("" if lang == "en" else f" --lang {lang}")
    for a in ASSIGNMENTS:
        release(a, out=tmp_path, log=lambda *_: None, lang=None if lang == "en" else lang)
        made = nbtools.read(tmp_path / a / f"{a}.ipynb")
        committed_path = folder / a / f"{a}.ipynb"
        assert committed_path.exists(), f"{committed_path} is missing: run {command} {a}"
        committed = nbtools.read(committed_path)
        # language_info.version is the Python that ran the release (JupyterLab writes the kernel's)
        made.metadata.language_info["version"] = committed.metadata.get("language_info", {}).get("version")
        assert committed == made, f"{committed_path} differs from the release output: run {command} {a}"
    if FILTERED:
        return
    extra = {p.name for p in folder.iterdir() if p.is_dir()} - set(ASSIGNMENTS) - {"ja"}
    assert not extra, f"{folder} holds folders with no solution: {sorted(extra)}"


def assigned_names(nb, cell_indices):
    """Top-level names assigned by the given cells."""
    names = set()
    for i in cell_indices:
        try:
            tree = ast.parse(nb.cells[i].source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
    return names


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_version_fails_only_where_work_is_missing(assignment, tmp_path):
    nb = nbtools.read(nbtools.REPO / "notebooks" / assignment / f"{assignment}.ipynb")
    execute(nb, tmp_path, allow_errors=True)
    errors = outputs(nb, "error")
    assert errors, "the blank student version should raise NotImplementedError somewhere"
    failed = {i for i, _ in errors}
    allowed_missing = assigned_names(nb, failed)
    for i, err in errors:
        if err["ename"] == "NotImplementedError":
            continue
        missing = re.match(r"name '(\w+)' is not defined", err["evalue"])
        assert err["ename"] == "NameError" and missing and missing.group(1) in allowed_missing, (
            f"{assignment} student version, cell {i}: {err['ename']}: {err['evalue']} "
            "(only NotImplementedError, or a NameError for a value a failed cell would have made, is allowed)")


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """One real nbgrader run over every assignment: a blank and a solution submission, in English and
    in Japanese (the Japanese solution: the English one with the text of the catalogs)."""
    root = tmp_path_factory.mktemp("roundtrip")
    subs = root / "submitted"
    for a in ASSIGNMENTS:
        for student, src in [("blank", nbtools.REPO / "notebooks" / a), ("solution", nbtools.REPO / "solutions" / a),
                             ("blank-ja", nbtools.REPO / "notebooks" / "ja" / a)]:
            shutil.copytree(src, subs / student / a)
        (subs / "solution-ja" / a).mkdir(parents=True)
        nbformat.write(i18n.translated_solution(a, "ja"), str(subs / "solution-ja" / a / f"{a}.ipynb"))
    rows = autograde(subs, root / "out", timeout=60, jobs=2, log=lambda *_: None)
    return {(r["student_id"], r["assignment"]): r for r in rows}, root / "out"


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["", "-ja"])
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_round_trip(assignment, edition, round_trip):
    rows, out = round_trip
    blank, solution = rows[("blank" + edition, assignment)], rows[("solution" + edition, assignment)]
    expected_max = sum(float(nbtools.nbgrader_meta(c)["points"])
                       for c in nbtools.read(nbtools.solution_path(assignment)).cells if nbtools.is_test(c))
    assert solution["status"] == "ok" and blank["status"] == "ok", (blank, solution)
    assert solution["max_score"] == expected_max > 0
    assert solution["score"] == expected_max, f"the solution scored {solution['score']} of {expected_max}"
    assert blank["score"] == 0, f"the blank student version scored {blank['score']} (should be 0)"
    html = (out / "feedback" / ("solution" + edition) / assignment / f"{assignment}.html").read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in html and "(hidden tests are not shown)" in html
    if edition == "-ja":  # the student reads their feedback in the language they worked in
        assert re.search("[\u3040-\u30ff]", html), "the Japanese notebook's feedback page holds no Japanese"


def hidden_lines():
    """Distinctive lines of every hidden test in solutions/ (long enough not to occur by chance)."""
    lines = set()
    for a in ASSIGNMENTS:
        for cell in nbtools.read(nbtools.solution_path(a)).cells:
            if nbtools.is_test(cell):
                for block in re.findall(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", cell.source, re.S):
                    lines |= {line.strip() for line in block.splitlines() if len(line.strip()) >= 30}
    return lines


def visible_text(path):
    """The text a person sees in a file: for HTML, the text between the tags, unescaped."""
    raw = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix != ".html":
        return raw
    from html.parser import HTMLParser
    parts = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append
    parser.feed(raw)
    return "".join(parts)


@pytest.mark.slow
def test_hidden_tests_never_reach_a_student_visible_file(round_trip, tmp_path):
    from grader.authoring.bundle import bundle
    secret = hidden_lines()
    assert secret, "no hidden tests found at all"
    _, out = round_trip
    files = list((nbtools.REPO / "notebooks").rglob("*.ipynb")) + list((out / "feedback").rglob("*.html"))
    files += [p for p in bundle(tmp_path / "bundle").rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in files)
    for path in files:
        text = visible_text(path)
        leaked = [line for line in secret if line in text]
        assert not leaked, f"{path} shows hidden test lines: {leaked[:3]}"
