"""One grading task: one submitted notebook in, its result out. The same function runs in a local
worker process, on a Dask worker and in ``selfcheck``; it needs no folder shared with the instructor.

``grade(task)`` takes a dict

    {"student", "assignment", "notebook_b64" (the submitted file's bytes), "sha256",
     "source_sha256" (of the solution notebook the instructor grades against),
     "settings": Limits.to_dict()}     (or "invalid": why the submission is not a notebook file)

and returns

    {"student", "assignment", "sha256", "score", "max_score", "status", "findings",
     "tests": [{"grade_id", "score", "max_score", "message"}], "code": {grade_id: source},
     "feedback_html", "seconds", "judge_seconds", "note"}

It reads as its stages: ``prepare`` (read and scan the notebook), ``run`` (nbgrader's autograde,
with the student's kernel in the sandbox running the notebook's cells and the judge running the
test cells: execute.py, judge.py), ``collect`` (points from the gradebook, the status from what
the executor saw) and ``feedback``. Any exception in a task makes that notebook ``crashed`` with
the reason (a finding for integrity.csv); only a worker that grades against other solutions than
the instructor's stops the run.

Each process keeps one nbgrader course per assignment (generated once, with its gradebook) and
reuses it for every notebook it grades: the student is always called "student" inside it, and
the notebook's folders are emptied after each task. Each task gets its own sandbox folders, uid
and control group, removed when it ends.
"""
import atexit
import base64
import hashlib
import os
import shutil
import tempfile
import sys
import threading
import time
from pathlib import Path

import nbformat

from .. import nbtools
from . import feedback, integrity, sandbox
from .limits import Limits

# nbgrader, nbclient (execute.py) and numpy (judge.py) are imported when a notebook is graded, not
# when this module is: the instructor's process only makes tasks, and a kernel boots meanwhile.

STATUSES = ["tampered", "memory", "crashed", "timeout", "output_limit", "ok"]  # the worst first
STUDENT = "student"  # the only student of a worker's course
_LOCK = threading.Lock()  # nbgrader's gradebook and the process environment: one task at a time
_COURSES = {}


class WorkerMismatch(RuntimeError):
    """This worker grades against other solutions than the instructor's: stop the run."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def make_task(student, assignment, data, settings, root=nbtools.REPO, invalid=None):
    """The task dict for one submitted file (``data``: its bytes; ``invalid``: why it is not one)."""
    settings = settings.to_dict() if isinstance(settings, Limits) else dict(settings)
    task = {"student": student, "assignment": assignment, "sha256": sha256(data),
            "notebook_b64": base64.b64encode(data).decode("ascii"),
            "source_sha256": sha256(nbtools.solution_path(assignment, root).read_bytes()), "settings": settings}
    if invalid:
        task["invalid"] = invalid
    return task


def empty_result(task, status="crashed", note=""):
    return {"student": task["student"], "assignment": task["assignment"], "sha256": task.get("sha256"),
            "score": 0.0, "max_score": None, "status": status, "findings": [], "tests": [], "code": {},
            "feedback_html": None, "note": note}


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


def scratch_parent():
    """Where this process makes its folders: the run's folder when the engine gave one
    (GRADER_RUN_DIR, removed by the engine at the end of the run), else the system's."""
    parent = os.environ.get("GRADER_RUN_DIR")
    return parent if parent and os.path.isdir(parent) else None


class Course:
    """A worker's nbgrader course for one assignment, made once and reused for every notebook."""

    def __init__(self, assignment, root=nbtools.REPO):
        self.assignment, self.root = assignment, Path(root)
        self.folder = Path(tempfile.mkdtemp(prefix=f"grader_{assignment}_", dir=scratch_parent()))
        atexit.register(sandbox.remove_tree, self.folder)
        os.chmod(self.folder, 0o700)
        shutil.copytree(generated_course(assignment, root), self.folder, dirs_exist_ok=True)
        self.solution = nbtools.read(nbtools.solution_path(assignment, root))
        self.source_sha256 = sha256(nbtools.solution_path(assignment, root).read_bytes())
        self.released = nbtools.read(self.folder / "notebooks" / assignment / f"{assignment}.ipynb")
        self.names = integrity.graded_names(self.solution)
        self.max_score = sum(float(nbtools.nbgrader_meta(c).get("points", 0))
                             for c in self.solution.cells if nbtools.is_test(c))
        self.secrets = feedback.secret_lines(self.solution, self.released)
        from ..references import declared_answers
        self.references = declared_answers(root).get(assignment, {})
        self.starters = {nbtools.nbgrader_meta(cell)["grade_id"]: cell.source
                         for cell in self.released.cells if nbtools.is_solution(cell)}
        self.code_cells = sum(1 for cell in self.released.cells if cell.cell_type == "code")
        self.apis = {}
        self.sandbox_checked = False
        self.mpl_cache = matplotlib_cache(self.folder)

    def api(self, limits):
        key = (limits.timeout, limits.max_output_bytes)
        if key not in self.apis:
            _use_fast_alembic_head()
            self.apis[key] = nbtools.api(self.folder, **autograde_config(limits))
        return self.apis[key]

    def clean(self):
        for part in ("submitted", "autograded", "feedback"):
            sandbox.remove_tree(self.folder / part / STUDENT)


def course_key(assignment, root=nbtools.REPO):
    """What a generated course depends on: the solution, the course's nbgrader settings, nbgrader."""
    from importlib.metadata import version
    parts = [nbtools.solution_path(assignment, root).read_bytes(), (Path(root) / "nbgrader_config.py").read_bytes(),
             version("nbgrader").encode()]
    return sha256(b"\0".join(parts))[:16]


def generated_course(assignment, root=nbtools.REPO):
    """The nbgrader course of ``assignment`` (config, solution, released notebook, gradebook), made
    with ``nbgrader generate_assignment`` once per machine and version of its sources, in the
    grader's cache folder (never visible to a sandbox); made afresh when that folder is not writable."""
    from ..authoring.release import generate, make_course
    cache = Path.home() / ".cache" / "dl-course-grader" / "courses" / f"{assignment}-{course_key(assignment, root)}"
    if (cache / ".ready").exists():
        return cache
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=cache.parent))
    except OSError:
        building = Path(tempfile.mkdtemp(prefix=f"grader_course_{assignment}_", dir=scratch_parent()))
        atexit.register(sandbox.remove_tree, building)
        cache = None
    make_course(building, root, [assignment])
    generate(building, assignment)
    (building / ".ready").touch()
    if cache is None:
        return building
    try:
        os.rename(building, cache)  # atomic; another worker may have won the race
    except OSError:
        sandbox.remove_tree(building)
    return cache


def matplotlib_cache(folder):
    """matplotlib's font list, built once per machine (a second or two) for the kernels to copy:
    in the grader's cache folder when it is writable, else in the course folder. The sandbox gets
    a copy; it never writes here."""
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


def autograde_config(limits):
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import Execute
    from .execute import GuardedExecute
    steps = [GuardedExecute if step is Execute else step
             for step in Autograde.class_traits()["autograde_preprocessors"].default()]
    return {"Autograde": {"autograde_preprocessors": steps},
            "Execute": {"timeout": limits.timeout},
            "GuardedExecute": {"timeout": limits.timeout, "max_output_bytes": limits.max_output_bytes},
            "OverwriteCells": {"add_missing_cells": True}}


def course(assignment, root=nbtools.REPO):
    if assignment not in _COURSES:
        _COURSES[assignment] = Course(assignment, root)
    return _COURSES[assignment]


def warm(assignments, root=nbtools.REPO):
    """Before the first task: the courses of ``assignments``, nbgrader and what their tests import
    (a worker does this while the instructor's process still reads the submissions)."""
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from .judge import Judge
            import nbgrader.converters.autograde  # noqa: F401
            for a in assignments:
                Judge(course(a, root).solution)
    except Exception:
        pass  # the first task will meet the same problem and report it


def grade(task, root=nbtools.REPO, progress=None):
    """Grade one submitted notebook; return its result dict (see the module's docstring).
    ``progress(index, count, grade_id, verdict)`` is called after each cell (selfcheck shows it)."""
    import warnings
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy warnings are not the student's business
        start = time.perf_counter()
        try:
            result = _grade(task, root, progress)
        except WorkerMismatch:
            raise
        except Exception as error:  # a task never stops the run: this notebook is crashed, with why
            import traceback
            where = traceback.extract_tb(error.__traceback__)[-1]
            why = f"{type(error).__name__}: {str(error)[:300]} (at {Path(where.filename).name}:{where.lineno})"
            result = empty_result(task, "crashed", f"the grader could not grade this notebook: {why}")
            result["findings"] = [result["note"]]
        result["seconds"] = round(time.perf_counter() - start, 3)
        return result


def _grade(task, root, progress=None):
    result = empty_result(task, "invalid")
    if task.get("invalid"):
        result["note"] = task["invalid"]
        result["feedback_html"] = feedback.invalid_html(task["assignment"], task["invalid"])
        return result
    limits = Limits.from_dict(task["settings"])
    c = course(task["assignment"], root)
    if task.get("source_sha256") and task["source_sha256"] != c.source_sha256:
        raise WorkerMismatch(f"this worker's solutions/{task['assignment']} differs from the instructor's "
                             "(install the same version of the course on every worker)")
    result["max_score"] = c.max_score
    if limits.sandbox and not c.sandbox_checked:
        sandbox.require_bwrap()  # raises with how to install it: a worker without bubblewrap grades nothing
        c.sandbox_checked = True
    data = base64.b64decode(task["notebook_b64"])
    submitted, why = prepare(data)
    if submitted is None:
        result["note"] = why
        result["feedback_html"] = feedback.invalid_html(task["assignment"], why)
        return result
    result["code"] = {nbtools.nbgrader_meta(cell)["grade_id"]: cell.source for cell in submitted.cells
                      if nbtools.is_solution(cell) and nbtools.nbgrader_meta(cell).get("grade_id")}
    for_class = not task.get("selfcheck")  # a student checking their own work needs no findings nor page
    if for_class:
        result["findings"] = integrity.scan(submitted, c.released, c.names)
        result["findings"] += integrity.copied_references(result["code"], c.starters, c.references)
        from .pasted import pasted_solutions
        result["findings"] += pasted_solutions(result["code"], c.assignment, c.root, solution=c.solution)
    for _ in range(2):  # a kernel that died is given one more chance from scratch (see docs)
        outcome = run(c, data, limits, progress, feedback_page=for_class)
        if outcome["status"] != "crashed":
            break
    result["findings"] += outcome.pop("findings", [])
    result.update(outcome)
    return result


def prepare(data):
    """The submitted notebook, or (None, why it cannot be graded)."""
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except UnicodeDecodeError:
        return None, "the file is not text (UTF-8): it is not a notebook"
    except Exception as error:
        return None, f"the file is not a valid Jupyter notebook ({type(error).__name__}: {str(error)[:200]})"
    return nb, ""


def run(c, data, limits, progress=None, feedback_page=True):
    """One nbgrader autograde of ``data`` in the worker's course: the kernel in its own sandbox
    folders, uid and control group, the test cells in the judge. The outcome part of the result."""
    c.clean()
    target = c.folder / "submitted" / STUDENT / c.assignment
    target.mkdir(parents=True)
    (target / f"{c.assignment}.ipynb").write_bytes(data)
    from .execute import RUNS, Run
    from .judge import Judge
    with sandbox.uid_lease() as uid:
        uid = uid if limits.sandbox else None
        folders = sandbox.TaskFolders(uid, c.mpl_cache)
        group = sandbox.Cgroup.make((limits.memory_mb + Limits.MEMORY_SLACK_MB) * 2**20, limits.nproc) \
            if limits.sandbox else None
        state = Run(None, folders.runtime, uid)
        state.progress = progress
        km, report, judge = None, None, None

        def stop_everything():
            if group:
                group.kill()
            sandbox.kill_uid(uid)
            kill_marked(folders.runtime)

        def deadline():
            state.deadline = True
            stop_everything()
        watchdog = threading.Timer(limits.wall(c.code_cells), deadline)
        watchdog.daemon = True
        try:
            argv = (sandbox.kernel_argv(folders.home, folders.runtime, limits.to_dict(), uid, group)
                    if limits.sandbox else sandbox.unsandboxed_argv(limits.to_dict()))
            sandbox.write_kernel_spec(c.folder / "jupyter", argv)
            os.environ["JUPYTER_PATH"] = str(c.folder / "jupyter")
            watchdog.start()
            # the kernel boots while the judge imports what the tests need and nbgrader prepares the notebook
            km = state.prestarted = start_kernel(folders.runtime, folders.home if not limits.sandbox else None)
            judge = state.judge = Judge(c.solution, limits.timeout)
            api = c.api(limits)
            key = f"{os.getpid()}-{time.monotonic_ns()}"
            RUNS[key] = state
            api.config.GuardedExecute.run_key = key
            report = api.autograde(c.assignment, STUDENT, force=True, create=True)
        finally:
            watchdog.cancel()
            RUNS.clear()
            if judge is not None:
                judge.close()
            stop_everything()  # nothing of the notebook outlives its task
            if km is not None:
                try:
                    from jupyter_core.utils import run_sync
                    run_sync(km.cleanup_resources)()
                except Exception:
                    pass
            oom = bool(group and group.oom_killed())
        try:  # the killed processes are reaped meanwhile, so that their group is empty when it is removed
            outcome = collect(c, state, oom, feedback_page)
        finally:
            if group:
                group.remove()
            folders.remove()
    outcome["judge_seconds"] = round(judge.seconds, 3) if judge else 0.0
    if outcome["status"] == "crashed" and not outcome["tests"]:
        error = str((report or {}).get("error") or "").strip().splitlines()
        outcome["note"] = "nbgrader could not grade the notebook" + (f": {error[-1][:300]}" if error else "")
        if os.environ.get("GRADER_DEBUG"):
            print((report or {}).get("log"), (report or {}).get("error"), file=sys.stderr)
    c.clean()
    return outcome


def start_kernel(runtime, cwd=None):
    """Start the notebook's (sandboxed) kernel now, while nbgrader reads, checks and restores the
    notebook; GuardedExecute uses it instead of starting one. Its standard output and error go
    nowhere: the kernel inherits no descriptor of the worker."""
    import subprocess
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from traitlets.config import Config
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.connection_file = str(Path(runtime) / "kernel.json")
    km = AsyncKernelManager(kernel_name="python3", config=config)
    extra = {"cwd": str(cwd)} if cwd else {}
    run_sync(km.start_kernel)(extra_arguments=["--HistoryManager.hist_file=:memory:"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **extra)
    return km


def kill_marked(runtime):
    """SIGKILL every process whose command line names this task's runtime folder (the sandbox,
    when neither a uid nor a control group can find it)."""
    import signal
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


def collect(c, state, oom=False, feedback_page=True):
    """Points from the gradebook, each test's message, the status from what the executor saw, the feedback."""
    graded = c.folder / "autograded" / STUDENT / c.assignment / f"{c.assignment}.ipynb"
    if not graded.exists():  # nbgrader gave up on the notebook (the kernel died too often, or time ran out)
        status = "timeout" if state.deadline else "memory" if oom else "crashed"
        return {"score": 0.0, "status": status, "tests": [], "feedback_html": None, "findings": []}
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{c.folder / 'gradebook.db'}", "dl-fundamentals") as gb:
        sub = gb.find_submission_notebook(c.assignment, c.assignment, STUDENT)
        points = {g.name: (float(g.score or 0), float(g.max_score or 0)) for g in sub.grades}
        score = float(gb.find_submission(c.assignment, STUDENT).score)
    nb = nbtools.read(graded)
    tests = []
    for cell in nb.cells:
        if nbtools.is_test(cell):
            gid = nbtools.nbgrader_meta(cell)["grade_id"]
            got, most = points.get(gid, (0.0, float(nbtools.nbgrader_meta(cell).get("points", 0))))
            tests.append({"grade_id": gid, "score": got, "max_score": most,
                          "message": feedback.failure_message(cell, c.secrets)})
    status = status_of(state, oom)
    findings = []
    if state.silent:
        findings.append("the kernel stopped answering the grader's judge (code in the notebook stops cells "
                        "from running): every test from there on scored 0")
    html = None
    if feedback_page:
        course_markdown = [cell.source for cell in c.released.cells if cell.cell_type == "markdown"]
        html = feedback.render_html(feedback.sanitize(nb, c.secrets), c.assignment, score, c.max_score, tests,
                                    course_markdown)
    return {"score": score, "status": status, "tests": tests, "feedback_html": html, "findings": findings}


def status_of(state, oom=False):
    """tampered, memory, crashed, timeout, output_limit or ok, from the executor's own records."""
    found = {"tampered": state.silent, "memory": oom or state.memory_error, "crashed": state.deaths > 0,
             "timeout": bool(state.timeouts) or state.deadline, "output_limit": state.output_limited}
    return next(s for s in STATUSES if s == "ok" or found[s])
