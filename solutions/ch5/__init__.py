"""Chapter 5: convolutional networks: sizes and costs, convolution in NumPy, a CNN from scratch,
building blocks and the course's five classic networks."""
