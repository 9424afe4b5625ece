"""course_lib.training: early stopping on the issue's worked sequence, and the training loop."""
import numpy as np
import pytest

from course_lib import datasets, nn, optim, training


def test_early_stopping_on_the_worked_sequence():
    stopper = training.EarlyStopping(patience=2)
    params = {"W1": np.zeros(2)}
    answers = []
    for epoch, loss in enumerate([5, 4, 3, 3.5, 3.6]):
        params["W1"][:] = epoch
        answers.append(stopper.update(loss, params))
    assert answers == [False, False, False, False, True]
    assert stopper.best_loss == 3 and stopper.best_epoch == 2
    assert stopper.best_params["W1"].tolist() == [2.0, 2.0], "best_params must be a copy, not a reference"


def test_early_stopping_min_delta():
    stopper = training.EarlyStopping(patience=1, min_delta=0.5)
    assert stopper.update(1.0, {}) is False
    assert stopper.update(0.6, {}) is True  # 0.6 is not below 1.0 - 0.5
    with pytest.raises(ValueError):
        training.EarlyStopping(patience=0)


def test_train_learns_the_digits_and_restores_the_best_weights(capsys):
    X, y = datasets.load_digits()
    rng = np.random.default_rng(0)
    X_tr, X_va, y_tr, y_va = datasets.train_test_split(X, y, test_fraction=0.25, rng=rng)
    params = nn.init_mlp([64, 32, 10], rng)
    stopper = training.EarlyStopping(patience=3)
    history = training.train(params, X_tr, y_tr, optim.Adam(lr=0.01), epochs=40, batch_size=32, rng=rng,
                             X_val=X_va, y_val=y_va, early_stopping=stopper)
    n = len(history["loss"])
    assert len(history["val_acc"]) == n == len(history["seconds"])
    assert history["loss"][-1] < history["loss"][0]
    best = history["best_epoch"]
    assert history["val_loss"][best - 1] == min(history["val_loss"])
    # the restored weights give the best epoch's validation loss again
    val_loss, val_acc = training.evaluate(params, X_va, y_va)
    assert val_loss == pytest.approx(history["val_loss"][best - 1])
    assert val_acc > 0.93
    assert "restored the weights of epoch" in capsys.readouterr().out


def test_train_rejects_inconsistent_input():
    params = nn.init_mlp([2, 3, 2], np.random.default_rng(0))
    with pytest.raises(ValueError, match="3 rows but y has 2"):
        training.train(params, np.zeros((3, 2)), np.zeros(2, int), optim.SGD(), 1, 2, np.random.default_rng(0))
    with pytest.raises(ValueError, match="validation data"):
        training.train(params, np.zeros((2, 2)), np.zeros(2, int), optim.SGD(), 1, 2, np.random.default_rng(0),
                       early_stopping=training.EarlyStopping())


def _small_problem(seed=0):
    X, y = datasets.load_digits()
    rng = np.random.default_rng(seed)
    X_tr, X_va, y_tr, y_va = datasets.train_test_split(X[:300], y[:300], test_fraction=0.3, rng=rng)
    return X_tr, X_va, y_tr, y_va


def test_train_with_loss_and_grads_equal_to_the_reference_gives_the_same_history():
    X_tr, X_va, y_tr, y_va = _small_problem()
    histories, finals = [], []
    for custom in (False, True):
        params = nn.init_mlp([64, 16, 10], np.random.default_rng(1))
        calls = []

        def mine(p, X_batch, Y_batch):
            calls.append((X_batch.shape, Y_batch.shape))
            assert p is params  # the dict that the optimizer updates, not a copy
            return nn.loss_and_grads(p, X_batch, Y_batch, "relu", 0.01)

        kwargs = {"loss_and_grads": mine} if custom else {"l2": 0.01}
        h = training.train(params, X_tr, y_tr, optim.Adam(lr=0.01), epochs=3, batch_size=50,
                           rng=np.random.default_rng(2), X_val=X_va, y_val=y_va, progress=False, **kwargs)
        histories.append(h["val_loss"])
        finals.append(params["W1"].copy())
        if custom:
            # once per mini-batch, with the rows of that batch: 5 batches per epoch, the last one smaller
            n, rest = len(y_tr), len(y_tr) - 4 * 50
            assert 0 < rest < 50 and len(calls) == 3 * 5
            assert calls[0] == ((50, 64), (50, 10)) and calls[4] == ((rest, 64), (rest, 10)), (n, calls[:5])
    np.testing.assert_allclose(finals[1], finals[0], rtol=1e-12, atol=1e-12)
    # the history of the custom run is the plain cross-entropy: lower than the one with the penalty
    assert all(a > b for a, b in zip(histories[0], histories[1]))


def test_train_with_loss_and_grads_uses_rng_only_for_shuffling():
    X_tr, X_va, y_tr, y_va = _small_problem()
    results = []
    for n_draws in (0, 1000):
        params = nn.init_mlp([64, 16, 10], np.random.default_rng(1))
        mask_rng = np.random.default_rng(5)

        def with_own_generator(p, X_batch, Y_batch):
            mask_rng.random(n_draws)  # however many numbers it draws, the shuffling stays the same
            return nn.loss_and_grads(p, X_batch, Y_batch)

        training.train(params, X_tr, y_tr, optim.SGD(lr=0.1), epochs=2, batch_size=32,
                       rng=np.random.default_rng(2), loss_and_grads=with_own_generator, progress=False)
        results.append(params["W2"].copy())
    np.testing.assert_array_equal(results[0], results[1])


def test_train_with_loss_and_grads_rejects_built_in_dropout_or_decay():
    params = nn.init_mlp([2, 3, 2], np.random.default_rng(0))
    fn = lambda p, X_batch, Y_batch: nn.loss_and_grads(p, X_batch, Y_batch)  # noqa: E731
    for kwargs in ({"dropout": 0.5}, {"l2": 0.1}):
        with pytest.raises(ValueError, match="put the dropout and the penalty into the function"):
            training.train(params, np.zeros((2, 2)), np.zeros(2, int), optim.SGD(), 1, 2,
                           np.random.default_rng(0), loss_and_grads=fn, **kwargs)


def test_train_l2_is_the_penalty_in_the_loss_which_for_sgd_is_weight_decay():
    """One full-batch SGD step with l2=lam equals the decay step (1 - lr lam) W - lr grad E outside the bias."""
    X_tr, _, y_tr, _ = _small_problem()
    lr, lam = 0.1, 0.5
    start = nn.init_mlp([64, 8, 10], np.random.default_rng(3))
    params = {k: v.copy() for k, v in start.items()}
    history = training.train(params, X_tr, y_tr, optim.SGD(lr=lr), epochs=1, batch_size=len(y_tr),
                             rng=np.random.default_rng(0), l2=lam, progress=False)
    _, grads = nn.loss_and_grads(start, X_tr, nn.one_hot(y_tr, 10))   # the cross-entropy alone
    for key, W in start.items():
        expected = W - lr * grads[key]
        expected[:, 1:] -= lr * lam * W[:, 1:]          # i.e. (1 - lr lam) W[:, 1:] - lr grad
        np.testing.assert_allclose(params[key], expected, rtol=1e-10, atol=1e-12)
    # the history's loss carries the penalty lam/2 * sum of squares outside the bias columns
    Y_hat, _ = nn.mlp_forward(params, X_tr)
    penalty = lam / 2 * sum(np.sum(W[:, 1:] ** 2) for W in params.values())
    assert history["loss"][0] == pytest.approx(nn.cross_entropy(Y_hat, nn.one_hot(y_tr, 10)) + penalty)
    with pytest.raises(TypeError):   # the old, misleading name is gone: l2 is a penalty, not decoupled decay
        training.train(params, X_tr, y_tr, optim.SGD(lr=lr), 1, 32, np.random.default_rng(0), weight_decay=lam)


def test_train_record_false_trains_the_same_and_evaluates_once():
    X_tr, X_va, y_tr, y_va = _small_problem()
    finals, histories = [], []
    for record in (True, False):
        params = nn.init_mlp([64, 16, 10], np.random.default_rng(1))
        histories.append(training.train(params, X_tr, y_tr, optim.Adam(lr=0.01), epochs=4, batch_size=32,
                                        rng=np.random.default_rng(2), X_val=X_va, y_val=y_va, progress=False,
                                        record=record))
        finals.append(params)
    for key in finals[0]:
        np.testing.assert_array_equal(finals[1][key], finals[0][key])
    full, once = histories
    assert len(full["val_loss"]) == 4 and len(once["val_loss"]) == 1 and len(once["loss"]) == 1
    assert once["val_loss"][0] == full["val_loss"][-1] and once["acc"][0] == full["acc"][-1]
    with pytest.raises(ValueError, match="record=True"):
        training.train(finals[0], X_tr, y_tr, optim.SGD(), 1, 32, np.random.default_rng(0), X_val=X_va, y_val=y_va,
                       early_stopping=training.EarlyStopping(), record=False)
