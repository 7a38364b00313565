"""The hidden checks: one folder per chapter, run by the grader in a child pytest process."""
