"""The first model of every course: one neuron learns y = 3x + 1 from six points (chapter 3).

Keras 3 note: ``input_shape=[1]`` on a layer is gone; start the model with ``keras.Input((1,))``.
"""

import keras


def build_linear_model():
    """A compiled model of one Dense neuron, one input: y = w * x + b (2 parameters).

    Compile it with stochastic gradient descent and mean squared error:
    ``model.compile(optimizer="sgd", loss="mean_squared_error")``. The grader trains it on
    xs = [-1, 0, 1, 2, 3, 4], ys = 3 * xs + 1 for 500 epochs; ``model.predict`` of 10 must then
    land within 0.5 of 31.
    """
    # BEGIN SOLUTION
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(units=1)])
    model.compile(optimizer="sgd", loss="mean_squared_error")
    return model
    # END SOLUTION
