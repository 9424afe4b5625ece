"""nbgrader's Execute preprocessor with two guards that grading a real class needs.

- Output limit: a notebook may print at most ``max_output_bytes`` in all. Past that, its printed
  output and pictures are dropped and one notice is written; error outputs always pass (they
  decide the points), shortened to a few kilobytes.
- Kernel deaths: when a cell kills the kernel (``os._exit``, a segfault, the memory limit), that
  cell gets an error output, the kernel is restarted, the cells above it (not the test cells) are
  run again to rebuild the state, and grading goes on. The test cells that ran keep their points.

The grader names it in nbgrader's ``Autograde.autograde_preprocessors`` in place of ``Execute``.
"""
import copy

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from traitlets import Integer

from nbgrader.preprocessors import Execute

from . import nbtools

TRUNCATED = "[grader] output limit reached"
KERNEL_DIED = "KernelDied"
ERROR_TEXT_LIMIT = 4000


def _size(content):
    size = len(content.get("text", ""))
    for value in content.get("data", {}).values():
        size += len(value) if isinstance(value, str) else 100
    return size


class GuardedExecute(Execute):
    max_output_bytes = Integer(1_000_000, help="Most bytes a notebook may print in all").tag(config=True)
    max_kernel_deaths = Integer(3, help="Kernel deaths after which the rest is not run").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._printed = 0
        self._deaths = 0
        return super().preprocess(nb, resources, km)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        if msg["msg_type"] == "error":
            content["evalue"] = str(content.get("evalue", ""))[:ERROR_TEXT_LIMIT]
            content["traceback"] = [line[:ERROR_TEXT_LIMIT] for line in content.get("traceback", [])[-30:]]
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
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._deaths += 1
            cell.outputs.append(new_output(
                "error", ename=KERNEL_DIED,
                evalue="the kernel died while running this cell (os._exit, a crash, or the memory limit); "
                       "the grader restarted it and ran the cells above again",
                traceback=[f"{KERNEL_DIED}: the kernel died while running this cell"]))
            if self._deaths > self.max_kernel_deaths:
                raise
            self._restart_and_replay(index)
            return cell, self.resources

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
                except DeadKernelError:
                    self._deaths += 1
                    if self._deaths > self.max_kernel_deaths:
                        raise
                    run_sync(self.km.restart_kernel)(now=True)
                    run_sync(self.async_start_new_kernel_client)()
