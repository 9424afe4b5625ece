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
