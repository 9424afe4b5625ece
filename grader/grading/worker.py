"""A local grading worker: `python -m grader.grading.worker`.

Reads tasks (task.py), one JSON object per line, from standard input, grades each in turn and
writes each result as one JSON line to its original standard output, which nothing else may use:
whatever nbgrader or a kernel prints goes to standard error. The engine (engine.py) keeps
``--jobs`` of these busy from one queue. The worker's courses live as long as it does, so a
worker pays for nbgrader's start-up and the course generation once, not once per notebook.
"""
import json
import os
import sys
import traceback


def main():
    os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")  # nbformat validates every read and write
    os.environ.setdefault("MPLBACKEND", "agg")  # the judge imports what the notebooks' setup cells import
    results = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # nbgrader's and the kernels' prints go to stderr, never into the results
    sys.stdout = sys.stderr
    from .task import grade, warm
    warm([a for a in os.environ.get("GRADER_WARM", "").split(",") if a])
    for line in sys.stdin:
        if not line.strip():
            continue
        task = json.loads(line)
        try:
            result = grade(task)  # a notebook's own failure comes back as its status
        except Exception as error:  # this worker grades against other solutions: the run stops
            result = {"student": task.get("student"), "assignment": task.get("assignment"),
                      "error": f"{type(error).__name__}: {error}", "traceback": traceback.format_exc()}
        results.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
