"""The reference implementations in course_lib and the assignments they answer, read as data.

Every reference in course_lib that answers an exercise carries a declaration right above it
(``course_lib/answers.py`` gives the rules)::

    @answers("03_sgd_variants")
    class Adam(Optimizer): ...

    @answers("04_initialization", part="xavier, he")
    def init_mlp(layer_sizes, rng, method="he"): ...

This module finds them with ``ast`` (grader never imports course_lib), for two users:

- the student bundle (``grader/authoring/bundle.py``) replaces each reference that answers an open
  assignment by a stub (:func:`withhold`);
- the integrity scan compares submissions with the declared sources (:func:`declared_answers`).
"""
import ast
from dataclasses import dataclass
from pathlib import Path

from . import nbtools

PACKAGE = "course_lib"


@dataclass(frozen=True)
class Declaration:
    """One ``@answers(...)`` above a top-level function or class of a course_lib module."""
    module: str          # "nn" (the file course_lib/nn.py)
    name: str            # "init_mlp"
    kind: str            # "function" or "class"
    assignment: str      # "04_initialization"
    parts: tuple         # () when the whole definition answers; else the branch names ("xavier", "he")
    lineno: int          # of the decorator
    source: str          # the definition's source (decorators excluded)

    @property
    def qualname(self):
        return f"{PACKAGE}.{self.module}.{self.name}"

    @property
    def label(self):
        return self.qualname + (f" [{', '.join(self.parts)}]" if self.parts else "")


def _declaration_args(call, where):
    """(assignment, parts) of a literal ``answers("NN_x", part="a, b")`` call."""
    if len(call.args) != 1 or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str):
        raise ValueError(f"{where}: answers() takes one literal assignment name, e.g. answers(\"03_sgd_variants\")")
    parts = ()
    for kw in call.keywords:
        if kw.arg != "part" or not isinstance(kw.value, ast.Constant) or not isinstance(kw.value.value, str):
            raise ValueError(f"{where}: the only keyword of answers() is a literal part=\"a, b\"")
        parts = tuple(p.strip() for p in kw.value.value.split(",") if p.strip())
        if not parts:
            raise ValueError(f"{where}: part=\"\" names no branch")
    return call.args[0].value, parts


def _is_answers_call(node):
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (isinstance(f, ast.Name) and f.id == "answers") or (isinstance(f, ast.Attribute) and f.attr == "answers")


def branch_test_names(test):
    """The names an ``if`` test can be declared by: ``method == "xavier"`` -> "xavier";
    ``use_dropout`` -> "use_dropout"; ``mask is not None`` -> "mask"."""
    if isinstance(test, ast.Name):
        return {test.id}
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, right, op = test.left, test.comparators[0], test.ops[0]
        if isinstance(op, ast.Eq):
            return {side.value for side in (left, right) if isinstance(side, ast.Constant) and isinstance(side.value, str)}
        if isinstance(op, ast.IsNot) and isinstance(right, ast.Constant) and right.value is None \
                and isinstance(left, ast.Name):
            return {left.id}
    return set()


def part_branches(definition, part):
    """The ``if``/``elif`` nodes inside ``definition`` (a def or class node) that ``part`` names."""
    return [node for node in ast.walk(definition) if isinstance(node, ast.If) and part in branch_test_names(node.test)]


def module_declarations(path, text=None, check_parts=True):
    """The declarations of one module file, in file order. Raises ValueError for a malformed one
    (with ``check_parts``, also for a part that names no branch)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if text is None else text
    tree = ast.parse(text, filename=str(path))
    found, top = [], set()
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        top.add(id(node))
        for deco in node.decorator_list:
            if not _is_answers_call(deco):
                continue
            where = f"{path.name}:{deco.lineno}"
            assignment, parts = _declaration_args(deco, where)
            for part in parts if check_parts else ():
                if not part_branches(node, part):
                    raise ValueError(f"{where}: part {part!r} names no branch of {node.name} "
                                     f"(expected an `if` whose test is `x == {part!r}`, `{part}` or `{part} is not None`)")
            found.append(Declaration(path.stem, node.name, "class" if isinstance(node, ast.ClassDef) else "function",
                                     assignment, parts, deco.lineno, ast.get_source_segment(text, node)))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and id(node) not in top \
                and any(_is_answers_call(d) for d in node.decorator_list):
            raise ValueError(f"{path.name}:{node.lineno}: answers() only declares top-level functions and classes")
    return found


def declarations(root=nbtools.REPO):
    """Every declaration in ``root/course_lib/*.py``, module by module."""
    found = []
    for path in sorted((Path(root) / PACKAGE).glob("*.py")):
        found += module_declarations(path)
    return found


def declared_answers(root=nbtools.REPO):
    """{assignment: {qualified name: source}}: the reference implementations that answer each
    assignment, e.g. ``{"03_sgd_variants": {"course_lib.optim.Adam": "class Adam(Optimizer): ..."}}``.

    The source is the whole definition (decorators excluded), also where only some of its branches
    answer the assignment (``course_lib.nn.init_mlp`` for 04): a student who copies takes the
    function. For the integrity scan: compare a submission's code with these sources."""
    table = {}
    for d in declarations(root):
        table.setdefault(d.assignment, {})[d.qualname] = d.source
    return table


def stub_message(declaration, part=None):
    what = declaration.qualname + (f" ({part} branch)" if part else "")
    return (f"{what} is released after {declaration.assignment} is graded; "
            "until then use the function you write in the notebook")


def withhold(text, withheld, filename="<course_lib module>"):
    """The module source ``text`` with the given declarations (of this module) replaced by stubs.

    A whole function keeps its signature and gets a body that calls the notebook's own function of
    the same name when the running notebook (``__main__``) defines one (the student's answer to that
    exercise, when it accepts the reference's parameter names), and otherwise raises ``NotImplementedError`` with
    :func:`stub_message`; a whole class keeps its name and bases and gets an ``__init__`` that raises;
    a declared branch keeps its test and gets a body that raises. Everything else is left as
    written, comments included. The result is checked to parse."""
    tree = ast.parse(text, filename=filename)
    lines = text.splitlines(keepends=True)
    nodes = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    whole = {d.name for d in withheld if not d.parts}
    edits = []  # (first line index, end line index exclusive, replacement lines)

    def body_range(node):
        body = node.body  # a whole definition loses its docstring too: it may spell out the answer
        if body[0].lineno <= node.lineno and not isinstance(node, ast.If):
            raise ValueError(f"{filename}:{node.lineno}: {node.name}'s body must start on a line of its own")
        if isinstance(node, ast.If) and body[0].lineno <= node.test.end_lineno:
            raise ValueError(f"{filename}:{node.lineno}: the declared branch's body must start on a line of its own")
        return body[0].lineno - 1, body[-1].end_lineno, " " * body[0].col_offset

    for d in withheld:
        node = nodes.get(d.name)
        if node is None:
            raise ValueError(f"{filename}: no top-level {d.name} to withhold")
        if d.parts:
            if d.name in whole:
                continue
            for part in d.parts:
                for branch in part_branches(node, part):
                    start, end, pad = body_range(branch)
                    edits.append((start, end, [f"{pad}raise NotImplementedError({stub_message(d, part)!r})\n"]))
        else:
            start, end, pad = body_range(node)
            message = stub_message(d)
            doc = f'{pad}"""Withheld in this copy of the course: released after {d.assignment} is graded."""\n'
            if d.kind == "class":
                body = [doc, "\n", f"{pad}def __init__(self, *args, **kwargs):\n",
                        f"{pad}    raise NotImplementedError({message!r})\n"]
            else:  # the notebook's own function of that name stands in, so later cells still run
                body = [doc, f"{pad}_own = getattr(__import__('__main__'), {d.name!r}, None)\n",
                        f"{pad}if callable(_own) and getattr(_own, '__module__', None) == '__main__':\n",
                        f"{pad}    _args = {{k: v for k, v in locals().items() if k != '_own'}}\n",
                        f"{pad}    try:  # only when the notebook's function takes these arguments\n",
                        f"{pad}        __import__('inspect').signature(_own).bind(**_args)\n",
                        f"{pad}    except TypeError:\n",
                        f"{pad}        _own = None\n",
                        f"{pad}    if _own is not None:\n",
                        f"{pad}        return _own(**_args)\n",
                        f"{pad}raise NotImplementedError({message!r})\n"]
            edits.append((start, end, body))
    edits = sorted(set((s, e, tuple(r)) for s, e, r in edits))
    for (s1, e1, _), (s2, _, _) in zip(edits, edits[1:]):
        if s2 < e1:
            raise ValueError(f"{filename}: two withheld pieces overlap (lines {s1 + 1}-{e1} and {s2 + 1})")
    for start, end, replacement in reversed(edits):
        lines[start:end] = list(replacement)
    out = "".join(lines)
    ast.parse(out, filename=filename)
    return out


def calls(root=nbtools.REPO):
    """{(module, name): {(module, name), ...}}: the course_lib definitions (top-level functions, classes
    and assignments such as ``nn.ACTIVATIONS``) that each one names, directly or through others.

    Read from the source: a name of the same module, a name imported with ``from .optim import x``,
    or ``nn.x`` after ``from . import nn``. Used to tell which shipped function would run into a
    withheld one (``training.train`` calls ``optim.iterate_minibatches``)."""
    direct = {}
    for path in sorted((Path(root) / PACKAGE).glob("*.py")):
        module = path.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported, modules, own = {}, {}, {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                for alias in node.names:
                    if node.module:
                        imported[alias.asname or alias.name] = (node.module, alias.name)
                    else:
                        modules[alias.asname or alias.name] = alias.name
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                own[node.name] = node
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        own[target.id] = node
        for name, node in own.items():
            found = set()
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name):
                    if sub.id in own and sub.id != name:
                        found.add((module, sub.id))
                    elif sub.id in imported:
                        found.add(imported[sub.id])
                elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id in modules:
                    found.add((modules[sub.value.id], sub.attr))
            direct[(module, name)] = found
    closure = {}
    for start in direct:
        seen, todo = set(), list(direct[start])
        while todo:
            key = todo.pop()
            if key not in seen and key != start:
                seen.add(key)
                todo += direct.get(key, ())
        closure[start] = seen
    return closure
