"""The command line as an instructor meets it: help that explains, `check` that names each cause
once with its fix, `autograde --out` that never replaces earlier results unasked, wrong layouts
named, and progress counts that agree with each other."""
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from grader import nbtools
from grader.__main__ import main
from grader.authoring.check import check_solution, report_lines
from grader.grading.autograde import autograde, layout_problems

A = "01_perceptron"


def _help(*command):
    proc = subprocess.run([sys.executable, "-m", "grader", *command, "-h"], capture_output=True, text=True,
                          cwd=nbtools.REPO, env=nbtools.tool_env())
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("command", ["release", "check", "autograde", "bench", "selfcheck", "bundle", "site"])
def test_every_command_help_has_a_description(command):
    text = _help(command)
    # argparse prints the description between the usage lines and the first argument section
    description = re.split(r"\n(?:positional arguments|options):", text.split("\n\n", 1)[1])[0]
    assert len(description.split()) >= 15, f"`{command} -h` has no description:\n{text}"


def test_autograde_help_explains_submissions_and_out():
    text = " ".join(_help("autograde").split())
    assert "SUBMISSIONS/<student>/<assignment>/<assignment>.ipynb" in text
    assert re.search(r"--out OUT\s+results folder", text) and "feedback/" in text
    assert "--resume" in text and "--force" in text


def test_bundle_and_site_help_explain_out_dir():
    assert re.search(r"out_dir\s+the folder to create", " ".join(_help("bundle").split()))
    assert re.search(r"out_dir\s+the folder to write the site to", " ".join(_help("site").split()))


def test_check_prints_one_line_per_cause_with_its_fix():
    nb = nbtools.read(nbtools.solution_path(A))
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for i in code_cells:  # a solution saved after Run All: every code cell has outputs
        nb.cells[i].outputs = [nbformat.v4.new_output("stream", text="x\n")]
        nb.cells[i].execution_count = 1
    problems = check_solution(nb, f"solutions/{A}", "01")
    assert len(problems) == len(code_cells) > 5  # what the command used to print, one line each
    released = [p.replace("solutions/", "notebooks/", 1) for p in problems]
    lines = report_lines(problems + released)
    assert len(lines) == 1, lines
    assert all(str(i) in lines[0] for i in code_cells)
    assert "fix:" in lines[0] and "--clear-output" in lines[0] and f"release {A}" in lines[0]


def test_check_keeps_different_causes_apart():
    problems = [f"solutions/{A} cell 3 (test_01_predict): a test cell must be locked",
                f"solutions/{A} cell 5 (test_01_loss): a test cell needs points > 0",
                f"solutions/{A} cell 7 (test_01_acc): a test cell must be locked"]
    lines = report_lines(problems)
    assert len(lines) == 2 and "cells 3, 7" in lines[0] and "fix: lock the test cell" in lines[0]
    assert "cell 5" in lines[1] and "points > 0" in lines[1]


# ---------------------------------------------------------------------------- autograde --out

def _bad_layout_class(root):
    """alice put her notebook beside the assignment folder; frank handed in an assignment that
    does not exist; bob handed in the blank notebook properly."""
    (root / "alice").mkdir(parents=True)
    shutil.copy(nbtools.REPO / "notebooks" / A / f"{A}.ipynb", root / "alice" / f"{A}.ipynb")
    (root / "frank" / "99_foo").mkdir(parents=True)
    (root / "frank" / "99_foo" / "99_foo.ipynb").write_text("{}", encoding="utf-8")
    (root / "bob" / A).mkdir(parents=True)
    shutil.copy(nbtools.REPO / "notebooks" / A / f"{A}.ipynb", root / "bob" / A / f"{A}.ipynb")
    return root


def test_wrong_layouts_are_named():
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        root = _bad_layout_class(Path(tmp))
        problems = layout_problems(root, [A], nbtools.assignments())
    assert any(p.startswith(f"alice/{A}.ipynb") and f"alice/{A}/{A}.ipynb" in p and "missing" in p
               for p in problems), problems
    assert any(p.startswith("frank/99_foo/") and "not an assignment" in p for p in problems), problems
    assert not any(p.startswith("bob") for p in problems), problems


def _earlier_run(out):
    (out / "feedback" / "old_student" / A).mkdir(parents=True)
    (out / "feedback" / "old_student" / A / f"{A}.html").write_text("old", encoding="utf-8")
    (out / "grades.csv").write_text("student_id,assignment,score,max_score,status\nold_student,x,1,1,ok\n",
                                    encoding="utf-8")
    (out / "my_notes.txt").write_text("mine", encoding="utf-8")


def test_autograde_refuses_an_out_folder_with_earlier_results(tmp_path):
    subs = _bad_layout_class(tmp_path / "subs")
    out = tmp_path / "out"
    _earlier_run(out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(SystemExit) as refused:
        main(["autograde", str(subs), "--out", str(out), "--jobs", "1"])
    message = str(refused.value)
    assert "grades.csv" in message and "--resume" in message and "--force" in message
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before, "a refused run changed the results"
    with pytest.raises(SystemExit, match="choose one"):
        main(["autograde", str(subs), "--out", str(out), "--resume", "--force"])


@pytest.mark.slow
def test_autograde_force_clears_old_results_and_counts_agree(tmp_path, capsys):
    subs = _bad_layout_class(tmp_path / "subs")
    out = tmp_path / "out"
    _earlier_run(out)
    assert main(["autograde", str(subs), "--out", str(out), "--jobs", "1", "--force", "--assignment", A]) == 0
    printed = capsys.readouterr().out
    assert not (out / "feedback" / "old_student").exists(), "the previous class's feedback is still there"
    assert (out / "my_notes.txt").read_text(encoding="utf-8") == "mine", "--force deleted a file autograde never wrote"
    grades = (out / "grades.csv").read_text(encoding="utf-8")
    assert "old_student" not in grades and f"alice,{A}" in grades and f"bob,{A}" in grades
    assert f"warning: alice/{A}.ipynb" in printed and "warning: frank/99_foo/" in printed, printed
    # one notebook is graded (bob's); alice and frank have nothing to grade in 01: every count says so
    assert "grading 1 notebook(s) of 1 student(s); 3 student(s) x 1 assignment(s): 2 missing" in printed, printed
    assert f"[1/1 students, 1/1 notebooks] bob {A}" in printed, printed
    # the closing count agrees with grades.csv (bob's blank notebook is normally ok; a loaded machine may
    # time it out, which changes the status, not the counting)
    bob = re.search(rf"^bob,{A},[^,]*,[^,]*,(\w+)$", grades, re.M).group(1)
    counts = "1 ok, 2 missing" if bob == "ok" else "0 ok, " + ", ".join(
        f"{n} {k}" for k, n in sorted({bob: 1, "missing": 2}.items()))
    assert re.search(rf"3 row\(s\) in .*grades\.csv: {counts};", printed), printed


def test_autograde_into_a_new_or_unrelated_folder_needs_no_flag(tmp_path):
    subs = tmp_path / "subs"
    (subs / "alice").mkdir(parents=True)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    rows = autograde(subs, out, jobs=1, only=[A], log=lambda *_: None)
    assert [r["status"] for r in rows] == ["missing"]
    assert main(["autograde", str(subs), "--out", str(tmp_path / "fresh"), "--assignment", A]) == 0


# ---------------------------------------------------------------------------- the README stays true

GENERATED = {"backups/", "build/", "build/book/index.html", "build/book/", "results/",  # made by the commands
             "alice/01_perceptron.ipynb"}  # an example of a wrong layout


@pytest.mark.parametrize("readme", ["README.md", "README.ja.md"])
def test_readme_names_only_real_commands_flags_and_paths(readme):
    text = (nbtools.REPO / readme).read_text(encoding="utf-8")
    top = _help()
    commands = set(re.findall(r"python -m grader ([a-z]+)\b", text))
    assert commands and all(re.search(rf"\b{c}\b", top) for c in commands), commands
    helps = " ".join(_help(c) for c in commands)
    flags = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", text))
    assert flags and all(f in helps for f in flags), sorted(f for f in flags if f not in helps)
    for path in set(re.findall(r"`([\w.-]+/[\w./-]*)`", text)) - GENERATED:
        if "NN_name" in path:
            path = path.replace("NN_name", A)
        assert (nbtools.REPO / path).exists(), f"the README names {path}, which does not exist"
    for link in re.findall(r"\]\(([^)#:]+)\)", text):
        assert (nbtools.REPO / link).exists(), f"{readme} links to {link}, which does not exist"
    if readme != "README.md":
        return
    # the statuses it documents are the ones the grader writes
    from grader.grading import task
    for status in list(task.STATUSES) + ["missing", "invalid"]:
        assert f"`{status}`" in text, f"grades.csv status {status!r} is not explained in the README"
