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
    return problems


def defining_cell(nb, name):
    """Index of the exercise cell that defines ``name`` (a function, class or variable)."""
    pattern = re.compile(DEFINES.format(name=re.escape(name)), re.M)
    for i, cell in enumerate(nb.cells):
        if nbtools.is_solution(cell) and pattern.search(cell.source):
            return i
    raise LookupError(f"no exercise cell defines {name!r}")
