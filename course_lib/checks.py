"""Assertion helpers for the notebooks' test cells.

Each helper raises ``AssertionError`` with a message that says what was checked, what was
expected and what came back, so a failing test teaches instead of just saying "False".

    >>> check_close("predict(w, X)", np.array([1, -1]), [1, -1])
    >>> check_shape("W", np.zeros((3, 4)), (3, 5))
    Traceback (most recent call last):
    AssertionError: W has shape (3, 4); expected shape (3, 5)
"""
import numpy as np


def _fmt(x, limit=8):
    """A short, readable rendering of a value for an error message."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        return repr(x.item())
    if isinstance(x, np.ndarray):
        flat = x.ravel()
        body = np.array2string(flat[:limit], precision=6, separator=", ")
        more = f" ... ({flat.size} values)" if flat.size > limit else ""
        return f"array of shape {x.shape}: {body}{more}"
    return repr(x)


def check_type(name, value, types):
    """Fail unless ``value`` is an instance of ``types`` (a type or a tuple of types)."""
    if not isinstance(value, types):
        names = types.__name__ if isinstance(types, type) else " or ".join(t.__name__ for t in types)
        raise AssertionError(f"{name} should be a {names}, but it is a {type(value).__name__}: {_fmt(value)}")


def check_shape(name, array, shape):
    """Fail unless ``np.shape(array) == shape``."""
    got = np.shape(array)
    if got != tuple(shape):
        raise AssertionError(f"{name} has shape {got}; expected shape {tuple(shape)}")


def check_finite(name, array):
    """Fail if ``array`` holds NaN or infinity (overflow, log(0), 0/0 ...)."""
    array = np.asarray(array, dtype=float)
    if not np.all(np.isfinite(array)):
        raise AssertionError(f"{name} contains NaN or inf (an overflow, log(0) or 0/0?): {_fmt(array)}")


def check_close(name, got, expected, atol=1e-8, rtol=1e-6, hint=None):
    """Fail unless ``got`` has the shape of ``expected`` and matches it within the tolerances.

    Parameters
    ----------
    name : str
        What is being checked, e.g. ``"sigmoid(0)"``; it starts the message.
    got, expected : array_like or float
    atol, rtol : float
        As in ``np.allclose``.
    hint : str, optional
        A sentence for the student, added to the message when the check fails.
    """
    got_arr = np.asarray(got, dtype=float) if _numeric(got) else None
    expected_arr = np.asarray(expected, dtype=float)
    if got_arr is None:
        raise AssertionError(f"{name} should be a number or an array of numbers, "
                             f"but it is a {type(got).__name__}: {got!r}")
    if got_arr.shape != expected_arr.shape:
        what = "a single number" if expected_arr.ndim == 0 else f"shape {expected_arr.shape}"
        got_what = "is a single number" if got_arr.ndim == 0 else f"has shape {got_arr.shape}"
        raise AssertionError(f"{name} {got_what}; expected {what}"
                             + (f"\nHint: {hint}" if hint else ""))
    if not np.allclose(got_arr, expected_arr, atol=atol, rtol=rtol, equal_nan=False):
        worst = np.unravel_index(np.argmax(np.abs(got_arr - expected_arr)), got_arr.shape) if got_arr.ndim else ()
        where = f" (largest difference at index {tuple(int(i) for i in worst)})" if got_arr.ndim else ""
        raise AssertionError(f"{name} is wrong{where}.\n  expected {_fmt(expected_arr)}\n  got      {_fmt(got_arr)}"
                             + (f"\nHint: {hint}" if hint else ""))


def check_equal(name, got, expected, hint=None):
    """Fail unless ``got`` equals ``expected`` exactly (element-wise for arrays, same shape)."""
    if isinstance(expected, np.ndarray) or isinstance(got, np.ndarray):
        ok = np.shape(got) == np.shape(expected) and np.array_equal(np.asarray(got), np.asarray(expected))
    else:
        ok = got == expected
    if not ok:
        raise AssertionError(f"{name} is wrong.\n  expected {_fmt(expected)}\n  got      {_fmt(got)}"
                             + (f"\nHint: {hint}" if hint else ""))


def check_unchanged(name, before, after):
    """Fail if an input array was modified in place (``before`` is a copy taken before the call)."""
    if not np.array_equal(before, after):
        raise AssertionError(f"{name} was modified in place; the function must leave its inputs "
                             "unchanged (work on a copy, e.g. w = w.copy() or w + ...)")


def _numeric(x):
    try:
        arr = np.asarray(x)
    except Exception:
        return False
    return arr.dtype.kind in "biuf"
