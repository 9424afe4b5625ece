"""Plausible mistakes in notebook 05; each must fail its test cell (see tests/test_wrong_versions.py).

CORRECT_VERSIONS at the end: other correct implementations, each must keep full marks."""

# --- dropout_l2_loss_and_grads: one template, one mistake per entry -------------------------------
_LAG_HEAD = '''
def dropout_l2_loss_and_grads(params, X, Y, p_drop, lam, rng, mask=None):
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    W1 = np.asarray(params["W1"], dtype=float)
    W2 = np.asarray(params["W2"], dtype=float)
    n = X.shape[0]
    X_tilde = nn.add_bias(X)
    U1 = X_tilde @ W1.T
    H = nn.relu(U1)
'''
_LAG_SOFTMAX = '''
    U2 = H_tilde @ W2.T
    U2 = U2 - U2.max(axis=1, keepdims=True)
    log_P = U2 - np.log(np.sum(np.exp(U2), axis=1, keepdims=True))
'''


def _lag(mask_line, loss_line, delta2_line, delta1_line, grads_lines, drop_line="    H_tilde = nn.add_bias(H * mask)\n"):
    return (_LAG_HEAD + mask_line + drop_line + _LAG_SOFTMAX + loss_line + delta2_line + delta1_line + grads_lines
            + "    return float(loss), grads\n")


def _draw(expression):
    """The mask line: use a given mask, else draw with `expression`."""
    return f"    if mask is None:\n        mask = {expression}\n    mask = np.asarray(mask, dtype=float)\n"


_MASK = _draw("(rng.random(H.shape) >= p_drop) / (1.0 - p_drop)")
_PEN = "0.5 * lam * (np.sum(W1[:, 1:] ** 2) + np.sum(W2[:, 1:] ** 2))"
_LOSS = f"    loss = -np.sum(Y * log_P) / n + {_PEN}\n"
_DELTA2 = "    delta2 = (np.exp(log_P) - Y) / n\n"
_DELTA1 = "    delta1 = (delta2 @ W2[:, 1:]) * mask * nn.relu_grad(U1)\n"


def _grads(factor="lam", bias=False, h_tilde="H_tilde"):
    cols = ":" if bias else "1:"
    return (f'    grads = {{"W1": delta1.T @ X_tilde, "W2": delta2.T @ {h_tilde}}}\n'
            f'    grads["W1"][:, {cols}] += {factor} * W1[:, {cols}]\n'
            f'    grads["W2"][:, {cols}] += {factor} * W2[:, {cols}]\n')


_GRADS = _grads()

_LAG_WRONG = [
    ("dropout_l2_loss_and_grads", "drawn mask not scaled: a 0/1 keep-mask without the 1/(1 - p_drop) factor",
     _lag(_draw("(rng.random(H.shape) >= p_drop) * 1.0"), _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "mask not applied in the backward pass",
     _lag(_MASK, _LOSS, _DELTA2, "    delta1 = (delta2 @ W2[:, 1:]) * nn.relu_grad(U1)\n", _GRADS)),
    ("dropout_l2_loss_and_grads", "backward uses the 0/1 pattern of the mask, forward the scaled mask",
     _lag(_MASK, _LOSS, _DELTA2, "    delta1 = (delta2 @ W2[:, 1:]) * (mask > 0) * nn.relu_grad(U1)\n", _GRADS)),
    ("dropout_l2_loss_and_grads", "bias columns decayed (penalty and gradient on all of W)",
     _lag(_MASK, "    loss = -np.sum(Y * log_P) / n + lam / 2 * (np.sum(W1 ** 2) + np.sum(W2 ** 2))\n", _DELTA2, _DELTA1,
          _grads(bias=True))),
    ("dropout_l2_loss_and_grads", "bias decayed in the gradient only",
     _lag(_MASK, _LOSS, _DELTA2, _DELTA1, _grads(bias=True))),
    ("dropout_l2_loss_and_grads", "missing /n: summed cross-entropy and its gradient",
     _lag(_MASK, f"    loss = -np.sum(Y * log_P) + {_PEN}\n", "    delta2 = np.exp(log_P) - Y\n", _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "missing /n in the gradient only",
     _lag(_MASK, _LOSS, "    delta2 = np.exp(log_P) - Y\n", _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "lam instead of lam/2 in the penalty (gradient 2 lam W, consistent)",
     _lag(_MASK, f"    loss = -np.sum(Y * log_P) / n + 2 * {_PEN}\n", _DELTA2, _DELTA1, _grads("2 * lam"))),
    ("dropout_l2_loss_and_grads", "lam in the loss but gradient lam W (loss and gradient disagree)",
     _lag(_MASK, f"    loss = -np.sum(Y * log_P) / n + 2 * {_PEN}\n", _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "penalty missing from the loss (gradient has it)",
     _lag(_MASK, "    loss = -np.sum(Y * log_P) / n\n", _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "penalty gradient missing",
     _lag(_MASK, _LOSS, _DELTA2, _DELTA1, _grads("0.0"))),
    ("dropout_l2_loss_and_grads", "keeps a unit with probability p_drop (rng.random < p_drop)",
     _lag(_draw("(rng.random(H.shape) < p_drop) / (1.0 - p_drop)"), _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "mask drawn on the hidden layer with its bias column (shape (n, h + 1))",
     _lag("    full = mask is None\n" + _draw("(rng.random((n, H.shape[1] + 1)) >= p_drop) / (1.0 - p_drop)")
          + "    if not full:\n        mask = np.hstack([np.ones((n, 1)), mask])\n", _LOSS, _DELTA2,
          "    delta1 = (delta2 @ W2[:, 1:]) * mask[:, 1:] * nn.relu_grad(U1)\n", _GRADS,
          drop_line="    H_tilde = nn.add_bias(H) * mask\n")),
    ("dropout_l2_loss_and_grads", "one mask per unit shared by the whole batch",
     _lag(_draw("np.repeat((rng.random((1, H.shape[1])) >= p_drop) / (1.0 - p_drop), n, axis=0)"),
          _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "a fixed number of dropped units per call (a shuffled pattern)",
     _lag(_draw("(rng.permutation(H.size).reshape(H.shape) >= round(p_drop * H.size)) / (1.0 - p_drop)"),
          _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "a fixed number of dropped units per example (a permutation per row)",
     _lag(_draw("(rng.permuted(np.tile(np.arange(H.shape[1]), (n, 1)), axis=1) >= round(p_drop * H.shape[1]))"
                " / (1.0 - p_drop)"), _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "the given mask ignored: always draws its own",
     _lag("    mask = (rng.random(H.shape) >= p_drop) / (1.0 - p_drop)\n", _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "the given mask divided by 1 - p_drop once more",
     _lag(_draw("(rng.random(H.shape) >= p_drop) * 1.0") + "    mask = mask / (1.0 - p_drop)\n",
          _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "a second, fresh mask drawn for the backward pass",
     _lag(_MASK, _LOSS, _DELTA2,
          "    delta1 = (delta2 @ W2[:, 1:]) * (rng.random(H.shape) >= p_drop) / (1.0 - p_drop) * nn.relu_grad(U1)\n",
          _GRADS)),
    ("dropout_l2_loss_and_grads", "the loss of the deterministic network (no dropout) with the dropout gradient",
     _lag(_MASK, f"    U2e = nn.add_bias(H) @ W2.T\n    loss = nn.cross_entropy(nn.softmax(U2e), Y) + {_PEN}\n",
          _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "the mask applied twice in the backward pass",
     _lag(_MASK, _LOSS, _DELTA2, "    delta1 = (delta2 @ W2[:, 1:]) * mask * mask * nn.relu_grad(U1)\n", _GRADS)),
    ("dropout_l2_loss_and_grads", "W2 gradient from the hidden layer before dropout",
     _lag(_MASK, _LOSS, _DELTA2, _DELTA1, _grads(h_tilde="nn.add_bias(H)"))),
    ("dropout_l2_loss_and_grads", "fails on boolean one-hot targets (negates Y)",
     _LAG_HEAD.replace("    Y = np.asarray(Y, dtype=float)\n", "    Y = np.asarray(Y)\n") + _MASK +
     "    H_tilde = nn.add_bias(H * mask)\n" + _LAG_SOFTMAX +
     f"    loss = np.sum(-Y * log_P) / n + {_PEN}\n" + _DELTA2 + _DELTA1 + _GRADS +
     "    return float(loss), grads\n"),
    ("dropout_l2_loss_and_grads", "changes params in place (zeroes the bias columns)",
     _LAG_HEAD.replace('    W1 = np.asarray(params["W1"], dtype=float)\n',
                       '    W1 = np.asarray(params["W1"], dtype=float)\n    W1[:, 0] = 0.0\n') + _MASK +
     "    H_tilde = nn.add_bias(H * mask)\n" + _LAG_SOFTMAX + _LOSS + _DELTA2 + _DELTA1 + _GRADS +
     "    return float(loss), grads\n"),
    ("dropout_l2_loss_and_grads", "folds the ReLU derivative into the caller's mask in place",
     _lag("    if mask is None:\n        mask = (rng.random(H.shape) >= p_drop) / (1.0 - p_drop)\n"
          "    mask *= nn.relu_grad(U1)\n", _LOSS, _DELTA2, "    delta1 = (delta2 @ W2[:, 1:]) * mask\n", _GRADS)),
]

# --- random_search ------------------------------------------------------------------------------
_RS_TAIL = '''
    settings = [{name: float(columns[name][i]) for name in space} for i in range(n_trials)]
    scores = np.array([float(score(s)) for s in settings])
    return settings[int(np.argmax(scores))], settings, scores
'''


def _rs(log_draw, linear_draw="rng.uniform(low, high, size=n_trials)", tail=_RS_TAIL):
    return ('''
def random_search(score, space, n_trials, rng):
    columns = {}
    for name, (low, high, scale) in space.items():
        if scale == "log":
            columns[name] = ''' + log_draw + '''
        else:
            columns[name] = ''' + linear_draw + "\n" + tail)


_RS_LOG = "np.exp(rng.uniform(np.log(low), np.log(high), size=n_trials))"

_RS_WRONG = [
    ("random_search", "a log parameter drawn uniformly on [low, high]", _rs("rng.uniform(low, high, size=n_trials)")),
    ("random_search", "log10 of the bounds but exponentiated with e",
     _rs("np.exp(rng.uniform(np.log10(low), np.log10(high), size=n_trials))")),
    ("random_search", "returns the logarithms (exp forgotten)",
     _rs("rng.uniform(np.log(low), np.log(high), size=n_trials)")),
    ("random_search", "a uniform draw taken as an exponent of 10 without taking logs of the bounds",
     _rs("10.0 ** rng.uniform(low, high, size=n_trials)")),
    ("random_search", "log-normal instead of log-uniform (centre and spread from the bounds)",
     _rs("np.exp(rng.normal((np.log(low) + np.log(high)) / 2, (np.log(high) - np.log(low)) / 4, size=n_trials).clip(np.log(low), np.log(high)))")),
    ("random_search", "a linear parameter drawn on a log scale too",
     _rs(_RS_LOG, linear_draw="np.exp(rng.uniform(np.log(low), np.log(high), size=n_trials))")),
    ("random_search", "one uniform number per trial shared by every hyper-parameter", '''
def random_search(score, space, n_trials, rng):
    u = rng.random(n_trials)
    columns = {}
    for name, (low, high, scale) in space.items():
        if scale == "log":
            columns[name] = np.exp(np.log(low) + u * (np.log(high) - np.log(low)))
        else:
            columns[name] = low + u * (high - low)
''' + _RS_TAIL),
    ("random_search", "the lowest score taken as the best", _rs(_RS_LOG, tail=_RS_TAIL.replace("argmax", "argmin"))),
    ("random_search", "the last best of a tie instead of the first",
     _rs(_RS_LOG, tail=_RS_TAIL.replace("settings[int(np.argmax(scores))]",
                                        "settings[len(scores) - 1 - int(np.argmax(scores[::-1]))]"))),
    ("random_search", "draws from the global np.random instead of rng",
     _rs("np.exp(np.random.uniform(np.log(low), np.log(high), size=n_trials))",
         linear_draw="np.random.uniform(low, high, size=n_trials)")),
    ("random_search", "one setting drawn and scored n_trials times", '''
def random_search(score, space, n_trials, rng):
    one = {}
    for name, (low, high, scale) in space.items():
        one[name] = float(np.exp(rng.uniform(np.log(low), np.log(high))) if scale == "log" else rng.uniform(low, high))
    settings = [dict(one) for _ in range(n_trials)]
    scores = np.array([float(score(s)) for s in settings])
    return settings[int(np.argmax(scores))], settings, scores
'''),
    ("random_search", "scores each setting twice (the budget doubled)",
     _rs(_RS_LOG, tail=_RS_TAIL.replace("scores = np.array([float(score(s)) for s in settings])",
                                        "scores = np.array([max(float(score(s)), float(score(s))) for s in settings])"))),
    ("random_search", "returns the best score instead of the best setting",
     _rs(_RS_LOG, tail=_RS_TAIL.replace("return settings[int(np.argmax(scores))], settings, scores",
                                        "return float(np.max(scores)), settings, scores"))),
]


WRONG_VERSIONS = [
    # --- dropout_forward ----------------------------------------------------------------------
    ("dropout_forward", "no rescaling: the mask holds 0 and 1 (plain dropout in training)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    mask = (rng.random(X.shape) >= p_drop).astype(float)
    return X * mask, mask
'''),
    ("dropout_forward", "p_drop used as the keep probability", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    mask = (rng.random(X.shape) < p_drop) / p_drop if p_drop > 0 else np.zeros_like(X)
    return X * mask, mask
'''),
    ("dropout_forward", "keep probability 1 - p but scaled by 1/p", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 < p_drop < 1.0:
        if p_drop == 0.0:
            X = np.asarray(X, dtype=float)
            return X.copy(), np.ones_like(X)
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    mask = (rng.random(X.shape) >= p_drop) / p_drop
    return X * mask, mask
'''),
    ("dropout_forward", "drops units at evaluation too (train ignored)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    mask = (rng.random(X.shape) >= p_drop) / (1.0 - p_drop)
    return X * mask, mask
'''),
    ("dropout_forward", "multiplies by 1 - p at evaluation (original-paper scaling on top of inverted dropout)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X * (1.0 - p_drop), np.full(X.shape, 1.0 - p_drop)
    mask = (rng.random(X.shape) >= p_drop) / (1.0 - p_drop)
    return X * mask, mask
'''),
    ("dropout_forward", "returns the boolean keep-mask (the scale is applied to out only)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones(X.shape, dtype=bool)
    mask = rng.random(X.shape) >= p_drop
    return X * mask / (1.0 - p_drop), mask
'''),
    ("dropout_forward", "multiplies the kept units by 1 - p instead of dividing", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    mask = (rng.random(X.shape) >= p_drop) * (1.0 - p_drop)
    return X * mask, mask
'''),
    ("dropout_forward", "one mask per unit shared by every example of the batch", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    mask = np.broadcast_to((rng.random(X.shape[-1]) >= p_drop) / (1.0 - p_drop), X.shape).copy()
    return X * mask, mask
'''),
    ("dropout_forward", "one mask per example shared by all its units", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    keep = rng.random(X.shape[:-1] + (1,)) >= p_drop
    mask = np.broadcast_to(keep / (1.0 - p_drop), X.shape).copy()
    return X * mask, mask
'''),
    ("dropout_forward", "p_drop = 1 not rejected (only negative values raise)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if p_drop < 0:
        raise ValueError("p_drop must not be negative")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    if p_drop >= 1:
        return np.zeros_like(X), np.zeros_like(X)
    mask = (rng.random(X.shape) >= p_drop) / (1.0 - p_drop)
    return X * mask, mask
'''),
    ("dropout_forward", "negative p_drop not rejected (only p_drop >= 1 raises)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if p_drop >= 1:
        raise ValueError("p_drop must be below 1")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    mask = (rng.random(X.shape) >= p_drop) / (1.0 - p_drop)
    return X * mask, mask
'''),
    ("dropout_forward", "modifies X in place", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    if not train:
        return X, np.ones_like(X, dtype=float)
    mask = (rng.random(X.shape) >= p_drop) / (1.0 - p_drop)
    X *= mask
    return X, mask
'''),
    ("dropout_forward", "draws from the global np.random instead of rng", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    mask = (np.random.random(X.shape) >= p_drop) / (1.0 - p_drop)
    return X * mask, mask
'''),
    ("dropout_forward", "a fixed number of dropped entries per call (a shuffled pattern of p n zeros)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    keep = rng.permutation(X.size).reshape(X.shape) >= round(p_drop * X.size)
    mask = keep / (1.0 - p_drop)
    return X * mask, mask
'''),
    ("dropout_forward", "a fixed number of dropped units per row (a permutation per example)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    flat = X.reshape(-1, X.shape[-1])
    ranks = rng.permuted(np.tile(np.arange(flat.shape[1]), (flat.shape[0], 1)), axis=1)
    mask = ((ranks >= round(p_drop * flat.shape[1])) / (1.0 - p_drop)).reshape(X.shape)
    return X * mask, mask
'''),
    ("dropout_forward", "a fixed number of dropped examples per unit (a permutation per column)", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    flat = X.reshape(X.shape[0], -1)
    ranks = rng.permuted(np.tile(np.arange(flat.shape[0])[:, None], (1, flat.shape[1])), axis=0)
    mask = ((ranks >= round(p_drop * flat.shape[0])) / (1.0 - p_drop)).reshape(X.shape)
    return X * mask, mask
'''),
    # --- EarlyStopping ------------------------------------------------------------------------
    ("EarlyStopping", "off-by-one patience (stops after patience + 1 bad epochs)", '''
class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.epoch, self.wait = 0, 0

    def update(self, val_loss, params):
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self.epoch
            self.best_params = copy.deepcopy(params)
            self.wait = 0
        else:
            self.wait += 1
        self.epoch += 1
        return self.wait > self.patience
'''),
    ("EarlyStopping", "a loss equal to the best counts as an improvement (<=)", '''
class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.epoch, self.wait = 0, 0

    def update(self, val_loss, params):
        if val_loss <= self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self.epoch
            self.best_params = copy.deepcopy(params)
            self.wait = 0
        else:
            self.wait += 1
        self.epoch += 1
        return self.wait >= self.patience
'''),
    ("EarlyStopping", "min_delta with the wrong sign (val_loss < best_loss + min_delta)", '''
class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.epoch, self.wait = 0, 0

    def update(self, val_loss, params):
        if val_loss < self.best_loss + self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self.epoch
            self.best_params = copy.deepcopy(params)
            self.wait = 0
        else:
            self.wait += 1
        self.epoch += 1
        return self.wait >= self.patience
'''),
    ("EarlyStopping", "best_params kept by reference", '''
class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.epoch, self.wait = 0, 0

    def update(self, val_loss, params):
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self.epoch
            self.best_params = params
            self.wait = 0
        else:
            self.wait += 1
        self.epoch += 1
        return self.wait >= self.patience
'''),
    ("EarlyStopping", "shallow copy of the dict (the arrays are shared)", '''
class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.epoch, self.wait = 0, 0

    def update(self, val_loss, params):
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self.epoch
            self.best_params = dict(params)
            self.wait = 0
        else:
            self.wait += 1
        self.epoch += 1
        return self.wait >= self.patience
'''),
    ("EarlyStopping", "best_epoch counted from 1", '''
class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.epoch, self.wait = 0, 0

    def update(self, val_loss, params):
        self.epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self.epoch
            self.best_params = copy.deepcopy(params)
            self.wait = 0
        else:
            self.wait += 1
        return self.wait >= self.patience
'''),
    ("EarlyStopping", "the count of bad epochs is never reset after an improvement", '''
class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.epoch, self.wait = 0, 0

    def update(self, val_loss, params):
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self.epoch
            self.best_params = copy.deepcopy(params)
        else:
            self.wait += 1
        self.epoch += 1
        return self.wait >= self.patience
'''),
    ("EarlyStopping", "compares with the previous epoch's loss instead of the best one", '''
class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.epoch, self.wait, self.last = 0, 0, np.inf

    def update(self, val_loss, params):
        if val_loss < self.last - self.min_delta:
            self.wait = 0
        else:
            self.wait += 1
        if val_loss < self.best_loss:
            self.best_loss, self.best_epoch = float(val_loss), self.epoch
            self.best_params = copy.deepcopy(params)
        self.last = val_loss
        self.epoch += 1
        return self.wait >= self.patience
'''),
    ("answer_q1", "inverted scaling applied at test time", 'answer_q1 = "a"\n'),
    ("answer_q1", "believes nothing needs to change at test time", 'answer_q1 = "d"\n'),
    ("answer_q2", "thinks a grid and random search cover the same learning rates", 'answer_q2 = "a"\n'),
    *_LAG_WRONG,
    *_RS_WRONG,
]

# --- other correct implementations: each must keep full marks ----------------------------------
CORRECT_VERSIONS = [
    ("dropout_forward", "keep = rng.random(X.shape) < 1 - p_drop", '''
def dropout_forward(X, p_drop, rng, train=True):
    if not 0.0 <= p_drop < 1.0:
        raise ValueError("p_drop must be in [0, 1)")
    X = np.asarray(X, dtype=float)
    if not train:
        return X.copy(), np.ones_like(X)
    mask = np.where(rng.random(X.shape) < 1 - p_drop, 1.0 / (1.0 - p_drop), 0.0)
    return X * mask, mask
'''),
    ("dropout_forward", "a Bernoulli draw with rng.binomial, float32 kept, no draw at p = 0", '''
def dropout_forward(X, p_drop, rng, train=True):
    if p_drop < 0 or p_drop >= 1:
        raise ValueError(f"p_drop={p_drop} is not in [0, 1)")
    X = np.array(X, dtype=np.result_type(X, np.float32))
    if not train or p_drop == 0:
        return X.copy(), np.ones(X.shape)
    mask = rng.binomial(1, 1.0 - p_drop, size=X.shape) / (1.0 - p_drop)
    return X * mask, mask
'''),
    ("dropout_l2_loss_and_grads", "keep = rng.random(H.shape) < 1 - p_drop, no draw at p = 0, np.delete for the bias", '''
def dropout_l2_loss_and_grads(params, X, Y, p_drop, lam, rng, mask=None):
    X, Y = np.asarray(X, float), np.asarray(Y, float)
    W1, W2 = np.asarray(params["W1"], float), np.asarray(params["W2"], float)
    n = len(X)
    A0 = np.column_stack([np.ones(n), X])
    U = A0 @ W1.T
    H = np.maximum(U, 0.0)
    if mask is None:
        mask = np.ones_like(H) if p_drop == 0 else (rng.random(H.shape) < 1 - p_drop) / (1 - p_drop)
    A1 = np.column_stack([np.ones(n), H * mask])
    Z = A1 @ W2.T
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    loss = -np.mean(np.sum(Y * np.log(P), axis=1))
    loss += lam / 2 * (np.sum(np.delete(W1, 0, axis=1) ** 2) + np.sum(np.delete(W2, 0, axis=1) ** 2))
    dZ = (P - Y) / n
    dU = (dZ @ np.delete(W2, 0, axis=1)) * mask * (U > 0)
    g1 = dU.T @ A0 + lam * np.column_stack([np.zeros(len(W1)), np.delete(W1, 0, axis=1)])
    g2 = dZ.T @ A1 + lam * np.column_stack([np.zeros(len(W2)), np.delete(W2, 0, axis=1)])
    return loss, {"W1": g1, "W2": g2}
'''),
    ("dropout_l2_loss_and_grads", "the mask from the student's own dropout_forward, one example at a time", '''
def dropout_l2_loss_and_grads(params, X, Y, p_drop, lam, rng, mask=None):
    W1, W2 = np.asarray(params["W1"], float), np.asarray(params["W2"], float)
    X, Y = np.asarray(X, float), np.asarray(Y, float)
    n = X.shape[0]
    g1, g2, ce = np.zeros_like(W1), np.zeros_like(W2), 0.0
    for i in range(n):
        x = np.concatenate([[1.0], X[i]])
        u = W1 @ x
        h = np.maximum(u, 0)
        m = dropout_forward(h, p_drop, rng)[1] if mask is None else np.asarray(mask[i], float)
        ht = np.concatenate([[1.0], h * m])
        z = W2 @ ht
        y_hat = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        ce -= np.sum(Y[i] * np.log(y_hat))
        dz = y_hat - Y[i]
        g2 += np.outer(dz, ht)
        du = (W2[:, 1:].T @ dz) * m * (u > 0)
        g1 += np.outer(du, x)
    decay1, decay2 = W1.copy(), W2.copy()
    decay1[:, 0] = 0
    decay2[:, 0] = 0
    loss = ce / n + lam / 2 * (np.sum(decay1 ** 2) + np.sum(decay2 ** 2))
    return loss, {"W1": g1 / n + lam * decay1, "W2": g2 / n + lam * decay2}
'''),
    ("random_search", "base-10 logarithms, one trial at a time", '''
def random_search(score, space, n_trials, rng):
    settings, scores = [], []
    for _ in range(n_trials):
        setting = {}
        for name, (low, high, scale) in space.items():
            if scale == "log":
                setting[name] = 10 ** rng.uniform(np.log10(low), np.log10(high))
            else:
                setting[name] = rng.uniform(low, high)
        settings.append(setting)
        scores.append(score(setting))
    best = 0
    for i in range(1, n_trials):
        if scores[i] > scores[best]:
            best = i
    return settings[best], settings, np.array(scores, dtype=float)
'''),
    ("random_search", "inverse-CDF form low * (high / low) ** u, numpy float values", '''
def random_search(score, space, n_trials, rng):
    names = list(space)
    U = rng.random((n_trials, len(names)))
    settings = []
    for row in U:
        s = {}
        for u, name in zip(row, names):
            low, high, scale = space[name]
            s[name] = low * (high / low) ** u if scale == "log" else low + (high - low) * u
        settings.append(s)
    scores = np.array([score(s) for s in settings], dtype=float)
    return settings[int(np.argmax(scores))], settings, scores
'''),
]
