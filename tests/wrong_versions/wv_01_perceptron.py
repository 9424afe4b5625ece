"""Plausible mistakes in notebook 01; each must fail its test cell (see tests/test_wrong_versions.py)."""

# the training loop of the reference, with a hook for one mistake at a time
_TRAIN = '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    mistakes = []
    ONCE
    for _ in range(epochs):
        ORDER
        count = 0
        for i in order:
            STEP
        mistakes.append(count)
        STOP
    return w, mistakes
'''
_ORDER = "order = rng.permutation(len(y)) if shuffle else range(len(y))"
_STEP = '''wrong = (1 if X[i] @ w > 0 else -1) != y[i]
            if wrong:
                w = w + lr * y[i] * X[i]
                count += 1'''
_STOP = "if count == 0:\n            break"


def _train(once="", order=_ORDER, step=_STEP, stop=_STOP):
    return (_TRAIN.replace("ONCE", once).replace("ORDER", order).replace("STEP", step)
            .replace("STOP", stop))


_AVG = '''
def averaged_perceptron(X, y, lr=1.0, epochs=10, shuffle=False, rng=None):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    w, total, steps, updates = np.zeros(d), np.zeros(d), 0, 0
    W_last, W_avg, mistakes = [], [], []
    ONCE
    for _ in range(epochs):
        ORDER
        count = 0
        for i in order:
            STEP
        W_last.append(w.copy())
        W_avg.append(AVG)
        mistakes.append(count)
        if count == 0:
            break
    return np.array(W_last), np.array(W_avg), mistakes
'''
_AVG_STEP = '''if (1 if X[i] @ w > 0 else -1) != y[i]:
                w = w + lr * y[i] * X[i]
                count += 1
            total = total + w
            steps += 1'''


def _avg(step=_AVG_STEP, avg="total / steps", once="", order=_ORDER):
    return _AVG.replace("ONCE", once).replace("ORDER", order).replace("STEP", step).replace("AVG", avg)


_EVAL = '''
def evaluate(y_true, scores, thresholds):
    y_true, scores, thresholds = np.asarray(y_true), np.asarray(scores, dtype=float), np.asarray(thresholds, dtype=float)
    flagged = FLAG
    spam = (y_true == 1)[:, None]
    tp = np.sum(flagged & spam, axis=0)
    fp = np.sum(flagged & ~spam, axis=0)
    fn = np.sum(~flagged & spam, axis=0)
    tn = np.sum(~flagged & ~spam, axis=0)
    precision = PRECISION
    recall = tp / (tp + fn)
    return RESULT
'''
_FLAG = "scores[:, None] > thresholds[None, :]"
_PREC = "np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 1.0)"
_RESULT = '{"tp": tp, "fp": fp, "fn": fn, "tn": tn, "accuracy": (tp + tn) / len(y_true), "precision": precision, "recall": recall}'


def _eval(flag=_FLAG, precision=_PREC, result=_RESULT):
    return _EVAL.replace("FLAG", flag).replace("PRECISION", precision).replace("RESULT", result)


_LOSS = '''
def perceptron_loss(w, X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    s = X @ np.asarray(w, dtype=float)
    LOSS
    GRAD
    return loss, grad
'''
_LOSS_OK = "loss = float(np.sum(np.maximum(0.0, -y * s)))"
_GRAD_OK = "grad = -((np.where(s > 0, 1, -1) != y) * y) @ X"


def _loss(loss=_LOSS_OK, grad=_GRAD_OK):
    return _LOSS.replace("LOSS", loss).replace("GRAD", grad)


WRONG_VERSIONS = [
    # predict
    ("predict", "ties to plus one (lecture 004's step(0) = 1)", '''
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
    ("predict", "casts w to integers (drops the halves of the weights)", '''
def predict(w, X):
    return np.where(X @ np.asarray(w).astype(int) > 0, 1, -1)
'''),
    ("predict", "accepts only float64 input (rejects float32, integer and boolean features)", '''
def predict(w, X):
    if X.dtype != np.float64:
        raise TypeError("X must be float64")
    return np.where(X @ w > 0, 1, -1)
'''),
    # perceptron_loss: the loss half
    ("perceptron_loss", "mean instead of sum", _loss(loss="loss = float(np.mean(np.maximum(0.0, -y * s)))")),
    ("perceptron_loss", "no hinge", _loss(loss="loss = float(np.sum(-y * s))")),
    ("perceptron_loss", "hinge loss with margin 1 (the SVM loss)", _loss(loss="loss = float(np.sum(np.maximum(0.0, 1.0 - y * s)))")),
    ("perceptron_loss", "counts the wrong examples (0-1 loss) instead of adding |score|", _loss(loss="loss = float(np.sum(y * s < 0))")),
    # perceptron_loss: the gradient half
    ("perceptron_loss", "gradient with the wrong sign (+y x on the wrong side)", _loss(grad="grad = ((np.where(s > 0, 1, -1) != y) * y) @ X")),
    ("perceptron_loss", "gradient of the mean, not of the sum", _loss(grad="grad = -((np.where(s > 0, 1, -1) != y) * y) @ X / len(y)")),
    ("perceptron_loss", "gradient summed over every example, correct ones included", _loss(grad="grad = -y @ X")),
    ("perceptron_loss", "ties on the flat side for both labels (y s < 0 only)", _loss(grad="grad = -((y * s < 0) * y) @ X")),
    ("perceptron_loss", "ties on the sloped side for both labels (y s <= 0, the textbook form)", _loss(grad="grad = -((y * s <= 0) * y) @ X")),
    ("perceptron_loss", "gradient of -y w.x taken as -y (drops x)", _loss(grad="grad = -np.sum((np.where(s > 0, 1, -1) != y) * y) * np.ones(X.shape[1])")),
    ("perceptron_loss", "returns only the loss", '''
def perceptron_loss(w, X, y):
    return float(np.sum(np.maximum(0.0, -np.asarray(y) * (np.asarray(X) @ w))))
'''),
    ("perceptron_loss", "integer features make integer weights", _loss(loss="loss = float(np.sum(np.maximum(0, -y * (X @ np.asarray(w).astype(int)))))")),
    # train_perceptron
    ("train_perceptron", "counts a mistake only when w changes (the second edition's reference)", _train(step='''w_next = w + lr * y[i] * X[i] if (1 if X[i] @ w > 0 else -1) != y[i] else w
            count += int(not np.array_equal(w_next, w))
            w = w_next''')),
    ("train_perceptron", "one permutation drawn before the epoch loop and reused", _train(
        once="fixed = rng.permutation(len(y)) if shuffle else np.arange(len(y))", order="order = fixed")),
    ("train_perceptron", "ignores shuffle (same order every epoch)", _train(order="order = range(len(y))")),
    ("train_perceptron", "does not stop after a clean epoch", _train(stop="pass")),
    ("train_perceptron", "does not count the clean last epoch", _train(stop="if count == 0:\n            mistakes.pop()\n            break")),
    ("train_perceptron", "gradient step with the wrong sign (w - lr y x)", _train(step='''if (1 if X[i] @ w > 0 else -1) != y[i]:
                w = w - lr * y[i] * X[i]
                count += 1''')),
    ("train_perceptron", "updates on every example (the gradient of a correct example is not 0)", _train(step='''count += int((1 if X[i] @ w > 0 else -1) != y[i])
            w = w + lr * y[i] * X[i]''')),
    ("train_perceptron", "steps where y w.x <= 0 (updates a ham example at score 0)", _train(step='''if y[i] * (X[i] @ w) <= 0:
                w = w + lr * y[i] * X[i]
                count += 1''')),
    ("train_perceptron", "steps where y w.x < 0 (never leaves w = 0)", _train(step='''if y[i] * (X[i] @ w) < 0:
                w = w + lr * y[i] * X[i]
                count += 1''')),
    ("train_perceptron", "ignores w0", _train().replace("w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)",
                                                        "w = np.zeros(X.shape[1])")),
    ("train_perceptron", "counts mistakes cumulatively", _train(step=_STEP.replace("count += 1", "count += 1"),
                                                                 stop="if count == 0:\n            break")
     .replace("        count = 0\n", "        count = mistakes[-1] if mistakes else 0\n")),
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
    ("train_perceptron", "drops repeated rows before training", _train().replace(
        "    X = np.asarray(X, dtype=float)\n",
        "    X = np.asarray(X, dtype=float)\n    keep = np.sort(np.unique(X, axis=0, return_index=True)[1])\n    X, y = X[keep], np.asarray(y)[keep]\n")),
    # mistake_bound
    ("mistake_bound", "u not normalised to length 1", '''
def mistake_bound(X, y, u):
    R = float(np.max(np.linalg.norm(X, axis=1)))
    gamma = float(np.min(y * (X @ u)))
    return R, gamma, (R / gamma) ** 2 if gamma > 0 else np.inf
'''),
    ("mistake_bound", "R / gamma without the square", '''
def mistake_bound(X, y, u):
    R = float(np.max(np.linalg.norm(X, axis=1)))
    gamma = float(np.min(y * (X @ u)) / np.linalg.norm(u))
    return R, gamma, R / gamma if gamma > 0 else np.inf
'''),
    ("mistake_bound", "margin without the labels (|u.x|)", '''
def mistake_bound(X, y, u):
    R = float(np.max(np.linalg.norm(X, axis=1)))
    gamma = float(np.min(np.abs(X @ u)) / np.linalg.norm(u))
    return R, gamma, (R / gamma) ** 2 if gamma > 0 else np.inf
'''),
    ("mistake_bound", "mean margin instead of the smallest", '''
def mistake_bound(X, y, u):
    R = float(np.max(np.linalg.norm(X, axis=1)))
    gamma = float(np.mean(y * (X @ u)) / np.linalg.norm(u))
    return R, gamma, (R / gamma) ** 2 if gamma > 0 else np.inf
'''),
    ("mistake_bound", "R as the largest squared norm", '''
def mistake_bound(X, y, u):
    R = float(np.max(np.sum(X * X, axis=1)))
    gamma = float(np.min(y * (X @ u)) / np.linalg.norm(u))
    return R, gamma, (R / gamma) ** 2 if gamma > 0 else np.inf
'''),
    ("mistake_bound", "a negative margin still gives a finite bound", '''
def mistake_bound(X, y, u):
    R = float(np.max(np.linalg.norm(X, axis=1)))
    gamma = float(np.min(y * (X @ u)) / np.linalg.norm(u))
    return R, gamma, (R / gamma) ** 2
'''),
    ("mistake_bound", "R as the largest single feature (max |x_ij|)", '''
def mistake_bound(X, y, u):
    R = float(np.max(np.abs(X)))
    gamma = float(np.min(y * (X @ u)) / np.linalg.norm(u))
    return R, gamma, (R / gamma) ** 2 if gamma > 0 else np.inf
'''),
    # the concept questions
    ("answer_q1", "scaling the inputs scales the mistakes like R^2", 'answer_q1 = "b"'),
    ("answer_q1", "the margin grows, so fewer mistakes", 'answer_q1 = "d"'),
    ("answer_q2", "precision never increases", 'answer_q2 = "a"'),
    ("answer_q2", "both never increase", 'answer_q2 = "c"'),
    # averaged_perceptron
    ("averaged_perceptron", "averages only over the steps that moved w", _avg(step='''if (1 if X[i] @ w > 0 else -1) != y[i]:
                w = w + lr * y[i] * X[i]
                count += 1
                total = total + w
                steps += 1''', avg="total / max(steps, 1)")),
    ("averaged_perceptron", "averages the epoch ends (W_last), not every step", _avg(avg="np.mean(W_last, axis=0)")),
    ("averaged_perceptron", "takes w just before each step, not after", _avg(step='''total = total + w
            steps += 1
            if (1 if X[i] @ w > 0 else -1) != y[i]:
                w = w + lr * y[i] * X[i]
                count += 1''')),
    ("averaged_perceptron", "the sum instead of the mean (same predictions, wrong weights)", _avg(avg="total.copy()")),
    ("averaged_perceptron", "counts the starting w = 0 as a step", _avg(avg="total / (steps + 1)")),
    ("averaged_perceptron", "resets the average every epoch", _avg(step=_AVG_STEP, avg="total / steps").replace(
        "        count = 0\n", "        count = 0\n        total, steps = np.zeros(d), 0\n")),
    ("averaged_perceptron", "one permutation drawn before the epoch loop and reused", _avg(
        once="fixed = rng.permutation(n) if shuffle else np.arange(n)", order="order = fixed")),
    ("averaged_perceptron", "W_last rows alias one array (every row ends as the final w)", _avg().replace(
        "W_last.append(w.copy())", "W_last.append(w)").replace(
        "w = w + lr * y[i] * X[i]", "w += lr * y[i] * X[i]").replace(
        "total = total + w", "total = total + w")),
    # bag_of_words
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
    # evaluate
    ("evaluate", "flags a score equal to the threshold (>=)", _eval(flag="scores[:, None] >= thresholds[None, :]")),
    ("evaluate", "precision and recall swapped", _eval(result=_RESULT.replace('"precision": precision, "recall": recall',
                                                                              '"precision": recall, "recall": precision'))),
    ("evaluate", "precision 0 when nothing is flagged", _eval(precision="np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)")),
    ("evaluate", "false positives and false negatives swapped", _eval(result=_RESULT.replace('"fp": fp, "fn": fn', '"fp": fn, "fn": fp'))),
    ("evaluate", "accuracy as a percentage", _eval(result=_RESULT.replace("(tp + tn) / len(y_true)", "100 * (tp + tn) / len(y_true)"))),
    ("evaluate", "thresholds sorted (entries no longer in the given order)", _eval().replace(
        "np.asarray(thresholds, dtype=float)\n", "np.sort(np.asarray(thresholds, dtype=float))\n")),
    ("evaluate", "only the first threshold used for every entry", _eval(flag="np.repeat(scores[:, None] > thresholds[0], len(thresholds), axis=1)")),
    ("evaluate", "recall as tp / n (the share of all messages)", _eval().replace("recall = tp / (tp + fn)", "recall = tp / len(y_true)")),
    # gates and the two-layer network
    ("w_and", "AND gate whose line passes through (1, 0) and (0, 1) (relies on the tie rule)", '''
w_and = np.array([-1.0, 1.0, 1.0])
'''),
    ("w_and", "AND gate with the bias last, not first", '''
w_and = np.array([1.0, 1.0, -1.5])
'''),
    ("w_and", "OR weights used for AND", '''
w_and = np.array([-0.5, 1.0, 1.0])
'''),
    ("xor_mlp", "feeds the hidden +1/-1 outputs to the AND gate unchanged", '''
def xor_mlp(X, w_nand, w_or, w_and):
    X1 = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
    H1 = np.hstack([np.ones((len(X), 1)), np.column_stack([predict(w_nand, X1), predict(w_or, X1)])])
    return predict(w_and, H1)
'''),
    ("xor_mlp", "forgets the constant feature of the output unit", '''
def xor_mlp(X, w_nand, w_or, w_and):
    X1 = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
    H = (np.column_stack([predict(w_nand, X1), predict(w_or, X1)]) + 1) / 2
    return np.where(H @ w_and[1:] > 0, 1, -1)
'''),
    ("xor_mlp", "hidden units swapped (OR first)", '''
def xor_mlp(X, w_nand, w_or, w_and):
    X1 = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
    H1 = np.hstack([np.ones((len(X), 1)), (np.column_stack([predict(w_or, X1), predict(w_nand, X1)]) + 1) / 2])
    return predict(w_and, H1)
'''),
    ("xor_mlp", "XOR computed directly from rounded inputs (not the network)", '''
def xor_mlp(X, w_nand, w_or, w_and):
    X = np.rint(np.asarray(X, dtype=float)).astype(int)
    return np.where(X[:, 0] != X[:, 1], 1, -1)
'''),
    ("xor_mlp", "output unit ties to +1 (score >= 0)", '''
def xor_mlp(X, w_nand, w_or, w_and):
    X1 = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
    H1 = np.hstack([np.ones((len(X), 1)), (np.column_stack([predict(w_nand, X1), predict(w_or, X1)]) + 1) / 2])
    return np.where(H1 @ w_and >= 0, 1, -1)
'''),
]

# Correct implementations in other styles (dtypes, loops, other formula forms): each must pass its
# whole test cell, hidden checks included (tests/test_wrong_versions.py::test_correct_alternative_keeps_full_marks).
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
    ("perceptron_loss", "clip and sum; gradient from a boolean mask and X.T", '''
def perceptron_loss(w, X, y):
    s = X @ w
    wrong = (s > 0) != (y > 0)
    return np.clip(-y * s, 0, None).sum(), -X.T @ (y * wrong)
'''),
    ("perceptron_loss", "a Python loop over the examples", '''
def perceptron_loss(w, X, y):
    total, grad = 0.0, np.zeros(len(w))
    for xi, yi in zip(X, y):
        s = float(np.dot(w, xi))
        total += max(0.0, -float(yi) * s)
        if (1 if s > 0 else -1) != yi:
            grad = grad - yi * np.asarray(xi, dtype=float)
    return total, grad
'''),
    ("perceptron_loss", "returns a list [loss, grad] and keeps float32", '''
def perceptron_loss(w, X, y):
    s = np.dot(X, w)
    mask = np.where(s > 0, 1, -1) != y
    return [np.sum(np.where(y * s < 0, -y * s, 0)), -np.sum((y * mask)[:, None] * X, axis=0)]
'''),
    ("train_perceptron", "calls perceptron_loss for the gradient of one example", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros(X.shape[1]) if w0 is None else w0.astype(float)
    mistakes = []
    for _ in range(epochs):
        idx = rng.permutation(len(y)) if shuffle else np.arange(len(y))
        m = 0
        for i in idx:
            m += int(predict(w, X[i:i + 1])[0] != y[i])
            w = w - lr * perceptron_loss(w, X[i:i + 1], y[i:i + 1])[1]
        mistakes.append(m)
        if m == 0:
            break
    return w, mistakes
'''),
    ("train_perceptron", "shuffles an index array in place each epoch, in-place step on a copy", '''
def train_perceptron(X, y, lr=1.0, epochs=10, w0=None, shuffle=False, rng=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    idx = np.arange(len(y))
    mistakes = []
    while len(mistakes) < epochs:
        if shuffle:
            rng.shuffle(idx)
        count = 0
        for i in idx:
            if (np.dot(w, X[i]) > 0) != (y[i] > 0):
                w += lr * y[i] * X[i]
                count += 1
        mistakes.append(count)
        if not count:
            break
    return w, mistakes
'''),
    ("mistake_bound", "normalises u first, loops for R", '''
def mistake_bound(X, y, u):
    u = u / np.sqrt(np.dot(u, u))
    R = max(float(np.sqrt(np.dot(x, x))) for x in X)
    gamma = min(float(yi * np.dot(u, xi)) for xi, yi in zip(X, y))
    return R, gamma, float("inf") if gamma <= 0 else R ** 2 / gamma ** 2
'''),
    ("averaged_perceptron", "a running sum added at every step, float32 kept", '''
def averaged_perceptron(X, y, lr=1.0, epochs=10, shuffle=False, rng=None):
    n, d = X.shape
    w, total, steps = np.zeros(d, dtype=X.dtype), np.zeros(d), 0
    W_last, W_avg, mistakes = [], [], []
    for _ in range(epochs):
        m = 0
        for i in (rng.permutation(n) if shuffle else range(n)):
            if (np.dot(X[i], w) > 0) != (y[i] > 0):
                w = w + lr * y[i] * X[i]
                m += 1
            total += w
            steps += 1
        W_last.append(w.copy())
        W_avg.append(total / steps)
        mistakes.append(m)
        if m == 0:
            break
    return np.array(W_last), np.array(W_avg), mistakes
'''),
    ("evaluate", "a loop over thresholds with boolean masks, float counts", '''
def evaluate(y_true, scores, thresholds):
    out = {k: [] for k in ["tp", "fp", "fn", "tn", "accuracy", "precision", "recall"]}
    pos = y_true == 1
    for t in thresholds:
        f = scores > t
        tp, fp = float(np.sum(f & pos)), float(np.sum(f & ~pos))
        fn, tn = float(np.sum(~f & pos)), float(np.sum(~f & ~pos))
        for k, v in [("tp", tp), ("fp", fp), ("fn", fn), ("tn", tn), ("accuracy", (tp + tn) / len(y_true)),
                     ("precision", tp / (tp + fp) if tp + fp > 0 else 1.0), ("recall", tp / (tp + fn))]:
            out[k].append(v)
    return {k: np.array(v) for k, v in out.items()}
'''),
    ("evaluate", "sorting and searchsorted (counts from ranks)", '''
def evaluate(y_true, scores, thresholds):
    thresholds = np.asarray(thresholds, dtype=float)
    spam_scores = np.sort(scores[y_true == 1])
    ham_scores = np.sort(scores[y_true != 1])
    tp = len(spam_scores) - np.searchsorted(spam_scores, thresholds, side="right")
    fp = len(ham_scores) - np.searchsorted(ham_scores, thresholds, side="right")
    fn, tn = len(spam_scores) - tp, len(ham_scores) - fp
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp == 0, 1.0, tp / np.where(tp + fp == 0, 1, tp + fp))
    return dict(tp=tp, fp=fp, fn=fn, tn=tn, accuracy=(tp + tn) / len(scores), precision=precision,
                recall=tp / len(spam_scores))
'''),
    ("w_and", "another AND gate (a larger scale and margin)", '''
w_and = np.array([-3.0, 2.0, 2.0])
'''),
    ("xor_mlp", "hidden outputs mapped with np.maximum(h, 0), weights as a matrix", '''
def xor_mlp(X, w_nand, w_or, w_and):
    W = np.vstack([w_nand, w_or])                      # (2, 3): one row per hidden unit
    X1 = np.column_stack([np.ones(len(X)), X])
    H = np.maximum(np.where(X1 @ W.T > 0, 1, -1), 0)    # +1 -> 1, -1 -> 0
    return predict(w_and, np.column_stack([np.ones(len(X)), H]))
'''),
]
