"""Reference building blocks of a multi-layer perceptron, as taught in notebook 02.

Notation of the slides: every layer input gets a constant unit in front, x~ = (1, x), so the bias
is column 0 of the weight matrix. Layer k has weights W_k of shape (q_{k+1}, q_k + 1). All weights
live in ONE dict ``params = {"W1": ..., "W2": ..., ...}`` (layer order), which an optimizer from
``course_lib.optim`` updates in place.

Hidden layers use an activation from ``ACTIVATIONS``; the output layer is softmax and the loss is
the mean cross-entropy over the rows of a mini-batch.
"""
import numpy as np

from .answers import answers


# --- activations: value and derivative side by side ---------------------------------------------

@answers("02_mlp_backprop")
def sigmoid(x):
    """1 / (1 + exp(-x)), elementwise, without overflow for any finite x (any shape)."""
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))  # never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@answers("02_mlp_backprop")
def sigmoid_grad(x):
    """d sigmoid / dx = s (1 - s), at most 0.25 (at x = 0)."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    return np.tanh(np.asarray(x, dtype=float))


@answers("02_mlp_backprop")
def tanh_grad(x):
    """d tanh / dx = 1 - tanh(x)^2, at most 1 (at x = 0)."""
    return 1.0 - np.tanh(np.asarray(x, dtype=float)) ** 2


@answers("02_mlp_backprop")
def relu(x):
    return np.maximum(0.0, np.asarray(x, dtype=float))


@answers("02_mlp_backprop")
def relu_grad(x):
    """1 where x > 0, else 0 (the course's convention: ReLU'(0) = 0)."""
    return (np.asarray(x) > 0).astype(float)


def identity(x):
    return np.asarray(x, dtype=float)


def identity_grad(x):
    return np.ones_like(np.asarray(x, dtype=float))


ACTIVATIONS = {
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "identity": (identity, identity_grad),
}


@answers("02_mlp_backprop")
def softmax(U):
    """Row-wise softmax; U (n, m) -> rows that sum to 1. Shifted by the row maximum (no overflow)."""
    U = np.asarray(U, dtype=float)
    E = np.exp(U - U.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


@answers("02_mlp_backprop")
def cross_entropy(P, Y):
    """Mean over rows of -sum_k Y_k log P_k. P, Y (n, m); finite when P is 0 where Y is 0."""
    P, Y = np.asarray(P, dtype=float), np.asarray(Y, dtype=float)
    if P.shape != Y.shape:
        raise ValueError(f"P has shape {P.shape} but Y has shape {Y.shape}; they must match")
    return float(-np.sum(Y * np.log(np.clip(P, 1e-300, None))) / P.shape[0])


def one_hot(y, n_classes):
    """Integer labels y (n,) -> one-hot rows (n, n_classes)."""
    y = np.asarray(y)
    if y.ndim != 1 or (y.size and (y.min() < 0 or y.max() >= n_classes)):
        raise ValueError(f"y must be a 1-D array of labels in 0..{n_classes - 1}; got shape {y.shape}")
    Y = np.zeros((y.size, n_classes))
    Y[np.arange(y.size), y] = 1.0
    return Y


@answers("02_mlp_backprop")
def add_bias(X):
    """Prepend the constant unit: X (n, d) -> (n, d + 1) with a first column of ones."""
    X = np.asarray(X, dtype=float)
    return np.hstack([np.ones((X.shape[0], 1)), X])


# --- the network ----------------------------------------------------------------------------------

INIT_METHODS = ("zeros", "normal_0.01", "normal_1", "xavier", "lecun", "he")


@answers("04_initialization", part="xavier, he")
def init_mlp(layer_sizes, rng, method="he"):
    """Weights of an MLP with the given layer sizes, bias columns zero.

    Parameters
    ----------
    layer_sizes : list of int
        [n_inputs, hidden_1, ..., n_outputs], e.g. [64, 100, 10].
    rng : numpy.random.Generator
    method : str
        Standard deviation of the normal draws: "zeros"; "normal_0.01"; "normal_1";
        "xavier" sqrt(2 / (n_in + n_out)) (Glorot & Bengio 2010); "lecun" 1 / sqrt(n_in);
        "he" sqrt(2 / n_in) (He et al. 2015).

    Returns
    -------
    params : dict "W1".."WL", W_k of shape (layer_sizes[k], layer_sizes[k-1] + 1)
    """
    if method not in INIT_METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(INIT_METHODS)}")
    params = {}
    for k, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        if method == "zeros":
            std = 0.0
        elif method == "normal_0.01":
            std = 0.01
        elif method == "normal_1":
            std = 1.0
        elif method == "xavier":
            std = np.sqrt(2.0 / (n_in + n_out))
        elif method == "lecun":
            std = 1.0 / np.sqrt(n_in)
        elif method == "he":
            std = np.sqrt(2.0 / n_in)
        W = np.zeros((n_out, n_in + 1))
        W[:, 1:] = std * rng.standard_normal((n_out, n_in)) if std else 0.0
        params[f"W{k}"] = W
    return params


def _check_input(params, X):
    first = params["W1"]
    if X.ndim != 2 or X.shape[1] + 1 != first.shape[1]:
        raise ValueError(f"X has shape {X.shape} but W1 has shape {first.shape}; "
                         f"expected X.shape[1] + 1 == W1.shape[1] == {first.shape[1]}")


@answers("02_mlp_backprop")
@answers("05_dropout_early_stopping", part="use_dropout")
def mlp_forward(params, X, activation="relu", dropout=0.0, rng=None, train=False, output="softmax"):
    """Forward pass: hidden layers with ``activation``, then a softmax (or linear) output layer.

    Parameters
    ----------
    params : dict "W1".."WL"
    X : ndarray, shape (n, d)
    activation : str, a key of ACTIVATIONS
    dropout : float in [0, 1)
        Drop probability of hidden units; used only when ``train`` is True (inverted dropout:
        kept units are scaled by 1 / (1 - dropout), so nothing changes at evaluation).
    rng : numpy.random.Generator, needed for dropout in training
    train : bool
    output : "softmax" (class probabilities) or "linear" (raw outputs, e.g. an embedding)

    Returns
    -------
    Y_hat : ndarray, shape (n, m): rows that sum to 1, or the raw outputs when output="linear"
    cache : dict with lists "inputs" (each layer's input with its bias column), "pre" (each hidden
        layer's pre-activations) and "masks" (dropout masks or None), and "activation"
    """
    X = np.asarray(X, dtype=float)
    _check_input(params, X)
    if output not in ("softmax", "linear"):
        raise ValueError(f"output must be 'softmax' or 'linear', got {output!r}")
    f = ACTIVATIONS[activation][0]
    use_dropout = train and dropout > 0
    if use_dropout and rng is None:
        raise ValueError("dropout in training needs rng=np.random.default_rng(seed)")
    weights = list(params.values())
    inputs, pre, masks = [], [], []
    Z = X
    for W in weights[:-1]:
        Z_tilde = add_bias(Z)
        U = Z_tilde @ W.T
        Z = f(U)
        mask = None
        if use_dropout:
            mask = (rng.random(Z.shape) >= dropout) / (1.0 - dropout)
            Z = Z * mask
        inputs.append(Z_tilde)
        pre.append(U)
        masks.append(mask)
    inputs.append(add_bias(Z))
    U_out = inputs[-1] @ weights[-1].T
    Y_hat = softmax(U_out) if output == "softmax" else U_out
    return Y_hat, {"inputs": inputs, "pre": pre, "masks": masks, "activation": activation, "Y_hat": Y_hat}


@answers("02_mlp_backprop")
def mlp_backward(params, cache, Y, weight_decay=0.0):
    """Gradients of the mean cross-entropy (plus weight_decay/2 * sum ||W[:, 1:]||^2).

    Parameters
    ----------
    params : dict "W1".."WL"
    cache : from ``mlp_forward`` with the softmax output
    Y : ndarray, shape (n, m), one-hot targets
    weight_decay : float, the L2 coefficient lambda (bias columns are not decayed)

    Returns
    -------
    grads : dict with the keys and shapes of ``params``
    """
    Y = np.asarray(Y, dtype=float)
    if Y.shape != cache["Y_hat"].shape:
        raise ValueError(f"Y has shape {Y.shape} but the network output has shape {cache['Y_hat'].shape}")
    # softmax + mean cross-entropy: dE/dU of the output layer is (Y_hat - Y) / n
    return mlp_backward_from(params, cache, (cache["Y_hat"] - Y) / Y.shape[0], weight_decay)


@answers("02_mlp_backprop")
@answers("05_dropout_early_stopping", part="weight_decay, mask")
def mlp_backward_from(params, cache, delta_out, weight_decay=0.0):
    """Backpropagate a given output-layer error through the network.

    Parameters
    ----------
    params : dict "W1".."WL"
    cache : from ``mlp_forward``
    delta_out : ndarray, shape (n, m)
        dE/dU of the output layer's pre-activations (for output="linear" that is dE/dY_hat).
    weight_decay : float, the L2 coefficient lambda (bias columns are not decayed)

    Returns
    -------
    grads : dict with the keys and shapes of ``params``
    """
    keys = list(params)
    f_grad = ACTIVATIONS[cache["activation"]][1]
    delta = np.asarray(delta_out, dtype=float)
    grads = {}
    for k in range(len(keys) - 1, -1, -1):
        W = params[keys[k]]
        grads[keys[k]] = delta.T @ cache["inputs"][k]
        if weight_decay:
            grads[keys[k]][:, 1:] += weight_decay * W[:, 1:]
        if k > 0:
            back = delta @ W[:, 1:]  # drop the bias column: the constant unit has no input
            mask = cache["masks"][k - 1]
            if mask is not None:
                back = back * mask
            delta = back * f_grad(cache["pre"][k - 1])
    return grads


@answers("05_dropout_early_stopping", part="weight_decay")
def l2_penalty(params, weight_decay):
    """weight_decay / 2 * sum over layers of ||W[:, 1:]||^2 (bias columns excluded)."""
    if weight_decay:
        return 0.5 * weight_decay * sum(float(np.sum(W[:, 1:] ** 2)) for W in params.values())
    return 0.0


def mlp_loss(params, X, Y, activation="relu", weight_decay=0.0):
    """Mean cross-entropy of the network on (X, Y) in evaluation mode, plus the L2 penalty."""
    Y_hat, _ = mlp_forward(params, X, activation)
    return cross_entropy(Y_hat, Y) + l2_penalty(params, weight_decay)


def loss_and_grads(params, X, Y, activation="relu", weight_decay=0.0, dropout=0.0, rng=None):
    """(loss, grads) on one training mini-batch (dropout in training mode when dropout > 0)."""
    Y_hat, cache = mlp_forward(params, X, activation, dropout=dropout, rng=rng, train=True)
    loss = cross_entropy(Y_hat, Y) + l2_penalty(params, weight_decay)
    return loss, mlp_backward(params, cache, Y, weight_decay)


def embed(params, X, activation="relu"):
    """The raw outputs (n, m) of the network with a linear output layer (an embedding)."""
    return mlp_forward(params, X, activation, output="linear")[0]


def predict(params, X, activation="relu"):
    """Class labels (n,): the index of the largest output."""
    return np.argmax(mlp_forward(params, X, activation)[0], axis=1)


@answers("01_perceptron")
def accuracy(y_true, y_pred):
    """Fraction of equal labels, in [0, 1]."""
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
