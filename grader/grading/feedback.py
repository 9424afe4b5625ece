"""What a student may see of their graded notebook.

The hidden tests never enter the student's kernel (the judge runs the test cells, judge.py), so
no output of theirs can quote one. Scrubbing stays as defence in depth. Before feedback is rendered:

- test cells keep only their visible part (the hidden blocks are cut out of the source);
- every text of every output (printed text, results, error names, messages and tracebacks, HTML)
  is normalised (NFKC, format and zero-width characters removed) and scrubbed: a line that
  contains a line of a hidden test, or a line of the solution that is not in the released
  notebook, is replaced by a notice;
- tracebacks of test cells are cut to the error's name and message.
"""
import html as html_module
import re
import unicodedata

from .. import nbtools

REMOVED = "[grader] line removed: it quotes the course's hidden tests or solution"
MIN_SECRET = 12  # shorter lines (``])``, ``return x``) are too common to be secrets
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _squash(text):
    return re.sub(r"\s+", "", text)


def secret_lines(solution_nb, released_nb):
    """{"hidden": lines of the hidden tests, "solution": lines of the solution code}, each stripped,
    at least MIN_SECRET characters long (without spaces), and not shown in the released notebook."""
    public = set()
    for cell in released_nb.cells:
        public.update(line.strip() for line in cell.source.splitlines())
    found = {"hidden": set(), "solution": set()}
    for cell in solution_nb.cells:
        kind, pattern = (("hidden", r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS") if nbtools.is_test(cell) else
                         ("solution", r"### BEGIN SOLUTION(.*?)### END SOLUTION") if nbtools.is_solution(cell) else
                         (None, None))
        if kind:
            for block in re.findall(pattern, cell.source, re.S):
                found[kind].update(line.strip() for line in block.splitlines())
    return {kind: sorted(s for s in lines - public if len(_squash(s)) >= MIN_SECRET) for kind, lines in found.items()}


def normalise(text):
    """NFKC, without format characters (zero-width spaces and joiners, direction marks, ...)."""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def scrub_text(text, secrets, own_code=""):
    """``text`` with every line that quotes a secret replaced by REMOVED. A hidden-test line is
    never shown; a solution line is, when the student wrote it in their own cells (``own_code``)."""
    if not text:
        return text
    text = normalise(text)
    if not secrets:
        return text
    squashed = _squash(_ANSI.sub("", html_module.unescape(text)))
    mine = _squash(own_code)
    hits = [s for s in secrets["hidden"] if _squash(s) in squashed]
    hits += [s for s in secrets["solution"] if _squash(s) in squashed and _squash(s) not in mine]
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
        out["ename"] = scrub_text(str(out.get("ename", "")), secrets, own_code)[:200]
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
    """``Name: message`` of a test cell's error output, else the warnings it wrote to stderr ('' when
    it passed), scrubbed, at most 800 characters."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            text = f"{out.get('ename')}: {out.get('evalue')}".strip()
            return scrub_text(_ANSI.sub("", text), secrets)[:800]
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            return scrub_text(_ANSI.sub("", str(out.get("text", ""))), secrets)[:800]
    return ""


# --- the feedback page ------------------------------------------------------------------------------
# nbgrader's generate_feedback renders through nbconvert's full HTML template (about 2.5 s of CPU a
# notebook, more than the notebook itself takes to run). This page says what a student needs (the
# score of every test cell, its message, their own cells and outputs) in a few milliseconds, and it
# shows no HTML or script from the notebook: every output is escaped text or a picture.
_MATH = re.compile(r"(\$\$.+?\$\$|\$[^$\n]+?\$)", re.S)
_STYLE = """
body { font-family: system-ui, "Noto Sans CJK JP", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; overflow-wrap: anywhere; }
.scroll { max-width: 100%; overflow-x: auto; } td.message { white-space: pre-wrap; min-width: 12rem; }
math[display="block"] { display: block; overflow-x: auto; max-width: 100%; margin: .5rem 0; }
@media (max-width: 600px) { body { margin: 1rem auto; padding: 0 .6rem; }
  table.summary, table.summary tbody, table.summary tr, table.summary td { display: block; width: auto; }
  table.summary tr:first-child { display: none; } table.summary tr { border-bottom: 1px solid #ccc; padding: .3rem 0; }
  table.summary td { border: none; padding: .1rem .3rem; } td.message { min-width: 0; } td.message:empty { display: none; } }
h1 { font-size: 1.5rem; } table.summary { border-collapse: collapse; margin: 1rem 0 2rem; }
table.summary td, table.summary th { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
.pass { color: #17692f; } .fail { color: #a11; } .cell { margin: 1rem 0; }
pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0; }
pre.error { background: #fdecec; } pre.out { background: #fff; border-left: 3px solid #ddd; }
.badge { display: inline-block; font-size: .85rem; padding: .1rem .5rem; border-radius: .6rem; background: #eee; }
.badge.pass { background: #dff3e4; } .badge.fail { background: #fbe0e0; } img { max-width: 100%; }
"""


def _markdown():
    import mistune
    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def _mathml(span):
    """MathML for a ``$...$`` or ``$$...$$`` span (the browser draws it: no script, no network), or
    None when the converter cannot read it."""
    try:
        from latex2mathml.converter import convert
        block = span.startswith("$$")
        out = convert(span.strip("$").strip(), display="block" if block else "inline")
    except Exception:
        return None
    return out if out.startswith("<math") and "<script" not in out.lower() else None


def _markdown_html(text, render, math=True):
    """Markdown with its TeX kept aside so that emphasis rules do not eat ``_`` in math; the TeX is
    then drawn as MathML (``math``: only for the course's own text) or shown escaped."""
    spans = []

    def keep(match):
        spans.append(match.group(0))
        return f"MATHSPAN{len(spans) - 1}X"
    out = render(_MATH.sub(keep, text))
    for i, span in enumerate(spans):
        drawn = _mathml(span) if math else None
        out = out.replace(f"MATHSPAN{i}X", drawn or f'<span class="math">{html_module.escape(span)}</span>')
    return out


def _output(out):
    """One output as data for the template: ("pre", css class, text), ("img", base64) or None."""
    kind = out.get("output_type")
    if kind == "stream":
        return {"pre": out.get("text", ""), "css": "out"}
    if kind == "error":
        lines = [_ANSI.sub("", str(line)) for line in out.get("traceback", [])] or [f"{out.get('ename')}: {out.get('evalue')}"]
        return {"pre": "\n".join(lines), "css": "error"}
    data = out.get("data", {})
    if "image/png" in data:
        png = "".join(data["image/png"]) if isinstance(data["image/png"], list) else data["image/png"]
        if re.fullmatch(r"[A-Za-z0-9+/=\s]*", png):
            return {"png": png.strip()}
    if "text/plain" in data:
        text = "".join(data["text/plain"]) if isinstance(data["text/plain"], list) else data["text/plain"]
        return {"pre": text, "css": "out"}
    return None


# The page, through jinja2 with autoescape: every value is escaped unless marked safe, and only the
# markdown renderer's output (mistune with escape=True, formulas as MathML) is marked safe.
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Feedback: {{ assignment }}</title><style>{{ style|safe }}</style></head><body>
<h1>Feedback: {{ assignment }}</h1>
{% if why %}<p class="score">Score: <b>0</b> (not graded)</p>
<p class="fail">Your submission could not be graded: {{ why }}</p>
<p>Submit the notebook file itself, <code>{{ assignment }}.ipynb</code>, in the folder <code>{{ assignment }}</code>.</p>
{% else %}<p class="score">Score: <b>{{ "%g"|format(score) }} / {{ "%g"|format(max_score) }}</b></p>
<div class="scroll"><table class="summary"><tr><th>test cell</th><th>points</th><th>result</th><th>message</th></tr>
{% for t in tests %}<tr><td><a href="#{{ t.grade_id }}">{{ t.grade_id }}</a></td>
<td>{{ "%g"|format(t.score) }} / {{ "%g"|format(t.max_score) }}</td>
<td class="{{ 'pass' if t.passed else 'fail' }}">{{ 'passed' if t.passed else 'failed' }}</td>
<td class="message">{{ t.message }}</td></tr>
{% endfor %}</table></div>
{% for cell in cells %}{% if cell.markdown is not none %}<div class="cell md">{{ cell.markdown|safe }}</div>
{% else %}<div class="cell code"{% if cell.grade_id %} id="{{ cell.grade_id }}"{% endif %}>{% if cell.badge %}<span class="badge {{ 'pass' if cell.badge.passed else 'fail' }}">{{ cell.badge.grade_id }}: {{ "%g"|format(cell.badge.score) }} / {{ "%g"|format(cell.badge.max_score) }}</span>{% endif %}<pre>{{ cell.source }}</pre>
{% for o in cell.outputs %}{% if o.png %}<img alt="figure" src="data:image/png;base64,{{ o.png }}">{% else %}<pre class="{{ o.css }}">{{ o.pre }}</pre>{% endif %}
{% endfor %}</div>
{% endif %}{% endfor %}{% endif %}</body></html>
"""


def _template():
    from jinja2 import Environment
    return Environment(autoescape=True).from_string(PAGE)


def invalid_html(assignment, why):
    """The feedback page of a submission that could not be graded at all."""
    return _template().render(assignment=assignment, why=why, style=_STYLE)


def render_html(nb, assignment, score, max_score, tests, course_markdown=()):
    """The feedback page of a sanitized, autograded notebook (see ``sanitize``).

    tests : list of {"grade_id", "score", "max_score", "message"} in notebook order.
    course_markdown : the released notebook's markdown sources; a markdown cell equal to one of
        them gets its formulas drawn (MathML), any other (the student's own) stays escaped text.
    """
    from markupsafe import Markup
    course_markdown, render = set(course_markdown), _markdown()
    tests = [{**t, "passed": t["score"] >= t["max_score"]} for t in tests]
    by_id = {t["grade_id"]: t for t in tests}
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            # mistune escapes the text (escape=True) and the formulas are MathML from latex2mathml
            cells.append({"markdown": Markup(_markdown_html(cell.source, render, cell.source in course_markdown))})
        elif cell.cell_type == "code":
            gid = nbtools.nbgrader_meta(cell).get("grade_id")
            cells.append({"markdown": None, "grade_id": gid, "badge": by_id.get(gid), "source": cell.source,
                          "outputs": [o for o in (_output(out) for out in cell.get("outputs", [])) if o]})
    return _template().render(assignment=assignment, score=score, max_score=max_score, tests=tests, cells=cells,
                              style=_STYLE, why=None)
