"""The regularised loss penalises only the first weight array."""

MODULE = "ch2.regularization"
LOSES = ["ch2.regularized_loss"]


def regularized_loss(loss, weights, weight_decay, kind="l2"):
    penalty = l1_penalty if kind == "l1" else l2_penalty  # noqa: F821 - defined by the module
    return loss + weight_decay * penalty(weights[0])
