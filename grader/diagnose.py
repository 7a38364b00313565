"""What a crash of the student's code means: exception family → cause and hint (trusted side).

The worker reports a submission's exception as plain text (type, message, and where: the
deepest frame in the submission's own files and that line's source, see
``grader.worker.serve.describe_error``). A raw TensorFlow error is hard to read, and the hint a
check attaches is written for a wrong *value*, so a crash gets its hint from here instead: one
row per family of failure (dtype, shape, file path, names, ...), the first row that matches
wins. Rows read the message only, never the type alone, where a library raises one type for
many causes (TensorFlow's InvalidArgumentError is both a dtype and a shape error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from grader.i18n import N_, _

_TYPE_FIX = N_(
    "cast one input to the other's dtype before they meet: tf.cast(y_pred, y_true.dtype)"
    " (NumPy arrays default to float64, TensorFlow to float32)"
)
_INT_FIX = N_(
    "tf.argmax gives int64 while labels are often int32: tf.cast one to the other's dtype"
)
_SHAPE = N_("print x.shape at that line and compare with the docstring's shapes")
_MATMUL = N_("(a, n) @ (n, b): the first's last axis must equal the second's first (transpose?)")
_SIGNATURE = N_(
    "keep the stub's signature exactly (parameter names, order, defaults): the grader calls it"
    " as the docstring shows; if the call is your own, pass what that function takes"
)
_IMPORTS = N_(
    "import what the course uses: import tensorflow as tf (tf.keras.layers...), or import keras"
    " (Keras 3: old paths such as keras.layers.core are gone), numpy, PIL"
)
_FILE = N_(
    "print the path you open: join folder and name with os.path.join(folder, name) or"
    " pathlib.Path(folder) / name (a bare + needs the folder to end in '/'); a file your code"
    " writes later (a cache) may not exist yet: test os.path.exists(path) first"
)
_INPUT = N_(
    "give the model the shape of one sample (input_shape=, keras.Input(shape=...), no batch"
    " axis) and Flatten() images before a Dense layer"
)
_LABELS = N_(
    "class numbers (0..9) go with SparseCategoricalCrossentropy / sparse_categorical_accuracy;"
    " one-hot rows with CategoricalCrossentropy"
)
_NONE = N_(
    "a function (perhaps your own helper) ends without `return`, or you kept the result of an"
    " in-place method such as list.sort() or list.append(), which return None"
)


@dataclass(frozen=True)
class Row:
    """One family: the exception types it covers (empty: any) and a message pattern; the
    cause may quote the pattern's groups as {0}, {1} ..."""

    family: str
    pattern: str
    cause: str
    hint: str
    types: tuple[str, ...] = ()
    show_raw: bool = True  # False: the cause already says all the raw message does


# TensorFlow spells dtypes the C way in its messages ("double", "half").
_TF_DTYPES = {"double": "float64", "float": "float32", "half": "float16", "bfloat16": "bfloat16"}

ROWS: tuple[Row, ...] = (
    # dtype: TensorFlow never converts between dtypes; NumPy refuses unsafe in-place casts
    Row("dtype", r"was expected to be a (\w+) tensor but is a (\w+) tensor",
        N_(
"two dtypes met in one TensorFlow operation{op}: expected {0} (the first input's),"
        " received {1}"
), _TYPE_FIX),
    Row("dtype", r"has type (\w+) that does not match type (\w+)",
        N_("two dtypes met in one TensorFlow operation{op}: expected {1}, received {0}"),
        _TYPE_FIX),
    Row("dtype", r"Tensor conversion requested dtype (\w+) for Tensor with dtype (\w+)",
        N_("a {1} tensor was used where {0} is required"), _TYPE_FIX),
    Row("dtype", r"Cannot convert (.{1,40}?) to EagerTensor of dtype (\w+)",
        N_("the value {0} cannot become a {1} tensor"), _TYPE_FIX),
    Row("dtype", r"Cannot cast ufunc '(\w+)' output from dtype\('(\w+)'\) to dtype\('(\w+)'\)",
        N_("NumPy cannot store the {1} result of {0} in a {2} array (an in-place += on integers?)"),
        N_("make the array float first (x = x.astype(np.float64)), or write y = x + ... not x +="
           " ...")),
    Row("dtype", r"ufunc '(\w+)' did not contain a loop with signature matching types",
        N_("NumPy's {0} got values it cannot combine (text, None or objects among numbers)"),
        N_("convert the inputs to numbers first: np.asarray(x, dtype=np.float64)")),
    Row("dtype", r"must have the same dtype", N_("two dtypes met in one operation"), _TYPE_FIX),
    # int/float: Python wants whole numbers for sizes, counts and indices
    Row("int/float", r"'float' object cannot be interpreted as an integer|slice indices must be"
        r" integers|only integers, slices|arrays used as indices must be of integer",
        N_("a float was used where a whole number is needed (a size, range(), an index)"),
        N_("use // for integer division or int(...): range(n // 2), x[int(i)], idx.astype(int)")),
    # shape: broadcasting, matmul, reshape, Keras layers and losses
    Row("shape",
        r"Input (\d+)(?: with name '[^']*')? of layer [\"']?([\w.-]+)[\"']? is incompatible with"
        r" the layer: ([^\n]{1,160})",
        N_("the data's shape does not fit layer {1}: {2}"), _INPUT),
    Row("shape", r"Expected shape (\([^)]*\)), but input has incompatible shape (\([^)]*\))",
        N_("the data's shape {1} does not fit the model's input {0}"), _INPUT),
    Row("shape", r"Shapes \(([^)]*)\) and \(([^)]*)\) are incompatible",
        N_("the labels' and the predictions' shapes differ: ({0}) vs ({1})"), _LABELS),
    Row("shape", r"must have the same shape\. Received: target\.shape=(\([^)]*\)), output\.shape="
        r"(\([^)]*\))", N_("the labels' shape {0} differs from the predictions' {1}"), _LABELS),
    Row("shape",
        r"Received a label value of (-?\d+) which is outside the valid range of \[0, (\d+)\)",
        N_("label {0} is not a class of a model with {1} outputs"),
        N_("the last Dense layer needs one unit per class; labels run 0 .. classes - 1")),
    Row("shape",
        r"operands could not be broadcast together with (?:remapped )?shapes ([^\n]{1,80})",
        N_("NumPy cannot broadcast these shapes together: {0}"),
        N_("print x.shape at that line and compare with the docstring's shapes; broadcasting"
           " pairs axes from the right (x[:, None] or keepdims=True help)")),
    Row("shape", r"Incompatible shapes: (\[[^\]]*\]) vs\. (\[[^\]]*\])",
        N_("TensorFlow cannot broadcast shapes {0} and {1} together"),
        N_("print x.shape at that line and compare with the docstring's shapes; broadcasting"
           " pairs axes from the right (keepdims=True in a reduction helps)")),
    Row("shape", r"Matrix size-incompatible: (In\[0\]: \[[^\]]*\]), (In\[1\]: \[[^\]]*\])",
        N_("matmul's inner sizes differ: {0}, {1}"), _MATMUL),
    Row("shape", r"shapes (\([^)]*\)) and (\([^)]*\)) not aligned",
        N_("the inner sizes of a matrix product differ: {0} and {1}"), _MATMUL),
    Row("shape", r"matmul: Input operand 1 has a mismatch in its core dimension",
        N_("the inner sizes of a matrix product (@) differ"), _MATMUL),
    Row("shape", r"cannot reshape array of size (\d+) into shape ([^\n]{1,60})|Input to reshape is"
        r" a tensor with (\d+) values, but the requested shape has (\d+)",
        N_("the values cannot be rearranged into the new shape (sizes differ)"),
        N_("the new shape must hold exactly x.size values: let one axis be -1, x.reshape(len(x),"
           " -1)")),
    Row("shape", r"Dimensions must be equal, but are (\d+) and (\d+)",
        N_("two axes that must match have sizes {0} and {1}"), _SHAPE),
    Row("index", r"indices\[[^\]]*\] = (-?\d+) is not in \[0, (\d+)\)",
        N_("index {0} is outside [0, {1}) (a gather or an Embedding)"),
        N_("an Embedding's input_dim must exceed the largest index it is given")),
    # files: the course joins folder + name with "+", which needs the folder's trailing "/"
    Row("file", r"No such file or directory: '([^'\n]{1,200})'|Open: ([^\n]{1,200}?) : No such",
        N_("opened a file that does not exist: {0}"), _FILE,
        ("FileNotFoundError", "NotFoundError", "OSError"), show_raw=False),
    Row("file", r"", N_("opened a file that does not exist"), _FILE, ("FileNotFoundError",)),
    Row("file", r"", N_("opened a folder as if it were a file"),
        N_("join the file's name onto the folder: os.path.join(folder, name)"),
        ("IsADirectoryError",)),
    Row("file", r"", N_("wrote where the grader does not allow it"),
        N_(
"write only to the paths the function is given (e.g. the cache files), never beside your"
        " code or in your home folder"
), ("PermissionError",)),
    # names: missing imports, typos, Keras 2 paths on Keras 3
    Row("name", r"name '(np|tf|keras|layers|plt|os|math|Path|Image|random)' is not defined",
        N_("uses `{0}`, which this file never imports"),
        N_("add the import at the top of the file: import numpy as np, import tensorflow as tf,"
           " ..."),
        ("NameError",)),
    Row("name", r"name '(\w+)' is not defined", N_("uses `{0}`, which is not defined here"),
        N_("a typo, or a variable made in another function (or only inside one if-branch)"),
        ("NameError", "UnboundLocalError")),
    Row("name", r"'(numpy\.ndarray)' object has no attribute 'numpy'",
        N_("called .numpy() on a NumPy array"),
        N_(".numpy() is for tensors; np.asarray(x) works on both")),
    Row("none", r"'NoneType' object|for [^:]{1,3}: 'NoneType'|NoneType' and",
        N_("a value is None where a number or an array was needed"), _NONE),
    Row("name", r"'(\w*Tensor)' object has no attribute '(\w+)'",
        N_("a tensor has no method `{1}` (that is NumPy's)"),
        N_("use TensorFlow's function (tf.reshape(x, shape), tf.cast(x, dtype)) or x.numpy()"
           " first")),
    Row("name", r"module '([\w.]+)' has no attribute '(\w+)'", N_("`{0}` has no `{1}`"),
        N_("check the spelling and where it lives (tf.nn.softmax, tf.math.log,"
           " tf.keras.layers.Dense); import what the course uses: import tensorflow as tf"
           " (tf.keras.layers...), or import keras (Keras 3: old paths such as keras.layers.core"
           " are gone), numpy, PIL")),
    Row("name", r"has no attribute '(\w+)'", N_("uses an attribute `{0}` that this object lacks"),
        N_("a typo, or the value is another type than you think: print(type(x))"),
        ("AttributeError",)),
    Row("import", r"No module named '([\w.]+)'", N_("imports `{0}`, which the grader does not"
                                                    " have"),
        _IMPORTS),
    Row("import", r"cannot import name '(\w+)' from '([\w.]+)'", N_("`{1}` has no `{0}` to import"),
        _IMPORTS),
    # calls with the wrong arguments
    Row("arguments", r"(\w+)\(\) takes (.{1,40}?) but (\d+) (?:was|were) given",
        N_("{0}() was called with {2} positional argument(s); it takes {1}"), _SIGNATURE),
    Row("arguments", r"(\w+)\(\) missing (\d+) required (?:positional |keyword-only )?argument",
        N_("{0}() was called with {1} argument(s) too few"), _SIGNATURE),
    Row("arguments", r"(\w+)\(\) got an unexpected keyword argument '(\w+)'",
        N_("{0}() has no parameter `{1}`"), _SIGNATURE),
    Row("index", r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)",
        N_("index {0} is past the end of axis {1} (size {2})"),
        N_("indices run 0 .. size - 1: loop over range(len(x)); x[-1] is the last")),
    Row("index", r"", N_("an index past the end of a list, tuple or array"),
        N_("indices run 0 .. len(x) - 1: loop over range(len(x)); x[-1] is the last"),
        ("IndexError",)),
    Row("zero", r"", N_("divided by zero"),
        N_(
"a count or total can be 0 here (an empty list, n - 1 with one item): guard it, or divide"
        " arrays with NumPy/TensorFlow, which give inf/nan instead"
), ("ZeroDivisionError",)),
    Row("memory", r"", N_(
"ran out of memory: the computation is too large for the grader's memory"
        " limit"
), N_(
"avoid giant intermediate arrays (all pairs, np.ones(10**10)); work on the"
        " arrays you are given"
), ("MemoryError",)),
    Row("memory", r"\bOOM\b", N_(
"ran out of memory: the computation is too large for the grader's"
        " memory limit"
), N_("use a smaller batch or model"), ("ResourceExhaustedError",)),
    Row("recursion", r"", N_("recursed too deeply (a function that calls itself without end?)"),
        N_(
"a function that calls itself needs a base case; a function named like a library"
        " function that calls that name calls itself"
), ("RecursionError",)),
    Row("unfinished", r"", N_("calls a function that is still the stub (raises"
                              " NotImplementedError)"),
        N_("finish that function first, or compute without it"), ("NotImplementedError",)),
    Row("exit", r"", N_("called sys.exit(): a graded function must return its result"),
        N_("remove sys.exit() / exit() / quit() and return the result"), ("SystemExit",)),
    Row("unsendable", r"(.+)", N_("returned something that cannot be graded: {0}"),
        N_("return arrays, tensors, numbers, strings, or lists/dicts of them"), ("WireError",)),
)  # fmt: skip

FALLBACK_HINT = N_(
    "read the error and the line it points at, then call the function yourself on the input"
    " shown to reproduce it"
)


@dataclass(frozen=True)
class Diagnosis:
    family: str
    cause: str
    hint: str
    span: tuple[int, int] = (0, 0)  # where in the message the row matched
    show_raw: bool = True


def diagnose(kind: str, text: str) -> Diagnosis:
    """The first row that fits the exception's type name and message; else the raw error."""
    for row in ROWS:
        if row.types and kind not in row.types:
            continue
        found = re.search(row.pattern, text)
        if found is None:
            continue
        groups = [_short(_dtype(g)) for g in found.groups() if g is not None]
        op = re.search(r"\[Op:(\w+)\]|of '(\w+)' Op", text)
        op_name = f" ({op.group(1) or op.group(2)})" if op else ""
        try:
            cause = _(row.cause).format(*groups, op=op_name)
        except (IndexError, KeyError, ValueError):  # a pattern's alternative with fewer groups
            cause = re.sub(r"\{[^}]*\}", "?", _(row.cause))
        hint = _INT_FIX if row.hint == _TYPE_FIX and _both_ints(groups) else row.hint
        return Diagnosis(row.family, cause, _(hint), found.span(), row.show_raw)
    return Diagnosis("other", text[:300], _(FALLBACK_HINT))


def _dtype(name: str) -> str:
    return _TF_DTYPES.get(name, name)


def _short(text: str) -> str:
    """A long path as its last two parts: the sandbox's folders say nothing to a student,
    the file's name (glued to its folder's?) does."""
    parts = text.replace("\\", "/").split("/")
    return ".../" + "/".join(parts[-2:]) if len(parts) > 3 else text


def _both_ints(groups: list[str]) -> bool:
    return len(groups) >= 2 and all(re.fullmatch(r"u?int\d+", g) for g in groups[:2])


def _clean(text: str, limit: int) -> str:
    """Untrusted text (it came from the worker) as printable, bounded lines."""
    text = re.sub(r"\x1b\[[0-9;]*m|\{\{[^{}]{0,300}\}\}", "", text)  # Keras colours, TF nodes
    text = "".join(c if c.isprintable() or c == "\n" else " " for c in text)
    return text[:limit]


def explain(info: dict[str, Any], doing: str = "") -> tuple[str, str]:
    """(message, hint) for a student's exception as the worker described it.

    The message: what was raised and its cause, then where in the student's file (file:line,
    function, the line's text), then the raw error abridged when the cause reworded it."""
    kind = _clean(str(info.get("type", "")), 80) or _("an exception")
    raw = " ".join(_clean(str(info.get("message", "")), 2000).split())
    where = [w.strip() for w in _clean(str(info.get("where", "")), 600).split("\n") if w.strip()]
    found = diagnose(kind, raw)
    head = _("{doing} raised").format(doing=doing) if doing else _("raised")
    lines = [f"{head} {kind}: {found.cause}"]
    if where:
        at = _("at {where}").format(where=where[0])
        lines.append("  " + at + (f": {where[1][:200]}" if len(where) > 1 else ""))
    if found.family != "other" and found.show_raw and raw:  # the raw error, from near the match
        start = max(0, found.span[0] - 60)
        lines.append(f"  {kind}: {'...' if start else ''}{raw[start : start + 300]}")
    return "\n".join(lines), found.hint
