"""`python -m grader check`: the notebook conventions of DESIGN.md, as a list of problems."""
import re
from collections import Counter

from .. import nbtools

DEFINES = r"^(?:def|class)\s+{name}\b|^{name}\s*="


def check_notebook(nb, label, prefix=None):
    """Problems of one notebook (solution or student version), as strings starting with ``label``."""
    problems = []
    ids = [nbtools.nbgrader_meta(c).get("grade_id") for c in nb.cells if nbtools.nbgrader_meta(c)]
    for grade_id, count in Counter(ids).items():
        if grade_id is None:
            problems.append(f"{label}: an nbgrader cell has no grade_id")
        elif count > 1:
            problems.append(f"{label}: grade_id {grade_id!r} is used {count} times")

    open_exercise = None
    for i, cell in enumerate(nb.cells):
        where = f"{label} cell {i}"
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(f"{where}: has outputs or an execution count (strip them)")
        meta = nbtools.nbgrader_meta(cell)
        if not meta:
            continue
        grade_id = meta.get("grade_id", "")
        if meta.get("schema_version") != 3:
            problems.append(f"{where} ({grade_id}): nbgrader schema_version should be 3")
        if nbtools.is_solution(cell):
            if meta.get("grade") or meta.get("locked"):
                problems.append(f"{where} ({grade_id}): an exercise cell must be neither graded nor locked")
            if prefix and not grade_id.startswith(prefix + "_"):
                problems.append(f"{where}: exercise id {grade_id!r} should start with {prefix + '_'!r}")
            if open_exercise:
                problems.append(f"{where}: exercise {open_exercise!r} has no test cell before the next exercise")
            open_exercise = grade_id
        elif nbtools.is_test(cell):
            if not meta.get("locked"):
                problems.append(f"{where} ({grade_id}): a test cell must be locked")
            if not meta.get("points") or float(meta["points"]) <= 0:
                problems.append(f"{where} ({grade_id}): a test cell needs points > 0")
            if "BEGIN SOLUTION" in cell.source:
                problems.append(f"{where} ({grade_id}): a test cell must not hold a solution region")
            if cell.source.count("### BEGIN HIDDEN TESTS") != cell.source.count("### END HIDDEN TESTS"):
                problems.append(f"{where} ({grade_id}): unbalanced BEGIN/END HIDDEN TESTS")
            if open_exercise and grade_id != "test_" + open_exercise:
                problems.append(f"{where}: test id {grade_id!r} should be 'test_{open_exercise}'")
            open_exercise = None
    if open_exercise:
        problems.append(f"{label}: exercise {open_exercise!r} has no test cell")
    return problems


def check_solution(nb, label, prefix):
    problems = check_notebook(nb, label, prefix)
    for i, cell in enumerate(nb.cells):
        if nbtools.is_solution(cell):
            src = cell.source
            if src.count("### BEGIN SOLUTION") != 1 or src.count("### END SOLUTION") != 1:
                problems.append(f"{label} cell {i}: an exercise needs exactly one BEGIN/END SOLUTION pair")
    if not any(nbtools.is_setup(c) for c in nb.cells):
        problems.append(f"{label}: no code cell is tagged 'setup' (the imports cell)")
    from .judge_rules import judge_problems
    return problems + judge_problems(nb, label)


def check_all(root=nbtools.REPO):
    """Every problem of every solution and student notebook; an empty list when all is well."""
    problems = []
    for a in nbtools.assignments(root):
        prefix = a.split("_")[0]
        problems += check_solution(nbtools.read(nbtools.solution_path(a, root)), f"solutions/{a}", prefix)
        student = root / "notebooks" / a / f"{a}.ipynb"
        if not student.exists():
            problems.append(f"notebooks/{a}: missing (run: python -m grader release {a})")
            continue
        nb = nbtools.read(student)
        problems += check_notebook(nb, f"notebooks/{a}", prefix)
        for marker in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION"):
            if any(marker in c.source for c in nb.cells):
                problems.append(f"notebooks/{a}: the student version contains '{marker}'")
    problems += check_editions(root)
    return problems


def check_editions(root=nbtools.REPO):
    """One problem per notebook whose Japanese edition is not ready: catalog entries to fix, or a
    released Japanese notebook missing or leaking."""
    from . import i18n
    problems = []
    for a in nbtools.assignments(root):
        for lang in i18n.LANGUAGES:
            label = f"locale/{lang}/LC_MESSAGES/{a}.po"
            todo = i18n.check(lang, root, [a])
            if todo:
                problems.append(f"{label}: {len(todo)} entr{'y' if len(todo) == 1 else 'ies'} untranslated, fuzzy, "
                                f"out of date or changing a formula (python -m grader i18n check {a})")
            student = root / "notebooks" / lang / a / f"{a}.ipynb"
            if not student.exists():
                problems.append(f"notebooks/{lang}/{a}: missing (run: python -m grader release --lang {lang} {a})")
            elif any(m in c.source for c in nbtools.read(student).cells for m in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION")):
                problems.append(f"notebooks/{lang}/{a}: the student version contains a solution or hidden tests")
    return problems


def defining_cell(nb, name):
    """Index of the exercise cell that defines ``name`` (a function, class or variable)."""
    pattern = re.compile(DEFINES.format(name=re.escape(name)), re.M)
    for i, cell in enumerate(nb.cells):
        if nbtools.is_solution(cell) and pattern.search(cell.source):
            return i
    raise LookupError(f"no exercise cell defines {name!r}")


CELL_PROBLEM = re.compile(r"^(?P<label>\S+) cell (?P<cell>\d+)(?: \((?P<grade_id>[^)]*)\))?: (?P<message>.*)$")
FIXES = [  # (words of a problem, how to fix it); the first that matches is shown
    ("has outputs or an execution count", "clear them (JupyterLab: Edit > Clear Outputs of All Cells, then save; or "
                                          "jupyter nbconvert --clear-output --inplace {file})"),
    ("is used", "give every nbgrader cell its own grade_id (Create Assignment toolbar, or edit the cell metadata)"),
    ("has no grade_id", "give the cell a grade_id in its nbgrader metadata"),
    ("schema_version", "set the cell's nbgrader schema_version to 3"),
    ("neither graded nor locked", "make it an 'Autograded answer' cell: solution true, grade and locked false"),
    ("should start with", "rename the grade_id with the notebook's number first, e.g. 01_predict"),
    ("has no test cell", "add an 'Autograder tests' cell (locked, points > 0, grade_id test_<exercise id>) after it"),
    ("must be locked", "lock the test cell (nbgrader metadata locked: true)"),
    ("needs points", "give the test cell points > 0"),
    ("must not hold a solution region", "move the BEGIN/END SOLUTION region into the exercise cell above"),
    ("unbalanced BEGIN/END HIDDEN TESTS", "close every ### BEGIN HIDDEN TESTS with ### END HIDDEN TESTS"),
    ("test id", "name the test cell test_<the exercise's grade_id>"),
    ("exactly one BEGIN/END SOLUTION pair", "keep one ### BEGIN SOLUTION / ### END SOLUTION pair per exercise cell"),
    ("tagged 'setup'", "tag the imports cell 'setup' (cell metadata tags: [\"setup\"])"),
    ("the student version contains", "run python -m grader release {assignment}"),
    ("missing (run:", ""),
]


def _fix(message, label):
    assignment = label.split("/", 1)[-1]
    if label.startswith("notebooks/") and "missing (run:" not in message:
        return (f"notebooks/ is made by the release command: fix solutions/{assignment} if it has the problem too, "
                f"then python -m grader release {assignment}")
    for words, fix in FIXES:
        if words in message:
            folder = label.split("/", 1)[0]
            return fix.format(file=f"{folder}/{assignment}/{assignment}.ipynb", assignment=assignment)
    return ""


def report_lines(problems):
    """``check_all``'s problems as one line per cause: the same message in several cells of one
    notebook becomes one line naming the cells; a student-version problem that its solution has too
    is folded into the solution's line (release copies it); each line ends with how to fix it."""
    causes = {}  # (label, message) -> [cells]
    for problem in problems:
        m = CELL_PROBLEM.match(problem)
        label, message, cell = (m["label"], m["message"], m["cell"]) if m else (problem.split(":", 1)[0],
                                                                              problem.split(":", 1)[-1].strip(), None)
        causes.setdefault((label, message), [])
        if cell is not None:
            causes[label, message].append(int(cell))
    lines = []
    for (label, message), cells in causes.items():
        if label.startswith("notebooks/") and ("solutions/" + label.split("/", 1)[1], message) in causes:
            continue  # the same cause in the solution: fixed there, then released
        twin = ("notebooks/" + label.split("/", 1)[1], message) in causes if label.startswith("solutions/") else False
        where = label + (f" cell {cells[0]}" if len(cells) == 1 else f" cells {', '.join(map(str, cells))}" if cells else "")
        fix = _fix(message, label)
        lines.append(f"{where}: {message}" + (" (in notebooks/ too)" if twin else "")
                     + (f"; fix: {fix}" if fix else "")
                     + (f"; then python -m grader release {label.split('/', 1)[1]}" if twin else ""))
    return lines
