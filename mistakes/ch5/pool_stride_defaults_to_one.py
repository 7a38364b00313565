"""A pooling layer without a stride slides one pixel at a time (Keras's default is pool_size)."""

MODULE = "ch5.shapes"
LOSES = ["ch5.pool_output_size"]


def pool_output_size(n, pool_size, stride=None, padding="valid"):
    return conv_output_size(n, pool_size, 1 if stride is None else stride, padding)
