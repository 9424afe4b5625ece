"""Integrity finding: exercise cells pasted from the public solutions/.

solutions/ is public for self-learners, so a student of a graded class can paste the worked
solution into their notebook. Two signs, each reported once per exercise cell, for review (no
score changes):

- the cell holds nbgrader's solution markers (``### BEGIN SOLUTION`` / ``### END SOLUTION``),
  which only the instructor's version has: the release removes them;
- the cell's code equals the body of the solution region (lines compared without their
  indentation and trailing spaces, blank lines and comments ignored), with at least
  ``MIN_LINES`` lines, so that a one-line answer everybody writes alike is not reported.

Called by the grading task with the submitted code of every exercise cell:
``result["findings"] += pasted_solutions(result["code"], c.assignment, c.root, solution=c.solution)``.
"""
import re

from .. import nbtools

MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
MIN_LINES = 3
REGION = re.compile(r"### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", re.S | re.M)


def _lines(code):
    out = []
    for line in code.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(re.sub(r"\s+", " ", line))
    return out


def solution_regions(assignment, root=nbtools.REPO, solution=None):
    """{grade_id: [normalised lines of the solution region]} of the assignment's solution notebook
    (``solution``, or read from root/solutions)."""
    nb = solution if solution is not None else nbtools.read(nbtools.solution_path(assignment, root))
    regions = {}
    for cell in nb.cells:
        if nbtools.is_solution(cell):
            body = "\n".join(m.group(1) for m in REGION.finditer(cell.source))
            regions[nbtools.nbgrader_meta(cell).get("grade_id")] = _lines(body)
    return regions


def pasted_solutions(code, assignment, root=nbtools.REPO, solution=None):
    """Findings (list of str) for the submitted exercise cells ``code`` ({grade_id: source}).
    ``solution``: the solution notebook when the caller has it read already."""
    try:
        regions = solution_regions(assignment, root, solution)
    except (OSError, ValueError):
        regions = {}
    findings = []
    for grade_id, source in sorted((code or {}).items()):
        source = str(source or "")
        if any(marker in source for marker in MARKERS):
            findings.append(f"pasted solution: exercise {grade_id} holds the '### BEGIN SOLUTION' markers of "
                            f"solutions/{assignment} (the student version has none)")
            continue
        region = regions.get(grade_id)
        if region and len(region) >= MIN_LINES:
            mine = _lines(source)
            if any(mine[i:i + len(region)] == region for i in range(len(mine) - len(region) + 1)):
                findings.append(f"pasted solution: exercise {grade_id} contains the solution of "
                                f"solutions/{assignment} line for line")
    return findings
