"""The instructor's command line: `python -m grader COMMAND ...` (run `python -m grader -h`)."""
import argparse
import os
import sys
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="regenerate notebooks/ from solutions/ (nbgrader generate_assignment)",
                       description="Regenerate the student versions in notebooks/ from solutions/ with nbgrader's "
                                   "generate_assignment (hidden tests and solution regions removed, the metadata "
                                   "JupyterLab would add filled in). A notebook in notebooks/ whose cells differ from "
                                   "the last release (someone worked in it) is never overwritten silently: release "
                                   "refuses and names it, or with --force first copies it to backups/release-<time>/. "
                                   "A few seconds per notebook.")
    p.add_argument("assignment", nargs="?", help="one assignment, e.g. 01_perceptron (default: all)")
    p.add_argument("--force", action="store_true",
                   help="overwrite notebooks that differ from the last release, after copying each to backups/")

    sub.add_parser("check", help="check the notebook conventions; non-zero exit with a list of problems")

    p = sub.add_parser("autograde", help="grade a folder <student>/<assignment>/<notebook>.ipynb")
    p.add_argument("submissions", type=Path)
    p.add_argument("--out", type=Path, required=True, help="folder for grades.csv and feedback/")
    p.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")
    p.add_argument("--assignment", action="append", help="grade only this assignment (repeatable)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="notebooks graded at the same time on this machine (default: the number of cores)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="grade on this running Dask cluster instead of this machine (see docs/GRADING_AT_SCALE.md)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run the notebooks without the bubblewrap sandbox (unsafe: student code gets your rights)")
    p.add_argument("--memory-mb", type=int, default=2048, help="memory limit of each notebook's kernel (default 2048)")
    p.add_argument("--max-output-kb", type=int, default=1000,
                   help="most output one notebook may print; the rest is dropped (default 1000)")
    p.add_argument("--resume", action="store_true", help="keep what an interrupted run already graded")

    p = sub.add_parser("bench", help="time grading: bare execution vs graded, sandbox cost, queue, Dask")
    p.add_argument("--students", type=int, default=6, help="perfect students in the overhead class (default 6)")
    p.add_argument("--assignment", action="append", help="notebook(s) of the overhead class (default: the first)")
    p.add_argument("--all", action="store_true", help="all six notebooks in the overhead class")
    p.add_argument("--parts", default="overhead,queue,dask", help="comma-separated: overhead, queue, dask")

    p = sub.add_parser("selfcheck", help="grade your own notebook with every test (hidden ones unseen)")
    p.add_argument("notebook", type=Path)
    p.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")

    p = sub.add_parser("bundle", help="export the student copy (no solutions, no hidden tests, no answers of open "
                                      "assignments in course_lib)")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--open", action="append", metavar="NN_name", dest="open_assignments",
                   help="an assignment students work on now (repeatable); without it, the choices are listed")

    p = sub.add_parser("totext", help="print a notebook as percent-style text (for authors)")
    p.add_argument("notebook", type=Path)
    p = sub.add_parser("fromtext", help="write a notebook from percent-style text (for authors)")
    p.add_argument("text", type=Path)
    p.add_argument("notebook", type=Path)

    p = sub.add_parser("site", help="build the course as a static web site for reading (see grader/authoring/site.py)")
    p.add_argument("out_dir", type=Path)

    args = parser.parse_args(argv)

    if args.command == "release":
        from .authoring.release import release
        for folder in release(args.assignment, force=args.force):
            print(f"released {folder}")
    elif args.command == "check":
        from .authoring.check import check_all
        problems = check_all()
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)" if problems else "all notebooks follow the conventions")
        return 1 if problems else 0
    elif args.command == "autograde":
        from .grading.autograde import autograde
        rows = autograde(args.submissions, args.out, timeout=args.timeout, only=args.assignment, jobs=args.jobs,
                         memory_mb=args.memory_mb, max_output_bytes=args.max_output_kb * 1000, resume=args.resume,
                         scheduler=args.scheduler, use_sandbox=not args.no_sandbox)
        bad = [r for r in rows if r["status"] != "ok"]
        print(f"graded {len(rows)} notebook(s); {len(bad)} not ok; see {args.out / 'grades.csv'}")
    elif args.command == "bench":
        from .bench import bench
        from .nbtools import assignments
        parts = [p.strip() for p in args.parts.split(",") if p.strip()]
        agree, _ = bench(args.students, assignments() if args.all else args.assignment, parts)
        return 0 if agree else 1
    elif args.command == "selfcheck":
        from .grading.selfcheck import selfcheck
        return selfcheck(args.notebook, timeout=args.timeout)
    elif args.command == "bundle":
        from .authoring.bundle import bundle, describe
        if not args.open_assignments:
            print(describe(), file=sys.stderr)
            return 2
        print(f"student bundle written to {bundle(args.out_dir, open_assignments=args.open_assignments, log=print)}")
    elif args.command == "site":
        from .authoring.site import build_site
        build_site(args.out_dir)
    elif args.command == "totext":
        from .authoring.text import notebook_to_text
        from .nbtools import read
        sys.stdout.write(notebook_to_text(read(args.notebook)))
    elif args.command == "fromtext":
        import nbformat
        from .authoring.text import text_to_notebook
        nb = text_to_notebook(args.text.read_text(encoding="utf-8"))
        args.notebook.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(args.notebook))
        print(f"wrote {args.notebook}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
