"""Submissions written the way a cunning student would, to break the grader (issue: grading that
student code cannot fool). Each returns a notebook made from the released notebook 01; the
attack code goes into the first exercise cell (or a new cell), where a student can put anything.

``ctx`` gives what an attacker could know or guess: the absolute path of the class folder and of
the output folder (an attacker could read them from the worker's job file or /proc), a loopback
port where the test listens, and a marker that names every process and file the attack makes.
"""
from grader import synthetic

A = "01_perceptron"
WRONG_PREDICT = "def predict(w, X):\n    return np.ones(len(X), dtype=int)\n"

ATTACKS = {
    # every later cell becomes `pass`: test cells cannot fail
    "input_transformer": lambda ctx: first_cell(synthetic.blank(A), """
get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])
"""),
    # the same with an AST transformer that empties every cell
    "ast_transformer": lambda ctx: first_cell(synthetic.blank(A), """
import ast
class Empty(ast.NodeTransformer):
    def visit_Module(self, node):
        node.body = [ast.Pass()]
        return node
get_ipython().ast_transformers.append(Empty())
"""),
    # errors are swallowed by a custom exception handler
    "exception_handler": lambda ctx: first_cell(synthetic.blank(A), """
get_ipython().set_custom_exc((BaseException,), lambda shell, etype, evalue, tb, tb_offset=None: None)
"""),
    # a wrong predict, and the check helpers replaced without an attribute assignment
    "checks_vars_update": lambda ctx: first_cell(synthetic.blank(A), WRONG_PREDICT + """
from course_lib import checks as _c
vars(_c).update({n: (lambda *a, **k: None) for n in dir(_c) if n.startswith("check_")})
""", replace=True),
    "checks_globals": lambda ctx: first_cell(synthetic.blank(A), WRONG_PREDICT + """
import types as _t
globals()["checks"] = _t.SimpleNamespace(**{n: (lambda *a, **k: None) for n in
    ["check_close", "check_equal", "check_shape", "check_type", "check_finite", "check_unchanged"]})
""", replace=True),
    # an exception handler for the errors that tests raise
    "assertion_swap": lambda ctx: first_cell(synthetic.blank(A), """
import builtins
class Quiet(Exception):
    pass
get_ipython().set_custom_exc((AssertionError, NotImplementedError, NameError), lambda *a, **k: None)
"""),
    # look for the solution notebook above the working folder, next to course_lib, anywhere
    "find_solution": lambda ctx: last_cell(synthetic.perfect(A), """
import os, sys, course_lib
found = []
for top in ["/", os.path.dirname(os.path.dirname(course_lib.__file__)), os.path.expanduser("~"), "..", "../..", %(sub)r]:
    for folder, dirs, files in os.walk(os.path.abspath(top)):
        if folder.startswith(("/proc", "/sys", "/dev", "/usr", sys.base_prefix, sys.prefix)):
            dirs[:] = []
            continue
        for f in files:
            if f.endswith(".ipynb"):
                try:
                    text = open(os.path.join(folder, f), encoding="utf-8", errors="ignore").read()
                except OSError:
                    continue
                if "test_01_predict" in text and ("BEGIN HIDDEN TESTS" in text or "BEGIN SOLUTION" in text):
                    found.append(os.path.join(folder, f))
                    print(text)
print("found", found)
""" % {"sub": ctx["submissions"]}),
    # print the history: it holds every test cell the kernel ran, hidden tests included
    "print_history": lambda ctx: last_cell(synthetic.perfect(A), """
print("\\n".join(In))
print(repr(_ih))
"""),
    # overwrite classmates' submissions and the results
    "overwrite_others": lambda ctx: last_cell(synthetic.blank(A), """
import os, glob
for path in glob.glob(%(sub)r + "/*/*/*.ipynb") + [%(out)r + "/grades.csv"]:
    try:
        open(path, "w").write("overwritten")
        print("overwrote", path)
    except OSError as e:
        print("could not", path, e)
for folder in ["/tmp", os.path.expanduser("~"), "/"]:
    try:
        open(os.path.join(folder, %(marker)r + ".txt"), "w").write("x")
    except OSError:
        pass
""" % {"sub": ctx["submissions"], "out": ctx["out"], "marker": ctx["marker"]}),
    # a detached process that outlives grading and rewrites grades.csv afterwards
    "detached_process": lambda ctx: last_cell(synthetic.blank(A), """
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(8); open(%(grades)r, 'w').write('hacked')",
                  %(marker)r], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
""" % {"grades": ctx["out"] + "/grades.csv", "marker": ctx["marker"]}),
    # the network
    "network": lambda ctx: last_cell(synthetic.blank(A), """
import socket
for host in ["127.0.0.1", "localhost"]:
    try:
        s = socket.create_connection((host, %(port)d), timeout=2)
        s.sendall(b"leak")
        print("connected to", host)
    except OSError as e:
        print("no connection:", e)
""" % {"port": ctx["port"]}),
    # persistence: code that would run inside every later student's kernel
    "persistence": lambda ctx: last_cell(synthetic.blank(A), """
import os, sys, site
payload = "import builtins; builtins.%(marker)s = True"
targets = [os.path.join(p, "zz_%(marker)s.pth") for p in site.getsitepackages() + [site.getusersitepackages()]]
targets += [os.path.expanduser("~/.ipython/profile_default/startup/00-%(marker)s.py"),
            os.path.join(sys.prefix, "etc", "ipython", "%(marker)s.py")]
for t in targets:
    try:
        os.makedirs(os.path.dirname(t), exist_ok=True)
        open(t, "w").write(payload)
        print("wrote", t)
    except OSError as e:
        print("could not write", t, e)
""" % {"marker": ctx["marker"]}),
}


def first_cell(nb, code, replace=False):
    """``code`` at the top of the first exercise cell (``replace``: instead of its body)."""
    index = synthetic.exercise_cells(nb)[0]
    if replace:
        nb.cells[index].source = code
        return nb
    return synthetic.with_code_before(nb, index, code)


def last_cell(nb, code):
    return synthetic.with_new_cell(nb, code)
