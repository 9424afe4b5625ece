"""Plausible mistakes in notebook 02; each must fail its test cell (see tests/test_wrong_versions.py)."""

WRONG_VERSIONS = [
    # --- activations ------------------------------------------------------------------------
    ("sigmoid", "naive formula overflows for large negative x", '''
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))
'''),
    ("sigmoid", "stable branches inside np.where still evaluate exp(-x) everywhere", '''
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(x)))
'''),
    ("sigmoid_grad", "returns the sigmoid itself", '''
def sigmoid_grad(x):
    return sigmoid(x)
'''),
    ("sigmoid_grad", "applies s(1 - s) to x instead of sigmoid(x)", '''
def sigmoid_grad(x):
    x = np.asarray(x, dtype=float)
    return x * (1.0 - x)
'''),
    ("tanh_grad", "1 - x**2 instead of 1 - tanh(x)**2", '''
def tanh_grad(x):
    return 1.0 - np.asarray(x, dtype=float) ** 2
'''),
    ("tanh_grad", "forgets the square", '''
def tanh_grad(x):
    return 1.0 - np.tanh(x)
'''),
    ("tanh_grad", "1 / cosh(x)**2: cosh overflows for large |x|", '''
def tanh_grad(x):
    return 1.0 / np.cosh(np.asarray(x, dtype=float)) ** 2
'''),
    ("sigmoid_grad", "exp(-x) / (1 + exp(-x))**2 overflows for large negative x", '''
def sigmoid_grad(x):
    e = np.exp(-np.asarray(x, dtype=float))
    return e / (1.0 + e) ** 2
'''),
    ("relu", "returns the 0/1 mask instead of max(0, x)", '''
def relu(x):
    return (np.asarray(x) > 0).astype(float)
'''),
    ("relu_grad", "ReLU'(0) = 1 (>= instead of >)", '''
def relu_grad(x):
    return (np.asarray(x) >= 0).astype(float)
'''),
    ("relu_grad", "returns booleans instead of floats", '''
def relu_grad(x):
    return np.asarray(x) > 0
'''),
    # --- softmax and the loss -------------------------------------------------------------------
    ("softmax", "no max-shift: overflows for large scores", '''
def softmax(U):
    E = np.exp(np.asarray(U, dtype=float))
    return E / E.sum(axis=1, keepdims=True)
'''),
    ("softmax", "normalises along axis 0 (columns)", '''
def softmax(U):
    U = np.asarray(U, dtype=float)
    E = np.exp(U - U.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
'''),
    ("softmax", "one maximum and one sum over the whole matrix", '''
def softmax(U):
    U = np.asarray(U, dtype=float)
    E = np.exp(U - U.max())
    return E / E.sum()
'''),
    ("softmax", "shifts the input in place", '''
def softmax(U):
    U -= U.max(axis=1, keepdims=True)
    E = np.exp(U)
    return E / E.sum(axis=1, keepdims=True)
'''),
    ("cross_entropy", "summed over the rows, not averaged", '''
def cross_entropy(P, Y):
    return float(-np.sum(Y * np.log(np.where(Y > 0, P, 1.0))))
'''),
    ("cross_entropy", "log(0) where the target is 0 gives nan", '''
def cross_entropy(P, Y):
    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))
'''),
    ("cross_entropy", "mean over all n*m entries", '''
def cross_entropy(P, Y):
    return float(-np.mean(Y * np.log(np.where(Y > 0, P, 1.0))))
'''),
    # --- computational graph ------------------------------------------------------------------------
    ("graph_forward_backward", "derivatives swapped", '''
def graph_forward_backward(a, b):
    c, d = a + b, b + 1.0
    return c * d, d + c, d
'''),
    ("graph_forward_backward", "de/db along the path through c only", '''
def graph_forward_backward(a, b):
    c, d = a + b, b + 1.0
    return c * d, d, d
'''),
    # --- three-layer network --------------------------------------------------------------------------
    ("add_bias", "constant column appended last", '''
def add_bias(X):
    X = np.asarray(X, dtype=float)
    return np.hstack([X, np.ones((X.shape[0], 1))])
'''),
    ("forward_3layer", "no activation on the hidden layer", '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = X_tilde @ W.T
    Z_tilde = add_bias(U)
    Y_hat = softmax(Z_tilde @ V.T)
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    ("forward_3layer", "caches U after the ReLU", '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = relu(X_tilde @ W.T)
    Z_tilde = add_bias(U)
    Y_hat = softmax(Z_tilde @ V.T)
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    ("forward_3layer", "wrong transpose (X_tilde @ W)", '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = X_tilde @ W
    Z_tilde = add_bias(relu(U))
    Y_hat = softmax(Z_tilde @ V)
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    ("forward_3layer", "ReLU also on the output scores before the softmax", '''
def forward_3layer(W, V, X):
    X_tilde = add_bias(X)
    U = X_tilde @ W.T
    Z_tilde = add_bias(relu(U))
    Y_hat = softmax(relu(Z_tilde @ V.T))
    return Y_hat, {"X_tilde": X_tilde, "U": U, "Z_tilde": Z_tilde, "Y_hat": Y_hat}
'''),
    # --- softmax + cross-entropy from the scores ----------------------------------------------------
    ("softmax_cross_entropy", "loss through the probabilities: cross_entropy(softmax(U), Y) is not finite-safe", '''
def softmax_cross_entropy(U, Y):
    P = softmax(U)
    return cross_entropy(P, Y), (P - Y) / U.shape[0]
'''),
    ("softmax_cross_entropy", "log of clipped probabilities instead of the log-sum-exp", '''
def softmax_cross_entropy(U, Y):
    P = softmax(U)
    return float(-np.sum(Y * np.log(np.clip(P, 1e-12, 1.0))) / U.shape[0]), (P - Y) / U.shape[0]
'''),
    ("softmax_cross_entropy", "log-sum-exp without the max-shift overflows", '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    lse = np.log(np.exp(U).sum(axis=1))
    n = U.shape[0]
    return float(np.sum(lse - np.sum(Y * U, axis=1)) / n), (softmax(U) - Y) / n
'''),
    ("softmax_cross_entropy", "one shift for the whole matrix instead of one per row", '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max()
    lse = c + np.log(np.exp(U - c).sum(axis=1))
    n = U.shape[0]
    return float(np.sum(lse - np.sum(Y * U, axis=1)) / n), (softmax(U) - Y) / n
'''),
    ("softmax_cross_entropy", "dU missing /n (gradient of the summed loss)", '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(U - c).sum(axis=1))
    return float(np.mean(lse - np.sum(Y * U, axis=1))), softmax(U) - Y
'''),
    ("softmax_cross_entropy", "dU with the sign flipped (target minus prediction)", '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(U - c).sum(axis=1))
    return float(np.mean(lse - np.sum(Y * U, axis=1))), (Y - softmax(U)) / U.shape[0]
'''),
    ("softmax_cross_entropy", "loss summed over the rows, not averaged", '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(U - c).sum(axis=1))
    return float(np.sum(lse - np.sum(Y * U, axis=1))), (softmax(U) - Y) / U.shape[0]
'''),
    ("softmax_cross_entropy", "loss averaged over all n*m entries", '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    log_p = U - c - np.log(np.exp(U - c).sum(axis=1, keepdims=True))
    return float(-np.mean(Y * log_p)), (softmax(U) - Y) / U.shape[0]
'''),
    ("softmax_cross_entropy", "dU forgets to subtract the target", '''
def softmax_cross_entropy(U, Y):
    U = np.asarray(U, dtype=float)
    c = U.max(axis=1, keepdims=True)
    lse = c[:, 0] + np.log(np.exp(U - c).sum(axis=1))
    return float(np.mean(lse - np.sum(Y * U, axis=1))), softmax(U) / U.shape[0]
'''),
    ("softmax_cross_entropy", "shifts U in place", '''
def softmax_cross_entropy(U, Y):
    U -= U.max(axis=1, keepdims=True)
    lse = np.log(np.exp(U).sum(axis=1))
    return float(np.mean(lse - np.sum(Y * U, axis=1))), (softmax(U) - Y) / U.shape[0]
'''),
    # --- sigmoid output with the squared error ------------------------------------------------------
    ("sigmoid_mse_backward", "dA = y_hat - y: forgets the sigmoid's derivative", '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), R / n
'''),
    ("sigmoid_mse_backward", "sigmoid' taken at the output sigmoid(a) instead of at a", '''
def sigmoid_mse_backward(A, Y):
    S = sigmoid(A)
    R = S - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), R * sigmoid_grad(S) / n
'''),
    ("sigmoid_mse_backward", "dA missing /n", '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), R * sigmoid_grad(A)
'''),
    ("sigmoid_mse_backward", "drops the 1/2: loss and gradient twice too large", '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(np.sum(R ** 2) / n), 2 * R * sigmoid_grad(A) / n
'''),
    ("sigmoid_mse_backward", "keeps the 1/2 in the loss but a 2 in the gradient", '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), 2 * R * sigmoid_grad(A) / n
'''),
    ("sigmoid_mse_backward", "loss averaged over all n*m entries", '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.mean(R ** 2)), R * sigmoid_grad(A) / n
'''),
    ("sigmoid_mse_backward", "sign flipped (target minus prediction)", '''
def sigmoid_mse_backward(A, Y):
    R = sigmoid(A) - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), -R * sigmoid_grad(A) / n
'''),
    ("sigmoid_mse_backward", "naive sigmoid overflows for scores of -1000", '''
def sigmoid_mse_backward(A, Y):
    S = 1.0 / (1.0 + np.exp(-np.asarray(A, dtype=float)))
    R = S - Y
    n = A.shape[0]
    return float(0.5 * np.sum(R ** 2) / n), R * S * (1 - S) / n
'''),
    # --- backward -------------------------------------------------------------------------------------
    ("backward_3layer", "dV transposed (Z_tilde.T @ delta2)", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    delta1 = (delta2 @ V[:, 1:]) * relu_grad(cache["U"])
    return delta1.T @ cache["X_tilde"], cache["Z_tilde"].T @ delta2
'''),
    ("backward_3layer", "divides by n twice (in delta2 and again in dW)", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * relu_grad(cache["U"])
    return delta1.T @ cache["X_tilde"] / n, dV
'''),
    ("backward_3layer", "sign flipped (Y - Y_hat)", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (Y - cache["Y_hat"]) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * relu_grad(cache["U"])
    return delta1.T @ cache["X_tilde"], dV
'''),
    ("backward_3layer", "ReLU mask from Z_tilde without its LAST column (shifted by one unit, the constant included)", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * (cache["Z_tilde"][:, :-1] > 0)
    return delta1.T @ cache["X_tilde"], dV
'''),
    ("backward_3layer", "drops V's last column instead of its bias column", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, :-1]) * relu_grad(cache["U"])
    return delta1.T @ cache["X_tilde"], dV
'''),
    ("backward_3layer", "keeps V's bias column", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V)[:, :-1] * relu_grad(cache["U"])
    return delta1.T @ cache["X_tilde"], dV
'''),
    ("backward_3layer", "missing /n (gradient of the summed loss)", '''
def backward_3layer(W, V, cache, Y):
    delta2 = cache["Y_hat"] - Y
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * relu_grad(cache["U"])
    return delta1.T @ cache["X_tilde"], dV
'''),
    ("backward_3layer", "forgets the activation derivative", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = delta2 @ V[:, 1:]
    return delta1.T @ cache["X_tilde"], dV
'''),
    ("backward_3layer", "returns (dV, dW) in the wrong order", '''
def backward_3layer(W, V, cache, Y):
    n = Y.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n
    dV = delta2.T @ cache["Z_tilde"]
    delta1 = (delta2 @ V[:, 1:]) * relu_grad(cache["U"])
    return dV, delta1.T @ cache["X_tilde"]
'''),
    # --- numerical gradient ------------------------------------------------------------------------
    ("numerical_gradient", "forward difference", '''
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
    ("numerical_gradient", "does not restore x", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += h
        f_plus = f(x)
        x[i] -= 2 * h
        grad[i] = (f_plus - f(x)) / (2 * h)
    return grad
'''),
    ("numerical_gradient", "ignores the step argument h", '''
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
    ("numerical_gradient", "divides by h instead of 2h", '''
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
    # --- concept questions --------------------------------------------------------------------------
    ("answer_q1", "thinks reverse mode needs one sweep per weight", '''
answer_q1 = "a"
'''),
    ("answer_q2", "blames dV for the planted bug", '''
answer_q2 = "b"
'''),
    ("answer_q2", "thinks both gradients are wrong", '''
answer_q2 = "c"
'''),
    # --- deep network ---------------------------------------------------------------------------------
    ("mlp_forward", "ReLU also on the output scores before the softmax", '''
def mlp_forward(weights, X):
    Z_tildes, Us = [], []
    Z = np.asarray(X, dtype=float)
    for W in weights[:-1]:
        Z_tildes.append(add_bias(Z))
        Us.append(Z_tildes[-1] @ W.T)
        Z = relu(Us[-1])
    Z_tildes.append(add_bias(Z))
    Y_hat = softmax(relu(Z_tildes[-1] @ weights[-1].T))
    return Y_hat, {"Z_tilde": Z_tildes, "U": Us, "Y_hat": Y_hat}
'''),
    ("mlp_forward", "wrong transpose (Z_tilde @ W)", '''
def mlp_forward(weights, X):
    Z_tildes, Us = [], []
    Z = np.asarray(X, dtype=float)
    for W in weights[:-1]:
        Z_tildes.append(add_bias(Z))
        Us.append(Z_tildes[-1] @ W)
        Z = relu(Us[-1])
    Z_tildes.append(add_bias(Z))
    Y_hat = softmax(Z_tildes[-1] @ weights[-1])
    return Y_hat, {"Z_tilde": Z_tildes, "U": Us, "Y_hat": Y_hat}
'''),
    ("mlp_forward", "caches the activations instead of the pre-activations", '''
def mlp_forward(weights, X):
    Z_tildes, Us = [], []
    Z = np.asarray(X, dtype=float)
    for W in weights[:-1]:
        Z_tildes.append(add_bias(Z))
        Z = relu(Z_tildes[-1] @ W.T)
        Us.append(Z)
    Z_tildes.append(add_bias(Z))
    Y_hat = softmax(Z_tildes[-1] @ weights[-1].T)
    return Y_hat, {"Z_tilde": Z_tildes, "U": Us, "Y_hat": Y_hat}
'''),
    ("mlp_backward", "gradients returned from the last layer to the first", '''
def mlp_backward(weights, cache, Y):
    delta = (cache["Y_hat"] - Y) / Y.shape[0]
    grads = []
    for k in range(len(weights) - 1, -1, -1):
        grads.append(delta.T @ cache["Z_tilde"][k])
        if k > 0:
            delta = (delta @ weights[k][:, 1:]) * relu_grad(cache["U"][k - 1])
    return grads
'''),
    ("mlp_backward", "uses the pre-activation of the wrong layer", '''
def mlp_backward(weights, cache, Y):
    delta = (cache["Y_hat"] - Y) / Y.shape[0]
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        grads[k] = delta.T @ cache["Z_tilde"][k]
        if k > 0:
            delta = (delta @ weights[k][:, 1:]) * relu_grad(cache["U"][-1])
    return grads
'''),
    ("mlp_backward", "divides by n in every layer", '''
def mlp_backward(weights, cache, Y):
    n = Y.shape[0]
    delta = cache["Y_hat"] - Y
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        grads[k] = delta.T @ cache["Z_tilde"][k] / n
        if k > 0:
            delta = (delta @ weights[k][:, 1:]) * relu_grad(cache["U"][k - 1]) / n
    return grads
'''),
    ("mlp_backward", "forgets the activation derivative", '''
def mlp_backward(weights, cache, Y):
    delta = (cache["Y_hat"] - Y) / Y.shape[0]
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        grads[k] = delta.T @ cache["Z_tilde"][k]
        if k > 0:
            delta = delta @ weights[k][:, 1:]
    return grads
'''),
    ("mlp_backward", "missing /n", '''
def mlp_backward(weights, cache, Y):
    delta = cache["Y_hat"] - Y
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        grads[k] = delta.T @ cache["Z_tilde"][k]
        if k > 0:
            delta = (delta @ weights[k][:, 1:]) * relu_grad(cache["U"][k - 1])
    return grads
'''),
    ("mlp_backward", "keeps the bias column of W_k going back", '''
def mlp_backward(weights, cache, Y):
    delta = (cache["Y_hat"] - Y) / Y.shape[0]
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        grads[k] = delta.T @ cache["Z_tilde"][k]
        if k > 0:
            delta = (delta @ weights[k])[:, :-1] * relu_grad(cache["U"][k - 1])
    return grads
'''),
    ("mlp_backward", "gradients transposed", '''
def mlp_backward(weights, cache, Y):
    delta = (cache["Y_hat"] - Y) / Y.shape[0]
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        grads[k] = cache["Z_tilde"][k].T @ delta
        if k > 0:
            delta = (delta @ weights[k][:, 1:]) * relu_grad(cache["U"][k - 1])
    return grads
'''),
    # --- evaluation ---------------------------------------------------------------------------------
    ("confusion_matrix", "transposed: rows predicted, columns actual", '''
def confusion_matrix(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(cm, (y_pred, y_true), 1)
    return cm
'''),
    ("confusion_matrix", "fancy-index += counts a repeated pair once", '''
def confusion_matrix(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes), dtype=int)
    cm[y_true, y_pred] += 1
    return cm
'''),
    ("confusion_matrix", "size from the labels present, not n_classes", '''
def confusion_matrix(y_true, y_pred, n_classes):
    k = int(max(np.max(y_true), np.max(y_pred))) + 1
    cm = np.zeros((k, k), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
'''),
    ("confusion_matrix", "float counts (np.zeros without dtype=int)", '''
def confusion_matrix(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes))
    for a, b in zip(y_true, y_pred):
        cm[a, b] += 1
    return cm
'''),
]
