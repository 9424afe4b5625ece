"""Reference optimizers (notebook 03), each one written as its update rule.

Every optimizer has ``update(params, grads)``: it changes the dict of arrays ``params`` in place,
using ``grads`` (same keys, same shapes), and keeps its own state per key, all starting at zero.
``t`` counts the calls to ``update`` (1 during the first).
"""
import numpy as np

from .answers import answers


class Optimizer:
    """Shared plumbing: per-key state arrays and the step counter."""

    def __init__(self):
        self.state = {}
        self.t = 0

    def buffer(self, name, key, like):
        """The state array ``name`` of parameter ``key`` (zeros the first time)."""
        return self.state.setdefault((name, key), np.zeros_like(like, dtype=float))

    def update(self, params, grads):
        missing = set(params) - set(grads)
        if missing:
            raise KeyError(f"grads has no entry for {sorted(missing)}")
        self.t += 1
        for key, theta in params.items():
            g = np.asarray(grads[key], dtype=float)
            if g.shape != theta.shape:
                raise ValueError(f"grads[{key!r}] has shape {g.shape} but params[{key!r}] has shape {theta.shape}")
            self.step(key, theta, g)

    def step(self, key, theta, g):
        raise NotImplementedError


class SGD(Optimizer):
    """theta <- theta - lr g  (given in notebook 03 as the example of the interface)"""

    def __init__(self, lr=0.01):
        super().__init__()
        self.lr = lr

    def step(self, key, theta, g):
        theta -= self.lr * g


@answers("03_sgd_variants")
class Momentum(Optimizer):
    """Heavy ball: v <- momentum v - lr g;  theta <- theta + v.

    nesterov=True: Nesterov's method in the implementation form of Bengio et al. (2012), with params
    holding the look-ahead point: v <- momentum v - lr g;  theta <- theta + momentum v - lr g (the new v).
    """

    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        super().__init__()
        self.lr, self.momentum, self.nesterov = lr, momentum, nesterov

    def step(self, key, theta, g):
        v = self.buffer("v", key, theta)
        v *= self.momentum
        v -= self.lr * g
        if self.nesterov:
            theta += self.momentum * v - self.lr * g
        else:
            theta += v


@answers("03_sgd_variants")
class Nesterov(Momentum):
    """Momentum(nesterov=True): v <- momentum v - lr g;  theta <- theta + momentum v - lr g"""

    def __init__(self, lr=0.01, momentum=0.9):
        super().__init__(lr, momentum, nesterov=True)


@answers("03_sgd_variants")
class AdaGrad(Optimizer):
    """h <- h + g*g;  theta <- theta - lr g / (eps + sqrt(h))"""

    def __init__(self, lr=0.01, eps=1e-8):
        super().__init__()
        self.lr, self.eps = lr, eps

    def step(self, key, theta, g):
        h = self.buffer("h", key, theta)
        h += g * g
        theta -= self.lr * g / (self.eps + np.sqrt(h))


@answers("03_sgd_variants")
class RMSProp(Optimizer):
    """h <- rho h + (1 - rho) g*g;  theta <- theta - lr g / (sqrt(h) + eps)  (eps outside the root, as in
    notebook 03's AdaptiveLR and in PyTorch; the slides put it inside)"""

    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        super().__init__()
        self.lr, self.rho, self.eps = lr, rho, eps

    def step(self, key, theta, g):
        h = self.buffer("h", key, theta)
        h *= self.rho
        h += (1 - self.rho) * g * g
        theta -= self.lr * g / (np.sqrt(h) + self.eps)


class AdaDelta(Optimizer):
    """h <- rho h + (1 - rho) g*g;  delta = -sqrt(eps + r) / sqrt(eps + h) * g;
    theta <- theta + delta;  r <- rho r + (1 - rho) delta*delta   (no learning rate; given in notebook 03)"""

    def __init__(self, rho=0.95, eps=1e-6):
        super().__init__()
        self.rho, self.eps = rho, eps

    def step(self, key, theta, g):
        h, r = self.buffer("h", key, theta), self.buffer("r", key, theta)
        h *= self.rho
        h += (1 - self.rho) * g * g
        delta = -np.sqrt(self.eps + r) / np.sqrt(self.eps + h) * g
        theta += delta
        r *= self.rho
        r += (1 - self.rho) * delta * delta


@answers("03_sgd_variants")
class Adam(Optimizer):
    """m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g*g;  m^ = m / (1 - b1^t);  v^ = v / (1 - b2^t);
    theta <- theta - lr m^ / (sqrt(v^) + eps)"""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__()
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps

    def step(self, key, theta, g):
        m, v = self.buffer("m", key, theta), self.buffer("v", key, theta)
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        m_hat = m / (1 - self.beta1 ** self.t)
        v_hat = v / (1 - self.beta2 ** self.t)
        theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov, "adagrad": AdaGrad,
              "rmsprop": RMSProp, "adadelta": AdaDelta, "adam": Adam}


@answers("03_sgd_variants")
def clip_grad_norm(grads, max_norm):
    """A new dict: all arrays scaled by max_norm / norm when their joint L2 norm exceeds max_norm.

    Parameters
    ----------
    grads : dict of ndarrays
    max_norm : float > 0

    Returns
    -------
    dict with the same keys: scaled copies, or plain copies when the norm is within max_norm
    """
    if max_norm <= 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    norm = np.sqrt(sum(float(np.sum(np.asarray(g, dtype=float) ** 2)) for g in grads.values()))
    scale = max_norm / norm if norm > max_norm else 1.0
    return {key: np.array(g, dtype=float) * scale for key, g in grads.items()}


@answers("03_sgd_variants")
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    """Yield index arrays that cover 0..n_samples-1 exactly once (the last batch may be smaller).

    Parameters
    ----------
    n_samples, batch_size : int > 0
    rng : numpy.random.Generator, needed when shuffle is True
    shuffle : bool, visit the samples in a random order
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if shuffle and rng is None:
        raise ValueError("shuffle=True needs rng=np.random.default_rng(seed)")
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start:start + batch_size]
