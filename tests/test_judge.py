"""The same verdict through the judge as in the student's kernel, for every notebook.

For each assignment, a "kernel" process holds the notebook's setup and exercise cells with one
version swapped in (the solution, each CORRECT_VERSIONS entry, each WRONG_VERSIONS entry) and
serves them over the boundary (grader/grading/boundary.py) on a Unix socket, as the sandboxed
kernel does when grading. The judge (grader/grading/judge.py) runs the test cell against it. The
verdict must equal the one the test cell gives when it runs next to the code in one namespace
(tests/harness.py, what JupyterLab and `nbgrader validate` do).
"""
import json
import os
import socket
import subprocess
import sys
import time

import pytest

import harness
from conftest import ASSIGNMENTS
from grader import nbtools
from grader.grading import boundary
from grader.grading.judge import Judge, names_of

# The kernel side: builds a namespace like the student's kernel (setup + exercise cells + one
# version) for each line it reads, then serves it to one judge connection until that closes.
SERVER = r"""
import json, os, socket, sys, warnings
sys.path[:0] = [sys.argv[3]]
import harness
from grader.grading import boundary
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(sys.argv[1])
listener.listen(1)
for line in sys.stdin:
    job = json.loads(line)
    ns = harness.namespace(job["assignment"])
    if job["source"]:
        exec(compile(job["source"], "<version>", "exec"), ns)
    conn, _ = listener.accept()
    endpoint = boundary.Endpoint(conn, namespace=ns, peer_name="the grader")
    try:
        while True:
            endpoint.serve()
    except boundary.PeerGone:
        conn.close()
"""


class Kernel:
    def __init__(self, tmp_path):
        self.path = str(tmp_path / "k.sock")
        env = {**os.environ, "MPLBACKEND": "agg", "PYTHONPATH": str(nbtools.REPO)}
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, self.path, "", os.path.dirname(__file__)],
                                     stdin=subprocess.PIPE, env=env, text=True)
        for _ in range(200):
            if os.path.exists(self.path):
                break
            time.sleep(0.05)

    def judge(self, assignment, source=""):
        """A judge for ``assignment`` connected to a fresh kernel namespace with ``source`` swapped in."""
        self.proc.stdin.write(json.dumps({"assignment": assignment, "source": source}) + "\n")
        self.proc.stdin.flush()
        judge = Judge(harness.cells(assignment)[2], timeout=120)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(self.path)
        judge.endpoint = boundary.Endpoint(sock, peer_name="your notebook")
        return judge

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    k = Kernel(tmp_path_factory.mktemp("judge"))
    yield k
    k.close()


def in_kernel(assignment, name, source):
    try:
        harness.run_test_with(assignment, name, source)
        return "passed"
    except Exception:
        return "failed"


def through_judge(kernel, assignment, name, source):
    judge = kernel.judge(assignment, source)
    try:
        outputs, kind = judge.run(harness.test_cell_for(assignment, name))
    finally:
        judge.close()
    return kind, outputs


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_passes_every_test_cell_through_the_judge(kernel, assignment):
    judge = kernel.judge(assignment)
    try:
        for grade_id in harness.cells(assignment)[1]:
            outputs, kind = judge.run(grade_id)
            assert kind == "passed", (grade_id, outputs)
    finally:
        judge.close()


VERSIONS = [pytest.param(a, name, src, kind, id=f"{a}-{kind}-{name}-{why}")
            for a in ASSIGNMENTS
            for kind, listed in (("correct", harness.correct_versions(a)), ("wrong", harness.wrong_versions(a)))
            for name, why, src in listed]


@pytest.mark.parametrize("assignment,name,source,kind", VERSIONS)
def test_every_version_gets_the_same_verdict_through_the_judge(kernel, assignment, name, source, kind):
    expected = in_kernel(assignment, name, source)
    assert expected == ("passed" if kind == "correct" else "failed")
    got, outputs = through_judge(kernel, assignment, name, source)
    assert got == expected, f"in the kernel the test {expected}, through the judge it {got}: {outputs}"


def test_a_blank_exercise_fails_with_not_implemented_through_the_judge(kernel):
    a = ASSIGNMENTS[0]
    name = sorted(harness.cells(a)[2].cells[i].source.split("def ", 1)[1].split("(")[0]
                  for i, c in enumerate(harness.cells(a)[2].cells) if nbtools.is_solution(c) and "def " in c.source)[0]
    kind, outputs = through_judge(kernel, a, name, f"def {name}(*args, **kwargs):\n    raise NotImplementedError()\n")
    assert kind == "failed" and outputs[-1]["ename"] == "NotImplementedError", outputs


def test_names_of_reads_and_binds():
    read, bound = names_of("x = f(a)\ndef g(y):\n    return y + b\nfor i in range(3):\n    z = [k for k in c]\n")
    assert read == {"f", "a", "b", "c", "range"}
    assert bound == {"x", "g", "i", "z"}


def _nb(*cells):
    """A small solution notebook: ("setup"|"solution"|"test"|"code", source) cells."""
    from nbformat.v4 import new_code_cell, new_notebook
    nb = new_notebook()
    for i, (kind, source) in enumerate(cells):
        cell = new_code_cell(source)
        if kind == "setup":
            cell.metadata["tags"] = ["setup"]
        elif kind == "solution":
            cell.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": f"01_x{i}", "schema_version": 3}
        elif kind == "test":
            cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 1,
                                         "grade_id": f"test_01_x{i}", "schema_version": 3}
        nb.cells.append(cell)
    return nb


@pytest.mark.parametrize("test_source, problem", [
    ("assert len(In) > 0", "reads In"),
    ("assert globals()['f'] is not None", "calls globals()"),
    ("assert get_ipython() is not None", "calls get_ipython()"),
    ("assert isinstance(f(1), Model)", "tests isinstance(..., Model)"),
    ("assert f(data) == 2", "reads data, which only an experiment cell defines"),
])
def test_check_reports_test_cells_that_break_the_judges_rules(test_source, problem):
    from grader.authoring.judge_rules import judge_problems
    nb = _nb(("setup", "import numpy as np"), ("solution", "def f(x):\n    return 2\nclass Model:\n    pass"),
             ("test", test_source), ("code", "data = 1"))
    found = judge_problems(nb, "nb")
    assert any(problem in p for p in found), found


def test_check_reports_a_name_only_a_test_cell_defines_read_by_another_cell():
    from grader.authoring.judge_rules import judge_problems
    nb = _nb(("setup", "import numpy as np"), ("solution", "def f(x):\n    return 2"),
             ("test", "w_check = np.ones(2)\nassert f(w_check) == 2"), ("code", "print(f(w_check))"))
    assert any("reads w_check, which only a test cell defines" in p for p in judge_problems(nb, "nb"))


def test_the_guard_of_a_concept_question_is_allowed():
    from grader.authoring.judge_rules import judge_problems
    nb = _nb(("setup", "import numpy as np"), ("solution", "answer_q1 = 'b'"),
             ("test", 'if "answer_q1" not in globals():\n    raise NotImplementedError()\nassert answer_q1 in "abc"'))
    assert judge_problems(nb, "nb") == []
