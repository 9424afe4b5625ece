"""The sandbox every graded notebook's kernel runs in: Linux bubblewrap (``bwrap``).

Inside the sandbox the kernel sees only what it needs to run a course notebook, read-only:
the system (/usr, /lib, ...), the Python installation, the virtual environment and the
course_lib package. It has its own writable scratch home (empty at start) and private /tmp and
/dev/shm. It does not see solutions/, the submissions, the grader's folders, the results or any
home directory. It has:

- no network: a network namespace of its own (only a loopback that leads nowhere); the kernel
  talks to the grader over Unix-domain sockets (ZeroMQ's ``ipc`` transport, and the judge's
  socket) in its runtime folder, the one folder it shares with the grader;
- its own PID namespace: when the kernel ends, every process it started ends with it, detached
  or not (``--die-with-parent`` ends the sandbox if the grader dies first);
- nothing shared with any other task: the scratch home and the runtime folder are made for one
  task (``TaskFolders``) and removed after it, without following links; the kernel's standard
  output and error go nowhere (no descriptor of the worker is inherited);
- a user of its own: when the grader runs as root, each sandbox runs as a uid leased to that task
  alone (``uid_lease``), so per-user limits (processes) bind each sandbox on its own; otherwise it
  keeps the instructor's uid inside a user namespace with no capabilities;
- limits (setrlimit): memory (the data segment, so numpy allocations fail with MemoryError),
  processes, file size and CPU time; and, where the machine lets the grader make control groups
  (``Cgroup``: cgroup v2, or v1's memory and pids controllers), a hard memory limit that counts
  everything, shared memory and memfd included, and a process limit for the whole sandbox.

The kernel spec's argv is ``[cgroup entry] bwrap ... -- python -c LAUNCHER ...``: LAUNCHER sets
the limits, drops privileges and starts ipykernel. Interrupts go as messages
(``interrupt_mode: message``), since a signal to bwrap would not reach the kernel.
"""
import contextlib
import fcntl
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UID_BASE, UID_COUNT = 1_900_000_000, 4096  # uids leased to sandboxes (root only); no account has them
SANDBOX_HOME = "/home/student"
# The kernel process: limits, then (as root) the task's uid, then ipykernel. It runs inside the sandbox.
LAUNCHER = r"""
import os, resource, sys
memory, nproc, fsize, cpu, uid, connection = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]),
                                              int(sys.argv[5]), sys.argv[6])
for what, value in ((resource.RLIMIT_DATA, memory), (resource.RLIMIT_FSIZE, fsize), (resource.RLIMIT_CPU, cpu),
                    (resource.RLIMIT_NPROC, nproc), (resource.RLIMIT_CORE, 0)):
    resource.setrlimit(what, (value, value))
if os.getuid() == 0:  # the grader runs as root: the notebook runs as this task's own uid
    with open(connection, "rb") as f:
        info = f.read()
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)  # also clears the two capabilities bwrap left for this
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SystemExit("could not drop root")
    connection = os.path.join(os.environ["HOME"], ".connection.json")
    if os.path.lexists(connection):  # a restarted kernel: the notebook may have put anything there
        os.unlink(connection)
    with open(os.open(connection, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
        f.write(info)
sys.argv = ["ipykernel", "-f", connection, "--HistoryManager.hist_file=:memory:"]
from ipykernel import kernelapp
kernelapp.launch_new_instance()
"""

ENV = {  # the kernel's whole environment: nothing else of the grader's leaks in
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": SANDBOX_HOME,
    "LANG": "C.UTF-8",
    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    "MPLCONFIGDIR": SANDBOX_HOME + "/.matplotlib",
    "IPYTHONDIR": SANDBOX_HOME + "/.ipython",
    "PYTHONDONTWRITEBYTECODE": "1",
}
SYSTEM = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc/alternatives", "/etc/ld.so.cache",
          "/etc/fonts", "/etc/localtime", "/etc/ssl"]
INSTALL_HINT = ("the grader runs every notebook in a bubblewrap sandbox, and `bwrap` was not found.\n"
                "Install it (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap),\n"
                "or grade without a sandbox with --no-sandbox (student code then runs with your rights: "
                "it can read the solutions, other submissions and the results, and reach the network).")


class SandboxMissing(RuntimeError):
    pass


def bwrap_path():
    return shutil.which("bwrap")


def require_bwrap():
    """Raise SandboxMissing (with how to install it) unless bubblewrap is on PATH and works."""
    path = bwrap_path()
    if not path:
        raise SandboxMissing(INSTALL_HINT)
    import subprocess
    probe = subprocess.run([path, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        raise SandboxMissing(f"bwrap is installed but cannot make a sandbox here: {probe.stderr.strip()}\n"
                             "(it needs user namespaces, or root). " + INSTALL_HINT.split("\n", 1)[1])
    return path


def read_only_paths():
    """What the kernel needs to see: the system, the Python installation, the venv, course_lib."""
    paths = [p for p in SYSTEM if os.path.exists(p)]
    paths += [sys.base_prefix, sys.prefix]
    real = sys.executable
    paths.append(str(Path(real).parent))
    unique = []
    for p in paths:
        p = p if p in SYSTEM else str(Path(p).resolve())
        if p not in unique:
            unique.append(p)
    return unique


def course_lib_path():
    """The course_lib package the notebooks import: the grader's own checkout's, else the installed one."""
    from .. import nbtools
    own = nbtools.REPO / "course_lib"
    if (own / "__init__.py").exists():
        return own
    spec = importlib.util.find_spec("course_lib")  # finds the package without importing it
    return Path(list(spec.submodule_search_locations)[0]) if spec and spec.submodule_search_locations else None


def kernel_argv(home, runtime, limits, uid=None, cgroup=None, python=sys.executable):
    """The argv of a sandboxed kernel; jupyter_client fills in ``{connection_file}``.

    home : folder bound as the writable scratch home (and working directory)
    runtime : folder of the connection file and the sockets (shared with the grader)
    limits : {"memory_mb", "nproc", "fsize_mb", "cpu_seconds"}
    uid : the task's uid (the grader runs as root), else None
    cgroup : the task's Cgroup, whose members the sandbox's processes become, or None
    """
    scratch = str(max(64, min(512, limits["memory_mb"] // 2)) * 2**20)  # bytes of /tmp and of /dev/shm each
    argv = [bwrap_path() or "bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
            "--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", scratch, "--tmpfs", "/tmp",
            "--perms", "1777", "--size", scratch, "--tmpfs", "/dev/shm", "--tmpfs", "/home"]
    paths = read_only_paths()
    parents = sorted({str(q) for p in paths + [str(runtime)] for q in Path(p).parents if str(q) not in ("/", "/tmp")},
                     key=lambda q: q.count("/"))
    for parent in parents:  # bwrap would make them 0700: the task's uid could not pass through
        argv += ["--perms", "0755", "--dir", parent]
    for path in paths:
        if os.path.islink(path) and path in SYSTEM:  # merged /usr: /lib -> usr/lib
            argv += ["--symlink", os.readlink(path), path]
        else:
            argv += ["--ro-bind-try", path, path]
    lib = course_lib_path()
    if lib:
        argv += ["--perms", "0755", "--dir", "/opt/course", "--ro-bind", str(lib), "/opt/course/course_lib",
                 "--setenv", "PYTHONPATH", "/opt/course"]
    argv += ["--bind", str(home), SANDBOX_HOME, "--bind", str(runtime), str(runtime), "--chdir", SANDBOX_HOME]
    for key, value in ENV.items():
        argv += ["--setenv", key, value]
    if os.getuid() != 0:
        argv += ["--unshare-user"]
    else:  # only what the launcher needs to become the task's uid; setuid() clears them
        argv += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    argv += ["--", python, "-c", LAUNCHER, *_limit_args(limits, uid), "{connection_file}"]
    return (cgroup.entry() if cgroup else []) + argv


def _limit_args(limits, uid):
    return [str(limits["memory_mb"] * 2**20), str(limits["nproc"]), str(limits["fsize_mb"] * 2**20),
            str(limits["cpu_seconds"]), str(uid if uid is not None else -1)]


def unsandboxed_argv(limits, python=sys.executable):
    """--no-sandbox: the same limits, in a plain process with the grader's rights."""
    code = LAUNCHER.replace("if os.getuid() == 0:", "if False:")
    return [python, "-c", code, *_limit_args(limits, None), "{connection_file}"]


def write_kernel_spec(jupyter_dir, argv):
    """Kernel spec "python3" in ``jupyter_dir``/kernels (put first on JUPYTER_PATH by the caller)."""
    spec_dir = Path(jupyter_dir) / "kernels" / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": argv, "display_name": "Python 3 (grader sandbox)", "language": "python",
            "interrupt_mode": "message"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return spec_dir


def runtime_root():
    """A short folder for the tasks' sandbox folders (Unix-socket paths must stay under 108 bytes):
    /run/dl-course-grader under root, else the system's temporary folder (or /tmp if that is long)."""
    if os.getuid() == 0 and os.path.isdir("/run"):
        root = Path("/run/dl-course-grader")
        root.mkdir(mode=0o700, exist_ok=True)
        return root
    tmp = tempfile.gettempdir()
    return Path(tmp if len(tmp) <= 40 else "/tmp")


def run_tag():
    """The prefix of this run's task folders (from the engine's run folder), so that the engine can
    remove what a killed worker left."""
    run_dir = os.environ.get("GRADER_RUN_DIR", "")
    return (os.path.basename(run_dir) + "-") if run_dir else "task_"


def remove_run(run_dir):
    """Remove a run's folder and every task folder of that run."""
    tag = os.path.basename(str(run_dir)) + "-"
    for folder in runtime_root().glob(tag + "*"):
        remove_tree(folder)
    remove_tree(run_dir)


class TaskFolders:
    """One task's folders, in a new private folder (mode 0700) under ``runtime_root()``: ``home`` (the
    scratch home, with matplotlib's font cache copied in) and ``runtime`` (connection file and
    sockets), both owned by the task's uid under root. ``remove()`` deletes everything, however
    deep or odd (links are never followed); it is safe to call twice."""

    def __init__(self, uid=None, matplotlib_cache=None):
        self.root = Path(tempfile.mkdtemp(prefix=run_tag(), dir=runtime_root()))
        os.chmod(self.root, 0o700)
        self.home, self.runtime = self.root / "home", self.root / "runtime"
        (self.home / ".matplotlib").mkdir(parents=True)
        self.runtime.mkdir()
        if matplotlib_cache:
            for f in Path(matplotlib_cache).glob("fontlist-*.json"):
                shutil.copy(f, self.home / ".matplotlib" / f.name)
        if uid is not None and os.getuid() == 0:
            for p in [self.home, *self.home.rglob("*"), self.runtime]:
                os.chown(p, uid, uid)

    def remove(self):
        remove_tree(self.root)


def remove_tree(path):
    """Delete ``path`` and everything below it without following links and without recursion
    limits (``rm -rf`` walks iteratively); folders made unreadable are opened up first."""
    path = Path(path)
    if not os.path.lexists(path):
        return
    for _ in range(2):
        subprocess.run(["rm", "-rf", "--one-file-system", "--", str(path)], capture_output=True)
        if not os.path.lexists(path):
            return
        subprocess.run(["chmod", "-R", "u+rwx", "--", str(path)], capture_output=True)
    if os.path.lexists(path):
        raise OSError(f"could not remove {path}")


@contextlib.contextmanager
def uid_lease(folder=None):
    """A uid no other sandbox on this machine uses while the lease is held (root only; None
    otherwise). Leases are locks on files in one root-owned folder, so they hold across worker
    processes and across Dask workers on one machine, and die with the process that holds them."""
    if os.getuid() != 0:
        yield None
        return
    folder = Path(folder or ("/run/dl-course-grader-uids" if os.path.isdir("/run") else
                             os.path.join(tempfile.gettempdir(), "dl-course-grader-uids")))
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    start = os.getpid() % UID_COUNT
    for i in range(UID_COUNT):
        n = (start + i) % UID_COUNT
        fd = os.open(folder / f"{n}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        try:
            yield UID_BASE + n
        finally:
            os.close(fd)
        return
    raise RuntimeError(f"all {UID_COUNT} sandbox uids are in use")


def kill_uid(uid):
    """SIGKILL every process that runs as ``uid`` (a task's own uid: only its sandbox has it)."""
    if uid is None:
        return
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.stat(f"/proc/{pid}").st_uid == uid:
                    os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass


class Cgroup:
    """A control group for one sandbox: memory.max (everything the sandbox's processes use,
    shared memory and memfd included) and pids.max. cgroup v2 where the grader may make groups,
    else cgroup v1's memory and pids controllers; ``Cgroup.make`` returns None where neither is
    allowed (the reason: ``Cgroup.unavailable()``)."""
    V2 = Path("/sys/fs/cgroup")

    def __init__(self, dirs, version):
        self.dirs, self.version = dirs, version

    @classmethod
    def make(cls, memory_bytes, pids, name=None):
        name = name or f"dl-grader-{os.getpid()}-{time.monotonic_ns()}"
        for version, places in (("v2", cls._v2_places()), ("v1", cls._v1_places())):
            if not places:
                continue
            made = []
            try:
                for controller, parent in places:
                    folder = parent / name
                    folder.mkdir()
                    made.append(folder)
                    if controller == "memory":
                        limit = "memory.max" if version == "v2" else "memory.limit_in_bytes"
                        (folder / limit).write_text(str(memory_bytes))
                        if version == "v2" and (folder / "memory.swap.max").exists():
                            (folder / "memory.swap.max").write_text("0")
                    if controller == "pids" or version == "v2":
                        if (folder / "pids.max").exists():
                            (folder / "pids.max").write_text(str(pids))
                return cls(made, version)
            except OSError:
                for folder in made:
                    with contextlib.suppress(OSError):
                        folder.rmdir()
        return None

    @classmethod
    def _own(cls, controller):
        """This process's v1 cgroup folder for ``controller``, if it is mounted and writable."""
        try:
            lines = Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return None
        for line in lines:
            _, controllers, path = line.split(":", 2)
            if controller in controllers.split(","):
                folder = Path("/sys/fs/cgroup") / controller / path.lstrip("/")
                if folder.is_dir() and os.access(folder, os.W_OK):
                    return folder
        return None

    @classmethod
    def _v1_places(cls):
        places = [(c, cls._own(c)) for c in ("memory", "pids")]
        return places if all(p for _, p in places) else []

    @classmethod
    def _v2_places(cls):
        if not (cls.V2 / "cgroup.controllers").exists():
            return []
        try:
            own = Path("/proc/self/cgroup").read_text().splitlines()
            path = next(line.split(":", 2)[2] for line in own if line.startswith("0::"))
        except (OSError, StopIteration):
            return []
        parent = cls.V2 / path.lstrip("/")
        enabled = (parent / "cgroup.subtree_control").read_text().split() if (parent / "cgroup.subtree_control").exists() else []
        if "memory" not in enabled or "pids" not in enabled or not os.access(parent, os.W_OK):
            return []
        return [("memory+pids", parent)]

    @classmethod
    def unavailable(cls):
        """Why no control group can be made here ('' when one can)."""
        group = cls.make(256 * 2**20, 64, name=f"dl-grader-probe-{os.getpid()}")
        if group:
            group.remove()
            return ""
        return ("this machine does not let the grader make control groups (neither cgroup v2 with the memory "
                "and pids controllers delegated, nor writable cgroup v1 memory and pids hierarchies): a "
                "sandbox's memory is bounded by RLIMIT_DATA only (shared memory and memfd are not counted) "
                "and its processes by RLIMIT_NPROC per uid")

    def entry(self):
        """An argv prefix that puts the process (and so all it starts) in this group, then execs the rest."""
        procs = [str(d / "cgroup.procs") for d in self.dirs]
        script = "".join(f'echo $$ > "${i + 1}" && ' for i in range(len(procs))) + f"shift {len(procs)} && exec \"$@\""
        return ["/bin/sh", "-c", script, "sh", *procs]

    def oom_killed(self):
        """True if the kernel's out-of-memory killer ended a process of this group."""
        for folder in self.dirs:
            for name, key in (("memory.events", "oom_kill"), ("memory.oom_control", "oom_kill")):
                try:
                    for line in (folder / name).read_text().splitlines():
                        k, _, v = line.partition(" ")
                        if k == key and int(v) > 0:
                            return True
                except (OSError, ValueError):
                    continue
        return False

    def kill(self):
        for folder in self.dirs:
            with contextlib.suppress(OSError, ValueError):
                for pid in (folder / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        os.kill(int(pid), signal.SIGKILL)

    def remove(self):
        self.kill()
        for folder in self.dirs:
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)
