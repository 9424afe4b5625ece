import numpy as np
import pytest

from course_lib import datasets


def test_toy_spam_is_the_slides_table():
    X, y, words = datasets.toy_spam()
    assert words == ("and", "viagra", "the", "of", "nigeria")
    assert X.shape == (6, 5) and list(y) == [1, -1, 1, -1, 1, -1]
    assert X[0].tolist() == [1, 1, 0, 1, 1] and X[5].tolist() == [1, 0, 1, 1, 0]


def test_sms_spam_counts_match_the_data_readme():
    texts, y = datasets.load_sms_spam()
    assert len(texts) == 4862 and (y == 1).sum() == 642 and set(np.unique(y)) == {-1, 1}
    assert len(set(texts)) == 4534  # duplicates are in the original corpus too
    assert texts[1].startswith("Free entry in 2 a wkly comp")


def test_tokenize():
    assert datasets.tokenize("FREE entry! Win £100 now") == ["free", "entry", "win", "£100", "now"]
    assert datasets.tokenize("I'm ok...") == ["i'm", "ok"]
    assert datasets.tokenize("") == []
    with pytest.raises(TypeError):
        datasets.tokenize(None)


def test_build_vocabulary_counts_documents_not_occurrences():
    docs = [["a", "a", "a"], ["b", "c"], ["b", "a"], ["c"]]
    assert datasets.build_vocabulary(docs, min_count=2) == ["a", "b", "c"]
    assert datasets.build_vocabulary(docs, min_count=1, max_size=1) == ["a"]
    assert datasets.build_vocabulary([["x", "x"]], min_count=2) == []


def test_split_is_stratified_reproducible_and_complete():
    y = np.array([1] * 20 + [-1] * 80)
    X = np.arange(100).reshape(100, 1)
    parts = datasets.train_test_split(X, y, 0.25, rng=np.random.default_rng(0))
    again = datasets.train_test_split(X, y, 0.25, rng=np.random.default_rng(0))
    for a, b in zip(parts, again):
        assert np.array_equal(a, b)
    X_tr, X_te, y_tr, y_te = parts
    assert len(X_te) == 25 and (y_te == 1).sum() == 5
    assert sorted(np.concatenate([X_tr, X_te]).ravel().tolist()) == list(range(100))
    # rows and labels stay paired
    assert np.array_equal(y[X_tr.ravel()], y_tr) and np.array_equal(y[X_te.ravel()], y_te)


def test_split_of_lists_and_bad_arguments():
    X = [[str(i)] for i in range(10)]
    y = np.array([0, 1] * 5)
    X_tr, X_te, y_tr, y_te = datasets.train_test_split(X, y, 0.2, rng=np.random.default_rng(1))
    assert isinstance(X_tr, list) and len(X_te) == 2 and sorted(y_te.tolist()) == [0, 1]
    with pytest.raises(TypeError, match="rng"):
        datasets.train_test_split(X, y, 0.2)
    with pytest.raises(ValueError, match="rows"):
        datasets.train_test_split(X[:3], y, 0.2, rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match="test_fraction"):
        datasets.train_test_split(X, y, 1.5, rng=np.random.default_rng(1))


def test_digits_are_scaled_to_unit_interval():
    X, y = datasets.load_digits()
    assert X.shape == (1797, 64) and X.min() == 0 and X.max() == 1
    assert sorted(np.unique(y).tolist()) == list(range(10))


def test_xor():
    X, y = datasets.xor_data()
    assert [(int(a) ^ int(b)) for a, b in X] == [int(v == 1) for v in y]


def test_load_wine_has_raw_scales_and_three_classes():
    X, y, names = datasets.load_wine()
    assert X.shape == (178, 13) and len(names) == 13 and np.bincount(y).tolist() == [59, 71, 48]
    assert X[:, names.index("proline")].mean() > 100 * X[:, names.index("hue")].mean()


def test_bundled_digits_equal_scikit_learns():
    from sklearn.datasets import load_digits as sk_load_digits
    X, y = datasets.load_digits()
    reference = sk_load_digits()
    np.testing.assert_array_equal(X * 16, reference.data)
    np.testing.assert_array_equal(y, reference.target)


def test_nuisance_classes_shapes_labels_and_scale():
    X, y = datasets.make_nuisance_classes(12, 15, np.random.default_rng(0))
    assert X.shape == (180, 64) and y.shape == (180,)
    assert list(np.bincount(y)) == [15] * 12
    assert 0.8 < X.var() < 1.2                      # scaled so that a pixel's variance is about 1
    X2, _ = datasets.make_nuisance_classes(12, 15, np.random.default_rng(0))
    np.testing.assert_array_equal(X, X2)            # seeded


def test_nuisance_classes_are_the_prototype_plus_the_six_fields():
    # without noise and with the illumination switched off, every image of a class is a positive
    # multiple (gain in [0.5, 1.5]) of one pattern with mean 0
    X, y = datasets.make_nuisance_classes(4, 6, np.random.default_rng(1), nuisance=0.0, noise=0.0)
    for c in range(4):
        block = X[y == c]
        ratios = np.linalg.norm(block, axis=1) / np.linalg.norm(block[0])
        np.testing.assert_allclose(block, ratios[:, None] * block[0], atol=1e-12)
        assert 1 / 3 <= ratios.min() and ratios.max() <= 3
        np.testing.assert_allclose(block.mean(axis=1), 0.0, atol=1e-12)
    # with noise off, removing the six fields (least squares) leaves gain * prototype: same class, same direction
    F = datasets.nuisance_fields(8)
    assert F.shape == (6, 64)
    np.testing.assert_allclose(np.sqrt(np.mean(F ** 2, axis=1)), 1.0)
    X, y = datasets.make_nuisance_classes(3, 5, np.random.default_rng(2), nuisance=2.0, noise=0.0)
    residual = X - (X @ np.linalg.pinv(F)) @ F
    cos = residual @ residual.T / np.outer(np.linalg.norm(residual, axis=1), np.linalg.norm(residual, axis=1))
    assert np.all(cos[y[:, None] == y[None, :]] > 0.999)
    assert np.all(np.abs(cos[y[:, None] != y[None, :]]) < 0.999)


def test_nuisance_dominates_pixel_distance():
    # the point of the data set: nearest neighbours in raw pixels rarely share the class
    X, y = datasets.make_nuisance_classes(20, 10, np.random.default_rng(3))
    D = np.sum((X[:, None] - X[None]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    assert np.mean(y[np.argmin(D, axis=1)] == y) < 0.4


def test_nuisance_classes_validate_inputs():
    with pytest.raises(TypeError, match="rng"):
        datasets.make_nuisance_classes(3, 3, 0)
    with pytest.raises(ValueError):
        datasets.make_nuisance_classes(0, 3, np.random.default_rng(0))
