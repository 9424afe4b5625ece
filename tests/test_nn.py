"""course_lib.nn and course_lib.gradcheck against independent oracles: scipy's special functions,
scikit-learn's log loss, hand-derived numbers, and finite differences written out here."""
import numpy as np
import pytest
from scipy.special import expit, softmax as sp_softmax
from sklearn.metrics import log_loss

from course_lib import gradcheck, nn


def test_activations_match_scipy_and_hand_values():
    x = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(nn.sigmoid(x), expit(x), rtol=1e-12)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no warning even far out
        assert nn.sigmoid(np.array([-1000.0, 1000.0])).tolist() == [0.0, 1.0]
    assert nn.sigmoid_grad(0.0) == 0.25 and nn.tanh_grad(0.0) == 1.0
    np.testing.assert_allclose(nn.tanh(x), 2 * expit(2 * x) - 1, atol=1e-12)  # tanh(x) = 2 sigma(2x) - 1
    assert nn.relu(np.array([-2.0, 0.0, 3.0])).tolist() == [0.0, 0.0, 3.0]
    assert nn.relu_grad(np.array([-2.0, 0.0, 3.0])).tolist() == [0.0, 0.0, 1.0]  # ReLU'(0) = 0 here


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_activation_derivatives_match_central_differences(name):
    f, f_grad = nn.ACTIVATIONS[name]
    x = np.array([-2.3, -0.7, 0.4, 1.9])  # away from ReLU's kink
    h = 1e-6
    np.testing.assert_allclose(f_grad(x), (f(x + h) - f(x - h)) / (2 * h), atol=1e-8)


def test_softmax_matches_scipy_and_the_slides_example():
    U = np.array([[10.0, 2.0, 1.0], [1000.0, 1001.0, 999.0]])
    P = nn.softmax(U)
    np.testing.assert_allclose(P, sp_softmax(U, axis=1), rtol=1e-12)
    np.testing.assert_allclose(P[0], [0.9995, 0.0003, 0.0001], atol=5e-5)  # softmax(10, 2, 1) on the slides


def test_cross_entropy_matches_sklearn_and_the_dog_cat_fox_example():
    assert nn.cross_entropy(np.array([[0.7, 0.1, 0.2]]), np.array([[1.0, 0, 0]])) == pytest.approx(-np.log(0.7))
    rng = np.random.default_rng(0)
    P = sp_softmax(rng.normal(size=(20, 4)), axis=1)
    y = rng.integers(0, 4, 20)
    assert nn.cross_entropy(P, nn.one_hot(y, 4)) == pytest.approx(log_loss(y, P, labels=range(4)), rel=1e-12)
    assert np.isfinite(nn.cross_entropy(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])))
    with pytest.raises(ValueError, match="shape"):
        nn.cross_entropy(P, nn.one_hot(y, 5))


def test_one_hot_and_add_bias():
    assert nn.one_hot(np.array([2, 0]), 3).tolist() == [[0, 0, 1], [1, 0, 0]]
    with pytest.raises(ValueError, match="labels in 0..2"):
        nn.one_hot(np.array([3]), 3)
    assert nn.add_bias(np.array([[5.0, 6.0]])).tolist() == [[1.0, 5.0, 6.0]]


def loop_forward(params, x, f):
    """One example through the network with explicit loops: the oracle for the matrix code."""
    z = list(x)
    weights = list(params.values())
    for k, W in enumerate(weights):
        u = [W[j, 0] + sum(W[j, i + 1] * z[i] for i in range(len(z))) for j in range(W.shape[0])]
        z = u if k == len(weights) - 1 else [float(f(v)) for v in u]
    e = np.exp(np.array(z) - max(z))
    return e / e.sum()


def test_forward_matches_a_loop_implementation():
    rng = np.random.default_rng(1)
    params = nn.init_mlp([3, 4, 5, 2], rng, method="xavier")
    for W in params.values():
        W[:, 0] = rng.normal(size=W.shape[0])  # non-zero biases, so that the bias column is exercised
    X = rng.normal(size=(6, 3))
    for name in ["relu", "tanh", "sigmoid"]:
        Y_hat, _ = nn.mlp_forward(params, X, name)
        expected = np.array([loop_forward(params, x, nn.ACTIVATIONS[name][0]) for x in X])
        np.testing.assert_allclose(Y_hat, expected, rtol=1e-12)


def central_differences(loss, params, h=1e-6):
    """Finite differences written out independently of course_lib.gradcheck."""
    grads = {}
    for key, W in params.items():
        G = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            keep = W[idx]
            W[idx] = keep + h
            up = loss()
            W[idx] = keep - h
            down = loss()
            W[idx] = keep
            G[idx] = (up - down) / (2 * h)
        grads[key] = G
    return grads


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("weight_decay", [0.0, 0.3])
def test_backward_matches_finite_differences(activation, weight_decay):
    rng = np.random.default_rng(2)
    params = nn.init_mlp([4, 5, 3, 3], rng, method="xavier")
    for W in params.values():
        W[:, 0] = rng.normal(size=W.shape[0])
    X, Y = rng.normal(size=(7, 4)), nn.one_hot(rng.integers(0, 3, 7), 3)
    _, cache = nn.mlp_forward(params, X, activation)
    grads = nn.mlp_backward(params, cache, Y, weight_decay)
    numeric = central_differences(lambda: nn.mlp_loss(params, X, Y, activation, weight_decay), params)
    for key in params:
        np.testing.assert_allclose(grads[key], numeric[key], atol=1e-7, err_msg=key)


def test_linear_output_backward_matches_finite_differences():
    """The embedding network: loss = sum of (output * C), so dL/d(output) = C."""
    rng = np.random.default_rng(3)
    params = nn.init_mlp([3, 4, 2], rng, method="he")
    X, C = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    _, cache = nn.mlp_forward(params, X, "tanh", output="linear")
    grads = nn.mlp_backward_from(params, cache, C)
    numeric = central_differences(lambda: float(np.sum(nn.mlp_forward(params, X, "tanh", output="linear")[0] * C)),
                                  params)
    for key in params:
        np.testing.assert_allclose(grads[key], numeric[key], atol=1e-7)


def test_dropout_is_inverted_and_reused_in_backward():
    rng = np.random.default_rng(4)
    params = nn.init_mlp([10, 400, 2], rng)
    X = np.abs(rng.normal(size=(50, 10)))
    _, cache = nn.mlp_forward(params, X, "relu", dropout=0.25, rng=rng, train=True)
    mask = cache["masks"][0]
    assert set(np.unique(mask)) == {0.0, 1 / 0.75}
    assert np.mean(mask == 0) == pytest.approx(0.25, abs=0.01)
    eval_out, _ = nn.mlp_forward(params, X, "relu", dropout=0.25, rng=rng, train=False)
    np.testing.assert_array_equal(eval_out, nn.mlp_forward(params, X, "relu")[0])
    with pytest.raises(ValueError, match="rng"):
        nn.mlp_forward(params, X, "relu", dropout=0.5, train=True)


def test_init_mlp_shapes_scales_and_errors():
    rng = np.random.default_rng(5)
    params = nn.init_mlp([400, 300, 10], rng, method="he")
    assert [W.shape for W in params.values()] == [(300, 401), (10, 301)]
    assert np.all(params["W1"][:, 0] == 0)
    assert np.std(params["W1"][:, 1:]) == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    xavier = nn.init_mlp([400, 300], rng, method="xavier")["W1"]
    assert np.std(xavier[:, 1:]) == pytest.approx(np.sqrt(2 / 700), rel=0.02)
    with pytest.raises(ValueError, match="choose one of"):
        nn.init_mlp([2, 2], rng, method="glorot")
    with pytest.raises(ValueError, match="W1 has shape"):
        nn.mlp_forward(params, np.zeros((2, 5)))


def test_numerical_gradient_and_relative_error():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    grad = gradcheck.numerical_gradient(lambda v: float(np.sum(v ** 3)), x)
    np.testing.assert_allclose(grad, 3 * before ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x, before)  # restored
    assert gradcheck.relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert gradcheck.relative_error(np.array([1.0]), np.array([-1.0])) == 1.0
    with pytest.raises(ValueError, match="shapes differ"):
        gradcheck.relative_error(np.zeros(2), np.zeros(3))


def test_check_param_gradients_finds_a_planted_bug():
    rng = np.random.default_rng(6)
    params = nn.init_mlp([3, 4, 2], rng, method="xavier")
    X, Y = rng.normal(size=(5, 3)), nn.one_hot(rng.integers(0, 2, 5), 2)
    _, cache = nn.mlp_forward(params, X, "tanh")
    grads = nn.mlp_backward(params, cache, Y)
    good = gradcheck.check_param_gradients(lambda p: nn.mlp_loss(p, X, Y, "tanh"), params, grads)
    assert max(good.values()) < 1e-6
    grads["W1"] = grads["W1"] * 2  # planted bug
    bad = gradcheck.check_param_gradients(lambda p: nn.mlp_loss(p, X, Y, "tanh"), params, grads)
    assert bad["W1"] > 0.1 and bad["W2"] < 1e-6
