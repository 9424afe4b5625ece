"""Write notebooks as plain text, and read them back.

Notebooks are JSON, which is hard to edit and to review. An author can turn a
solution notebook into a text file, edit it, and turn it back:

    python -m grader totext solutions/01_perceptron/01_perceptron.ipynb > /tmp/01.py
    python -m grader fromtext /tmp/01.py solutions/01_perceptron/01_perceptron.ipynb

The solution notebook stays the only source: the text file is a scratch copy.

The text format is "percent" style. Every cell starts with a marker line:

    # %% [markdown]                      markdown; every line starts with "# " (or is "#")
    # %% setup                           imports and constants (tag "setup")
    # %% solution 01_predict             an exercise: nbgrader autograded-answer cell
    # %% test test_01_predict points=2   a locked nbgrader test cell worth 2 points
    # %%                                 any other code cell (an experiment)

Blank lines just before a marker are not part of the cell.
"""
import re

import nbformat

MARKER = re.compile(r"^# %%(?P<rest>.*)$")


def _nbgrader_meta(kind, grade_id, points=None):
    meta = {
        "grade": kind == "test",
        "grade_id": grade_id,
        "locked": kind == "test",
        "schema_version": 3,
        "solution": kind == "solution",
        "task": False,
    }
    if kind == "test":
        meta["points"] = points
    return meta


def _parse_marker(rest, lineno):
    """Return (kind, grade_id, points) for the text after '# %%'."""
    words = rest.split()
    if not words:
        return "code", None, None
    if words == ["[markdown]"]:
        return "markdown", None, None
    if words == ["setup"]:
        return "setup", None, None
    if words[0] == "solution" and len(words) == 2:
        return "solution", words[1], None
    if words[0] == "test" and len(words) == 3 and words[2].startswith("points="):
        points = float(words[2][len("points="):])
        return "test", words[1], int(points) if points.is_integer() else points
    raise ValueError(f"line {lineno}: cannot read the cell marker '# %%{rest}'; "
                     "expected [markdown], setup, 'solution ID' or 'test ID points=N'")


def text_to_notebook(text):
    """Build an nbformat v4 notebook from percent-style text (see the module docstring)."""
    chunks = []  # (kind, grade_id, points, lines)
    for lineno, line in enumerate(text.splitlines(), start=1):
        match = MARKER.match(line)
        if match:
            chunks.append((*_parse_marker(match.group("rest"), lineno), []))
        elif chunks:
            chunks[-1][3].append(line)
        elif line.strip():
            raise ValueError(f"line {lineno}: text before the first '# %%' marker")

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for kind, grade_id, points, lines in chunks:
        while lines and not lines[-1].strip():
            lines.pop()
        if kind == "markdown":
            body = []
            for line in lines:
                if line != "#" and not line.startswith("# "):
                    raise ValueError(f"markdown line does not start with '# ': {line!r}")
                body.append(line[2:])
            cell = nbformat.v4.new_markdown_cell("\n".join(body))
        else:
            cell = nbformat.v4.new_code_cell("\n".join(lines))
            if kind == "setup":
                cell.metadata["tags"] = ["setup"]
            elif kind in ("solution", "test"):
                cell.metadata["nbgrader"] = _nbgrader_meta(kind, grade_id, points)
        cell.pop("id", None)
        nb.cells.append(cell)
    nb.nbformat_minor = 4  # no cell ids: nbgrader and older Jupyter read it alike
    return nb


def notebook_to_text(nb):
    """The inverse of :func:`text_to_notebook`."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = ["# %% [markdown]"]
            lines += [("# " + line) if line else "#" for line in cell.source.splitlines()]
        else:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                lines = [f"# %% solution {meta['grade_id']}"]
            elif meta.get("grade"):
                points = meta.get("points", 0)
                points = int(points) if float(points).is_integer() else points
                lines = [f"# %% test {meta['grade_id']} points={points}"]
            elif "setup" in cell.metadata.get("tags", []):
                lines = ["# %% setup"]
            else:
                lines = ["# %%"]
            lines += cell.source.splitlines()
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
