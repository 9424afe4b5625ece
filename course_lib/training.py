"""A mini-batch training loop for the reference MLP, with history, progress and early stopping.

    >>> rng = np.random.default_rng(0)
    >>> params = nn.init_mlp([64, 50, 10], rng)
    >>> history = train(params, X_train, y_train, optim.Adam(lr=0.01), epochs=20,
    ...                 batch_size=32, rng=rng, X_val=X_val, y_val=y_val)
    >>> plots.history_curves(history)

``params`` is changed in place by the optimizer; the history is a dict of lists, one value per epoch.
"""
import copy
import time

import numpy as np

from . import nn
from .answers import answers
from .optim import clip_grad_norm, iterate_minibatches


@answers("05_dropout_early_stopping")
class EarlyStopping:
    """Stop when the validation loss has not improved for ``patience`` epochs (notebook 05).

    An improvement is ``val_loss < best_loss - min_delta``. ``best_params`` is a deep copy of the
    parameters at the best epoch, ``best_epoch`` its 0-based index among the calls to ``update``.
    """

    def __init__(self, patience=5, min_delta=0.0):
        if patience < 1:
            raise ValueError(f"patience must be at least 1, got {patience}")
        self.patience, self.min_delta = patience, min_delta
        self.best_loss, self.best_epoch, self.best_params = np.inf, -1, None
        self.calls, self.bad_epochs = 0, 0

    def update(self, val_loss, params):
        """Record one epoch's validation loss; True when training should stop."""
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = float(val_loss), self.calls
            self.best_params = copy.deepcopy(params)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.calls += 1
        return self.bad_epochs >= self.patience


def evaluate(params, X, y, activation="relu", l2=0.0):
    """(mean cross-entropy plus the L2 penalty l2/2 * sum ||W[:, 1:]||^2, accuracy) on integer labels y (n,)."""
    Y_hat, _ = nn.mlp_forward(params, X, activation)
    loss = nn.cross_entropy(Y_hat, nn.one_hot(y, Y_hat.shape[1])) + nn.l2_penalty(params, l2)
    return loss, nn.accuracy(y, Y_hat.argmax(axis=1))


def train(params, X, y, optimizer, epochs, batch_size, rng, X_val=None, y_val=None,
          activation="relu", l2=0.0, dropout=0.0, max_grad_norm=None,
          early_stopping=None, progress=True, loss_and_grads=None, record=True):
    """Train the MLP ``params`` with mini-batches; return the history.

    Parameters
    ----------
    params : dict "W1".."WL" (from ``nn.init_mlp``), updated in place
    X : ndarray, shape (n, d)
    y : ndarray of int, shape (n,), labels 0..m-1
    optimizer : an object with ``update(params, grads)`` (``course_lib.optim``)
    epochs : int, the most passes over the data
    batch_size : int
    rng : numpy.random.Generator, for the shuffling (and the dropout masks)
    X_val, y_val : validation data, optional: loss and accuracy after every epoch
    activation : str, hidden activation (a key of ``nn.ACTIVATIONS``)
    l2 : float, the coefficient lambda of the L2 penalty lambda/2 * sum ||W[:, 1:]||^2 (bias columns
        excluded), added to the loss and so to the gradient that the optimizer receives. This is the
        coupled penalty, not decoupled weight decay: under Adam the two differ (notebook 05, section 3).
    dropout : float in [0, 1), drop probability of hidden units during training
    max_grad_norm : float, optional, clip the gradients to this global norm
    early_stopping : an ``EarlyStopping``-like object, optional (needs validation data);
        when it says stop, training ends and the best parameters are copied back into ``params``
    progress : bool, print about ten progress lines (epoch, losses, accuracies, seconds)
    loss_and_grads : callable, optional
        ``loss_and_grads(params, X_batch, Y_batch) -> (loss, grads)`` with ``Y_batch`` one-hot
        (batch, m) and ``grads`` a dict with the keys and shapes of ``params``: replaces the
        reference gradient (``nn.loss_and_grads``), e.g. a student's own function with its dropout
        and L2 penalty inside. Give it its own generator for dropout masks (a closure): ``rng``
        then only shuffles, so the mini-batches do not depend on how many numbers the masks use.
        It cannot be combined with ``dropout`` or ``l2`` (put them into the function);
        the history then holds the plain cross-entropy of the reference network with ``activation``
        in evaluation mode, so the function should use the same activation.

    record : bool, default True
        Evaluate after every epoch. False evaluates only after the last epoch (every list of the
        history then holds that one value): faster when only the trained parameters matter.
        Early stopping needs True.

    Returns
    -------
    history : dict of lists, one entry per evaluated epoch: "loss", "acc" (on the whole training set,
        evaluation mode), "val_loss", "val_acc" (empty without validation data), "seconds",
        and "stopped_epoch" / "best_epoch" (1-based, or None without early stopping)
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]} labels")
    validate = X_val is not None and y_val is not None
    if early_stopping is not None and not validate:
        raise ValueError("early_stopping needs validation data (X_val and y_val)")
    if early_stopping is not None and not record:
        raise ValueError("early_stopping needs record=True (a validation loss after every epoch)")
    if loss_and_grads is not None and (dropout or l2):
        raise ValueError(f"loss_and_grads cannot be combined with dropout={dropout} or l2={l2}: "
                         "put the dropout and the penalty into the function you pass")
    if loss_and_grads is None:
        def loss_and_grads(p, X_batch, Y_batch):
            return nn.loss_and_grads(p, X_batch, Y_batch, activation, l2, dropout, rng)
    n_classes = params[list(params)[-1]].shape[0]
    Y = nn.one_hot(y, n_classes)
    history = {"loss": [], "acc": [], "val_loss": [], "val_acc": [], "seconds": [],
               "stopped_epoch": None, "best_epoch": None}
    start = time.perf_counter()
    every = max(1, epochs // 10)
    for epoch in range(1, epochs + 1):
        for idx in iterate_minibatches(X.shape[0], batch_size, rng=rng):
            _, grads = loss_and_grads(params, X[idx], Y[idx])
            if max_grad_norm is not None:
                grads = clip_grad_norm(grads, max_norm=max_grad_norm)
            optimizer.update(params, grads)
        if not record and epoch < epochs:
            continue
        loss, acc = evaluate(params, X, y, activation, l2)
        history["loss"].append(loss)
        history["acc"].append(acc)
        line = f"epoch {epoch:3d}/{epochs}  loss {loss:.4f}  acc {acc:.3f}"
        if validate:
            val_loss, val_acc = evaluate(params, X_val, y_val, activation, l2)
            history["val_loss"].append(val_loss)
            history["val_acc"].append(val_acc)
            line += f"  val_loss {val_loss:.4f}  val_acc {val_acc:.3f}"
        history["seconds"].append(time.perf_counter() - start)
        stop = early_stopping is not None and early_stopping.update(history["val_loss"][-1], params)
        if progress and (epoch % every == 0 or epoch == epochs or stop):
            print(f"{line}  ({history['seconds'][-1]:.1f} s)")
        if not np.isfinite(loss):
            if progress:
                print(f"epoch {epoch}: the loss is {loss}; training diverged, stopping")
            break
        if stop:
            history["stopped_epoch"] = epoch
            break
    if early_stopping is not None and early_stopping.best_params is not None:
        history["best_epoch"] = early_stopping.best_epoch + 1
        for key, value in early_stopping.best_params.items():
            params[key][...] = value
        if progress:
            print(f"restored the weights of epoch {history['best_epoch']} "
                  f"(validation loss {early_stopping.best_loss:.4f})")
    return history
