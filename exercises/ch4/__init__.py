"""Chapter 4: the six steps extended (own dataset, augmentation, checkpoints, parameters,
curves, a predict app)."""
