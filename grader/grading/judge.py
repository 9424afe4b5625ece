"""The judge: a notebook's test cells run here, in the grader's process, where no student code runs.

The student's kernel (in the sandbox) runs every other cell. When grading reaches a test cell,
the kernel is asked to serve (``SERVE``) and the judge runs the test cell's source, taken from
the *solution* notebook, in a namespace of its own:

- what the notebook's ``setup`` cells import (run here once per notebook, from the solution);
- the values of the names that earlier test cells defined;
- every other name the cell reads (the exercise's functions, ``answer_q1``, ...) looked up in the
  kernel once, just before the cell runs: data by value, everything else as a handle
  (boundary.py), whose calls run in the kernel.

The verdict is the judge's: the test cell's outputs in the graded notebook are what the test
code printed here, the warnings raised here or reported by the kernel during a call, and the
test's exception. Nothing the kernel prints while a test calls into it is kept. No test source
and no expected value is ever sent into the sandbox: only the arguments of the calls the tests
make.

The kernel side is ``boundary.py`` itself, sent as text to the kernel when it starts (BOOT), with
a Unix-domain socket in the task's runtime folder as the connection.
"""
import ast
import builtins
import contextlib
import io
import os
import secrets
import socket
import time
import warnings
from pathlib import Path

from . import boundary
from .. import nbtools

BOUNDARY_SOURCE = Path(boundary.__file__).read_text(encoding="utf-8")
BOOT = '''
def __grader_boot(source, path):
    import socket, types
    module = types.ModuleType("grader_boundary")
    exec(compile(source, "grader_boundary.py", "exec"), module.__dict__)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    return module.Endpoint(sock, namespace=get_ipython().user_ns, peer_name="the grader")
__grader_agent__ = __grader_boot(%(source)r, %(path)r)
del __grader_boot
'''
SERVE = "__grader_agent__.serve()"
HELLO_SECONDS = 10
BUILTIN_NAMES = set(dir(builtins))

# enames of the errors the judge writes itself (status comes from the judge's records, not these)
TIMEOUT, DIED, SILENT, BOUNDARY = "CellTimeoutError", "KernelDied", "KernelSilent", "GraderBoundaryError"


def names_of(source):
    """(names the cell reads from outside, names it binds at its top level) of a cell's source.

    A name counts as read from outside when it is loaded somewhere and bound nowhere in the cell
    (an argument, a loop or comprehension variable, an inner assignment all bind)."""
    tree = ast.parse(source)
    loads, anywhere, top = set(), set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else anywhere).add(node.id)
        elif isinstance(node, ast.arg):
            anywhere.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            anywhere.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            anywhere.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            anywhere.add(node.name)

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            top.add(node.name)
            return
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            top.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            top.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            top.add(node.name)
        for child in ast.iter_child_nodes(node):
            visit(child)
    visit(tree)
    return loads - anywhere, top


def _python(source):
    """A setup cell without IPython's magics and shell lines."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


class Judge:
    """The test cells of one notebook being graded: ``connect`` once per kernel start, then ``run``
    each test cell. ``solution_nb``: the instructor's solution notebook (the tests' only source)."""

    def __init__(self, solution_nb, timeout=60):
        self.timeout = timeout
        self.setup = [_python(c.source) for c in solution_nb.cells if nbtools.is_setup(c)]
        self.tests = {nbtools.nbgrader_meta(c)["grade_id"]: c.source for c in solution_nb.cells if nbtools.is_test(c)}
        self.base = {"__name__": "__main__", "__builtins__": builtins}
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            for source in self.setup:
                exec(compile(source, "<setup cell>", "exec"), self.base)
        self.stored = {}
        self.endpoint = None
        self.listener = None
        self.seconds = 0.0
        self.calls = 0

    # --- the connection -----------------------------------------------------------------------------
    def listen(self, runtime, uid=None):
        """A fresh socket in the task's runtime folder for the next kernel to connect to; the code
        that the kernel runs first (before any student code) to connect."""
        self.close()
        path = str(Path(runtime) / f"judge-{secrets.token_hex(6)}.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        if uid is not None:
            os.chown(path, uid, uid)
        os.chmod(path, 0o600)
        listener.listen(1)
        self.listener, self.path = listener, path
        return BOOT % {"source": BOUNDARY_SOURCE, "path": path}

    def accept(self, seconds=30):
        """Take the kernel's connection (made by the code ``listen`` returned); the socket file goes."""
        self.listener.settimeout(seconds)
        try:
            conn, _ = self.listener.accept()
        finally:
            self.listener.close()
            self.listener = None
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self.endpoint = boundary.Endpoint(conn, peer_name="your notebook")

    def close(self):
        for thing in (self.listener, self.endpoint and self.endpoint.sock):
            with contextlib.suppress(Exception):
                thing.close()
        self.listener, self.endpoint = None, None

    # --- one test cell ------------------------------------------------------------------------------
    def run(self, grade_id):
        """Run the test cell ``grade_id`` against the kernel, which must be serving (SERVE).

        Returns (outputs, kind): nbformat outputs for the graded notebook, and "passed", "failed",
        "timeout", "died" or "silent" (the kernel never started serving).
        """
        start = time.perf_counter()
        try:
            return self._run(grade_id)
        finally:
            self.seconds += time.perf_counter() - start

    def _run(self, grade_id):
        source = self.tests.get(grade_id)
        if source is None:
            return [_error(BOUNDARY, f"{grade_id} is not a test cell of this assignment")], "failed"
        if self.endpoint is None:
            return [_error(SILENT, "the notebook's kernel is not connected to the grader")], "silent"
        ep = self.endpoint
        ep.deadline = time.monotonic() + HELLO_SECONDS
        try:
            ep.wait_hello()
        except (boundary.CallTimeout, boundary.PeerGone, boundary.BoundaryError) as error:
            self.close()
            return [_error(SILENT, f"the notebook's kernel did not answer the grader ({error}); "
                                   "code in the notebook stops its cells from running")], "silent"
        ep.deadline = time.monotonic() + self.timeout
        ep.warnings = []
        calls = ep.calls
        read, bound = names_of(source)
        wanted = sorted(read - bound - set(self.base) - set(self.stored) - BUILTIN_NAMES)
        ns = dict(self.base)
        ns.update(self.stored)
        printed, error = io.StringIO(), None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with contextlib.redirect_stdout(printed):
                    if wanted:
                        ns.update(ep.request("lookup", None, wanted))
                    exec(compile(source, "<test cell>", "exec"), ns)
            except Exception as exc:
                error = exc
        self.calls += ep.calls - calls
        self.stored.update({name: ns[name] for name in bound if name in ns})
        outputs = []
        text = printed.getvalue()
        if text:
            outputs.append({"output_type": "stream", "name": "stdout", "text": text[:10000]})
        noise = [f"{w.category.__name__}: {w.message}" for w in caught] + list(ep.warnings)
        if noise:
            outputs.append({"output_type": "stream", "name": "stderr",
                            "text": "warnings while the test ran (a test cell must run without any):\n"
                                    + "\n".join(dict.fromkeys(noise)) + "\n"})
        if isinstance(error, boundary.CallTimeout):
            self.close()
            outputs.append(_error(TIMEOUT, f"the test did not finish within {self.timeout} s"))
            return outputs, "timeout"
        if isinstance(error, boundary.PeerGone):
            self.close()
            outputs.append(_error(DIED, "the kernel died while the test called your code "
                                        "(os._exit, a crash, or the memory limit)"))
            return outputs, "died"
        try:
            ep.done()
        except boundary.PeerGone:
            self.close()
        if isinstance(error, boundary.BoundaryError):
            outputs.append(_error(BOUNDARY, str(error)))
        elif error is not None:
            outputs.append(_error(type(error).__name__, _message(error)))
        return outputs, "failed" if (error is not None or noise) else "passed"


def _message(error):
    try:
        return str(error)[:4000]
    except Exception:
        return ""


def _error(ename, evalue):
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": [f"{ename}: {evalue}"]}
