import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from grader import nbtools  # noqa: E402

ASSIGNMENTS = nbtools.assignments()


@pytest.fixture(scope="session")
def repo():
    return nbtools.REPO
