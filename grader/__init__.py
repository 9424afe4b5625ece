"""Instructor tooling around nbgrader: python -m grader --help."""
