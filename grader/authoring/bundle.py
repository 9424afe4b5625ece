"""`python -m grader bundle OUT_DIR --open NN_name [--open ...]`: the student copy of the course
for a graded class.

solutions/ is public for self-learners; a graded class gets this bundle instead: the student
notebooks, course_lib and the set-up files, with no solutions/, grader/ or tests/.

course_lib holds working reference versions of many graded functions (``nn.softmax`` answers
notebook 02, ``optim.Adam`` notebook 03, ...), each declared with ``@answers("NN_name")``
(course_lib/answers.py, read by grader/references.py). The bundle is made for the assignments the
students work on now, the OPEN ones:

- shipped: the student versions (notebooks/, and the Japanese ones in notebooks/ja/) of every
  assignment up to the last open one;
- open assignments: every reference that answers one of them is replaced by a stub that raises
  ``NotImplementedError("course_lib.optim.Adam is released after 03_sgd_variants is graded; ...")``
  (a declared branch, such as ``init_mlp``'s "xavier", only that branch);
- closed assignments, i.e. those before the last open one that are not open: their references
  stay, so that later notebooks can build on them (notebook 04 trains with ``optim.Momentum``);
- later assignments (after the last open one) are not shipped, and their references are withheld
  too, because a student keeps every copy handed out: shipping 06's ``metric.triplet_loss_and_grads``
  with notebook 02 would hand out 06's answers long before 06 is set. The one exception is a
  reference that a shipped notebook names (02 and 03 call ``nn.init_mlp``, whose "xavier" and "he"
  branches answer 04): it stays, or the shipped notebook could not run; the bundle lists it.

What else the bundle holds is a student's, not the repository's: its own README
(bundle_README.md: how to start, how to check; nothing about solutions or grading), a
requirements.txt without the instructor's tools (the packages in INSTRUCTOR_ONLY), and
jupyter_config/, whose settings hide nbgrader's instructor menus in JupyterLab.

The bundle is checked after it is written: no solution region and no hidden test in any file, and
every withheld reference really is a stub in the copy. Notebook cells that name a withheld
reference are listed as warnings (a student who has done the work would hit the stub there).
"""
import ast
import re
import shutil
from pathlib import Path

from .. import nbtools, references

SETUP_FILES = ["pyproject.toml"]  # copied as they are; README.md and requirements.txt are the students' own
README_TEMPLATE = Path(__file__).with_name("bundle_README.md")
JUPYTER_CONFIG = "jupyter_config"
# requirements.txt packages that only the instructor's tools and the tests use
INSTRUCTOR_ONLY = {"pytest", "playwright", "dask", "copydetect", "jupyter-server-mathjax", "sphinx", "myst-nb",
                   "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme", "sphinx-togglebutton", "sphinx-design"}
FORBIDDEN = ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "### BEGIN SOLUTION", "### END SOLUTION"]


def leaks(folder):
    """Files under ``folder`` that hold a solution region or a hidden test: list of (path, marker)."""
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="ignore")
            found += [(path, m) for m in FORBIDDEN if m in text]
    return found


def student_requirements(text):
    """requirements.txt for students: the instructor-only packages and every comment dropped."""
    kept = []
    for line in text.splitlines():
        bare = line.split("#", 1)[0].strip()
        if not bare:
            continue
        name = re.split(r"[\[<>=!~; ]", bare, maxsplit=1)[0].lower().replace("_", "-")
        if name not in INSTRUCTOR_ONLY:
            kept.append(bare)
    return ("# What the course notebooks need (Python >= 3.10): pip install -r requirements.txt\n"
            + "\n".join(kept) + "\n")


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


def student_readme(shipped, root=nbtools.REPO):
    """The bundle's README: the template with a table of the shipped notebooks (titles from the
    course README's table, links to the student versions)."""
    table = readme_table(Path(root) / "README.md")
    rows = []
    for a in shipped:
        title, japanese, what = table.get(a[:2], (a, "", ""))
        rows.append(f"| {a[:2]} | [{title}](notebooks/{a}/{a}.ipynb)" + (f" — {japanese}" if japanese else "")
                    + f" | {what} |")
    rows_ja = []
    for a in shipped:
        nb_path = Path(root) / "notebooks" / "ja" / a / f"{a}.ipynb"
        if nb_path.exists():
            title = next((line[2:].strip() for c in nbtools.read(nb_path).cells if c.cell_type == "markdown"
                          for line in c.source.splitlines() if line.startswith("# ")), a)
            rows_ja.append(f"| {a[:2]} | [{title}](notebooks/ja/{a}/{a}.ipynb) |")
    return (README_TEMPLATE.read_text(encoding="utf-8").replace("{notebooks}", "\n".join(rows))
            .replace("{notebooks_ja}", "\n".join(rows_ja)))


def resolve(names, root=nbtools.REPO):
    """Assignment names from what a person types: "03_sgd_variants" or just "03"."""
    known = nbtools.assignments(root)
    out = []
    for name in names:
        matches = [a for a in known if a == name] or [a for a in known if a.startswith(name)]
        if len(matches) != 1:
            raise SystemExit(f"--open {name!r} names {'no' if not matches else 'more than one'} assignment; "
                             f"choose from: {', '.join(known)}")
        if matches[0] not in out:
            out.append(matches[0])
    return sorted(out, key=known.index)


def _code_cells(notebook_path):
    """(index, cell, ast or None) of every code cell; IPython magics and shell lines are skipped."""
    out = []
    for i, cell in enumerate(nbtools.read(notebook_path).cells):
        if cell.cell_type == "code":
            source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
            try:
                tree = ast.parse(source)
            except SyntaxError:
                tree = None
            out.append((i, cell, tree))
    return out


def _named(source, modules):
    """The course_lib definitions a cell names: ``nn.init_mlp`` or ``from course_lib.nn import init_mlp``."""
    named = set(re.findall(rf"\b({'|'.join(modules)})\.(\w+)", source))
    for module, names in re.findall(rf"from\s+{references.PACKAGE}\.(\w+)\s+import\s+([^\n]+)", source):
        named |= {(module, n) for n in re.findall(r"\w+", names)}
    return named


def _definitions(root):
    found = {}
    for path in sorted((Path(root) / references.PACKAGE).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found.update({(path.stem, n.name): n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))})
    return found


def _needed_by(d, cells, reach, definitions):
    """Whether one of ``cells`` may run the declared piece ``d``: a whole definition when a cell
    names it or a course_lib function that names it; a branch when a cell calls the function with
    the branch's name as a literal, or leaves a parameter at a default that selects it."""
    key = (d.module, d.name)
    for _, cell, tree in cells:
        if not d.parts:
            named = _named(cell.source, sorted({m for m, _ in reach}))
            if key in named or any(key in reach.get(n, ()) for n in named):
                return True
        elif tree is not None and d.kind == "function" and _calls_reaching(tree, d, definitions[key]):
            return True
    return False


def plan(open_assignments, root=nbtools.REPO):
    """What a bundle with these open assignments ships and withholds (nothing is written).

    Returns a dict: "open", "closed", "later" (lists of assignment names), "shipped" (assignments
    whose notebooks are shipped), "withheld" (declarations replaced by stubs), "kept" (declarations
    left working) and "kept_later" ({declaration: shipped notebooks that may run it}, for kept ones of later assignments)."""
    root = Path(root)
    known = nbtools.assignments(root)
    opened = resolve(open_assignments, root)
    if not opened:
        raise SystemExit("name at least one open assignment")
    last = known.index(opened[-1])
    shipped = known[:last + 1]
    closed = [a for a in shipped if a not in opened]
    later = known[last + 1:]
    decls = references.declarations(root)
    unknown = sorted({d.assignment for d in decls} - set(known))
    if unknown:
        raise SystemExit(f"course_lib declares answers to unknown assignments {unknown}; known: {', '.join(known)}")
    cells = {a: _code_cells(root / "notebooks" / a / f"{a}.ipynb") for a in shipped}
    reach, definitions = references.calls(root), _definitions(root)
    withheld, kept, kept_later = [], [], {}
    for d in decls:
        if d.assignment in opened:
            withheld.append(d)
        elif d.assignment in closed:
            kept.append(d)
        else:
            needing = [a for a in shipped if _needed_by(d, cells[a], reach, definitions)]
            if needing:
                kept.append(d)
                kept_later[d] = needing
            else:
                withheld.append(d)
    return {"open": opened, "closed": closed, "later": later, "shipped": shipped,
            "withheld": withheld, "kept": kept, "kept_later": kept_later}


def _calls_reaching(tree, d, definition):
    """Line numbers in ``tree`` where a call of ``d`` may run one of its withheld branches."""
    positional = [a.arg for a in definition.args.args]
    params = positional + [a.arg for a in definition.args.kwonlyargs]
    defaults = dict(zip(positional[len(positional) - len(definition.args.defaults):], definition.args.defaults))
    defaults.update({a.arg: v for a, v in zip(definition.args.kwonlyargs, definition.args.kw_defaults) if v is not None})
    # the parameters the withheld branches test (``method`` in ``if method == "xavier"``)
    selectors = {n.id for part in d.parts for branch in references.part_branches(definition, part)
                 for n in ast.walk(branch.test) if isinstance(n, ast.Name)} & set(params)
    hits = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == d.name):
            continue
        literals = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        given = {kw.arg: kw.value for kw in node.keywords} | dict(zip(params, node.args))
        passed = set(given)
        if any(not isinstance(given[name], ast.Constant) for name in selectors & passed):
            hits.append(node.lineno)  # chosen at run time (method=start): it may be a withheld branch
            continue
        by_default = {v.value for name, v in defaults.items() if name not in passed
                      and isinstance(v, ast.Constant) and isinstance(v.value, str)}
        if set(d.parts) & (literals | by_default):
            hits.append(node.lineno)
    return hits


def conflicts(the_plan, root=nbtools.REPO):
    """Cells of the shipped notebooks that use a withheld reference: list of str.

    A whole withheld reference counts when a cell names it (``gradcheck.numerical_gradient``,
    ``from course_lib.optim import Adam``); a withheld branch when a call passes its name as a
    literal (``method="xavier"``) or leaves a parameter at a default that selects it."""
    root = Path(root)
    withheld_whole = {(d.module, d.name): d for d in the_plan["withheld"] if not d.parts}
    reach, definitions = references.calls(root), _definitions(root)
    modules = sorted({module for module, _ in reach})
    found = []
    for a in the_plan["shipped"]:
        for i, cell, tree in _code_cells(root / "notebooks" / a / f"{a}.ipynb"):
            where = f"notebooks/{a} {'test cell' if nbtools.is_test(cell) else 'cell'} {i}"
            named = _named(cell.source, modules)
            for d in the_plan["withheld"]:
                if not d.parts and (d.module, d.name) in named:
                    found.append(f"{where} uses {d.qualname}, withheld until {d.assignment} is graded")
                elif d.parts and tree is not None and d.kind == "function":
                    lines = _calls_reaching(tree, d, definitions[(d.module, d.name)])
                    if lines:
                        found.append(f"{where} (line {lines[0]}) calls {d.label}, withheld until "
                                     f"{d.assignment} is graded")
            for key in sorted(named):
                if key in withheld_whole or key not in reach:
                    continue
                inner = sorted(withheld_whole[k].qualname for k in reach[key] if k in withheld_whole)
                if inner:
                    found.append(f"{where} calls {references.PACKAGE}.{key[0]}.{key[1]}, "
                                 f"which may run the withheld {', '.join(inner)}")
                for d in the_plan["withheld"]:  # a branch further down, chosen by a keyword passed along
                    if not d.parts or (d.module, d.name) not in reach[key] or tree is None:
                        continue
                    selectors = {n.id for part in d.parts for b in references.part_branches(definitions[(d.module, d.name)], part)
                                 for n in ast.walk(b.test) if isinstance(n, ast.Name)}
                    for node in ast.walk(tree):
                        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == key[1] \
                                and any(kw.arg in selectors and not (isinstance(kw.value, ast.Constant) and not kw.value.value)
                                        for kw in node.keywords):
                            found.append(f"{where} (line {node.lineno}) calls {references.PACKAGE}.{key[0]}.{key[1]}, "
                                         f"which may run the withheld {d.label}")
                            break
    return found


def describe(root=nbtools.REPO):
    """The text shown when no assignment is named open: what each choice would ship."""
    known = nbtools.assignments(root)
    decls = references.declarations(root)
    lines = ["Which assignments are open? A bundle ships the student notebooks up to the last open one and a",
             "course_lib whose references for open and later assignments are stubs; closed ones keep theirs.",
             "Run, e.g.:  python -m grader bundle OUT --open 03_sgd_variants", "", "assignments:"]
    for a in known:
        mine = [d.label for d in decls if d.assignment == a]
        lines.append(f"  {a}: {len(mine)} reference(s) in course_lib" + (f" ({', '.join(mine)})" if mine else ""))
    return "\n".join(lines)


def summary(the_plan, warnings=()):
    """A few lines for the instructor: what the bundle holds and holds back."""
    out = [f"open: {', '.join(the_plan['open'])}",
           f"closed (references kept): {', '.join(the_plan['closed']) or 'none'}",
           f"notebooks shipped: {', '.join(the_plan['shipped'])}",
           f"withheld from course_lib ({len(the_plan['withheld'])}): "
           + (", ".join(d.label for d in the_plan["withheld"]) or "nothing")]
    for d, naming in the_plan["kept_later"].items():
        out.append(f"kept although it answers {d.assignment}: {d.label} (needed by {', '.join(naming)})")
    out += [f"warning: {w}" for w in warnings]
    return "\n".join(out)


def _verify_stubs(out_dir, the_plan):
    """Every withheld declaration of the plan is a stub in the written copy."""
    problems = []
    whole = {(d.module, d.name) for d in the_plan["withheld"] if not d.parts}
    for d in the_plan["withheld"]:
        text = (Path(out_dir) / references.PACKAGE / f"{d.module}.py").read_text(encoding="utf-8")
        copy = {(c.name, c.parts): c for c in references.module_declarations(Path(d.module + ".py"), text, False)}
        c = copy.get((d.name, d.parts))
        if (d.module, d.name) in whole and d.parts:
            d, c = next(x for x in the_plan["withheld"] if (x.module, x.name) == (d.module, d.name) and not x.parts), \
                copy.get((d.name, ()))
        if c is None or c.source == d.source:
            problems.append(f"{d.label} was not replaced by a stub")
        elif any(references.stub_message(d, part) not in c.source for part in (d.parts or [None])):
            problems.append(f"{d.label}: the stub's message is missing")
    return problems


def bundle(out_dir, root=nbtools.REPO, open_assignments=None, log=None):
    """Write the student bundle to ``out_dir`` (which must not exist yet); return its path.

    ``open_assignments``: the assignments students work on now (names or "NN" prefixes). None
    means every assignment open: all notebooks shipped and every declared reference withheld, the
    copy that hands out nothing (the command line makes the instructor choose instead)."""
    out_dir, root = Path(out_dir), Path(root)
    if out_dir.exists():
        raise SystemExit(f"{out_dir} exists already; choose a new folder")
    the_plan = plan(open_assignments if open_assignments is not None else nbtools.assignments(root), root)
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.egg-info")
    out_dir.mkdir(parents=True)
    try:
        for a in the_plan["shipped"]:
            shutil.copytree(root / "notebooks" / a, out_dir / "notebooks" / a, ignore=ignore)
            if (root / "notebooks" / "ja" / a).is_dir():   # the Japanese edition (日本語版)
                shutil.copytree(root / "notebooks" / "ja" / a, out_dir / "notebooks" / "ja" / a, ignore=ignore)
        shutil.copytree(root / references.PACKAGE, out_dir / references.PACKAGE, ignore=ignore)
        for name in SETUP_FILES:
            shutil.copy(root / name, out_dir / name)
        (out_dir / "README.md").write_text(student_readme(the_plan["shipped"], root), encoding="utf-8")
        (out_dir / "requirements.txt").write_text(
            student_requirements((root / "requirements.txt").read_text(encoding="utf-8")), encoding="utf-8")
        config = root / JUPYTER_CONFIG if (root / JUPYTER_CONFIG).is_dir() else nbtools.REPO / JUPYTER_CONFIG
        shutil.copytree(config, out_dir / JUPYTER_CONFIG, ignore=ignore)
        by_module = {}
        for d in the_plan["withheld"]:
            by_module.setdefault(d.module, []).append(d)
        for module, decls in by_module.items():
            path = out_dir / references.PACKAGE / f"{module}.py"
            path.write_text(references.withhold(path.read_text(encoding="utf-8"), decls, path.name), encoding="utf-8")
        problems = [f"{p.relative_to(out_dir)}: {m}" for p, m in leaks(out_dir)] + _verify_stubs(out_dir, the_plan)
    except BaseException:
        shutil.rmtree(out_dir)
        raise
    if problems:
        shutil.rmtree(out_dir)
        listing = "\n".join(f"  {p}" for p in problems)
        raise SystemExit(f"the bundle would leak solutions, hidden tests or references; nothing written:\n{listing}")
    if log is not None:
        log(summary(the_plan, conflicts(the_plan, root)))
    return out_dir
