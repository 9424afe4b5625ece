import os
import sys
from pathlib import Path

import pytest

# the kernels the tests start inherit this: one BLAS thread each, as in the grader's sandbox (grader/grading/sandbox.py)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from grader import nbtools  # noqa: E402

# COURSE_ONLY=02,03 limits the notebook tests to those assignments (while authoring one notebook);
# CI and a plain `pytest` test every assignment.
_ONLY = [p for p in os.environ.get("COURSE_ONLY", "").split(",") if p]
ASSIGNMENTS = [a for a in nbtools.assignments() if not _ONLY or any(a.startswith(p) for p in _ONLY)]
FILTERED = bool(_ONLY)


@pytest.fixture(scope="session")
def repo():
    return nbtools.REPO
