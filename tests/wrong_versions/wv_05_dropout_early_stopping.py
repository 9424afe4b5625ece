"""Plausible mistakes in notebook 05; each must fail its test cell (see tests/test_wrong_versions.py)."""

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
]
