"""Hand-out and collection for real: nbgrader's exchange between an instructor and two Unix students.

Runs as root (CI does): it creates two student accounts (unique names, removed at the end even on
failure), an exchange in a temporary folder (mode 1777, as on a shared JupyterHub) and an
instructor course for "dl-fundamentals". The instructor releases 01_perceptron with nbgrader;
each student fetches it and submits as themselves (runuser, their own HOME and nbgrader config):
one the solution's code, the other the blank notebook. The instructor collects, grades the
collected folder with `python -m grader autograde submitted --out results`, puts the feedback in
the course's feedback/ folder and releases it; each student fetches their own feedback and cannot
read the other's submission.
"""
import csv
import os
import re
import secrets
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import nbformat
import pytest

from grader import nbtools

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_perceptron"
COURSE_ID = "dl-fundamentals"
MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)


def instructor(args, course):
    """``nbgrader ARGS`` run by the instructor (root) in the course folder."""
    return run([sys.executable, "-m", "nbgrader", *args], cwd=str(course), env=nbtools.tool_env())


def must(proc, what):
    assert proc.returncode == 0, f"{what} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture
def shared():
    """A folder every user can enter: the exchange root (1777) and the students' homes under it."""
    if os.geteuid() != 0:
        pytest.fail("the exchange test creates Unix accounts: run it as root (CI does)")
    base = Path(tempfile.mkdtemp(prefix="nbexchange_"))
    try:
        base.chmod(0o755)
        (base / "exchange").mkdir()
        (base / "exchange").chmod(0o1777)
        (base / "home").mkdir(mode=0o755)
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def students(shared):
    """Two new Unix accounts with private homes (mode 0700); deleted afterwards, even on failure."""
    suffix = secrets.token_hex(3)
    names = [f"nbxa{suffix}", f"nbxb{suffix}"]
    created = []
    try:
        for name in names:
            must(run(["useradd", "--create-home", "--home-dir", str(shared / "home" / name), "-K", "HOME_MODE=0700",
                      "--shell", "/bin/sh", name]), f"useradd {name}")
            created.append(name)
        yield names
    finally:
        for name in created:
            run(["userdel", "--force", "--remove", name])


def student_python(user):
    """A command line that runs this environment's Python packages as ``user``.

    This interpreter, if the user may run it; otherwise (a virtual environment over a base Python
    in root's home, as on the course's machines) the system's Python of the same version with
    this environment's site-packages on PYTHONPATH."""
    candidates = [([sys.executable], {})]
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if system.exists():
        paths = sysconfig.get_paths()
        candidates.append(([str(system)], {"PYTHONPATH": os.pathsep.join(dict.fromkeys([paths["purelib"], paths["platlib"]]))}))
    for argv, env in candidates:
        if run(["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()],
                *argv, "-c", "import nbgrader"], cwd="/").returncode == 0:
            return argv, env
    pytest.fail(f"no Python that {user} may run has nbgrader (tried {sys.executable} and {system})")


def as_student(user, home, args, python, input=None):
    """``python -m nbgrader ARGS`` (or a plain command) run as ``user`` in their home, clean environment."""
    argv, extra = python
    env = {"HOME": str(home), "USER": user, "LOGNAME": user, "PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1", **extra}
    command = [*argv, "-m", "nbgrader", *args] if args[0] != "--raw" else args[1:]
    return run(["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()], *command],
               cwd=str(home), input=input)


def raw(user, home, python, *command, input=None):
    return as_student(user, home, ["--raw", *command], python, input=input)


def solved_notebook():
    """The released notebook with every exercise cell holding the solution's code (no markers)."""
    released = nbtools.read(nbtools.REPO / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    solution = {nbtools.nbgrader_meta(c)["grade_id"]: c.source
                for c in nbtools.read(nbtools.solution_path(ASSIGNMENT)).cells if nbtools.is_solution(c)}
    for cell in released.cells:
        if nbtools.is_solution(cell):
            cell.source = MARKER.sub("", solution[nbtools.nbgrader_meta(cell)["grade_id"]])
    return nbformat.writes(released)


def instructor_course(folder, exchange):
    """The instructor's course: the repository's nbgrader config plus the exchange, the assignment's
    source and released notebook."""
    folder.mkdir()
    config = (nbtools.REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    (folder / "nbgrader_config.py").write_text(config + f"\nc.Exchange.root = {str(exchange)!r}\n", encoding="utf-8")
    for part in ("solutions", "notebooks"):
        shutil.copytree(nbtools.REPO / part / ASSIGNMENT, folder / part / ASSIGNMENT)
    return folder


def student_config(user, home, exchange):
    jupyter = home / ".jupyter"
    jupyter.mkdir()
    (jupyter / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = {COURSE_ID!r}\nc.Exchange.root = {str(exchange)!r}\n",
        encoding="utf-8")
    shutil.chown(jupyter, user, user)
    shutil.chown(jupyter / "nbgrader_config.py", user, user)


def denied(proc):
    """The command failed because the file or folder could not be read or does not exist."""
    return proc.returncode != 0 and ("Permission denied" in proc.stderr or "No such file" in proc.stderr)


def test_release_fetch_submit_collect_grade_feedback(shared, students, tmp_path):
    exchange = shared / "exchange"
    course = instructor_course(tmp_path / "course", exchange)
    solver, blank = students
    homes = {s: shared / "home" / s for s in students}
    for s in students:
        student_config(s, homes[s], exchange)
    python = student_python(solver)

    # the instructor publishes the released notebook
    must(instructor(["release_assignment", ASSIGNMENT], course), "release_assignment")
    assert (exchange / COURSE_ID / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()

    # each student fetches it and submits as themselves
    for s in students:
        must(as_student(s, homes[s], ["fetch_assignment", ASSIGNMENT], python), f"{s}: fetch_assignment")
        fetched = homes[s] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        assert fetched.owner() == s
    must(raw(solver, homes[solver], python, "sh", "-c", f"cat > {ASSIGNMENT}/{ASSIGNMENT}.ipynb",
             input=solved_notebook()), "the solver saves the notebook")
    for s in students:
        must(as_student(s, homes[s], ["submit", ASSIGNMENT], python), f"{s}: submit")
    inbound = exchange / COURSE_ID / "inbound"
    submissions = {s: [p for p in inbound.iterdir() if p.name.startswith(f"{s}+{ASSIGNMENT}+")] for s in students}
    assert all(len(v) == 1 and v[0].owner() == s for s, v in submissions.items()), submissions

    # the instructor collects and grades with the course's CLI
    must(instructor(["collect", ASSIGNMENT], course), "collect")
    for s in students:
        assert (course / "submitted" / s / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    env = nbtools.tool_env()
    env["PYTHONPATH"] = str(nbtools.REPO) + os.pathsep + env.get("PYTHONPATH", "")
    must(run([sys.executable, "-m", "grader", "autograde", "submitted", "--out", "results"], cwd=str(course), env=env),
         "python -m grader autograde submitted --out results")
    with open(course / "results" / "grades.csv", newline="", encoding="utf-8") as f:
        grades = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == ASSIGNMENT}
    assert set(grades) == set(students)
    assert float(grades[solver]["max_score"]) > 0
    assert float(grades[solver]["score"]) == float(grades[solver]["max_score"]), grades[solver]
    assert float(grades[blank]["score"]) == 0.0, grades[blank]

    # the feedback goes back through the exchange
    for s in students:
        target = course / "feedback" / s / ASSIGNMENT
        target.mkdir(parents=True)
        shutil.copy(course / "results" / "feedback" / s / ASSIGNMENT / f"{ASSIGNMENT}.html", target)
        for name in ("timestamp.txt", "submission_secret.txt"):  # release_feedback reads them
            shutil.copy(course / "submitted" / s / ASSIGNMENT / name, target)
    must(instructor(["release_feedback", ASSIGNMENT], course), "release_feedback")
    for s in students:
        must(as_student(s, homes[s], ["fetch_feedback", ASSIGNMENT], python), f"{s}: fetch_feedback")
        got = sorted((homes[s] / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(got) == 1, got
        assert got[0].read_bytes() == (course / "results" / "feedback" / s / ASSIGNMENT / f"{ASSIGNMENT}.html").read_bytes()

    # neither student can read the other's submission: not in the exchange, not in a home,
    # not in the instructor's course
    for me, other in ((solver, blank), (blank, solver)):
        inbox = inbound / submissions[other][0].name / f"{ASSIGNMENT}.ipynb"
        assert denied(raw(me, homes[me], python, "ls", str(inbound))), "the inbound folder can be listed"
        found = raw(me, homes[me], python, *python[0], "-c",
                    f"import glob; print(glob.glob({str(inbound / (other + '+*'))!r}))")
        assert found.returncode == 0 and found.stdout.strip() == "[]", found.stdout
        assert denied(raw(me, homes[me], python, "ls", str(exchange / COURSE_ID / "feedback")))
        for path in (homes[other] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", homes[other] / ".local",
                     course / "submitted" / other / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"):
            assert denied(raw(me, homes[me], python, "cat", str(path))), path
        assert inbox.exists()
