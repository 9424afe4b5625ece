"""Plausible mistakes in notebook 03; each must fail its test cell, and other correct versions that must
keep full marks (see tests/test_wrong_versions.py)."""

WRONG_VERSIONS = [
    ('gradient_descent', 'steps uphill (plus instead of minus)', '''
def gradient_descent(grad, x0, lr, n_steps):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(n_steps):
        x = x + lr * grad(x)
        path.append(x.copy())
    return np.array(path)
'''),
    ('gradient_descent', 'returns the n_steps new iterates without x0', '''
def gradient_descent(grad, x0, lr, n_steps):
    x = np.array(x0, dtype=float)
    path = []
    for _ in range(n_steps):
        x = x - lr * grad(x)
        path.append(x.copy())
    return np.array(path)
'''),
    ('gradient_descent', 'appends the same array object and updates it in place', '''
def gradient_descent(grad, x0, lr, n_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)
'''),
    ('gradient_descent', 'modifies x0 in place', '''
def gradient_descent(grad, x0, lr, n_steps):
    x = np.asarray(x0, dtype=float)
    path = [x.copy()]
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x.copy())
    return np.array(path)
'''),
    ('iterate_minibatches', 'drops the last partial batch', '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    for start in range(0, n_samples - batch_size + 1, batch_size):
        yield order[start:start + batch_size]
'''),
    ('iterate_minibatches', 'overlapping batches (off by one in the slice end)', '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start:start + batch_size + 1]
'''),
    ('iterate_minibatches', 'draws with replacement', '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    if not shuffle:
        order = np.arange(n_samples)
    else:
        order = rng.integers(0, n_samples, size=n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start:start + batch_size]
'''),
    ('iterate_minibatches', 'ignores rng and uses the global np.random', '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    order = np.random.permutation(n_samples) if shuffle else np.arange(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start:start + batch_size]
'''),
    ('iterate_minibatches', 'shuffles the order of the batches, not the examples', '''
def iterate_minibatches(n_samples, batch_size, rng=None, shuffle=True):
    starts = np.arange(0, n_samples, batch_size)
    if shuffle:
        starts = rng.permutation(starts)
    for start in starts:
        yield np.arange(start, min(start + batch_size, n_samples))
'''),
    ('Momentum', 'nesterov=True ignored: always the heavy-ball step', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * grads[key]
            theta += self.v[key]
'''),
    ('Momentum', 'Nesterov: the look-ahead built from the old velocity', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            old = self.v.get(key, np.zeros_like(theta, dtype=float))
            self.v[key] = self.momentum * old - self.lr * g
            theta += (self.momentum * old - self.lr * g) if self.nesterov else self.v[key]
'''),
    ('Momentum', 'Nesterov: moves by (1 + momentum) v_new, forgetting - momentum v_old', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * g
            theta += (1 + self.momentum) * self.v[key] if self.nesterov else self.v[key]
'''),
    ('Momentum', 'Nesterov: subtracts lr * g twice (momentum v_new - 2 lr g)', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * g
            theta += (self.momentum * self.v[key] - 2 * self.lr * g) if self.nesterov else self.v[key]
'''),
    ('Momentum', 'heavy ball: theta moves with the old velocity', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            old = self.v.get(key, np.zeros_like(theta, dtype=float))
            self.v[key] = self.momentum * old - self.lr * g
            theta += (self.momentum * self.v[key] - self.lr * g) if self.nesterov else old
'''),
    ('Momentum', 'theta -= v: the velocity already carries the minus sign', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * g
            if self.nesterov:
                theta -= self.momentum * self.v[key] - self.lr * g
            else:
                theta -= self.v[key]
'''),
    ('Momentum', 'velocity recreated at every call (state not kept)', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            v = self.momentum * np.zeros_like(theta, dtype=float) - self.lr * g
            theta += (self.momentum * v - self.lr * g) if self.nesterov else v
'''),
    ('Momentum', 'one velocity shared by all keys', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            shared = self.v.get("all", 0.0)
            if np.shape(shared) != np.shape(g):
                shared = np.zeros_like(g, dtype=float)
            self.v["all"] = self.momentum * shared - self.lr * g
            theta += (self.momentum * self.v["all"] - self.lr * g) if self.nesterov else self.v["all"]
'''),
    ('Momentum', 'rebinds the local name theta: the dict never changes', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * g
            theta = theta + ((self.momentum * self.v[key] - self.lr * g) if self.nesterov else self.v[key])
'''),
    ('Momentum', 'converts params with .astype(float): a copy, so float32 params never move', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key in params:
            theta = params[key].astype(float)
            g = grads[key]
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * g
            theta += (self.momentum * self.v[key] - self.lr * g) if self.nesterov else self.v[key]
            if params[key].dtype == np.float64:
                params[key][...] = theta
'''),
    ('momentum_lr_limits', "Nesterov's limit taken equal to the heavy ball's", '''
def momentum_lr_limits(curvature, momentum):
    limit = 2 * (1 + momentum) / curvature
    return limit, limit
'''),
    ('momentum_lr_limits', 'ignores the momentum: 2 / curvature for both', '''
def momentum_lr_limits(curvature, momentum):
    return 2 / curvature, 2 / curvature
'''),
    ('momentum_lr_limits', 'Nesterov divided by (1 + momentum) instead of (1 + 2 momentum)', '''
def momentum_lr_limits(curvature, momentum):
    return 2 * (1 + momentum) / curvature, 2 / curvature
'''),
    ('momentum_lr_limits', 'sets the root to +1 instead of -1 (limit 0 for the heavy ball)', '''
def momentum_lr_limits(curvature, momentum):
    return 2 * momentum / curvature, 2 * (1 + momentum) / ((1 + 2 * momentum) * curvature)
'''),
    ('momentum_lr_limits', 'returns the two limits in the wrong order', '''
def momentum_lr_limits(curvature, momentum):
    return 2 * (1 + momentum) / ((1 + 2 * momentum) * curvature), 2 * (1 + momentum) / curvature
'''),
    ('AdaptiveLR', "RMSProp's weights swapped: rho on the new g*g, 1 - rho on the old h", '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, 0.0)
            self.h[key] = h + g * g if self.rho is None else (1 - self.rho) * h + self.rho * g * g
            theta -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)
'''),
    ('AdaptiveLR', 'RMSProp without the (1 - rho) weight: h settles at g*g / (1 - rho)', '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, 0.0)
            self.h[key] = h + g * g if self.rho is None else self.rho * h + g * g
            theta -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)
'''),
    ('AdaptiveLR', "AdaGrad's h not accumulated (only the last g*g)", '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, 0.0)
            self.h[key] = g * g if self.rho is None else self.rho * h + (1 - self.rho) * g * g
            theta -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)
'''),
    ('AdaptiveLR', 'eps inside the square root', '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, 0.0)
            self.h[key] = h + g * g if self.rho is None else self.rho * h + (1 - self.rho) * g * g
            theta -= self.lr * g / np.sqrt(self.h[key] + self.eps)
'''),
    ('AdaptiveLR', 'the step divides by the old h (h updated after the step)', '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, 0.0)
            theta -= self.lr * g / (np.sqrt(h) + self.eps)
            self.h[key] = h + g * g if self.rho is None else self.rho * h + (1 - self.rho) * g * g
'''),
    ('AdaptiveLR', 'one h shared by every key', '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get("all", 0.0)
            if np.shape(h) != np.shape(g):
                h = np.zeros_like(g, dtype=float)
            self.h["all"] = h + g * g if self.rho is None else self.rho * h + (1 - self.rho) * g * g
            theta -= self.lr * g / (np.sqrt(self.h["all"]) + self.eps)
'''),
    ('AdaptiveLR', 'divides by h instead of its square root', '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, 0.0)
            self.h[key] = h + g * g if self.rho is None else self.rho * h + (1 - self.rho) * g * g
            theta -= self.lr * g / (self.h[key] + self.eps)
'''),
    ('rmsprop_final_distance', 'the 2-D answer lr / sqrt(2) for every number of coordinates', '''
def rmsprop_final_distance(lr, n_coordinates):
    return lr / math.sqrt(2)
'''),
    ('rmsprop_final_distance', 'each coordinate cycles between 0 and lr (amplitude lr, not lr / 2)', '''
def rmsprop_final_distance(lr, n_coordinates):
    return lr * math.sqrt(n_coordinates)
'''),
    ('rmsprop_final_distance', 'forgets the other coordinates: lr / 2', '''
def rmsprop_final_distance(lr, n_coordinates):
    return lr / 2
'''),
    ('rmsprop_final_distance', "adds the coordinates' distances (d lr / 2) instead of a Euclidean norm", '''
def rmsprop_final_distance(lr, n_coordinates):
    return n_coordinates * lr / 2
'''),
    ('clip_grad_norm', 'an epsilon of 1e-3 added to the norm', '''
def clip_grad_norm(grads, max_norm):
    norm = math.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values()))
    scale = max_norm / (norm + 1e-3) if norm > max_norm else 1.0
    return {key: np.array(g, dtype=float) * scale for key, g in grads.items()}
'''),
    ('Adam', 'bias correction (1 - beta)**t instead of the sum of the weights', '''
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
            m_hat = self.m[key] / (1 - self.beta1) ** self.t
            v_hat = self.v[key] / (1 - self.beta2) ** self.t
            theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
'''),
    ('Adam', 'bias correction t (1 - beta): the sum of the weights without their decay', '''
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
            m_hat = self.m[key] / min(1.0, self.t * (1 - self.beta1))
            v_hat = self.v[key] / min(1.0, self.t * (1 - self.beta2))
            theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
'''),
    ('Adam', 'no bias correction', '''
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
    ('Adam', 'bias correction of m only, v left uncorrected', '''
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
    ('Adam', 't counted per key instead of per call', '''
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
    ('Adam', 't starts at 2 (counted before and after)', '''
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
    ('Adam', 't from 0: increments after the step', '''
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
    ('Adam', 'eps inside the square root', '''
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
    ('Adam', 'the two bias corrections swapped', '''
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
    ('clip_grad_norm', 'clips each array by its own norm', '''
def clip_grad_norm(grads, max_norm):
    out = {}
    for key, g in grads.items():
        norm = np.linalg.norm(g)
        out[key] = g * (max_norm / norm) if norm > max_norm else g.copy()
    return out
'''),
    ('clip_grad_norm', 'always rescales to max_norm', '''
def clip_grad_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {key: g * (max_norm / norm) for key, g in grads.items()}
'''),
    ('clip_grad_norm', 'clips every entry to [-max_norm, max_norm]', '''
def clip_grad_norm(grads, max_norm):
    return {key: np.clip(g, -max_norm, max_norm) for key, g in grads.items()}
'''),
    ('clip_grad_norm', 'scales the input arrays in place', '''
def clip_grad_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return grads
'''),
    ('clip_grad_norm', 'norm as the sum of the per-array norms', '''
def clip_grad_norm(grads, max_norm):
    norm = sum(np.linalg.norm(g) for g in grads.values())
    scale = max_norm / norm if norm > max_norm else 1.0
    return {key: g * scale for key, g in grads.items()}
'''),
    ('Adam', 'converts params with np.asarray(..., dtype=float): a copy for float32 arrays', '''
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
    ('Adam', "the paper's efficient form (corrected learning rate, eps-hat on the uncorrected root)", '''
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
    ('quadratic_theory', 'uses the diagonal entries of H instead of its eigenvalues', '''
def quadratic_theory(hessian):
    lam = np.sort(np.diag(np.asarray(hessian, dtype=float)))
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ('quadratic_theory', 'takes the first and last values of np.linalg.eig, which are not sorted', '''
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
    ('quadratic_theory', 'stability limit 1 / lambda_max (forgets that the factor may reach -1)', '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 1 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ('quadratic_theory', 'best lr 1 / lambda_max and its factor 1 - 1/kappa', '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 1 / hi, "gd_rate": 1 - 1 / k,
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ('quadratic_theory', 'condition number upside down (lambda_min / lambda_max)', '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = lo / hi
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": abs(k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": abs(np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ('quadratic_theory', 'momentum coefficient not squared', '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": (np.sqrt(k) - 1) / (np.sqrt(k) + 1),
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ('quadratic_theory', 'momentum learning rate not squared', '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": 2 / (np.sqrt(hi) + np.sqrt(lo)),
            "momentum_rate": (np.sqrt(k) - 1) / (np.sqrt(k) + 1)}
'''),
    ('quadratic_theory', 'momentum factor with kappa instead of its square root', '''
def quadratic_theory(hessian):
    lam = np.linalg.eigvalsh(hessian)
    lo, hi = lam[0], lam[-1]
    k = hi / lo
    return {"kappa": k, "gd_lr_max": 2 / hi, "gd_lr_best": 2 / (lo + hi), "gd_rate": (k - 1) / (k + 1),
            "momentum_best": ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
            "momentum_lr_best": (2 / (np.sqrt(hi) + np.sqrt(lo))) ** 2,
            "momentum_rate": (k - 1) / (k + 1)}
'''),
    ('cosine_decay', 'warm-up step / warmup_steps: 0 at step 0', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * step / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ('cosine_decay', 'ignores lr_min', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return 0.0
    return lr0 * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ('cosine_decay', 'lr_min added on top of the full cosine (lr_min + lr0 * ...)', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + lr0 * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ('cosine_decay', 'cosine over total_steps instead of total_steps - warmup_steps', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * (step - warmup_steps) / total_steps)) / 2
'''),
    ('cosine_decay', 'angle from step, not from step - warmup_steps', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * step / total_steps)) / 2
'''),
    ('cosine_decay', '(1 - cos) / 2: the rate grows instead of decaying', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 - math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ('cosine_decay', 'warm-up from lr_min instead of from 0', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr_min + (lr0 - lr_min) * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ('cosine_decay', 'a full cosine period (2 pi): the rate comes back up', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(2 * math.pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
'''),
    ('answer_q1', 'believes the missing correction shrinks the step', '''
answer_q1 = "b"
'''),
    ('answer_q2', 'counts one Hessian entry per parameter', '''
answer_q2 = "a"
'''),
]

CORRECT_VERSIONS = [
    ('Momentum', "Nesterov in Bengio et al.'s first form: Theta += -momentum v_old + (1 + momentum) v_new", '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            old = self.v.get(key, 0.0)
            self.v[key] = self.momentum * old - self.lr * grads[key]
            if self.nesterov:
                theta += -self.momentum * old + (1 + self.momentum) * self.v[key]
            else:
                theta += self.v[key]
'''),
    ('Momentum', "PyTorch's buffer b <- momentum b + g, step lr (g + momentum b) or lr b", '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            b = self.momentum * self.v.get(key, 0.0) + g
            self.v[key] = b
            theta -= self.lr * (g + self.momentum * b) if self.nesterov else self.lr * b
'''),
    ('Momentum', 'in-place state with np.multiply(..., out=) and float32 kept', '''
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.v = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = np.asarray(grads[key])
            if key not in self.v:
                self.v[key] = np.zeros(theta.shape, dtype=np.result_type(theta, g))
            v = self.v[key]
            np.multiply(v, self.momentum, out=v)
            v -= self.lr * g
            if self.nesterov:
                theta += self.momentum * v - self.lr * g
            else:
                theta += v
'''),
    ('momentum_lr_limits', "written from the roots' product and sum (numpy floats)", '''
def momentum_lr_limits(curvature, momentum):
    a = np.float64(momentum)
    heavy = (2 + 2 * a) / np.float64(curvature)
    nesterov = (1 + 1 / (1 + 2 * a)) / np.float64(curvature)
    return (heavy, nesterov)
'''),
    ('AdaptiveLR', "RMSProp's average written as h += (1 - rho) (g*g - h)", '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.setdefault(key, np.zeros(np.shape(theta)))
            if self.rho is None:
                h += g * g
            else:
                h += (1 - self.rho) * (g * g - h)
            theta -= self.lr * g / (np.sqrt(h) + self.eps)
'''),
    ('rmsprop_final_distance', 'the norm of a vector of d half-steps', '''
def rmsprop_final_distance(lr, n_coordinates):
    return float(np.linalg.norm(np.full(int(n_coordinates), lr / 2)))
'''),
    ('Adam', 'the correction as the sum of the weights, added up in a loop', '''
class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params, grads):
        self.t += 1
        w1 = sum((1 - self.beta1) * self.beta1 ** (self.t - i) for i in range(1, self.t + 1))
        w2 = sum((1 - self.beta2) * self.beta2 ** (self.t - i) for i in range(1, self.t + 1))
        for key, theta in params.items():
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            theta -= self.lr * (self.m[key] / w1) / (np.sqrt(self.v[key] / w2) + self.eps)
'''),
    ('clip_grad_norm', "PyTorch's clip_grad_norm_: max_norm / (norm + 1e-6), clamped to 1", '''
def clip_grad_norm(grads, max_norm):
    total = np.linalg.norm(np.concatenate([np.ravel(g) for g in grads.values()]))
    coef = min(max_norm / (total + 1e-6), 1.0)
    return {k: np.asarray(g) * coef for k, g in grads.items()}
'''),
    ('cosine_decay', 'the cosine written as a sine shifted by a quarter period', '''
def cosine_decay(lr0, step, total_steps, warmup_steps=0, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    if step >= total_steps:
        return lr_min
    x = (step - warmup_steps) / (total_steps - warmup_steps)
    return lr_min + (lr0 - lr_min) * (1 - np.sin(np.pi * (x - 0.5))) / 2
'''),
    ('gradient_descent', 'a preallocated array filled row by row', '''
def gradient_descent(grad, x0, lr, n_steps):
    x0 = np.asarray(x0, dtype=float)
    path = np.empty((n_steps + 1,) + x0.shape)
    path[0] = x0
    for k in range(n_steps):
        path[k + 1] = path[k] - lr * np.asarray(grad(path[k].copy() if path[k].ndim else float(path[k])))
    return path
'''),
]
WRONG_VERSIONS += [
    ("lr_limit_quartic", "keeps the factor 1 - lr c positive: 1 / f''(3/2)", '''
lr_limit_quartic = 1 / 9
'''),
    ("lr_limit_quartic", "the curvature at the start x = 2 instead of at the minimum", '''
lr_limit_quartic = 2 / 24
'''),
    ("lr_limit_quartic", "the 0.24 of the experiment, read off as a guess", '''
lr_limit_quartic = 0.24
'''),
]
WRONG_VERSIONS += [
    ("AdaptiveLR", "tests `if not self.rho`, so rho = 0 sums like AdaGrad", '''
class AdaptiveLR:
    def __init__(self, lr=0.01, rho=None, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, theta in params.items():
            g = grads[key]
            h = self.h.get(key, 0.0)
            self.h[key] = h + g * g if not self.rho else self.rho * h + (1 - self.rho) * g * g
            theta -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)
'''),
]
