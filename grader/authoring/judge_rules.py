"""What a test cell may do, now that grading runs it in the judge (grader/grading/judge.py), checked
statically by ``python -m grader check``. The rules (docs/AUTHORING.md, "Test cells and the judge"):

- a test cell reads only the setup cell's imports, its own names, names of earlier test cells and
  the exercises' names (functions, classes, ``answer_qN``): never a variable of an experiment cell;
- no cell other than a test cell reads a name that only test cells define (the kernel never runs
  test cells while grading);
- no reliance on running in the student's kernel or on object identity: no ``globals()`` (but the
  concept-question guard ``"answer_q1" not in globals()``), ``locals()``, ``vars()``, ``id()``,
  ``get_ipython()``, ``In``/``Out``, ``inspect``, ``sys._getframe``; no ``isinstance`` test against a
  class an exercise defines. (``is`` between an object the test passed in and what came back holds:
  the boundary keeps one twin per object within a test cell.)
"""
import ast

from .. import nbtools
from ..grading.judge import names_of

NOT_IN_THE_JUDGE = {"locals", "vars", "id", "get_ipython", "In", "Out", "_ih", "_oh", "_i", "inspect", "display"}


def _bound(source):
    try:
        return names_of(source)[1]
    except SyntaxError:
        return set()


def _guard(node):
    """``"answer_q1" not in globals()`` (or ``in``)."""
    return (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn))
            and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
            and isinstance(node.comparators[0], ast.Call) and getattr(node.comparators[0].func, "id", "") == "globals")


def _problems_in(source, exercise_classes):
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return [f"does not parse ({error.msg})"]
    problems, guarded = [], set()
    for node in ast.walk(tree):
        if _guard(node):
            guarded.add(id(node.comparators[0]))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name == "globals" and id(node) not in guarded:
                problems.append("calls globals() (only the guard `\"answer_qN\" not in globals()` runs in the judge)")
            elif name in NOT_IN_THE_JUDGE:
                problems.append(f"calls {name}() (the test runs in the judge, not in the student's kernel)")
            elif name in ("isinstance", "issubclass") and len(node.args) == 2:
                classes = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                if classes & exercise_classes:
                    problems.append(f"tests {name}(..., {sorted(classes & exercise_classes)[0]}): a student's "
                                    "class reaches the judge as a handle; check behaviour instead")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in NOT_IN_THE_JUDGE:
            problems.append(f"reads {node.id} (the test runs in the judge, not in the student's kernel)")
        elif isinstance(node, ast.Attribute) and node.attr == "_getframe":
            problems.append("reads sys._getframe (the test runs in the judge)")
    return problems


def judge_problems(nb, label):
    """Problems of a solution notebook's cells under the judge's rules, as strings starting with ``label``."""
    problems = []
    setup, exercise, experiment, tests = set(), set(), set(), set()
    exercise_classes = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        bound = _bound(cell.source)
        if nbtools.is_setup(cell):
            setup |= bound
        elif nbtools.is_solution(cell):
            exercise |= bound
            try:
                exercise_classes |= {n.name for n in ast.parse(cell.source).body if isinstance(n, ast.ClassDef)}
            except SyntaxError:
                pass
        elif nbtools.is_test(cell):
            tests |= bound
        else:
            experiment |= bound
    import builtins
    known_to_judge = setup | exercise | set(dir(builtins))
    seen_tests = set()
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{label} cell {i}"
        try:
            read, bound = names_of(cell.source)
        except SyntaxError:
            continue
        if nbtools.is_test(cell):
            gid = nbtools.nbgrader_meta(cell).get("grade_id")
            for problem in _problems_in(cell.source, exercise_classes):
                problems.append(f"{where} ({gid}): {problem}")
            foreign = sorted((read - bound - known_to_judge - seen_tests) & experiment)
            if foreign:
                problems.append(f"{where} ({gid}): reads {', '.join(foreign[:3])}, which only an experiment cell "
                                "defines: build the test's inputs in the test cell itself")
            seen_tests |= bound
        else:
            only_tests = sorted((read & tests) - setup - exercise - experiment)
            if only_tests:
                problems.append(f"{where}: reads {', '.join(only_tests[:3])}, which only a test cell defines "
                                "(the kernel never runs test cells while grading): define it in this cell")
    return problems
