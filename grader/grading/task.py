"""One grading task: one submitted notebook in, its result out. The same function runs in a local
worker process and on a Dask worker; it needs no folder shared with the instructor.

``grade(task)`` takes a dict

    {"student", "assignment", "notebook_b64" (the submitted file's bytes), "sha256",
     "source_sha256" (of the solution notebook the instructor grades against),
     "settings": {"timeout", "memory_mb", "max_output_bytes", "sandbox"}}

and returns

    {"student", "assignment", "sha256", "score", "max_score", "status", "findings",
     "tests": [{"grade_id", "score", "max_score", "message"}], "code": {grade_id: source},
     "feedback_html", "seconds"}

Each process keeps one nbgrader course per assignment (generated once from its own solutions/,
with its gradebook) and reuses it for every notebook it grades: the student is always called
"student" inside it, and the notebook's folders are emptied after each task. The kernel runs in
the sandbox (sandbox.py); the score, the status and the feedback are computed here, in the
grader's process, from what nbgrader recorded; nothing the kernel wrote is read back.
"""
import base64
import hashlib
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

import nbformat

from .. import nbtools
from . import feedback, integrity, sandbox
from .execute import KERNEL_DIED, TRUNCATED, GuardedExecute

# the worst status first: a notebook that hit several limits gets the first that applies
STATUSES = ["tampered", "crashed", "memory", "timeout", "output_limit", "ok"]
STUDENT = "student"  # the only student of a worker's course
_LOCK = threading.Lock()  # nbgrader's gradebook and the process environment: one task at a time
_COURSES = {}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def make_task(student, assignment, data, settings, root=nbtools.REPO):
    """The task dict for one submitted file (``data``: its bytes)."""
    return {"student": student, "assignment": assignment, "sha256": sha256(data),
            "notebook_b64": base64.b64encode(data).decode("ascii"),
            "source_sha256": sha256(nbtools.solution_path(assignment, root).read_bytes()),
            "settings": dict(settings)}


def canary_targets(solution_nb):
    """{test grade_id: names defined by the exercise cells just above it} for the canary runs."""
    targets, names = {}, []
    for cell in solution_nb.cells:
        if nbtools.is_solution(cell):
            names += sorted(integrity.defined_names(cell.source))
        elif nbtools.is_test(cell):
            if names and float(nbtools.nbgrader_meta(cell).get("points", 0)) > 0:
                targets[nbtools.nbgrader_meta(cell)["grade_id"]] = names
            names = []
    return targets


def _alembic_head():
    """The gradebook schema's version, read in this process. nbgrader asks for it by starting the
    ``alembic`` program (a new Python, a second or more) every time it creates a gradebook."""
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR
    return ScriptDirectory(ALEMBIC_DIR).get_current_head()


def _use_fast_alembic_head():
    import functools
    import nbgrader.api
    if not getattr(nbgrader.api.get_alembic_version, "grader_fast", False):
        fast = functools.lru_cache(maxsize=1)(_alembic_head)
        fast.grader_fast = True
        nbgrader.api.get_alembic_version = fast


class Course:
    """A worker's nbgrader course for one assignment, made once and reused for every notebook."""

    def __init__(self, assignment, root=nbtools.REPO):
        from ..authoring.release import generate, make_course
        _use_fast_alembic_head()
        self.assignment, self.root = assignment, Path(root)
        self.folder = Path(tempfile.mkdtemp(prefix=f"grader_{assignment}_"))
        os.chmod(self.folder, 0o700)
        make_course(self.folder, root, [assignment])
        generate(self.folder, assignment)
        self.solution = nbtools.read(nbtools.solution_path(assignment, root))
        self.source_sha256 = sha256(nbtools.solution_path(assignment, root).read_bytes())
        self.released = nbtools.read(self.folder / "notebooks" / assignment / f"{assignment}.ipynb")
        self.names = integrity.graded_names(self.solution)
        self.canaries = canary_targets(self.solution)
        self.max_score = sum(float(nbtools.nbgrader_meta(c).get("points", 0))
                             for c in self.solution.cells if nbtools.is_test(c))
        self.secrets = feedback.secret_lines(self.solution, self.released)
        from ..references import declared_answers
        self.references = declared_answers(root).get(assignment, {})
        self.starters = {nbtools.nbgrader_meta(cell)["grade_id"]: cell.source
                         for cell in self.released.cells if nbtools.is_solution(cell)}
        self.apis = {}
        self.sandbox_checked = False
        self.mpl_cache = matplotlib_cache(self.folder)

    def api(self, settings):
        key = (settings["timeout"], settings["max_output_bytes"])
        if key not in self.apis:
            self.apis[key] = nbtools.api(self.folder, **autograde_config(settings, self.canaries, self.folder))
        return self.apis[key]

    def clean(self):
        for part in ("submitted", "autograded", "feedback"):
            shutil.rmtree(self.folder / part / STUDENT, ignore_errors=True)


def matplotlib_cache(folder):
    """matplotlib's font list, built once per machine (a second or two) for the kernels to copy:
    in the user's cache folder when it is writable, else in the course folder."""
    import subprocess
    import sys
    from importlib.metadata import version
    tag = f"matplotlib-{version('matplotlib')}"
    for cache in (Path.home() / ".cache" / "dl-course-grader" / tag, Path(folder) / "mplcache"):
        if list(cache.glob("fontlist-*.json")):
            return cache
        try:
            cache.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                       env={**os.environ, "MPLCONFIGDIR": str(cache)}, capture_output=True, timeout=120)
        if list(cache.glob("fontlist-*.json")):
            return cache
    return None


def autograde_config(settings, canaries, folder):
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import Execute
    steps = [GuardedExecute if step is Execute else step
             for step in Autograde.class_traits()["autograde_preprocessors"].default()]
    runtime = Path(folder) / "sandbox" / "runtime"
    return {"Autograde": {"autograde_preprocessors": steps},
            "Execute": {"timeout": settings["timeout"]},
            "GuardedExecute": {"timeout": settings["timeout"], "max_output_bytes": settings["max_output_bytes"],
                               "canary_names": canaries},
            "KernelManager": {"transport": "ipc", "connection_file": str(runtime / "kernel.json")},
            "OverwriteCells": {"add_missing_cells": True}}


def course(assignment, root=nbtools.REPO):
    if assignment not in _COURSES:
        _COURSES[assignment] = Course(assignment, root)
    return _COURSES[assignment]


def grade(task, root=nbtools.REPO):
    """Grade one submitted notebook; return its result dict (see the module's docstring)."""
    with _LOCK:
        start = time.perf_counter()
        result = _grade(task, root)
        result["seconds"] = round(time.perf_counter() - start, 3)
        return result


def _grade(task, root):
    data = base64.b64decode(task["notebook_b64"])
    result = {"student": task["student"], "assignment": task["assignment"], "sha256": task["sha256"],
              "score": 0.0, "max_score": None, "status": "invalid", "findings": [], "tests": [], "code": {},
              "feedback_html": None}
    c = course(task["assignment"], root)
    if task.get("source_sha256") and task["source_sha256"] != c.source_sha256:
        raise RuntimeError(f"this worker's solutions/{task['assignment']} differs from the instructor's "
                           "(install the same version of the course on every worker)")
    result["max_score"] = c.max_score
    if task["settings"].get("sandbox", True) and not c.sandbox_checked:
        sandbox.require_bwrap()  # raises with how to install it: a worker without bubblewrap grades nothing
        c.sandbox_checked = True
    try:
        submitted = nbformat.reads(data.decode("utf-8"), as_version=4)
        nbformat.validate(submitted)
    except Exception:
        return result
    result["findings"] = integrity.scan(submitted, c.released, c.names)
    result["code"] = {nbtools.nbgrader_meta(cell)["grade_id"]: cell.source for cell in submitted.cells
                      if nbtools.is_solution(cell) and nbtools.nbgrader_meta(cell).get("grade_id")}
    result["findings"] += integrity.copied_references(result["code"], c.starters, c.references)
    for _ in range(2):  # a kernel that died is given one more chance from scratch (see docs)
        outcome = run_autograde(c, data, task["settings"])
        if outcome["status"] != "crashed":
            break
    result["findings"] += outcome.pop("findings", [])
    result.update(outcome)
    return result


def run_autograde(c, data, settings):
    """One nbgrader autograde of ``data`` in the worker's course; the outcome part of the result."""
    c.clean()
    target = c.folder / "submitted" / STUDENT / c.assignment
    target.mkdir(parents=True)
    (target / f"{c.assignment}.ipynb").write_bytes(data)
    home = sandbox.prepare_home(c.folder / "sandbox" / "home", c.mpl_cache)
    runtime = sandbox.prepare_runtime(c.folder / "sandbox" / "runtime")
    limits = {"memory_mb": settings["memory_mb"], "nproc": settings.get("nproc", 256),
              "fsize_mb": settings.get("fsize_mb", 64), "cpu_seconds": settings.get("cpu_seconds", 3600)}
    argv = sandbox.kernel_argv(home, runtime, limits) if settings.get("sandbox", True) else sandbox.unsandboxed_argv(limits)
    sandbox.write_kernel_spec(c.folder / "jupyter", argv)
    os.environ["JUPYTER_PATH"] = str(c.folder / "jupyter")
    watchdog = threading.Timer(wall_limit(c, settings), kill_kernels, args=(runtime, home))
    watchdog.daemon = True
    watchdog.start()
    km = prestart_kernel(runtime)  # it boots while nbgrader reads, checks and restores the notebook
    try:
        c.api(settings).autograde(c.assignment, STUDENT, force=True, create=True)
    finally:
        GuardedExecute.prestarted = None
        watchdog.cancel()
        kill_kernels(runtime, home, deadline=False)  # nothing of the notebook outlives its task
        try:
            km.cleanup_resources()
        except Exception:
            pass
    graded = c.folder / "autograded" / STUDENT / c.assignment / f"{c.assignment}.ipynb"
    if not graded.exists():  # nbgrader gave up on the notebook (the kernel died too often)
        status = "timeout" if GuardedExecute.report.get("deadline") else "crashed"
        return {"score": 0.0, "status": status, "tests": [], "feedback_html": None}
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{c.folder / 'gradebook.db'}", "dl-fundamentals") as gb:
        sub = gb.find_submission_notebook(c.assignment, c.assignment, STUDENT)
        points = {g.name: (float(g.score or 0), float(g.max_score or 0)) for g in sub.grades}
        score = float(gb.find_submission(c.assignment, STUDENT).score)
    nb = nbtools.read(graded)
    tampered = list(GuardedExecute.report.get("tampered", []))
    tests = []
    for cell in nb.cells:
        if nbtools.is_test(cell):
            gid = nbtools.nbgrader_meta(cell)["grade_id"]
            got, most = points.get(gid, (0.0, float(nbtools.nbgrader_meta(cell).get("points", 0))))
            tests.append({"grade_id": gid, "score": got, "max_score": most,
                          "message": feedback.failure_message(cell, c.secrets)})
    status = status_of(nb, tampered)
    html = feedback.render_html(feedback.sanitize(nb, c.secrets), c.assignment, score, c.max_score, tests)
    c.clean()
    return {"score": score, "status": status, "tests": tests, "feedback_html": html,
            "findings": [f"test cell {g} passed even with answers made wrong on purpose "
                               "(code in the notebook changes how tests run): scored 0" for g in tampered]}


def prestart_kernel(runtime):
    """Start the notebook's (sandboxed) kernel now and hand its manager to GuardedExecute, which
    uses it instead of starting one when nbgrader reaches the execution step."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from traitlets.config import Config
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.connection_file = str(Path(runtime) / "kernel.json")
    km = AsyncKernelManager(kernel_name="python3", config=config)
    run_sync(km.start_kernel)(extra_arguments=["--HistoryManager.hist_file=:memory:"])
    GuardedExecute.prestarted = km
    return km


def wall_limit(c, settings):
    """Seconds the whole notebook may take: the per-cell limit for every code cell, plus start-up."""
    cells = sum(1 for cell in c.released.cells if cell.cell_type == "code")
    return settings.get("wall_seconds") or 60 + settings["timeout"] * 2 * cells


def kill_kernels(runtime, home, deadline=True):
    """SIGKILL every sandbox process of this course (found by its runtime folder on the command line)."""
    if deadline:
        GuardedExecute.report["deadline"] = True
    marker = str(runtime).encode()
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if marker in cmdline:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass


def status_of(nb, tampered=()):
    """tampered, crashed, memory, timeout, output_limit or ok, from an autograded notebook."""
    errors, texts = set(), []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                errors.add(out.get("ename"))
            elif out.get("output_type") == "stream":
                texts.append(out.get("text", ""))
    found = {"tampered": bool(tampered), "crashed": KERNEL_DIED in errors, "memory": "MemoryError" in errors,
             "timeout": "CellTimeoutError" in errors, "output_limit": any(TRUNCATED in t for t in texts)}
    return next(s for s in STATUSES if s == "ok" or found[s])
