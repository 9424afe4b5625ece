"""What a student may see of their graded notebook.

The kernel runs the student's code and receives every test cell's source, hidden tests included,
so any output may quote them. Before feedback is rendered:

- test cells keep only their visible part (the hidden blocks are cut out of the source);
- every output of every cell (printed text, results, error messages and tracebacks, HTML) is
  scrubbed: a line that contains a line of a hidden test, or a line of the solution that is not
  in the released notebook, is replaced by a notice;
- tracebacks of test cells are cut to the error's name and message.

Matching is on the text with and without spaces; an output that encodes a hidden test (base64,
a picture) is not recognised (see docs/GRADING_AT_SCALE.md, threat model).
"""
import html as html_module
import re

from .. import nbtools

REMOVED = "[grader] line removed: it quotes the course's hidden tests or solution"
MIN_SECRET = 12  # shorter lines (``])``, ``return x``) are too common to be secrets
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _squash(text):
    return re.sub(r"\s+", "", text)


def secret_lines(solution_nb, released_nb):
    """Lines of the hidden tests and of the solution code that the released notebook does not
    show, stripped; at least MIN_SECRET characters long (without spaces)."""
    public = set()
    for cell in released_nb.cells:
        public.update(line.strip() for line in cell.source.splitlines())
    secrets = set()
    for cell in solution_nb.cells:
        if nbtools.is_test(cell):
            for block in re.findall(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", cell.source, re.S):
                secrets.update(line.strip() for line in block.splitlines())
        elif nbtools.is_solution(cell):
            for block in re.findall(r"### BEGIN SOLUTION(.*?)### END SOLUTION", cell.source, re.S):
                secrets.update(line.strip() for line in block.splitlines())
    return sorted(s for s in secrets - public if len(_squash(s)) >= MIN_SECRET and not s.startswith("#"))


def scrub_text(text, secrets, own_code=""):
    """``text`` with every line that quotes a secret replaced by REMOVED. Lines the student wrote
    in their own cells (``own_code``) are theirs to see."""
    if not text or not secrets:
        return text
    squashed = _squash(_ANSI.sub("", html_module.unescape(text)))
    mine = _squash(own_code)
    hits = [s for s in secrets if _squash(s) in squashed and _squash(s) not in mine]
    if not hits:
        return text
    keys = [_squash(s) for s in hits]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        flat = _squash(_ANSI.sub("", html_module.unescape(line)))
        if any(k in flat for k in keys):
            lines[i] = REMOVED
    out = "\n".join(lines)
    # a secret split across lines: drop the whole text
    flat = _squash(_ANSI.sub("", html_module.unescape(out)))
    if any(k in flat for k in keys):
        return REMOVED
    return out


def _scrub_output(out, secrets, own_code):
    if "text" in out:
        text = out["text"] if isinstance(out["text"], str) else "".join(out["text"])
        out["text"] = scrub_text(text, secrets, own_code)
    if out.get("output_type") == "error":
        out["evalue"] = scrub_text(str(out.get("evalue", "")), secrets, own_code)
        out["traceback"] = [scrub_text(str(line), secrets, own_code) for line in out.get("traceback", [])]
    for mime, value in list(out.get("data", {}).items()):
        if isinstance(value, list):
            value = "".join(value)
        if mime.startswith("text/") or mime.endswith("json") or mime.endswith("javascript"):
            out["data"][mime] = scrub_text(value if isinstance(value, str) else str(value), secrets, own_code)


def sanitize(nb, secrets):
    """The autograded notebook as the student may see it (modified in place and returned)."""
    own_code = "\n".join(c.source for c in nb.cells if nbtools.is_solution(c))
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if nbtools.is_test(cell):
            cell.source = nbtools.strip_hidden_tests(cell.source)
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    out["traceback"] = [f"{out.get('ename')}: {out.get('evalue')}"]
        for out in cell.get("outputs", []):
            _scrub_output(out, secrets, own_code)
    return nb


def failure_message(cell, secrets):
    """``Name: message`` of a test cell's error output ('' when it passed), scrubbed, at most 500 characters."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            text = f"{out.get('ename')}: {out.get('evalue')}".strip()
            return scrub_text(_ANSI.sub("", text), secrets)[:500]
    return ""
