"""str(array) as the course writes it, without np.set_printoptions(threshold=np.inf): big arrays
are written with '...' and short precision, so they cannot be read back."""

import numpy as np

MODULE = "ch4.parameters"
LOSES = ["ch4.export"]


def write_parameters(params, path):
    with open(path, "w", encoding="utf-8") as f:
        for name, value in params.items():
            f.write(f"{name}\n{np.asarray(value).shape}\n{np.asarray(value)}\n")


def read_parameters(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    params, i = {}, 0
    while i + 1 < len(lines) and lines[i]:
        name, shape = lines[i], tuple(int(d) for d in lines[i + 1].strip("(),").split(",") if d)
        i += 2
        text = []
        while i < len(lines) and lines[i] and (lines[i][0] in "[ -.0123456789" or not text):
            text.append(lines[i])
            i += 1
        numbers = " ".join(text).replace("[", " ").replace("]", " ").replace("...", " ").split()
        flat = np.array([float(v) for v in numbers])
        params[name] = np.resize(flat, shape)
    return params
