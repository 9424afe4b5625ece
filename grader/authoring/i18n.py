"""One source, two languages: the Japanese edition's text lives in gettext catalogs (日本語版).

``solutions/`` is written in English. Each notebook has one catalog per language,
``locale/<lang>/LC_MESSAGES/<assignment>.po``, with an entry per paragraph of its markdown cells.
Code cells are never translated: a translated notebook has the same code cells, byte for byte, so
one set of tests and one grader serve both editions.

The workflow (``python -m grader i18n ...``):
- ``update``: read the English text again and merge it into the catalogs. A new paragraph is a new,
  untranslated entry; a changed one keeps its old translation marked *fuzzy* (to be checked); a
  removed one is kept at the end as obsolete (``#~``) so its words are not lost.
- translate: edit the ``.po`` files (Poedit, or any text editor), or ``export`` the open entries to
  JSON, fill in ``"ja"`` and ``import`` them again.
- ``check``: exit status 1 while any entry is untranslated, fuzzy, out of date with the English, or
  changes what must not change (formulas, inline code, links, heading levels).

A paragraph is a block of lines between blank lines; a fenced code block or a ``$$`` display
formula is never split and, when it holds nothing but code or math, is never offered for
translation: formulas are copied unchanged.
"""
import json
import re
import unicodedata
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, unescape, write_po

from .. import nbtools

LANGUAGES = {"ja": "日本語"}
# Spans that a translation must keep exactly: display and inline math, inline code, link targets.
MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?!\s)(?:[^$\n]|\n(?![ \t]*\n))+?(?<![\s\\])\$|\\begin\{(\w+\*?)\}.*?\\end\{\1\}",
                  re.S)  # an inline formula may run over a line break, never over a blank line
CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
LINK_TARGET = re.compile(r"\]\(([^)\s]+)[^)]*\)")
WORDS = re.compile(r"[A-Za-z]{2,}|[\u3040-\u30ff\u3400-\u9fff]")


def catalog_path(assignment, lang, root=nbtools.REPO):
    return Path(root) / "locale" / lang / "LC_MESSAGES" / f"{assignment}.po"


# ---------------------------------------------------------------------------------------------
# Paragraphs


def pieces(source):
    """Split markdown into paragraphs and the blank lines between them: ``"".join(pieces(s)) == s``.

    Even positions hold paragraphs, odd positions the separators. A fenced code block or a
    ``$$ ... $$`` display formula stays inside one paragraph even when it holds blank lines."""
    groups = []          # [is_blank, [lines]]
    fence, in_math = None, False
    for line in source.split("\n"):
        s = line.strip()
        blank = not s and fence is None and not in_math
        if not blank:
            if fence is None:
                opening = re.match(r"(`{3,}|~{3,})", s)
                if opening:
                    fence = opening.group(1)
                elif s.count("$$") % 2:
                    in_math = not in_math
            elif s.startswith(fence) and not s.strip(fence[0]):
                fence = None
        if groups and groups[-1][0] == blank:
            groups[-1][1].append(line)
        else:
            groups.append([blank, [line]])
    if len(groups) == 1:
        return [source]
    out = [] if not groups[0][0] else [""]
    for i, (blank, lines) in enumerate(groups):
        text = "\n".join(lines)
        if blank:
            text = ("\n" if i > 0 else "") + text + ("\n" if i < len(groups) - 1 else "")
        out.append(text)
    if groups[-1][0]:
        out.append("")
    return out


def prose(text):
    """The text with math, code and link targets taken out: what a reader reads as words."""
    text = re.sub(r"^(`{3,}|~{3,}).*?^\1", " ", text, flags=re.S | re.M)
    for pattern in (MATH, CODE, LINK_TARGET, re.compile(r"<[^>]+>")):
        text = pattern.sub(" ", text)
    return text


def translatable(paragraph):
    return bool(WORDS.search(prose(paragraph)))


def paragraphs(nb):
    """(paragraph, cell number counted from 1) for every paragraph of the notebook's markdown cells that has words."""
    found = []
    for n, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for k, piece in enumerate(pieces(cell.source)):
                if k % 2 == 0 and translatable(piece):
                    found.append((piece, n + 1))
    return found


def must_keep(text):
    """What a translation must carry over unchanged, as sorted lists: formulas, inline code, link
    targets, and the heading level."""
    no_fences = re.sub(r"^(`{3,}|~{3,}).*?^\1", " ", text, flags=re.S | re.M)
    heading = re.match(r"\s*(#+)\s", text)
    return {"math": sorted(m.group(0) for m in MATH.finditer(no_fences)),
            "code": sorted(m.group(0) for m in CODE.finditer(MATH.sub(" ", no_fences))),
            "links": sorted(LINK_TARGET.findall(text)),
            "heading": heading.group(1) if heading else ""}


# ---------------------------------------------------------------------------------------------
# Catalogs


HEADER = """\
{language} edition of notebook {assignment} of the deep-learning fundamentals course.
Made from solutions/{assignment}/{assignment}.ipynb by `python -m grader i18n update`; a location
"{assignment}.ipynb:N" is the notebook's N-th cell. Translate the text, never a formula or code."""


def new_catalog(assignment, lang=None):
    catalog = Catalog(locale=lang, project=f"dl-course {assignment}", version="3", fuzzy=False,
                      copyright_holder="the course's authors", msgid_bugs_address="the course's issue tracker",
                      language_team=f"{LANGUAGES.get(lang, 'English')} edition" if lang else None)
    text = HEADER.format(language=LANGUAGES.get(lang, "English"), assignment=assignment)
    catalog.header_comment = "\n".join("# " + line for line in text.splitlines())
    return catalog


def template(assignment, root=nbtools.REPO):
    """The catalog of the English text of one notebook, with no translations."""
    catalog = new_catalog(assignment)
    for text, cell in paragraphs(nbtools.read(nbtools.solution_path(assignment, root))):
        if text in catalog:
            catalog[text].locations.append((f"{assignment}.ipynb", cell))
        else:
            catalog.add(text, locations=[(f"{assignment}.ipynb", cell)])
    return catalog


def _previous_id(lines):
    """The English a fuzzy entry was translated from, from its ``#| msgid "..."`` lines (which Babel
    reads back as comments)."""
    return ["".join(unescape(f'"{part}"') for part in re.findall(r'"((?:[^"\\]|\\.)*)"', " ".join(lines)))]


def load(assignment, lang, root=nbtools.REPO):
    path = catalog_path(assignment, lang, root)
    if not path.exists():
        return new_catalog(assignment, lang)
    with open(path, "rb") as f:
        catalog = read_po(f, locale=lang)
    for message in list(catalog) + list(catalog.obsolete.values()):
        previous = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        if previous:
            message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
            message.previous_id = _previous_id(previous)
    return catalog


def save(catalog, assignment, lang, root=nbtools.REPO):
    path = catalog_path(assignment, lang, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.fuzzy = False
    for message in catalog:
        if not message.fuzzy:      # the English it was translated from matters only until it is checked
            message.previous_id = []
    tmp = path.with_suffix(".po.tmp")
    with open(tmp, "wb") as f:
        write_po(f, catalog, width=0, sort_output=False, include_previous=True)
    tmp.replace(path)


def update(assignment, lang, root=nbtools.REPO):
    """Merge the current English text into the catalog; return (new, fuzzy, obsolete) counts."""
    catalog = load(assignment, lang, root)
    before = {m.id for m in catalog if m.id}
    catalog.update(template(assignment, root), update_creation_date=False)
    new = sum(1 for m in catalog if m.id and m.id not in before and not m.string)
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
    save(catalog, assignment, lang, root)
    return new, fuzzy, len(catalog.obsolete)


def _punctuation(ch):
    return unicodedata.category(ch).startswith("P") or unicodedata.category(ch).startswith("S")


def broken_emphasis(text):
    """Emphasis markers that CommonMark (JupyterLab, the book) will not render, e.g. the closing
    ``**`` of ``**パーセプトロン（perceptron）**は``: a closing run right after a punctuation mark must
    be followed by a space or a punctuation mark (and an opening run before one, preceded by one).
    Runs are paired in order, the first of each pair opening."""
    text = MATH.sub("x", CODE.sub("x", text))    # a formula or code reads as a letter here
    runs = {}
    for m in re.finditer(r"(?<!\*)\*{1,3}(?!\*)", text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
        right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
        if left or right:
            runs.setdefault(len(m.group(0)), []).append((m, left, right))
    found = []
    for found_runs in runs.values():
        for k, (m, left, right) in enumerate(found_runs):
            if not (right if k % 2 else left):
                found.append(text[max(0, m.start() - 8):m.end() + 8])
    return found


def problems(msgid, msgstr):
    """What a translation changed that must stay, or markup it broke: one line per kind."""
    want, got = must_keep(msgid), must_keep(msgstr)
    lines = [f"{kind} differ: English {want[kind]!r}, translation {got[kind]!r}"
             for kind in want if want[kind] != got[kind]]
    broken = set(broken_emphasis(msgstr)) - set(broken_emphasis(msgid))
    if broken:
        lines.append("emphasis that will not render (a ** between a punctuation mark and a letter: add a space "
                     f"or move the mark): {sorted(broken)!r}")
    return lines


def status(assignment, lang, root=nbtools.REPO):
    """How complete and how current a catalog is: counts and a list of entries to fix."""
    catalog = load(assignment, lang, root)
    current = {text for text, _ in paragraphs(nbtools.read(nbtools.solution_path(assignment, root)))}
    entries = [m for m in catalog if m.id]
    report = {"entries": len(entries), "translated": 0, "untranslated": [], "fuzzy": [], "broken": [],
              "missing": sorted(current - {m.id for m in entries}),
              "stale": sorted({m.id for m in entries} - current)}
    for m in entries:
        if not m.string:
            report["untranslated"].append(m.id)
        elif m.fuzzy:
            report["fuzzy"].append(m.id)
        else:
            report["translated"] += 1
            issues = problems(m.id, m.string)
            if issues:
                report["broken"].append((m.id, issues))
    return report


def check(lang="ja", root=nbtools.REPO, assignments=None):
    """Lines describing every catalog entry that is not ready; an empty list when all are."""
    def first(text):
        return text.strip().splitlines()[0][:70]
    lines = []
    for a in assignments or nbtools.assignments(root):
        r = status(a, lang, root)
        for text in r["missing"]:
            lines.append(f"{a}: not in the catalog (run `python -m grader i18n update`): {first(text)!r}")
        for text in r["stale"]:
            lines.append(f"{a}: no longer in the English text (run `python -m grader i18n update`): {first(text)!r}")
        for text in r["untranslated"]:
            lines.append(f"{a}: untranslated: {first(text)!r}")
        for text in r["fuzzy"]:
            lines.append(f"{a}: fuzzy (the English changed; check the translation, then remove the fuzzy flag): "
                         f"{first(text)!r}")
        for text, issues in r["broken"]:
            lines.append(f"{a}: {first(text)!r}: {'; '.join(issues)}")
    return lines


# ---------------------------------------------------------------------------------------------
# Translated notebooks


def translate_notebook(nb, catalog):
    """A copy of ``nb`` whose markdown paragraphs are replaced by their translations (untranslated,
    fuzzy or broken ones stay English). Code cells and all metadata are untouched."""
    nb = nbtools.nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        parts = pieces(cell.source)
        for k in range(0, len(parts), 2):
            message = catalog.get(parts[k]) if parts[k] else None
            if message is not None and message.string and not message.fuzzy and not problems(message.id, message.string):
                parts[k] = message.string
        cell.source = "".join(parts)
    return nb


def translated_solution(assignment, lang, root=nbtools.REPO):
    """The solution notebook of ``assignment`` in ``lang``: English notebook, translated text."""
    nb = nbtools.read(nbtools.solution_path(assignment, root))
    nb = translate_notebook(nb, load(assignment, lang, root))
    nb.metadata["language_edition"] = lang
    return nb


def export_open(assignment, lang, root=nbtools.REPO, everything=False):
    """The entries still to translate (all with ``everything``) as a JSON-ready list."""
    catalog = load(assignment, lang, root)
    return [{"en": m.id, lang: m.string or "", "fuzzy": m.fuzzy,
             "cells": sorted({cell for _, cell in m.locations})}
            for m in catalog if m.id and (everything or not m.string or m.fuzzy or problems(m.id, m.string))]


def import_entries(assignment, lang, entries, root=nbtools.REPO):
    """Store translations given as [{"en": ..., lang: ...}, ...]; an entry with a translation is no
    longer fuzzy. Returns (stored, unknown English texts)."""
    catalog = load(assignment, lang, root)
    stored, unknown = 0, []
    for entry in entries:
        message = catalog.get(entry["en"])
        if message is None:
            unknown.append(entry["en"])
            continue
        text = entry.get(lang, "")
        if text:
            message.string = text
            message.flags.discard("fuzzy")
            message.previous_id = []
            stored += 1
    save(catalog, assignment, lang, root)
    return stored, unknown


def main(action, assignment, file, lang, everything, known):
    """``python -m grader i18n ACTION``; returns the exit status."""
    if lang not in LANGUAGES:
        raise SystemExit(f"no edition in {lang!r} (known: {', '.join(LANGUAGES)})")
    if assignment and assignment not in known:
        raise SystemExit(f"no such assignment: {assignment} (known: {', '.join(known)})")
    names = [assignment] if assignment else known
    if action == "update":
        for a in names:
            new, fuzzy, obsolete = update(a, lang)
            print(f"{catalog_path(a, lang)}: {new} new, {fuzzy} fuzzy, {obsolete} obsolete")
        return 0
    if action == "check":
        lines = check(lang, assignments=names)
        for line in lines:
            print(line)
        print(f"{len(lines)} entr{'y' if len(lines) == 1 else 'ies'} to fix" if lines
              else f"every catalog in {lang} is complete and current")
        return 1 if lines else 0
    if not assignment:
        raise SystemExit(f"{action} needs an assignment, e.g. python -m grader i18n {action} 01_perceptron")
    if action == "export":
        print(json.dumps(export_open(assignment, lang, everything=everything), ensure_ascii=False, indent=1))
        return 0
    if file is None:
        raise SystemExit("import needs the JSON file to read: python -m grader i18n import 01_perceptron FILE")
    try:
        entries = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SystemExit(f"cannot read {file}: {e}")
    stored, unknown = import_entries(assignment, lang, entries)
    print(f"stored {stored} translation(s) in {catalog_path(assignment, lang)}")
    for text in unknown:
        print(f"not in the catalog (English changed? run update first): {text.strip().splitlines()[0][:70]!r}")
    return 1 if unknown else 0
