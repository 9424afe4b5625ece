"""grader/grading/report.py: per-test points, similar submissions and the HTML report, on a synthetic class.

The class answers notebook 01 (the real released notebook): ana wrote her own code, ben copied it
and renamed every variable, chen and dara wrote different correct implementations of their own,
and eve handed in the blank notebook. The result dicts are what the grading task returns.
"""
import csv
import re
import textwrap
from pathlib import Path

import pytest

from grader import nbtools
from grader.grading.report import own_code, reference_sources, similarity, write_reports

ASSIGNMENT = "01_perceptron"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INJECTION = "# keep </pre><script>window.__pwned = 1</script> for later"

# the bodies each student wrote, by exercise grade_id
ANA = {
    "01_predict": f"""
        {INJECTION}
        scores = X @ w
        labels = np.ones(len(scores), dtype=int)
        labels[scores <= 0] = -1
        return labels
    """,
    "01_perceptron_update": """
        w_new = w.copy()
        activation = np.dot(w, x)
        guess = 1 if activation > 0 else -1
        if guess != y:
            w_new = w_new + lr * y * x
        return w_new
    """,
    "01_perceptron_loss": """
        total = 0.0
        for xi, yi in zip(X, y):
            total += max(0.0, -yi * np.dot(w, xi))
        return total
    """,
    "01_train_perceptron": """
        n, d = X.shape
        if w0 is None:
            w = np.zeros(d)
        else:
            w = w0.copy()
        mistakes = []
        for epoch in range(epochs):
            if shuffle:
                idx = rng.permutation(n)
            else:
                idx = np.arange(n)
            errors = 0
            for i in idx:
                new_w = perceptron_update(w, X[i], y[i], lr)
                if np.any(new_w != w):
                    errors += 1
                w = new_w
            mistakes.append(errors)
            if errors == 0:
                break
        return w, mistakes
    """,
    "01_bag_of_words": """
        X = np.zeros((len(token_lists), len(vocabulary)))
        for i, toks in enumerate(token_lists):
            for j, word in enumerate(vocabulary):
                if word in toks:
                    X[i, j] = 1
        return X
    """,
    "01_accuracy": """
        correct = 0
        for a, b in zip(y_true, y_pred):
            if a == b:
                correct += 1
        return correct / len(y_true)
    """,
}

# ben: ana's code with every local name changed and the comment dropped
BEN = {
    "01_predict": """
        s = X @ w
        out = np.ones(len(s), dtype=int)
        out[s <= 0] = -1
        return out
    """,
    "01_perceptron_update": """
        updated = w.copy()
        a = np.dot(w, x)
        pred = 1 if a > 0 else -1
        if pred != y:
            updated = updated + lr * y * x
        return updated
    """,
    "01_perceptron_loss": """
        loss = 0.0
        for row, label in zip(X, y):
            loss += max(0.0, -label * np.dot(w, row))
        return loss
    """,
    "01_train_perceptron": """
        rows, cols = X.shape
        if w0 is None:
            weights = np.zeros(cols)
        else:
            weights = w0.copy()
        errs = []
        for e in range(epochs):
            if shuffle:
                order = rng.permutation(rows)
            else:
                order = np.arange(rows)
            count = 0
            for k in order:
                nxt = perceptron_update(weights, X[k], y[k], lr)
                if np.any(nxt != weights):
                    count += 1
                weights = nxt
            errs.append(count)
            if count == 0:
                break
        return weights, errs
    """,
    "01_bag_of_words": """
        M = np.zeros((len(token_lists), len(vocabulary)))
        for r, words in enumerate(token_lists):
            for c, v in enumerate(vocabulary):
                if v in words:
                    M[r, c] = 1
        return M
    """,
    "01_accuracy": """
        hits = 0
        for t, p in zip(y_true, y_pred):
            if t == p:
                hits += 1
        return hits / len(y_true)
    """,
}

# chen: vectorised numpy, a dict index for the vocabulary
CHEN = {
    "01_predict": """
        return np.where(np.asarray(X).dot(w) > 0, 1, -1)
    """,
    "01_perceptron_update": """
        x = np.asarray(x, dtype=float)
        predicted = 1 if float(w @ x) > 0 else -1
        if predicted == y:
            return np.array(w, dtype=float, copy=True)
        return w + lr * y * x
    """,
    "01_perceptron_loss": """
        return float(np.clip(-np.asarray(y) * (X @ w), 0, None).sum())
    """,
    "01_train_perceptron": """
        X = np.asarray(X, dtype=float)
        w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
        history = []
        for _ in range(epochs):
            visit = rng.permutation(len(X)) if shuffle else range(len(X))
            updates = 0
            for k in visit:
                before = w
                w = perceptron_update(w, X[k], y[k], lr)
                updates += int(not np.array_equal(before, w))
            history.append(updates)
            if not updates:
                break
        return w, history
    """,
    "01_bag_of_words": """
        index = {word: j for j, word in enumerate(vocabulary)}
        features = np.zeros((len(token_lists), len(vocabulary)), dtype=float)
        for row, tokens in enumerate(token_lists):
            cols = [index[t] for t in set(tokens) if t in index]
            features[row, cols] = 1.0
        return features
    """,
    "01_accuracy": """
        return float((np.asarray(y_true) == np.asarray(y_pred)).mean())
    """,
}

# dara: loops over rows, a while loop for the epochs, column-wise bag of words
DARA = {
    "01_predict": """
        out = []
        for row in X:
            out.append(1 if np.dot(row, w) > 0 else -1)
        return np.array(out)
    """,
    "01_perceptron_update": """
        s = np.dot(w, x)
        if (s > 0 and y == -1) or (s <= 0 and y == 1):
            return w + lr * y * np.asarray(x)
        return w.copy()
    """,
    "01_perceptron_loss": """
        margins = y * np.dot(X, w)
        return float(-margins[margins < 0].sum())
    """,
    "01_train_perceptron": """
        if w0 is None:
            w = np.zeros(X.shape[1])
        else:
            w = w0.astype(float).copy()
        counts = []
        epoch = 0
        while epoch < epochs:
            indices = rng.permutation(X.shape[0]) if shuffle else np.arange(X.shape[0])
            changed = 0
            for i in indices:
                w2 = perceptron_update(w, X[i], y[i], lr)
                changed += int(not np.array_equal(w2, w))
                w = w2
            counts.append(changed)
            epoch += 1
            if changed == 0:
                break
        return w, counts
    """,
    "01_bag_of_words": """
        X = np.zeros((len(token_lists), len(vocabulary)))
        for j, v in enumerate(vocabulary):
            X[:, j] = [1.0 if v in msg else 0.0 for msg in token_lists]
        return X
    """,
    "01_accuracy": """
        y_true = np.asarray(y_true)
        y_pred = np.asarray(y_pred)
        return np.sum(y_true == y_pred) / y_true.size
    """,
}

STUB = "    # YOUR CODE HERE\n    raise NotImplementedError()"


@pytest.fixture(scope="module")
def released():
    return nbtools.read(nbtools.REPO / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")


def starters(released):
    return {nbtools.nbgrader_meta(c)["grade_id"]: c.source for c in released.cells if nbtools.is_solution(c)}


def total(released):
    return sum(p for _, p in cells_of(released))


def cells_of(released):
    return [(nbtools.nbgrader_meta(c)["grade_id"], float(nbtools.nbgrader_meta(c)["points"]))
            for c in released.cells if nbtools.is_test(c)]


def filled(starter, body):
    """The exercise cell as the student leaves it: the stub replaced by their body."""
    assert STUB in starter
    return starter.replace(STUB, textwrap.indent(textwrap.dedent(body).strip("\n"), "    "))


def result(student, released, bodies, failed=None):
    """A grading-task result: every test passed except ``failed`` {grade_id: message}."""
    failed = failed or {}
    tests = [{"grade_id": g, "score": 0.0 if g in failed else p, "max_score": p, "message": failed.get(g, "")}
             for g, p in cells_of(released)]
    # the exercises the bodies write (the others are left as released)
    code = {g: filled(s, bodies[g]) if g in (bodies or {}) else s for g, s in starters(released).items()}
    return {"student": student, "assignment": ASSIGNMENT, "score": sum(t["score"] for t in tests),
            "max_score": sum(t["max_score"] for t in tests), "status": "ok", "findings": [],
            "tests": tests, "code": code}


@pytest.fixture(scope="module")
def klass(released):
    blank = {g: "NotImplementedError: " for g, _ in cells_of(released)}
    return [
        result("ana", released, ANA),
        result("ben", released, BEN),
        result("chen", released, CHEN),
        result("dara", released, DARA, failed={
            "test_01_bag_of_words": "AssertionError: bag_of_words returned float64 rows that sum to 3 "
                                    "for a message with a repeated word;\nexpected 0/1 entries"}),
        result("eve", released, {}, failed=blank),
        {"student": "finn", "assignment": ASSIGNMENT, "score": 0.0, "max_score": total(released), "status": "missing",
         "findings": [], "tests": [], "code": {}},
    ]


FEEDBACK_FOR = ("ana", "ben", "chen", "dara", "eve")  # finn's notebook is missing: no feedback page


@pytest.fixture(scope="module")
def written(klass, released, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    for student in FEEDBACK_FOR:  # autograde writes the feedback pages before the report
        page = out / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<!DOCTYPE html><title>feedback</title><h1>Feedback for {student}</h1>", encoding="utf-8")
    write_reports(out, klass, {ASSIGNMENT: released})
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pair_similarity(rows, a, b):
    for r in rows:
        if {r["student_a"], r["student_b"]} == {a, b}:
            return float(r["similarity"])
    raise AssertionError(f"no row for {a} and {b}")


def test_own_code_drops_the_starter_code(released):
    starter = starters(released)["01_predict"]
    assert own_code(starter, starter) == ""
    mine = own_code(filled(starter, ANA["01_predict"]), starter)
    assert "def predict" not in mine and "Parameters" not in mine and "NotImplementedError" not in mine
    assert "labels[scores <= 0] = -1" in mine


def test_renaming_every_variable_does_not_hide_a_copy():
    original = textwrap.dedent(ANA["01_train_perceptron"])
    renamed = textwrap.dedent(BEN["01_train_perceptron"])
    other = textwrap.dedent(DARA["01_train_perceptron"])
    assert similarity(original, renamed) == pytest.approx(1.0)
    assert similarity(original, other) < 0.6


def test_tests_csv_has_a_row_per_test_cell_adding_up_to_the_score(written, klass, released):
    rows = read_csv(written / "tests.csv")
    assert list(rows[0]) == ["student_id", "assignment", "grade_id", "score", "max_score"]
    cells = [g for g, _ in cells_of(released)]
    for r in klass:
        mine = [row for row in rows if row["student_id"] == r["student"] and row["assignment"] == ASSIGNMENT]
        assert [row["grade_id"] for row in mine] == cells, r["student"]
        assert sum(float(row["score"]) for row in mine) == pytest.approx(r["score"])
        assert sum(float(row["max_score"]) for row in mine) == pytest.approx(total(released))


def test_the_copied_pair_is_the_most_similar_and_the_honest_pair_well_below(written):
    rows = read_csv(written / "similarity.csv")
    assert list(rows[0]) == ["assignment", "student_a", "student_b", "similarity"]
    assert {rows[0]["student_a"], rows[0]["student_b"]} == {"ana", "ben"}
    values = [float(r["similarity"]) for r in rows]
    assert values == sorted(values, reverse=True)
    copied, honest = pair_similarity(rows, "ana", "ben"), pair_similarity(rows, "chen", "dara")
    print(f"similarity: copied pair {copied:.3f}, honest pair {honest:.3f}")
    assert copied >= 0.9
    assert honest <= 0.5 and honest < copied - 0.4
    # the blank and the missing student are compared with no one
    assert not any({"eve", "finn"} & {r["student_a"], r["student_b"]} for r in rows)
    assert len(rows) == 6  # the four students who wrote code: 4 choose 2


def test_blank_submissions_are_not_all_similar(klass, released, tmp_path):
    blanks = [result(f"blank{i}", released, {}) for i in range(3)]
    write_reports(tmp_path, blanks + klass[:1], {ASSIGNMENT: released})
    assert read_csv(tmp_path / "similarity.csv") == []


def test_references_are_compared_too(klass, released, tmp_path):
    reference = "def bag_of_words(token_lists, vocabulary):\n" + textwrap.indent(textwrap.dedent(CHEN["01_bag_of_words"]), "    ")
    write_reports(tmp_path, klass, {ASSIGNMENT: released}, references={"course_lib.metrics.accuracy": reference})
    rows = read_csv(tmp_path / "similarity.csv")
    against = {r["student_a"]: float(r["similarity"]) for r in rows
               if r["student_b"] == "reference:course_lib.metrics.accuracy"}
    assert set(against) == {"ana", "ben", "chen", "dara"}
    assert against["chen"] == max(against.values()) > 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Closest to a course_lib reference" in page
    assert "<h4>chen and reference:course_lib.metrics.accuracy" in page


def test_reference_sources_are_read_as_text(tmp_path):
    lib = tmp_path / "course_lib"
    lib.mkdir()
    (lib / "nn.py").write_text(textwrap.dedent('''
        import sys
        raise SystemExit("imported")  # reading must not run the module


        def relu(x):
            """Tiny: left out."""
            return np.maximum(0, x)


        def _private(x):
            a = x
            b = a
            return b


        def softmax(z):
            """Row-wise softmax."""
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=1, keepdims=True)
    '''), encoding="utf-8")
    found = reference_sources(lib)
    assert list(found) == ["course_lib.nn.softmax"]
    assert found["course_lib.nn.softmax"].startswith("def softmax(z):") and "e.sum(axis=1" in found["course_lib.nn.softmax"]


def test_a_test_cell_missing_from_a_result_counts_zero(klass, released, tmp_path):
    partial = dict(klass[0], student="gus", tests=klass[0]["tests"][:2])
    partial["score"] = sum(t["score"] for t in partial["tests"])
    write_reports(tmp_path, [partial], {ASSIGNMENT: released})
    rows = read_csv(tmp_path / "tests.csv")
    assert [r["grade_id"] for r in rows] == [g for g, _ in cells_of(released)]
    assert sum(float(r["score"]) for r in rows) == pytest.approx(partial["score"])


def test_a_huge_submission_is_cut(klass, released, tmp_path):
    huge = dict(klass[0], student="hal", code=dict(klass[0]["code"]))
    huge["code"]["01_predict"] += "\n" + "    x = 1  # padding\n" * 300_000
    write_reports(tmp_path, [huge, klass[1]], {ASSIGNMENT: released})
    assert (tmp_path / "report.html").stat().st_size < 1_000_000
    assert "cut at 50000 characters" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_student_code_is_escaped(written):
    page = (written / "report.html").read_text(encoding="utf-8")
    assert "&lt;/pre&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "http://" not in page and "https://" not in page
    # nothing fetched: pictures inline; links only to anchors and to the feedback pages beside the report
    assert not re.search(r"""(src|href)=["'](?!data:image/png;base64,|#|feedback/[^"'/]+/[^"'/]+/[^"'/]+\.html["'])""", page)


def test_report_opens_in_headless_chromium(written):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((written / "report.html").as_uri())
            widths = page.evaluate("Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
            text = page.inner_text("body")
            pwned = page.evaluate("window.__pwned")
            first_pair = page.inner_text("h4")
            marked = page.evaluate("Array.from(document.querySelectorAll('.pair')[0].querySelectorAll('mark'))"
                                   ".map(m => m.textContent).join('')")
        finally:
            browser.close()
    assert len(widths) == 2 and all(w > 0 for w in widths), widths  # histogram and failure chart
    assert pwned is None
    assert "</pre><script>window.__pwned = 1</script>" in text
    assert first_pair.startswith("ana and ben")
    assert "labels[scores <= 0] = -1" in marked  # the copied stretches are highlighted
    assert "test_01_bag_of_words" in text and "expected 0/1 entries" in text
    assert all(u.startswith(("file://", "data:")) for u in requests), requests


def _students_rows(page):
    return page.evaluate("Array.from(document.querySelectorAll('#students tr')).slice(1)"
                         ".map(tr => Array.from(tr.cells).map(td => td.innerText))")


def test_report_lists_every_student_with_status_and_feedback_link_in_chromium(written, released):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto((written / "report.html").as_uri())
            rows = {r[0]: r for r in _students_rows(page)}
            message = page.evaluate("Array.from(document.querySelectorAll('td.msg'))"
                                    ".map(td => td.innerText).find(t => t.includes('repeated word'))")
            page.locator("#students a", has_text="feedback").first.click()  # ana's
            page.wait_for_load_state()
            landed = page.inner_text("h1")
        finally:
            browser.close()
    assert sorted(rows) == ["ana", "ben", "chen", "dara", "eve", "finn"]
    full = f"{total(released):g}"
    assert f"{full}/{full} ok" in rows["ana"][2] and "feedback" in rows["ana"][2]
    bag = dict(cells_of(released))["test_01_bag_of_words"]  # dara failed that test cell only
    assert f"{total(released) - bag:g}/{full} ok" in rows["dara"][2]
    assert f"0/{full} not attempted" in rows["eve"][2], rows["eve"]  # the blank notebook
    assert "missing" in rows["finn"][2] and "feedback" not in rows["finn"][2]
    assert landed == "Feedback for ana"
    assert "repeated word;\nexpected 0/1 entries" in message, repr(message)  # the line break is kept


def test_statuses_show_a_blank_notebook_as_not_attempted(written):
    page = (written / "report.html").read_text(encoding="utf-8")
    statuses = re.search(r"<h3>Statuses</h3>(.*?)</table>", page, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", statuses)
    counts = dict(zip(cells[::2], cells[1::2]))
    assert counts == {"ok": "4", "not attempted": "1", "missing": "1"}, counts  # ana, ben, chen, dara are ok


def test_not_attempted_needs_every_failure_to_be_not_implemented():
    from grader.grading.report import not_attempted
    blank = {"status": "ok", "score": 0, "tests": [{"score": 0, "max_score": 1, "message": "NotImplementedError:"}] * 3}
    assert not_attempted(blank)
    tried = dict(blank, tests=blank["tests"][:2] + [{"score": 0, "max_score": 1, "message": "AssertionError: sign"}])
    assert not not_attempted(tried)
    assert not not_attempted(dict(blank, status="timeout"))
    assert not_attempted({"status": "ok", "score": 0, "tests": []}, own="")
    assert not not_attempted({"status": "ok", "score": 0, "tests": []}, own="x = 1\n")


@pytest.mark.parametrize("width", [390, 1280])
def test_report_fits_a_phone_screen(written, width):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto((written / "report.html").as_uri())
            scroll = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth]")
            inner = page.evaluate("window.innerWidth")
            # the first failure message starts on screen, and the student table's first cells too
            box = page.evaluate("(() => { const r = document.querySelector('td.msg').getBoundingClientRect();"
                                " return [r.left, r.right]; })()")
            student_cell = page.evaluate("document.querySelector('#students td').getBoundingClientRect().right")
        finally:
            browser.close()
    assert max(scroll) <= inner, f"the page scrolls sideways at {width} px: {scroll} > {inner}"
    assert 0 <= box[0] and box[1] <= inner, f"the failure message is off screen at {width} px: {box}"
    assert student_cell <= inner


def test_references_are_compared_within_their_assignment_only(klass, released, tmp_path):
    from grader.grading.report import references_for
    from grader import references
    refs = reference_sources(nbtools.REPO / "course_lib")
    answers = {}
    for d in references.declarations():
        answers.setdefault(d.qualname, set()).add(d.assignment)
    for assignment in nbtools.assignments():
        chosen = references_for(refs, assignment)
        assert all(assignment in answers.get(name, ()) for name in chosen), (assignment, sorted(chosen))
    assert "course_lib.nn.softmax" in references_for(refs, "02_mlp_backprop")
    assert "course_lib.metric.triplet_loss_and_grads" not in references_for(refs, "02_mlp_backprop")
    assert "course_lib.optim.Adam" in references_for(refs, "03_sgd_variants")
    # in a report: notebook 01 is compared only with references that answer 01
    write_reports(tmp_path, klass, {ASSIGNMENT: released}, references=refs)
    compared = {r["student_b"] for r in read_csv(tmp_path / "similarity.csv") if r["student_b"].startswith("reference:")}
    assert all(ASSIGNMENT in answers.get(name.split(":", 1)[1], ()) for name in compared), compared


# ---------------------------------------------------------------------------- pasted solutions

def _solution_cells():
    nb = nbtools.read(nbtools.solution_path(ASSIGNMENT))
    return {nbtools.nbgrader_meta(c)["grade_id"]: c.source for c in nb.cells if nbtools.is_solution(c)}


def test_pasting_the_solution_cells_is_a_finding():
    from grader.grading.pasted import pasted_solutions
    found = pasted_solutions(_solution_cells(), ASSIGNMENT)
    assert len(found) == len(_solution_cells()) and all("BEGIN SOLUTION" in f for f in found), found
    solution = nbtools.read(nbtools.solution_path(ASSIGNMENT))  # as the grading task passes it
    assert pasted_solutions(_solution_cells(), ASSIGNMENT, solution=solution) == found


def test_pasting_the_solution_without_its_markers_is_a_finding(released):
    from grader.grading.pasted import pasted_solutions
    stripped = {g: "\n".join(l for l in src.splitlines() if "SOLUTION" not in l) for g, src in _solution_cells().items()}
    found = pasted_solutions(stripped, ASSIGNMENT)
    long_enough = [g for g, src in _solution_cells().items()
                   if len([l for l in re.search(r"BEGIN SOLUTION\n(.*?)### END", src, re.S).group(1).splitlines()
                           if l.strip() and not l.strip().startswith("#")]) >= 3]
    assert long_enough and sorted(f.split()[3] for f in found) == sorted(long_enough), found


def test_own_work_and_the_blank_notebook_are_no_pasted_solution(klass, released):
    from grader.grading.pasted import pasted_solutions
    for r in klass[:5]:  # ana, ben, chen, dara, eve (blank)
        assert pasted_solutions(r["code"], ASSIGNMENT) == [], r["student"]
