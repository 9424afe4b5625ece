"""`python -m grader selfcheck`: a learner's own notebook graded with every test, the hidden ones
never shown."""
import re
import subprocess
import sys

import nbformat
import pytest

from grader import nbtools, synthetic

A = "01_perceptron"
pytestmark = pytest.mark.slow


def run(path):
    proc = subprocess.run([sys.executable, "-m", "grader", "selfcheck", str(path)], capture_output=True, text=True,
                          cwd=nbtools.REPO, env=nbtools.tool_env(), timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def hidden_lines():
    lines = set()
    for cell in nbtools.read(nbtools.solution_path(A)).cells:
        for block in re.findall(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", cell.source, re.S):
            lines |= {ln.strip() for ln in block.splitlines() if len(ln.strip()) >= 20}
    return lines


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("selfcheck")
    wrong = synthetic.perfect(A)
    cell = wrong.cells[synthetic.exercise_cells(wrong)[0]]
    assert "> 0" in cell.source
    cell.source = cell.source.replace("> 0", ">= 0")  # the tie rule broken: a score of 0 gives +1
    from grader.authoring import i18n
    notebooks = {"blank": synthetic.blank(A), "perfect": synthetic.perfect(A), "wrong_predict": wrong,
                 "blank_ja": nbtools.read(nbtools.REPO / "notebooks" / "ja" / A / f"{A}.ipynb"),
                 "perfect_ja": i18n.translated_solution(A, "ja")}
    results = {}
    for name, nb in notebooks.items():
        path = tmp / name / f"{A}.ipynb"
        path.parent.mkdir()
        nbformat.write(nb, str(path))
        results[name] = run(path)
    junk = tmp / "notes.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), str(junk))
    results["not_a_course_notebook"] = run(junk)
    (tmp / "broken.ipynb").write_text("{ not json", encoding="utf-8")
    results["unreadable"] = run(tmp / "broken.ipynb")
    return results


def test_blank_exits_1_and_names_every_exercise(outputs):
    code, text = outputs["blank"]
    assert code == 1, text
    ids = [g for g, _ in synthetic.test_points(synthetic.perfect(A))]
    for gid in ids:
        assert re.search(rf"^{gid}\s+0/\S+\s+FAILED", text, re.M), f"{gid} not reported as failed:\n{text}"
    assert "NotImplementedError" in text and re.search(r"^total: 0/", text, re.M)


def test_perfect_exits_0(outputs):
    code, text = outputs["perfect"]
    assert code == 0, text
    assert "FAILED" not in text and re.search(r"^total: (\S+)/\1$", text, re.M), text


def test_the_japanese_edition_is_graded_as_the_english_one(outputs):
    for edition in ["blank", "perfect"]:
        code, text = outputs[f"{edition}_ja"]
        assert code == outputs[edition][0], text
        verdicts = lambda t: re.findall(r"^(test_\S+)\s+(\S+)\s+(passed|FAILED)", t, re.M)  # noqa: E731
        assert verdicts(text) == verdicts(outputs[edition][1]) != [], f"{edition}:\n{text}"


def test_one_wrong_exercise_is_named_with_its_message(outputs):
    code, text = outputs["wrong_predict"]
    assert code == 1, text
    failed = re.findall(r"^(test_\S+)\s+\S+\s+FAILED", text, re.M)
    assert failed == ["test_01_predict"], text
    assert "exactly 0" in text or "> 0" in text, "the test's message (the tie rule) should be shown"


def test_no_hidden_test_line_is_ever_printed(outputs):
    secret = hidden_lines()
    assert secret
    for name, (_, text) in outputs.items():
        leaked = [line for line in secret if line in text]
        assert not leaked, f"selfcheck of {name} printed hidden test lines: {leaked[:2]}"
        assert "Traceback" not in text, f"selfcheck of {name} printed a traceback"


def test_a_file_that_is_not_a_course_notebook_exits_2(outputs):
    for name in ["not_a_course_notebook", "unreadable"]:
        code, text = outputs[name]
        assert code == 2 and "not a" in text, (name, text)


def test_selfcheck_says_only_what_the_student_needs(outputs):
    """No warnings of the tools around it (SQLAlchemy, ipykernel's notes, asyncio), one line per
    test as it runs, and a blank exercise called not done yet."""
    for name, (_, text) in outputs.items():
        for noise in ("SAWarning", "NOTE: When using", "was never awaited", "RuntimeWarning", "DeprecationWarning"):
            assert noise not in text, f"selfcheck of {name} printed {noise!r}:\n{text}"
    code, text = outputs["blank"]
    assert re.search(r"^  cell +\d+/\d+  test_\S+: failed$", text, re.M), text
    assert "not done yet" in text
