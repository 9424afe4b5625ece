"""An IPython kernel under a memory limit: `python -m grader.limited_kernel MEGABYTES -f CONNECTION_FILE`.

The grader points the kernel spec "python3" at this module while it grades (see worker.py), so a
student's notebook that allocates without end gets a MemoryError instead of taking the machine.
The limit is on the kernel's data segment and heap (RLIMIT_DATA), which is what numpy allocations
use; the grader's own processes are not limited.
"""
import resource
import sys


def main():
    megabytes = int(sys.argv[1])
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    sys.argv = [sys.argv[0]] + sys.argv[2:]
    from ipykernel import kernelapp
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
