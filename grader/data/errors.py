"""Errors of the data layer: each says which dataset, what was expected and what was found."""

from __future__ import annotations

from grader.errors import CourseKitError


class DataError(CourseKitError):
    """Something about a dataset went wrong (unknown name, bad manifest, unreadable file)."""


class UnknownDataset(DataError):
    """The user asked for a dataset the manifest does not list."""


class ChecksumMismatch(DataError):
    """A file or a decoded dataset does not have the sha256 the manifest pins."""


class DatasetUnavailable(DataError):
    """No source could provide the dataset; the message lists every attempt and the ways out."""
