"""The sandbox every graded notebook's kernel runs in: Linux bubblewrap (``bwrap``).

Inside the sandbox the kernel sees only what it needs to run a course notebook, read-only:
the system (/usr, /lib, ...), the Python installation, the virtual environment and the
course_lib package. It has one writable folder, its scratch home (empty at start, thrown away
after the notebook), and a private /tmp. It does not see solutions/, the submissions, the
grader's folders, the results or any home directory. It has:

- no network: a network namespace of its own (only a loopback that leads nowhere); the kernel
  talks to the grader over Unix-domain sockets (ZeroMQ's ``ipc`` transport) in one folder that
  is shared with the grader;
- its own PID namespace: when the kernel ends, every process it started ends with it, detached
  or not (``--die-with-parent`` ends the sandbox if the grader dies first);
- an unprivileged user: when the grader runs as root, the kernel drops to ``nobody`` before it
  runs any notebook code; otherwise it keeps the instructor's uid inside a user namespace with
  no capabilities;
- limits (setrlimit): memory (the data segment, so numpy allocations fail with MemoryError),
  processes, file size and CPU time.

The kernel spec's argv is ``bwrap ... -- python -c LAUNCHER ...``: LAUNCHER sets the limits,
drops privileges and starts ipykernel. Interrupts go as messages (``interrupt_mode: message``),
since a signal to bwrap would not reach the kernel.
"""
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

NOBODY = 65534
SANDBOX_HOME = "/home/student"
# The kernel process: limits, then (as root) nobody, then ipykernel. It runs inside the sandbox.
LAUNCHER = r"""
import os, resource, sys
memory, nproc, fsize, cpu, connection = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
for what, value in ((resource.RLIMIT_DATA, memory), (resource.RLIMIT_FSIZE, fsize), (resource.RLIMIT_CPU, cpu),
                    (resource.RLIMIT_NPROC, nproc), (resource.RLIMIT_CORE, 0)):
    resource.setrlimit(what, (value, value))
if os.getuid() == 0:  # the grader runs as root: the notebook runs as nobody
    with open(connection, "rb") as f:
        info = f.read()
    os.setgroups([])
    os.setgid(%(nobody)d)
    os.setuid(%(nobody)d)  # also clears the two capabilities bwrap left for this
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
""" % {"nobody": NOBODY}

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


def kernel_argv(home, runtime, limits, python=sys.executable):
    """The argv of a sandboxed kernel; jupyter_client fills in ``{connection_file}``.

    home : folder bound as the writable scratch home (and working directory)
    runtime : folder of the connection file and the ipc sockets (shared with the grader)
    limits : {"memory_mb", "nproc", "fsize_mb", "cpu_seconds"}
    """
    argv = [bwrap_path() or "bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/home"]
    paths = read_only_paths()
    parents = sorted({str(q) for p in paths + [str(runtime)] for q in Path(p).parents if str(q) not in ("/", "/tmp")},
                     key=lambda q: q.count("/"))
    for parent in parents:  # bwrap would make them 0700: nobody could not pass through
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
    else:  # only what the launcher needs to become nobody; setuid() clears them
        argv += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    argv += ["--", python, "-c", LAUNCHER, str(limits["memory_mb"] * 2**20), str(limits["nproc"]),
             str(limits["fsize_mb"] * 2**20), str(limits["cpu_seconds"]), "{connection_file}"]
    return argv


def unsandboxed_argv(limits, python=sys.executable):
    """--no-sandbox: the same limits, in a plain process with the grader's rights."""
    code = LAUNCHER.replace("if os.getuid() == 0:", "if False:")
    return [python, "-c", code, str(limits["memory_mb"] * 2**20), str(limits["nproc"]),
            str(limits["fsize_mb"] * 2**20), str(limits["cpu_seconds"]), "{connection_file}"]


def write_kernel_spec(jupyter_dir, argv):
    """Kernel spec "python3" in ``jupyter_dir``/kernels (put first on JUPYTER_PATH by the caller)."""
    spec_dir = Path(jupyter_dir) / "kernels" / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": argv, "display_name": "Python 3 (grader sandbox)", "language": "python",
            "interrupt_mode": "message"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return spec_dir


def prepare_home(home, matplotlib_cache=None):
    """An empty scratch home, writable by the kernel's user, with matplotlib's font cache copied in
    (so that every kernel does not rebuild it)."""
    home = Path(home)
    if home.exists():
        shutil.rmtree(home)
    (home / ".matplotlib").mkdir(parents=True)
    if matplotlib_cache:
        for f in Path(matplotlib_cache).glob("fontlist-*.json"):
            shutil.copy(f, home / ".matplotlib" / f.name)
    if os.getuid() == 0:
        for p in [home, *home.rglob("*")]:
            os.chown(p, NOBODY, NOBODY)
    return home


def prepare_runtime(runtime):
    """The folder of the connection file and sockets: the kernel (nobody, under root) creates its
    sockets there. Its parent folder is the grader's own (mode 0700)."""
    runtime = Path(runtime)
    runtime.mkdir(parents=True, exist_ok=True)
    if os.getuid() == 0:
        os.chown(runtime, NOBODY, NOBODY)
    return runtime
