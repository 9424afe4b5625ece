"""Numerical gradients and the relative-error check (notebook 02).

Backpropagation is easy to get subtly wrong; central differences are slow but hard to get wrong,
so they are the referee: ``relative_error(backprop, numerical) < 1e-6`` on a small network.
"""
import numpy as np

from .answers import answers


@answers("02_mlp_backprop")
def numerical_gradient(f, x, h=1e-5):
    """Central differences of the scalar function f at the array x.

    Parameters
    ----------
    f : callable, f(x) -> float
    x : ndarray, any shape, float
        Changed entry by entry during the computation, and restored before returning.
    h : float

    Returns
    -------
    grad : ndarray, shape of x: (f(x + h e_i) - f(x - h e_i)) / (2h) for every entry i
    """
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def relative_error(a, b):
    """max over entries of |a - b| / max(1e-12, |a| + |b|): about 1e-8 or less for a correct
    gradient in float64, around 1 for a wrong one, and scale-free unlike |a - b|."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(1e-12, np.abs(a) + np.abs(b)))) if a.size else 0.0


def check_param_gradients(loss_fn, params, grads, h=1e-5):
    """Relative error of ``grads`` against central differences, for each key of ``params``.

    Parameters
    ----------
    loss_fn : callable, loss_fn(params) -> float
    params : dict of ndarrays (restored before returning)
    grads : dict with the same keys and shapes

    Returns
    -------
    dict key -> relative error
    """
    errors = {}
    for key, value in params.items():
        numeric = numerical_gradient(lambda _: loss_fn(params), value, h)
        errors[key] = relative_error(grads[key], numeric)
    return errors
