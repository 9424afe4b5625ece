"""`python -m grader site OUT`: the course as a static web site for reading.

One page per solution notebook, executed so that its figures are there, with

- the text and its formulas (MathJax 2.7, copied from the `jupyter-server-mathjax` package into
  ``OUT/_static/mathjax``: nothing is fetched from the network, the pages work from ``file://``);
- every exercise as the student sees it (signature, docstring, ``raise NotImplementedError()``),
  with the worked solution folded behind a "Show solution" control, closed by default;
- every test cell with its visible checks only: the hidden-test blocks are removed before rendering;
- an index of the notebooks (the one-line summaries of the README's table) and a glossary
  English ↔ 日本語 built from the terms the notebooks give at first use ("backpropagation
  (誤差逆伝播法)"), each linking to the place where the term is introduced.

The pages are made by nbconvert's HTML exporter with the ``lab`` template and a few overrides (no
require.js, no mermaid loader, the local MathJax, a small stylesheet). The notebooks are data here:
this module never imports course_lib; it only runs the notebooks in a Jupyter kernel (nbclient).
"""
import html
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .. import nbtools

MARKER = ".grader-site"  # written into OUT: a later build may replace what it holds
MATHJAX_URL = "_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
JP = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
SOLUTION_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|$)", re.S | re.M)
MARKER_LINE = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


# ----------------------------------------------------------------------------------------------
# the reading version of a notebook


def exercise_stub(source):
    """A solution cell as the student version shows it: each solution region replaced by the stub."""
    if "### BEGIN SOLUTION" not in source:
        return "# YOUR CODE HERE\nraise NotImplementedError()"
    return SOLUTION_REGION.sub(lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError()\n",
                               source).rstrip("\n")


def defined_name(source):
    m = re.search(r"^(?:def|class)\s+(\w+)", source, re.M) or re.search(r"^(\w+)\s*=", source, re.M)
    return m.group(1) if m else ""


def reading_version(nb):
    """The executed notebook made fit for reading: hidden tests removed from every code cell, each
    solution cell preceded by its student stub and marked for folding, test cells marked."""
    import nbformat
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cell.source = nbtools.strip_hidden_tests(cell.source)
        site = {}
        if nbtools.is_solution(cell):
            stub = nbformat.v4.new_code_cell(exercise_stub(cell.source))
            stub.metadata["site"] = {"role": "exercise"}
            cells.append(stub)
            site = {"role": "solution", "name": defined_name(cell.source)}
            cell.source = MARKER_LINE.sub("", cell.source).rstrip("\n")
        elif nbtools.is_test(cell):
            site = {"role": "test"}
        cell.metadata["site"] = site
        cells.append(cell)
    nb.cells = cells
    return nb


# ----------------------------------------------------------------------------------------------
# glossary terms: "English (日本語)" at first use

STOPWORDS = set("""a an the of is are was were be been being to in on for with by from behind as at and or
its their this that these those it into onto where which when also called call named than then
using use uses each every any all one two so such our your we you they not no both only here there
between about over under after before while whose gives give makes make""".split())
RUN_STOP = set(".,;:!?|—–{}$*`\"")


def _clean(text):
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("**", "").replace("*", "").replace("`", "")
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def _strip_article(text):
    return re.sub(r"^(?:the|a|an|and|one)\s+", "", text, flags=re.I)


def _backward_term(text, max_words=4):
    """The noun phrase that ends ``text``: words taken back to a stop word or punctuation."""
    words, tokens = [], text.split()
    while tokens and re.fullmatch(r"[\d.,–-]+", tokens[-1]):   # "classes 7–9 (...)": the number is no part
        tokens.pop()
    for word in reversed(tokens):
        bare = word.strip("()")
        if (word[-1] in RUN_STOP or word[0] in RUN_STOP or bare.lower() in STOPWORDS or JP.search(word)
                or len(words) == max_words):
            break
        words.insert(0, word)
    return " ".join(words).strip("".join(RUN_STOP) + " ")


JP_SENTENCE = re.compile(r"する|ために|られ|ように|ます|です|ない")  # a quoted phrase, not a name


def _split_parts(content):
    """(Japanese parts, other parts) of a parenthesis' content such as '平均二乗誤差, MSE'."""
    parts = [p.strip() for p in re.split(r"[,;、]", _clean(content)) if p.strip()]
    return ([p for p in parts if JP.search(p) and not JP_SENTENCE.search(p)],
            [p for p in parts if not JP.search(p)])


def _math_spans(source):
    spans = []
    for m in re.finditer(r"\$\$.+?\$\$|\\\[.+?\\\]|\\begin\{(\w+\*?)\}.+?\\end\{\1\}|(?<![\\$])\$[^$\n]+?\$", source, re.S):
        spans.append((m.start(), m.end()))
    return spans


def _blank(source, spans, char="\x00"):
    chars = list(source)
    for a, b in spans:
        chars[a:b] = char * (b - a)
    return "".join(chars)


def find_terms(source):
    """Terms introduced with their Japanese name in one markdown source.

    Returns a list of ``(start, end, english, japanese)``: ``source[start:end]`` is the stretch to
    mark as the place of introduction (``end`` is None for a point anchor inside a formula).
    """
    maths = _math_spans(source)
    text = _blank(source, maths)              # formulas out of the way of the markup patterns
    found, taken = [], []

    def add(start, end, english, content):
        japanese, others = _split_parts(content)
        english = re.sub(r",\s*([A-Z]{2,})$", r" (\1)", _strip_article(_clean(english)))  # "SGD, ..." -> "(SGD)"
        if not japanese or not english or JP.search(english) or not re.search(r"[A-Za-z]", english):
            return
        extra = [o for o in others if re.sub(r"\W", "", o.lower()) != re.sub(r"\W", "", english.lower())
                 and not re.fullmatch(r"[\d\s.]+", o) and len(o.split()) <= 3
                 and not any(w.lower() in STOPWORDS for w in o.split())]
        if extra:
            english = f"{english} ({', '.join(extra)})"
        pieces = re.split(r"\s+and\s+", english)
        if len(pieces) == len(japanese) > 1:             # "X and Y (甲, 乙)": two terms
            found.extend((start, end, e, j) for e, j in zip(pieces, japanese))
        else:
            found.append((start, end, english, ", ".join(japanese)))

    # 1. inside a formula: \text{Xavier / Glorot (Xavierの初期値):}
    for a, b in maths:
        for m in re.finditer(r"\\text\{([^{}]*?)\s*\(([^(){}]*)\)[^{}]*\}", source[a:b]):
            if JP.search(m.group(2)):
                add(a, None, m.group(1), m.group(2))
                taken.append((a, b))
    # 2. "vanishing (勾配消失) and exploding (勾配爆発) gradients": two terms sharing their noun
    for m in re.finditer(r"([\w-]+) \(([^()]+)\) and ([\w-]+) \(([^()]+)\) ([\w-]+)", text):
        if JP.search(m.group(2)) and JP.search(m.group(4)):
            add(m.start(1), m.end(2) + 1, f"{m.group(1)} {m.group(5)}", m.group(2))
            add(m.start(3), m.end(4) + 1, f"{m.group(3)} {m.group(5)}", m.group(4))
            taken.append((m.start(), m.end()))
    # 3. emphasis that ends with the Japanese: **term (用語)**, *term (用語)*
    for m in re.finditer(r"(?<![*\w])(\*\*?)(?!\s)([^*\x00]+?)\s*\(([^()]*)\)[.:]?\s*\1(?![*\w])", text, re.S):
        if JP.search(m.group(3)) and not JP.search(m.group(2)):
            if len(_clean(m.group(2)).split()) <= 7:     # longer: a sentence in bold, not a term
                add(m.start(), m.end(), m.group(2), m.group(3))
            taken.append((m.start(), m.end()))
    # 4. the Japanese right after emphasis: **term** (用語), **unseen classes** 7–9 (未知クラス)
    for m in re.finditer(r"(\*\*?)([^*\x00]+?)\1\s*(?:[\d.,–-]+\s*)?\(([^()]*)\)", text, re.S):
        if JP.search(re.split(r"[,;、]", m.group(3))[0]) and not any(a <= m.start() < b for a, b in taken):
            add(m.start(), m.end(), m.group(2), m.group(3))
            taken.append((m.start(), m.end()))
    # 5. any other parenthesis with Japanese in it
    for m in re.finditer(r"\(([^()]*)\)", text):
        content = m.group(1)
        if not JP.search(content) or any(a <= m.start() < b for a, b in taken):
            continue
        parts = re.split(r"[,;、]", content)
        k = next(i for i, part in enumerate(parts) if JP.search(part))
        if k > 0:                                        # (symmetry, 対称性): the term is inside
            term = _backward_term(_clean(parts[k - 1]), max_words=5)
            add(m.start() + 1, m.end() - 1, term, ",".join(parts[k:]))
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start:m.start()]
        heading = re.match(r"#{1,6}\s+", line)
        cell = line.rfind("|")
        if heading:                                      # ## 4. Loss functions (損失関数)
            part = re.split(r"[:?!—–.)]", line[heading.end():])[-1]
            term = part
        elif cell >= 0 and line.lstrip().startswith("|"):  # | step (ステップ関数) |
            term = line[cell + 1:]
        else:                                            # running text: a normal distribution (正規分布)
            before = text[max(0, m.start() - 200):m.start()]
            term = _backward_term(before.replace("\x00", " "))  # raw: the span must not cut markup
        term = _clean(term)
        if not term:
            continue
        pos = text.rfind(term.split()[0], max(0, m.start() - 300), m.start())
        add(pos if pos >= 0 else m.start(), m.end(), term, content)
    found.sort(key=lambda f: (f[0], -1 if f[1] is None else f[1]))
    return found


def term_key(english):
    """'Loss functions' and 'loss function' are one glossary entry."""
    words = english.lower().split()
    if len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def same_entry(a, b):
    """Two glossary entries for one concept: a Japanese name in common and one English name
    inside the other ('step' and 'step function', 'weight decay' and 'L2 weight decay')."""
    (ea, ja, _), (eb, jb, _) = a, b
    common = set(ja.split(", ")) & set(jb.split(", "))
    ka, kb = term_key(ea), term_key(eb)
    return bool(common) and (ka in kb or kb in ka)


def slug(text):
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "term"


def mark_terms(nb, page):
    """Wrap each term's first use in this notebook in a <span id=...>; return the glossary entries
    ``[(english, japanese, page#anchor)]`` in the notebook's order."""
    entries, seen, ids = [], set(), set()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        source = cell.source
        edits = []
        spans = set()
        for start, end, english, japanese in find_terms(source):
            key = term_key(english)
            if key in seen:
                continue
            seen.add(key)
            anchor = "term-" + slug(english)
            while anchor in ids:
                anchor += "-2"
            ids.add(anchor)
            entries.append((english, japanese, f"{page}#{anchor}"))
            edits.append((start, None if (start, end) in spans else end, anchor))
            spans.add((start, end))
        for start, end, anchor in sorted(edits, key=lambda e: (e[0], -1 if e[1] is None else e[1]), reverse=True):
            if end is None:
                source = f'{source[:start]}<a class="term-anchor" id="{anchor}"></a>{source[start:]}'
            else:
                source = f'{source[:start]}<span class="term" id="{anchor}">{source[start:end]}</span>{source[end:]}'
        cell.source = source
    return entries


def display_case(english, all_text):
    """'Dropout' at a sentence start becomes 'dropout' when the text also writes it in lower case."""
    first = english.split()[0]
    if len(first) > 2 and first[:1].isupper() and first[1:] == first[1:].lower() and re.search(
            r"\b" + re.escape(first[0].lower() + first[1:]) + r"\b", all_text):
        return english[0].lower() + english[1:]
    return english


# ----------------------------------------------------------------------------------------------
# pages

PAGE_TEMPLATE = r"""
{%- extends "index.html.j2" -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  tex2jax: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
            processEscapes: true, processEnvironments: true},
  TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
  "HTML-CSS": {availableFonts: [], preferredFont: null, imageFont: null, webFont: "STIX-Web",
               linebreaks: {automatic: true}},
  displayAlign: "center", messageStyle: "none"
});
MathJax.Hub.Register.StartupHook("End", function () {
  document.documentElement.setAttribute("data-math", "done");
});
</script>
<script src="{{ resources.site.mathjax_url }}"></script>
{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<link rel="stylesheet" href="_static/site.css">
{%- endblock html_head_css -%}
{%- block body_header -%}
<body class="jp-Notebook site-page" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.site.nav }}
<main>
{%- endblock body_header -%}
{% block body_footer %}
</main>
{{ resources.site.footer }}
</body>
{% endblock body_footer %}
{% block codecell %}
{%- set site = cell.metadata.get('site', {}) -%}
{%- if site.role == 'solution' -%}
<details class="solution">
<summary><span class="show">Show solution</span><span class="hide">Hide solution</span>{% if site.name %} — <code>{{ site.name }}</code>{% endif %}</summary>
{{ super() }}
</details>
{%- elif site.role == 'exercise' -%}
<div class="cell-label exercise-label">Exercise{% if cell.source %}: your code replaces <code>raise NotImplementedError()</code>{% endif %}</div>
{{ super() }}
{%- elif site.role == 'test' -%}
<div class="cell-label test-label">Test cell: the visible checks (the grader also runs hidden ones)</div>
{{ super() }}
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock codecell %}
"""


def _exporter():
    import logging
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(extra_loaders=[DictLoader({"site_page.html.j2": PAGE_TEMPLATE})], template_name="lab",
                        template_file="site_page.html.j2", exclude_input_prompt=True,
                        exclude_output_prompt=True, anchor_link_text="¶")
    exporter.log = logging.getLogger("grader.authoring.site")  # its missing-alt-text warning: the build sets alt itself
    exporter.log.setLevel(logging.ERROR)
    return exporter


NO_ALT = 'alt="No description has been provided for this image"'


def _contents(body):
    """The page's sections (its h2 headings) as a list of links, for the navigation bar."""
    items = []
    for anchor, text in re.findall(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', body, re.S):
        items.append(f'<li><a href="#{anchor}">{re.sub(r"<[^>]+>", "", text).strip()}</a></li>')
    return f'<ol>{"".join(items)}</ol>' if items else ""


def _describe_figures(body, title):
    parts = body.split(NO_ALT)
    out = [parts[0]]
    for k, part in enumerate(parts[1:], 1):
        out.append(f'alt="{html.escape(title)}: figure {k}, drawn by the code cell above it"')
        out.append(part)
    return "".join(out)


TOC_MARK = "<!-- contents -->"


def _nav(current, notebooks):
    links = ['<a href="index.html" class="home">Deep-learning fundamentals</a>']
    if any(nb["name"] == current for nb in notebooks):
        links.append(f'<details class="toc"><summary>Contents</summary>{TOC_MARK}</details>'
                     "<script>document.addEventListener('click', function (e) {"
                     " var toc = document.querySelector('details.toc');"
                     " if (toc && (e.target.closest('details.toc ol a') || !e.target.closest('details.toc')))"
                     " toc.open = false; });</script>")
    for nb in notebooks:
        cls = ' class="current"' if nb["name"] == current else ""
        links.append(f'<a href="{nb["page"]}"{cls} title="{html.escape(nb["title"])}">{nb["number"]}</a>')
    links.append('<a href="glossary.html"' + (' class="current"' if current == "glossary" else "") + ">Glossary</a>")
    return '<nav class="site-nav">' + " ".join(links) + "</nav>"


def _footer(index, notebooks):
    parts = []
    if index is not None and index > 0:
        prev = notebooks[index - 1]
        parts.append(f'<a href="{prev["page"]}" class="prev">← {prev["number"]} {html.escape(prev["title"])}</a>')
    parts.append('<a href="index.html">Index</a> · <a href="glossary.html">Glossary</a>')
    if index is not None and index + 1 < len(notebooks):
        nxt = notebooks[index + 1]
        parts.append(f'<a href="{nxt["page"]}" class="next">{nxt["number"]} {html.escape(nxt["title"])} →</a>')
    return '<footer class="site-footer">' + "".join(f"<span>{p}</span>" for p in parts) + "</footer>"


def _standalone(title, body, nav):
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="_static/site.css">
</head>
<body class="site-page">
{nav}
<main class="prose">
{body}
</main>
</body>
</html>
"""


def readme_table(readme):
    """{number: (title, japanese title, what you build)} from the README's table of notebooks."""
    rows = {}
    if not Path(readme).exists():
        return rows
    pattern = re.compile(r"^\|\s*(\d\d)\s*\|\s*\[([^\]]+)\]\([^)]*\)\s*(?:—\s*([^|]*?))?\s*\|\s*([^|]+?)\s*\|\s*$")
    for line in Path(readme).read_text(encoding="utf-8").splitlines():
        m = pattern.match(line)
        if m:
            rows[m.group(1)] = (m.group(2).strip(), (m.group(3) or "").strip(), m.group(4).strip())
    return rows


def _h1(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return re.sub(r"^\d+\s*[—-]\s*", "", m.group(1)).strip()
    return ""


def _index_page(notebooks, n_terms):
    rows = "\n".join(
        f'<tr><td class="num">{nb["number"]}</td><td><a href="{nb["page"]}">{html.escape(nb["title"])}</a>'
        f'<div class="ja" lang="ja">{html.escape(nb["title_ja"])}</div></td><td>{html.escape(nb["summary"])}</td></tr>'
        for nb in notebooks)
    body = f"""<h1>Deep-learning fundamentals, in numpy</h1>
<p>Six notebooks in which you build the pieces of a neural network yourself, in plain numpy. This site
shows them for reading: the text, the formulas and the figures of the worked solutions. Each exercise
is shown as students get it, with its solution folded behind <em>Show solution</em>; each test cell
shows its visible checks (the hidden tests the grader also runs are not published here).</p>
<p>To work the exercises yourself, open <code>notebooks/</code> in JupyterLab (see the README).
The lectures the course follows are in Japanese: the <a href="glossary.html">glossary</a> lists the
{n_terms} terms the notebooks introduce with their Japanese names, each linked to where it is introduced.</p>
<table class="index">
<thead><tr><th>#</th><th>notebook</th><th>what you build</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>"""
    return _standalone("Deep-learning fundamentals — the course", body, _nav("index", notebooks))


def _glossary_page(entries, notebooks):
    by_page = {nb["page"]: nb for nb in notebooks}
    rows, letter = [], None
    for english, japanese, href in sorted(entries, key=lambda e: (e[0].lower(), e[2])):
        first = english[0].upper() if english[0].isalpha() else "#"
        if first != letter:
            letter = first
            rows.append(f'<tr class="letter" id="letter-{letter}"><th colspan="3">{letter}</th></tr>')
        nb = by_page[href.split("#")[0]]
        rows.append(f'<tr><td><a href="{href}">{html.escape(english)}</a></td>'
                    f'<td lang="ja">{html.escape(japanese)}</td>'
                    f'<td class="where"><a href="{href}">{nb["number"]} {html.escape(nb["title"])}</a></td></tr>')
    letters = sorted({e[0][0].upper() if e[0][0].isalpha() else "#" for e in entries})
    jump = " ".join(f'<a href="#letter-{c}">{c}</a>' for c in letters)
    body = f"""<h1>Glossary — 用語集 (English ↔ 日本語)</h1>
<p>Every term that the notebooks introduce with its Japanese name, in alphabetical order. The link
leads to the place where the term is introduced (its first use in the course).</p>
<p class="letters">{jump}</p>
<table class="glossary">
<thead><tr><th>English</th><th>日本語</th><th>introduced in</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>"""
    return _standalone("Glossary — 用語集", body, _nav("glossary", notebooks))


# ----------------------------------------------------------------------------------------------
# the build


def _mathjax_dir():
    import jupyter_server_mathjax
    return Path(jupyter_server_mathjax.__file__).parent / "static"


def execute(nb, timeout=180):
    """Run the notebook top to bottom in a fresh kernel (in a scratch folder); return the seconds."""
    from nbclient import NotebookClient
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory(prefix="grader-site-") as cwd:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": cwd}})
        start = time.perf_counter()
        client.execute(stderr=subprocess.DEVNULL)  # the kernel process's own log lines; cell output is kept
        return time.perf_counter() - start


def _prepare_out(out):
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} is not empty and holds no site built by this command; give a new or empty folder")
    if (out / MARKER).exists():
        for old in out.iterdir():
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by `python -m grader site`; the next build replaces everything here\n")
    return out


def build_site(out, root=nbtools.REPO, log=print):
    """Build the site into the folder ``out``; return the path of its index.html."""
    started = time.perf_counter()
    root = Path(root)
    out = _prepare_out(out)
    static = out / "_static"
    shutil.copytree(_mathjax_dir(), static / "mathjax")
    (static / "site.css").write_text(STYLESHEET, encoding="utf-8")
    log(f"copied MathJax (from jupyter-server-mathjax) and the stylesheet into {static}")

    summaries = readme_table(root / "README.md")
    names = nbtools.assignments(root)
    notebooks = []
    for name in names:
        number = name[:2]
        nb = nbtools.read(nbtools.solution_path(name, root))
        title, title_ja, summary = summaries.get(number, (_h1(nb), "", ""))
        notebooks.append({"name": name, "number": number, "page": f"{name}.html", "title": title,
                          "title_ja": title_ja, "summary": summary, "nb": nb})

    exporter = _exporter()
    entries, seen = [], set()
    for i, info in enumerate(notebooks):
        nb = info.pop("nb")
        log(f"[{i + 1}/{len(notebooks)}] {info['name']}: executing ...")
        try:
            seconds = execute(nb)
        except Exception as err:  # a cell raised, or the kernel died: no page with a traceback
            raise SystemExit(f"{info['name']} failed to execute, so no site was built: "
                             f"{type(err).__name__}: {str(err)[-2000:]}") from None
        nb = reading_version(nb)
        for entry in mark_terms(nb, info["page"]):
            if term_key(entry[0]) not in seen and not any(same_entry(entry, e) for e in entries):
                seen.add(term_key(entry[0]))
                entries.append(entry)
        resources = {"site": {"mathjax_url": MATHJAX_URL, "nav": _nav(info["name"], notebooks),
                              "footer": _footer(i, notebooks)},
                     "metadata": {"name": f"{info['number']} {info['title']}"}}
        nb.metadata["title"] = f"{info['number']} {info['title']}"
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        body = _describe_figures(body, nb.metadata["title"]).replace(TOC_MARK, _contents(body), 1)
        (out / info["page"]).write_text(body, encoding="utf-8")
        log(f"[{i + 1}/{len(notebooks)}] {info['name']}: executed in {seconds:.1f} s, "
            f"wrote {info['page']} ({len(body) // 1024} KB)")

    all_text = " ".join(re.sub(r"`[^`]*`", " ", c.source) for n in names  # prose only, no code spans
                        for c in nbtools.read(nbtools.solution_path(n, root)).cells if c.cell_type == "markdown")
    entries = [(display_case(e, all_text), j, h) for e, j, h in entries]
    (out / "glossary.html").write_text(_glossary_page(entries, notebooks), encoding="utf-8")
    (out / "index.html").write_text(_index_page(notebooks, len(entries)), encoding="utf-8")
    log(f"wrote index.html and glossary.html ({len(entries)} terms)")
    log(f"site built in {time.perf_counter() - started:.0f} s: open {out / 'index.html'} "
        f"(or: python -m http.server -d {out})")
    return out / "index.html"


STYLESHEET = """/* the course site: a clean reading layout over JupyterLab's notebook styles */
:root {
  --site-width: 60rem;
  --site-text: #1f2328;
  --site-muted: #59636e;
  --site-accent: #0b5cad;
  --site-rule: #d8dee4;
  --site-code-bg: #f6f8fa;
  --jp-content-font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK JP",
                            "Hiragino Sans", sans-serif;
  --jp-ui-font-family: var(--jp-content-font-family);
  --jp-content-font-size1: 16px;
  --jp-content-line-height: 1.6;
  --jp-code-font-size: 13px;
}
html { background: #fff; }
body.site-page {
  margin: 0; padding: 0; color: var(--site-text); background: #fff;
  font-family: var(--jp-content-font-family); font-size: 16px; line-height: 1.6;
}
body.site-page > main {
  box-sizing: border-box; max-width: var(--site-width); margin: 0 auto; padding: 1.5rem 1.25rem 3rem;
}
a { color: var(--site-accent); text-decoration: none; }
a:hover { text-decoration: underline; }

/* navigation */
.site-nav {
  position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: .25rem .9rem;
  align-items: center; padding: .55rem max(1.25rem, calc((100% - var(--site-width)) / 2 + 1.25rem));
  background: #f6f8fa; border-bottom: 1px solid var(--site-rule); font-size: 15px;
}
.site-nav a { color: var(--site-muted); padding: .1rem .35rem; border-radius: 4px; }
.site-nav a.home { font-weight: 600; color: var(--site-text); padding-left: 0; }
.site-nav a.current { background: var(--site-accent); color: #fff; }
.site-nav details.toc { position: relative; order: -1; margin-right: auto; }
.site-nav a.home { order: -2; margin-right: 1rem; }
.site-nav details.toc > summary { cursor: pointer; color: var(--site-muted); list-style: none; padding: .1rem .35rem; }
.site-nav details.toc > summary::after { content: " ▾"; }
.site-nav details.toc[open] > summary { color: var(--site-text); }
.site-nav details.toc > ol {
  position: absolute; left: 0; top: 2rem; margin: 0; padding: .6rem 1rem .6rem 2.2rem; width: min(34rem, 90vw);
  max-height: 70vh; overflow-y: auto; background: #fff; border: 1px solid var(--site-rule); border-radius: 6px;
  box-shadow: 0 6px 20px rgba(0, 0, 0, .12); list-style: none; counter-reset: none;
}
.site-nav details.toc > ol li { padding: .15rem 0; }
.site-nav details.toc > ol a { color: var(--site-text); padding: 0; }
.site-footer {
  box-sizing: border-box; max-width: var(--site-width); margin: 0 auto 2rem; padding: 1rem 1.25rem; display: flex;
  justify-content: space-between; gap: 1rem; border-top: 1px solid var(--site-rule); font-size: 15px;
}

/* notebook cells */
.site-page .jp-Cell { padding: 0; margin: 0 0 .9rem; }
.site-page .jp-InputPrompt, .site-page .jp-OutputPrompt { display: none; }
.site-page .jp-RenderedHTMLCommon { padding-left: 0; padding-right: 0; font-size: 16px; line-height: 1.6; color: var(--site-text); }
.site-page .jp-RenderedHTMLCommon h1 { font-size: 1.9rem; line-height: 1.25; margin: 1.2rem 0 1rem; }
.site-page .jp-RenderedHTMLCommon h2 {
  font-size: 1.45rem; margin: 2.2rem 0 .8rem; padding-bottom: .25rem; border-bottom: 1px solid var(--site-rule);
}
.site-page .jp-RenderedHTMLCommon h3 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
.site-page .jp-RenderedHTMLCommon p, .site-page .jp-RenderedHTMLCommon li { max-width: none; }
.site-page .jp-RenderedHTMLCommon table { margin: 1rem 0; font-size: 14.5px; }
.site-page .jp-RenderedHTMLCommon code { background: var(--site-code-bg); padding: .05em .3em; border-radius: 3px; font-size: 88%; }
.site-page .jp-RenderedHTMLCommon pre code { background: none; padding: 0; }
.site-page .jp-InputArea-editor {
  border: 1px solid var(--site-rule); border-radius: 6px; background: var(--site-code-bg);
}
.site-page .jp-InputArea-editor .highlight { background: transparent; }
.site-page .jp-InputArea, .site-page .jp-InputArea-editor { overflow-x: auto; }
.site-page .jp-InputArea-editor { margin: 0; }
.site-page .jp-OutputArea-output pre { font-size: 13px; }
.site-page .jp-OutputArea-output img { max-width: 100%; height: auto; }
.site-page .jp-RenderedImage { text-align: center; }
.site-page a.anchor-link { display: none; }
.site-page h1:hover a.anchor-link, .site-page h2:hover a.anchor-link, .site-page h3:hover a.anchor-link {
  display: inline; margin-left: .3rem; color: var(--site-muted);
}
.MathJax_Display { overflow-x: auto; overflow-y: hidden; }

/* exercises, solutions, test cells */
.cell-label {
  font-size: 13px; color: var(--site-muted); margin: 1rem 0 .25rem; letter-spacing: .01em;
}
.exercise-label { color: #7a4b00; font-weight: 600; }
.exercise-label + .jp-Cell .jp-InputArea-editor { border-color: #e3b341; background: #fffbeb; }
details.solution {
  margin: -.4rem 0 1.2rem; border: 1px solid #9fc7ee; border-radius: 6px; background: #f5f9ff;
}
details.solution > summary {
  cursor: pointer; padding: .45rem .8rem; font-weight: 600; color: var(--site-accent); user-select: none;
}
details.solution > summary .hide, details.solution[open] > summary .show { display: none; }
details.solution[open] > summary .hide { display: inline; }
details.solution[open] > summary { border-bottom: 1px solid #9fc7ee; }
details.solution > .jp-Cell { margin: .6rem .6rem .6rem; }
.test-label + .jp-Cell .jp-InputArea-editor { border-style: dashed; }

.site-page [id] { scroll-margin-top: 3.5rem; }
.site-page .jp-RenderedHTMLCommon th { text-align: left; }

/* glossary anchors in the text */
.term { scroll-margin-top: 4rem; border-radius: 3px; }
.term:target { background: #fff3b0; box-shadow: 0 0 0 3px #fff3b0; }
.term-anchor { scroll-margin-top: 4rem; }

/* index and glossary pages */
.prose h1 { font-size: 1.9rem; line-height: 1.25; }
.prose table { border-collapse: collapse; width: 100%; margin: 1.2rem 0; }
.prose th, .prose td { text-align: left; vertical-align: top; padding: .5rem .7rem; border-bottom: 1px solid var(--site-rule); }
.prose thead th { border-bottom: 2px solid var(--site-rule); font-size: 14px; color: var(--site-muted); }
.prose td.num { font-weight: 600; color: var(--site-muted); width: 2.5rem; }
.prose table.index td a { font-weight: 600; font-size: 1.05rem; }
.prose .ja { color: var(--site-muted); font-size: 14px; }
.prose table.glossary td { padding: .3rem .7rem; }
.prose table.glossary td.where { font-size: 14px; }
.prose table.glossary td.where a { color: var(--site-muted); }
.prose table.glossary tr.letter th { padding-top: 1rem; font-size: 1.1rem; color: var(--site-accent); border-bottom: 1px solid var(--site-rule); }
.prose p.letters a { display: inline-block; min-width: 1.4rem; text-align: center; }
.prose code { background: var(--site-code-bg); padding: .05em .3em; border-radius: 3px; }
@media print { .site-nav, .site-footer { display: none; } details.solution { display: none; } }
"""
