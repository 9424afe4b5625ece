"""Data for the course: the slides' toy spam table, real SMS messages, the 8x8 digits, and splits.

Everything loads offline: the SMS Spam Collection and the 8x8 digits ship inside this package
(``data/``, see ``data/README.md`` for their credit and licence); the wine data ships with scikit-learn.
"""
import re
from importlib import resources

import numpy as np

#: The five words of the slides' spam example, in column order.
TOY_SPAM_WORDS = ("and", "viagra", "the", "of", "nigeria")


def toy_spam():
    """The slides' worked example: six messages over five words, labels +1 (spam) / -1 (ham).

    Returns
    -------
    X : ndarray, shape (6, 5)
        X[i, j] = 1 when word ``TOY_SPAM_WORDS[j]`` occurs in message v(i+1).
    y : ndarray, shape (6,)
        +1 for spam, -1 for ham.
    words : tuple of str, length 5
    """
    X = np.array([[1, 1, 0, 1, 1],
                  [0, 0, 1, 1, 0],
                  [0, 1, 1, 0, 0],
                  [1, 0, 0, 1, 0],
                  [1, 0, 1, 0, 1],
                  [1, 0, 1, 1, 0]], dtype=float)
    y = np.array([1, -1, 1, -1, 1, -1])
    return X, y, TOY_SPAM_WORDS


def load_sms_spam():
    """The SMS Spam Collection v.1 (Almeida, Gómez Hidalgo and Yamakami, 2011), bundled.

    Returns
    -------
    texts : list of str, length 4862
        The messages, in file order.
    y : ndarray of int, shape (4862,)
        +1 for spam (642 messages), -1 for ham.
    """
    raw = resources.files("course_lib").joinpath("data/sms_spam_collection.tsv").read_text(encoding="utf-8")
    texts, labels = [], []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in ("ham", "spam"):
            raise ValueError(f"sms_spam_collection.tsv line {lineno}: expected 'ham|spam<TAB>text'")
        texts.append(text)
        labels.append(1 if label == "spam" else -1)
    return texts, np.array(labels)


_TOKEN = re.compile(r"[a-z0-9£$€']+")


def tokenize(text):
    """Lower-case ``text`` and split it into words (letters, digits, currency signs, apostrophes).

    >>> tokenize("FREE entry! Win £100 now")
    ['free', 'entry', 'win', '£100', 'now']
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize expects a str, got {type(text).__name__}")
    return _TOKEN.findall(text.lower())


def build_vocabulary(token_lists, min_count=2, max_size=None):
    """The words that occur in at least ``min_count`` messages, most frequent first (ties by word).

    Parameters
    ----------
    token_lists : list of list of str
        One list of tokens per message (a word counts once per message).
    min_count : int
    max_size : int, optional
        Keep at most this many words.

    Returns
    -------
    vocabulary : list of str
    """
    counts = {}
    for tokens in token_lists:
        for word in set(tokens):
            counts[word] = counts.get(word, 0) + 1
    words = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    return words[:max_size] if max_size else words


def train_test_split(X, y, test_fraction=0.25, rng=None, stratify=True):
    """Split the rows of ``X`` and ``y`` at random, keeping the class proportions (stratified).

    Parameters
    ----------
    X : ndarray, shape (n_samples, ...) or list of length n_samples
    y : ndarray, shape (n_samples,)
        Class labels (any values).
    test_fraction : float in (0, 1)
        Fraction of each class that goes to the test part (rounded to the nearest whole sample).
    rng : numpy.random.Generator
        The only source of randomness; pass ``np.random.default_rng(seed)``.
    stratify : bool
        If False, split all rows together without looking at the classes.

    Returns
    -------
    X_train, X_test, y_train, y_test
        Same types as the inputs; a list ``X`` gives lists.
    """
    if rng is None or not isinstance(rng, np.random.Generator):
        raise TypeError("train_test_split needs rng=np.random.default_rng(seed), so that the split is reproducible")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    y = np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels; they must match")
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    test = np.concatenate([rng.permutation(g)[:int(round(test_fraction * len(g)))] for g in groups])
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test] = True
    train_idx, test_idx = rng.permutation(np.flatnonzero(~is_test)), rng.permutation(test)
    if isinstance(X, list):
        return [X[i] for i in train_idx], [X[i] for i in test_idx], y[train_idx], y[test_idx]
    X = np.asarray(X)
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]


def load_digits():
    """The 8x8 hand-written digits (UCI optical recognition data, as bundled with scikit-learn).

    Loaded from ``data/digits.npz`` in this package (a copy of scikit-learn's, so no slow import).

    Returns
    -------
    X : ndarray, shape (1797, 64)
        Pixel intensities scaled from 0..16 to [0, 1], row-major 8x8 images.
    y : ndarray of int, shape (1797,)
    """
    with resources.files("course_lib").joinpath("data/digits.npz").open("rb") as f:
        data = np.load(f)
        return data["images"] / 16.0, data["labels"].astype(int)


def load_wine():
    """The UCI wine recognition data as bundled with scikit-learn: 178 wines, 3 cultivars.

    The 13 chemical measurements have very different scales (hue about 1, proline about 1000),
    which is why notebook 04 uses them for input scaling.

    Returns
    -------
    X : ndarray, shape (178, 13), raw measurements
    y : ndarray of int, shape (178,), cultivar 0, 1 or 2
    feature_names : list of str, length 13
    """
    from sklearn.datasets import load_wine as _sk_load_wine  # data only; no model from sklearn
    wine = _sk_load_wine()
    return wine.data.astype(float), wine.target.astype(int), list(wine.feature_names)


def xor_data():
    """The four XOR points and their labels (+1 where exactly one input is 1).

    Returns
    -------
    X : ndarray, shape (4, 2)
    y : ndarray, shape (4,)
        +1 / -1.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([-1, 1, 1, -1])
    return X, y
