"""Synthetic submissions made from the solutions, for the benchmark and the grader's tests.

Every builder starts from the student version in notebooks/ (what a student really receives)
and returns a new notebook; nothing on disk is changed.
"""
import copy

from . import nbtools

MEMORY_BOMB = """import numpy as np
blocks = []
for _ in range(80):                       # 80 x 100 MB = 8 GB, step by step
    blocks.append(np.ones(100 * 2**20 // 8))"""
BIG_OUTPUT = 'print("x" * 100_000_000)             # 100 MB of output'
CHEAT = "import numpy as np\nnp.allclose = lambda *args, **kwargs: True"


def blank(assignment, root=nbtools.REPO):
    """The student version as released."""
    return nbtools.read(root / "notebooks" / assignment / f"{assignment}.ipynb")


def perfect(assignment, root=nbtools.REPO):
    """The student version with every exercise answered by the solution's code."""
    nb = blank(assignment, root)
    answers = {nbtools.nbgrader_meta(c)["grade_id"]: c.source
               for c in nbtools.read(nbtools.solution_path(assignment, root)).cells if nbtools.is_solution(c)}
    for cell in nb.cells:
        if nbtools.is_solution(cell):
            cell.source = answers[nbtools.nbgrader_meta(cell)["grade_id"]]
    return nb


def exercise_cells(nb):
    return [i for i, c in enumerate(nb.cells) if nbtools.is_solution(c)]


def test_points(nb):
    """Points of each test cell, in order: [(grade_id, points)]."""
    return [(nbtools.nbgrader_meta(c)["grade_id"], float(nbtools.nbgrader_meta(c)["points"]))
            for c in nb.cells if nbtools.is_test(c)]


def partly_wrong(assignment, root=nbtools.REPO):
    """Perfect except the first exercise, left blank: loses exactly that test cell's points."""
    nb = perfect(assignment, root)
    first = exercise_cells(nb)[0]
    nb.cells[first] = copy.deepcopy(blank(assignment, root).cells[first])
    return nb


def with_code_before(nb, index, code):
    """A copy of ``nb`` with ``code`` put at the top of cell ``index``."""
    nb = copy.deepcopy(nb)
    nb.cells[index].source = code + "\n" + nb.cells[index].source
    return nb


def with_new_cell(nb, code):
    """A copy of ``nb`` with a code cell ``code`` appended at the end."""
    from nbformat.v4 import new_code_cell
    nb = copy.deepcopy(nb)
    cell = new_code_cell(code)
    cell.pop("id", None)
    nb.cells.append(cell)
    return nb


def looping(assignment, root=nbtools.REPO):
    """Loops for ever before the first exercise is defined: that exercise's points are lost."""
    nb = perfect(assignment, root)
    return with_code_before(nb, exercise_cells(nb)[0], "while True:\n    pass")


def exiting(assignment, root=nbtools.REPO):
    """Kills its kernel before the first exercise is defined: that exercise's points are lost."""
    nb = perfect(assignment, root)
    return with_code_before(nb, exercise_cells(nb)[0], "import os\nos._exit(1)")


def memory_bomb(assignment, root=nbtools.REPO):
    """Perfect, then a last cell that allocates 8 GB step by step."""
    return with_new_cell(perfect(assignment, root), MEMORY_BOMB)


def big_output(assignment, root=nbtools.REPO):
    """Perfect, then a last cell that prints 100 MB."""
    return with_new_cell(perfect(assignment, root), BIG_OUTPUT)


def edited_test(assignment, root=nbtools.REPO):
    """Blank, with the first test cell replaced by `pass` (nbgrader restores it)."""
    nb = blank(assignment, root)
    first_test = next(i for i, c in enumerate(nb.cells) if nbtools.is_test(c))
    nb.cells[first_test].source = "pass"
    return nb


def deleted_test(assignment, root=nbtools.REPO):
    """Blank, with the first test cell deleted (nbgrader adds it back)."""
    nb = copy.deepcopy(blank(assignment, root))
    first_test = next(i for i, c in enumerate(nb.cells) if nbtools.is_test(c))
    del nb.cells[first_test]
    return nb


def cheating(assignment, root=nbtools.REPO):
    """Blank, with np.allclose made to accept anything in the first exercise cell."""
    nb = blank(assignment, root)
    return with_code_before(nb, exercise_cells(nb)[0], CHEAT)
