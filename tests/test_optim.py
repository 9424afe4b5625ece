"""course_lib.optim: every optimizer against its formula computed element by element with plain
Python floats (no shared code with the vectorised classes), hand-derived first steps, clipping
and mini-batches."""
import math

import numpy as np
import pytest

from course_lib import optim

G = [  # gradients of three consecutive steps for a parameter of 3 entries
    [0.5, -1.0, 2.0],
    [0.3, -0.2, -1.5],
    [-0.8, 0.1, 0.4],
    [1.2, 0.0, -0.3],
]
THETA0 = [1.0, -0.5, 0.25]


def scalar_run(rule, **hyper):
    """Apply ``rule(theta, g, state, t, **hyper)`` entry by entry, with state dicts of floats."""
    thetas = list(THETA0)
    states = [dict() for _ in thetas]
    for t, grads in enumerate(G, start=1):
        for i, g in enumerate(grads):
            thetas[i] = rule(thetas[i], g, states[i], t, **hyper)
    return thetas


def sgd(th, g, s, t, lr):
    return th - lr * g


def momentum(th, g, s, t, lr, momentum):
    s["v"] = momentum * s.get("v", 0.0) - lr * g
    return th + s["v"]


def nesterov(th, g, s, t, lr, momentum, nesterov=True):
    s["v"] = momentum * s.get("v", 0.0) - lr * g
    return th + momentum * s["v"] - lr * g


def adagrad(th, g, s, t, lr, eps):
    s["h"] = s.get("h", 0.0) + g * g
    return th - lr * g / (eps + math.sqrt(s["h"]))


def rmsprop(th, g, s, t, lr, rho, eps):
    s["h"] = rho * s.get("h", 0.0) + (1 - rho) * g * g
    return th - lr * g / (math.sqrt(s["h"]) + eps)


def adadelta(th, g, s, t, rho, eps):
    s["h"] = rho * s.get("h", 0.0) + (1 - rho) * g * g
    delta = -math.sqrt(eps + s.get("r", 0.0)) / math.sqrt(eps + s["h"]) * g
    s["r"] = rho * s.get("r", 0.0) + (1 - rho) * delta * delta
    return th + delta


def adam(th, g, s, t, lr, beta1, beta2, eps):
    s["m"] = beta1 * s.get("m", 0.0) + (1 - beta1) * g
    s["v"] = beta2 * s.get("v", 0.0) + (1 - beta2) * g * g
    m_hat, v_hat = s["m"] / (1 - beta1 ** t), s["v"] / (1 - beta2 ** t)
    return th - lr * m_hat / (math.sqrt(v_hat) + eps)


CASES = [
    (optim.SGD, sgd, dict(lr=0.1)),
    (optim.Momentum, momentum, dict(lr=0.1, momentum=0.9)),
    (optim.Nesterov, nesterov, dict(lr=0.1, momentum=0.8)),
    (optim.Momentum, nesterov, dict(lr=0.1, momentum=0.8, nesterov=True)),
    (optim.AdaGrad, adagrad, dict(lr=0.5, eps=1e-8)),
    (optim.RMSProp, rmsprop, dict(lr=0.01, rho=0.9, eps=1e-8)),
    (optim.RMSProp, rmsprop, dict(lr=0.1, rho=0.5, eps=0.3)),     # a large eps: its place matters
    (optim.AdaDelta, adadelta, dict(rho=0.95, eps=1e-6)),
    (optim.Adam, adam, dict(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8)),
]


@pytest.mark.parametrize("cls, rule, hyper", CASES, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_optimizer_matches_its_formula_over_several_steps(cls, rule, hyper):
    opt = cls(**hyper)
    # two keys: the same numbers in a (3,) and a (1, 3) array must be updated independently
    params = {"a": np.array(THETA0), "b": np.array([THETA0])}
    objects = {k: id(v) for k, v in params.items()}
    for grads in G:
        opt.update(params, {"a": np.array(grads), "b": np.array([grads])})
    expected = scalar_run(rule, **hyper)
    np.testing.assert_allclose(params["a"], expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(params["b"][0], expected, rtol=0, atol=1e-12)
    assert {k: id(v) for k, v in params.items()} == objects, "params must be updated in place"
    assert opt.t == len(G)


def test_first_steps_by_hand():
    # Adam's first step with bias correction is lr * g / (|g| + eps): about lr * sign(g)
    p = {"w": np.array([3.0, -0.01])}
    optim.Adam(lr=0.1).update(p, {"w": np.array([2.0, -4.0])})
    np.testing.assert_allclose(p["w"], [3.0 - 0.1, -0.01 + 0.1], atol=1e-8)
    # Momentum: v1 = -0.1 * 2 = -0.2, then v2 = 0.9 * -0.2 - 0.1 * 1 = -0.28; w = 1 - 0.2 - 0.28
    p = {"w": np.array([1.0])}
    m = optim.Momentum(lr=0.1, momentum=0.9)
    m.update(p, {"w": np.array([2.0])})
    m.update(p, {"w": np.array([1.0])})
    assert p["w"][0] == pytest.approx(0.52, abs=1e-15)
    # AdaGrad: h = 4, step = 0.5 * 2 / 2 = 0.5
    p = {"w": np.array([1.0])}
    optim.AdaGrad(lr=0.5, eps=0.0).update(p, {"w": np.array([2.0])})
    assert p["w"][0] == pytest.approx(0.5)


def test_nesterov_stores_the_look_ahead_point_of_the_literal_rule():
    """Sutskever et al.'s look-ahead rule, run literally on L = 1.5 theta^2 with the gradient at theta + mu v,
    against Momentum(nesterov=True), which receives the gradient at its stored point theta + mu v."""
    lr, mu = 0.1, 0.8
    theta, v = 2.0, 0.0
    opt = optim.Momentum(lr=lr, momentum=mu, nesterov=True)
    p = {"w": np.array([2.0])}
    for _ in range(10):
        opt.update(p, {"w": 3.0 * p["w"]})
        v = mu * v - lr * 3.0 * (theta + mu * v)
        theta += v
        assert p["w"][0] == pytest.approx(theta + mu * v, abs=1e-12)


def test_update_rejects_missing_keys_and_wrong_shapes():
    with pytest.raises(KeyError, match="b"):
        optim.SGD().update({"a": np.zeros(2), "b": np.zeros(2)}, {"a": np.zeros(2)})
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        optim.SGD().update({"a": np.zeros(2)}, {"a": np.zeros(3)})


def test_clip_grad_norm_uses_the_global_norm():
    grads = {"a": np.array([3.0]), "b": np.array([[4.0]])}  # global norm 5
    clipped = optim.clip_grad_norm(grads, max_norm=1.0)
    np.testing.assert_allclose(clipped["a"], [0.6])
    np.testing.assert_allclose(clipped["b"], [[0.8]])
    assert grads["a"][0] == 3.0, "the input must not change"
    same = optim.clip_grad_norm(grads, max_norm=10.0)
    assert same["a"] is not grads["a"] and same["b"].tolist() == [[4.0]]
    with pytest.raises(ValueError):
        optim.clip_grad_norm(grads, max_norm=0)


@pytest.mark.parametrize("n, batch", [(10, 3), (1000, 100), (7, 7), (5, 10)])
def test_minibatches_cover_every_sample_once(n, batch):
    batches = list(optim.iterate_minibatches(n, batch, rng=np.random.default_rng(0)))
    assert len(batches) == math.ceil(n / batch)
    assert sorted(np.concatenate(batches).tolist()) == list(range(n))
    assert all(len(b) == batch for b in batches[:-1])
    ordered = list(optim.iterate_minibatches(n, batch, shuffle=False))
    assert np.concatenate(ordered).tolist() == list(range(n))
    with pytest.raises(ValueError, match="rng"):
        list(optim.iterate_minibatches(n, batch))
