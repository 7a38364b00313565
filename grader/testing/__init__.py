"""The check library: what a hidden check is written with.

- ``api``: ``exercise``, ``time_limit``, ``expect`` and ``CheckFailure``, ``unpack``;
- ``compare``: ``expect_close`` and ``same_as_reference`` (strict conversion, tolerances that
  follow the dtypes, the caller's arguments checked unchanged, known conventions named);
- ``show``: how inputs and results are printed on the scorecard (the feedback rules);
- ``strategies``: Hypothesis strategies for arrays, NHWC images and kernels, sequences and the
  dtypes, and the boundary examples;
- ``oracle`` / ``oracle_rnn``: the student's layer against the Keras layer with the same
  weights copied in (conv, pooling, batch norm; SimpleRNN, LSTM, GRU);
- ``models``: the student's Keras model through the worker (describe, call, weights);
- ``train``: the training check (classification accuracy, regression errors, the naive
  forecast) behind ``TrainingCheck`` declarations.

The checks themselves live beside the chapters in ``grader/checks/<chapter>/``.
"""
