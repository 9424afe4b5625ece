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
]
