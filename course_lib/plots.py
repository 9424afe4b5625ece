"""Plot helpers shared by the notebooks.

Every helper takes an optional matplotlib ``ax`` (a new figure is made when it is None), draws on
it and returns it. None of them calls ``plt.show()``: the notebook decides when to show.
"""
import matplotlib.pyplot as plt
import numpy as np


def _axes(ax, figsize=(5.5, 4.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def decision_boundary(predict_fn, X, y, ax=None, padding=0.3, resolution=300, title=None):
    """Colour the plane by the class ``predict_fn`` gives, and draw the data on top.

    Parameters
    ----------
    predict_fn : callable
        Takes an array of shape (m, 2) and returns m labels (any values, e.g. +1/-1 or 0..K-1).
    X : ndarray, shape (n, 2)
        The data points.
    y : ndarray, shape (n,)
        Their labels.
    ax : matplotlib Axes, optional
    padding : float
        Margin around the data, in data units.
    resolution : int
        Grid points per axis.
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"decision_boundary draws 2-D data; X has shape {X.shape}, expected (n, 2)")
    ax = _axes(ax)
    (x0, y0), (x1, y1) = X.min(axis=0) - padding, X.max(axis=0) + padding
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    classes = np.unique(y)
    pred = np.asarray(predict_fn(grid)).reshape(gx.shape)
    index = np.searchsorted(classes, pred).clip(0, len(classes) - 1)
    cmap = plt.get_cmap("coolwarm" if len(classes) == 2 else "tab10")
    colors = [cmap(k / max(1, len(classes) - 1)) if len(classes) == 2 else cmap(k) for k in range(len(classes))]
    ax.contourf(gx, gy, index, levels=np.arange(len(classes) + 1) - 0.5,
                colors=colors, alpha=0.25)
    ax.contour(gx, gy, index, levels=np.arange(len(classes)) + 0.5, colors="black", linewidths=1)
    markers = "o^sDv<>p*h"
    for k, c in enumerate(classes):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], color=colors[k], edgecolor="black", s=45,
                   marker=markers[k % len(markers)], label=f"class {c}")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best", fontsize=9)
    if title:
        ax.set_title(title)
    return ax


def training_curve(values, ax=None, xlabel="epoch", ylabel="value", title=None, label=None, start=1):
    """Draw one quantity per epoch (mistakes, loss, accuracy ...) as a line with markers.

    Parameters
    ----------
    values : sequence of float, length n_epochs
    ax : matplotlib Axes, optional
    xlabel, ylabel, title, label : str
    start : int
        The number of the first epoch on the x axis.

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    values = np.asarray(values, dtype=float)
    ax.plot(np.arange(start, start + len(values)), values, marker="o", markersize=3, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    if label:
        ax.legend()
    return ax


def history_curves(history, axes=None, title=None):
    """Loss and accuracy per epoch from a training history, training and validation side by side.

    Parameters
    ----------
    history : dict
        Lists under "loss" and "acc", and optionally "val_loss" and "val_acc"
        (what ``course_lib.training.train`` returns).
    axes : sequence of two matplotlib Axes, optional

    Returns
    -------
    axes : the two Axes (loss, accuracy)
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, key, name in [(axes[0], "loss", "loss"), (axes[1], "acc", "accuracy")]:
        training_curve(history[key], ax=ax, ylabel=name, label="training")
        if history.get("val_" + key):
            training_curve(history["val_" + key], ax=ax, ylabel=name, label="validation")
        ax.set_title(f"{title}: {name}" if title else name)
    return axes


def confusion_matrix(cm, class_names=None, ax=None, title=None, normalize=False):
    """Draw a confusion matrix as a picture with the counts written in the cells.

    Parameters
    ----------
    cm : ndarray of int, shape (K, K)
        cm[i, j] = number of examples of actual class i predicted as class j.
    class_names : list of str, length K, optional
    ax : matplotlib Axes, optional
    title : str, optional
    normalize : bool
        Colour by the fraction of each actual class (row) instead of the raw count.

    Returns
    -------
    ax : matplotlib Axes
    """
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square matrix; got shape {cm.shape}")
    k = cm.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    ax = _axes(ax, figsize=(1.0 + 0.6 * max(k, 4), 0.8 + 0.6 * max(k, 4)))
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    ax.imshow(shown, cmap="Blues")
    limit = shown.max() / 2 if shown.size else 0
    for i in range(k):
        for j in range(k):
            ax.text(j, i, f"{cm[i, j]:d}", ha="center", va="center",
                    color="white" if shown[i, j] > limit else "black", fontsize=10)
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("actual class")
    if title:
        ax.set_title(title)
    return ax
