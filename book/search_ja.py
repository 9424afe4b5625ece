"""Search words of the Japanese edition (Sphinx's ``html_search_options["type"]``).

The search box splits a query only at spaces and punctuation, so 誤差逆伝播法 arrives as one word,
and a word is looked up whole before any partial match. Sphinx's Japanese splitter (TinySegmenter)
indexes 誤差 / 逆伝播 / 法 instead, and keeps a full-width bracket on an English word
("（backpropagation"), so neither the Japanese term nor its English name would be found. This
splitter indexes, for every run of letters: the run itself (partial matches look inside it), each
glossary term it holds (so a term is found whole), and TinySegmenter's words (short queries)."""
import re
import tomllib
from pathlib import Path

from sphinx.search.ja import DefaultSplitter

with open(Path(__file__).with_name("glossary.toml"), "rb") as _f:
    TERMS = sorted({t["ja"] for t in tomllib.load(_f)["term"]}, key=len, reverse=True)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


class Splitter(DefaultSplitter):
    def split(self, input):
        words = []
        for run in re.findall(r"\w+", input):
            words.append(run)
            if CJK.search(run):
                words += [term for term in TERMS if term in run]
                words += [w for w in super().split(run) if w.strip()]
        return words
