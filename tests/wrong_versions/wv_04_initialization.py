"""Plausible mistakes in notebook 04; each must fail its test cell (see tests/test_wrong_versions.py)."""

WRONG_VERSIONS = [
    # --- init_weights ---------------------------------------------------------------------------------
    ("init_weights", 'the bias column is drawn at random too', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, :] = stds[method] * rng.standard_normal((n_out, n_in + 1))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'transposed shape (n_in + 1, n_out)', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W.T
'''),
    ("init_weights", 'no bias column: shape (n_out, n_in)', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W[:, 1:]
'''),
    ("init_weights", 'an unknown method silently falls back to He', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        W[:, 1:] = stds["he"] * rng.standard_normal((n_out, n_in))
    return W
'''),
    ("init_weights", 'the ValueError does not say which methods are allowed', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError("unknown initialization method")
    return W
'''),
    ("init_weights", 'the ValueError lists only the five normal methods', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(stds)}")
    return W
'''),
    ("init_weights", "uniform on [-std, std]: the normal rule's std used as the bound, sqrt(3) too small", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'uniform bound sqrt(2) * std (variance a^2 / 2 instead of a^2 / 3)', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(2.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'uniform methods drawn from a normal distribution with the right std', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        W[:, 1:] = stds[uniform[method]] * rng.standard_normal((n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'normal methods drawn uniformly with the right variance (the docstring says normal)', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        a = np.sqrt(3.0) * stds[method]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'the bias counted as an input: fan-in n_in + 1 (He and Xavier)', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + 1 + n_out)), "he": np.sqrt(2.0 / (n_in + 1))}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'the fan-in read from the matrix shape, bias column included (He only)', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / (n_in + 1))}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'the bias counted as an input in Xavier only', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + 1 + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'normal_0.01 read as a variance of 0.01 (std 0.1)', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.1, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", "xavier drawn with LeCun's 1/sqrt(n_in)", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": 1.0 / np.sqrt(n_in), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'xavier without the factor 2: sqrt(1/(n_in+n_out))', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(1.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'xavier returns the variance 2/(n_in+n_out) as the std', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": 2.0 / (n_in + n_out), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'he uses the number of units n_out instead of the inputs n_in', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_out)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", 'draws from the global np.random instead of rng', '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * np.random.randn(n_out, n_in)
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
    return W
'''),
    ("init_weights", "accepts 'lecun' as another method", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0,
            "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in), "lecun": 1.0 / np.sqrt(n_in)}
    uniform = {"xavier_uniform": "xavier", "he_uniform": "he"}
    W = np.zeros((n_out, n_in + 1))
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in uniform:
        a = np.sqrt(3.0) * stds[uniform[method]]
        W[:, 1:] = rng.uniform(-a, a, size=(n_out, n_in))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join([*stds, *uniform])}")
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
    # --- scale_features ------------------------------------------------------------------------------
    ('scale_features', 'min-max: the test set scaled with its own min and max', '''
def scale_features(X_train, X_test, method):
    if method not in ("min-max", "standard", "whiten"):
        raise ValueError("choose one of 'min-max', 'standard', 'whiten'")
    def own(X, m):
        if m == "min-max":
            lo, span = X.min(axis=0), np.ptp(X, axis=0)
            return (X - lo) / np.where(span > 0, span, 1.0)
        s = X.std(axis=0)
        return (X - X.mean(axis=0)) / np.where(s > 0, s, 1.0)
    if method == "whiten":
        lam, V = np.linalg.eigh(np.cov(X_train, rowvar=False, bias=True))
        A = V / np.sqrt(np.where(lam > 1e-12 * lam.max(), lam, 1.0))
        return (X_train - X_train.mean(axis=0)) @ A, (X_test - X_train.mean(axis=0)) @ A
    return own(X_train, method), own(X_test, method)
'''),
    ('scale_features', "min-max divides by the maximum only (the slides' shortcut)", '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = 0.0, X_train.max(axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'min-max: test values clipped to [0, 1]', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    if method == "min-max":
        return (X_train - shift) @ A, np.clip((X_test - shift) @ A, 0.0, 1.0)
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'min-max: a constant column gives nan', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        with np.errstate(divide="ignore"):
            A = np.diag(1.0 / span)
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'standard: statistics of training and test set together', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        both = np.vstack([X_train, X_test])
        shift, std = both.mean(axis=0), both.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'standard: per row (axis=1) instead of per column', '''
def scale_features(X_train, X_test, method):
    if method not in ("min-max", "standard", "whiten"):
        raise ValueError("choose one of 'min-max', 'standard', 'whiten'")
    def rows(X):
        s = X.std(axis=1, keepdims=True)
        return (X - X.mean(axis=1, keepdims=True)) / np.where(s > 0, s, 1.0)
    if method == "standard":
        return rows(X_train), rows(X_test)
    lo, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
    span = np.where(span > 0, span, 1.0)
    if method == "min-max":
        return (X_train - lo) / span, (X_test - lo) / span
    lam, V = np.linalg.eigh(np.cov(X_train, rowvar=False, bias=True))
    A = V / np.sqrt(np.where(lam > 1e-12 * lam.max(), lam, 1.0))
    return (X_train - X_train.mean(axis=0)) @ A, (X_test - X_train.mean(axis=0)) @ A
'''),
    ('scale_features', 'standard: sample standard deviation (ddof=1)', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'standard: divides by the variance', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.var(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'whiten: sample covariance (n - 1)', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / (len(X_train) - 1))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'whiten: divides by the eigenvalues instead of their square roots', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.where(flat, 1.0, lam)
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'whiten: eigenvectors taken as rows (V.T) instead of columns', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V.T / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'whiten: only divides by the standard deviations, no rotation (that is standardization)', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        sd = X_train.std(axis=0)
        A = np.diag(1.0 / np.where(sd > 0, sd, 1.0))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'whiten: no guard for a direction of zero variance (divides by sqrt of 0 or of a rounding error)', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = np.zeros(len(lam), dtype=bool)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'whiten: the test set whitened with its own mean and covariance', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    if method == "whiten":
        mu_t = X_test.mean(axis=0)
        lam_t, V_t = np.linalg.eigh((X_test - mu_t).T @ (X_test - mu_t) / len(X_test))
        A_t = V_t / np.sqrt(np.where(lam_t > 1e-12 * lam_t.max(), lam_t, 1.0))
        return (X_train - shift) @ A, (X_test - mu_t) @ A_t
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'whiten: the test set not centred with the training mean', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        raise ValueError(f"unknown method {method!r}; choose one of 'min-max', 'standard', 'whiten'")
    if method == "whiten":
        return (X_train - shift) @ A, X_test @ A
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'an unknown method falls back to standardization', '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        shift, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        A = np.diag(1.0 / np.where(span > 0, span, 1.0))
    elif method == "standard":
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    elif method == "whiten":
        shift = X_train.mean(axis=0)
        lam, V = np.linalg.eigh((X_train - shift).T @ (X_train - shift) / len(X_train))
        flat = lam <= 1e-12 * max(lam.max(), 0.0)
        A = V / np.sqrt(np.where(flat, 1.0, lam))
    else:
        shift, std = X_train.mean(axis=0), X_train.std(axis=0)
        A = np.diag(1.0 / np.where(std > 0, std, 1.0))
    return (X_train - shift) @ A, (X_test - shift) @ A
'''),
    ('scale_features', 'modifies X_train in place', '''
def scale_features(X_train, X_test, method):
    if method not in ("min-max", "standard", "whiten"):
        raise ValueError("choose one of 'min-max', 'standard', 'whiten'")
    if method == "whiten":
        mu = X_train.mean(axis=0)
        lam, V = np.linalg.eigh(np.cov(X_train, rowvar=False, bias=True))
        A = V / np.sqrt(np.where(lam > 1e-12 * lam.max(), lam, 1.0))
        return (X_train - mu) @ A, (X_test - mu) @ A
    if method == "min-max":
        shift, scale = X_train.min(axis=0), np.ptp(X_train, axis=0)
    else:
        shift, scale = X_train.mean(axis=0), X_train.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    X_train -= shift
    X_train /= scale
    return X_train, (X_test - shift) / scale
'''),
    # --- batchnorm_forward ----------------------------------------------------------------------------
    ('batchnorm_forward', 'normalizes each row (axis=1) instead of each unit over the batch', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=1, keepdims=True), U.var(axis=1, keepdims=True)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean.mean()
    running["var"] = momentum * running["var"] + (1 - momentum) * var.mean()
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std.ravel()}
'''),
    ('batchnorm_forward', 'eps added outside the square root', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var) + eps
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'gamma and beta swapped', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return beta * U_hat + gamma, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'sample variance (ddof=1) in the normalization', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0, ddof=1)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', "running variance averages the unbiased n/(n-1) variance (PyTorch's convention)", '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var * len(U) / (len(U) - 1)
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'momentum used as the weight of the new value', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = (1 - momentum) * running["mean"] + momentum * mean
    running["var"] = (1 - momentum) * running["var"] + momentum * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'the running averages are not updated', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'the running averages are replaced by the batch statistics (no averaging)', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = mean
    running["var"] = var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'the running variance averages std + eps instead of the variance', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * np.sqrt(var + eps)
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'a fixed momentum 0.9, the argument ignored', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = 0.9 * running["mean"] + 0.1 * mean
    running["var"] = 0.9 * running["var"] + 0.1 * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', "test mode normalizes with the batch's own statistics", '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - U.mean(axis=0)) / np.sqrt(U.var(axis=0) + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'test mode also updates the running averages', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        Y = gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta
        running["mean"] = momentum * running["mean"] + (1 - momentum) * U.mean(axis=0)
        running["var"] = momentum * running["var"] + (1 - momentum) * U.var(axis=0)
        return Y, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'test mode forgets eps', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"]) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'test mode divides by the running variance, not its square root', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / (running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', 'returns Y only (no cache)', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta
'''),
    ('batchnorm_forward', "cache['std'] holds the variance var + eps", '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": var + eps}
'''),
    ('batchnorm_forward', "cache['U_hat'] holds Y (after gamma and beta)", '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": gamma * U_hat + beta, "gamma": gamma, "std": std}
'''),
    ('batchnorm_forward', "cache keys of its own choosing ('x_hat', 'sigma')", '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"x_hat": U_hat, "gamma": gamma, "sigma": std}
'''),
    ('batchnorm_forward', 'normalizes U in place', '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U -= mean
    U /= std
    U_hat = U
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    # --- batchnorm_backward ---------------------------------------------------------------------------
    ("batchnorm_backward", "only the direct path: dU = gamma * dY / std", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    return gamma * dY / std, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "misses the path through the variance", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    return (h - h.mean(axis=0)) / std, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "misses the path through the mean", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    return (h - U_hat * (h * U_hat).mean(axis=0)) / std, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "sums where the batch statistics average (missing 1/n)", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    return (h - h.sum(axis=0) - U_hat * (h * U_hat).sum(axis=0)) / std, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "derived for the sample variance (n - 1)", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    n = dY.shape[0]
    h = gamma * dY
    dU = (h - h.mean(axis=0) - U_hat * (h * U_hat).sum(axis=0) / (n - 1)) / std
    return dU, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "batch statistics averaged over the wrong axis (axis=1)", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    dU = (h - h.mean(axis=1, keepdims=True) - U_hat * (h * U_hat).mean(axis=1, keepdims=True)) / std
    return dU, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "dgamma and dbeta summed over the wrong axis (axis=1)", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    dU = (h - h.mean(axis=0) - U_hat * (h * U_hat).mean(axis=0)) / std
    return dU, (dY * U_hat).sum(axis=1), dY.sum(axis=1)
'''),
    ("batchnorm_backward", "forgets gamma in dU", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    dU = (dY - dY.mean(axis=0) - U_hat * (dY * U_hat).mean(axis=0)) / std
    return dU, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "wrong sign in the variance term", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    dU = (h - h.mean(axis=0) + U_hat * (h * U_hat).mean(axis=0)) / std
    return dU, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "dgamma and dbeta swapped", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    dU = (h - h.mean(axis=0) - U_hat * (h * U_hat).mean(axis=0)) / std
    return dU, dY.sum(axis=0), (dY * U_hat).sum(axis=0)
'''),
    ("batchnorm_backward", "dbeta as the mean of dY instead of the sum", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    dU = (h - h.mean(axis=0) - U_hat * (h * U_hat).mean(axis=0)) / std
    return dU, (dY * U_hat).sum(axis=0), dY.mean(axis=0)
'''),
    ("batchnorm_backward", "dgamma multiplied by gamma", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    dU = (h - h.mean(axis=0) - U_hat * (h * U_hat).mean(axis=0)) / std
    return dU, (h * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "multiplies by std instead of dividing", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    dU = (h - h.mean(axis=0) - U_hat * (h * U_hat).mean(axis=0)) * std
    return dU, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    ("batchnorm_backward", "modifies dY in place", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    dbeta, dgamma = dY.sum(axis=0), (dY * U_hat).sum(axis=0)
    dY *= gamma
    dY -= dY.mean(axis=0) + U_hat * (dY * U_hat).mean(axis=0)
    dY /= std
    return dY, dgamma, dbeta
'''),
    # --- layer_gains ----------------------------------------------------------------------------------
    ("layer_gains", "variances (np.var) instead of mean squares", '''
def layer_gains(X, weights, activation):
    Z, wg, ag = X, [], []
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Zn = activation(U)
        wg.append(U.var() / Z.var())
        ag.append(Zn.var() / U.var())
        Z = Zn
    return np.array(wg), np.array(ag)
'''),
    ("layer_gains", "the constant unit counted in the mean square of the input", '''
def layer_gains(X, weights, activation):
    Z, wg, ag = X, [], []
    for W in weights:
        Zt = np.hstack([np.ones((len(Z), 1)), Z])
        U = Zt @ W.T
        Zn = activation(U)
        wg.append(np.mean(U ** 2) / np.mean(Zt ** 2))
        ag.append(np.mean(Zn ** 2) / np.mean(U ** 2))
        Z = Zn
    return np.array(wg), np.array(ag)
'''),
    ("layer_gains", "ratios of root mean squares (standard deviations)", '''
def layer_gains(X, weights, activation):
    Z, wg, ag = X, [], []
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Zn = activation(U)
        wg.append(np.sqrt(np.mean(U ** 2) / np.mean(Z ** 2)))
        ag.append(np.sqrt(np.mean(Zn ** 2) / np.mean(U ** 2)))
        Z = Zn
    return np.array(wg), np.array(ag)
'''),
    ("layer_gains", "ratios upside down", '''
def layer_gains(X, weights, activation):
    Z, wg, ag = X, [], []
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Zn = activation(U)
        wg.append(np.mean(Z ** 2) / np.mean(U ** 2))
        ag.append(np.mean(U ** 2) / np.mean(Zn ** 2))
        Z = Zn
    return np.array(wg), np.array(ag)
'''),
    ("layer_gains", "the next layer gets the pre-activations U (activation forgotten)", '''
def layer_gains(X, weights, activation):
    Z, wg, ag = X, [], []
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Zn = activation(U)
        wg.append(np.mean(U ** 2) / np.mean(Z ** 2))
        ag.append(np.mean(Zn ** 2) / np.mean(U ** 2))
        Z = U
    return np.array(wg), np.array(ag)
'''),
    ("layer_gains", "the bias column ignored (U = Z @ W[:, 1:].T)", '''
def layer_gains(X, weights, activation):
    Z, wg, ag = X, [], []
    for W in weights:
        U = Z @ W[:, 1:].T
        Zn = activation(U)
        wg.append(np.mean(U ** 2) / np.mean(Z ** 2))
        ag.append(np.mean(Zn ** 2) / np.mean(U ** 2))
        Z = Zn
    return np.array(wg), np.array(ag)
'''),
    ("layer_gains", "activation gain as the mean of per-unit ratios, not the ratio of the means over all entries", '''
def layer_gains(X, weights, activation):
    Z, wg, ag = X, [], []
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Zn = activation(U)
        wg.append(np.mean(U ** 2) / np.mean(Z ** 2))
        ag.append(np.mean(np.mean(Zn ** 2, axis=0) / np.mean(U ** 2, axis=0)))
        Z = Zn
    return np.array(wg), np.array(ag)
'''),
    ("layer_gains", "the overall gain E[u_k^2] / E[u_(k-1)^2] as the weight gain", '''
def layer_gains(X, weights, activation):
    Z, prev, wg, ag = X, np.mean(X ** 2), [], []
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Zn = activation(U)
        wg.append(np.mean(U ** 2) / prev)
        ag.append(np.mean(Zn ** 2) / np.mean(U ** 2))
        prev, Z = np.mean(U ** 2), Zn
    return np.array(wg), np.array(ag)
'''),
    ("layer_gains", "returns lists instead of a tuple of arrays: a list of pairs, one per layer", '''
def layer_gains(X, weights, activation):
    Z, out = X, []
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Zn = activation(U)
        out.append((np.mean(U ** 2) / np.mean(Z ** 2), np.mean(Zn ** 2) / np.mean(U ** 2)))
        Z = Zn
    return out
'''),
    # --- float32 inputs: strict type checks that refuse a correct float32 array -----------------------
    ("forward_activations", "refuses float32 inputs (only float64 accepted)", '''
def forward_activations(X, weights, activation):
    if X.dtype != np.float64:
        raise TypeError("X must be float64")
    out, Z = [], X
    for W in weights:
        Z = activation(np.hstack([np.ones((len(Z), 1)), Z]) @ W.T)
        out.append(Z)
    return out
'''),
    ("layer_gains", "refuses float32 inputs (only float64 accepted)", '''
def layer_gains(X, weights, activation):
    if X.dtype != np.float64:
        raise TypeError("X must be float64")
    Z, wg, ag = X, [], []
    for W in weights:
        U = np.hstack([np.ones((len(Z), 1)), Z]) @ W.T
        Zn = activation(U)
        wg.append(np.mean(U ** 2) / np.mean(Z ** 2))
        ag.append(np.mean(Zn ** 2) / np.mean(U ** 2))
        Z = Zn
    return np.array(wg), np.array(ag)
'''),
    ("scale_features", "refuses float32 inputs (only float64 accepted)", '''
def scale_features(X_train, X_test, method):
    if X_train.dtype != np.float64:
        raise TypeError("X_train must be float64")
    if method not in ("min-max", "standard", "whiten"):
        raise ValueError("choose one of 'min-max', 'standard', 'whiten'")
    if method == "whiten":
        mu = X_train.mean(axis=0)
        lam, V = np.linalg.eigh(np.cov(X_train, rowvar=False, bias=True))
        A = V / np.sqrt(np.where(lam > 1e-12 * lam.max(), lam, 1.0))
        return (X_train - mu) @ A, (X_test - mu) @ A
    if method == "min-max":
        shift, scale = X_train.min(axis=0), np.ptp(X_train, axis=0)
    else:
        shift, scale = X_train.mean(axis=0), X_train.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return (X_train - shift) / scale, (X_test - shift) / scale
'''),
    ("batchnorm_forward", "refuses float32 inputs (only float64 accepted)", '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if U.dtype != np.float64:
        raise TypeError("U must be float64")
    if not train:
        return gamma * (U - running["mean"]) / np.sqrt(running["var"] + eps) + beta, None
    mean, var = U.mean(axis=0), U.var(axis=0)
    running["mean"] = momentum * running["mean"] + (1 - momentum) * mean
    running["var"] = momentum * running["var"] + (1 - momentum) * var
    std = np.sqrt(var + eps)
    U_hat = (U - mean) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ("batchnorm_backward", "refuses float32 inputs (only float64 accepted)", '''
def batchnorm_backward(dY, cache):
    if dY.dtype != np.float64:
        raise TypeError("dY must be float64")
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    h = gamma * dY
    dU = (h - h.mean(axis=0) - U_hat * (h * U_hat).mean(axis=0)) / std
    return dU, (dY * U_hat).sum(axis=0), dY.sum(axis=0)
'''),
    # --- predicted_gains -----------------------------------------------------------------------------
    ("predicted_gains", "He's weight gain taken as 1 (the layer's overall gain)", "predicted_gains = {'weight gain, ReLU, He': 1.0, 'activation gain, ReLU': 0.5, 'weight gain, ReLU, Xavier': 1.0, 'weight gain, sigmoid, Xavier': 1.0, 'mean square after 10 layers, ReLU, Xavier': 0.0009765625, 'variance ratio, ReLU, He': 2.934}"),
    ("predicted_gains", "the ReLU's activation gain taken as the variance fraction 1/2 - 1/(2 pi)", "predicted_gains = {'weight gain, ReLU, He': 2.0, 'activation gain, ReLU': 0.3408, 'weight gain, ReLU, Xavier': 1.0, 'weight gain, sigmoid, Xavier': 1.0, 'mean square after 10 layers, ReLU, Xavier': 0.0009765625, 'variance ratio, ReLU, He': 2.934}"),
    ("predicted_gains", 'a ReLU taken to keep the whole signal', "predicted_gains = {'weight gain, ReLU, He': 2.0, 'activation gain, ReLU': 1.0, 'weight gain, ReLU, Xavier': 1.0, 'weight gain, sigmoid, Xavier': 1.0, 'mean square after 10 layers, ReLU, Xavier': 0.0009765625, 'variance ratio, ReLU, He': 2.934}"),
    ("predicted_gains", "Xavier's weight gain from LeCun's fan-in rule for a 784-input layer", "predicted_gains = {'weight gain, ReLU, He': 2.0, 'activation gain, ReLU': 0.5, 'weight gain, ReLU, Xavier': 0.5, 'weight gain, sigmoid, Xavier': 1.0, 'mean square after 10 layers, ReLU, Xavier': 0.0009765625, 'variance ratio, ReLU, He': 2.934}"),
    ("predicted_gains", "the sigmoid's mean 0.5 taken to change the weight gain (1 + 0.25)", "predicted_gains = {'weight gain, ReLU, He': 2.0, 'activation gain, ReLU': 0.5, 'weight gain, ReLU, Xavier': 1.0, 'weight gain, sigmoid, Xavier': 1.25, 'mean square after 10 layers, ReLU, Xavier': 0.0009765625, 'variance ratio, ReLU, He': 2.934}"),
    ("predicted_gains", "the sigmoid's slope 1/4 put into the weight gain", "predicted_gains = {'weight gain, ReLU, He': 2.0, 'activation gain, ReLU': 0.5, 'weight gain, ReLU, Xavier': 1.0, 'weight gain, sigmoid, Xavier': 0.0625, 'mean square after 10 layers, ReLU, Xavier': 0.0009765625, 'variance ratio, ReLU, He': 2.934}"),
    ("predicted_gains", 'Xavier with ReLU taken to keep the signal after 10 layers', "predicted_gains = {'weight gain, ReLU, He': 2.0, 'activation gain, ReLU': 0.5, 'weight gain, ReLU, Xavier': 1.0, 'weight gain, sigmoid, Xavier': 1.0, 'mean square after 10 layers, ReLU, Xavier': 1.0, 'variance ratio, ReLU, He': 2.934}"),
    ("predicted_gains", '10 layers: the activation gain added instead of multiplied', "predicted_gains = {'weight gain, ReLU, He': 2.0, 'activation gain, ReLU': 0.5, 'weight gain, ReLU, Xavier': 1.0, 'weight gain, sigmoid, Xavier': 1.0, 'mean square after 10 layers, ReLU, Xavier': 5.0, 'variance ratio, ReLU, He': 2.934}"),
    ("predicted_gains", 'the variance ratio taken equal to the weight gain 2', "predicted_gains = {'weight gain, ReLU, He': 2.0, 'activation gain, ReLU': 0.5, 'weight gain, ReLU, Xavier': 1.0, 'weight gain, sigmoid, Xavier': 1.0, 'mean square after 10 layers, ReLU, Xavier': 0.0009765625, 'variance ratio, ReLU, He': 2.0}"),
    # --- concept questions ----------------------------------------------------------------------------
    ("answer_q1", "the largest single factor bounds the product", 'answer_q1 = "b"'),
    ("answer_q2", "LeCun's rule taken for Xavier's", 'answer_q2 = "a"'),
    ("answer_q3", "test statistics describe the test data better", 'answer_q3 = "a"'),
]


CORRECT_VERSIONS = [
    ("init_weights", "the whole matrix drawn, then the bias column set to 0; rng.normal with scale", '''
def init_weights(n_in, n_out, method, rng):
    names = ["zeros", "normal_0.01", "normal_1", "xavier", "he", "xavier_uniform", "he_uniform"]
    if method not in names:
        raise ValueError("method must be one of " + ", ".join(names))
    base = method.replace("_uniform", "")
    std = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0, "xavier": (2 / (n_in + n_out)) ** 0.5,
           "he": (2 / n_in) ** 0.5}[base]
    if method.endswith("_uniform"):
        limit = (3 * std ** 2) ** 0.5
        W = rng.uniform(low=-limit, high=limit, size=(n_out, n_in + 1))
    else:
        W = rng.normal(loc=0.0, scale=std, size=(n_out, n_in + 1))
    W[:, 0] = 0.0
    return W
'''),
    ("init_weights", "uniform drawn as 2a * (random - 1/2), float32 weights", '''
def init_weights(n_in, n_out, method, rng):
    if method == "zeros":
        return np.zeros((n_out, n_in + 1), dtype=np.float32)
    stds = {"normal_0.01": 0.01, "normal_1": 1.0, "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}
    W = np.zeros((n_out, n_in + 1), dtype=np.float32)
    if method in stds:
        W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    elif method in ("xavier_uniform", "he_uniform"):
        a = np.sqrt(6.0 / (n_in + n_out)) if method == "xavier_uniform" else np.sqrt(6.0 / n_in)
        W[:, 1:] = 2 * a * (rng.random((n_out, n_in)) - 0.5)
    else:
        raise ValueError(f"{method!r} is not one of zeros, normal_0.01, normal_1, xavier, he, xavier_uniform, he_uniform")
    return W
'''),
    ("predicted_gains", "rounded predictions and an integer", '''
predicted_gains = {"weight gain, ReLU, He": 2, "activation gain, ReLU": 0.5, "weight gain, ReLU, Xavier": 1.0,
                   "weight gain, sigmoid, Xavier": 1.0, "mean square after 10 layers, ReLU, Xavier": 0.001,
                   "variance ratio, ReLU, He": 2.9}
'''),
    ("layer_gains", "einsum and float32 accumulations", '''
def layer_gains(X, weights, activation):
    Z, wg, ag = np.asarray(X), [], []
    for W in weights:
        U = np.einsum("ni,ji->nj", Z, W[:, 1:]) + W[:, 0]
        Zn = activation(U)
        wg.append(np.mean(np.square(U)) / np.mean(np.square(Z)))
        ag.append(np.mean(np.square(Zn)) / np.mean(np.square(U)))
        Z = Zn
    return np.array(wg), np.array(ag)
'''),
    ("forward_activations", "bias added separately", '''
def forward_activations(X, weights, activation):
    out, Z = [], X
    for W in weights:
        Z = activation(Z @ W[:, 1:].T + W[:, 0])
        out.append(Z)
    return out
'''),
    ("scale_features", "ZCA whitening (A = V diag(l)^(-1/2) V^T) and explicit divisions", '''
def scale_features(X_train, X_test, method):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if method == "min-max":
        lo, hi = X_train.min(axis=0), X_train.max(axis=0)
        span = np.where(hi > lo, hi - lo, 1.0)
        return (X_train - lo) / span, (X_test - lo) / span
    if method == "standard":
        m, s = X_train.mean(axis=0), X_train.std(axis=0)
        s[s == 0] = 1.0
        return (X_train - m) / s, (X_test - m) / s
    if method == "whiten":
        m = X_train.mean(axis=0)
        lam, V = np.linalg.eigh(np.cov(X_train, rowvar=False, bias=True))
        keep = lam > 1e-12 * lam.max()
        A = V @ np.diag(np.where(keep, 1 / np.sqrt(np.where(keep, lam, 1.0)), 1.0)) @ V.T
        return (X_train - m) @ A, (X_test - m) @ A
    raise ValueError("method: 'min-max', 'standard' or 'whiten'")
'''),
    ("scale_features", "PCA whitening by the SVD of the centred data", '''
def scale_features(X_train, X_test, method):
    if method not in ("min-max", "standard", "whiten"):
        raise ValueError(f"unknown method {method}; use min-max, standard or whiten")
    if method == "whiten":
        m = X_train.mean(axis=0)
        _, sv, Vt = np.linalg.svd(X_train - m, full_matrices=False)
        sd = sv / np.sqrt(len(X_train))
        sd = np.where(sd ** 2 > 1e-12 * (sd ** 2).max(), sd, 1.0)
        A = Vt.T / sd
        return (X_train - m) @ A, (X_test - m) @ A
    shift = X_train.min(axis=0) if method == "min-max" else X_train.mean(axis=0)
    scale = np.ptp(X_train, axis=0) if method == "min-max" else X_train.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return (X_train - shift) / scale, (X_test - shift) / scale
'''),
    ("batchnorm_forward", "running arrays updated in place, variance as a mean of squares", '''
def batchnorm_forward(U, gamma, beta, running, train=True, eps=1e-5, momentum=0.9):
    if train:
        mu = np.mean(U, axis=0)
        var = np.mean((U - mu) ** 2, axis=0)
        running["mean"] *= momentum
        running["mean"] += (1 - momentum) * mu
        running["var"] *= momentum
        running["var"] += (1 - momentum) * var
    else:
        mu, var = running["mean"], running["var"]
    std = np.sqrt(var + eps)
    U_hat = (U - mu) / std
    cache = {"U_hat": U_hat, "gamma": gamma, "std": std, "mu": mu} if train else None
    return gamma * U_hat + beta, cache
'''),
    ("batchnorm_backward", "the three paths added one by one", '''
def batchnorm_backward(dY, cache):
    U_hat, gamma, std = cache["U_hat"], cache["gamma"], cache["std"]
    n = dY.shape[0]
    dU_hat = dY * gamma
    d_var = np.sum(dU_hat * U_hat, axis=0) * (-0.5) / std ** 2
    d_mean = -np.sum(dU_hat, axis=0) / std
    dU = dU_hat / std + d_var * 2 * std * U_hat / n + d_mean / n
    return dU, np.sum(dY * U_hat, axis=0), np.sum(dY, axis=0)
'''),
]
