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
    p.add_argument("--lang", choices=["en", "ja"], default="en",
                   help="the edition: en writes notebooks/, ja the Japanese one in notebooks/ja/ (text from the "
                        "catalogs in locale/ja, code identical)")

    sub.add_parser("check", help="check the notebook conventions; non-zero exit with a list of problems",
                   description="Check every notebook in solutions/ and notebooks/ against the conventions of "
                               "docs/AUTHORING.md (unique grade ids, each exercise followed by its locked test cell "
                               "with points, no outputs, a setup cell, student versions without solutions or hidden "
                               "tests). Prints one line per cause with how to fix it; exit status 1 when anything "
                               "is wrong. Takes a second; writes nothing.")

    p = sub.add_parser("autograde", help="grade a folder <student>/<assignment>/<notebook>.ipynb",
                       description="Grade a class: every submitted notebook runs in its own sandboxed kernel, its "
                                   "test cells in a separate judge. Outputs, written to --out once every notebook is "
                                   "graded: grades.csv, tests.csv, integrity.csv, similarity.csv, report.html and "
                                   "feedback/<student>/<assignment>/<assignment>.html. An --out folder that already "
                                   "holds results is used only with --resume or --force. About 10-20 s of one core "
                                   "per notebook; progress is printed as each one finishes.")
    p.add_argument("submissions", type=Path,
                   help="folder with one sub-folder per student, each with one folder per assignment holding the "
                        "notebook: SUBMISSIONS/<student>/<assignment>/<assignment>.ipynb (what nbgrader's exchange "
                        "collects); it is only read")
    p.add_argument("--out", type=Path, required=True,
                   help="results folder (created if needed): grades.csv, tests.csv, integrity.csv, similarity.csv, "
                        "report.html, feedback/")
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
    p.add_argument("--resume", action="store_true",
                   help="continue an earlier run in the same --out folder: notebooks it graded (same contents) are kept")
    p.add_argument("--force", action="store_true",
                   help="the --out folder holds an earlier run: delete its results (feedback folders included) first")

    p = sub.add_parser("bench", help="time the notebooks and grading: budgets, sandbox cost, queue, Dask",
                       description="Measure what the test suite does not assert: each solution notebook's kernel CPU "
                                   "and wall seconds against its budget (part notebooks), grading against bare "
                                   "execution and the sandbox's cost (overhead), the queue with a looping notebook "
                                   "(queue), a local Dask cluster (dask). Prints one table per part; exit status 1 when "
                                   "scores disagree or a notebook is over its CPU budget. Several minutes for all parts.")
    p.add_argument("--students", type=int, default=6, help="perfect students in the overhead class (default 6)")
    p.add_argument("--assignment", action="append", help="notebook(s) of the overhead class (default: the first)")
    p.add_argument("--all", action="store_true", help="all six notebooks in the overhead class")
    p.add_argument("--parts", default="notebooks,overhead,queue,dask",
                   help="comma-separated: notebooks, overhead, queue, dask, book (default: the first four; book "
                        "times the book's build, cold and cached)")

    p = sub.add_parser("selfcheck", help="grade your own notebook with every test (hidden ones unseen)",
                       description="Grade your own notebook on your machine as the course's grader would, hidden "
                                   "tests included, without showing them: one line per exercise with its points, "
                                   "passed or failed and the test's message (which names the mistake), then the total. "
                                   "Exit status 0 at full marks, 1 otherwise, 2 for a file that is not a notebook of "
                                   "this course. Runs every cell of the notebook: about a minute. Writes nothing.")
    p.add_argument("notebook", type=Path, help="your notebook, e.g. notebooks/01_perceptron/01_perceptron.ipynb")
    p.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")

    p = sub.add_parser("bundle", help="export the student copy (no solutions, no hidden tests, no answers of open "
                                      "assignments in course_lib)",
                       description="Write the copy of the course a graded class receives: the student notebooks up "
                                   "to the last open assignment, course_lib with the answers of open and later "
                                   "assignments replaced by stubs, a README for students, requirements without the "
                                   "instructor's tools and the JupyterLab settings that hide nbgrader's instructor "
                                   "menus. It is checked for solutions and hidden tests before it is kept. A few seconds.")
    p.add_argument("out_dir", type=Path, help="the folder to create (it must not exist yet)")
    p.add_argument("--open", action="append", metavar="NN_name", dest="open_assignments",
                   help="an assignment students work on now (repeatable); without it, the choices are listed")

    p = sub.add_parser("totext", help="print a notebook as percent-style text (for authors)")
    p.add_argument("notebook", type=Path)
    p = sub.add_parser("fromtext", help="write a notebook from percent-style text (for authors)")
    p.add_argument("text", type=Path)
    p.add_argument("notebook", type=Path)

    p = sub.add_parser("site", help="build the course book (Sphinx), English and Japanese (see grader/authoring/book.py)",
                       description="Build the course book with Sphinx, myst-nb and sphinx-book-theme, offline: one page "
                                   "per notebook from the executed solutions (hidden tests removed, solutions folded, "
                                   "visible checks shown, a link to the student notebook), a glossary English/日本語 "
                                   "from book/glossary.toml, search, in English (OUT/en) and Japanese (OUT/ja, text from "
                                   "locale/ja). Executed notebooks are cached, so a rebuild after a change of text takes "
                                   "seconds; the first build runs the six notebooks (a few minutes). Open "
                                   "OUT/index.html, or serve it with python -m http.server -d OUT.")
    p.add_argument("out_dir", type=Path, help="the folder to write the site to, e.g. build/site (replaced if an "
                                               "earlier build made it)")

    p = sub.add_parser("i18n", help="the Japanese edition's catalogs: update, check, export, import",
                       description="The text of every notebook in another language lives in gettext catalogs, "
                                   "locale/<lang>/LC_MESSAGES/<assignment>.po, an entry per markdown paragraph (code "
                                   "is never translated). update: merge the current English into the catalogs (new "
                                   "paragraphs untranslated, changed ones fuzzy). check: list what is untranslated, "
                                   "fuzzy, out of date or changes a formula; exit status 1 if anything. export: the "
                                   "open entries as JSON (to stdout); import FILE: store the translations of such a "
                                   "file. See grader/authoring/i18n.py.")
    p.add_argument("action", choices=["update", "check", "export", "import"])
    p.add_argument("assignment", nargs="?", help="one assignment (default: all; export and import need one)")
    p.add_argument("file", nargs="?", type=Path, help="import: the JSON file written by export, filled in")
    p.add_argument("--lang", default="ja", help="the language of the catalogs (default ja)")
    p.add_argument("--all", action="store_true", help="export: every entry, translated ones too")

    args = parser.parse_args(argv)

    if args.command == "release":
        from .authoring.release import release
        for folder in release(args.assignment, force=args.force, lang=None if args.lang == "en" else args.lang):
            print(f"released {folder}")
    elif args.command == "check":
        from .authoring.check import check_all, report_lines
        problems = check_all()
        lines = report_lines(problems)
        for line in lines:
            print(line)
        print(f"{len(lines)} problem(s)" if problems else "all notebooks follow the conventions")
        return 1 if problems else 0
    elif args.command == "autograde":
        from .grading.autograde import autograde, prepare_out, summary_line
        prepare_out(args.out, resume=args.resume, force=args.force)
        rows = autograde(args.submissions, args.out, timeout=args.timeout, only=args.assignment, jobs=args.jobs,
                         memory_mb=args.memory_mb, max_output_bytes=args.max_output_kb * 1000, resume=args.resume,
                         scheduler=args.scheduler, use_sandbox=not args.no_sandbox)
        print(summary_line(rows, args.out))
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
    elif args.command == "i18n":
        from .authoring import i18n
        from .nbtools import assignments
        return i18n.main(args.action, args.assignment, args.file, args.lang, args.all, assignments())
    elif args.command == "site":
        from .authoring.book import build_book
        build_book(args.out_dir)
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
