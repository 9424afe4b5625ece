"""Sphinx configuration of the course book (built by `python -m grader site OUT`, see
grader/authoring/book.py). The sources it reads are generated into OUT/.work/<lang>/ from
solutions/, the catalogs in locale/ and book/glossary.toml; this file is shared by both editions.
The language comes from the command line (-D language=ja)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))   # search_ja

project = "Deep-learning fundamentals"
author = "the course's authors"
copyright = "2026, the course's authors"
language = "en"

extensions = ["myst_nb", "sphinx_design", "sphinx_togglebutton"]
exclude_patterns = ["student/**", ".ipynb_checkpoints", "**/.ipynb_checkpoints"]
templates_path = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "_templates")]
html_static_path = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "_static"),
                    os.environ["BOOK_MATHJAX_DIR"]]

# The notebooks arrive executed (the build caches their outputs): myst-nb only reads them.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_dmath_double_inline = True
smartquotes = False     # the text as the notebooks show it, and glossary terms that match it exactly
suppress_warnings = ["mystnb.unknown_mime_type", "misc.highlighting_failure"]

# MathJax 2.7 from the jupyter-server-mathjax package, served from _static: no network at all.
mathjax_path = "MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
mathjax2_config = {
    "tex2jax": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]],
                "processRefs": False, "processEnvironments": False,
                # myst-nb marks notebook pages tex2jax_ignore (a "$" in an output is not math); the
                # formulas themselves carry the class "math"
                "ignoreClass": "tex2jax_ignore|mathjax_ignore|document", "processClass": "math|output_area"},
    "TeX": {"equationNumbers": {"autoNumber": "AMS", "useLabelIds": True}},
    # the package ships the STIX-Web fonts only: MathJax must not look for its TeX fonts
    "HTML-CSS": {"availableFonts": [], "preferredFont": None, "imageFont": None, "webFont": "STIX-Web",
                 "linebreaks": {"automatic": True}},
    "messageStyle": "none",
}

# Japanese search words: whole runs and glossary terms as well as TinySegmenter's (book/search_ja.py)
html_search_options = {"type": "search_ja.Splitter"}

html_theme = "sphinx_book_theme"
html_title = project
html_css_files = ["book.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "article_header_end": ["lang-switch.html", "article-header-buttons.html"],
}
html_context = {"editions": {"en": "English", "ja": "日本語"}}
