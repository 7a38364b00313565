"""coursekit: auto-graded exercises for a TensorFlow 2 / Keras course (import name ``grader``)."""

from grader.errors import CourseKitError

__version__ = "0.1.0"
__all__ = ["CourseKitError", "__version__"]
