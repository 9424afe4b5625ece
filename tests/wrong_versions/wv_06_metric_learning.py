"""Plausible mistakes in notebook 06; each must fail its test cell (see tests/test_wrong_versions.py)."""

WRONG_VERSIONS = [
    # --- pairwise_distances ---
    ("pairwise_distances", "squared distances (no square root)", '''
def pairwise_distances(A, B):
    return np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2)
'''),
    ("pairwise_distances", "expansion without clipping: sqrt of round-off below zero gives nan", '''
def pairwise_distances(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    return np.sqrt(np.sum(A ** 2, axis=1)[:, None] + np.sum(B ** 2, axis=1)[None, :] - 2.0 * A @ B.T)
'''),
    ("pairwise_distances", "expansion with a minus sign on the cross term flipped", '''
def pairwise_distances(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    return np.sqrt(np.sum(A ** 2, axis=1)[:, None] + np.sum(B ** 2, axis=1)[None, :] + 2.0 * A @ B.T)
'''),
    ("pairwise_distances", "sum of absolute differences (Manhattan distance)", '''
def pairwise_distances(A, B):
    return np.sum(np.abs(A[:, None, :] - B[None, :, :]), axis=2)
'''),
    # --- cosine_similarity ---
    ("cosine_similarity", "dot products without normalising", '''
def cosine_similarity(A, B):
    return np.asarray(A, dtype=float) @ np.asarray(B, dtype=float).T
'''),
    ("cosine_similarity", "normalises A only", '''
def cosine_similarity(A, B):
    A = np.asarray(A, dtype=float)
    return (A / np.linalg.norm(A, axis=1, keepdims=True)) @ np.asarray(B, dtype=float).T
'''),
    ("cosine_similarity", "normalises the columns (axis=0) instead of the rows", '''
def cosine_similarity(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    return (A / np.linalg.norm(A, axis=0, keepdims=True)) @ (B / np.linalg.norm(B, axis=0, keepdims=True)).T
'''),
    ("cosine_similarity", "cosine distance 1 - cos instead of the similarity", '''
def cosine_similarity(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    return 1.0 - (A / np.linalg.norm(A, axis=1, keepdims=True)) @ (B / np.linalg.norm(B, axis=1, keepdims=True)).T
'''),
    # --- concept questions ---
    ("answer_q1", "thinks the Euclidean distance ignores brightness", '''
answer_q1 = "a"
'''),
    ("answer_q2", "calls a triplet inside the margin hard", '''
answer_q2 = "c"
'''),
    # --- contrastive_loss_and_grad ---
    ("contrastive_loss_and_grad", "the loss with labels swapped (Hadsell's Y = 0 for similar read as same = 0)", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * (1 - same) * d ** 2 + 0.5 * same * np.maximum(0.0, margin - d) ** 2))
    grad = (same * d - (1 - same) * np.maximum(0.0, margin - d)) / d.size
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "the loss with the margin applied to the squared distance", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1 - same) * np.maximum(0.0, margin - d ** 2) ** 2))
    grad = (same * d - (1 - same) * np.maximum(0.0, margin - d)) / d.size
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "the loss without the hinge: (margin - d)^2 for every dissimilar pair", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1 - same) * (margin - d) ** 2))
    grad = (same * d - (1 - same) * np.maximum(0.0, margin - d)) / d.size
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "the loss as a sum instead of a mean", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.sum(0.5 * same * d ** 2 + 0.5 * (1 - same) * np.maximum(0.0, margin - d) ** 2))
    grad = (same * d - (1 - same) * np.maximum(0.0, margin - d)) / d.size
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "the loss with the hinge not squared", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1 - same) * np.maximum(0.0, margin - d)))
    grad = (same * d - (1 - same) * np.maximum(0.0, margin - d)) / d.size
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "the gradient without the hinge mask: -(margin - d) beyond the margin too", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1 - same) * np.maximum(0.0, margin - d) ** 2))
    grad = (same * d - (1 - same) * (margin - d)) / d.size
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "the gradient with the wrong sign for dissimilar pairs", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1 - same) * np.maximum(0.0, margin - d) ** 2))
    grad = (same * d + (1 - same) * np.maximum(0.0, margin - d)) / d.size
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "the gradient of the sum, not of the mean", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1 - same) * np.maximum(0.0, margin - d) ** 2))
    grad = same * d - (1 - same) * np.maximum(0.0, margin - d)
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "the gradient with labels swapped", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1 - same) * np.maximum(0.0, margin - d) ** 2))
    grad = ((1 - same) * d - same * np.maximum(0.0, margin - d)) / d.size
    return loss, grad
'''),
    ("contrastive_loss_and_grad", "returns the gradient first: (grad, loss)", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same, dtype=float)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (1 - same) * np.maximum(0.0, margin - d) ** 2))
    return (same * d - (1 - same) * np.maximum(0.0, margin - d)) / d.size, loss
'''),
    # --- triplet_loss_and_grads ---
    ("triplet_loss_and_grads", "the loss with unsquared Euclidean distances", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.mean(np.maximum(0.0, np.linalg.norm(a - p, axis=1) - np.linalg.norm(a - n, axis=1) + margin)))
    s = np.where(z > 0, 2.0 / len(a), 0.0)[:, None]
    return loss, s * (n - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "the loss without the hinge", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.mean(z))
    s = np.where(z > 0, 2.0 / len(a), 0.0)[:, None]
    return loss, s * (n - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "the loss as a sum instead of a mean", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.sum(np.maximum(0.0, z)))
    s = np.where(z > 0, 2.0 / len(a), 0.0)[:, None]
    return loss, s * (n - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "the loss compares the negative with the positive instead of the anchor", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.mean(np.maximum(0.0, np.sum((a - p) ** 2, axis=1) - np.sum((p - n) ** 2, axis=1) + margin)))
    s = np.where(z > 0, 2.0 / len(a), 0.0)[:, None]
    return loss, s * (n - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "the loss's hinge applied to the batch mean instead of to each triplet", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(max(0.0, np.mean(np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1)) + margin))
    s = np.where(z > 0, 2.0 / len(a), 0.0)[:, None]
    return loss, s * (n - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "dn with the wrong sign", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.mean(np.maximum(0.0, z)))
    s = np.where(z > 0, 2.0 / len(a), 0.0)[:, None]
    return loss, s * (n - p), s * (p - a), s * (n - a)
'''),
    ("triplet_loss_and_grads", "gradients of the sum, not of the mean", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.mean(np.maximum(0.0, z)))
    s = np.where(z > 0, 2.0, 0.0)[:, None]
    return loss, s * (n - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "gradients without the hinge mask", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.mean(np.maximum(0.0, z)))
    s = 2.0 / len(a)
    return loss, s * (n - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "gradients without the factor 2 of the squares", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.mean(np.maximum(0.0, z)))
    s = np.where(z > 0, 1.0 / len(a), 0.0)[:, None]
    return loss, s * (n - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "da of the anchor only through the positive term", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    loss = float(np.mean(np.maximum(0.0, z)))
    s = np.where(z > 0, 2.0 / len(a), 0.0)[:, None]
    return loss, s * (a - p), s * (p - a), s * (a - n)
'''),
    ("triplet_loss_and_grads", "returns the three gradients without the loss", '''
def triplet_loss_and_grads(a, p, n, margin=0.2):
    a, p, n = (np.asarray(v, dtype=float) for v in (a, p, n))
    z = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    s = np.where(z > 0, 2.0 / len(a), 0.0)[:, None]
    return s * (n - p), s * (p - a), s * (a - n)
'''),
    # --- recall_at_k ---
    ("recall_at_k", "the query counted as its own neighbour", '''
def recall_at_k(embeddings, labels, k):
    E = np.asarray(embeddings, dtype=float)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    nearest = np.argsort(D, axis=1)[:, :k]
    return float(np.mean(np.any(labels[nearest] == labels[:, None], axis=1)))
'''),
    ("recall_at_k", "fraction of the k neighbours with the right class (precision@k)", '''
def recall_at_k(embeddings, labels, k):
    E = np.asarray(embeddings, dtype=float)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    nearest = np.argsort(D, axis=1)[:, :k]
    return float(np.mean(labels[nearest] == labels[:, None]))
'''),
    ("recall_at_k", "farthest points instead of nearest", '''
def recall_at_k(embeddings, labels, k):
    E = np.asarray(embeddings, dtype=float)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, -np.inf)
    nearest = np.argsort(-D, axis=1)[:, :k]
    return float(np.mean(np.any(labels[nearest] == labels[:, None], axis=1)))
'''),
    ("recall_at_k", "k + 1 neighbours after excluding the query", '''
def recall_at_k(embeddings, labels, k):
    E = np.asarray(embeddings, dtype=float)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    nearest = np.argsort(D, axis=1)[:, :k + 1]
    return float(np.mean(np.any(labels[nearest] == labels[:, None], axis=1)))
'''),
    ("recall_at_k", "checks only the k-th neighbour instead of any of the k", '''
def recall_at_k(embeddings, labels, k):
    E = np.asarray(embeddings, dtype=float)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    kth = np.argsort(D, axis=1)[:, k - 1]
    return float(np.mean(labels[kth] == labels))
'''),
    # --- batch_hard_triplets ---
    ("batch_hard_triplets", "the anchor can be its own positive (diagonal not excluded)", '''
def batch_hard_triplets(E, labels):
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    same = labels[:, None] == labels[None, :]
    return np.arange(len(labels)), np.argmax(np.where(same, D, -np.inf), axis=1), np.argmin(np.where(same, np.inf, D), axis=1)
'''),
    ("batch_hard_triplets", "nearest positive and farthest negative (easiest, not hardest)", '''
def batch_hard_triplets(E, labels):
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    same = (labels[:, None] == labels[None, :]) & ~np.eye(len(labels), dtype=bool)
    diff = labels[:, None] != labels[None, :]
    return np.arange(len(labels)), np.argmin(np.where(same, D, np.inf), axis=1), np.argmax(np.where(diff, D, -np.inf), axis=1)
'''),
    ("batch_hard_triplets", "negative searched among all points (can pick a same-class point)", '''
def batch_hard_triplets(E, labels):
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    same = (labels[:, None] == labels[None, :]) & ~np.eye(len(labels), dtype=bool)
    np.fill_diagonal(D, np.inf)
    return np.arange(len(labels)), np.argmax(np.where(same, D, -np.inf), axis=1), np.argmin(D, axis=1)
'''),
    ("batch_hard_triplets", "positive searched among all other points (the farthest point overall, any class)", '''
def batch_hard_triplets(E, labels):
    E, labels = np.asarray(E, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    same = labels[:, None] == labels[None, :]
    return np.arange(len(labels)), np.argmax(D, axis=1), np.argmin(np.where(same, np.inf, D), axis=1)
'''),
    # --- distance_backward ---
    ("distance_backward", "gradient of the squared distance: 2 (A - B) grad_d", '''
def distance_backward(A, B, grad_d):
    A, B, grad_d = np.asarray(A, dtype=float), np.asarray(B, dtype=float), np.asarray(grad_d, dtype=float)
    grad_A = 2.0 * grad_d[:, None] * (A - B)
    return grad_A, -grad_A
'''),
    ("distance_backward", "grad_B with the sign of grad_A", '''
def distance_backward(A, B, grad_d):
    A, B, grad_d = np.asarray(A, dtype=float), np.asarray(B, dtype=float), np.asarray(grad_d, dtype=float)
    d = np.sqrt(np.sum((A - B) ** 2, axis=1))
    w = np.zeros_like(d)
    w[d > 0] = grad_d[d > 0] / d[d > 0]
    grad_A = w[:, None] * (A - B)
    return grad_A, grad_A
'''),
    ("distance_backward", "missing the factor grad_d (returns dd/dA, dd/dB only)", '''
def distance_backward(A, B, grad_d):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    d = np.sqrt(np.sum((A - B) ** 2, axis=1))
    w = np.zeros_like(d)
    w[d > 0] = 1.0 / d[d > 0]
    grad_A = w[:, None] * (A - B)
    return grad_A, -grad_A
'''),
    ("distance_backward", "divides by d without a guard: NaN (and a warning) at distance 0", '''
def distance_backward(A, B, grad_d):
    A, B, grad_d = np.asarray(A, dtype=float), np.asarray(B, dtype=float), np.asarray(grad_d, dtype=float)
    d = np.sqrt(np.sum((A - B) ** 2, axis=1))
    grad_A = (grad_d / d)[:, None] * (A - B)
    return grad_A, -grad_A
'''),
    ("distance_backward", "np.where(d > 0, grad_d / d, 0): the division still runs and warns at d = 0", '''
def distance_backward(A, B, grad_d):
    A, B, grad_d = np.asarray(A, dtype=float), np.asarray(B, dtype=float), np.asarray(grad_d, dtype=float)
    d = np.sqrt(np.sum((A - B) ** 2, axis=1))
    grad_A = np.where(d > 0, grad_d / d, 0.0)[:, None] * (A - B)
    return grad_A, -grad_A
'''),
    ("distance_backward", "grad_d broadcast along the features instead of the rows", '''
def distance_backward(A, B, grad_d):
    A, B, grad_d = np.asarray(A, dtype=float), np.asarray(B, dtype=float), np.asarray(grad_d, dtype=float)
    d = np.sqrt(np.sum((A - B) ** 2, axis=1, keepdims=True))
    grad_A = grad_d * np.divide(A - B, d, out=np.zeros_like(A), where=d > 0)
    return grad_A, -grad_A
'''),
    ("distance_backward", "divides by d squared", '''
def distance_backward(A, B, grad_d):
    A, B, grad_d = np.asarray(A, dtype=float), np.asarray(B, dtype=float), np.asarray(grad_d, dtype=float)
    d2 = np.sum((A - B) ** 2, axis=1)
    w = np.zeros_like(d2)
    w[d2 > 0] = grad_d[d2 > 0] / d2[d2 > 0]
    grad_A = w[:, None] * (A - B)
    return grad_A, -grad_A
'''),
    ("distance_backward", "divides by the mean distance of the batch instead of each row's own", '''
def distance_backward(A, B, grad_d):
    A, B, grad_d = np.asarray(A, dtype=float), np.asarray(B, dtype=float), np.asarray(grad_d, dtype=float)
    d = np.sqrt(np.sum((A - B) ** 2, axis=1))
    grad_A = grad_d[:, None] * (A - B) / max(float(np.mean(d)), 1e-12)
    return grad_A, -grad_A
'''),
    ("distance_backward", "subtracts in place (A -= B changes the caller's embeddings)", '''
def distance_backward(A, B, grad_d):
    diff = A
    diff -= B
    d = np.sqrt(np.sum(diff ** 2, axis=1))
    w = np.zeros_like(d)
    w[d > 0] = np.asarray(grad_d, dtype=float)[d > 0] / d[d > 0]
    grad_A = w[:, None] * diff
    return grad_A, -grad_A
'''),
    # --- boolean masks, duplicates and ties ---
    ("contrastive_loss_and_grad", "the loss indexes d with the 0/1 array same (integer indices, not a mask)", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same)
    pull = 0.5 * np.sum(d[same] ** 2)
    push = 0.5 * np.sum(np.maximum(0.0, margin - d[1 - same]) ** 2)
    s = same.astype(float)
    return float((pull + push) / d.size), (s * d - (1 - s) * np.maximum(0.0, margin - d)) / d.size
'''),
    ("contrastive_loss_and_grad", "the loss negates the mask with unary minus (-same + 1 is an error for a boolean mask)", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same)
    loss = float(np.mean(0.5 * same * d ** 2 + 0.5 * (-same + 1) * np.maximum(0.0, margin - d) ** 2))
    s = same.astype(float)
    return loss, (s * d - (1 - s) * np.maximum(0.0, margin - d)) / d.size
'''),
    ("contrastive_loss_and_grad", "the gradient negates the mask with unary minus (-same + 1 is an error for a boolean mask)", '''
def contrastive_loss_and_grad(d, same, margin=1.0):
    d, same = np.asarray(d, dtype=float), np.asarray(same)
    s = same.astype(float)
    loss = float(np.mean(0.5 * s * d ** 2 + 0.5 * (1 - s) * np.maximum(0.0, margin - d) ** 2))
    return loss, (same * d - (-same + 1) * np.maximum(0.0, margin - d)) / d.size
'''),
    ("recall_at_k", "excludes the query by dropping the first sorted neighbour (a duplicate can come first)", '''
def recall_at_k(embeddings, labels, k):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    nearest = np.argsort(D, axis=1, kind="stable")[:, 1:k + 1]
    return float(np.mean(np.any(labels[nearest] == labels[:, None], axis=1)))
'''),
    ("recall_at_k", "excludes every point at distance 0, so the query's duplicates are dropped too", '''
def recall_at_k(embeddings, labels, k):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    D[D == 0] = np.inf
    nearest = np.argsort(D, axis=1, kind="stable")[:, :k]
    return float(np.mean(np.any(labels[nearest] == labels[:, None], axis=1)))
'''),
    ("recall_at_k", "ties broken by numpy's default (unstable) sort", '''
def recall_at_k(embeddings, labels, k):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    nearest = np.argsort(D, axis=1)[:, :k]
    return float(np.mean(np.any(labels[nearest] == labels[:, None], axis=1)))
'''),
    ("recall_at_k", "ties broken towards the higher index", '''
def recall_at_k(embeddings, labels, k):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    n = len(labels)
    nearest = (n - 1 - np.argsort(D[:, ::-1], axis=1, kind="stable"))[:, :k]
    return float(np.mean(np.any(labels[nearest] == labels[:, None], axis=1)))
'''),
    # --- map_at_r ---
    ("map_at_r", "the query counted as its own first result", """
def map_at_r(embeddings, labels):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    order = np.argsort(D, axis=1, kind="stable")
    rel = labels[order] == labels[:, None]
    R = rel.sum(axis=1) - 1
    rank = np.arange(1, len(labels) + 1)
    prec = np.cumsum(rel, axis=1) / rank
    return float(np.mean(np.sum(np.where(rank <= R[:, None], rel * prec, 0.0), axis=1) / R))
"""),
    ("map_at_r", "divides by the number of hits among the first R instead of by R", """
def map_at_r(embeddings, labels):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    order = np.argsort(D, axis=1, kind="stable")[:, :-1]
    rel = labels[order] == labels[:, None]
    R = rel.sum(axis=1)
    rank = np.arange(1, order.shape[1] + 1)
    prec = np.cumsum(rel, axis=1) / rank
    inside = rank <= R[:, None]
    hits = np.sum(rel & inside, axis=1)
    return float(np.mean(np.sum(np.where(inside, rel * prec, 0.0), axis=1) / np.maximum(hits, 1)))
"""),
    ("map_at_r", "precision at R (the fraction of hits among the first R), not the average precision", """
def map_at_r(embeddings, labels):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    order = np.argsort(D, axis=1, kind="stable")[:, :-1]
    rel = labels[order] == labels[:, None]
    R = rel.sum(axis=1)
    rank = np.arange(1, order.shape[1] + 1)
    return float(np.mean(np.sum(rel & (rank <= R[:, None]), axis=1) / R))
"""),
    ("map_at_r", "one R for every query (the size of the smallest class, minus one)", """
def map_at_r(embeddings, labels):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    order = np.argsort(D, axis=1, kind="stable")[:, :-1]
    rel = labels[order] == labels[:, None]
    R = np.full(len(labels), rel.sum(axis=1).min())
    rank = np.arange(1, order.shape[1] + 1)
    prec = np.cumsum(rel, axis=1) / rank
    return float(np.mean(np.sum(np.where(rank <= R[:, None], rel * prec, 0.0), axis=1) / R))
"""),
    ("map_at_r", "ties broken by numpy's default (unstable) sort", """
def map_at_r(embeddings, labels):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    D = np.sum((E[:, None, :] - E[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D, np.inf)
    order = np.argsort(D, axis=1)[:, :-1]
    rel = labels[order] == labels[:, None]
    R = rel.sum(axis=1)
    rank = np.arange(1, order.shape[1] + 1)
    prec = np.cumsum(rel, axis=1) / rank
    return float(np.mean(np.sum(np.where(rank <= R[:, None], rel * prec, 0.0), axis=1) / R))
"""),
    # --- normalize_backward ---
    ("normalize_backward", "divides dL/dE by the length only (forgets that the length depends on u)", """
def normalize_backward(U, grad_E):
    U, grad_E = np.asarray(U, dtype=float), np.asarray(grad_E, dtype=float)
    return grad_E / np.linalg.norm(U, axis=1, keepdims=True)
"""),
    ("normalize_backward", "projects away the component along e but forgets to divide by the length", """
def normalize_backward(U, grad_E):
    U, grad_E = np.asarray(U, dtype=float), np.asarray(grad_E, dtype=float)
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    return grad_E - E * np.sum(E * grad_E, axis=1, keepdims=True)
"""),
    ("normalize_backward", "projects with u instead of the unit vector e", """
def normalize_backward(U, grad_E):
    U, grad_E = np.asarray(U, dtype=float), np.asarray(grad_E, dtype=float)
    length = np.linalg.norm(U, axis=1, keepdims=True)
    return (grad_E - U * np.sum(U * grad_E, axis=1, keepdims=True)) / length
"""),
    ("normalize_backward", "the dot product summed over the whole batch instead of per row", """
def normalize_backward(U, grad_E):
    U, grad_E = np.asarray(U, dtype=float), np.asarray(grad_E, dtype=float)
    length = np.linalg.norm(U, axis=1, keepdims=True)
    E = U / length
    return (grad_E - E * np.sum(E * grad_E)) / length
"""),
    ("normalize_backward", "the length taken over the columns (axis 0)", """
def normalize_backward(U, grad_E):
    U, grad_E = np.asarray(U, dtype=float), np.asarray(grad_E, dtype=float)
    length = np.linalg.norm(U, axis=0, keepdims=True)
    E = U / length
    return (grad_E - E * np.sum(E * grad_E, axis=0, keepdims=True)) / length
"""),
    # --- contrastive_step ---
    ("contrastive_step", "G[i] += g with repeated indices: each image keeps the gradient of only one of its pairs", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    i, j = np.triu_indices(len(idx), k=1)
    d = pairwise_distances(E, E)[i, j]
    same = y[idx][i] == y[idx][j]
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    G[i] += gi
    G[j] += gj
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("contrastive_step", "each pair sends its gradient to its first image only", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    i, j = np.triu_indices(len(idx), k=1)
    d = pairwise_distances(E, E)[i, j]
    same = y[idx][i] == y[idx][j]
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    np.add.at(G, i, gi)
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("contrastive_step", "skips the normalisation's backward: dL/dE passed as dL/dU", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    i, j = np.triu_indices(len(idx), k=1)
    d = pairwise_distances(E, E)[i, j]
    same = y[idx][i] == y[idx][j]
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    np.add.at(G, i, gi)
    np.add.at(G, j, gj)
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, G), E
"""),
    ("contrastive_step", "no normalisation: the raw outputs used as embeddings", """
def contrastive_step(params, X, y, idx, margin):
    E, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    i, j = np.triu_indices(len(idx), k=1)
    d = pairwise_distances(E, E)[i, j]
    same = y[idx][i] == y[idx][j]
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    np.add.at(G, i, gi)
    np.add.at(G, j, gj)
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, G), E
"""),
    ("contrastive_step", "labels of the batch positions y[i], not of the images y[idx[i]]", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    i, j = np.triu_indices(len(idx), k=1)
    d = pairwise_distances(E, E)[i, j]
    same = y[i] == y[j]
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    np.add.at(G, i, gi)
    np.add.at(G, j, gj)
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("contrastive_step", "pairs include each image with itself (k=0 in triu_indices)", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    i, j = np.triu_indices(len(idx), k=0)
    d = pairwise_distances(E, E)[i, j]
    same = y[idx][i] == y[idx][j]
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    np.add.at(G, i, gi)
    np.add.at(G, j, gj)
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("contrastive_step", "takes an optimizer step itself (changes params in place)", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    i, j = np.triu_indices(len(idx), k=1)
    d = pairwise_distances(E, E)[i, j]
    same = y[idx][i] == y[idx][j]
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    np.add.at(G, i, gi)
    np.add.at(G, j, gj)
    grads = nn.mlp_backward_from(params, cache, normalize_backward(U, G))
    for key in params:
        params[key] -= 0.01 * grads[key]
    return contrastive_loss_and_grad(d, same, margin)[0], grads, E
"""),
    # --- triplet_step ---
    ("triplet_step", "G[rows] += g with repeated indices: a positive or negative shared by anchors counts once", """
def triplet_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    a, p, n = batch_hard_triplets(E, y[idx])
    G = np.zeros_like(E)
    for rows, g in zip((a, p, n), triplet_loss_and_grads(E[a], E[p], E[n], margin)[1:]):
        G[rows] += g
    return triplet_loss_and_grads(E[a], E[p], E[n], margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("triplet_step", "only the anchors' gradients sent back", """
def triplet_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    a, p, n = batch_hard_triplets(E, y[idx])
    G = np.zeros_like(E)
    np.add.at(G, a, triplet_loss_and_grads(E[a], E[p], E[n], margin)[1])
    return triplet_loss_and_grads(E[a], E[p], E[n], margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("triplet_step", "skips the normalisation's backward", """
def triplet_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    a, p, n = batch_hard_triplets(E, y[idx])
    G = np.zeros_like(E)
    for rows, g in zip((a, p, n), triplet_loss_and_grads(E[a], E[p], E[n], margin)[1:]):
        np.add.at(G, rows, g)
    return triplet_loss_and_grads(E[a], E[p], E[n], margin)[0], nn.mlp_backward_from(params, cache, G), E
"""),
    ("triplet_step", "mines on the raw outputs instead of the unit-length embeddings", """
def triplet_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    a, p, n = batch_hard_triplets(U, y[idx])
    G = np.zeros_like(E)
    for rows, g in zip((a, p, n), triplet_loss_and_grads(E[a], E[p], E[n], margin)[1:]):
        np.add.at(G, rows, g)
    return triplet_loss_and_grads(E[a], E[p], E[n], margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("triplet_step", "triplet loss of the raw outputs (no normalisation)", """
def triplet_step(params, X, y, idx, margin):
    E, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    a, p, n = batch_hard_triplets(E, y[idx])
    G = np.zeros_like(E)
    for rows, g in zip((a, p, n), triplet_loss_and_grads(E[a], E[p], E[n], margin)[1:]):
        np.add.at(G, rows, g)
    return triplet_loss_and_grads(E[a], E[p], E[n], margin)[0], nn.mlp_backward_from(params, cache, G), E
"""),
    ("triplet_step", "the positive's and negative's gradients swapped", """
def triplet_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    a, p, n = batch_hard_triplets(E, y[idx])
    da, dp, dn = triplet_loss_and_grads(E[a], E[p], E[n], margin)[1:]
    G = np.zeros_like(E)
    for rows, g in zip((a, p, n), (da, dn, dp)):
        np.add.at(G, rows, g)
    return triplet_loss_and_grads(E[a], E[p], E[n], margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
]

CORRECT_VERSIONS = [
    ("contrastive_loss_and_grad", "np.where on a boolean mask, one branch per kind of pair", """
def contrastive_loss_and_grad(d, same, margin=1.0):
    d = np.asarray(d, dtype=float)
    similar = np.asarray(same).astype(bool)
    inside = ~similar & (d < margin)
    loss = np.where(similar, d ** 2, np.where(inside, (margin - d) ** 2, 0.0)).sum() / (2 * len(d))
    grad = np.where(similar, d, np.where(inside, d - margin, 0.0)) / len(d)
    return loss, grad
"""),
    ("triplet_loss_and_grads", "a loop over the triplets in the inputs' dtype (float32 kept), returning a list", """
def triplet_loss_and_grads(a, p, n, margin=0.2):
    N = len(a)
    loss = 0.0
    da, dp, dn = np.zeros_like(a), np.zeros_like(p), np.zeros_like(n)
    for i in range(N):
        z = (a[i] - p[i]) @ (a[i] - p[i]) - (a[i] - n[i]) @ (a[i] - n[i]) + margin
        if z > 0:
            loss += z / N
            da[i] = 2 * (n[i] - p[i]) / N
            dp[i] = 2 * (p[i] - a[i]) / N
            dn[i] = 2 * (a[i] - n[i]) / N
    return [loss, da, dp, dn]
"""),
    ("map_at_r", "a loop over queries with Python lists", """
def map_at_r(embeddings, labels):
    E, labels = np.asarray(embeddings, dtype=float), np.asarray(labels)
    scores = []
    for q in range(len(labels)):
        d = np.sum((E - E[q]) ** 2, axis=1)
        d[q] = np.inf
        order = np.argsort(d, kind="stable")
        R = int(np.sum(labels == labels[q])) - 1
        hits, total = 0, 0.0
        for i, j in enumerate(order[:R], start=1):
            if labels[j] == labels[q]:
                hits += 1
                total += hits / i
        scores.append(total / R)
    return float(np.mean(scores))
"""),
    ("normalize_backward", "the explicit k x k Jacobian of every row", """
def normalize_backward(U, grad_E):
    U, grad_E = np.asarray(U, dtype=float), np.asarray(grad_E, dtype=float)
    out = np.empty_like(U)
    for r in range(U.shape[0]):
        length = np.linalg.norm(U[r])
        e = U[r] / length
        J = (np.eye(U.shape[1]) - np.outer(e, e)) / length
        out[r] = J.T @ grad_E[r]
    return out
"""),
    ("normalize_backward", "written with U and the squared length", """
def normalize_backward(U, grad_E):
    sq = np.sum(U * U, axis=1, keepdims=True)
    return (grad_E * sq - U * np.sum(U * grad_E, axis=1, keepdims=True)) / sq ** 1.5
"""),
    ("contrastive_step", "a (b, b, k) table of pair gradients summed row by row", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    i, j = np.triu_indices(len(idx), k=1)
    d = pairwise_distances(E, E)[i, j]
    same = y[idx][i] == y[idx][j]
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    table = np.zeros((len(idx), len(idx), E.shape[1]))
    table[i, j], table[j, i] = gi, gj
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, table.sum(axis=1))), E
"""),
    ("contrastive_step", "every ordered pair i != j (each pair twice: the same mean and the same gradient)", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    i, j = np.nonzero(~np.eye(len(idx), dtype=bool))
    d = np.sqrt(np.sum((E[i] - E[j]) ** 2, axis=1))
    same = (y[idx][i] == y[idx][j]).astype(int)
    gi, gj = distance_backward(E[i], E[j], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    np.add.at(G, i, gi)
    np.add.at(G, j, gj)
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("triplet_step", "accumulation with one-hot matrices instead of np.add.at", """
def triplet_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.linalg.norm(U, axis=1, keepdims=True)
    a, p, n = batch_hard_triplets(E, y[idx])
    da, dp, dn = triplet_loss_and_grads(E[a], E[p], E[n], margin)[1:]
    onehot = lambda rows: np.eye(len(idx))[rows]
    G = onehot(a).T @ da + onehot(p).T @ dp + onehot(n).T @ dn
    return triplet_loss_and_grads(E[a], E[p], E[n], margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
    ("map_at_r", "plain distances from pairwise_distances, a per-query loop over ranks", """
def map_at_r(embeddings, labels):
    labels = np.asarray(labels)
    D = pairwise_distances(embeddings, embeddings)
    np.fill_diagonal(D, np.inf)
    scores = []
    for q, row in enumerate(np.argsort(D, axis=1, kind="stable")):
        R = int(np.sum(labels == labels[q])) - 1
        rel = labels[row[:R]] == labels[q]
        scores.append(np.sum(rel * np.cumsum(rel) / np.arange(1, R + 1)) / R)
    return float(np.mean(scores))
"""),
    ("contrastive_step", "a Python loop over the pairs, adding into each image's row", """
def contrastive_step(params, X, y, idx, margin):
    U, cache = nn.mlp_forward(params, X[idx], "relu", output="linear")
    E = U / np.sqrt(np.sum(U ** 2, axis=1, keepdims=True))
    rows, cols = [], []
    for r in range(len(idx)):
        for s in range(r + 1, len(idx)):
            rows.append(r)
            cols.append(s)
    rows, cols = np.array(rows), np.array(cols)
    d = np.linalg.norm(E[rows] - E[cols], axis=1)
    same = (y[idx[rows]] == y[idx[cols]]).astype(float)
    g_r, g_c = distance_backward(E[rows], E[cols], contrastive_loss_and_grad(d, same, margin)[1])
    G = np.zeros_like(E)
    for k in range(len(rows)):
        G[rows[k]] += g_r[k]
        G[cols[k]] += g_c[k]
    return contrastive_loss_and_grad(d, same, margin)[0], nn.mlp_backward_from(params, cache, normalize_backward(U, G)), E
"""),
]
