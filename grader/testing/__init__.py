"""The check library: what a hidden check is written with.

- ``api``: ``exercise``, ``expect``, ``expect_close``, ``time_limit``, the tolerances and
  conversions (the feedback rules live here);
- ``strategies``: Hypothesis strategies for arrays, NHWC images and kernels, sequences and the
  dtypes, and the boundary examples;
- ``oracle`` / ``oracle_rnn``: the student's layer against the Keras layer with the same
  weights copied in (conv, pooling, batch norm; SimpleRNN, LSTM, GRU);
- ``models``: the student's Keras model through the worker (describe, call, weights);
- ``train``: the training check (classification accuracy, regression errors, the naive
  forecast) behind ``TrainingCheck`` declarations.

The checks themselves live beside the chapters in ``grader/checks/<chapter>/``.
"""
