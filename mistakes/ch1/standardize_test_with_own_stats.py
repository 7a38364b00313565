"""The test set standardised with its own mean and std instead of the training set's."""

import numpy as np

MODULE = "ch1.numpy_basics"
LOSES = ["ch1.standardize"]


def standardize(train, test):
    train, test = np.asarray(train, float), np.asarray(test, float)
    return (train - train.mean(0)) / train.std(0), (test - test.mean(0)) / test.std(0)
