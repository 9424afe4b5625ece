"""The feedback page a student opens: formulas drawn offline, usable on a phone, nothing run."""
from pathlib import Path

import pytest

from grader import nbtools, synthetic
from grader.grading import feedback

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
A = "01_perceptron"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    nb = synthetic.blank(A)
    released = nbtools.read(nbtools.REPO / "notebooks" / A / f"{A}.ipynb")
    course_md = [c.source for c in released.cells if c.cell_type == "markdown"]
    own = nb.cells[0].copy()
    own.source = "My own note: $\\text{<script>window.__pwned=1</script>}$ and a long word " + "x" * 300
    nb.cells.insert(1, own)
    tests = [{"grade_id": g, "score": 0.0, "max_score": p, "message": "NotImplementedError: \nline two of the message"}
             for g, p in synthetic.test_points(nb)]
    html = feedback.render_html(nb, A, 0.0, 11.0, tests, course_md)
    path = tmp_path_factory.mktemp("feedback") / "page.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_the_course_formulas_become_mathml_and_the_students_own_stay_text(page):
    html = page.read_text(encoding="utf-8")
    assert html.count("<math") >= 20, "the course's formulas are drawn as MathML"
    assert "<script" not in html and "&lt;script&gt;" in html


def test_the_page_in_chromium_at_390_px(page):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 390, "height": 844})
            requests = []
            tab.on("request", lambda r: requests.append(r.url))
            tab.goto(page.as_uri())
            scroll = tab.evaluate("document.documentElement.scrollWidth")
            drawn = tab.evaluate("Array.from(document.querySelectorAll('math')).filter(m => m.getBoundingClientRect().width > 0).length")
            message_box = tab.evaluate("document.querySelector('td.message').getBoundingClientRect().right")
            pwned = tab.evaluate("window.__pwned")
            text = tab.inner_text("body")
        finally:
            browser.close()
    assert scroll <= 390, f"the page is {scroll} px wide at a 390 px screen"
    assert drawn >= 20, drawn
    assert pwned is None
    assert "line two of the message" in text
    assert 0 < message_box <= 390, f"the message column ends at {message_box} px: off a 390 px screen"
    assert all(u.startswith(("file://", "data:")) for u in requests), requests
