"""Engines that map the grading task over a class: one queue, every worker busy.

- ``LocalEngine(jobs)``: ``jobs`` worker processes on this machine (worker.py). Each takes the next
  task from one queue as soon as it is free, the costliest first when the cost is known, so a
  slow notebook never holds up a batch behind it. A worker that outlives a task's wall-clock limit
  is killed with everything it started (the notebook is ``timeout``); a worker that dies is
  replaced and its task is run once more on a fresh worker before it is called ``crashed``.
- ``DaskEngine(address)``: the same tasks on a running Dask cluster (``dask scheduler`` and
  ``dask worker ADDRESS --nthreads 1`` on each machine, with the course and bubblewrap installed).
  Dask runs a task again elsewhere when its worker is lost, and each task's result is taken once.

Both call ``on_result(result)`` in the grader's process, once per task.
"""
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
import uuid

from .. import nbtools

GRACE_SECONDS = 60  # beyond a task's own wall-clock limit: worker start and course generation


def crashed(task, status="crashed", why=""):
    return {"student": task["student"], "assignment": task["assignment"], "sha256": task["sha256"],
            "score": 0.0, "max_score": None, "status": status, "findings": [], "tests": [], "code": {},
            "feedback_html": None, "note": why}


class GraderError(SystemExit):
    """The grader itself failed (not a student's notebook): stop the run with this message."""


class LocalEngine:
    def __init__(self, jobs):
        self.jobs = max(1, int(jobs))
        self.workers, self.run_dir = [], None

    def prepare(self, assignments, count=None):
        """Start the workers now (``count``, at most ``jobs``): they import, copy each assignment's
        course and load what its tests need while the instructor's process still reads submissions."""
        if self.run_dir is None:
            self.run_dir = tempfile.mkdtemp(prefix="grader_run_")  # everything of this run's workers; removed at its end
            os.chmod(self.run_dir, 0o700)
        self.env = {**worker_env(), "GRADER_RUN_DIR": self.run_dir, "GRADER_WARM": ",".join(assignments)}
        for _ in range(min(self.jobs, count if count is not None else self.jobs) - len(self.workers)):
            self._spawn()

    def _spawn(self):
        err = open(os.path.join(self.run_dir, f"worker_{uuid.uuid4().hex}.txt"), "w+b")
        proc = subprocess.Popen([sys.executable, "-m", "grader.grading.worker"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=err, env=self.env,
                                cwd=self.run_dir, start_new_session=True)
        self.workers.append({"proc": proc, "buffer": b"", "task": None, "deadline": None, "stderr": err})

    def close(self):
        """Stop every worker and remove the run's folders (also when the run never started)."""
        for w in list(self.workers):
            try:
                w["proc"].stdin.close()
                w["proc"].wait(timeout=10)
            except Exception:
                pass
            kill_group(w["proc"])
            w["stderr"].close()
            self.workers.remove(w)
        if self.run_dir:
            from .sandbox import remove_run
            remove_run(self.run_dir)
            self.run_dir = None

    def run(self, tasks, on_result, log=print):
        queue = list(tasks)
        attempts = {}
        if self.run_dir is None:
            self.prepare(sorted({t["assignment"] for t in queue}))
        workers = self.workers  # dicts: proc, buffer, task, deadline, stderr

        def spawn():
            self._spawn()

        def give(worker):
            task = queue.pop(0)
            worker["task"], worker["deadline"] = task, time.monotonic() + task["settings"]["wall_seconds"] + GRACE_SECONDS
            worker["proc"].stdin.write((json.dumps(task) + "\n").encode("utf-8"))
            worker["proc"].stdin.flush()

        def retire(worker):
            kill_group(worker["proc"])
            worker["stderr"].close()
            workers.remove(worker)

        try:
            while len(workers) < min(self.jobs, len(queue)):
                spawn()
            while len(workers) > max(1, len(queue)):  # more were started than there is work for
                retire(workers[-1])
            while queue or any(w["task"] for w in workers):
                for w in workers:
                    if w["task"] is None and queue:
                        give(w)
                busy = [w for w in workers if w["task"]]
                ready, _, _ = select.select([w["proc"].stdout for w in busy], [], [], 0.2)
                for w in list(busy):
                    if w["proc"].stdout in ready:
                        chunk = os.read(w["proc"].stdout.fileno(), 1 << 20)
                        if chunk:
                            w["buffer"] += chunk
                            while b"\n" in w["buffer"]:
                                line, w["buffer"] = w["buffer"].split(b"\n", 1)
                                result, task = json.loads(line), w["task"]
                                w["task"] = None
                                if "error" in result:  # only a worker that grades other solutions says this
                                    raise GraderError(f"the grader failed on {task['student']}/{task['assignment']}: "
                                                      f"{result['error']}")
                                on_result(result)
                            continue
                        # the worker died: its task runs once more on a new worker, then counts as crashed
                        task = w["task"]
                        w["stderr"].seek(0)
                        problem = w["stderr"].read().decode(errors="replace")[-1500:]
                        retire(w)
                        attempts[task["student"], task["assignment"]] = attempts.get((task["student"], task["assignment"]), 0) + 1
                        if attempts[task["student"], task["assignment"]] < 2:
                            queue.insert(0, task)
                        else:
                            log(f"a worker died twice grading {task['student']}/{task['assignment']}:\n{problem}")
                            on_result(crashed(task, why="the worker died"))
                        if queue and len(workers) < self.jobs:
                            spawn()
                    elif time.monotonic() > w["deadline"]:
                        task = w["task"]
                        retire(w)
                        on_result(crashed(task, "timeout", "the notebook outlived its wall-clock limit"))
                        if queue and len(workers) < self.jobs:
                            spawn()
        finally:
            self.close()


def worker_env():
    """The worker imports this very grader (first on PYTHONPATH), whatever the install."""
    env = nbtools.tool_env()
    env.setdefault("MPLBACKEND", "agg")  # the judge imports what the notebooks' setup cells import
    env["PYTHONPATH"] = os.pathsep.join([str(nbtools.REPO)] + [p for p in [env.get("PYTHONPATH")] if p])
    return env


def kill_group(proc):
    """Stop a worker and everything it started (its sandboxes die with it: --die-with-parent)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _grade_on_dask(task):
    from .task import grade
    return grade(task)


class DaskEngine:
    def __init__(self, address, connect_seconds=10):
        self.address, self.connect_seconds = address, connect_seconds

    def prepare(self, assignments, count=None):
        pass

    def close(self):
        pass

    def run(self, tasks, on_result, log=print):
        from distributed import Client, as_completed
        from distributed.client import FutureCancelledError
        try:
            client = Client(self.address, timeout=f"{self.connect_seconds}s", set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise GraderError(f"cannot reach the Dask scheduler at {self.address} within {self.connect_seconds} s "
                              f"({error}). Start one with `dask scheduler`, and workers with "
                              f"`dask worker {self.address} --nthreads 1`.")
        try:
            if not client.scheduler_info().get("workers"):
                log(f"the scheduler at {self.address} has no workers yet; tasks wait until one joins")
            run_id = uuid.uuid4().hex[:8]
            futures, by_key = [], {}
            for priority, task in enumerate(reversed(tasks)):  # tasks come costliest first
                key = f"grade-{task['student']}-{task['assignment']}-{task['sha256'][:12]}-{run_id}"
                future = client.submit(_grade_on_dask, task, key=key, pure=False, priority=priority)
                futures.append(future)
                by_key[key] = task
            seen = set()
            for future in as_completed(futures, loop=client.loop):
                task = by_key[future.key]
                if future.key in seen:  # never counted twice
                    continue
                seen.add(future.key)
                try:
                    result = future.result()
                except FutureCancelledError:
                    result = crashed(task, why="cancelled")
                except Exception as error:
                    if type(error).__name__ == "KilledWorker":  # it killed worker after worker
                        result = crashed(task, why=str(error))
                    elif type(error).__name__ == "WorkerMismatch":
                        raise GraderError(f"the grader failed on {task['student']}/{task['assignment']} on a "
                                          f"Dask worker: {error}")
                    else:  # never the end of the run
                        result = crashed(task, why=f"{type(error).__name__}: {error}")
                        result["findings"] = [f"the grader could not grade this notebook: {result['note']}"]
                on_result(result)
        finally:
            client.close()
