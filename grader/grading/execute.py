"""nbgrader's Execute preprocessor with the guards that grading hostile code needs.

- Output limit: a notebook may print at most ``max_output_bytes`` in all. Past that, its printed
  output and pictures are dropped and one notice is written; error outputs always pass (they
  decide the points), shortened to a few kilobytes.
- Kernel deaths: when a cell kills the kernel (``os._exit``, a segfault, the memory limit), that
  cell gets an error output, the kernel is restarted, the cells above it (not the test cells) are
  run again to rebuild the state, and grading goes on. The test cells that ran keep their points.
- Canaries (tamper evidence): the kernel runs the student's code, so it may lie. After a test cell
  passes, one more cell runs in the same kernel: the test cell's code again, with the exercise's
  names bound to deliberately wrong versions (each wraps the student's function and corrupts what
  it returns), then a probe that hands every check helper a case it must reject. An honest
  kernel must fail that cell. If it passes, something in the kernel makes failing tests
  look passing (an input or AST transformer, an exception handler, a trace hook, patched checks,
  numpy or builtins): the test cell gets an error output (0 points) and the notebook is reported
  ``tampered``.
- Deadline: when the notebook's wall-clock limit passes, the task kills the sandbox; the
  kernel is then not restarted.

The grader names it in nbgrader's ``Autograde.autograde_preprocessors`` in place of ``Execute``.
"""
import copy
import secrets

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_code_cell, new_output
from traitlets import Dict, Integer

from nbgrader.preprocessors import Execute

from .. import nbtools

TRUNCATED = "[grader] output limit reached"
KERNEL_DIED = "KernelDied"
TAMPERED = "GraderTampered"
ERROR_TEXT_LIMIT = 4000

# One canary cell, run after a test cell passed: the exercise's names are bound to wrong versions
# (each calls the student's function and corrupts its result), the test cell's code runs again,
# the names are restored; then every check helper is handed a case it must reject, with values
# drawn afresh. An honest kernel reaches the last line, which raises. %(tag)s makes every name
# unguessable.
CANARY = '''
def _wrong_%(tag)s(value):
    import numpy
    def corrupt(x):
        if isinstance(x, numpy.ndarray):
            if x.dtype == bool:
                return ~x
            if numpy.issubdtype(x.dtype, numpy.number) and x.size:
                return x * 3.0 + 7.0
            raise AssertionError("grader check")
        if isinstance(x, (bool, numpy.bool_)):
            return not x
        if isinstance(x, (int, float, numpy.number)):
            return x * 3 + 7
        if isinstance(x, (tuple, list)) and x:
            return type(x)(corrupt(v) for v in x)
        if isinstance(x, dict) and x:
            return {k: corrupt(v) for k, v in x.items()}
        if isinstance(x, str):
            return x + "?"
        if hasattr(x, "__next__"):
            return (corrupt(v) for v in x)
        raise AssertionError("grader check")
    if isinstance(value, type) or not callable(value):
        def broken(*args, **kwargs):
            raise AssertionError("grader check")
        return broken if isinstance(value, type) else "grader-check-%(tag)s"
    def wrapper(*args, **kwargs):
        return corrupt(value(*args, **kwargs))
    return wrapper
_saved_%(tag)s = {n: globals()[n] for n in %(names)r if n in globals()}
try:
    for _n_%(tag)s in _saved_%(tag)s:
        globals()[_n_%(tag)s] = _wrong_%(tag)s(_saved_%(tag)s[_n_%(tag)s])
    exec(compile(%(source)r, "<test cell>", "exec"), globals())
    _passed_%(tag)s = True
except BaseException:
    _passed_%(tag)s = False
finally:
    globals().update(_saved_%(tag)s)
_accepted_%(tag)s = []
def _probe_%(tag)s(name, call, returns_false=False):
    try:
        value = call()
    except Exception:
        return
    if not (returns_false and value is not None and not bool(value)):
        _accepted_%(tag)s.append(name)
_a_%(tag)s, _b_%(tag)s = %(a)r, %(b)r
if "checks" in globals() and hasattr(checks, "check_close"):
    _probe_%(tag)s("checks.check_close", lambda: checks.check_close("value", [_a_%(tag)s], [_b_%(tag)s]))
    _probe_%(tag)s("checks.check_equal", lambda: checks.check_equal("value", [_a_%(tag)s], [_b_%(tag)s]))
    _probe_%(tag)s("checks.check_shape", lambda: checks.check_shape("value", [[_a_%(tag)s]], (%(n)d,)))
    _probe_%(tag)s("checks.check_type", lambda: checks.check_type("value", _a_%(tag)s, str))
    _probe_%(tag)s("checks.check_finite", lambda: checks.check_finite("value", [_a_%(tag)s, float("nan")]))
    _probe_%(tag)s("checks.check_unchanged", lambda: checks.check_unchanged("value", [_a_%(tag)s], [_b_%(tag)s]))
if "np" in globals():
    _probe_%(tag)s("np.allclose", lambda: np.allclose([_a_%(tag)s], [_b_%(tag)s]), True)
    _probe_%(tag)s("np.isclose", lambda: np.isclose(_a_%(tag)s, _b_%(tag)s), True)
    _probe_%(tag)s("np.array_equal", lambda: np.array_equal([_a_%(tag)s], [_b_%(tag)s]), True)
    _probe_%(tag)s("np.testing.assert_allclose", lambda: np.testing.assert_allclose([_a_%(tag)s], [_b_%(tag)s]))
_honest_%(tag)s = not _passed_%(tag)s and not _accepted_%(tag)s
for _n_%(tag)s in [k for k in globals() if k.endswith("_%(tag)s") and not k.startswith("_honest")]:
    del globals()[_n_%(tag)s]
globals().pop("_n_%(tag)s", None)
assert not globals().pop("_honest_%(tag)s"), "the tests are honest"
'''


def _size(content):
    size = len(content.get("text", ""))
    for value in content.get("data", {}).values():
        size += len(value) if isinstance(value, str) else 100
    return size


def has_error(cell):
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


class GuardedExecute(Execute):
    max_output_bytes = Integer(1_000_000, help="Most bytes a notebook may print in all").tag(config=True)
    max_kernel_deaths = Integer(3, help="Kernel deaths after which the rest is not run").tag(config=True)
    canary_names = Dict({}, help="test grade_id -> names its exercise defines (canary run)").tag(config=True)

    # what happened, read by the grading task after the run (one notebook at a time per process)
    report = {"tampered": [], "deadline": False}
    # a kernel manager whose sandboxed kernel the task started while nbgrader was still preparing
    prestarted = None

    def preprocess(self, nb, resources=None, km=None):
        if km is None and GuardedExecute.prestarted is not None:
            km, GuardedExecute.prestarted = GuardedExecute.prestarted, None
        self._printed = 0
        self._deaths = 0
        GuardedExecute.report = {"tampered": [], "deadline": False}
        return super().preprocess(nb, resources, km)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        if msg["msg_type"] == "error":
            content["evalue"] = str(content.get("evalue", ""))[:ERROR_TEXT_LIMIT]
            content["traceback"] = [str(line)[:ERROR_TEXT_LIMIT] for line in content.get("traceback", [])[-30:]]
            return super().output(outs, msg, display_id, cell_index)
        size = _size(content)
        if self._printed + size > self.max_output_bytes:
            if self._printed <= self.max_output_bytes:
                self._printed = self.max_output_bytes + 1
                outs.append(new_output("stream", name="stdout",
                                       text=f"\n{TRUNCATED}: this notebook printed more than "
                                            f"{self.max_output_bytes:,} bytes; the rest of its output is dropped.\n"))
            return None
        self._printed += size
        return super().output(outs, msg, display_id, cell_index)

    def preprocess_cell(self, cell, resources, index):
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._died(cell, index)
            return cell, self.resources
        grade_id = nbtools.nbgrader_meta(cell).get("grade_id")
        if nbtools.is_test(cell) and grade_id in self.canary_names and not has_error(cell):
            try:
                honest = self._canary_fails(cell, index, self.canary_names[grade_id])
            except DeadKernelError:
                self._died(cell, index)
                return cell, self.resources
            if not honest:
                GuardedExecute.report["tampered"].append(grade_id)
                cell.outputs.append(new_output(
                    "error", ename=TAMPERED,
                    evalue="this test cell also passed when the grader made the exercise's answers wrong on "
                           "purpose: code in this notebook changes how tests run. The cell scores 0.",
                    traceback=[f"{TAMPERED}: the test cell could not fail"]))
        return cell, resources

    def _canary_fails(self, cell, index, names):
        """Run the canary cell (CANARY) for this test cell; True if it raised (the kernel is honest)."""
        import random
        rng = random.SystemRandom()
        a = round(rng.uniform(-100, 100), 3)
        canary = new_code_cell(CANARY % {"tag": secrets.token_hex(6), "names": list(names), "source": cell.source,
                                         "a": a, "b": round(a + rng.uniform(1, 50), 3), "n": rng.randint(2, 9)})
        printed = self._printed
        try:
            self.execute_cell(canary, index, store_history=False)
        finally:
            self.nb.cells[index] = cell  # nbclient stores each executed cell at its index
            self._printed = printed  # the canary's output is thrown away and does not count
        return has_error(canary)

    def _died(self, cell, index):
        self._deaths += 1
        cell.outputs.append(new_output(
            "error", ename=KERNEL_DIED,
            evalue="the kernel died while running this cell (os._exit, a crash, or the memory limit); "
                   "the grader restarted it and ran the cells above again",
            traceback=[f"{KERNEL_DIED}: the kernel died while running this cell"]))
        if self._deaths > self.max_kernel_deaths or GuardedExecute.report["deadline"]:
            raise DeadKernelError("the kernel died too often, or the notebook's time is up")
        self._restart_and_replay(index)

    def _restart_and_replay(self, index):
        """A fresh kernel with the state of the cells above ``index`` (test cells left out)."""
        if self.kc is not None:
            self.kc.stop_channels()
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.async_start_new_kernel_client)()
        for j, previous in enumerate(self.nb.cells[:index]):
            if previous.cell_type == "code" and not nbtools.is_test(previous):
                scratch = copy.deepcopy(previous)  # outputs of the replay are thrown away
                try:
                    self.execute_cell(scratch, j, store_history=False)
                    self.nb.cells[j] = previous
                except DeadKernelError:
                    self.nb.cells[j] = previous
                    self._deaths += 1
                    if self._deaths > self.max_kernel_deaths or GuardedExecute.report["deadline"]:
                        raise
                    run_sync(self.km.restart_kernel)(now=True)
                    run_sync(self.async_start_new_kernel_client)()
