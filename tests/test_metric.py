"""course_lib.metric against independent oracles: scikit-learn's pairwise metrics and
NearestNeighbors, the slides' hand-computed distances, finite differences written out here,
and brute-force loops for sampling and mining."""
import numpy as np
import pytest
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine, euclidean_distances
from sklearn.neighbors import NearestNeighbors

from course_lib import metric

ABC = np.array([[0.0, 8, 7, 10], [2, 5, 8, 12], [10, 15, 2, 3]])


def central_differences(f, x, h=1e-6):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


# --- distances ------------------------------------------------------------------------------------

def test_distances_of_the_slides_data():
    D = metric.pairwise_distances(ABC, ABC)
    np.testing.assert_allclose([D[0, 1], D[0, 2], D[1, 2]], np.sqrt([18, 223, 281]), rtol=1e-12)
    S = metric.cosine_similarity(ABC, ABC)
    np.testing.assert_allclose([S[0, 1], S[0, 2], S[1, 2]],
                               [216 / np.sqrt(213 * 237), 164 / np.sqrt(213 * 338), 147 / np.sqrt(237 * 338)], rtol=1e-12)
    assert np.argmin(D[np.triu_indices(3, 1)]) == 0 and np.argmax(S[np.triu_indices(3, 1)]) == 0  # A-B closest under both


def test_distances_match_sklearn():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(30, 7)), rng.normal(size=(11, 7)) * 3
    np.testing.assert_allclose(metric.pairwise_distances(A, B), euclidean_distances(A, B), atol=1e-10)
    np.testing.assert_allclose(metric.squared_distances(A, B), euclidean_distances(A, B, squared=True), atol=1e-9)
    np.testing.assert_allclose(metric.cosine_similarity(A, B), sk_cosine(A, B), atol=1e-12)


def test_distances_of_identical_rows_are_zero_and_never_nan():
    P = np.random.default_rng(1).normal(size=(200, 8)) * 10 + 30   # round-off makes the expansion negative
    with np.errstate(all="raise"):
        D = metric.pairwise_distances(P, P)
    assert np.all(np.isfinite(D)) and np.all(D >= 0)
    np.testing.assert_allclose(np.diag(D), 0.0, atol=1e-4)


def test_distances_validate_their_inputs():
    with pytest.raises(ValueError, match="columns"):
        metric.pairwise_distances(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="2-D"):
        metric.cosine_similarity(np.zeros(3), np.zeros((2, 3)))


# --- contrastive loss -------------------------------------------------------------------------------

def test_contrastive_loss_worked_example_and_convention():
    d, same = np.array([0.5, 0.3, 1.5]), np.array([1, 0, 0])
    loss, grad = metric.contrastive_loss_and_grad(d, same, 1.0)
    assert loss == pytest.approx(0.37 / 3)
    np.testing.assert_allclose(grad, np.array([0.5, -0.7, 0.0]) / 3)
    assert metric.contrastive_loss_and_grad(np.array([2.0]), np.array([1]))[0] == pytest.approx(2.0)   # same = 1 is similar
    assert metric.contrastive_loss_and_grad(np.array([2.0]), np.array([0]))[0] == 0.0                  # beyond the margin


def test_contrastive_gradients_match_finite_differences():
    rng = np.random.default_rng(3)
    d, same = rng.uniform(0.01, 3.0, size=30), rng.integers(0, 2, size=30)
    numeric = central_differences(lambda v: metric.contrastive_loss_and_grad(v, same, 1.3)[0], d)
    np.testing.assert_allclose(metric.contrastive_loss_and_grad(d, same, 1.3)[1], numeric, atol=1e-8)


def test_contrastive_loss_validates_its_inputs():
    with pytest.raises(ValueError, match="same"):
        metric.contrastive_loss_and_grad(np.array([1.0]), np.array([2]))
    with pytest.raises(ValueError, match="negative"):
        metric.contrastive_loss_and_grad(np.array([-1.0]), np.array([1]))
    with pytest.raises(ValueError, match="margin"):
        metric.contrastive_loss_and_grad(np.array([1.0]), np.array([1]), margin=0.0)
    with pytest.raises(ValueError, match="same length"):
        metric.contrastive_loss_and_grad(np.array([1.0, 2.0]), np.array([1]))


# --- triplet loss -----------------------------------------------------------------------------------

def test_triplet_loss_worked_example():
    a, p, n = np.zeros((2, 2)), np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[0.0, 2.0], [1.0, 0.0]])
    assert metric.triplet_loss_and_grads(a, p, n, 0.2)[0] == pytest.approx(0.6)
    loss, da, dp, dn = metric.triplet_loss_and_grads(a[1:], p[1:], n[1:], 0.2)
    assert loss == pytest.approx(1.2)
    np.testing.assert_allclose(np.vstack([da, dp, dn]), [[0.0, -2.0], [2.0, 2.0], [-2.0, 0.0]])


@pytest.mark.parametrize("margin", [0.0, 0.2, 1.5])
def test_triplet_gradients_match_finite_differences(margin):
    rng = np.random.default_rng(4)
    a, p, n = (rng.normal(size=(15, 4)) for _ in range(3))
    grads = metric.triplet_loss_and_grads(a, p, n, margin)[1:]
    args = [a, p, n]
    for k in range(3):
        def f(X, k=k):
            trial = list(args)
            trial[k] = X
            return metric.triplet_loss_and_grads(*trial, margin=margin)[0]
        np.testing.assert_allclose(grads[k], central_differences(f, args[k]), atol=1e-7)
    np.testing.assert_allclose(grads[0] + grads[1] + grads[2], 0.0, atol=1e-12)   # translation invariance


def test_triplet_kinds():
    kinds = metric.triplet_kinds(np.ones(4), np.array([0.5, 1.0, 1.1, 1.3]), margin=0.2)
    assert kinds.tolist() == ["hard", "semi-hard", "semi-hard", "easy"]


def test_triplet_loss_validates_its_inputs():
    with pytest.raises(ValueError, match="same shape"):
        metric.triplet_loss_and_grads(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="margin"):
        metric.triplet_loss_and_grads(np.zeros((1, 2)), np.zeros((1, 2)), np.zeros((1, 2)), margin=-1)


# --- sampling and mining ----------------------------------------------------------------------------

LABELS = np.array([0, 0, 1, 1, 1, 2, 2, 0, 2, 1, 3, 3])


def test_sample_triplets_structure_and_uniformity():
    a, p, n = metric.sample_triplets(LABELS, 30000, np.random.default_rng(5))
    assert np.all(LABELS[a] == LABELS[p]) and np.all(a != p) and np.all(LABELS[n] != LABELS[a])
    # anchor 0 (class 0 = {0, 1, 7}): positives 1 and 7 equally often; negatives uniform over the other 9
    pos = p[a == 0]
    assert set(pos) == {1, 7} and abs(np.mean(pos == 1) - 0.5) < 0.05
    neg_counts = np.bincount(n[a == 0], minlength=12)[LABELS != 0]
    assert neg_counts.min() > 0 and neg_counts.max() / neg_counts.min() < 1.5


def test_sample_pk_batch():
    y = np.repeat(np.arange(6), 5)
    idx = metric.sample_pk_batch(y, 4, 3, np.random.default_rng(7))
    assert idx.shape == (12,) and len(set(idx)) == 12
    assert sorted(np.bincount(y[idx], minlength=6).tolist()) == [0, 0, 3, 3, 3, 3]
    with pytest.raises(ValueError, match="n_per_class"):
        metric.sample_pk_batch(y, 4, 6, np.random.default_rng(7))


def test_sampling_validates_its_inputs():
    with pytest.raises(ValueError, match="single point"):
        metric.sample_triplets(np.array([0, 0, 1]), 5, np.random.default_rng(0))
    with pytest.raises(ValueError, match="two classes"):
        metric.sample_triplets(np.array([0, 0, 0]), 5, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        metric.sample_triplets(LABELS, 5, rng=0)


def test_batch_hard_triplets_against_brute_force():
    rng = np.random.default_rng(8)
    E = rng.normal(size=(len(LABELS), 3))
    a, p, n = metric.batch_hard_triplets(E, LABELS)
    for i in range(len(LABELS)):
        dist = np.sum((E - E[i]) ** 2, axis=1)
        pos = [j for j in range(len(LABELS)) if LABELS[j] == LABELS[i] and j != i]
        neg = [j for j in range(len(LABELS)) if LABELS[j] != LABELS[i]]
        assert a[i] == i and p[i] == max(pos, key=lambda j: dist[j]) and n[i] == min(neg, key=lambda j: dist[j])
    # two coinciding points of one class: each is the other's positive, never its own
    _, p2, _ = metric.batch_hard_triplets(np.array([[0.0], [0.0], [3.0], [4.0]]), np.array([1, 1, 2, 2]))
    assert p2.tolist() == [1, 0, 3, 2]


# --- Recall@K -------------------------------------------------------------------------------------

def test_recall_at_k_worked_example():
    E, y = np.array([[0.0], [1.0], [3.0], [4.0], [10.0]]), np.array([0, 1, 0, 1, 1])
    assert [metric.recall_at_k(E, y, k) for k in (1, 2, 3)] == pytest.approx([0.2, 0.6, 1.0])


@pytest.mark.parametrize("k", [1, 5, 12])
def test_recall_at_k_matches_sklearn_nearest_neighbors(k):
    rng = np.random.default_rng(9)
    E, y = rng.normal(size=(120, 5)), rng.integers(0, 6, size=120)
    _, idx = NearestNeighbors(n_neighbors=k + 1).fit(E).kneighbors(E)
    assert np.all(idx[:, 0] == np.arange(120))          # sklearn returns the query itself first
    expected = np.mean(np.any(y[idx[:, 1:]] == y[:, None], axis=1))
    assert metric.recall_at_k(E, y, k) == pytest.approx(expected)


def test_recall_at_k_validates_its_inputs():
    with pytest.raises(ValueError, match="k must be"):
        metric.recall_at_k(np.zeros((3, 2)), np.zeros(3), 3)
    with pytest.raises(ValueError, match="labels"):
        metric.recall_at_k(np.zeros((3, 2)), np.zeros(4), 1)


# --- edge cases the docstrings promise ------------------------------------------------------------

def test_sample_pk_batch_needs_enough_classes():
    rng = np.random.default_rng(10)
    with pytest.raises(ValueError, match="n_classes"):
        metric.sample_pk_batch(LABELS, 5, 2, rng)          # LABELS has only 4 classes


def test_recall_at_k_breaks_ties_by_the_lower_index():
    # from point 0, points 1 (class 1) and 2 (class 0) are both at distance 1: the lower index wins
    E, y = np.array([[0.0], [1.0], [-1.0], [5.0], [5.5]]), np.array([0, 1, 0, 1, 1])
    assert metric.recall_at_k(E, y, 1) == pytest.approx(3 / 5)   # hits: 2, 3 and 4; point 0 finds 1 first
    assert metric.recall_at_k(E, y, 2) == pytest.approx(4 / 5)   # point 0 now reaches 2; point 1 never reaches 4


def test_l2_normalize_keeps_a_zero_row_zero():
    Z = metric.l2_normalize(np.array([[0.0, 0.0], [3.0, 4.0]]))
    np.testing.assert_allclose(Z, [[0.0, 0.0], [0.6, 0.8]])


# --- MAP@R -----------------------------------------------------------------------------------------

def test_map_at_r_worked_example_by_hand():
    # 1-D points 0, 1, 3, 4, 10 with classes 0, 1, 0, 1, 1. Per query (R, ranked relevance):
    # 0: R=1, [1]->0 -> 0;  1: R=2, [0, 3]->(0, 0) -> 0;  3: R=1, [4]->0 -> 0;
    # 4: R=2, [3, 1]->(0, 1) -> (1/2)(1/2) = 0.25;  10: R=2, [4, 3]->(1, 0) -> (1/2)(1) = 0.5.
    E = np.array([[0.0], [1.0], [3.0], [4.0], [10.0]])
    assert metric.map_at_r(E, np.array([0, 1, 0, 1, 1])) == pytest.approx(0.75 / 5, abs=1e-12)
    # perfectly separated classes score 1, and a class met only after the other class scores less
    assert metric.map_at_r(np.array([[0.0], [0.1], [5.0], [5.1]]), np.array([2, 2, 7, 7])) == 1.0
    # query 0 at 0: others 1 (class b), 2 (a): R = 1 -> 0; its score only counts the first R results
    assert metric.map_at_r(np.array([[0.0], [1.0], [2.0], [3.0]]), np.array(["a", "b", "a", "b"])) == 0.0


def test_map_at_r_against_a_loop():
    rng = np.random.default_rng(5)
    E, y = rng.normal(size=(40, 3)), np.repeat(np.arange(5), 8)[rng.permutation(40)]
    scores = []
    for q in range(40):
        others = sorted((float(np.sum((E[q] - E[j]) ** 2)), j) for j in range(40) if j != q)
        R = int(np.sum(y == y[q])) - 1
        hits, score = 0, 0.0
        for i, (_, j) in enumerate(others[:R], start=1):
            if y[j] == y[q]:
                hits += 1
                score += hits / i
        scores.append(score / R)
    assert metric.map_at_r(E, y) == pytest.approx(np.mean(scores), abs=1e-12)


def test_map_at_r_validates_its_inputs():
    with pytest.raises(ValueError, match="single point"):
        metric.map_at_r(np.zeros((3, 2)), np.array([0, 0, 1]))
    with pytest.raises(ValueError, match="labels has shape"):
        metric.map_at_r(np.zeros((3, 2)), np.array([0, 0]))


def test_sample_pk_batch_is_uniform_over_classes_and_members():
    y = np.array([0] * 3 + [1] * 5 + [2] * 4 + [3] * 6)
    rng = np.random.default_rng(3)
    class_hits, point_hits = np.zeros(4), np.zeros(y.size)
    for _ in range(4000):
        idx = metric.sample_pk_batch(y, 2, 2, rng)
        assert len(set(idx)) == 4 and y[idx[0]] == y[idx[1]] and y[idx[2]] == y[idx[3]] != y[idx[0]]
        class_hits[np.unique(y[idx])] += 1
        point_hits[idx] += 1
    np.testing.assert_allclose(class_hits / 4000, 0.5, atol=0.04)                # 2 of 4 classes
    for c in range(4):                                                             # 2 of the class's points
        np.testing.assert_allclose(point_hits[y == c] / class_hits[c], 2 / np.sum(y == c), atol=0.05)
