"""Reference pieces of deep metric learning (距離学習), as taught in notebook 06.

Distances between rows, the contrastive loss of a Siamese network (Hadsell, Chopra & LeCun 2006),
the triplet loss of a triplet network (Schroff, Kalenichenko & Philbin 2015) with their gradients,
the sampling of triplets and of "P x K" mini-batches, batch-hard mining, and retrieval's Recall@K.

Conventions:
- embeddings are the rows of an array ``E`` of shape (n, k);
- a pair is "same" (1) when both points have the same class, otherwise "different" (0);
- every loss is the MEAN over pairs or triplets, and every gradient is the gradient of that mean;
- the contrastive loss uses the Euclidean distance d, the triplet loss the SQUARED Euclidean
  distance (as in the FaceNet paper).
"""
import numpy as np

from .answers import answers


def _as_2d(name, X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (one point per row); got shape {X.shape}")
    return X


def _same_columns(A, B, names=("A", "B")):
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"{names[0]} has {A.shape[1]} columns but {names[1]} has {B.shape[1]}; "
                         "the points must have the same number of features")


# --- distances ------------------------------------------------------------------------------------

@answers("06_metric_learning")
def squared_distances(A, B):
    """Squared Euclidean distances between the rows of A and the rows of B.

    Parameters
    ----------
    A : ndarray, shape (n, k)
    B : ndarray, shape (m, k)

    Returns
    -------
    D2 : ndarray, shape (n, m), D2[i, j] = ||A[i] - B[j]||^2 >= 0
        Computed as ||a||^2 + ||b||^2 - 2 a.b, with round-off below zero clipped to 0.
    """
    A, B = _as_2d("A", A), _as_2d("B", B)
    _same_columns(A, B)
    D2 = np.sum(A * A, axis=1)[:, None] + np.sum(B * B, axis=1)[None, :] - 2.0 * A @ B.T
    return np.maximum(D2, 0.0)


@answers("06_metric_learning")
def pairwise_distances(A, B):
    """Euclidean distances between the rows of A and B: (n, k), (m, k) -> (n, m), never NaN."""
    return np.sqrt(squared_distances(A, B))


@answers("06_metric_learning")
def l2_normalize(E, eps=1e-12):
    """Rows scaled to length 1: E (n, k) -> (n, k); a zero row stays zero (divided by eps)."""
    E = _as_2d("E", E)
    return E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), eps)


@answers("06_metric_learning")
def cosine_similarity(A, B, eps=1e-12):
    """Cosine of the angle between the rows of A and B: (n, k), (m, k) -> (n, m), in [-1, 1]."""
    A, B = _as_2d("A", A), _as_2d("B", B)
    _same_columns(A, B)
    return l2_normalize(A, eps) @ l2_normalize(B, eps).T


# --- contrastive loss (Siamese network) -------------------------------------------------------------

def _pair_args(d, same, margin):
    d = np.asarray(d, dtype=float)
    same = np.asarray(same, dtype=float)
    if d.ndim != 1 or same.shape != d.shape:
        raise ValueError(f"d and same must be 1-D arrays of the same length; got shapes {d.shape} and {same.shape}")
    if d.size == 0:
        raise ValueError("d is empty: the mean over no pairs is undefined")
    if np.any(d < 0):
        raise ValueError("d holds negative values; distances are >= 0")
    if not np.all((same == 0) | (same == 1)):
        raise ValueError("same must hold only 0 (different classes) and 1 (same class)")
    if margin <= 0:
        raise ValueError(f"margin must be positive, got {margin}")
    return d, same


@answers("06_metric_learning")
def contrastive_loss_and_grad(d, same, margin=1.0):
    """The contrastive loss and its derivative with respect to each distance.

    loss = mean over pairs of same * d^2 / 2 + (1 - same) * max(0, margin - d)^2 / 2;
    grad = dloss/dd = (same * d - (1 - same) * max(0, margin - d)) / n_pairs.

    Parameters
    ----------
    d : ndarray, shape (n_pairs,), Euclidean distances between the two embeddings of each pair
    same : ndarray, shape (n_pairs,), 1 for a similar pair, 0 for a dissimilar one
    margin : float > 0, the distance beyond which a dissimilar pair costs nothing

    Returns
    -------
    loss : float
    grad : ndarray, shape (n_pairs,)
    """
    d, same = _pair_args(d, same, margin)
    hinge = np.maximum(0.0, margin - d)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1.0 - same) * hinge ** 2))
    return loss, (same * d - (1.0 - same) * hinge) / d.size


# --- triplet loss (triplet network) -----------------------------------------------------------------

def _triplet_args(a, p, n, margin):
    a, p, n = _as_2d("a", a), _as_2d("p", p), _as_2d("n", n)
    if not a.shape == p.shape == n.shape:
        raise ValueError(f"a, p and n must have the same shape; got {a.shape}, {p.shape} and {n.shape}")
    if a.shape[0] == 0:
        raise ValueError("no triplets: the mean over no rows is undefined")
    if margin < 0:
        raise ValueError(f"margin must be >= 0, got {margin}")
    return a, p, n


@answers("06_metric_learning")
def triplet_loss_and_grads(a, p, n, margin=0.2):
    """The triplet loss, mean over rows of max(0, ||a - p||^2 - ||a - n||^2 + margin), and its gradients.

    For an active triplet (z > 0): da = 2 (n - p) / N, dp = 2 (p - a) / N, dn = 2 (a - n) / N;
    rows with z <= 0 get zeros (the subgradient 0 at z = 0).

    Parameters
    ----------
    a, p, n : ndarray, shape (n_triplets, k), anchors, positives (same class), negatives
    margin : float >= 0

    Returns
    -------
    loss : float
    da, dp, dn : ndarray, each of shape (n_triplets, k)
    """
    a, p, n = _triplet_args(a, p, n, margin)
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    active = (z > 0).astype(float)[:, None] * (2.0 / a.shape[0])
    return float(np.mean(np.maximum(0.0, z))), active * (n - p), active * (p - a), active * (a - n)


def triplet_kinds(d_ap, d_an, margin=0.2):
    """Name each triplet by its distances (squared or not, as long as both are alike).

    Returns an array of str, shape (n_triplets,): "hard" when d_an < d_ap, "semi-hard" when
    d_ap <= d_an < d_ap + margin, "easy" when d_an >= d_ap + margin.
    """
    d_ap, d_an = np.asarray(d_ap, dtype=float), np.asarray(d_an, dtype=float)
    if d_ap.shape != d_an.shape:
        raise ValueError(f"d_ap has shape {d_ap.shape} but d_an has shape {d_an.shape}; they must match")
    return np.where(d_an < d_ap, "hard", np.where(d_an < d_ap + margin, "semi-hard", "easy"))


# --- sampling -----------------------------------------------------------------------------------

def _labels(labels):
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be a 1-D array; got shape {labels.shape}")
    classes, counts = np.unique(labels, return_counts=True)
    if classes.size < 2:
        raise ValueError("labels must hold at least two classes, so that negatives exist")
    if np.any(counts < 2):
        raise ValueError(f"class {classes[np.argmin(counts)]!r} has a single point; "
                         "every class needs two points to form a positive pair")
    return labels


def _class_blocks(labels):
    """Indices sorted by class, and for every point the start and size of its class's block."""
    order = np.argsort(labels, kind="stable")
    classes, first, counts = np.unique(labels[order], return_index=True, return_counts=True)
    which = np.searchsorted(classes, labels)
    rank = np.empty(labels.size, dtype=int)          # position of each point inside its block
    rank[order] = np.arange(labels.size) - np.repeat(first, counts)
    return order, first[which], counts[which], rank


def _draw_positive(labels, anchors, rng):
    order, start, count, rank = _class_blocks(labels)
    r = rng.integers(0, count[anchors] - 1)         # one of the count - 1 OTHER points of the class
    r = r + (r >= rank[anchors])                    # skip the anchor itself
    return order[start[anchors] + r]


def _draw_negative(labels, anchors, rng):
    order, start, count, _ = _class_blocks(labels)
    r = rng.integers(0, labels.size - count[anchors])   # one of the points outside the class
    r = r + count[anchors] * (r >= start[anchors])       # jump over the anchor's class block
    return order[r]


def sample_triplets(labels, n_triplets, rng):
    """Random (anchor, positive, negative) index triplets.

    Parameters
    ----------
    labels : ndarray, shape (n,), every class at least twice, at least two classes
    n_triplets : int >= 1
    rng : numpy.random.Generator

    Returns
    -------
    a, p, n : ndarray of int, shape (n_triplets,): a uniform over the points, p uniform over the
        other points of a's class, n uniform over the points of the other classes
    """
    labels = _labels(labels)
    if not isinstance(rng, np.random.Generator):
        raise TypeError("sample_triplets needs rng=np.random.default_rng(seed)")
    a = rng.integers(0, labels.size, size=n_triplets)
    return a, _draw_positive(labels, a, rng), _draw_negative(labels, a, rng)


def sample_pk_batch(labels, n_classes, n_per_class, rng):
    """A "P x K" mini-batch: n_classes random classes, n_per_class random points of each.

    Parameters
    ----------
    labels : ndarray, shape (n,)
    n_classes : int, P, at most the number of classes
    n_per_class : int, K >= 2 (so that every point has a positive), at most the smallest chosen class
    rng : numpy.random.Generator

    Returns
    -------
    idx : ndarray of int, shape (P * K,), distinct indices grouped class by class
    """
    labels = np.asarray(labels)
    if not isinstance(rng, np.random.Generator):
        raise TypeError("sample_pk_batch needs rng=np.random.default_rng(seed)")
    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if not 1 <= n_classes <= classes.size:
        raise ValueError(f"n_classes must be between 1 and the number of classes {classes.size}; got {n_classes}")
    if n_per_class < 2:
        raise ValueError(f"n_per_class must be at least 2 so that every point has a positive; got {n_per_class}")
    chosen = rng.choice(classes.size, size=n_classes, replace=False)
    if n_per_class > counts[chosen].min():
        raise ValueError(f"n_per_class = {n_per_class} but a chosen class has only {counts[chosen].min()} points")
    # one vectorised draw: give every point a random key, order the chosen classes' points by
    # (position of their class among the chosen, key), and keep the first n_per_class of each class
    position = np.full(classes.size, n_classes)
    position[chosen] = np.arange(n_classes)
    members = np.flatnonzero(position[inverse] < n_classes)
    block = position[inverse[members]]
    members = members[np.lexsort((rng.random(members.size), block))]
    starts = np.searchsorted(np.sort(block), np.arange(n_classes))
    return members[(starts[:, None] + np.arange(n_per_class)).ravel()]


@answers("06_metric_learning")
def batch_hard_triplets(E, labels):
    """Batch-hard mining (Hermans, Beyer & Leibe 2017): for every anchor in the batch, its farthest
    positive and its nearest negative.

    Parameters
    ----------
    E : ndarray, shape (b, k), embeddings of the batch
    labels : ndarray, shape (b,), every class at least twice, at least two classes

    Returns
    -------
    a, p, n : ndarray of int, shape (b,): a = 0..b-1, p the farthest other point of the same class,
        n the nearest point of another class (squared Euclidean distances)
    """
    E = _as_2d("E", E)
    labels = _labels(labels)
    if labels.size != E.shape[0]:
        raise ValueError(f"E has {E.shape[0]} rows but labels has {labels.size} entries")
    D2 = squared_distances(E, E)
    same = labels[:, None] == labels[None, :]
    other = ~np.eye(labels.size, dtype=bool)             # an anchor is never its own positive
    p = np.argmax(np.where(same & other, D2, -np.inf), axis=1)
    n = np.argmin(np.where(same, np.inf, D2), axis=1)
    return np.arange(E.shape[0]), p, n


# --- evaluation -----------------------------------------------------------------------------------

@answers("06_metric_learning")
def recall_at_k(embeddings, labels, k):
    """Recall@K of retrieval: the fraction of points whose k nearest OTHER points include one of
    their own class (the point itself is never its own neighbour).

    Parameters
    ----------
    embeddings : ndarray, shape (n, d)
    labels : ndarray, shape (n,)
    k : int, 1 <= k <= n - 1

    Returns
    -------
    recall : float in [0, 1]

    Ties in distance are broken by the lower index (a stable sort).
    """
    E = _as_2d("embeddings", embeddings)
    labels = np.asarray(labels)
    if labels.shape != (E.shape[0],):
        raise ValueError(f"labels has shape {labels.shape}; expected ({E.shape[0]},), one per row of embeddings")
    if not 1 <= k <= E.shape[0] - 1:
        raise ValueError(f"k must be between 1 and n - 1 = {E.shape[0] - 1}; got {k}")
    D2 = squared_distances(E, E)
    np.fill_diagonal(D2, np.inf)
    nearest = np.argsort(D2, axis=1, kind="stable")[:, :k]
    return float(np.mean(np.any(labels[nearest] == labels[:, None], axis=1)))


@answers("06_metric_learning")
def map_at_r(embeddings, labels):
    """MAP@R (Musgrave, Belongie & Lim 2020): mean average precision at R.

    For a query of class c, R is the number of OTHER points of class c. Rank the other points by
    Euclidean distance (ties by the lower index); with rel(i) = 1 when the i-th ranked point has
    class c, P(i) the fraction of relevant points among the first i, the query's score is
    (1 / R) * sum over i = 1..R of rel(i) * P(i). MAP@R is the mean of the scores over all queries.

    Parameters
    ----------
    embeddings : ndarray, shape (n, d)
    labels : ndarray, shape (n,), every class at least twice

    Returns
    -------
    map_r : float in [0, 1]; 1 exactly when every query's R nearest other points are its class
    """
    E = _as_2d("embeddings", embeddings)
    labels = np.asarray(labels)
    if labels.shape != (E.shape[0],):
        raise ValueError(f"labels has shape {labels.shape}; expected ({E.shape[0]},), one per row of embeddings")
    same = labels[:, None] == labels[None, :]
    R = same.sum(axis=1) - 1
    if np.any(R < 1):
        raise ValueError(f"class {labels[np.argmin(R)]!r} has a single point; MAP@R needs every class at least twice")
    D2 = squared_distances(E, E)
    np.fill_diagonal(D2, np.inf)
    order = np.argsort(D2, axis=1, kind="stable")[:, :-1]         # the n - 1 other points, nearest first
    rel = np.take_along_axis(same, order, axis=1).astype(float)
    ranks = np.arange(1, order.shape[1] + 1)
    precision = np.cumsum(rel, axis=1) / ranks
    within_r = ranks[None, :] <= R[:, None]
    return float(np.mean(np.sum(rel * precision * within_r, axis=1) / R))
