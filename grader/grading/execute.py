"""nbgrader's Execute preprocessor, split in two: the student's kernel runs the notebook's own
cells, the judge (judge.py) runs its test cells.

- Test cells never reach the kernel. For each one the kernel is asked to serve (judge.SERVE)
  and the judge runs the solution's test source against the student's names; the cell's outputs
  are the judge's (nothing, what the test printed, warnings, or the test's error), so nbgrader's
  grade comes from the judge alone.
- The kernel connects to the judge before it runs any student code (judge.BOOT), and again after
  every restart.
- Output limit: a notebook may print at most ``max_output_bytes`` in all, errors included. Past
  that, its outputs are dropped and one notice is written.
- Kernel deaths: when a cell kills the kernel (``os._exit``, a segfault, the memory limit), or a
  test's call into it dies or times out, that cell gets an error output, the kernel is restarted,
  reconnected, the cells above it (not the test cells) run again to rebuild the state, and
  grading goes on. The test cells that ran keep their points.
- Deadline: when the notebook's wall-clock limit passes, the task kills the sandbox; the kernel
  is then not restarted.

What happened is recorded in the ``Run`` the task hands in (``GuardedExecute.run``), from the
executor's own observations (never from text the kernel printed): each test cell's verdict kind,
the cells that timed out, kernel deaths, memory errors, the output limit.

The grader names it in nbgrader's ``Autograde.autograde_preprocessors`` in place of ``Execute``.
"""
import copy
import queue
import time

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat import from_dict
from nbformat.v4 import new_output
from traitlets import Integer, Unicode

from nbgrader.preprocessors import Execute

from .. import nbtools
from .judge import SERVE, SILENT, _error

TRUNCATED = "[grader] output limit reached"
KERNEL_DIED = "KernelDied"
ERROR_TEXT_LIMIT = 4000


RUNS = {}  # run key -> Run: nbgrader builds the executor from configuration, which holds only the key


class Run:
    """One notebook's execution: what the executor needs (the judge, the kernel started early,
    the task's runtime folder and uid) and what it saw."""

    def __init__(self, judge, runtime, uid=None, prestarted=None):
        self.judge, self.runtime, self.uid, self.prestarted = judge, runtime, uid, prestarted
        self.verdicts = {}        # test grade_id -> passed, failed, timeout, died, silent
        self.timeouts = []        # indices of cells that hit the cell time limit (kernel side)
        self.deaths = 0
        self.memory_error = False
        self.output_limited = False
        self.deadline = False     # set by the task's watchdog
        self.silent = False       # the kernel stopped serving the judge
        self.progress = None      # progress(index, count, grade_id, verdict) after each cell, or None


def _size(content):
    size = len(str(content.get("text", ""))) + len(str(content.get("evalue", "")))
    size += sum(len(str(line)) for line in content.get("traceback", []) or [])
    for value in content.get("data", {}).values():
        size += len(value) if isinstance(value, str) else 100
    return size


class GuardedExecute(Execute):
    max_output_bytes = Integer(1_000_000, help="Most bytes a notebook may print in all").tag(config=True)
    max_kernel_deaths = Integer(3, help="Kernel deaths after which the rest is not run").tag(config=True)
    run_key = Unicode("", help="Key of the task's Run in RUNS (judge, runtime folder, outcome)").tag(config=True)

    @property
    def run(self):
        return RUNS[self.run_key]

    def preprocess(self, nb, resources=None, km=None):
        if km is None and self.run is not None and self.run.prestarted is not None:
            km, self.run.prestarted = self.run.prestarted, None
        self._printed = 0
        self._connected = False
        return super().preprocess(nb, resources, km)

    # --- outputs -------------------------------------------------------------------------------------
    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        if msg["msg_type"] == "error":
            content["evalue"] = str(content.get("evalue", ""))[:ERROR_TEXT_LIMIT]
            content["traceback"] = [str(line)[:ERROR_TEXT_LIMIT] for line in content.get("traceback", [])[-30:]]
        if not self._budget(_size(content), outs):
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _budget(self, size, outs):
        """Count ``size`` bytes of output; False (and one notice) once the notebook is over its limit."""
        if self._printed + size > self.max_output_bytes:
            if self._printed <= self.max_output_bytes:
                self._printed = self.max_output_bytes + 1
                self.run.output_limited = True
                outs.append(new_output("stream", name="stdout",
                                       text=f"\n{TRUNCATED}: this notebook printed more than "
                                            f"{self.max_output_bytes:,} bytes; the rest of its output is dropped.\n"))
            return False
        self._printed += size
        return True

    def on_cell_executed(self, **kwargs):
        cell, reply = kwargs["cell"], kwargs["execute_reply"]
        content = reply.get("content", {}) if isinstance(reply, dict) else {}
        if content.get("status") == "error":
            if content.get("ename") == "MemoryError":
                self.run.memory_error = True
            recorded = any(o.get("output_type") == "error" for o in cell.outputs)
            if not recorded:
                error = new_output("error", ename=str(content.get("ename", ""))[:200],
                                   evalue=str(content.get("evalue", ""))[:ERROR_TEXT_LIMIT],
                                   traceback=[str(line)[:ERROR_TEXT_LIMIT] for line in content.get("traceback", [])[-30:]])
                if self._budget(_size(error), cell.outputs):
                    cell.outputs.append(error)

    async def _async_handle_timeout(self, timeout, cell=None):
        if self.run is not None:
            self.run.timeouts.append(getattr(self, "_current_index", None))
        return await super()._async_handle_timeout(timeout, cell)

    # --- cells ---------------------------------------------------------------------------------------
    def preprocess_cell(self, cell, resources, index):
        self._current_index = index
        if not self._connected:
            self._connected = True
            self._connect_judge()
        if nbtools.is_test(cell):
            self._judge_cell(cell, index)
            self._report(index, cell)
            return cell, self.resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._died(cell, index)
            return cell, self.resources
        self._report(index, cell)
        return cell, resources

    def _report(self, index, cell):
        if self.run.progress:
            gid = nbtools.nbgrader_meta(cell).get("grade_id") if nbtools.is_test(cell) else None
            self.run.progress(index, len(self.nb.cells), gid, self.run.verdicts.get(gid))

    def _judge_cell(self, cell, index):
        judge, gid = self.run.judge, nbtools.nbgrader_meta(cell).get("grade_id")
        cell.execution_count = None
        if self.run.silent:  # an earlier test found the kernel not serving: fail at once
            outputs, kind = [_error(SILENT, "the notebook's kernel stopped answering the grader; "
                                            "code in the notebook stops its cells from running")], "silent"
        elif judge.endpoint is None:  # the kernel never connected: the judge says so
            outputs, kind = judge.run(gid)
        else:
            msg_id = self.kc.execute(SERVE, silent=True, store_history=False, allow_stdin=False)
            outputs, kind = judge.run(gid)
            if kind in ("passed", "failed") and not self._reply(msg_id, 10):
                kind = "timeout"  # the kernel did not return from serving
        self.run.verdicts[gid] = kind
        cell.outputs = [from_dict(o) for o in outputs]
        if kind == "silent":
            self.run.silent = True
        elif kind in ("timeout", "died"):
            if kind == "timeout":
                self.run.timeouts.append(index)
            self._died(cell, index, note=False)

    def _reply(self, msg_id, seconds):
        """Wait for the shell reply to ``msg_id``; False if none came in time."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                msg = run_sync(self.kc.get_shell_msg)(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                return False
            except Exception:
                return False
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        return False

    def _connect_judge(self):
        """Before any student code runs in this kernel: start the kernel's end of the judge's line."""
        judge = self.run.judge
        code = judge.listen(self.run.runtime, self.run.uid)
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        try:
            if self._reply(msg_id, 60):
                judge.accept(seconds=5)
            else:
                judge.close()
        except OSError:
            judge.close()

    # --- kernel deaths -------------------------------------------------------------------------------
    def _died(self, cell, index, note=True):
        self.run.deaths += 1
        if note:
            cell.outputs.append(new_output(
                "error", ename=KERNEL_DIED,
                evalue="the kernel died while running this cell (os._exit, a crash, or the memory limit); "
                       "the grader restarted it and ran the cells above again",
                traceback=[f"{KERNEL_DIED}: the kernel died while running this cell"]))
        if self.run.deaths > self.max_kernel_deaths or self.run.deadline:
            raise DeadKernelError("the kernel died too often, or the notebook's time is up")
        self._restart_and_replay(index)

    def _restart_and_replay(self, index):
        """A fresh kernel, connected to the judge, with the state of the cells above ``index``
        (test cells left out)."""
        self.run.judge.close()
        if self.kc is not None:
            self.kc.stop_channels()
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.async_start_new_kernel_client)()
        self._connect_judge()
        for j, previous in enumerate(self.nb.cells[:index]):
            if previous.cell_type == "code" and not nbtools.is_test(previous):
                scratch = copy.deepcopy(previous)  # outputs of the replay are thrown away
                printed = self._printed
                try:
                    self.execute_cell(scratch, j, store_history=False)
                except DeadKernelError:
                    self.run.deaths += 1
                    if self.run.deaths > self.max_kernel_deaths or self.run.deadline:
                        self.nb.cells[j] = previous
                        raise
                    run_sync(self.km.restart_kernel)(now=True)
                    run_sync(self.async_start_new_kernel_client)()
                    self._connect_judge()
                finally:
                    self.nb.cells[j] = previous
                    self._printed = printed
