"""Parameter export (chapter 4): every trainable variable to a text file, and back.

The course writes, for each ``v`` in ``model.trainable_variables``, its name, its shape and
``str(v.numpy())`` after ``np.set_printoptions(threshold=np.inf)``: without that setting NumPy
abbreviates big arrays with "..." and the values are lost. Here the variables come as a dict
``{name: array}`` (``{v.path: v.numpy() for v in model.trainable_variables}`` in Keras 3).
"""

import numpy as np


def write_parameters(params, path):
    """Write every ``name -> array`` of ``params`` to the text file ``path`` (UTF-8): its name,
    its shape and all its values, with enough digits that reading gives back the very same
    numbers (``repr`` of each value, or ``"%.9g"`` for float32 / ``"%.17g"`` for float64)."""
    raise NotImplementedError("write your solution here")


def read_parameters(path):
    """Read a file written by ``write_parameters``: return ``{name: array}`` in the file's order,
    every array with its shape and values exactly as written."""
    raise NotImplementedError("write your solution here")
