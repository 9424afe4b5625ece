"""Data for the course: the slides' toy spam table, real SMS messages, the 8x8 digits, synthetic
classes under nuisance variation (notebook 06), and splits.

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


def make_nuisance_classes(n_classes, n_per_class, rng, nuisance=1.5, noise=0.8, size=8):
    """Synthetic 8x8 "images" of many classes, whose pixels are dominated by nuisance variation.

    Each class is a prototype: a random pattern, smoothed over neighbouring pixels, with mean 0 and
    root-mean-square 1. Each image of a class is that prototype under three nuisances that have
    nothing to do with the class:

    - contrast: the prototype is multiplied by a gain drawn uniformly from [0.5, 1.5];
    - illumination: a smooth field is added, a random combination of six fixed low-frequency fields
      (constant, two ramps, their product and two parabolas, each of root-mean-square 1) with
      normal coefficients of standard deviation ``nuisance``;
    - sensor noise: independent normal noise of standard deviation ``noise`` on every pixel.

    With the defaults the illumination carries about 12 times the energy of the prototype, so the
    distance between raw pixels mostly measures the lighting, not the class. The six fields are the
    same for every class, which is what a learned embedding can discover and ignore, also for
    classes it has never seen. Every call draws new prototypes: two calls give disjoint classes.

    Parameters
    ----------
    n_classes : int >= 1
    n_per_class : int >= 1
    rng : numpy.random.Generator
    nuisance : float >= 0, standard deviation of the illumination coefficients
    noise : float >= 0, standard deviation of the pixel noise
    size : int >= 2, the images are size x size

    Returns
    -------
    X : ndarray, shape (n_classes * n_per_class, size * size)
        Row-major images, divided by a constant so that a pixel's variance is about 1.
    y : ndarray of int, shape (n_classes * n_per_class,)
        Class labels 0 .. n_classes - 1, in blocks of n_per_class.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError("make_nuisance_classes needs rng=np.random.default_rng(seed)")
    if n_classes < 1 or n_per_class < 1 or size < 2:
        raise ValueError(f"n_classes, n_per_class must be >= 1 and size >= 2; got {n_classes}, {n_per_class}, {size}")
    if nuisance < 0 or noise < 0:
        raise ValueError(f"nuisance and noise must be >= 0; got {nuisance} and {noise}")
    protos = rng.standard_normal((n_classes, size, size))
    for axis in (1, 2):                                   # smooth with the kernel (1/4, 1/2, 1/4)
        smooth = 0.5 * protos
        inner = [slice(None)] * 3
        lower, upper = list(inner), list(inner)
        lower[axis], upper[axis] = slice(None, -1), slice(1, None)
        smooth[tuple(upper)] += 0.25 * protos[tuple(lower)]
        smooth[tuple(lower)] += 0.25 * protos[tuple(upper)]
        protos = smooth
    protos = protos.reshape(n_classes, -1)
    protos = protos - protos.mean(axis=1, keepdims=True)
    protos = protos / np.sqrt(np.mean(protos ** 2, axis=1, keepdims=True))
    fields = nuisance_fields(size)
    y = np.repeat(np.arange(n_classes), n_per_class)
    gain = rng.uniform(0.5, 1.5, size=y.size)
    coefficients = nuisance * rng.standard_normal((y.size, len(fields)))
    X = gain[:, None] * protos[y] + coefficients @ fields + noise * rng.standard_normal((y.size, size * size))
    return X / np.sqrt(1.0 + len(fields) * nuisance ** 2 + noise ** 2), y


def nuisance_fields(size=8):
    """The six illumination fields of ``make_nuisance_classes``, shape (6, size * size), each of
    root-mean-square 1: constant, horizontal ramp, vertical ramp, their product, two parabolas."""
    v = np.linspace(-1.0, 1.0, size)
    row, col = np.meshgrid(v, v, indexing="ij")
    fields = np.array([np.ones_like(row), col, row, row * col, col ** 2 - np.mean(col ** 2), row ** 2 - np.mean(row ** 2)])
    fields = fields.reshape(6, -1)
    return fields / np.sqrt(np.mean(fields ** 2, axis=1, keepdims=True))
