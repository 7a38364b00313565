"""The kit's own errors: each message says what was expected and what was received."""


class CourseKitError(Exception):
    """Base class of every error the kit reports to a user (never a bare traceback)."""


class UsageError(CourseKitError):
    """The user asked for something that does not exist (unknown chapter, exercise, folder)."""


class GraderFailure(CourseKitError):
    """The grader itself could not finish (the child process could not start, ...)."""
