"""The course web site (`python -m grader site OUT`), built into a temporary folder and read the way a
person would: in headless Chromium, from file:// with no network, following the index's links.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright from PyPI; `playwright install` is
never needed. Without Chromium the browser test FAILS (it is not skipped): install it with
`apt-get install chromium`. Screenshots are kept in a temporary folder whose path the test prints
(run pytest with -s to see it).
"""
import html
import re
import tempfile
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from grader import nbtools
from grader.authoring.site import build_site, exercise_stub, find_terms, mark_terms, reading_version

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RAW_TEX = ["$$", "\\frac", "\\mathbf", "\\begin{"]
MATH_RENDERED = ".MathJax, .MathJax_Display, .MathJax_SVG, mjx-container"
MATH_ERRORS = ".MathJax_Error, .noError, merror"
ASSIGNMENTS = nbtools.assignments()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("course-site") / "site"
    build_site(out, log=print)
    return out


def hidden_lines(assignment):
    """Lines of at least 30 characters inside the hidden-test blocks of a solution notebook, less
    those that the visible part of the notebook shows as well (a check repeated in the open)."""
    nb = nbtools.read(nbtools.solution_path(assignment))
    hidden, visible = set(), []
    for cell in nb.cells:
        if cell.cell_type == "code":
            for block in nbtools.HIDDEN_BLOCK.findall(cell.source):
                hidden.update(line.strip() for line in block.splitlines())
            visible.append(nbtools.strip_hidden_tests(cell.source))
        else:
            visible.append(cell.source)
    visible = "\n".join(visible)
    return sorted(line for line in hidden
                  if len(line) >= 30 and "HIDDEN TESTS" not in line and line not in visible)


def solution_lines(assignment):
    """For each solution cell, the longest line of its solution region that no other cell shows
    (None when every line of it is shown elsewhere too)."""
    nb = nbtools.read(nbtools.solution_path(assignment))
    elsewhere = "\n".join(cell.source for cell in nb.cells if not nbtools.is_solution(cell))
    lines = []
    for cell in nb.cells:
        if nbtools.is_solution(cell):
            region = re.search(r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION", cell.source, re.S)
            body = region.group(1) if region else cell.source
            own = [x.strip() for x in body.splitlines() if len(x.strip()) >= 12 and x.strip() not in elsewhere]
            lines.append(max(own, key=len) if own else None)
    return lines


def page_text(path):
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text()


def terms(markdown):
    return [(english, japanese) for _, _, english, japanese in find_terms(markdown)]


@pytest.mark.parametrize("markdown, expected", [
    ("The **backpropagation (誤差逆伝播法)** algorithm", [("backpropagation", "誤差逆伝播法")]),
    ("drawn from a normal distribution (正規分布) with mean 0", [("normal distribution", "正規分布")]),
    ("a copy of the others (symmetry, 対称性); so", [("symmetry", "対称性")]),
    ("| step (ステップ関数) | $0$ |", [("step", "ステップ関数")]),
    ("## 4. Loss functions (損失関数, 誤差関数)\n", [("Loss functions", "損失関数, 誤差関数")]),
    ("**Mean squared error (平均二乗誤差, MSE)** is", [("Mean squared error (MSE)", "平均二乗誤差")]),
    ("**Double descent (二重降下現象).** They", [("Double descent", "二重降下現象")]),
    ("the **unseen classes** 7–9 (未知クラス), which", [("unseen classes", "未知クラス")]),
    ("## 13. vanishing (勾配消失) and exploding (勾配爆発) gradients\n",
     [("vanishing gradients", "勾配消失"), ("exploding gradients", "勾配爆発")]),
    ("$$\\text{He (Heの初期値):}\\ \\sigma = \\sqrt{2/n}$$", [("He", "Heの初期値")]),
    ("not designed for saddle points (鞍点問題に対応するために考えられた手法, as one slide says)", []),
    ("a value $f(x) = x$ (no Japanese here) and `code (コード)`?", []),
])
def test_find_terms(markdown, expected):
    assert terms(markdown) == expected


def test_mark_terms_wraps_the_first_use_only_and_keeps_the_markup():
    from nbconvert.filters import markdown2html
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("The **learning rate (学習率)** $\\eta$ and a normal distribution (正規分布)."),
        nbformat.v4.new_markdown_cell("Again the **learning rate (学習率)**.")])
    entries = mark_terms(nb, "p.html")
    assert entries == [("learning rate", "学習率", "p.html#term-learning-rate"),
                       ("normal distribution", "正規分布", "p.html#term-normal-distribution")]
    rendered = markdown2html(nb.cells[0].source)
    assert '<span class="term" id="term-learning-rate"><strong>learning rate (学習率)</strong></span>' in rendered
    assert '<span class="term" id="term-normal-distribution">normal distribution (正規分布)</span>' in rendered
    assert "term" not in nb.cells[1].source


def test_exercise_stub_and_reading_version():
    solution = ('def f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n')
    assert exercise_stub(solution) == 'def f(x):\n    """Doc."""\n    # YOUR CODE HERE\n    raise NotImplementedError()'
    test = "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(3) == 6, 'secret check'\n### END HIDDEN TESTS\n"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(solution, metadata={"nbgrader": {"solution": True, "grade_id": "f"}}),
        nbformat.v4.new_code_cell(test, metadata={"nbgrader": {"grade": True, "grade_id": "test_f", "points": 1}})])
    cells = reading_version(nb).cells
    assert [c.metadata["site"].get("role") for c in cells] == ["exercise", "solution", "test"]
    assert "return 2 * x" in cells[1].source and "### BEGIN SOLUTION" not in cells[1].source
    assert "secret check" not in cells[2].source and "assert f(1) == 2" in cells[2].source


@pytest.mark.slow
def test_site_files_hold_no_hidden_test_and_fetch_nothing(site):
    pages = sorted(site.glob("*.html"))
    assert {p.stem for p in pages} == set(ASSIGNMENTS) | {"index", "glossary"}
    leaks = []
    for page in pages:
        raw = html.unescape(page.read_text(encoding="utf-8"))
        text = page_text(page)
        for a in ASSIGNMENTS:
            leaks += [(page.name, a, line) for line in hidden_lines(a) if line in text or line in raw]
        assert "### BEGIN HIDDEN TESTS" not in raw and "### BEGIN SOLUTION" not in raw, page.name
        soup = BeautifulSoup(raw, "html.parser")
        remote = [t.get("src") or t.get("href") for t in soup.find_all(["script", "link", "img", "iframe"])
                  if re.match(r"(https?:)?//", t.get("src") or t.get("href") or "")]
        assert not remote, f"{page.name} loads from the network: {remote[:3]}"
    assert not leaks, f"{len(leaks)} hidden-test line(s) published, e.g. {leaks[:3]}"


@pytest.mark.slow
def test_glossary_links_land_on_their_terms(site):
    soup = BeautifulSoup((site / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("table.glossary tbody tr:not(.letter)")
    assert len(rows) >= 50, f"only {len(rows)} glossary terms"
    terms = {r.td.get_text(): r for r in rows}
    for english, japanese in [("backpropagation", "誤差逆伝播法"), ("learning rate", "学習率"),
                              ("dropout", "ドロップアウト")]:
        assert english in terms, f"{english!r} is not in the glossary"
        assert japanese in terms[english].get_text(), f"{english!r} is not given as {japanese}"
    ids = {}
    for row in rows:
        page, anchor = row.a["href"].split("#")
        if page not in ids:
            ids[page] = {t["id"] for t in BeautifulSoup((site / page).read_text(encoding="utf-8"),
                                                        "html.parser").find_all(id=True)}
        assert anchor in ids[page], f"{row.a['href']} ({row.td.get_text()}) leads nowhere"


@pytest.mark.slow
def test_site_in_headless_chromium(site):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: the site test needs it (apt-get install chromium); "
                    "it is never skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -r requirements.txt")
    shots = Path(tempfile.mkdtemp(prefix="course-site-screenshots-"))
    print(f"\nscreenshots of the course site: {shots}")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1000})
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((site / "index.html").as_uri())
            page.screenshot(path=str(shots / "index.png"))
            links = page.eval_on_selector_all("table.index a", "els => els.map(e => e.getAttribute('href'))")
            assert [link.removesuffix(".html") for link in links] == ASSIGNMENTS

            for assignment, link in zip(ASSIGNMENTS, links):
                page.click(f"table.index a[href='{link}']")
                page.wait_for_url(f"**/{link}")
                page.wait_for_selector("html[data-math=done]", state="attached", timeout=90_000)
                check_notebook_page(page, assignment, shots)
                page.go_back()
                page.wait_for_selector("table.index")

            page.click("nav a[href='glossary.html']")
            page.wait_for_selector("table.glossary")
            page.screenshot(path=str(shots / "glossary.png"))
            first = page.locator("table.glossary tbody tr:not(.letter) td a").first
            href = first.get_attribute("href")
            first.click()
            page.wait_for_selector("html[data-math=done]", state="attached", timeout=90_000)
            anchor = href.split("#")[1]
            assert page.evaluate(f"document.getElementById('{anchor}').matches(':target')"), href
            page.screenshot(path=str(shots / "glossary-link-target.png"))
        finally:
            browser.close()
    remote = [url for url in requests if not url.startswith(("file:", "data:", "about:"))]
    assert not remote, f"the site asked the network for {remote[:3]}"


def check_notebook_page(page, assignment, shots):
    """Figures drawn, formulas rendered, solutions folded until clicked, no hidden test visible."""
    page.screenshot(path=str(shots / f"{assignment}-top.png"))

    sizes = page.eval_on_selector_all(".jp-OutputArea-output img", "els => els.map(e => e.naturalWidth)")
    assert sizes, f"{assignment}: no figure on the page"
    assert all(w > 0 for w in sizes), f"{assignment}: {sum(w == 0 for w in sizes)} of {len(sizes)} figures not drawn"
    page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"{assignment}-figure.png"))

    assert page.locator(MATH_RENDERED).count() > 0, f"{assignment}: no rendered formula"
    errors = page.eval_on_selector_all(MATH_ERRORS, "els => els.map(e => e.textContent)")
    assert not errors, f"{assignment}: formulas MathJax could not render: {errors[:3]}"
    texts = page.eval_on_selector_all(".jp-RenderedMarkdown", "els => els.map(e => e.innerText)")
    raw = [(tex, t[max(0, t.find(tex) - 40):t.find(tex) + 40]) for t in texts for tex in RAW_TEX if tex in t]
    assert not raw, f"{assignment}: TeX left unrendered in the text: {raw[:3]}"

    expected = solution_lines(assignment)
    folds = page.locator("details.solution")
    assert folds.count() == len(expected), f"{assignment}: {folds.count()} folded solutions, expected {len(expected)}"
    assert page.locator("details.solution[open]").count() == 0, f"{assignment}: a solution is open by default"
    body_text = page.inner_text("body")
    for line in filter(None, expected):
        assert line not in body_text, f"{assignment}: solution line {line!r} is visible before its control is clicked"
    fold = folds.first
    code = fold.locator(".jp-InputArea")
    assert not code.is_visible(), f"{assignment}: the first solution is visible before its control is clicked"
    assert fold.locator("summary").inner_text().startswith("Show solution")
    fold.locator("summary").click()
    assert code.is_visible(), f"{assignment}: the first solution stays hidden after its control is clicked"
    assert expected[0] is None or expected[0] in fold.inner_text(), \
        f"{assignment}: the opened solution lacks {expected[0]!r}"
    assert fold.locator("summary").inner_text().startswith("Hide solution")
    fold.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"{assignment}-solution-open.png"))

    body_text = page.inner_text("body")
    leaked = [line for line in hidden_lines(assignment) if line in body_text]
    assert not leaked, f"{assignment}: hidden-test lines on the page: {leaked[:3]}"
