"""Plausible mistakes in notebook 05; each must fail its test cell (see tests/test_wrong_versions.py)."""

# --- dropout_l2_loss_and_grads: one template, one mistake per entry -------------------------------
_LAG_HEAD = '''
def dropout_l2_loss_and_grads(params, X, Y, p_drop, lam, rng):
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


_MASK = "    mask = (rng.random(H.shape) >= p_drop) / (1.0 - p_drop)\n"
_LOSS = "    loss = -np.sum(Y * log_P) / n + l2_penalty([W1, W2], lam)\n"
_DELTA2 = "    delta2 = (np.exp(log_P) - Y) / n\n"
_DELTA1 = "    delta1 = (delta2 @ W2[:, 1:]) * mask * nn.relu_grad(U1)\n"
_GRADS = ('    grads = {"W1": delta1.T @ X_tilde + l2_grad(W1, lam),\n'
          '             "W2": delta2.T @ H_tilde + l2_grad(W2, lam)}\n')

_LAG_WRONG = [
    ("dropout_l2_loss_and_grads", "mask not scaled: a 0/1 keep-mask without the 1/(1 - p_drop) factor",
     _lag("    mask = (rng.random(H.shape) >= p_drop) * 1.0\n", _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "mask not applied in the backward pass",
     _lag(_MASK, _LOSS, _DELTA2, "    delta1 = (delta2 @ W2[:, 1:]) * nn.relu_grad(U1)\n", _GRADS)),
    ("dropout_l2_loss_and_grads", "backward uses the 0/1 keep-mask, forward the scaled one",
     _lag(_MASK, _LOSS, _DELTA2, "    delta1 = (delta2 @ W2[:, 1:]) * (mask > 0) * nn.relu_grad(U1)\n", _GRADS)),
    ("dropout_l2_loss_and_grads", "bias columns decayed (penalty and gradient on all of W)",
     _lag(_MASK, "    loss = -np.sum(Y * log_P) / n + lam / 2 * (np.sum(W1 ** 2) + np.sum(W2 ** 2))\n", _DELTA2, _DELTA1,
          '    grads = {"W1": delta1.T @ X_tilde + lam * W1, "W2": delta2.T @ H_tilde + lam * W2}\n')),
    ("dropout_l2_loss_and_grads", "bias decayed in the gradient only",
     _lag(_MASK, _LOSS, _DELTA2, _DELTA1,
          '    grads = {"W1": delta1.T @ X_tilde + lam * W1, "W2": delta2.T @ H_tilde + lam * W2}\n')),
    ("dropout_l2_loss_and_grads", "missing /n: summed cross-entropy and its gradient",
     _lag(_MASK, "    loss = -np.sum(Y * log_P) + l2_penalty([W1, W2], lam)\n", "    delta2 = np.exp(log_P) - Y\n",
          _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "missing /n in the gradient only",
     _lag(_MASK, _LOSS, "    delta2 = np.exp(log_P) - Y\n", _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "lam instead of lam/2 in the penalty (gradient 2 lam W, consistent)",
     _lag(_MASK, "    loss = -np.sum(Y * log_P) / n + 2 * l2_penalty([W1, W2], lam)\n", _DELTA2, _DELTA1,
          '    grads = {"W1": delta1.T @ X_tilde + 2 * l2_grad(W1, lam),\n'
          '             "W2": delta2.T @ H_tilde + 2 * l2_grad(W2, lam)}\n')),
    ("dropout_l2_loss_and_grads", "lam in the loss but gradient lam W (loss and gradient disagree)",
     _lag(_MASK, "    loss = -np.sum(Y * log_P) / n + 2 * l2_penalty([W1, W2], lam)\n", _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "penalty missing from the loss (gradient has it)",
     _lag(_MASK, "    loss = -np.sum(Y * log_P) / n\n", _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "penalty gradient missing",
     _lag(_MASK, _LOSS, _DELTA2, _DELTA1, '    grads = {"W1": delta1.T @ X_tilde, "W2": delta2.T @ H_tilde}\n')),
    ("dropout_l2_loss_and_grads", "keeps a unit with probability p_drop (rng.random < p_drop)",
     _lag("    mask = (rng.random(H.shape) < p_drop) / (1.0 - p_drop)\n", _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "keep = rng.random(H.shape) < 1 - p_drop (not the course's convention)",
     _lag("    mask = (rng.random(H.shape) < 1 - p_drop) / (1.0 - p_drop)\n", _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "no draw when p_drop = 0 (the rng is used differently)",
     _lag("    mask = (rng.random(H.shape) >= p_drop) / (1.0 - p_drop) if p_drop > 0 else np.ones_like(H)\n",
          _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "mask drawn on the hidden layer with its bias column (shape (n, h + 1))",
     _lag("    mask = (rng.random((n, H.shape[1] + 1)) >= p_drop) / (1.0 - p_drop)\n", _LOSS, _DELTA2,
          "    delta1 = (delta2 @ W2[:, 1:]) * mask[:, 1:] * nn.relu_grad(U1)\n", _GRADS,
          drop_line="    H_tilde = nn.add_bias(H) * mask\n")),
    ("dropout_l2_loss_and_grads", "one mask per unit shared by the whole batch",
     _lag("    mask = (rng.random((1, H.shape[1])) >= p_drop) / (1.0 - p_drop)\n", _LOSS, _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "a second, fresh mask drawn for the backward pass",
     _lag(_MASK, _LOSS, _DELTA2,
          "    delta1 = (delta2 @ W2[:, 1:]) * (rng.random(H.shape) >= p_drop) / (1.0 - p_drop) * nn.relu_grad(U1)\n",
          _GRADS)),
    ("dropout_l2_loss_and_grads", "the loss of the deterministic network (no dropout) with the dropout gradient",
     _lag(_MASK, "    U2e = nn.add_bias(H) @ W2.T\n    loss = nn.cross_entropy(nn.softmax(U2e), Y) + l2_penalty([W1, W2], lam)\n",
          _DELTA2, _DELTA1, _GRADS)),
    ("dropout_l2_loss_and_grads", "ReLU derivative taken at the hidden output after dropout times the mask twice",
     _lag(_MASK, _LOSS, _DELTA2, "    delta1 = (delta2 @ W2[:, 1:]) * mask * mask * nn.relu_grad(U1)\n", _GRADS)),
    ("dropout_l2_loss_and_grads", "W2 gradient from the hidden layer before dropout",
     _lag(_MASK, _LOSS, _DELTA2, _DELTA1,
          '    grads = {"W1": delta1.T @ X_tilde + l2_grad(W1, lam),\n'
          '             "W2": delta2.T @ nn.add_bias(H) + l2_grad(W2, lam)}\n')),
    ("dropout_l2_loss_and_grads", "fails on boolean one-hot targets (negates Y)",
     _LAG_HEAD.replace("    Y = np.asarray(Y, dtype=float)\n", "    Y = np.asarray(Y)\n") + _MASK +
     "    H_tilde = nn.add_bias(H * mask)\n" + _LAG_SOFTMAX +
     "    loss = np.sum(-Y * log_P) / n + l2_penalty([W1, W2], lam)\n" + _DELTA2 + _DELTA1 + _GRADS +
     "    return float(loss), grads\n"),
    ("dropout_l2_loss_and_grads", "changes params in place (zeroes the bias columns)",
     _LAG_HEAD.replace('    W1 = np.asarray(params["W1"], dtype=float)\n',
                       '    W1 = np.asarray(params["W1"], dtype=float)\n    W1[:, 0] = 0.0\n') + _MASK +
     "    H_tilde = nn.add_bias(H * mask)\n" + _LAG_SOFTMAX + _LOSS + _DELTA2 + _DELTA1 + _GRADS +
     "    return float(loss), grads\n"),
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
    # --- dropout_backward ---------------------------------------------------------------------
    ("dropout_backward", "ignores the mask", '''
def dropout_backward(dout, mask):
    return np.asarray(dout, dtype=float).copy()
'''),
    ("dropout_backward", "uses the 0/1 pattern of the mask without its scale", '''
def dropout_backward(dout, mask):
    return np.asarray(dout, dtype=float) * (np.asarray(mask) > 0)
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
    # --- l2_penalty ---------------------------------------------------------------------------
    ("l2_penalty", "the bias column is penalized too", '''
def l2_penalty(weights, lam):
    return 0.5 * lam * sum(float(np.sum(np.asarray(W) ** 2)) for W in weights)
'''),
    ("l2_penalty", "missing the factor 1/2", '''
def l2_penalty(weights, lam):
    return lam * sum(float(np.sum(np.asarray(W)[:, 1:] ** 2)) for W in weights)
'''),
    ("l2_penalty", "drops row 0 instead of column 0", '''
def l2_penalty(weights, lam):
    return 0.5 * lam * sum(float(np.sum(np.asarray(W)[1:, :] ** 2)) for W in weights)
'''),
    ("l2_penalty", "sum of the norms instead of the squared norms", '''
def l2_penalty(weights, lam):
    return 0.5 * lam * sum(float(np.linalg.norm(np.asarray(W)[:, 1:])) for W in weights)
'''),
    ("l2_penalty", "only the first matrix of the list", '''
def l2_penalty(weights, lam):
    return 0.5 * lam * float(np.sum(np.asarray(weights[0])[:, 1:] ** 2))
'''),
    # --- l2_grad ------------------------------------------------------------------------------
    ("l2_grad", "the bias is decayed too", '''
def l2_grad(W, lam):
    return lam * np.array(W, dtype=float)
'''),
    ("l2_grad", "2 * lam * W (the factor 1/2 of the penalty forgotten)", '''
def l2_grad(W, lam):
    grad = 2 * lam * np.array(W, dtype=float)
    grad[:, 0] = 0.0
    return grad
'''),
    ("l2_grad", "zeroes the bias column of the caller's W (in place)", '''
def l2_grad(W, lam):
    W[:, 0] = 0.0
    return lam * W
'''),
    ("l2_grad", "returns only the non-bias columns", '''
def l2_grad(W, lam):
    return lam * np.asarray(W, dtype=float)[:, 1:]
'''),
    # --- sample_log_uniform -------------------------------------------------------------------
    ("sample_log_uniform", "uniform on [low, high] instead of log-uniform", '''
def sample_log_uniform(low, high, size, rng):
    return rng.uniform(low, high, size=size)
'''),
    ("sample_log_uniform", "log10 of the bounds but exponentiated with e", '''
def sample_log_uniform(low, high, size, rng):
    return np.exp(rng.uniform(np.log10(low), np.log10(high), size=size))
'''),
    ("sample_log_uniform", "returns the logarithms (exp forgotten)", '''
def sample_log_uniform(low, high, size, rng):
    return rng.uniform(np.log(low), np.log(high), size=size)
'''),
    ("sample_log_uniform", "uniform draw taken as an exponent of 10 without taking logs of the bounds", '''
def sample_log_uniform(low, high, size, rng):
    return 10.0 ** rng.uniform(low, high, size=size)
'''),
    ("sample_log_uniform", "log-normal instead of log-uniform (centre and spread from the bounds)", '''
def sample_log_uniform(low, high, size, rng):
    mid, half = (np.log(low) + np.log(high)) / 2, (np.log(high) - np.log(low)) / 2
    return np.exp(np.clip(rng.normal(mid, half / 2, size=size), np.log(low), np.log(high)))
'''),
    ("sample_log_uniform", "draws from the global np.random instead of rng", '''
def sample_log_uniform(low, high, size, rng):
    return np.exp(np.random.uniform(np.log(low), np.log(high), size=size))
'''),
    # --- concept questions ------------------------------------------------------------------
    ("answer_q1", "inverted scaling applied at test time", 'answer_q1 = "a"\n'),
    ("answer_q1", "believes nothing needs to change at test time", 'answer_q1 = "d"\n'),
    ("answer_q2", "thinks a grid and random search cover the same learning rates", 'answer_q2 = "a"\n'),
    # --- dropout_backward: inputs -----------------------------------------------------------
    ("dropout_backward", "multiplies dout in place (the caller's gradient changes)", '''
def dropout_backward(dout, mask):
    dout *= mask
    return dout
'''),
    ("dropout_backward", "divides by the mask where it is nonzero", '''
def dropout_backward(dout, mask):
    mask = np.asarray(mask, dtype=float)
    return np.where(mask > 0, np.asarray(dout, dtype=float) / np.where(mask > 0, mask, 1.0), 0.0)
'''),
    ("dropout_backward", "rescales a boolean mask by its mean (guesses 1/(1 - p) from the mask)", '''
def dropout_backward(dout, mask):
    mask = np.asarray(mask, dtype=float)
    if set(np.unique(mask)) <= {0.0, 1.0} and 0 < mask.mean() < 1:
        mask = mask / mask.mean()
    return np.asarray(dout, dtype=float) * mask
'''),
    *_LAG_WRONG,
]
