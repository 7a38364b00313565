"""The abcde samples go round after 5 letters, the course's vocabulary, not after
len(vocabulary)."""

import numpy as np

MODULE = "ch6.letters"
LOSES = ["ch6.encodings"]


def next_letter_data(steps, vocabulary=VOCABULARY):
    n = len(vocabulary)
    x = (np.arange(n)[:, None] + np.arange(steps)[None, :]) % 5
    return x.astype(np.int64), ((np.arange(n) + steps) % 5).astype(np.int64)
