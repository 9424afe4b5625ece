"""Which assignment a reference implementation answers.

course_lib holds working reference versions of functions that students write in the notebooks
(``nn.softmax`` answers notebook 02, ``optim.Adam`` notebook 03, ...), because later notebooks
build on them. Each such reference says so, right above its definition::

    @answers("03_sgd_variants")
    class Adam(Optimizer):
        ...

    @answers("04_initialization", part="xavier, he")
    def init_mlp(layer_sizes, rng, method="he"):
        ...
        if method == "xavier":      # only these two branches answer notebook 04
            ...

``answers`` returns the function or class unchanged: it does nothing when the code runs. The
declarations are read as data by the instructor's tools (``grader/references.py``, with ``ast``,
without importing course_lib):

- the student bundle of a graded class (``python -m grader bundle OUT --open 03_sgd_variants``)
  replaces every reference that answers an open assignment by a stub that raises
  ``NotImplementedError`` ("... is released after 03_sgd_variants is graded");
- the integrity scan compares submissions with the declared references.

Rules for a declaration:

- ``assignment`` is the folder name of the assignment, e.g. ``"02_mlp_backprop"``.
- Without ``part`` the whole function or class answers it.
- ``part`` names branches inside the function, separated by commas: the ``if``/``elif`` branches
  whose test is ``name == "part"`` (e.g. ``method == "xavier"``), ``name`` itself (``if use_dropout:``)
  or ``name is not None``. Only those branches are withheld; the rest of the function keeps working.
- A function may carry several declarations (the whole of it answers 02, a branch answers 05).
- A declaration is a literal call ``@answers("NN_name")`` or ``@answers("NN_name", part="a, b")``
  directly above the ``def`` or ``class``; nothing computed, so that it can be read without running it.
"""


def answers(assignment, part=None):
    """Declare that the decorated function or class answers ``assignment`` (or only the named
    branches ``part`` of it); returns the decorated object itself, unchanged."""
    if not isinstance(assignment, str) or not assignment:
        raise TypeError(f"answers() takes an assignment name such as '03_sgd_variants', got {assignment!r}")
    if part is not None and not isinstance(part, str):
        raise TypeError(f"part must be a string such as 'xavier, he', got {part!r}")

    def declare(obj):
        return obj

    return declare
