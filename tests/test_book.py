"""The course book (`python -m grader site OUT`, grader/authoring/book.py), both editions, built into a
temporary folder and read the way a person would: in headless Chromium, at desktop and phone width.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright from PyPI; `playwright install` is
never needed. Without Chromium the browser tests FAIL (they are not skipped): install it with
`apt-get install chromium`. The pages are served on 127.0.0.1 by a thread of this process (the
search page fetches its result snippets, which a browser refuses from file://); one test opens the
book from file:// as well. Screenshots are kept in a temporary folder whose path the test prints
(run pytest with -s to see it).
"""
import functools
import html
import http.server
import re
import shutil
import tempfile
import threading
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import ASSIGNMENTS
from grader import nbtools
from grader.authoring import book, i18n

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LANGS = ["en", "ja"]
PROMPT = {"en": ("Show solution", "Hide solution"), "ja": ("解答を表示", "解答を隠す")}
RAW_TEX = ["\\(", "\\[", "$$", "\\frac", "\\mathbf", "\\begin{"]
PHONE = 390


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("book") / "book"
    book.build_book(out, log=print)
    return out


@pytest.fixture(scope="module")
def served(built):
    handler = functools.partial(Quiet, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


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
    return sorted(line for line in hidden if len(line) >= 30 and "HIDDEN TESTS" not in line and line not in visible)


def solution_lines(assignment):
    """For each solution cell, the longest line of its solution region that no other cell shows."""
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


def figures(assignment):
    """How many images the executed notebook outputs (the page must show each)."""
    nb = book.executed(assignment, log=lambda *_: None)
    return sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


# ----------------------------------------------------------------------------------------------
# without a browser


def test_exercise_stub_and_reading_version():
    solution = 'def f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n'
    assert book.exercise_stub(solution) == 'def f(x):\n    """Doc."""\n    # YOUR CODE HERE\n    raise NotImplementedError()'
    test = "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(3) == 6, 'secret check'\n### END HIDDEN TESTS\n"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\n\nThe **learning rate (学習率)** matters."),
        nbformat.v4.new_code_cell(solution, metadata={"nbgrader": {"solution": True, "grade_id": "f"}}),
        nbformat.v4.new_code_cell(test, metadata={"nbgrader": {"grade": True, "grade_id": "test_f", "points": 1}})])
    term = {"en": "learning rate", "ja": "学習率", "notebook": "01_x"}
    cells = book.reading_version(nb, "01_x", "ja", [term]).cells
    assert [c.cell_type for c in cells] == ["markdown", "markdown", "code", "code", "code"]
    assert cells[0].source.startswith("(term-learning-rate)=\n")
    assert "{term}`学習率 <学習率>`" in cells[0].source
    assert "{download}`学生用ノートブック 01_x.ipynb をダウンロード <student/01_x.ipynb>`" in cells[1].source
    assert "raise NotImplementedError()" in cells[2].source and "return 2 * x" not in cells[2].source
    assert "return 2 * x" in cells[3].source and "### BEGIN SOLUTION" not in cells[3].source
    assert "hide-input" in cells[3].metadata["tags"] and cells[3].metadata["mystnb"]["code_prompt_show"] == "解答を表示"
    assert "secret check" not in cells[4].source and "assert f(1) == 2" in cells[4].source


@pytest.mark.parametrize("source, lang, expected", [
    ("The **backpropagation (誤差逆伝播法)** step", "en", "The **backpropagation ({term}`誤差逆伝播法 <backpropagation>`)** step"),
    ("## backpropagation\n\n$backpropagation$, `backpropagation`, [backpropagation](x) or backpropagation.", "en",
     "## backpropagation\n\n$backpropagation$, `backpropagation`, [backpropagation](x) or "
     "{term}`backpropagation <backpropagation>`."),
    ("**誤差逆伝播法**（backpropagation）は", "ja", "**誤差逆伝播法**（{term}`backpropagation <誤差逆伝播法>`）は"),
    ("Nothing to link here.", "en", "Nothing to link here."),
])
def test_a_term_is_linked_only_in_plain_text(source, lang, expected):
    assert book.link_term(source, {"en": "backpropagation", "ja": "誤差逆伝播法"}, lang) == expected


def test_the_glossary_is_declared_once_and_each_term_is_where_it_says():
    terms = book.load_glossary()
    assert len(terms) >= 90
    assert len({t["en"].lower() for t in terms}) == len(terms), "a term is declared twice"
    for t in terms:
        assert t["notebook"] in ASSIGNMENTS, t
        assert t["en_definition"].strip() and t["ja_definition"].strip(), t
        english = "\n".join(c.source for c in nbtools.read(nbtools.solution_path(t["notebook"])).cells
                            if c.cell_type == "markdown")
        assert t["ja"] in english and t["en"].lower() in english.lower(), \
            f"{t['en']} / {t['ja']} is not in the text of {t['notebook']}"


def test_a_rebuild_after_a_text_change_runs_no_notebook_and_rewrites_only_that_page(tmp_path, monkeypatch):
    root = tmp_path / "course"
    for folder in ["solutions", "locale", "book", "notebooks", "course_lib"]:
        shutil.copytree(nbtools.REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "out"
    for a in ASSIGNMENTS:       # outputs cached by an earlier build (the fixture's, or made here once)
        book.executed(a, root)

    def no_kernel(nb, timeout=0):
        raise AssertionError("a notebook was executed although its code did not change")
    monkeypatch.setattr(book, "execute", no_kernel)
    book.build_book(out, root, langs=["en"], log=lambda *_: None)
    page = out / "en" / f"{ASSIGNMENTS[1]}.html"
    other = out / "en" / f"{ASSIGNMENTS[2]}.html"
    before = other.stat().st_mtime_ns
    path = nbtools.solution_path(ASSIGNMENTS[1], root)
    nb = nbtools.read(path)
    cell = next(c for c in nb.cells[1:] if c.cell_type == "markdown")
    cell.source += "\n\nA sentence added by the rebuild test."
    nbformat.write(nb, str(path))
    book.build_book(out, root, langs=["en"], log=lambda *_: None)
    assert "A sentence added by the rebuild test." in page.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == before, "an unchanged page was written again"


@pytest.mark.slow
def test_the_book_holds_no_hidden_test_and_fetches_nothing(built):
    for lang in LANGS:
        pages = sorted((built / lang).glob("*.html"))
        assert {p.stem for p in pages} >= set(ASSIGNMENTS) | {"index", "glossary", "search"}, lang
        files = pages + [built / lang / "searchindex.js"] + sorted((built / lang / "_downloads").rglob("*.ipynb"))
        leaks = []
        for path in files:
            raw = html.unescape(path.read_text(encoding="utf-8"))
            for a in ASSIGNMENTS:
                leaks += [(path.name, line) for line in hidden_lines(a) if line in raw]
            assert "### BEGIN HIDDEN TESTS" not in raw and "### BEGIN SOLUTION" not in raw, path
            if path.suffix == ".html":
                soup = BeautifulSoup(raw, "html.parser")
                remote = [t.get("src") or t.get("href") for t in soup.find_all(["script", "link", "img", "iframe"])
                          if re.match(r"(https?:)?//", t.get("src") or t.get("href") or "")]
                assert not remote, f"{lang}/{path.name} loads from the network: {remote[:3]}"
        assert not leaks, f"{lang}: {len(leaks)} hidden-test line(s) published, e.g. {leaks[:3]}"
    # nor anywhere else in the output folder, Sphinx's own state (.work: sources, doctrees) included
    def norm(line):  # a source line as it stands in HTML text, JSON (a notebook) or a pickle (doctrees)
        return line.strip().strip('",').strip()
    secret = {norm(line) for a in ASSIGNMENTS for line in hidden_lines(a)}
    mathjax = {p.relative_to(book.mathjax_dir()).as_posix() for p in book.mathjax_dir().rglob("*")}
    for path in built.rglob("*"):
        rel = path.relative_to(built).as_posix()
        if not path.is_file() or rel.split("/_static/", 1)[-1] in mathjax:   # MathJax: the package's own files
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\\n", "\n").replace('\\"', '"')
        found = secret & {norm(line) for line in text.splitlines()}
        assert not found, f"{rel} holds a hidden-test line: {sorted(found)[:2]}"


@pytest.mark.slow
def test_sphinx_builds_both_editions_without_a_warning(built):
    for lang in LANGS:
        assert book.sphinx_warnings(built, lang) == [], lang


@pytest.mark.slow
def test_each_page_offers_its_own_student_notebook(built):
    for lang in LANGS:
        for a in ASSIGNMENTS:
            soup = BeautifulSoup((built / lang / f"{a}.html").read_text(encoding="utf-8"), "html.parser")
            links = [x["href"] for x in soup.select("a.download") if x["href"].endswith(f"/{a}.ipynb")]
            assert len(links) == 1, f"{lang}/{a}: {len(links)} links to the student notebook"
            got = (built / lang / urllib.parse.unquote(links[0])).read_bytes()
            assert got == book.student_notebook(a, lang).read_bytes(), f"{lang}/{a}: not the student notebook"
            assert b"### BEGIN SOLUTION" not in got


@pytest.mark.slow
def test_glossary_entries_in_both_languages_link_to_where_the_term_is_introduced(built):
    terms = book.load_glossary()
    for lang in LANGS:
        soup = BeautifulSoup((built / lang / "glossary.html").read_text(encoding="utf-8"), "html.parser")
        for permalink in soup.select("a.headerlink"):
            permalink.decompose()
        names = {dt.get_text(" ", strip=True) for dt in soup.select("dl.glossary > dt")}
        missing = [t["en"] for t in terms if t["en"] not in names or t["ja"] not in names]
        assert not missing, f"{lang}: glossary lacks {missing[:5]}"
        ids = {}
        for link in soup.select("dl.glossary dd a.reference.internal"):
            page, _, anchor = link["href"].partition("#")
            assert page.removesuffix(".html") in ASSIGNMENTS and anchor.startswith("term-"), link
            if page not in ids:
                ids[page] = {t["id"] for t in BeautifulSoup((built / lang / page).read_text(encoding="utf-8"),
                                                            "html.parser").find_all(id=True)}
            assert anchor in ids[page], f"{lang}: {link['href']} leads nowhere"
        assert len(soup.select("dl.glossary dd a.reference.internal")) == len(terms), lang
        linked = set()
        for a in ASSIGNMENTS:
            page = (built / lang / f"{a}.html").read_text(encoding="utf-8")
            linked |= set(re.findall(r'href="glossary.html#(term-[^"]+)"', page))
        assert len(linked) >= 2 * len(terms) // 3, f"{lang}: only {len(linked)} terms linked from their notebooks"


# ----------------------------------------------------------------------------------------------
# in headless Chromium


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: the book tests need it (apt-get install chromium); "
                    "they are never skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -r requirements.txt")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots():
    folder = Path(tempfile.mkdtemp(prefix="course-book-screenshots-"))
    print(f"\nscreenshots of the course book: {folder}")
    return folder


def wait_for_math(page):
    page.wait_for_function("typeof MathJax !== 'undefined' && MathJax.isReady", timeout=90_000)
    page.evaluate("new Promise(done => MathJax.Hub.Queue(done))")


def no_sideways_scrolling(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{what}: the page is {width} px wide on a {PHONE} px phone"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_in_chromium(lang, built, served, browser, shots):
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{served}/{lang}/index.html")
    assert page.get_attribute("html", "lang") == lang
    links = page.eval_on_selector_all(".bd-article .toctree-wrapper a", "els => els.map(e => e.getAttribute('href'))")
    assert links == [f"{a}.html" for a in ASSIGNMENTS] + ["glossary.html"]
    for a in ASSIGNMENTS:
        page.click(f".bd-article .toctree-wrapper a[href='{a}.html']")
        page.wait_for_url(f"**/{lang}/{a}.html")
        wait_for_math(page)
        check_notebook_page(page, a, lang, shots)
        page.set_viewport_size({"width": PHONE, "height": 844})
        no_sideways_scrolling(page, f"{lang}/{a}")
        page.screenshot(path=str(shots / f"{lang}-{a}-phone.png"))
        page.set_viewport_size({"width": 1200, "height": 1000})
        page.go_back()
    for name in ["index", "glossary"]:
        page.set_viewport_size({"width": PHONE, "height": 844})
        page.goto(f"{served}/{lang}/{name}.html")
        no_sideways_scrolling(page, f"{lang}/{name}")
        page.screenshot(path=str(shots / f"{lang}-{name}-phone.png"))
    page.close()
    remote = [url for url in requests if not url.startswith((served, "data:", "about:"))]
    assert not remote, f"the book asked the network for {remote[:3]}"


def check_notebook_page(page, assignment, lang, shots):
    """Figures drawn, formulas rendered, solutions folded until clicked, no hidden test visible."""
    what = f"{lang}/{assignment}"
    page.screenshot(path=str(shots / f"{lang}-{assignment}-top.png"))
    sizes = page.eval_on_selector_all(".cell_output img", "els => els.map(e => e.naturalWidth)")
    assert len(sizes) == figures(assignment) > 0, f"{what}: {len(sizes)} figures on the page"
    assert all(w > 0 for w in sizes), f"{what}: {sum(w == 0 for w in sizes)} of {len(sizes)} figures not drawn"

    assert page.evaluate("MathJax.Hub.getAllJax().length") > 10, f"{what}: no rendered formula"
    errors = page.eval_on_selector_all(".MathJax_Error, merror", "els => els.map(e => e.textContent)")
    assert not errors, f"{what}: formulas MathJax could not render: {errors[:3]}"
    prose = "\n".join(page.eval_on_selector_all(".bd-article p, .bd-article li, .bd-article td",
                                                "els => els.map(e => e.innerText)"))
    raw = [tex for tex in RAW_TEX if tex in prose]
    assert not raw, f"{what}: TeX left unrendered in the text: {raw}"
    if lang == "ja":
        assert len(re.findall("[\u3040-\u30ff]", prose)) > 500, f"{what}: the Japanese page is not in Japanese"

    expected = solution_lines(assignment)
    folds = page.locator("details.hide.above-input")
    assert folds.count() == len(expected), f"{what}: {folds.count()} folded solutions, expected {len(expected)}"
    assert page.locator("details.hide.above-input[open]").count() == 0, f"{what}: a solution is open by default"
    body = page.inner_text("body")
    for line in filter(None, expected):
        assert line not in body, f"{what}: solution line {line!r} is visible before its control is clicked"
    fold = folds.first
    code = fold.locator(".cell_input")
    show, hide = PROMPT[lang]
    assert not code.is_visible() and show in fold.locator("summary").inner_text()
    fold.locator("summary").click()
    assert code.is_visible(), f"{what}: the first solution stays hidden after its control is clicked"
    assert expected[0] is None or expected[0] in fold.inner_text()
    assert hide in fold.locator("summary").inner_text()
    fold.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"{lang}-{assignment}-solution-open.png"))
    leaked = [line for line in hidden_lines(assignment) if line in page.inner_text("body")]
    assert not leaked, f"{what}: hidden-test lines on the page: {leaked[:3]}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_english_and_japanese_terms(lang, served, browser):
    page = browser.new_page()
    for query, where in [("perceptron", "01_perceptron"), ("パーセプトロン", "01_perceptron"),
                         ("backpropagation", "02_mlp_backprop"), ("誤差逆伝播法", "02_mlp_backprop"),
                         ("dropout", "05_dropout_early_stopping"), ("ドロップアウト", "05_dropout_early_stopping")]:
        page.goto(f"{served}/{lang}/search.html?q={urllib.parse.quote(query)}")
        page.wait_for_selector("#search-results ul.search li a", timeout=60_000)
        found = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
        assert f"{where}.html" in [f.split("#")[0] for f in found], f"{lang}: searching {query!r} gave {found[:6]}"
    page.goto(f"{served}/{lang}/search.html?q=zzqxjv")   # the control: a word of no page
    page.wait_for_function("document.querySelector('#search-results') && "
                           "document.querySelector('#search-results').innerText.length > 0", timeout=60_000)
    assert page.locator("#search-results ul.search li").count() == 0
    page.close()


@pytest.mark.slow
def test_the_language_switch_leads_to_the_same_page_in_the_other_edition(served, browser, built):
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    for lang, other in [("en", "ja"), ("ja", "en")]:
        for name in [ASSIGNMENTS[2], "glossary", "index"]:
            page.goto(f"{served}/{lang}/{name}.html")
            switch = page.locator("a.lang-switch")
            assert switch.is_visible(), f"{lang}/{name}: no visible language switch on a phone"
            switch.click()
            page.wait_for_url(f"**/{other}/{name}.html")
            assert page.get_attribute("html", "lang") == other
    page.goto((built / "index.html").as_uri())          # the chooser, from file://
    page.click("a[hreflang=ja]")
    page.wait_for_url("**/ja/index.html")
    page.click(f".bd-article .toctree-wrapper a[href='{ASSIGNMENTS[1]}.html']")
    wait_for_math(page)
    assert page.evaluate("MathJax.Hub.getAllJax().length") > 10, "no formula rendered from file://"
    page.close()


def test_site_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "thesis.tex").write_text("months of work")
    with pytest.raises(SystemExit, match="not empty"):
        book.build_book(tmp_path, log=lambda *_: None)
    assert (tmp_path / "thesis.tex").read_text() == "months of work"


def test_the_japanese_pages_use_the_catalogs():
    nb = book.executed(ASSIGNMENTS[0], log=lambda *_: None)
    files = book.sources("ja", {ASSIGNMENTS[0]: nb}, book.load_glossary())
    page = nbformat.reads(files[f"{ASSIGNMENTS[0]}.ipynb"].decode(), as_version=4)
    catalog = i18n.load(ASSIGNMENTS[0], "ja")
    first = next(m for m in catalog if m.id and m.string)
    assert first.string.split("\n")[0] in "\n".join(c.source for c in page.cells if c.cell_type == "markdown")
