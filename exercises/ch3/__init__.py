"""Chapter 3: the Keras six steps (import, data, model, compile, fit, summary)."""
