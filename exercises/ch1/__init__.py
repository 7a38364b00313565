"""Chapter 1: tensors, and the first networks written by hand with GradientTape."""
