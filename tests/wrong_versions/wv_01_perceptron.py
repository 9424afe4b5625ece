"""Plausible mistakes in notebook 01; each must fail its test cell (see tests/test_wrong_versions.py)."""

WRONG_VERSIONS = [
    ("predict", "ties to plus one", '''
def predict(w, X):
    return np.where(X @ w >= 0, 1, -1)
'''),
    ("predict", "np.sign gives 0 at a tie", '''
def predict(w, X):
    return np.sign(X @ w)
'''),
    ("predict", "labels 1 and 0 instead of +1 and -1", '''
def predict(w, X):
    return (X @ w > 0).astype(int)
'''),
    ("perceptron_update", "subtracts instead of adds", '''
def perceptron_update(w, x, y, lr):
    w = np.array(w, dtype=float)
    if (1 if w @ x > 0 else -1) != y:
        w = w - lr * y * x
    return w
'''),
    ("perceptron_update", "updates on every example", '''
def perceptron_update(w, x, y, lr):
    return np.asarray(w, dtype=float) + lr * y * x
'''),
    ("perceptron_update", "margin test y*w.x <= 0 updates a correct tie", '''
def perceptron_update(w, x, y, lr):
    w = np.array(w, dtype=float)
    if y * (w @ x) <= 0:
        w = w + lr * y * x
    return w
'''),
    ("perceptron_update", "margin test y*w.x < 0 misses the tie at w = 0", '''
def perceptron_update(w, x, y, lr):
    w = np.array(w, dtype=float)
    if y * (w @ x) < 0:
        w = w + lr * y * x
    return w
'''),
    ("perceptron_update", "modifies w in place", '''
def perceptron_update(w, x, y, lr):
    if (1 if w @ x > 0 else -1) != y:
        w += lr * y * x
    return w
'''),
    ("perceptron_loss", "mean instead of sum", '''
def perceptron_loss(w, X, y):
    return float(np.mean(np.maximum(0.0, -y * (X @ w))))
'''),
    ("perceptron_loss", "no hinge", '''
def perceptron_loss(w, X, y):
    return float(np.sum(-y * (X @ w)))
'''),
    ("train_perceptron", "does not stop after a clean epoch", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    mistakes = []
    for _ in range(epochs):
        order = rng.permutation(len(y)) if shuffle else range(len(y))
        count = 0
        for i in order:
            w_next = perceptron_update(w, X[i], y[i], lr)
            count += int(not np.array_equal(w_next, w))
            w = w_next
        mistakes.append(count)
    return w, mistakes
'''),
    ("train_perceptron", "counts mistakes cumulatively", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    mistakes, count = [], 0
    for _ in range(epochs):
        order = rng.permutation(len(y)) if shuffle else range(len(y))
        before = count
        for i in order:
            w_next = perceptron_update(w, X[i], y[i], lr)
            count += int(not np.array_equal(w_next, w))
            w = w_next
        mistakes.append(count)
        if count == before:
            break
    return w, mistakes
'''),
    ("train_perceptron", "ignores w0", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros(X.shape[1])
    mistakes = []
    for _ in range(epochs):
        order = rng.permutation(len(y)) if shuffle else range(len(y))
        count = 0
        for i in order:
            w_next = perceptron_update(w, X[i], y[i], lr)
            count += int(not np.array_equal(w_next, w))
            w = w_next
        mistakes.append(count)
        if count == 0:
            break
    return w, mistakes
'''),
    ("train_perceptron", "same order every epoch even when shuffling", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    mistakes = []
    order = range(len(y))
    for _ in range(epochs):
        count = 0
        for i in order:
            w_next = perceptron_update(w, X[i], y[i], lr)
            count += int(not np.array_equal(w_next, w))
            w = w_next
        mistakes.append(count)
        if count == 0:
            break
    return w, mistakes
'''),
    ("bag_of_words", "counts instead of 0/1", '''
def bag_of_words(token_lists, vocabulary):
    X = np.zeros((len(token_lists), len(vocabulary)))
    for i, tokens in enumerate(token_lists):
        for t in tokens:
            if t in vocabulary:
                X[i, vocabulary.index(t)] += 1
    return X
'''),
    ("bag_of_words", "columns in sorted order, not vocabulary order", '''
def bag_of_words(token_lists, vocabulary):
    vocab = sorted(vocabulary)
    return np.array([[1.0 if w in tokens else 0.0 for w in vocab] for tokens in token_lists]).reshape(len(token_lists), len(vocab))
'''),
    ("accuracy", "percentage", '''
def accuracy(y_true, y_pred):
    return 100.0 * np.mean(np.asarray(y_true) == np.asarray(y_pred))
'''),
    ("accuracy", "error rate", '''
def accuracy(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) != np.asarray(y_pred)))
'''),
    ("predict", "casts w to integers (drops the halves of the weights)", '''
def predict(w, X):
    return np.where(X @ np.asarray(w).astype(int) > 0, 1, -1)
'''),
    ("perceptron_update", "y = -1 tie treated as a mistake (updates whenever w @ x == 0)", '''
def perceptron_update(w, x, y, lr):
    w = np.array(w, dtype=float)
    s = w @ x
    if s == 0 or (1 if s > 0 else -1) != y:
        w = w + lr * y * x
    return w
'''),
    ("perceptron_update", "no update at a tie for y = +1 either (gradient of the flat side)", '''
def perceptron_update(w, x, y, lr):
    w = np.array(w, dtype=float)
    s = w @ x
    if s != 0 and (1 if s > 0 else -1) != y:
        w = w + lr * y * x
    return w
'''),
    ("perceptron_update", "casts w to integers", '''
def perceptron_update(w, x, y, lr):
    w = np.array(w, dtype=int)
    if (1 if w @ x > 0 else -1) != y:
        w = w + lr * y * x
    return w
'''),
    ("perceptron_update", "keeps the dtype of x for the weights (integer x truncates the step)", '''
def perceptron_update(w, x, y, lr):
    x = np.asarray(x)
    w_new = np.array(w, dtype=x.dtype)
    if (1 if w_new @ x > 0 else -1) != y:
        w_new = w_new + (lr * y * x).astype(x.dtype)
    return w_new
'''),
    ("perceptron_loss", "hinge loss with margin 1 (the SVM loss)", '''
def perceptron_loss(w, X, y):
    return float(np.sum(np.maximum(0.0, 1.0 - y * (X @ w))))
'''),
    ("perceptron_loss", "counts the wrong examples (0-1 loss) instead of adding |score|", '''
def perceptron_loss(w, X, y):
    return float(np.sum(y * (X @ w) < 0))
'''),
    ("perceptron_loss", "integer features make integer weights", '''
def perceptron_loss(w, X, y):
    X = np.asarray(X)
    w = np.asarray(w).astype(X.dtype)
    return float(np.sum(np.maximum(0, -y * (X @ w))))
'''),
    ("train_perceptron", "weights start as zeros_like(X[0]) and are updated in place (fails for integer X)", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros_like(X[0]) if w0 is None else np.array(w0)
    mistakes = []
    for _ in range(epochs):
        order = rng.permutation(len(y)) if shuffle else range(len(y))
        count = 0
        for i in order:
            if (1 if w @ X[i] > 0 else -1) != y[i]:
                w += lr * y[i] * X[i]
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    return w, mistakes
'''),
    ("train_perceptron", "drops repeated rows before training", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    _, first = np.unique(X, axis=0, return_index=True)
    first = np.sort(first)
    X, y = X[first], y[first]
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    mistakes = []
    for _ in range(epochs):
        order = rng.permutation(len(y)) if shuffle else range(len(y))
        count = 0
        for i in order:
            w_next = perceptron_update(w, X[i], y[i], lr)
            count += int(not np.array_equal(w_next, w))
            w = w_next
        mistakes.append(count)
        if count == 0:
            break
    return w, mistakes
'''),
    ("train_perceptron", "does not count the clean last epoch", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    mistakes = []
    for _ in range(epochs):
        order = rng.permutation(len(y)) if shuffle else range(len(y))
        count = 0
        for i in order:
            w_next = perceptron_update(w, X[i], y[i], lr)
            count += int(not np.array_equal(w_next, w))
            w = w_next
        if count == 0:
            break
        mistakes.append(count)
    return w, mistakes
'''),
    ("bag_of_words", "one row per distinct message (rows kept in a dict keyed by the message)", '''
def bag_of_words(token_lists, vocabulary):
    rows = {}
    for tokens in token_lists:
        rows[tuple(tokens)] = [1.0 if word in tokens else 0.0 for word in vocabulary]
    return np.array(list(rows.values())).reshape(len(rows), len(vocabulary))
'''),
    ("bag_of_words", "counts only the first token of each message", '''
def bag_of_words(token_lists, vocabulary):
    X = np.zeros((len(token_lists), len(vocabulary)))
    for i, tokens in enumerate(token_lists):
        if tokens and tokens[0] in vocabulary:
            X[i, vocabulary.index(tokens[0])] = 1.0
    return X
'''),
    ("accuracy", "assumes labels +1/-1 (y_true * y_pred > 0)", '''
def accuracy(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) * np.asarray(y_pred) > 0))
'''),
    ("accuracy", "equal when the difference is 0 (fails on boolean labels)", '''
def accuracy(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) - np.asarray(y_pred) == 0))
'''),
    ("predict", "accepts only float64 input (rejects float32, integer and boolean features)", '''
def predict(w, X):
    if X.dtype != np.float64:
        raise TypeError("X must be float64")
    return np.where(X @ w > 0, 1, -1)
'''),
    ("perceptron_update", "accepts only float64 input (rejects float32)", '''
def perceptron_update(w, x, y, lr):
    if np.asarray(w).dtype != np.float64:
        raise TypeError("w must be float64")
    w = np.array(w, dtype=float)
    if (1 if w @ x > 0 else -1) != y:
        w = w + lr * y * x
    return w
'''),
    ("perceptron_loss", "accepts only float64 input (rejects float32)", '''
def perceptron_loss(w, X, y):
    if np.asarray(X).dtype != np.float64:
        raise TypeError("X must be float64")
    return float(np.sum(np.maximum(0.0, -y * (X @ w))))
'''),
]

# Correct implementations in other styles (dtypes, loops, in-place on a copy, other formula forms):
# each must pass its whole test cell, hidden checks included. tests/test_wrong_versions.py reads only
# WRONG_VERSIONS; run these with harness.namespace + harness.run_quietly, as for a wrong version but
# expecting no exception.
CORRECT_VERSIONS = [
    ("predict", "2 * (score > 0) - 1", '''
def predict(w, X):
    return 2 * (X @ w > 0) - 1
'''),
    ("predict", "np.sign with the tie fixed afterwards (float labels)", '''
def predict(w, X):
    s = np.sign(np.dot(X, w))
    s[s == 0] = -1
    return s
'''),
    ("predict", "a Python loop over the rows", '''
def predict(w, X):
    return np.array([1 if float(np.dot(w, row)) > 0 else -1 for row in X], dtype=int).reshape(len(X))
'''),
    ("perceptron_update", "copy then in-place step", '''
def perceptron_update(w, x, y, lr):
    w = w.copy()
    if (1 if w @ x > 0 else -1) != y:
        w += lr * y * x
    return w
'''),
    ("perceptron_update", "uses predict on a one-row matrix", '''
def perceptron_update(w, x, y, lr):
    if predict(w, x[None, :])[0] != y:
        return w + lr * y * x
    return np.copy(w)
'''),
    ("perceptron_update", "boolean comparison of sides", '''
def perceptron_update(w, x, y, lr):
    wrong = (np.dot(w, x) > 0) != (y > 0)
    return w + lr * y * x if wrong else w.copy()
'''),
    ("perceptron_loss", "clip and sum, returns a numpy scalar", '''
def perceptron_loss(w, X, y):
    return np.clip(-y * (X @ w), 0, None).sum()
'''),
    ("perceptron_loss", "np.where on the wrong side only", '''
def perceptron_loss(w, X, y):
    s = y * np.dot(X, w)
    return np.sum(np.where(s < 0, -s, 0.0))
'''),
    ("perceptron_loss", "a Python loop", '''
def perceptron_loss(w, X, y):
    total = 0.0
    for xi, yi in zip(X, y):
        total += max(0.0, -float(yi) * float(np.dot(w, xi)))
    return total
'''),
    ("train_perceptron", "counts mistakes with predict, float weights, in-place step", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    n, d = X.shape
    w = np.zeros(d) if w0 is None else w0.astype(float)
    mistakes = []
    for epoch in range(epochs):
        idx = rng.permutation(n) if shuffle else np.arange(n)
        m = 0
        for i in idx:
            if predict(w, X[i:i + 1])[0] != y[i]:
                w += lr * y[i] * X[i]
                m += 1
        mistakes.append(m)
        if m == 0:
            break
    return w, mistakes
'''),
    ("train_perceptron", "uses perceptron_update and compares predictions", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.copy(w0)
    mistakes = []
    while len(mistakes) < epochs:
        order = rng.permutation(len(y)) if shuffle else range(len(y))
        count = 0
        for i in order:
            count += int((1 if w @ X[i] > 0 else -1) != y[i])
            w = perceptron_update(w, X[i], y[i], lr)
        mistakes.append(count)
        if not count:
            break
    return w, mistakes
'''),
    ("bag_of_words", "vocabulary.index and an integer array", '''
def bag_of_words(token_lists, vocabulary):
    X = np.zeros((len(token_lists), len(vocabulary)), dtype=int)
    for i, tokens in enumerate(token_lists):
        for t in set(tokens):
            if t in vocabulary:
                X[i, vocabulary.index(t)] = 1
    return X
'''),
    ("bag_of_words", "a boolean matrix from set membership", '''
def bag_of_words(token_lists, vocabulary):
    sets = [set(t) for t in token_lists]
    return np.array([[word in s for word in vocabulary] for s in sets], dtype=bool).reshape(len(sets), len(vocabulary))
'''),
    ("accuracy", "sum over length", '''
def accuracy(y_true, y_pred):
    return np.sum(y_true == y_pred) / len(y_true)
'''),
    ("accuracy", "mean of the comparison, numpy scalar", '''
def accuracy(y_true, y_pred):
    return (np.asarray(y_true) == np.asarray(y_pred)).mean()
'''),
]
