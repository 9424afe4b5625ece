import matplotlib
import numpy as np
import pytest

from course_lib import checks, plots

matplotlib.use("Agg")


def test_check_close_passes_and_fails_with_a_teaching_message():
    checks.check_close("x", np.array([1.0, 2.0]), [1.0, 2.0 + 1e-12])
    with pytest.raises(AssertionError, match=r"(?s)f\(x\) is wrong.*expected.*got.*Hint: look again"):
        checks.check_close("f(x)", [1.0, 2.5], [1.0, 2.0], hint="look again")
    with pytest.raises(AssertionError, match=r"has shape \(2, 1\); expected shape \(2,\)"):
        checks.check_close("f(x)", np.zeros((2, 1)), np.zeros(2))
    with pytest.raises(AssertionError, match="should be a number"):
        checks.check_close("f(x)", None, 1.0)
    with pytest.raises(AssertionError):
        checks.check_close("f(x)", np.nan, 1.0)


def test_other_checks():
    checks.check_shape("W", np.zeros((3, 4)), (3, 4))
    with pytest.raises(AssertionError, match=r"W has shape \(3, 4\); expected shape \(3, 5\)"):
        checks.check_shape("W", np.zeros((3, 4)), (3, 5))
    checks.check_equal("labels", np.array([1, -1]), np.array([1, -1]))
    with pytest.raises(AssertionError):
        checks.check_equal("labels", np.array([1, -1]), np.array([[1, -1]]))
    with pytest.raises(AssertionError, match="NaN or inf"):
        checks.check_finite("loss", np.array([1.0, np.inf]))
    with pytest.raises(AssertionError, match="modified in place"):
        checks.check_unchanged("w", np.zeros(2), np.ones(2))
    with pytest.raises(AssertionError, match="should be a float"):
        checks.check_type("lr", "0.1", float)


def test_plots_draw_on_the_given_axes_and_return_them():
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 3)
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    y = np.array([-1, 1, 1])
    assert plots.decision_boundary(lambda P: np.where(P.sum(axis=1) > 0.5, 1, -1), X, y, ax=axes[0]) is axes[0]
    assert plots.training_curve([3, 1, 0], ax=axes[1]) is axes[1]
    ax = plots.confusion_matrix(np.array([[5, 1], [2, 7]]), ["ham", "spam"], ax=axes[2])
    assert [t.get_text() for t in ax.texts] == ["5", "1", "2", "7"]
    with pytest.raises(ValueError, match="expected \\(n, 2\\)"):
        plots.decision_boundary(lambda P: P[:, 0], np.zeros((3, 3)), y)
    plt.close("all")
