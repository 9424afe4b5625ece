"""Plausible mistakes in notebook 02; each must fail its test cell (see tests/test_wrong_versions.py)."""

WRONG_VERSIONS = [
    ('sigmoid', 'naive formula overflows for large negative x', '''
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))
'''),
    ('sigmoid', 'stable branches inside np.where still evaluate exp(-x) everywhere', '''
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(x)))
'''),
    ('softmax', 'no max-shift: overflows for large scores', '''
def softmax(U):
    E = np.exp(np.asarray(U, dtype=float))
    return E / E.sum(axis=1, keepdims=True)
'''),
    ('softmax', 'normalises along axis 0 (columns)', '''
def softmax(U):
    U = np.asarray(U, dtype=float)
    E = np.exp(U - U.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
'''),
    ('softmax', 'one maximum and one sum over the whole matrix', '''
def softmax(U):
    U = np.asarray(U, dtype=float)
    E = np.exp(U - U.max())
    return E / E.sum()
'''),
    ('softmax', 'shifts the input in place', '''
def softmax(U):
    U -= U.max(axis=1, keepdims=True)
    E = np.exp(U)
    return E / E.sum(axis=1, keepdims=True)
'''),
    ('cross_entropy', 'summed over the rows, not averaged', '''
def cross_entropy(P, Y):
    return float(-np.sum(Y * np.log(np.where(Y > 0, P, 1.0))))
'''),
    ('cross_entropy', 'log(0) where the target is 0 gives nan', '''
def cross_entropy(P, Y):
    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))
'''),
    ('cross_entropy', 'mean over all n*m entries', '''
def cross_entropy(P, Y):
    return float(-np.mean(Y * np.log(np.where(Y > 0, P, 1.0))))
'''),
    ('forward_3layer', 'no activation on the hidden layer', '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = X_tilde @ W.T
    Z_tilde = add_bias(U)
    Y_hat = softmax(Z_tilde @ V.T)
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    ('forward_3layer', 'caches U after the ReLU', '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = np.maximum(X_tilde @ W.T, 0.0)
    Z_tilde = add_bias(U)
    Y_hat = softmax(Z_tilde @ V.T)
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    ('forward_3layer', 'wrong transpose (X_tilde @ W)', '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = X_tilde @ W
    Z_tilde = add_bias(np.maximum(U, 0.0))
    Y_hat = softmax(Z_tilde @ V)
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    ('forward_3layer', 'ReLU also on the output scores before the softmax', '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = X_tilde @ W.T
    Z_tilde = add_bias(np.maximum(U, 0.0))
    Y_hat = softmax(np.maximum(Z_tilde @ V.T, 0.0))
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    ('softmax_cross_entropy', 'loss through the probabilities: cross_entropy(softmax(U), Y) is not finite-safe', '''
def softmax_cross_entropy(U, Y):
    P = softmax(U)
    return cross_entropy(P, Y), (P - Y) / U.shape[0]
'''),
    ('softmax_cross_entropy', 'log of clipped probabilities instead of the log-sum-exp', '''
def softmax_cross_entropy(U, Y):
    P = softmax(U)
    return float(-np.sum(Y * np.log(np.clip(P, 1e-12, 1.0))) / U.shape[0]), (P - Y) / U.shape[0]
'''),
    ('softmax_cross_entropy', 'log-sum-exp without the max-shift overflows', '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    lse = np.log(np.exp(U).sum(axis=1))
    n = U.shape[0]
    return float(np.sum(lse - np.sum(Y * U, axis=1)) / n), (softmax(U) - Y) / n
'''),
    ('softmax_cross_entropy', 'one shift for the whole matrix instead of one per row', '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max()
    lse = c + np.log(np.exp(U - c).sum(axis=1))
    n = U.shape[0]
    return float(np.sum(lse - np.sum(Y * U, axis=1)) / n), (softmax(U) - Y) / n
'''),
    ('softmax_cross_entropy', 'dU missing /n (gradient of the summed loss)', '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(U - c).sum(axis=1))
    return float(np.mean(lse - np.sum(Y * U, axis=1))), softmax(U) - Y
'''),
    ('softmax_cross_entropy', 'dU with the sign flipped (target minus prediction)', '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(U - c).sum(axis=1))
    return float(np.mean(lse - np.sum(Y * U, axis=1))), (Y - softmax(U)) / U.shape[0]
'''),
    ('softmax_cross_entropy', 'loss summed over the rows, not averaged', '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(U - c).sum(axis=1))
    return float(np.sum(lse - np.sum(Y * U, axis=1))), (softmax(U) - Y) / U.shape[0]
'''),
    ('softmax_cross_entropy', 'loss averaged over all n*m entries', '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    log_p = U - c - np.log(np.exp(U - c).sum(axis=1, keepdims=True))
    return float(-np.mean(Y * log_p)), (softmax(U) - Y) / U.shape[0]
'''),
    ('softmax_cross_entropy', 'dU forgets to subtract the target', '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(U - c).sum(axis=1))
    return float(np.mean(lse - np.sum(Y * U, axis=1))), softmax(U) / U.shape[0]
'''),
    ('softmax_cross_entropy', 'shifts U in place', '''
def softmax_cross_entropy(U, Y):
    U -= U.max(axis=1, keepdims=True)
    lse = np.log(np.exp(U).sum(axis=1))
    return float(np.mean(lse - np.sum(Y * U, axis=1))), (softmax(U) - Y) / U.shape[0]
'''),
    ('sigmoid_mse_backward', "dA = y_hat - y: forgets the sigmoid's derivative", '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), R / n
'''),
    ('sigmoid_mse_backward', "sigmoid' taken at the output sigmoid(a) instead of at a", '''
def sigmoid_mse_backward(A, Y):
    S = sigmoid(A)
    R = S - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), R * activation_grad("sigmoid", S) / n
'''),
    ('sigmoid_mse_backward', 'dA missing /n', '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), R * activation_grad("sigmoid", A)
'''),
    ('sigmoid_mse_backward', 'drops the 1/2: loss and gradient twice too large', '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(np.sum(R ** 2) / n), 2 * R * activation_grad("sigmoid", A) / n
'''),
    ('sigmoid_mse_backward', 'keeps the 1/2 in the loss but a 2 in the gradient', '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), 2 * R * activation_grad("sigmoid", A) / n
'''),
    ('sigmoid_mse_backward', 'loss averaged over all n*m entries', '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.mean(R ** 2)), R * activation_grad("sigmoid", A) / n
'''),
    ('sigmoid_mse_backward', 'sign flipped (target minus prediction)', '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), -R * activation_grad("sigmoid", A) / n
'''),
    ('sigmoid_mse_backward', 'naive sigmoid overflows for scores of -1000', '''
def sigmoid_mse_backward(A, Y):
    S = 1.0 / (1.0 + np.exp(-np.asarray(A, dtype=float)))
    R = S - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), R * S * (1 - S) / n
'''),
    ('backward_3layer', 'dV transposed (Z_tilde.T @ delta2)', '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    delta1 = (delta2 @ V[:, 1:]) * (cache["U"] > 0)
    return delta1.T @ cache["X_tilde"], cache["Z_tilde"].T @ delta2
'''),
    ('backward_3layer', 'divides by n twice (in delta2 and again in dW)', '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * (cache["U"] > 0)
    return delta1.T @ cache["X_tilde"] / n, dV
'''),
    ('backward_3layer', 'sign flipped (Y - Y_hat)', '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (Y - cache["Y_hat"]) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * (cache["U"] > 0)
    return delta1.T @ cache["X_tilde"], dV
'''),
    ('backward_3layer', 'ReLU mask from Z_tilde without its LAST column (shifted by one unit, the constant included)', '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * (cache["Z_tilde"][:, :-1] > 0)
    return delta1.T @ cache["X_tilde"], dV
'''),
    ('backward_3layer', "drops V's last column instead of its bias column", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, :-1]) * (cache["U"] > 0)
    return delta1.T @ cache["X_tilde"], dV
'''),
    ('backward_3layer', "keeps V's bias column", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V)[:, :-1] * (cache["U"] > 0)
    return delta1.T @ cache["X_tilde"], dV
'''),
    ('backward_3layer', 'missing /n (gradient of the summed loss)', '''
def backward_3layer(W, V, cache, Y):
    delta2 = cache["Y_hat"] - Y
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * (cache["U"] > 0)
    return delta1.T @ cache["X_tilde"], dV
'''),
    ('backward_3layer', 'forgets the activation derivative', '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = delta2 @ V[:, 1:]
    return delta1.T @ cache["X_tilde"], dV
'''),
    ('backward_3layer', 'returns (dV, dW) in the wrong order', '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * (cache["U"] > 0)
    return dV, delta1.T @ cache["X_tilde"]
'''),
    ('numerical_gradient', 'forward difference', '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    f0 = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - f0) / h
        x[i] = old
    return grad
'''),
    ('numerical_gradient', 'does not restore x', '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += h
        f_plus = f(x)
        x[i] -= 2 * h
        grad[i] = (f_plus - f(x)) / (2 * h)
    return grad
'''),
    ('numerical_gradient', 'ignores the step argument h', '''
def numerical_gradient(f, x, h=1e-5):
    step = 1e-5
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + step
        f_plus = f(x)
        x[i] = old - step
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * step)
    return grad
'''),
    ('numerical_gradient', 'divides by h instead of 2h', '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / h
    return grad
'''),
    ('answer_q2', 'blames dV for the planted bug', '''
answer_q2 = "b"
'''),
    ('answer_q2', 'thinks both gradients are wrong', '''
answer_q2 = "c"
'''),
    ('confusion_matrix', 'transposed: rows predicted, columns actual', '''
def confusion_matrix(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(cm, (y_pred, y_true), 1)
    return cm
'''),
    ('confusion_matrix', 'fancy-index += counts a repeated pair once', '''
def confusion_matrix(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes), dtype=int)
    cm[y_true, y_pred] += 1
    return cm
'''),
    ('confusion_matrix', 'size from the labels present, not n_classes', '''
def confusion_matrix(y_true, y_pred, n_classes):
    k = int(max(np.max(y_true), np.max(y_pred))) + 1
    cm = np.zeros((k, k), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
'''),
    ('confusion_matrix', 'float counts (np.zeros without dtype=int)', '''
def confusion_matrix(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes))
    for a, b in zip(y_true, y_pred):
        cm[a, b] += 1
    return cm
'''),
    # --- derivatives of the activations -------------------------------------------------------------
    ("activation_grad", "sigmoid: applies s(1 - s) to x instead of to sigmoid(x)", '''
def activation_grad(name, x):
    x = np.asarray(x, dtype=float)
    if name == "sigmoid":
        return x * (1.0 - x)
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    s = sigmoid(x)
    return s + x * s * (1.0 - s)
'''),
    ("activation_grad", "sigmoid: exp(-x) / (1 + exp(-x))**2 overflows at x = -1000", '''
def activation_grad(name, x):
    x = np.asarray(x, dtype=float)
    if name == "sigmoid":
        e = np.exp(-x)
        return e / (1.0 + e) ** 2
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    s = sigmoid(x)
    return s + x * s * (1.0 - s)
'''),
    ("activation_grad", "tanh: 1 - x**2 instead of 1 - tanh(x)**2", '''
def activation_grad(name, x):
    x = np.asarray(x, dtype=float)
    s = sigmoid(x)
    if name == "sigmoid":
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - x ** 2
    return s + x * s * (1.0 - s)
'''),
    ("activation_grad", "tanh: 1 / cosh(x)**2 overflows beyond |x| = 710", '''
def activation_grad(name, x):
    x = np.asarray(x, dtype=float)
    s = sigmoid(x)
    if name == "sigmoid":
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 / np.cosh(x) ** 2
    return s + x * s * (1.0 - s)
'''),
    ("activation_grad", "swish: forgets the product rule (x * sigmoid'(x) only)", '''
def activation_grad(name, x):
    x = np.asarray(x, dtype=float)
    s = sigmoid(x)
    if name == "sigmoid":
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    return x * s * (1.0 - s)
'''),
    ("activation_grad", "swish: sigmoid(x) only, as if x were a constant", '''
def activation_grad(name, x):
    x = np.asarray(x, dtype=float)
    s = sigmoid(x)
    if name == "sigmoid":
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    return s
'''),
    # --- cross-entropy with a delta inside the log --------------------------------------------------
    ("cross_entropy", "log(P + 1e-7), the guard of ゼロから作るDL: a perfect prediction costs -1e-7", '''
def cross_entropy(P, Y):
    return float(-np.sum(Y * np.log(P + 1e-7)) / P.shape[0])
'''),
    # --- the reverse-mode engine ---------------------------------------------------------------------
    ("reverse_mode", "overwrites (=) instead of adding (+=) the contributions of several paths", '''
def reverse_mode(tape, inputs):
    values = {k: float(v) for k, v in inputs.items()}
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in reversed(tape):
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[-1], a[0]], "pow": lambda: [a[-1] * a[0] ** (a[-1] - 1), 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [1.0 / a[0]], "tanh": lambda: [1.0 - values[name] ** 2],
                 "relu": lambda: [float(a[0] > 0)]}[op]()
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] = grads[name] * d
    return values, grads
'''),
    ("reverse_mode", "sweeps the tape forwards instead of backwards", '''
def reverse_mode(tape, inputs):
    values = {k: float(v) for k, v in inputs.items()}
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in tape:
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[-1], a[0]], "pow": lambda: [a[-1] * a[0] ** (a[-1] - 1), 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [1.0 / a[0]], "tanh": lambda: [1.0 - values[name] ** 2],
                 "relu": lambda: [float(a[0] > 0)]}[op]()
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] += grads[name] * d
    return values, grads
'''),
    ("reverse_mode", "mul: each factor's derivative is itself (d(ab)/da = a)", '''
def reverse_mode(tape, inputs):
    values = {k: float(v) for k, v in inputs.items()}
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in reversed(tape):
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[0], a[-1]], "pow": lambda: [a[-1] * a[0] ** (a[-1] - 1), 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [1.0 / a[0]], "tanh": lambda: [1.0 - values[name] ** 2],
                 "relu": lambda: [float(a[0] > 0)]}[op]()
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] += grads[name] * d
    return values, grads
'''),
    ("reverse_mode", "tanh: 1 - a**2 with the argument instead of the result", '''
def reverse_mode(tape, inputs):
    values = {k: float(v) for k, v in inputs.items()}
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in reversed(tape):
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[-1], a[0]], "pow": lambda: [a[-1] * a[0] ** (a[-1] - 1), 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [1.0 / a[0]], "tanh": lambda: [1.0 - a[0] ** 2],
                 "relu": lambda: [float(a[0] > 0)]}[op]()
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] += grads[name] * d
    return values, grads
'''),
    ("reverse_mode", "pow: k a^k instead of k a^(k-1)", '''
def reverse_mode(tape, inputs):
    values = {k: float(v) for k, v in inputs.items()}
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in reversed(tape):
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[-1], a[0]], "pow": lambda: [a[-1] * a[0] ** a[-1], 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [1.0 / a[0]], "tanh": lambda: [1.0 - values[name] ** 2],
                 "relu": lambda: [float(a[0] > 0)]}[op]()
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] += grads[name] * d
    return values, grads
'''),
    ("reverse_mode", "ReLU'(0) = 1 (>= instead of >)", '''
def reverse_mode(tape, inputs):
    values = {k: float(v) for k, v in inputs.items()}
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in reversed(tape):
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[-1], a[0]], "pow": lambda: [a[-1] * a[0] ** (a[-1] - 1), 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [1.0 / a[0]], "tanh": lambda: [1.0 - values[name] ** 2],
                 "relu": lambda: [float(a[0] >= 0)]}[op]()
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] += grads[name] * d
    return values, grads
'''),
    ("reverse_mode", "log: derivative a instead of 1/a", '''
def reverse_mode(tape, inputs):
    values = {k: float(v) for k, v in inputs.items()}
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in reversed(tape):
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[-1], a[0]], "pow": lambda: [a[-1] * a[0] ** (a[-1] - 1), 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [a[0]], "tanh": lambda: [1.0 - values[name] ** 2],
                 "relu": lambda: [float(a[0] > 0)]}[op]()
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] += grads[name] * d
    return values, grads
'''),
    ("reverse_mode", "a name used twice by one entry (x * x) receives one contribution only", '''
def reverse_mode(tape, inputs):
    values = {k: float(v) for k, v in inputs.items()}
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in reversed(tape):
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[-1], a[0]], "pow": lambda: [a[-1] * a[0] ** (a[-1] - 1), 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [1.0 / a[0]], "tanh": lambda: [1.0 - values[name] ** 2],
                 "relu": lambda: [float(a[0] > 0)]}[op]()
        contrib = {}
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                contrib[arg] = grads[name] * d
        for arg, c in contrib.items():
            grads[arg] += c
    return values, grads
'''),
    ("reverse_mode", "modifies the inputs dict it was given", '''
def reverse_mode(tape, inputs):
    values = inputs
    get = lambda a: values[a] if isinstance(a, str) else float(a)
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q, "pow": lambda p, k: p ** k, "exp": np.exp,
         "log": np.log, "tanh": np.tanh, "relu": lambda p: max(p, 0.0)}
    for name, op, *args in tape:
        values[name] = float(f[op](*[get(a) for a in args]))
    grads = {k: 0.0 for k in values}
    grads[tape[-1][0]] = 1.0
    for name, op, *args in reversed(tape):
        a = [get(x) for x in args]
        local = {"add": lambda: [1.0, 1.0], "mul": lambda: [a[-1], a[0]], "pow": lambda: [a[-1] * a[0] ** (a[-1] - 1), 0.0],
                 "exp": lambda: [values[name]], "log": lambda: [1.0 / a[0]], "tanh": lambda: [1.0 - values[name] ** 2],
                 "relu": lambda: [float(a[0] > 0)]}[op]()
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] += grads[name] * d
    return values, grads
'''),
    # --- the affine layer's backward pass ----------------------------------------------------------
    ("affine_backward", "dX keeps the bias column (shape (n, d + 1))", '''
def affine_backward(dU, cache):
    X_tilde, W = cache
    return dU @ W, dU.T @ X_tilde
'''),
    ("affine_backward", "dX through W's last columns: drops the last column instead of the bias column", '''
def affine_backward(dU, cache):
    X_tilde, W = cache
    return dU @ W[:, :-1], dU.T @ X_tilde
'''),
    ("affine_backward", "dW transposed (X_tilde.T @ dU)", '''
def affine_backward(dU, cache):
    X_tilde, W = cache
    return dU @ W[:, 1:], X_tilde.T @ dU
'''),
    ("affine_backward", "dW without the bias column's gradient (bias gradient set to 0)", '''
def affine_backward(dU, cache):
    X_tilde, W = cache
    dW = dU.T @ X_tilde
    dW[:, 0] = 0.0
    return dU @ W[:, 1:], dW
'''),
    ("affine_backward", "returns (dW, dX) in the wrong order", '''
def affine_backward(dU, cache):
    X_tilde, W = cache
    return dU.T @ X_tilde, dU @ W[:, 1:]
'''),
    ("affine_backward", "averages over the batch a second time", '''
def affine_backward(dU, cache):
    X_tilde, W = cache
    return dU @ W[:, 1:], dU.T @ X_tilde / dU.shape[0]
'''),
    # --- the generic loop ----------------------------------------------------------------------------
    ("mlp_loss_and_grads", "gradients returned from the last layer to the first", '''
def mlp_loss_and_grads(weights, X, Y):
    caches, masks, H = [], [], X
    for k, W in enumerate(weights):
        H, cache = affine_forward(H, W)
        caches.append(cache)
        if k < len(weights) - 1:
            masks.append(H > 0)
            H = np.where(masks[-1], H, 0.0)
    loss, dH = softmax_cross_entropy(H, Y)
    grads = []
    for k in range(len(weights) - 1, -1, -1):
        if k < len(weights) - 1:
            dH = dH * masks[k]
        dH, g = affine_backward(dH, caches[k])
        grads.append(g)
    return loss, grads
'''),
    ("mlp_loss_and_grads", "ReLU also after the last affine layer", '''
def mlp_loss_and_grads(weights, X, Y):
    caches, masks, H = [], [], X
    for k, W in enumerate(weights):
        H, cache = affine_forward(H, W)
        caches.append(cache)
        masks.append(H > 0)
        H = np.where(masks[-1], H, 0.0)
    loss, dH = softmax_cross_entropy(H, Y)
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        dH = dH * masks[k]
        dH, grads[k] = affine_backward(dH, caches[k])
    return loss, grads
'''),
    ("mlp_loss_and_grads", "the ReLU mask of the wrong layer (the layer above)", '''
def mlp_loss_and_grads(weights, X, Y):
    caches, masks, H = [], [], X
    for k, W in enumerate(weights):
        H, cache = affine_forward(H, W)
        caches.append(cache)
        if k < len(weights) - 1:
            masks.append(H > 0)
            H = np.where(masks[-1], H, 0.0)
    loss, dH = softmax_cross_entropy(H, Y)
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        if k < len(weights) - 1:
            dH = dH * masks[min(k + 1, len(masks) - 1)]
        dH, grads[k] = affine_backward(dH, caches[k])
    return loss, grads
'''),
    ("mlp_loss_and_grads", "forgets the ReLU on the way back", '''
def mlp_loss_and_grads(weights, X, Y):
    caches, H = [], X
    for k, W in enumerate(weights):
        H, cache = affine_forward(H, W)
        caches.append(cache)
        if k < len(weights) - 1:
            H = np.maximum(H, 0.0)
    loss, dH = softmax_cross_entropy(H, Y)
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        dH, grads[k] = affine_backward(dH, caches[k])
    return loss, grads
'''),
    ("mlp_loss_and_grads", "no ReLU at all: a stack of linear layers", '''
def mlp_loss_and_grads(weights, X, Y):
    caches, H = [], X
    for W in weights:
        H, cache = affine_forward(H, W)
        caches.append(cache)
    loss, dH = softmax_cross_entropy(H, Y)
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        dH, grads[k] = affine_backward(dH, caches[k])
    return loss, grads
'''),
    ("mlp_loss_and_grads", "the ReLU mask taken after the ReLU with >= (ReLU'(0) = 1 for dead units)", '''
def mlp_loss_and_grads(weights, X, Y):
    caches, outs, H = [], [], X
    for k, W in enumerate(weights):
        H, cache = affine_forward(H, W)
        caches.append(cache)
        if k < len(weights) - 1:
            H = np.maximum(H, 0.0)
            outs.append(H)
    loss, dH = softmax_cross_entropy(H, Y)
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        if k < len(weights) - 1:
            dH = dH * (outs[k] >= 0)
        dH, grads[k] = affine_backward(dH, caches[k])
    return loss, grads
'''),
    # --- concept questions --------------------------------------------------------------------------
    ("answer_q1", "reverse mode, one sweep: applies the rule for one output to 1,000 outputs", '''
answer_q1 = "a"
'''),
    ("answer_q1", "forward mode, one sweep per output", '''
answer_q1 = "d"
'''),

]


CORRECT_VERSIONS = [
    # (name, why it is also correct, source)
    ("sigmoid", "0.5 * (1 + tanh(x / 2)): the tanh form, safe for any x", '''
def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))
'''),
    ("activation_grad", "sigmoid' as sigmoid(x) * sigmoid(-x), tanh' through the identity tanh(x) = 2 sigmoid(2x) - 1", '''
def activation_grad(name, x):
    x = np.asarray(x, dtype=float)
    if name == "sigmoid":
        return sigmoid(x) * sigmoid(-x)
    if name == "tanh":
        return 4.0 * sigmoid(2.0 * x) * sigmoid(-2.0 * x)
    return sigmoid(x) * (1.0 + x * sigmoid(-x))
'''),
    ("softmax", "np.logaddexp.reduce per row, then exp", '''
def softmax(U):
    U = np.asarray(U, dtype=float)
    return np.exp(U - np.logaddexp.reduce(U, axis=1, keepdims=True))
'''),
    ("cross_entropy", "np.clip(P, 1e-12, 1) inside the log (caps -log p at 27.6)", '''
def cross_entropy(P, Y):
    return float(-np.sum(Y * np.log(np.clip(P, 1e-12, 1.0))) / P.shape[0])
'''),
    ("cross_entropy", "picks the true class's probability with argmax and fancy indexing", '''
def cross_entropy(P, Y):
    P, Y = np.asarray(P), np.asarray(Y)
    labels = np.argmax(Y, axis=1)
    return float(-np.mean(np.log(P[np.arange(len(P)), labels])))
'''),
    ("reverse_mode", "a topological order by depth-first search from the output, micrograd-style, over a parents table", '''
def reverse_mode(tape, inputs):
    import math
    values = dict((k, float(v)) for k, v in inputs.items())
    entries = {}
    for entry in tape:
        name, op, args = entry[0], entry[1], list(entry[2:])
        entries[name] = (op, args)
        a = [values[x] if isinstance(x, str) else float(x) for x in args]
        values[name] = {"add": lambda: a[0] + a[1], "mul": lambda: a[0] * a[1], "pow": lambda: a[0] ** a[1],
                        "exp": lambda: math.exp(a[0]), "log": lambda: math.log(a[0]),
                        "tanh": lambda: math.tanh(a[0]), "relu": lambda: a[0] if a[0] > 0 else 0.0}[op]()
    order, seen = [], set()
    def visit(node):
        if node in seen or node not in entries:
            return
        seen.add(node)
        for arg in entries[node][1]:
            if isinstance(arg, str):
                visit(arg)
        order.append(node)
    visit(tape[-1][0])
    grads = dict.fromkeys(values, 0.0)
    grads[tape[-1][0]] = 1.0
    for node in reversed(order):
        op, args = entries[node]
        a = [values[x] if isinstance(x, str) else float(x) for x in args]
        if op == "add":
            local = (1.0, 1.0)
        elif op == "mul":
            local = (a[1], a[0])
        elif op == "pow":
            local = (a[1] * a[0] ** (a[1] - 1),)
        elif op == "exp":
            local = (values[node],)
        elif op == "log":
            local = (1.0 / a[0],)
        elif op == "tanh":
            local = (1.0 - values[node] ** 2,)
        else:
            local = (1.0 if a[0] > 0 else 0.0,)
        for arg, d in zip(args, local):
            if isinstance(arg, str):
                grads[arg] += grads[node] * d
    return values, grads
'''),
    ("affine_backward", "einsum, and the bias gradient as a column sum", '''
def affine_backward(dU, cache):
    X_tilde, W = cache
    dW = np.empty_like(W, dtype=float)
    dW[:, 0] = dU.sum(axis=0)
    dW[:, 1:] = np.einsum("nq,nd->qd", dU, X_tilde[:, 1:])
    return np.einsum("nq,qd->nd", dU, W[:, 1:]), dW
'''),
    ("mlp_loss_and_grads", "caches the ReLU outputs and takes the mask from them (> 0)", '''
def mlp_loss_and_grads(weights, X, Y):
    caches, outs, H = [], [], X
    for k, W in enumerate(weights):
        H, cache = affine_forward(H, W)
        caches.append(cache)
        if k < len(weights) - 1:
            H = np.maximum(H, 0.0)
            outs.append(H)
    loss, dH = softmax_cross_entropy(H, Y)
    grads = []
    for k in reversed(range(len(weights))):
        if k < len(weights) - 1:
            dH = dH * (outs[k] > 0)
        dH, g = affine_backward(dH, caches[k])
        grads.insert(0, g)
    return loss, grads
'''),
    ("backward_3layer", "float32 kept, the mask from Z_tilde without its column 0", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    delta1 = (delta2 @ V[:, 1:]) * (cache["Z_tilde"][:, 1:] > 0)
    return delta1.T @ cache["X_tilde"], delta2.T @ cache["Z_tilde"]
'''),
    ("confusion_matrix", "np.bincount of the flattened pair index", '''
def confusion_matrix(y_true, y_pred, n_classes):
    idx = np.asarray(y_true, dtype=int) * n_classes + np.asarray(y_pred, dtype=int)
    return np.bincount(idx, minlength=n_classes * n_classes).reshape(n_classes, n_classes)
'''),
    ("softmax_cross_entropy", "np.logaddexp.reduce per row and the true scores picked by argmax", '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    lse = np.logaddexp.reduce(U, axis=1)
    labels = np.argmax(Y, axis=1)
    n = U.shape[0]
    return float(np.mean(lse - U[np.arange(n), labels])), (np.exp(U - lse[:, None]) - Y) / n
'''),
    ("sigmoid_mse_backward", "the sigmoid and its slope through tanh, no helper functions", '''
def sigmoid_mse_backward(A, Y):
    S = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(A, dtype=float)))
    R = S - Y
    return float(0.5 * np.sum(R * R) / len(A)), R * S * (1.0 - S) / len(A)
'''),
    ("forward_3layer", "einsum, and the bias added as a separate row vector", '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = np.einsum("nd,qd->nq", X[:, :], W[:, 1:]) + W[:, 0]
    Z_tilde = add_bias(np.maximum(U, 0.0))
    A = np.einsum("nq,mq->nm", Z_tilde[:, 1:], V[:, 1:]) + V[:, 0]
    E = np.exp(A - A.max(axis=1, keepdims=True))
    Y_hat = E / E.sum(axis=1, keepdims=True)
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    ("numerical_gradient", "iterates over a flat view of x", '''
def numerical_gradient(f, x, h=1e-5):
    flat = x.reshape(-1)
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + h
        up = f(x)
        flat[i] = keep - h
        down = f(x)
        flat[i] = keep
        grad[i] = (up - down) / (2 * h)
    return grad.reshape(x.shape)
'''),
]
