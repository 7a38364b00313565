"""The self-learner's tools: history, what changed, progress, show, next, hints, watch."""
