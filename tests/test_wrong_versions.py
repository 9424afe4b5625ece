"""Plausible student mistakes must lose points; the solution must pass every test cell.

Runs in-process (see harness.py): the setup and exercise cells of the solution notebook, one
wrong version swapped in, then the test cell of that exercise, which must raise.
"""
import pytest

import harness
from conftest import ASSIGNMENTS

# the least number of wrong versions each notebook's issue asks for
MINIMUM = {"01": 8, "02": 10, "03": 12, "04": 8, "05": 10, "06": 8}

CASES = [pytest.param(a, name, src, id=f"{a}-{name}-{why}")
         for a in ASSIGNMENTS for name, why, src in harness.wrong_versions(a)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_passes_every_test_cell_silently(assignment):
    _, tests, _ = harness.cells(assignment)
    assert tests, f"{assignment} has no test cells"
    for grade_id, source in tests.items():
        ns = harness.namespace(assignment)  # fresh: a test cell may use only its own inputs
        harness.run_quietly(source, ns, grade_id)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_enough_wrong_versions(assignment):
    listed = harness.wrong_versions(assignment)
    need = MINIMUM.get(assignment[:2], 8)
    assert len(listed) >= need, f"{assignment}: {len(listed)} wrong versions in tests/wrong_versions; need {need}"
    names = [n for n, _, _ in listed]
    for name in set(names):
        harness.test_cell_for(assignment, name)  # raises if no exercise defines it


@pytest.mark.parametrize("assignment,name,source", CASES)
def test_wrong_version_loses_points(assignment, name, source):
    with pytest.raises(Exception):
        harness.run_test_with(assignment, name, source, "wrong")


CORRECT = [pytest.param(a, name, src, id=f"{a}-{name}-{why}")
           for a in ASSIGNMENTS for name, why, src in harness.correct_versions(a)]


@pytest.mark.parametrize("assignment,name,source", CORRECT)
def test_correct_alternative_keeps_full_marks(assignment, name, source):
    """Tests are fair to every correct implementation: other styles pass the whole test cell."""
    harness.run_test_with(assignment, name, source, "correct")
