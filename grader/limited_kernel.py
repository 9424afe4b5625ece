"""An IPython kernel under a memory limit: `python -m grader.limited_kernel MEGABYTES -f CONNECTION_FILE`.

The grader points the kernel spec "python3" at this module while it grades (see worker.py), so a
student's notebook that allocates without end gets a MemoryError instead of taking the machine.
The limit is on the kernel's data segment and heap (RLIMIT_DATA), which is what numpy allocations
use; the grader's own processes are not limited.
"""
import os
import resource
import sys

# The grader runs one kernel per core (--jobs): a BLAS that starts a thread per core in every
# kernel would oversubscribe the machine and make timings erratic. One thread each.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def main():
    megabytes = int(sys.argv[1])
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    sys.argv = [sys.argv[0]] + sys.argv[2:]
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")  # before numpy is imported by the kernel
    from ipykernel import kernelapp
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
