"""Plausible mistakes in notebook 04; each must fail its test cell (see tests/test_wrong_versions.py)."""

WRONG_VERSIONS = [
    # --- xavier_std ---------------------------------------------------------------------------------
    ("xavier_std", "LeCun's 1/sqrt(n_in), which some slides call Xavier", '''
def xavier_std(n_in, n_out):
    return 1.0 / np.sqrt(n_in)
'''),
    ("xavier_std", "returns the variance 2/(n_in+n_out) instead of the standard deviation", '''
def xavier_std(n_in, n_out):
    return 2.0 / (n_in + n_out)
'''),
    ("xavier_std", "forgets the factor 2: sqrt(1/(n_in+n_out))", '''
def xavier_std(n_in, n_out):
    return float(np.sqrt(1.0 / (n_in + n_out)))
'''),
    ("xavier_std", "uses the fan-out only: sqrt(2/n_out)", '''
def xavier_std(n_in, n_out):
    return float(np.sqrt(2.0 / n_out))
'''),
    # --- he_std ---------------------------------------------------------------------------------------
    ("he_std", "LeCun's sqrt(1/n_in) without He's factor 2", '''
def he_std(n_in):
    return float(np.sqrt(1.0 / n_in))
'''),
    ("he_std", "returns the variance 2/n_in", '''
def he_std(n_in):
    return 2.0 / n_in
'''),
    ("he_std", "sqrt(2)/n_in: the square root in the wrong place", '''
def he_std(n_in):
    return np.sqrt(2.0) / n_in
'''),
    # --- init_weights ---------------------------------------------------------------------------------
    ("init_weights", "the bias column is drawn at random too", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    if method not in stds:
        raise ValueError(f"method must be one of {list(stds)}")
    return stds[method] * rng.standard_normal((n_out, n_in + 1))
'''),
    ("init_weights", "transposed shape (n_in + 1, n_out)", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    if method not in stds:
        raise ValueError(f"method must be one of {list(stds)}")
    W = np.zeros((n_in + 1, n_out))
    W[1:, :] = stds[method] * rng.standard_normal((n_in, n_out))
    return W
'''),
    ("init_weights", "no bias column: shape (n_out, n_in)", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    if method not in stds:
        raise ValueError(f"method must be one of {list(stds)}")
    return stds[method] * rng.standard_normal((n_out, n_in))
'''),
    ("init_weights", "an unknown method silently falls back to He", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    W = np.zeros((n_out, n_in + 1))
    W[:, 1:] = stds.get(method, np.sqrt(2.0 / n_in)) * rng.standard_normal((n_out, n_in))
    return W
'''),
    ("init_weights", "the ValueError does not say which methods are allowed", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    if method not in stds:
        raise ValueError("unknown initialization method")
    W = np.zeros((n_out, n_in + 1))
    W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    return W
'''),
    ("init_weights", "uniform on [-std, std]: the right bound for a normal, sqrt(3) too small", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    if method not in stds:
        raise ValueError(f"method must be one of {list(stds)}")
    W = np.zeros((n_out, n_in + 1))
    W[:, 1:] = rng.uniform(-stds[method], stds[method], size=(n_out, n_in))
    return W
'''),
    ("init_weights", "normal_0.01 read as a variance of 0.01 (std 0.1)", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.1, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    if method not in stds:
        raise ValueError(f"method must be one of {list(stds)}")
    W = np.zeros((n_out, n_in + 1))
    W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    return W
'''),
    ("init_weights", "xavier drawn with LeCun's 1/sqrt(n_in)", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": 1.0 / np.sqrt(n_in), "he": np.sqrt(2.0 / n_in)}
    if method not in stds:
        raise ValueError(f"method must be one of {list(stds)}")
    W = np.zeros((n_out, n_in + 1))
    W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    return W
'''),
    ("init_weights", "he uses the number of units n_out instead of the inputs n_in", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_out)}
    if method not in stds:
        raise ValueError(f"method must be one of {list(stds)}")
    W = np.zeros((n_out, n_in + 1))
    W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    return W
'''),
    ("init_weights", "draws from the global np.random instead of rng", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    if method not in stds:
        raise ValueError(f"method must be one of {list(stds)}")
    W = np.zeros((n_out, n_in + 1))
    W[:, 1:] = stds[method] * np.random.randn(n_out, n_in)
    return W
'''),
    # --- forward_activations --------------------------------------------------------------------------
    ("forward_activations", "ignores the bias column (uses W[:, 1:] only)", '''
def forward_activations(X, weights, activation):
    out, Z = [], X
    for W in weights:
        Z = activation(Z @ W[:, 1:].T)
        out.append(Z)
    return out
'''),
    ("forward_activations", "returns the pre-activations", '''
def forward_activations(X, weights, activation):
    out, Z = [], X
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Z = activation(U)
        out.append(U)
    return out
'''),
    ("forward_activations", "includes the input X as the first entry", '''
def forward_activations(X, weights, activation):
    out, Z = [X], X
    for W in weights:
        Z = activation(np.hstack([np.ones((len(Z), 1)), Z]) @ W.T)
        out.append(Z)
    return out
'''),
    ("forward_activations", "puts the constant unit last instead of first", '''
def forward_activations(X, weights, activation):
    out, Z = [], X
    for W in weights:
        Z = activation(np.hstack([Z, np.ones((len(Z), 1))]) @ W.T)
        out.append(Z)
    return out
'''),
    ("forward_activations", "no activation after the last layer", '''
def forward_activations(X, weights, activation):
    out, Z = [], X
    for k, W in enumerate(weights):
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Z = U if k == len(weights) - 1 else activation(U)
        out.append(Z)
    return out
'''),
    ("forward_activations", "returns only the last layer's activations", '''
def forward_activations(X, weights, activation):
    Z = X
    for W in weights:
        Z = activation(np.hstack([np.ones((len(Z), 1)), Z]) @ W.T)
    return [Z]
'''),
    # --- standardize ----------------------------------------------------------------------------------
    ("standardize", "the test set standardized with its own statistics", '''
def standardize(X_train, X_test):
    def own(X):
        s = X.std(axis=0)
        return (X - X.mean(axis=0)) / np.where(s > 0, s, 1.0)
    return own(X_train), own(X_test)
'''),
    ("standardize", "statistics of training and test set together", '''
def standardize(X_train, X_test):
    both = np.vstack([X_train, X_test])
    m, s = both.mean(axis=0), both.std(axis=0)
    s = np.where(s > 0, s, 1.0)
    return (X_train - m) / s, (X_test - m) / s
'''),
    ("standardize", "per row (axis=1) instead of per column", '''
def standardize(X_train, X_test):
    m, s = X_train.mean(axis=1, keepdims=True), X_train.std(axis=1, keepdims=True)
    s = np.where(s > 0, s, 1.0)
    return (X_train - m) / s, (X_test - X_test.mean(axis=1, keepdims=True)) / np.where(
        X_test.std(axis=1, keepdims=True) > 0, X_test.std(axis=1, keepdims=True), 1.0)
'''),
    ("standardize", "divides by zero on a constant column (nan)", '''
def standardize(X_train, X_test):
    m, s = X_train.mean(axis=0), X_train.std(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (X_train - m) / s, (X_test - m) / s
'''),
    ("standardize", "divides by the variance", '''
def standardize(X_train, X_test):
    m, v = X_train.mean(axis=0), X_train.var(axis=0)
    v = np.where(v > 0, v, 1.0)
    return (X_train - m) / v, (X_test - m) / v
'''),
    ("standardize", "sample standard deviation (ddof=1)", '''
def standardize(X_train, X_test):
    m, s = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    s = np.where(s > 0, s, 1.0)
    return (X_train - m) / s, (X_test - m) / s
'''),
    ("standardize", "modifies X_train in place", '''
def standardize(X_train, X_test):
    m, s = X_train.mean(axis=0), X_train.std(axis=0)
    s = np.where(s > 0, s, 1.0)
    X_train -= m
    X_train /= s
    return X_train, (X_test - m) / s
'''),
    # --- min_max_scale --------------------------------------------------------------------------------
    ("min_max_scale", "the test set scaled with its own min and max", '''
def min_max_scale(X_train, X_test):
    def own(X):
        lo, hi = X.min(axis=0), X.max(axis=0)
        return (X - lo) / np.where(hi > lo, hi - lo, 1.0)
    return own(X_train), own(X_test)
'''),
    ("min_max_scale", "divides by the maximum only (the slides' shortcut)", '''
def min_max_scale(X_train, X_test):
    hi = X_train.max(axis=0)
    hi = np.where(hi != 0, hi, 1.0)
    return X_train / hi, X_test / hi
'''),
    ("min_max_scale", "divides by zero on a constant column (nan)", '''
def min_max_scale(X_train, X_test):
    lo, hi = X_train.min(axis=0), X_train.max(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (X_train - lo) / (hi - lo), (X_test - lo) / (hi - lo)
'''),
    ("min_max_scale", "one global min and max for the whole matrix", '''
def min_max_scale(X_train, X_test):
    lo, hi = X_train.min(), X_train.max()
    span = hi - lo if hi > lo else 1.0
    return (X_train - lo) / span, (X_test - lo) / span
'''),
    ("min_max_scale", "clips the test set to [0, 1]", '''
def min_max_scale(X_train, X_test):
    lo, hi = X_train.min(axis=0), X_train.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    return (X_train - lo) / span, np.clip((X_test - lo) / span, 0.0, 1.0)
'''),
    ("min_max_scale", "fitted on the test set and applied to both", '''
def min_max_scale(X_train, X_test):
    lo, hi = X_test.min(axis=0), X_test.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    return (X_train - lo) / span, (X_test - lo) / span
'''),
    # --- batchnorm_forward ----------------------------------------------------------------------------
    ("batchnorm_forward", "normalizes each row (axis=1) instead of each unit over the batch", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    U_hat = (U - U.mean(axis=1, keepdims=True)) / np.sqrt(U.var(axis=1, keepdims=True) + eps)
    return gamma * U_hat + beta
'''),
    ("batchnorm_forward", "eps added outside the square root", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    return gamma * (U - U.mean(axis=0)) / (np.sqrt(U.var(axis=0)) + eps) + beta
'''),
    ("batchnorm_forward", "gamma and beta swapped", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    return beta * (U - U.mean(axis=0)) / np.sqrt(U.var(axis=0) + eps) + gamma
'''),
    # --- concept questions ----------------------------------------------------------------------------
    ("answer_q1", "the largest single factor bounds the product", 'answer_q1 = "b"'),
    ("answer_q2", "LeCun's rule taken for Xavier's", 'answer_q2 = "a"'),
    ("answer_q3", "test statistics describe the test data better", 'answer_q3 = "a"'),
]
