"""Instructor tooling around nbgrader: python -m grader --help."""

import sys as _sys

# jsonschema imports rfc3987_syntax, when installed (jupyterlab brings it), to check IRIs: it builds a
# grammar at import, 0.85 s of CPU in every process that reads a notebook, and no notebook schema uses
# IRIs. Without it jsonschema skips that one format check.
_sys.modules.setdefault("rfc3987_syntax", None)
