"""What the instructor sees after grading: per-test points, similar submissions, one HTML report.

``write_reports(out, results, released, references=None)`` is called once a class is graded, with
the grading task's result dicts (one per student and assignment: score, status, findings, the
points of every test cell and the submitted code of every exercise cell). It writes to ``out``:

- ``tests.csv``: student_id, assignment, grade_id, score, max_score, one row per student and test
  cell; the rows of one student and assignment add up to that notebook's score;
- ``similarity.csv``: assignment, student_a, student_b, similarity, most similar first: every
  pair of students whose own code is not empty (and, with ``references``, every student against
  every course_lib reference function, as ``student_b = "reference:<name>"``);
- ``report.html``: one self-contained page (pictures inline, no script, nothing fetched) with a
  table of every student (score, status and a link to the feedback page of each assignment), then,
  per assignment, a histogram of scores, the statuses, the test cells by how many students fail
  them with the most common failure message (line breaks kept), and the most similar pairs with
  their code side by side. It reads on a phone: nothing is wider than a 390 px screen except
  tables and code, which scroll inside their own box.

Statuses. The report shows the status of grades.csv, except that a notebook graded ``ok`` in which
the student attempted nothing is shown as ``not attempted``: every test cell failed and each
failure is a NotImplementedError (the starter's ``raise NotImplementedError()``), or the student
wrote no code of their own at all. grades.csv keeps nbgrader's outcome (``ok``).

References. ``reference_sources`` reads course_lib's public definitions; when course_lib declares
which assignment each reference answers (``@answers("NN_name")``, grader/references.py), a
student's code is compared only with the references of their assignment.

Similarity. A student's *own code* is what they wrote in the exercise cells: each submitted cell
with the lines of the released starter code (signature, docstring, ``# YOUR CODE HERE``,
``raise NotImplementedError()``) taken out, the cells of one notebook joined in notebook order.
Own code is compared with copydetect (PyPI; MOSS's winnowing over the token stream): pygments
tokenises the code, every identifier becomes one placeholder and comments and spacing are dropped,
so renaming variables or reformatting does not hide a copy. The similarity of a pair is the larger
of the two shares of each one's fingerprinted tokens found in the other: a student who copied
two of another's six functions and wrote nothing else is fully covered by the other's code.
A student whose own code is empty (a blank submission) is not compared with anyone.

Student code is hostile input: everything taken from a submission is HTML-escaped, and the page
carries a Content-Security-Policy that allows no script and no network at all.
"""
import ast
import base64
import csv
import difflib
import html
import io
import itertools
from collections import Counter
from pathlib import Path

from ..nbtools import atomic_write

STUB_LINES = {"# YOUR CODE HERE", "raise NotImplementedError()", "raise NotImplementedError"}
NOISE_T = 25  # copydetect's defaults: k-grams of 25 characters of filtered code,
GUARANTEE_T = 25  # every one of them kept (window 1)
FAILED_STATUSES = ("missing", "invalid")
TOP_PAIRS = 5
MAX_MESSAGE = 300  # characters of a failure message shown in the report
MAX_CODE = 50_000  # characters of one student's own code in one notebook that are compared and shown


# ---------------------------------------------------------------------------- files

def _csv(fields, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- the released notebook

def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def exercise_cells(released):
    """{grade_id: starter source} of the released notebook's exercise cells, in notebook order."""
    return {_meta(c)["grade_id"]: c.source for c in released.cells
            if c.cell_type == "code" and _meta(c).get("solution") and _meta(c).get("grade_id")}


def grade_cells(released):
    """[(grade_id, points)] of the released notebook's test cells, in notebook order."""
    return [(_meta(c)["grade_id"], float(_meta(c).get("points", 0))) for c in released.cells
            if c.cell_type == "code" and _meta(c).get("grade") and _meta(c).get("grade_id")]


# ---------------------------------------------------------------------------- own code

def own_code(submitted, starter):
    """The lines of an exercise cell that the student wrote: ``submitted`` without the lines of
    the released ``starter`` (matched in order, ignoring indentation changes at line ends) and
    without the stub lines."""
    sub = submitted.splitlines()
    start = starter.splitlines()
    key = [line.rstrip() for line in sub]
    matcher = difflib.SequenceMatcher(None, [line.rstrip() for line in start], key, autojunk=False)
    kept = []
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            kept += [line for line in sub[j1:j2] if line.strip() not in STUB_LINES]
    return "\n".join(kept).strip("\n") + "\n" if any(line.strip() for line in kept) else ""


def student_code(result, starters):
    """A student's own code in one notebook: the own code of every exercise cell, in notebook
    order, each under a ``# <grade_id>`` line; "" when they wrote nothing. Cut at MAX_CODE
    characters (a hostile submission may hold megabytes)."""
    parts = []
    for grade_id, starter in starters.items():
        mine = own_code(str(result.get("code", {}).get(grade_id, "") or "")[:4 * MAX_CODE], starter)
        if mine:
            parts.append(f"# {grade_id}\n{mine}")
    code = "\n".join(parts)
    return code if len(code) <= MAX_CODE else code[:MAX_CODE] + f"\n# ... (cut at {MAX_CODE} characters)\n"


def _fingerprint(name, code, boilerplate):
    from copydetect import CodeFingerprint
    return CodeFingerprint(f"{name}.py", NOISE_T, GUARANTEE_T - NOISE_T + 1, boilerplate=boilerplate,
                           language="python", fp=io.StringIO(code))


def similarity(code_a, code_b, boilerplate=()):
    """How alike two pieces of Python code are, in [0, 1]: the larger of the shares of each one's
    fingerprinted tokens that the other contains (copydetect, identifiers normalised)."""
    from copydetect import compare_files
    a, b = _fingerprint("a", code_a, list(boilerplate)), _fingerprint("b", code_b, list(boilerplate))
    return _compare(a, b, compare_files)


def _compare(a, b, compare_files):
    if not len(a.hashes) or not len(b.hashes):
        return 0.0
    _, (sim_a, sim_b), _ = compare_files(a, b)
    return float(min(1.0, max(sim_a, sim_b)))


def similar_pairs(results, released, references=None):
    """Compare the own code of every pair of students (and of every student with every reference).

    Returns (rows, codes, prints): rows [{"assignment", "student_a", "student_b", "similarity"}],
    most similar first (ties by name); codes {(student or "reference:<name>", assignment): own
    code}; prints {(same key): copydetect fingerprint} for those that were compared."""
    from copydetect import compare_files
    rows, codes, fingerprints = [], {}, {}
    for assignment in sorted({r["assignment"] for r in results}):
        if assignment not in released:
            continue
        starters = exercise_cells(released[assignment])
        boilerplate = list(_fingerprint("starter", "\n".join(starters.values()), []).hashes)
        prints = {}
        for r in sorted((r for r in results if r["assignment"] == assignment), key=lambda r: r["student"]):
            code = student_code(r, starters)
            codes[r["student"], assignment] = code
            if code.strip():
                prints[r["student"]] = fingerprints[r["student"], assignment] = _fingerprint(r["student"], code, boilerplate)
        for a, b in itertools.combinations(sorted(prints), 2):
            rows.append({"assignment": assignment, "student_a": a, "student_b": b,
                         "similarity": _compare(prints[a], prints[b], compare_files)})
        for name, source in sorted(references_for(references, assignment).items()):
            key = f"reference:{name}"
            ref = fingerprints[key, assignment] = _fingerprint(name, source, boilerplate)
            codes[key, assignment] = source
            for s in sorted(prints):
                rows.append({"assignment": assignment, "student_a": s, "student_b": key,
                             "similarity": _compare(prints[s], ref, compare_files)})
    rows.sort(key=lambda r: (r["assignment"], -r["similarity"], r["student_a"], r["student_b"]))
    return rows, codes, fingerprints


def highlighted(code, slices):
    """HTML of ``code`` (escaped) with the character ranges ``slices`` (2 x N: starts, ends)
    wrapped in <mark>."""
    out, pos = [], 0
    for start, end in sorted(zip(*(map(int, row) for row in slices))) if len(slices) and len(slices[0]) else []:
        start, end = max(start, pos), min(end, len(code))
        if end <= start:
            continue
        out += [html.escape(code[pos:start]), "<mark>", html.escape(code[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(code[pos:]))
    return "".join(out)


# ---------------------------------------------------------------------------- statuses

def not_attempted(result, own=None):
    """Whether an ``ok`` notebook shows no attempt: every test cell failed with NotImplementedError,
    or ``own`` (the student's own code, see student_code) is empty while the score is 0."""
    if result.get("status") != "ok":
        return False
    tests = result.get("tests") or []
    if tests and all(float(t["score"]) == 0 and str(t.get("message") or "").lstrip().startswith("NotImplementedError")
                     for t in tests):
        return True
    return own is not None and not own.strip() and float(result.get("score") or 0) == 0


def shown_status(result, codes=None):
    """The status the report shows: grades.csv's, or ``not attempted`` (see not_attempted)."""
    own = (codes or {}).get((result["student"], result["assignment"]))
    return "not attempted" if not_attempted(result, own) else str(result.get("status", ""))


# ---------------------------------------------------------------------------- per-test points

def test_rows(results, released):
    """The rows of tests.csv, in notebook order. A test cell of the released notebook that a
    result does not list (all of them for a missing or invalid notebook) gets a row with 0 points,
    so that every student has a row for every test cell."""
    rows = []
    for r in sorted(results, key=lambda r: (r["student"], r["assignment"])):
        given = {t["grade_id"]: t for t in r.get("tests") or []}
        cells = grade_cells(released[r["assignment"]]) if r["assignment"] in released else []
        known = {g for g, _ in cells}
        for grade_id, points in cells:
            t = given.get(grade_id, {"score": 0.0, "max_score": points})
            rows.append({"student_id": r["student"], "assignment": r["assignment"], "grade_id": grade_id,
                         "score": float(t["score"]), "max_score": float(t["max_score"])})
        for t in r.get("tests") or []:
            if t["grade_id"] not in known:
                rows.append({"student_id": r["student"], "assignment": r["assignment"], "grade_id": t["grade_id"],
                             "score": float(t["score"]), "max_score": float(t["max_score"])})
    return rows


def reference_sources(folder, min_lines=3):
    """{"course_lib.<module>.<name>": source} of the top-level functions and classes in the
    ``*.py`` files of ``folder`` (course_lib), public names only, read as text (never imported), for
    ``write_reports(references=...)``. Definitions with fewer than ``min_lines`` lines of code
    after the docstring are left out: a two-line helper is written alike by everyone."""
    folder = Path(folder)
    found = {}
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.parse(text).body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or node.name.startswith("_"):
                continue
            body = node.body[1:] if (node.body and isinstance(node.body[0], ast.Expr)
                                     and isinstance(getattr(node.body[0], "value", None), ast.Constant)
                                     and isinstance(node.body[0].value.value, str)) else node.body
            if not body:
                continue
            code_lines = [l for l in lines[body[0].lineno - 1:node.end_lineno] if l.strip() and not l.strip().startswith("#")]
            if len(code_lines) < min_lines:
                continue
            start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            found[f"{folder.name}.{path.stem}.{node.name}"] = "\n".join(lines[start - 1:node.end_lineno]) + "\n"
    return _with_assignments(found, folder)


class ReferenceSources(dict):
    """{name: source} with ``assignments``: {name: set of assignments it answers}, or None when
    the package declares no answers (then every reference is compared with every assignment)."""
    assignments = None


def _with_assignments(found, folder):
    from .. import references as declared
    sources = ReferenceSources(found)
    try:
        decls = declared.declarations(Path(folder).parent) if Path(folder).name == declared.PACKAGE else []
    except (OSError, SyntaxError, ValueError):
        decls = []
    if decls:
        sources.assignments = {}
        for d in decls:
            sources.assignments.setdefault(d.qualname, set()).add(d.assignment)
    return sources


def references_for(references, assignment):
    """The references to compare with one assignment's submissions (see ReferenceSources)."""
    answering = getattr(references, "assignments", None)
    if answering is None:
        return dict(references or {})
    return {name: source for name, source in references.items() if assignment in answering.get(name, ())}


# ---------------------------------------------------------------------------- pictures

def _png(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def score_histogram(scores, max_score, title):
    """A base64 PNG: the histogram of a class's scores on one notebook."""
    from matplotlib.figure import Figure
    fig = Figure(figsize=(6, 3))
    ax = fig.add_subplot()
    top = max_score if max_score else max(scores, default=1) or 1
    bins = min(20, max(1, int(top * 2)))
    ax.hist(scores, bins=bins, range=(0, top), color="#4477aa", edgecolor="white")
    ax.set_xlabel(f"score (of {top:g})")
    ax.set_ylabel("students")
    ax.set_title(title)
    fig.tight_layout()
    return _png(fig)


def failure_chart(failing, graded, title):
    """A base64 PNG: how many students fail each test cell (horizontal bars)."""
    from matplotlib.figure import Figure
    names = list(failing)
    fig = Figure(figsize=(6, 0.8 + 0.35 * max(1, len(names))))
    ax = fig.add_subplot()
    ax.barh(range(len(names)), [failing[n] for n in names], color="#cc6677")
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, graded))
    ax.set_xlabel(f"students failing (of {graded} graded)")
    ax.set_title(title)
    fig.tight_layout()
    return _png(fig)


# ---------------------------------------------------------------------------- the page

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 80em; color: #222; }
p, h1, h2, h3, h4 { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; max-width: 100%; margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.msg { font-family: monospace; font-size: 90%; white-space: pre-wrap; overflow-wrap: anywhere; }
.st-missing, .st-invalid, .st-not-attempted, .st-crashed, .st-timeout, .st-memory, .st-output_limit, .st-tampered
  { background: #fde8e8; }
img { max-width: 100%; height: auto; }
.pair { display: flex; gap: 1em; margin-bottom: 2em; }
.pair > div { flex: 1; min-width: 0; }
mark { background: #ffe08a; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: 0.5em; overflow-x: auto; font-size: 85%; }
@media (max-width: 40em) {
  body { margin: 0.6em; }
  .pair { flex-direction: column; }
  /* a wide table becomes one block per row, each cell under its column's name */
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; }
  table.stack tr:first-child { display: none; }
  table.stack tr { border: 1px solid #ccc; margin-bottom: 0.6em; }
  table.stack td { border: none; padding: 0.15em 0.5em; text-align: left; }
  table.stack td::before { content: attr(data-label) ": "; font-weight: bold; font-family: system-ui, sans-serif; }
}
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(text):
    return html.escape(str(text), quote=True)


def _table(header, rows, numeric=(), messages=(), stack=False):
    """An HTML table in a box that scrolls sideways on its own; cells escaped. Columns in
    ``numeric`` align right, those in ``messages`` keep their line breaks. With ``stack``, on a
    narrow screen each row becomes a block with every cell under its column's name."""
    def cell(i, v):
        label = f' data-label="{_e(header[i])}"' if i < len(header) else ""
        return (f'<td class="num"{label}>{_e(v)}</td>' if i in numeric else f'<td class="msg"{label}>{_e(v)}</td>'
                if i in messages else f"<td{label}>{_e(v)}</td>")
    kind = ' class="stack"' if stack else ""
    out = [f'<div class="scroll"><table{kind}><tr>' + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(cell(i, v) for i, v in enumerate(row)) + "</tr>")
    out.append("</table></div>")
    return "\n".join(out)


def feedback_href(student, assignment):
    """The feedback page's address relative to report.html (autograde writes it there)."""
    from urllib.parse import quote
    return "/".join(quote(part, safe="") for part in ("feedback", student, assignment, f"{assignment}.html"))


def students_table(results, codes, out=None):
    """One row per student: per assignment the score, the status shown and a link to the feedback
    page when autograde wrote one (``out``/feedback/...)."""
    assignments = sorted({r["assignment"] for r in results})
    by = {(r["student"], r["assignment"]): r for r in results}
    head = "".join(f"<th>{_e(a)}</th>" for a in assignments)
    rows = ['<div class="scroll"><table id="students"><tr><th>student</th><th>total</th>' + head + "</tr>"]
    for student in sorted({r["student"] for r in results}):
        mine = [by[student, a] for a in assignments if (student, a) in by]
        total = sum(float(r.get("score") or 0) for r in mine)
        top = sum(float(r.get("max_score") or 0) for r in mine)
        cells = []
        for a in assignments:
            r = by.get((student, a))
            if r is None:
                cells.append("<td></td>")
                continue
            status = shown_status(r, codes)
            page = Path(out) / "feedback" / student / a / f"{a}.html" if out is not None else None
            link = (f' <a href="{_e(feedback_href(student, a))}">feedback</a>' if page is not None and page.is_file()
                    else "")
            cells.append(f'<td class="st-{_e(status.replace(" ", "-"))}">{float(r.get("score") or 0):g}'
                         f'/{float(r.get("max_score") or 0):g} {_e(status)}{link}</td>')
        rows.append(f"<tr><td>{_e(student)}</td><td class=\"num\">{total:g}/{top:g}</td>" + "".join(cells) + "</tr>")
    rows.append("</table></div>")
    return "\n".join(rows)


def _img(data, alt):
    return f'<p><img src="data:image/png;base64,{data}" alt="{_e(alt)}"></p>'


def assignment_section(assignment, results, released, pairs, codes, prints):
    """The HTML of one assignment's part of the report."""
    tests = grade_cells(released) if released is not None else []
    max_score = sum(p for _, p in tests) or max((float(r.get("max_score") or 0) for r in results), default=0)
    scores = [float(r.get("score") or 0) for r in results]
    parts = [f'<h2 id="{_e(assignment)}">{_e(assignment)}</h2>',
             f"<p>{len(results)} students; mean score {sum(scores) / max(1, len(scores)):.2f} of {max_score:g}.</p>",
             _img(score_histogram(scores, max_score, f"{assignment}: scores"), f"histogram of {assignment} scores")]

    statuses = Counter(shown_status(r, codes) for r in results)
    parts += ["<h3>Statuses</h3>",
              _table(["status", "students"], sorted(statuses.items(), key=lambda kv: (-kv[1], kv[0])), numeric=(1,))]

    graded = [r for r in results if r.get("tests")]
    failing, messages, points = Counter(), {}, {g: p for g, p in tests}
    order = [g for g, _ in tests]
    for r in graded:
        for t in r["tests"]:
            g = t["grade_id"]
            if g not in points:
                points[g] = float(t["max_score"])
                order.append(g)
            if float(t["score"]) < float(t["max_score"]):
                failing[g] += 1
                message = (t.get("message") or "").strip() or "(no message)"
                if len(message) > MAX_MESSAGE:
                    message = message[:MAX_MESSAGE] + " …"
                messages.setdefault(g, Counter())[message] += 1
    ranked = sorted(order, key=lambda g: (-failing[g], order.index(g)))
    rows = []
    for g in ranked:
        common = messages.get(g, Counter()).most_common(1)
        msg, count = common[0] if common else ("", 0)
        rows.append([g, f"{points[g]:g}", f"{failing[g]} of {len(graded)}", f"{msg}" + (f"\n({count}×)" if count else "")])
    parts += ["<h3>Test cells, most failed first</h3>",
              f"<p>Among the {len(graded)} notebooks that were run (missing and unreadable ones left out).</p>"]
    if ranked:
        parts.append(_img(failure_chart({g: failing[g] for g in ranked}, len(graded), f"{assignment}: failed tests"),
                          f"students failing each test cell of {assignment}"))
    parts.append(_table(["test cell", "points", "students failing", "most common failure message"], rows,
                        messages=(3,), stack=True))

    findings = [(r["student"], f) for r in sorted(results, key=lambda r: r["student"]) for f in r.get("findings", [])]
    if findings:
        parts += ["<h3>Integrity findings (for review; no score changed)</h3>", _table(["student", "finding"], findings)]

    mine = [p for p in pairs if p["assignment"] == assignment]
    students = [p for p in mine if not p["student_b"].startswith("reference:")]
    to_references = [p for p in mine if p["student_b"].startswith("reference:")]
    blank = sorted(r["student"] for r in results if not codes.get((r["student"], assignment), "").strip())
    parts += ["<h3>Most similar code</h3>",
              f"<p>Own code compared: the exercise cells without the released starter code. "
              f"{len(blank)} student(s) with no own code were not compared"
              + (f": {_e(', '.join(blank))}" if blank and len(blank) <= 20 else "") + ". "
              "Similarity is the larger share of either side's code found in the other (copydetect, "
              "identifiers normalised); it is a pointer for a human look, never proof. "
              "Highlighted: the stretches found in both.</p>"]
    if students:
        parts.append(_pairs_html(students, codes, prints, assignment))
    else:
        parts.append("<p>No pair of students to compare.</p>")
    if to_references:
        alike = [p for p in to_references if p["similarity"] > 0]
        parts += ["<h3>Closest to a course_lib reference</h3>",
                  f"<p>Own code against the course_lib references that answer {_e(assignment)} "
                  f"({len({p['student_b'] for p in to_references})} compared; the share of the reference found "
                  "in the student's code, or the other way round). Pairs with nothing in common are left out "
                  "(all pairs: similarity.csv).</p>",
                  _pairs_html(alike, codes, prints, assignment, shown=3) if alike
                  else "<p>No student's code shares anything with these references.</p>"]
    return "\n".join(parts)


def _pairs_html(pairs, codes, prints, assignment, shown=TOP_PAIRS):
    """A table of the most similar pairs, then the ``shown`` most similar side by side."""
    from copydetect import compare_files
    parts = [_table(["A", "B", "similarity"],
                    [[p["student_a"], p["student_b"], f"{p['similarity']:.2f}"] for p in pairs[:3 * TOP_PAIRS]],
                    numeric=(2,))]
    for p in pairs[:shown]:
        if p["similarity"] <= 0:
            break
        a, b = (p["student_a"], assignment), (p["student_b"], assignment)
        _, _, slices = compare_files(prints[a], prints[b])
        parts.append(f"<h4>{_e(p['student_a'])} and {_e(p['student_b'])}: {p['similarity']:.2f}</h4>")
        parts.append('<div class="pair">' + "".join(
            f"<div><b>{_e(key[0])}</b><pre>{highlighted(codes.get(key, ''), part)}</pre></div>"
            for key, part in ((a, slices[0]), (b, slices[1]))) + "</div>")
    return "\n".join(parts)


def render_html(results, released, pairs, codes, prints, out=None):
    assignments = sorted({r["assignment"] for r in results})
    body = [f"<h1>Grading report</h1>",
            f"<p>{len({r['student'] for r in results})} students, {len(assignments)} assignment(s): "
            + ", ".join(f'<a href="#{_e(a)}">{_e(a)}</a>' for a in assignments) + ".</p>",
            "<h2 id=\"students-heading\">Students</h2>",
            "<p>Score and status of each notebook (statuses as in grades.csv; <i>not attempted</i>: graded ok, "
            "but every test failed with NotImplementedError or no own code was written), with a link to the "
            "feedback page the student receives.</p>",
            students_table(results, codes, out)]
    for a in assignments:
        body.append(assignment_section(a, [r for r in results if r["assignment"] == a], released.get(a),
                                       pairs, codes, prints))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f"<title>Grading report</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


# ---------------------------------------------------------------------------- entry point

def write_reports(out, results, released, references=None):
    """Write tests.csv, similarity.csv and report.html to ``out`` (each atomically).

    results : list of the grading task's dicts ({"student", "assignment", "score", "max_score",
        "status", "findings", "tests", "code"}), one per student and assignment.
    released : {assignment: the released student notebook (nbformat.NotebookNode)}.
    references : optional {name: source} of course_lib reference functions; every student's own
        code is compared with each of them too.
    Returns {"tests": rows of tests.csv, "similarity": rows of similarity.csv}.
    """
    out = Path(out)
    results = list(results)
    tests = test_rows(results, released)
    atomic_write(out / "tests.csv", _csv(["student_id", "assignment", "grade_id", "score", "max_score"], tests))
    pairs, codes, prints = similar_pairs(results, released, references)
    pairs.sort(key=lambda r: (-r["similarity"], r["assignment"], r["student_a"], r["student_b"]))
    atomic_write(out / "similarity.csv", _csv(["assignment", "student_a", "student_b", "similarity"],
                                               [{**p, "similarity": f"{p['similarity']:.4f}"} for p in pairs]))
    atomic_write(out / "report.html", render_html(results, released, pairs, codes, prints, out))
    return {"tests": tests, "similarity": pairs}
