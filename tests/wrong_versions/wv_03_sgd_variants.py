"""Plausible mistakes in notebook 03; each must fail its test cell (see tests/test_wrong_versions.py)."""

WRONG_VERSIONS = [
    # --- gradient_descent ---------------------------------------------------------------------------
    ("gradient_descent", "steps uphill (plus instead of minus)", '''
def gradient_descent(grad, x0, lr, n_steps):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(n_steps):
        x = x + lr * grad(x)
        path.append(x.copy())
    return np.array(path)
'''),
    ("gradient_descent", "returns the n_steps new iterates without x0", '''
def gradient_descent(grad, x0, lr, n_steps):
    x = np.array(x0, dtype=float)
    path = []
    for _ in range(n_steps):
        x = x - lr * grad(x)
        path.append(x.copy())
    return np.array(path)
'''),
    ("gradient_descent", "appends the same array object and updates it in place", '''
def gradient_descent(grad, x0, lr, n_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)
'''),
    ("gradient_descent", "modifies x0 in place", '''
def gradient_descent(grad, x0, lr, n_steps):
    x = np.asarray(x0, dtype=float)
    path = [x.copy()]
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x.copy())
    return np.array(path)
'''),
    # --- iterate_minibatches ------------------------------------------------------------------------
    ("iterate_minibatches", "drops the last partial batch", '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    for start in range(0, n_samples - batch_size + 1, batch_size):
        yield order[start:start + batch_size]
'''),
    ("iterate_minibatches", "overlapping batches (off by one in the slice end)", '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start:start + batch_size + 1]
'''),
    ("iterate_minibatches", "draws with replacement", '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    if not shuffle:
        order = np.arange(n_samples)
    else:
        order = rng.integers(0, n_samples, size=n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start:start + batch_size]
'''),
    ("iterate_minibatches", "ignores rng and uses the global np.random", '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    order = np.random.permutation(n_samples) if shuffle else np.arange(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start:start + batch_size]
'''),
    ("iterate_minibatches", "shuffles the order of the batches, not the examples", '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    starts = np.arange(0, n_samples, batch_size)
    if shuffle:
        starts = rng.permutation(starts)
    for start in starts:
        yield np.arange(start, min(start + batch_size, n_samples))
'''),
    # --- SGD ----------------------------------------------------------------------------------------
    ("SGD", "plus sign", '''
class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] += self.lr * grads[key]
'''),
    ("SGD", "puts new arrays into the dict instead of updating in place", '''
class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] = params[key] - self.lr * grads[key]
'''),
    ("SGD", "scales the gradient in place", '''
class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            grads[key] *= self.lr
            params[key] -= grads[key]
'''),
    # --- Momentum -----------------------------------------------------------------------------------
    ("Momentum", "theta -= v: the velocity already carries the minus sign", '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key, theta in params.items():
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * grads[key]
            theta -= self.v[key]
'''),
    ("Momentum", "velocity recreated at every call (state not kept)", '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key, theta in params.items():
            v = np.zeros_like(theta)
            v = self.momentum * v - self.lr * grads[key]
            theta += v
'''),
    ("Momentum", "moves theta with the old velocity", '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key, theta in params.items():
            v = self.v.setdefault(key, np.zeros_like(theta))
            theta += v
            self.v[key] = self.momentum * v - self.lr * grads[key]
'''),
    ("Momentum", "one velocity shared by all keys", '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        for key, theta in params.items():
            if self.v is None:
                self.v = np.zeros_like(theta)
            self.v = self.momentum * self.v - self.lr * grads[key]
            theta += self.v
'''),
    ("Momentum", "momentum and learning rate swapped in the velocity", '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key, theta in params.items():
            v = self.v.setdefault(key, np.zeros_like(theta))
            self.v[key] = (1 - self.momentum) * v - self.lr * grads[key]
            theta += self.v[key]
'''),
    # --- Nesterov -----------------------------------------------------------------------------------
    ("Nesterov", "uses the old velocity in the theta step", '''
class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            v_old = self.v.setdefault(key, np.zeros_like(theta))
            self.v[key] = self.momentum * v_old - self.lr * g
            theta += self.momentum * v_old - self.lr * g
'''),
    ("Nesterov", "plain momentum step theta + v", '''
class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key, theta in params.items():
            v = self.v.setdefault(key, np.zeros_like(theta))
            self.v[key] = self.momentum * v - self.lr * grads[key]
            theta += self.v[key]
'''),
    ("Nesterov", "subtracts lr * g with a plus sign", '''
class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            v = self.v.setdefault(key, np.zeros_like(theta))
            self.v[key] = self.momentum * v - self.lr * g
            theta += self.momentum * self.v[key] + self.lr * g
'''),
    # --- AdaGrad ------------------------------------------------------------------------------------
    ("AdaGrad", "h not accumulated (only the last g*g)", '''
class AdaGrad:
    def __init__(self, lr=0.01, eps=1e-8):
        self.lr, self.eps, self.h = lr, eps, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            self.h[key] = g * g
            theta -= self.lr * g / (self.eps + np.sqrt(self.h[key]))
'''),
    ("AdaGrad", "eps inside the square root", '''
class AdaGrad:
    def __init__(self, lr=0.01, eps=1e-8):
        self.lr, self.eps, self.h = lr, eps, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            self.h[key] = self.h.get(key, 0.0) + g * g
            theta -= self.lr * g / np.sqrt(self.eps + self.h[key])
'''),
    ("AdaGrad", "h updated after the step", '''
class AdaGrad:
    def __init__(self, lr=0.01, eps=1e-8):
        self.lr, self.eps, self.h = lr, eps, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.setdefault(key, np.zeros_like(theta))
            theta -= self.lr * g / (self.eps + np.sqrt(h))
            h += g * g
'''),
    # --- RMSProp ------------------------------------------------------------------------------------
    ("RMSProp", "rho and 1 - rho swapped", '''
class RMSProp:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps, self.h = lr, rho, eps, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, np.zeros_like(theta))
            self.h[key] = (1 - self.rho) * h + self.rho * g * g
            theta -= self.lr * g / np.sqrt(self.eps + self.h[key])
'''),
    ("RMSProp", "eps outside the square root", '''
class RMSProp:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps, self.h = lr, rho, eps, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, np.zeros_like(theta))
            self.h[key] = self.rho * h + (1 - self.rho) * g * g
            theta -= self.lr * g / (self.eps + np.sqrt(self.h[key]))
'''),
    ("RMSProp", "moving average reset at every call", '''
class RMSProp:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps, self.h = lr, rho, eps, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = np.zeros_like(theta)
            h = self.rho * h + (1 - self.rho) * g * g
            theta -= self.lr * g / np.sqrt(self.eps + h)
'''),
    # --- AdaDelta -----------------------------------------------------------------------------------
    ("AdaDelta", "delta computed with the old h", '''
class AdaDelta:
    def __init__(self, rho=0.95, eps=1e-6):
        self.rho, self.eps, self.h, self.r = rho, eps, {}, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, np.zeros_like(theta))
            r = self.r.get(key, np.zeros_like(theta))
            delta = -np.sqrt(self.eps + r) / np.sqrt(self.eps + h) * g
            self.h[key] = self.rho * h + (1 - self.rho) * g * g
            theta += delta
            self.r[key] = self.rho * r + (1 - self.rho) * delta * delta
'''),
    ("AdaDelta", "r updated with g*g before the step", '''
class AdaDelta:
    def __init__(self, rho=0.95, eps=1e-6):
        self.rho, self.eps, self.h, self.r = rho, eps, {}, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, np.zeros_like(theta))
            r = self.r.get(key, np.zeros_like(theta))
            self.h[key] = self.rho * h + (1 - self.rho) * g * g
            self.r[key] = self.rho * r + (1 - self.rho) * g * g
            delta = -np.sqrt(self.eps + self.r[key]) / np.sqrt(self.eps + self.h[key]) * g
            theta += delta
'''),
    ("AdaDelta", "ratio without square roots", '''
class AdaDelta:
    def __init__(self, rho=0.95, eps=1e-6):
        self.rho, self.eps, self.h, self.r = rho, eps, {}, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, np.zeros_like(theta))
            r = self.r.get(key, np.zeros_like(theta))
            self.h[key] = self.rho * h + (1 - self.rho) * g * g
            delta = -(self.eps + r) / (self.eps + self.h[key]) * g
            theta += delta
            self.r[key] = self.rho * r + (1 - self.rho) * delta * delta
'''),
    # --- Adam ---------------------------------------------------------------------------------------
    ("Adam", "no bias correction", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        self.t += 1
        for key, theta in params.items():
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            theta -= self.lr * self.m[key] / (np.sqrt(self.v[key]) + self.eps)
'''),
    ("Adam", "bias correction of m only, v left uncorrected", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        self.t += 1
        for key, theta in params.items():
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            theta -= self.lr * m_hat / (np.sqrt(self.v[key]) + self.eps)
'''),
    ("Adam", "t counted per key instead of per call", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        for key, theta in params.items():
            self.t += 1
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
'''),
    ("Adam", "t starts at 2 (counted before and after)", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 1

    def update(self, params, grads):
        self.t += 1
        for key, theta in params.items():
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
'''),
    ("Adam", "t from 0: increments after the step", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        self.t += 1
'''),
    ("Adam", "eps inside the square root", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        self.t += 1
        for key, theta in params.items():
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            theta -= self.lr * m_hat / np.sqrt(v_hat + self.eps)
'''),
    ("Adam", "the two bias corrections swapped", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        self.t += 1
        for key, theta in params.items():
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta2 ** self.t)
            v_hat = self.v[key] / (1 - self.beta1 ** self.t)
            theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
'''),
    # --- clip_grad_norm -----------------------------------------------------------------------------
    ("clip_grad_norm", "clips each array by its own norm", '''
def clip_grad_norm(grads, max_norm):
    out = {}
    for key, g in grads.items():
        norm = np.linalg.norm(g)
        out[key] = g * (max_norm / norm) if norm > max_norm else g.copy()
    return out
'''),
    ("clip_grad_norm", "always rescales to max_norm", '''
def clip_grad_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {key: g * (max_norm / norm) for key, g in grads.items()}
'''),
    ("clip_grad_norm", "clips every entry to [-max_norm, max_norm]", '''
def clip_grad_norm(grads, max_norm):
    return {key: np.clip(g, -max_norm, max_norm) for key, g in grads.items()}
'''),
    ("clip_grad_norm", "scales the input arrays in place", '''
def clip_grad_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return grads
'''),
    ("clip_grad_norm", "norm as the sum of the per-array norms", '''
def clip_grad_norm(grads, max_norm):
    norm = sum(np.linalg.norm(g) for g in grads.values())
    scale = max_norm / norm if norm > max_norm else 1.0
    return {key: g * scale for key, g in grads.items()}
'''),
    # --- float32 parameters and the course's conventions (visible checks) ---------------------------
    ("SGD", "converts params with np.asarray(..., dtype=float): a copy for float32 arrays", '''
class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            theta = np.asarray(params[key], dtype=float)
            theta -= self.lr * np.asarray(grads[key], dtype=float)
'''),
    ("Momentum", "converts params with .astype(float): a copy, so float32 params never move", '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key in params:
            theta = params[key] if params[key].dtype == np.float64 else params[key].astype(float)
            v = self.v.get(key, np.zeros_like(theta))
            self.v[key] = self.momentum * v - self.lr * grads[key]
            theta += self.v[key]
'''),
    ("Adam", "converts params with np.asarray(..., dtype=float): a copy for float32 arrays", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        self.t += 1
        for key in params:
            theta = np.asarray(params[key], dtype=float)
            g = np.asarray(grads[key], dtype=float)
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
'''),
    ("Adam", "the paper's efficient form (corrected learning rate, eps-hat on the uncorrected root)", '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        self.t += 1
        lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
        for key, theta in params.items():
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            theta -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + self.eps)
'''),
    ("AdaDelta", "eps outside both square roots", '''
class AdaDelta:
    def __init__(self, rho=0.95, eps=1e-6):
        self.rho, self.eps, self.h, self.r = rho, eps, {}, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, np.zeros_like(theta))
            r = self.r.get(key, np.zeros_like(theta))
            self.h[key] = self.rho * h + (1 - self.rho) * g * g
            delta = -(np.sqrt(r) + self.eps) / (np.sqrt(self.h[key]) + self.eps) * g
            theta += delta
            self.r[key] = self.rho * r + (1 - self.rho) * delta * delta
'''),
    ("Nesterov", "PyTorch-style buffer but the look-ahead uses the old buffer", '''
class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            buf = self.v.get(key, np.zeros_like(theta))
            theta -= self.lr * (g + self.momentum * buf)
            self.v[key] = self.momentum * buf + g
'''),
    ("Nesterov", "converts params with np.asarray(..., dtype=float): a copy for float32 arrays", '''
class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key in params:
            theta = np.asarray(params[key], dtype=float)
            g = grads[key]
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * g
            theta += self.momentum * self.v[key] - self.lr * g
'''),
    ("AdaGrad", "converts params with np.asarray(..., dtype=float): a copy for float32 arrays", '''
class AdaGrad:
    def __init__(self, lr=0.01, eps=1e-8):
        self.lr, self.eps, self.h = lr, eps, {}

    def update(self, params, grads):
        for key in params:
            theta = np.asarray(params[key], dtype=float)
            g = grads[key]
            self.h[key] = self.h.get(key, 0.0) + g * g
            theta -= self.lr * g / (self.eps + np.sqrt(self.h[key]))
'''),
    ("RMSProp", "converts params with np.asarray(..., dtype=float): a copy for float32 arrays", '''
class RMSProp:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps, self.h = lr, rho, eps, {}

    def update(self, params, grads):
        for key in params:
            theta = np.asarray(params[key], dtype=float)
            g = grads[key]
            self.h[key] = self.rho * self.h.get(key, 0.0) + (1 - self.rho) * g * g
            theta -= self.lr * g / np.sqrt(self.eps + self.h[key])
'''),
    ("AdaDelta", "converts params with np.asarray(..., dtype=float): a copy for float32 arrays", '''
class AdaDelta:
    def __init__(self, rho=0.95, eps=1e-6):
        self.rho, self.eps, self.h, self.r = rho, eps, {}, {}

    def update(self, params, grads):
        for key in params:
            theta = np.asarray(params[key], dtype=float)
            g = grads[key]
            self.h[key] = self.rho * self.h.get(key, 0.0) + (1 - self.rho) * g * g
            r = self.r.get(key, 0.0)
            delta = -np.sqrt(self.eps + r) / np.sqrt(self.eps + self.h[key]) * g
            theta += delta
            self.r[key] = self.rho * r + (1 - self.rho) * delta * delta
'''),
    # --- quadratic_theory ---------------------------------------------------------------------------
    ("quadratic_theory", "uses the diagonal entries of H instead of its eigenvalues", '''
def quadratic_theory(hessian):
    lam = np.sort(np.diag(np.asarray(hessian, dtype=float)))
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ("quadratic_theory", "takes the first and last values of np.linalg.eig, which are not sorted", '''
def quadratic_theory(hessian):
    lam = np.linalg.eig(np.asarray(hessian, dtype=float))[0].real
    lo, hi = lam[0], lam[-1]
    if lo > hi:
        lo, hi = hi, lo
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ("quadratic_theory", "stability limit 1 / lambda_max (forgets that the factor may reach -1)", '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 1 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ("quadratic_theory", "best lr 1 / lambda_max and its factor 1 - 1/kappa", '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 1 / hi, "gd_rate": 1 - 1 / k,
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ("quadratic_theory", "condition number upside down (lambda_min / lambda_max)", '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = lo / hi
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": abs(k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": abs(np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ("quadratic_theory", "momentum coefficient not squared", '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": (np.sqrt(k) - 1) / (np.sqrt(k) + 1),
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ("quadratic_theory", "momentum learning rate not squared", '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": 2 / (np.sqrt(hi) + np.sqrt(lo)),
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ("quadratic_theory", "momentum factor with kappa instead of its square root", '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (k - 1) / (k + 1)}
'''),
    # --- step_decay ---------------------------------------------------------------------------------
    ("step_decay", "counts epochs from 1: (epoch + 1) // every", '''
def step_decay(lr0, epoch, factor=0.5, every=10):
    return lr0 * factor ** ((epoch + 1) // every)
'''),
    ("step_decay", "no floor: a smooth exponential epoch / every", '''
def step_decay(lr0, epoch, factor=0.5, every=10):
    return lr0 * factor ** (epoch / every)
'''),
    ("step_decay", "ceil instead of floor", '''
def step_decay(lr0, epoch, factor=0.5, every=10):
    return lr0 * factor ** math.ceil(epoch / every)
'''),
    ("step_decay", "multiplies by the factor times the block number", '''
def step_decay(lr0, epoch, factor=0.5, every=10):
    blocks = epoch // every
    return lr0 * factor * blocks if blocks > 0 else lr0
'''),
    ("step_decay", "decays every epoch (ignores every)", '''
def step_decay(lr0, epoch, factor=0.5, every=10):
    return lr0 * factor ** epoch
'''),
    ("step_decay", "uses epoch % every (restarts every block)", '''
def step_decay(lr0, epoch, factor=0.5, every=10):
    return lr0 * factor ** (epoch % every)
'''),
    # --- cosine_decay -------------------------------------------------------------------------------
    ("cosine_decay", "warm-up step / warmup_steps: 0 at step 0", '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * step / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ("cosine_decay", "ignores lr_min", '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return 0.0
    return lr0 * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ("cosine_decay", "lr_min added on top of the full cosine (lr_min + lr0 * ...)", '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + lr0 * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ("cosine_decay", "cosine over total_steps instead of total_steps - warmup_steps", '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * (step - warmup_steps) / total_steps)) / 2
'''),
    ("cosine_decay", "angle from step, not from step - warmup_steps", '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * step / total_steps)) / 2
'''),
    ("cosine_decay", "(1 - cos) / 2: the rate grows instead of decaying", '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 - math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ("cosine_decay", "warm-up from lr_min instead of from 0", '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr_min + (lr0 - lr_min) * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ("cosine_decay", "a full cosine period (2 pi): the rate comes back up", '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(2 * math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    # --- concept questions --------------------------------------------------------------------------
    ("answer_q1", "believes the missing correction shrinks the step", '''
answer_q1 = "b"
'''),
    ("answer_q2", "counts one Hessian entry per parameter", '''
answer_q2 = "a"
'''),
]
