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
    std = np.sqrt(U.var(axis=1, keepdims=True) + eps)
    U_hat = (U - U.mean(axis=1, keepdims=True)) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std.ravel()}
'''),
    ("batchnorm_forward", "eps added outside the square root", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    std = np.sqrt(U.var(axis=0)) + eps
    U_hat = (U - U.mean(axis=0)) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ("batchnorm_forward", "gamma and beta swapped", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    std = np.sqrt(U.var(axis=0) + eps)
    U_hat = (U - U.mean(axis=0)) / std
    return beta * U_hat + gamma, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ("batchnorm_forward", "sample variance (ddof=1) instead of the population variance", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    std = np.sqrt(U.var(axis=0, ddof=1) + eps)
    U_hat = (U - U.mean(axis=0)) / std
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": std}
'''),
    ("batchnorm_forward", "returns Y only, as before (no cache)", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    return gamma * (U - U.mean(axis=0)) / np.sqrt(U.var(axis=0) + eps) + beta
'''),
    ("batchnorm_forward", "cache['std'] holds the variance var + eps", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    var = U.var(axis=0) + eps
    U_hat = (U - U.mean(axis=0)) / np.sqrt(var)
    return gamma * U_hat + beta, {"U_hat": U_hat, "gamma": gamma, "std": var}
'''),
    ("batchnorm_forward", "cache['U_hat'] holds Y (after gamma and beta)", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    std = np.sqrt(U.var(axis=0) + eps)
    Y = gamma * (U - U.mean(axis=0)) / std + beta
    return Y, {"U_hat": Y, "gamma": gamma, "std": std}
'''),
    ("batchnorm_forward", "cache keys of its own choosing ('x_hat', 'sigma')", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    std = np.sqrt(U.var(axis=0) + eps)
    U_hat = (U - U.mean(axis=0)) / std
    return gamma * U_hat + beta, {"x_hat": U_hat, "gamma": gamma, "sigma": std}
'''),
    ("batchnorm_forward", "normalizes U in place", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    std = np.sqrt(U.var(axis=0) + eps)
    U -= U.mean(axis=0)
    U /= std
    return gamma * U + beta, {"U_hat": U, "gamma": gamma, "std": std}
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
    # --- init_weights: lecun -----------------------------------------------------------------------
    ("init_weights", "accepts 'lecun' as a sixth method", '''
def init_weights(n_in, n_out, method, rng):
    stds = {"zeros": 0.0, "normal_0.01": 0.01, "normal_1": 1.0, "xavier": np.sqrt(2.0 / (n_in + n_out)),
            "he": np.sqrt(2.0 / n_in), "lecun": 1.0 / np.sqrt(n_in)}
    if method not in stds:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(stds)}")
    W = np.zeros((n_out, n_in + 1))
    W[:, 1:] = stds[method] * rng.standard_normal((n_out, n_in))
    return W
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
    ("standardize", "refuses float32 inputs (only float64 accepted)", '''
def standardize(X_train, X_test):
    if X_train.dtype != np.float64:
        raise TypeError("X_train must be float64")
    m, s = X_train.mean(axis=0), X_train.std(axis=0)
    s = np.where(s > 0, s, 1.0)
    return (X_train - m) / s, (X_test - m) / s
'''),
    ("min_max_scale", "refuses float32 inputs (only float64 accepted)", '''
def min_max_scale(X_train, X_test):
    if X_train.dtype != np.float64:
        raise TypeError("X_train must be float64")
    lo, hi = X_train.min(axis=0), X_train.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    return (X_train - lo) / span, (X_test - lo) / span
'''),
    ("batchnorm_forward", "refuses float32 inputs (only float64 accepted)", '''
def batchnorm_forward(U, gamma, beta, eps=1e-5):
    if U.dtype != np.float64:
        raise TypeError("U must be float64")
    std = np.sqrt(U.var(axis=0) + eps)
    U_hat = (U - U.mean(axis=0)) / std
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
    # --- concept questions ----------------------------------------------------------------------------
    ("answer_q1", "the largest single factor bounds the product", 'answer_q1 = "b"'),
    ("answer_q2", "LeCun's rule taken for Xavier's", 'answer_q2 = "a"'),
    ("answer_q3", "test statistics describe the test data better", 'answer_q3 = "a"'),
]
