"""course_lib: the helper package of the deep-learning fundamentals course.

Modules (import the one you need, e.g. ``from course_lib import datasets``):

- ``datasets``  toy and real data, tokenizing, seeded stratified splits
- ``plots``     decision boundaries, training curves, confusion matrices
- ``checks``    assertion helpers whose messages say what was expected and what came back
- ``nn``        reference MLP pieces (activations, forward, backward) taught in notebook 02
- ``gradcheck`` numerical gradients and relative errors
- ``optim``     reference optimizers taught in notebook 03
- ``training``  a mini-batch training loop with history, progress and early stopping
- ``metric``    distances, contrastive and triplet losses with gradients, pair/triplet sampling,
                mining, Recall@K (notebook 06)

Everything is numpy only, and every random thing takes an explicit ``rng``.
"""

__version__ = "0.1.0"
