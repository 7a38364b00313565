"""Chapter 2: activations, losses, learning rate, regularisation and optimizers."""
