"""Findings for the instructor's review: tests that were edited or deleted, code that tampers.

Nothing here changes a score: nbgrader restores edited and deleted test cells by itself (the
grader turns on ``OverwriteCells.add_missing_cells``). A finding is a line in integrity.csv that
says what to look at:

- a test cell edited or deleted in the submission (it was restored before grading);
- code that rebinds a name of numpy, course_lib, the grader or the builtins
  (``np.allclose = ...``, ``setattr(np, ...)``, ``builtins.print = ...``, ``len = ...``);
- an import from course_lib of a reference implementation of one of the notebook's own exercises;
- file access outside the notebook's folder (an absolute path or one with "..");
- hooks that change how later cells run (IPython input or AST transformers, exception handlers,
  trace and profile hooks, ``vars(module).update``, ``globals()[...]`` writes, ``sys.modules``).

None of this decides a grade: the test cells run in the judge (judge.py), where the student's
code cannot reach, so tampering in the kernel earns nothing; these findings say what to look at.
"""
import ast
import builtins

from .. import nbtools

PROTECTED_MODULES = ("numpy", "course_lib", "grader", "builtins", "nbgrader", "matplotlib")
FILE_FUNCTIONS = {"open", "load", "loadtxt", "genfromtxt", "fromfile", "read_text", "read_bytes",
                  "Path", "listdir", "scandir", "glob", "walk", "read_csv"}
# modules whose functions may share an exercise's name without being its reference (plots.confusion_matrix draws)
NOT_REFERENCES = {"np", "numpy", "plots", "checks", "datasets", "plt", "matplotlib"}
HOOKS = {"input_transformers_cleanup", "input_transformers_post", "input_transformer_manager", "ast_transformers",
         "set_custom_exc", "CustomTB", "settrace", "setprofile", "excepthook", "showtraceback", "run_cell",
         "events", "register_magic_function", "modules", "meta_path", "path_hooks", "audit", "addaudithook",
         "_showtraceback", "InteractiveTB", "SyntaxTB"}
BUILTIN_NAMES = set(dir(builtins)) - {"_", "__doc__", "__name__", "__spec__", "__loader__", "__package__"}


def _root(node):
    """The name at the root of an attribute chain (np.linalg.norm -> 'np'), or None."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _protected_aliases(tree):
    """Names that refer to a protected module in this code: np, numpy, course_lib, checks, ..."""
    aliases = {"np", "numpy", "builtins", "__builtins__", "course_lib", "grader"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in PROTECTED_MODULES:
                    aliases.add((a.asname or a.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PROTECTED_MODULES:
            for a in node.names:  # from course_lib import checks: 'checks' is a module of ours
                aliases.add(a.asname or a.name)
    return aliases


def scan_code(source, graded_names=()):
    """Findings (list of str) for one cell's code."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    findings = []
    aliases = _protected_aliases(tree)

    def targets(node):
        if isinstance(node, (ast.Assign, ast.Delete)):
            return node.targets
        if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            return [node.target]
        return []

    for node in ast.walk(tree):
        for target in targets(node):
            for t in ast.walk(target):
                if isinstance(t, ast.Attribute) and _root(t) in aliases:
                    findings.append(f"rebinds {ast.unparse(t)}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr"):
            if node.args and _root(node.args[0]) in aliases:
                findings.append(f"calls {node.func.id} on {ast.unparse(node.args[0])}")
        if isinstance(node, ast.Attribute) and node.attr in HOOKS:
            findings.append(f"uses {ast.unparse(node)} (changes how later cells run)")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update" \
                and isinstance(node.func.value, ast.Call) and getattr(node.func.value.func, "id", None) in ("vars", "globals"):
            findings.append(f"calls {ast.unparse(node.func)} (rebinds names wholesale)")
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)) and isinstance(node.value, ast.Call) \
                and getattr(node.value.func, "id", None) in ("globals", "vars", "locals"):
            findings.append(f"writes {ast.unparse(node)}")
        if isinstance(node, ast.Name) and node.id == "__builtins__":
            findings.append("uses __builtins__")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "course_lib":
            for a in node.names:
                if a.name == "*" or a.name in graded_names:
                    findings.append(f"imports {a.name} from {node.module} (a reference for an exercise)")
        if isinstance(node, ast.Attribute) and node.attr in graded_names and _root(node) in aliases \
                and _root(node) not in NOT_REFERENCES:
            findings.append(f"uses {ast.unparse(node)} (a course_lib reference for an exercise)")
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name in FILE_FUNCTIONS:
                for arg in node.args[:1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and \
                            (arg.value.startswith(("/", "~")) or ".." in arg.value):
                        findings.append(f"reads a file outside its folder: {arg.value!r}")
    for node in tree.body:  # top-level rebinding of a builtin shadows it for the test cells
        for target in targets(node):
            if isinstance(target, ast.Name) and target.id in BUILTIN_NAMES:
                findings.append(f"rebinds the builtin {target.id}")
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in BUILTIN_NAMES:
            findings.append(f"rebinds the builtin {node.name}")
    return sorted(set(findings))


def scan(submitted, released, graded_names):
    """All findings of a submitted notebook, compared with the released (student) version.

    Parameters
    ----------
    submitted, released : nbformat.NotebookNode
    graded_names : set of str
        Names the exercises define (functions, classes, answer variables).

    Returns
    -------
    list of str, one finding each, in notebook order.
    """
    findings = []
    tests = {nbtools.nbgrader_meta(c)["grade_id"]: c.source for c in released.cells if nbtools.is_test(c)}
    by_id = {nbtools.nbgrader_meta(c).get("grade_id"): c for c in submitted.cells if nbtools.nbgrader_meta(c)}
    for grade_id, source in tests.items():
        cell = by_id.get(grade_id)
        if cell is None:
            findings.append(f"test cell {grade_id} was deleted (restored for grading)")
        elif cell.source.strip() != source.strip():
            findings.append(f"test cell {grade_id} was edited (restored for grading)")
    # a cell exactly as released is the course's own code (an experiment may use course_lib's
    # reference optimizer, say); only what the student wrote or changed is scanned
    as_released = {c.source.strip() for c in released.cells if c.cell_type == "code"}
    for i, cell in enumerate(submitted.cells):
        if cell.cell_type == "code" and nbtools.nbgrader_meta(cell).get("grade_id") not in tests \
                and cell.source.strip() not in as_released:
            findings += [f"cell {i}: {f}" for f in scan_code(cell.source, graded_names)]
    return findings


def defined_names(source):
    """Top-level names a cell defines: functions, classes, assigned variables."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def graded_names(solution_nb):
    """Names defined by the exercise cells of a solution notebook."""
    return set().union(*[defined_names(c.source) for c in solution_nb.cells if nbtools.is_solution(c)])


def copied_references(code, starters, references, threshold=0.95, min_lines=3):
    """Findings for exercise cells whose own code is a copy of a course_lib reference.

    code : {grade_id: submitted source of an exercise cell}
    starters : {grade_id: the released starter source of that cell}
    references : {qualified name: source} of the references that answer this assignment
        (grader/references.py, read as text: course_lib is never imported)

    A cell is a copy when copydetect (identifiers normalised, so renaming does not hide it) finds
    at least ``threshold`` (0.95: the course's own solutions reach 0.88 against references by the same author) of the cell's own fingerprinted tokens in the reference AND of the
    reference's in the cell: a short honest answer that resembles part of a long reference is not
    a copy; a pasted, renamed reference is, whatever was imported.
    """
    from copydetect import compare_files
    from .report import _fingerprint, own_code
    findings = []
    prints = {}
    for grade_id, source in code.items():
        mine = own_code(str(source)[:200_000], starters.get(grade_id, ""))
        if sum(1 for line in mine.splitlines() if line.strip() and not line.strip().startswith("#")) < min_lines:
            continue
        a = _fingerprint("cell", mine, [])
        if not len(a.hashes):
            continue
        for name, ref in references.items():
            if name not in prints:
                prints[name] = _fingerprint("ref", ref, [])
            b = prints[name]
            if not len(b.hashes):
                continue
            _, (sim_a, sim_b), _ = compare_files(a, b)
            if min(sim_a, sim_b) >= threshold:
                findings.append(f"exercise {grade_id}: copies {name} (similarity {min(sim_a, sim_b):.2f})")
    return findings
