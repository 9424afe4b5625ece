"""The Japanese edition's catalogs (grader/authoring/i18n.py): every paragraph of every notebook
translated and current, formulas and code carried over unchanged, the update workflow (new text
untranslated, changed text fuzzy, removed text kept as obsolete), and Japanese notebooks whose code
is the English code byte for byte. Grading of the Japanese notebooks: tests/test_notebooks.py."""
import json
import shutil

import nbformat
import pytest

from conftest import ASSIGNMENTS
from grader import nbtools
from grader.__main__ import main
from grader.authoring import i18n


def markdown_cells():
    for a in ASSIGNMENTS:
        for n, cell in enumerate(nbtools.read(nbtools.solution_path(a)).cells):
            if cell.cell_type == "markdown":
                yield a, n, cell.source


def test_every_catalog_entry_is_translated_current_and_keeps_its_formulas():
    lines = i18n.check("ja")
    assert not lines, f"{len(lines)} catalog entries to fix (python -m grader i18n check), e.g.\n" + "\n".join(lines[:10])
    for a in ASSIGNMENTS:
        report = i18n.status(a, "ja")
        assert report["entries"] == report["translated"] > 10, (a, report["entries"], report["translated"])


def test_splitting_into_paragraphs_loses_nothing():
    for a, n, source in markdown_cells():
        parts = i18n.pieces(source)
        assert "".join(parts) == source, f"{a} cell {n}"
        assert all(not p.strip() for p in parts[1::2]), f"{a} cell {n}: a separator holds text"


@pytest.mark.parametrize("source, paragraphs", [
    ("one\ntwo\n\nthree", ["one\ntwo", "three"]),
    ("\n\nlead\n\n\ntrail\n", ["", "lead", "trail", ""]),
    ("text\n\n```python\nx = 1\n\ny = 2\n```\n\nafter", ["text", "```python\nx = 1\n\ny = 2\n```", "after"]),
    ("$$\na\n\nb\n$$\n\nnext", ["$$\na\n\nb\n$$", "next"]),
    ("", [""]),
])
def test_paragraphs_by_hand(source, paragraphs):
    parts = i18n.pieces(source)
    assert parts[0::2] == paragraphs and "".join(parts) == source


def test_formulas_alone_are_not_offered_for_translation():
    assert not i18n.translatable("$$ E = -\\sum_k y_k \\log \\hat y_k $$")
    assert not i18n.translatable("```python\nprint('hello world')\n```")
    assert i18n.translatable("The loss $E$ is small.")
    assert i18n.translatable("損失 $E$ は小さい。")


@pytest.mark.parametrize("english, japanese, kind", [
    ("The weight $w$ is used.", "重み $W$ を使います。", "math"),
    ("The weight $w$ is used.", "重みを使います。", "math"),
    ("Call `predict(w, X)` now.", "`predict(W, X)` を呼びます。", "code"),
    ("See [the paper](https://example.org/a).", "[論文](https://example.org/b)を参照。", "links"),
    ("## 3. Training", "### 3. 学習", "heading"),
    ("A **simple perceptron** works.", "**単純パーセプトロン（simple perceptron）**は動きます。", "emphasis"),
    ("A long formula $a +\nb$ over two lines.", "二行にわたる式 $a +\nc$ です。", "math"),
])
def test_a_translation_that_changes_what_must_stay_is_reported(english, japanese, kind):
    found = i18n.problems(english, japanese)
    assert found and found[0].startswith(kind), found


def test_a_faithful_translation_is_accepted():
    assert i18n.problems("The weight $w$ of `predict` in [this](#x), **bold**.",
                         "[この](#x) `predict` の重み $w$、**太字**。") == []
    assert i18n.problems("## 3. Training", "## 3. 学習") == []
    assert i18n.problems("A **simple perceptron** works.", "**単純パーセプトロン**（simple perceptron）は動きます。") == []


def test_translated_notebooks_keep_code_and_metadata_byte_for_byte():
    for a in ASSIGNMENTS:
        english = nbtools.read(nbtools.solution_path(a))
        japanese = i18n.translated_solution(a, "ja")
        assert len(english.cells) == len(japanese.cells)
        changed = 0
        for e, j in zip(english.cells, japanese.cells):
            assert e.cell_type == j.cell_type and e.metadata == j.metadata
            if e.cell_type == "code":
                assert e.source == j.source
            else:
                changed += e.source != j.source
        assert changed == sum(c.cell_type == "markdown" for c in english.cells), f"{a}: an English cell is left"
        student_en = nbtools.read(nbtools.REPO / "notebooks" / a / f"{a}.ipynb")
        student_ja = nbtools.read(nbtools.REPO / "notebooks" / "ja" / a / f"{a}.ipynb")
        assert [c.source for c in student_en.cells if c.cell_type == "code"] == \
               [c.source for c in student_ja.cells if c.cell_type == "code"], f"{a}: the editions' code differs"
        assert [c.metadata for c in student_en.cells] == [c.metadata for c in student_ja.cells]


@pytest.fixture
def course(tmp_path):
    """A copy of the course's solutions and catalogs to change."""
    for a in ASSIGNMENTS[:1]:
        shutil.copytree(nbtools.REPO / "solutions" / a, tmp_path / "solutions" / a)
        (tmp_path / "locale" / "ja" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        shutil.copy(i18n.catalog_path(a, "ja"), i18n.catalog_path(a, "ja", tmp_path))
    return tmp_path


def test_update_marks_changed_text_fuzzy_adds_new_text_and_keeps_removed_text(course):
    a = ASSIGNMENTS[0]
    path = nbtools.solution_path(a, course)
    nb = nbtools.read(path)
    md = [c for c in nb.cells if c.cell_type == "markdown"]
    first = i18n.pieces(md[1].source)[0]
    old_translation = i18n.load(a, "ja", course)[first].string
    md[1].source = md[1].source.replace(first, first + " (and one more clause)", 1)
    md[2].source += "\n\nA brand-new paragraph about the perceptron."
    gone = i18n.pieces(md[3].source)[0]
    md[3].source = md[3].source.replace(gone, "", 1)
    nbformat.write(nb, str(path))

    assert i18n.check("ja", course, [a]), "the catalog is out of date but check reports nothing"
    new, fuzzy, obsolete = i18n.update(a, "ja", course)
    assert (new, fuzzy) == (1, 1) and obsolete >= 1
    catalog = i18n.load(a, "ja", course)
    changed = catalog[first + " (and one more clause)"]
    assert changed.fuzzy and changed.string == old_translation, "the old translation must be kept, marked fuzzy"
    assert changed.previous_id == [first], "a fuzzy entry must show the English it was translated from"
    text = i18n.catalog_path(a, "ja", course).read_text(encoding="utf-8")
    assert text.count("#| msgid") == 1 and "# |" not in text
    i18n.save(i18n.load(a, "ja", course), a, "ja", course)      # read and written again: unchanged
    assert i18n.catalog_path(a, "ja", course).read_text(encoding="utf-8") == text
    assert catalog["A brand-new paragraph about the perceptron."].string == ""
    assert gone in catalog.obsolete, "removed text must stay in the catalog as obsolete"
    lines = i18n.check("ja", course, [a])
    assert any("fuzzy" in line for line in lines) and any("untranslated" in line for line in lines)
    # a fuzzy entry is not used: that paragraph stays English in the Japanese notebook
    translated = i18n.translated_solution(a, "ja", course)
    assert first + " (and one more clause)" in "\n".join(c.source for c in translated.cells)


def test_export_and_import_round_trip(course, tmp_path, capsys):
    a = ASSIGNMENTS[0]
    nb = nbtools.read(nbtools.solution_path(a, course))
    nb.cells[0].source += "\n\nOne new sentence."
    nbformat.write(nb, str(nbtools.solution_path(a, course)))
    i18n.update(a, "ja", course)
    entries = i18n.export_open(a, "ja", course)
    assert [e["en"] for e in entries] == ["One new sentence."]
    entries[0]["ja"] = "新しい一文です。"
    assert i18n.import_entries(a, "ja", entries, course) == (1, [])
    assert i18n.check("ja", course, [a]) == []
    assert "#|" not in i18n.catalog_path(a, "ja", course).read_text(encoding="utf-8")
    assert "新しい一文です。" in i18n.translated_solution(a, "ja", course).cells[0].source


def test_the_command_line(capsys, tmp_path):
    assert main(["i18n", "check"]) == 0
    assert "complete and current" in capsys.readouterr().out
    assert main(["i18n", "export", ASSIGNMENTS[0]]) == 0
    assert json.loads(capsys.readouterr().out) == []
    with pytest.raises(SystemExit, match="no such assignment"):
        main(["i18n", "check", "99_nothing"])
    with pytest.raises(SystemExit, match="no edition"):
        main(["i18n", "check", "--lang", "fr"])
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(SystemExit, match="cannot read"):
        main(["i18n", "import", ASSIGNMENTS[0], str(bad)])


def test_jupyterlab_offers_japanese():
    """README.ja.md tells a student to pick Settings > Language > 日本語: the pack must be there."""
    from jupyterlab_server.translation_utils import get_language_packs
    packs, message = get_language_packs("en")
    assert "ja_JP" in packs, f"JupyterLab has no Japanese language pack ({message}): pip install -r requirements.txt"


def test_grader_check_names_a_catalog_that_is_not_ready(course):
    from grader.authoring.check import check_editions
    a = ASSIGNMENTS[0]
    shutil.copytree(nbtools.REPO / "notebooks" / "ja" / a, course / "notebooks" / "ja" / a)
    assert check_editions(course) == []
    nb = nbtools.read(nbtools.solution_path(a, course))
    nb.cells[0].source += "\n\nA paragraph nobody translated yet."
    nbformat.write(nb, str(nbtools.solution_path(a, course)))
    problems = check_editions(course)
    assert len(problems) == 1 and problems[0].startswith(f"locale/ja/LC_MESSAGES/{a}.po: 1 entry"), problems
    (course / "notebooks" / "ja" / a / f"{a}.ipynb").unlink()
    assert any("release --lang ja" in p for p in check_editions(course))
