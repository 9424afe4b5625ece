"""`python -m grader site OUT`: the course book, in English and in Japanese, built with Sphinx.

What goes in, and where it comes from:
- one page per notebook: the *executed* solution notebook, read by myst-nb (sphinx-book-theme),
  with every hidden-test block removed, each exercise shown as the student sees it and the worked
  solution folded under it ("Show solution"), the visible checks as they are, and a link to
  download the student notebook (``notebooks/`` or ``notebooks/ja/``);
- the Japanese pages: the same notebooks with their text taken from the catalogs in ``locale/ja``
  (grader/authoring/i18n.py); code and outputs are the same in both editions;
- the glossary from ``book/glossary.toml``, declared once: English ↔ 日本語, a definition in each
  language and a link to the paragraph of the notebook that introduces the term;
- ``book/conf.py``, ``book/_templates`` and ``book/_static``: the Sphinx side, shared by both editions.

The book lands in ``OUT/en`` and ``OUT/ja`` (each with its search), ``OUT/index.html`` lets a
reader choose; every page links to the same page in the other edition. Formulas are drawn by
MathJax 2.7 from the ``jupyter-server-mathjax`` package: nothing is fetched from the network, and the
pages work from ``file://``.

Time: executing the six notebooks is most of a first build. Executed notebooks are cached in
``~/.cache/dl-course-grader/book``, keyed by the notebook's code and ``course_lib``; Sphinx keeps
its own state in ``OUT/.work``, and sources are rewritten only when they change, so a rebuild after
a change of text takes seconds. This module never imports course_lib: notebooks are data here.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from .. import nbtools
from . import i18n

BOOK = nbtools.REPO / "book"
MARKER = ".grader-book"        # in OUT: a later build may replace what this command made
LANGS = ("en", "ja")
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dl-course-grader" / "book"
SOLUTION_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|$)", re.S | re.M)
MARKER_LINE = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)

WORDS = {
    "en": {"show": "Show solution", "hide": "Hide solution",
           "download": "Download the student notebook {file}",
           "download_after": "(open it in JupyterLab: the exercises are blank there; see the course README to start).",
           "glossary": "Glossary", "introduced": "Introduced in", "japanese": "Japanese",
           "index_title": "Deep-learning fundamentals, in numpy",
           "index_text": "Six notebooks in which you implement the pieces of a neural network yourself, in plain "
                         "numpy. Each page is the worked notebook: the exercises with their solutions folded, the "
                         "visible checks, the figures. Download the student notebook from the top of a page to "
                         "work on it. The lectures are Japanese: key terms carry their Japanese name, and the "
                         "glossary lists them all. This book also exists in Japanese (日本語, link at the top)."},
    "ja": {"show": "解答を表示", "hide": "解答を隠す",
           "download": "学生用ノートブック {file} をダウンロード",
           "download_after": "（JupyterLab で開いてください。演習は空欄になっています。始め方は README.ja.md にあります。）",
           "glossary": "用語集", "introduced": "初出", "japanese": "English",
           "index_title": "ディープラーニングの基礎（numpy で実装）",
           "index_text": "ニューラルネットワークの部品を numpy だけで自分で実装していく、6 本のノートブックからなる"
                         "講座です。各ページは解答付きのノートブックで、演習の解答は折りたたまれており、"
                         "公開テストと図がそのまま載っています。自分で取り組むときは、ページ冒頭のリンクから"
                         "学生用ノートブックをダウンロードしてください。主要な用語には英語を併記し、用語集に"
                         "まとめています。英語版（English）へはページ上部のリンクから移れます。"},
}


# ----------------------------------------------------------------------------------------------
# executed notebooks, cached


def code_key(nb, root=nbtools.REPO):
    """What the outputs of a notebook depend on: its code cells and course_lib."""
    h = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code":
            h.update(cell.source.encode("utf-8") + b"\0")
    for path in sorted((Path(root) / "course_lib").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:20]


def execute(nb, timeout=300):
    """Run a notebook top to bottom in a fresh kernel, in a scratch folder (outputs kept in ``nb``)."""
    from nbclient import NotebookClient
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory(prefix="grader-book-") as cwd:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": cwd}}).execute(stderr=subprocess.DEVNULL)
    return nb


def executed(assignment, root=nbtools.REPO, log=print):
    """The solution notebook of ``assignment`` with its outputs: from the cache, or run now."""
    nb = nbtools.read(nbtools.solution_path(assignment, root))
    cached = CACHE / f"{assignment}-{code_key(nb, root)}.ipynb"
    if cached.exists():
        ran = nbtools.read(cached)
        for cell, old in zip(nb.cells, ran.cells):      # same code, so same outputs; text may be newer
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = old.outputs, old.execution_count
        return nb
    log(f"{assignment}: executing (cached afterwards) ...")
    start = time.perf_counter()
    try:
        execute(nb)
    except Exception as err:  # a cell raised, or the kernel died: no page with a traceback
        raise SystemExit(f"{assignment} failed to execute, so no book was built: "
                         f"{type(err).__name__}: {str(err)[-2000:]}") from None
    log(f"{assignment}: executed in {time.perf_counter() - start:.0f} s")
    nbtools.atomic_write(cached, nbformat.writes(nb))
    return nb


# ----------------------------------------------------------------------------------------------
# a page


def exercise_stub(source):
    """A solution cell as the student version shows it: each solution region replaced by the stub."""
    if "### BEGIN SOLUTION" not in source:
        return "# YOUR CODE HERE\nraise NotImplementedError()"
    return SOLUTION_REGION.sub(lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError()\n",
                               source).rstrip("\n")


def slug(term):
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def load_glossary(root=nbtools.REPO):
    with open(Path(root) / "book" / "glossary.toml", "rb") as f:
        return tomllib.load(f)["term"]


def first_mention(nb, term):
    """The number of the first markdown cell that introduces ``term`` (its Japanese name, else its
    English one), or None."""
    for pattern in (re.escape(term["ja"]), rf"(?i)\b{re.escape(term['en'])}"):
        for n, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown" and re.search(pattern, cell.source):
                return n
    return None


PROTECTED = re.compile("|".join([i18n.MATH.pattern, r"(`+).+?\2", r"\[[^\]]*\]\([^)]*\)", r"\{\w+\}`[^`]*`",
                                 r"(?-s:^#.*$)", r"<[^>]+>", r"(?-s:^\(.*\)=$)"]), re.S | re.M)


def link_term(source, term, lang):
    """``source`` with the first mention of a glossary term, in plain text (not in a formula, code,
    link, heading or right beside an emphasis mark), turned into a link to the glossary entry."""
    target = term["en"] if lang == "en" else term["ja"]
    guarded = [m.span() for m in PROTECTED.finditer(source)]
    for word, flags in ((term["ja"], 0), (term["en"], re.I)) if lang == "ja" else ((term["en"], re.I), (term["ja"], 0)):
        for m in re.finditer(rf"(?<![\w*_]){re.escape(word)}(?![\w*_])", source, flags):
            if not any(a <= m.start() < b or a < m.end() <= b for a, b in guarded):
                return f"{source[:m.start()]}{{term}}`{m.group(0)} <{target}>`{source[m.end():]}"
    return source


def _cell(kind, source):
    """A new cell without nbformat's random id: the course's notebooks are nbformat 4.4, and the
    same input must give the same page, byte for byte, or Sphinx would rebuild every page."""
    cell = (nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell)(source)
    cell.pop("id", None)
    return cell


def reading_version(nb, assignment, lang, terms=()):
    """The executed notebook made fit for the book: hidden tests removed, each solution preceded by
    its student stub and folded, a download link under the title, a target where each term of the
    glossary is introduced and the term there linked to its glossary entry."""
    words = WORDS[lang]
    targets = {}
    for term in terms:
        if term["notebook"] == assignment:
            n = first_mention(nb, term)
            if n is not None:
                targets.setdefault(n, []).append(slug(term["en"]))
                nb.cells[n].source = link_term(nb.cells[n].source, term, lang)
    cells = []
    for n, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            if n in targets:
                cell.source = "".join(f"({t})=\n" for t in targets[n]) + cell.source
            cells.append(cell)
            if n == 0:
                link = words["download"].format(file=f"{assignment}.ipynb")
                cells.append(_cell("markdown", f"{{download}}`{link} <student/{assignment}.ipynb>` {words['download_after']}"))
            continue
        if cell.cell_type != "code":
            continue
        cell.source = nbtools.strip_hidden_tests(cell.source)
        if nbtools.is_solution(cell):
            cells.append(_cell("code", exercise_stub(cell.source)))
            cell.source = MARKER_LINE.sub("", cell.source).rstrip("\n")
            cell.metadata.setdefault("tags", []).append("hide-input")
            cell.metadata["mystnb"] = {"code_prompt_show": words["show"], "code_prompt_hide": words["hide"]}
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("language_edition", None)
    return nb


def glossary_page(terms, titles, lang):
    """MyST source of the glossary: one section per notebook, each term with its other-language name,
    its definition and a link to where the notebook introduces it."""
    words = WORDS[lang]
    lines = [f"# {words['glossary']}", ""]
    for assignment, title in titles.items():
        mine = [t for t in terms if t["notebook"] == assignment]
        if not mine:
            continue
        lines += [f"## {title}", "", "```{glossary}"]
        for t in mine:
            first, second = (t["en"], t["ja"]) if lang == "en" else (t["ja"], t["en"])
            lines += [first, second] + [a for a in t.get("also", []) if a not in (first, second)]
            definition = t["en_definition"] if lang == "en" else t["ja_definition"]
            lines += [f"  {definition}",
                      f"  {words['introduced']}: {{ref}}`{title} <{slug(t['en'])}>`", ""]
        lines += ["```", ""]
    return "\n".join(lines)


def index_page(titles, lang):
    words = WORDS[lang]
    toc = "\n".join(titles) + "\nglossary"
    return (f"# {words['index_title']}\n\n{words['index_text']}\n\n"
            f"```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n")


def title_of(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return ""


def student_notebook(assignment, lang, root=nbtools.REPO):
    folder = Path(root) / "notebooks" / ("" if lang == "en" else lang)
    return folder / assignment / f"{assignment}.ipynb"


def sources(lang, notebooks, terms, root=nbtools.REPO):
    """Every source file of one edition: {relative path: bytes}."""
    files, titles = {}, {}
    for assignment, nb in notebooks.items():
        nb = nbformat.from_dict(json.loads(json.dumps(nb)))
        if lang != "en":
            nb = i18n.translate_notebook(nb, i18n.load(assignment, lang, root))
        titles[assignment] = title_of(nb)
        page = reading_version(nb, assignment, lang, terms)
        files[f"{assignment}.ipynb"] = nbformat.writes(page).encode("utf-8")
        student = student_notebook(assignment, lang, root)
        if not student.exists():
            raise SystemExit(f"{student} is missing: run `python -m grader release"
                             f"{'' if lang == 'en' else ' --lang ' + lang}` first")
        files[f"student/{assignment}.ipynb"] = student.read_bytes()
    files["index.md"] = index_page(titles, lang).encode("utf-8")
    files["glossary.md"] = glossary_page(terms, titles, lang).encode("utf-8")
    return files


# ----------------------------------------------------------------------------------------------
# the build


def _sync(folder, files):
    """Make ``folder`` hold exactly ``files``, touching only what changed (Sphinx rebuilds by mtime)."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = folder / rel
        if not path.exists() or path.read_bytes() != data:
            nbtools.atomic_write(path, data)
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()


def _prepare_out(out):
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} is not empty and holds no book built by this command; give a new or empty folder")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by `python -m grader site`; the next build replaces everything here\n")
    return out


def mathjax_dir():
    import jupyter_server_mathjax
    return Path(jupyter_server_mathjax.__file__).parent / "static"


def chooser_page():
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Deep-learning fundamentals / ディープラーニングの基礎</title>"
            "<style>body{font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.6}"
            "a{display:block;font-size:1.3rem;margin:1rem 0}</style></head><body>"
            "<h1>Deep-learning fundamentals<br>ディープラーニングの基礎</h1>"
            "<a href=\"en/index.html\" hreflang=\"en\">English edition</a>"
            "<a href=\"ja/index.html\" hreflang=\"ja\" lang=\"ja\">日本語版</a></body></html>\n")


def build_book(out, root=nbtools.REPO, langs=LANGS, log=print):
    """Build the book into ``out`` (``out/<lang>/index.html``); return the seconds it took."""
    started = time.perf_counter()
    root = Path(root)
    out = _prepare_out(out)
    work = out / ".work"
    names = nbtools.assignments(root)
    terms = load_glossary(root)
    with ThreadPoolExecutor(max_workers=2) as pool:
        ran = dict(zip(names, pool.map(lambda a: executed(a, root, log), names)))
    procs = {}
    env = dict(os.environ, BOOK_MATHJAX_DIR=str(mathjax_dir()), PYTHONWARNINGS="ignore")
    for lang in langs:
        _sync(work / lang / "src", sources(lang, ran, terms, root))
        log(f"{lang}: Sphinx ...")
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(root / "book"),
               "-d", str(work / lang / "doctrees"), "-D", f"language={lang}",
               "-D", f"html_title={WORDS[lang]['index_title']}",
               "-w", str(work / lang / "warnings.txt"), str(work / lang / "src"), str(work / lang / "html")]
        procs[lang] = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    failed = []
    for lang, proc in procs.items():
        output, _ = proc.communicate()
        if proc.returncode:
            failed.append(f"{lang}: sphinx-build exit {proc.returncode}\n{output[-3000:]}")
    if failed:
        raise SystemExit("the book was not built:\n" + "\n".join(failed))
    for lang in langs:       # Sphinx keeps its state beside its output (work/<lang>), the reader gets a copy
        if (out / lang).exists():
            shutil.rmtree(out / lang)
        shutil.copytree(work / lang / "html", out / lang, ignore=shutil.ignore_patterns(".buildinfo", "_sources"))
    (out / "index.html").write_text(chooser_page(), encoding="utf-8")
    for lang in langs:
        warned = sphinx_warnings(out, lang)
        if warned:
            log(f"{lang}: {len(warned)} Sphinx warning(s), e.g. {warned[0]} (all in {work / lang / 'warnings.txt'})")
    seconds = time.perf_counter() - started
    log(f"built the book in {seconds:.0f} s: open {out / 'index.html'} "
        f"(or serve it: python -m http.server -d {out})")
    return seconds


def sphinx_warnings(out, lang):
    """The warnings of the last Sphinx build of one edition (a broken reference, a bad directive)."""
    path = Path(out) / ".work" / lang / "warnings.txt"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if "WARNING" in line] if path.exists() else []
