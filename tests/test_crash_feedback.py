"""A crash of the student's code reads as its cause, the student's own line and a hint that fits
the crash (grader.diagnose), never the raw error with the check's hint for a wrong value; and
ch4's own-dataset exercise accepts the course's way (folder + name, int32 or int64 labels).

The family table is proven on real exceptions raised by a small broken package run through the
worker's own request handler (the code that runs in the sandbox); three crashes and the ch4
contract are graded end to end at the strongest sandbox level this machine has."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from grader import diagnose
from grader.checks.ch4.files import course_folder
from grader.plugin import classify
from grader.worker import cell
from grader.worker.client import StudentError
from grader.worker.proxy import _raise_for
from grader.worker.serve import Server, _where, describe_error

# one broken function per family; the line marked `# <-` is the one the student must fix
BROKEN = """
import keras
import numpy as np
import tensorflow as tf

from .helpers import load_first


def tf_dtype(y_true, y_pred):
    return tf.constant(y_true) - tf.constant(y_pred, tf.float16)  # <-

def int_dtype(logits, labels):
    return tf.equal(tf.argmax(logits, axis=1), tf.constant(labels, tf.int32))  # <-

def ufunc(x):
    counts = np.arange(3)
    counts += 0.5  # <-
    return counts

def float_size(x):
    return list(range(len(x) / 2))  # <-

def np_broadcast(x):
    return np.ones(3) + np.ones(4)  # <-

def tf_broadcast(x):
    return tf.ones([3]) + tf.ones([4])  # <-

def keras_input(x):
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(2)])
    return model(np.ones((1, 28, 28)))  # <-

def matmul(x):
    return tf.matmul(tf.ones([2, 3]), tf.ones([4, 5]))  # <-

def reshape(x):
    return np.arange(10).reshape(3, 3)  # <-

def keras_loss(x):
    return keras.losses.CategoricalCrossentropy()(np.ones((2, 1)), np.ones((2, 10)) / 10)  # <-

def glued(folder):
    with open(folder + "0_5.png", "rb") as f:  # <-
        return f.read()

def undefined(x):
    return totl + 1  # <-

def no_import(x):
    return plt.plot(x)  # <-

def tf_typo(x):
    return tf.softmax(x)  # <-

def ndarray_numpy(x):
    return np.ones(2).numpy()  # <-

def keras2_path(x):
    from keras.layers.core import Dense  # <-
    return Dense

def list_index(x):
    return [1, 2, 3][3]  # <-

def array_index(x):
    return np.ones(3)[5]  # <-

def mean_of(x):
    return sum(x) / len(x)  # <-

def huge(x):
    return np.ones(10**14)  # <-

def forever(x):
    return forever(x)  # <-

def add(a, b):
    return a + b

def wrong_call(x):
    return add(x)  # <-

def no_return(x):
    x * 2

def uses_none(x):
    return no_return(x) * 2  # <-

def cache(path):
    return load_first(path)
"""
HELPERS = """
import numpy as np


def load_first(path):
    return np.load(path)  # <-
"""

# (function, arguments, family, words of the cause)
FAMILIES = [
    ("tf_dtype", [[1.0], [1.0]], "dtype", "float32 (the first input's), received float16"),
    ("int_dtype", [[[0.1, 0.9]], [1]], "dtype", "int64 (the first input's), received int32"),
    ("ufunc", [[1.0]], "dtype", "cannot store the float64 result of add in a int64 array"),
    ("float_size", [[1.0, 2.0]], "int/float", "a float was used where a whole number is needed"),
    ("np_broadcast", [[1.0]], "shape", "cannot broadcast these shapes together: (3,) (4,)"),
    ("tf_broadcast", [[1.0]], "shape", "cannot broadcast shapes [3] and [4]"),
    ("keras_input", [[1.0]], "shape", "(1, 28, 28) does not fit the model's input (None, 784)"),
    ("matmul", [[1.0]], "shape", "matmul's inner sizes differ: In[0]: [2,3], In[1]: [4,5]"),
    ("reshape", [[1.0]], "shape", "cannot be rearranged into the new shape"),
    ("keras_loss", [[1.0]], "shape", "shape (2, 1) differs from the predictions' (2, 10)"),
    ("glued", ["{root}/images"], "file", "does not exist: .../ch9/images0_5.png"),
    ("undefined", [[1.0]], "name", "uses `totl`, which is not defined here"),
    ("no_import", [[1.0]], "name", "uses `plt`, which this file never imports"),
    ("tf_typo", [[1.0]], "name", "`tensorflow` has no `softmax`"),
    ("ndarray_numpy", [[1.0]], "name", "called .numpy() on a NumPy array"),
    ("keras2_path", [[1.0]], "import", "`keras.layers.core`, which the grader does not have"),
    ("list_index", [[1.0]], "index", "an index past the end"),
    ("array_index", [[1.0]], "index", "index 5 is past the end of axis 0 (size 3)"),
    ("mean_of", [[]], "zero", "divided by zero"),
    ("huge", [[1.0]], "memory", "ran out of memory"),
    ("forever", [[1.0]], "recursion", "recursed too deeply"),
    ("wrong_call", [[1.0]], "arguments", "add() was called with 1 argument(s) too few"),
    ("uses_none", [[1.0]], "none", "a value is None"),
]  # fmt: skip


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Server, Path]:
    root = tmp_path_factory.mktemp("submission")
    (root / "ch9").mkdir()
    (root / "ch9" / "__init__.py").write_text("", encoding="utf-8")
    (root / "ch9" / "broken.py").write_text(BROKEN, encoding="utf-8")
    (root / "ch9" / "helpers.py").write_text(HELPERS, encoding="utf-8")
    # an alias of its own: with work stealing, this module's fixture may be built twice in one
    # process, and a package alias already in sys.modules would still point at the first root
    return Server(root, alias=f"_ck_crash_feedback_{root.name.replace('-', '_')}"), root


def _marked(root: Path, file: str, function: str) -> tuple[int, str]:
    """The line number and text of the `# <-` line inside ``function`` (or the file)."""
    lines = (root / "ch9" / file).read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(f"def {function}(")), 0)
    number = next(i for i in range(start, len(lines)) if lines[i].endswith("# <-"))
    return number + 1, lines[number].strip()


def _crash(server: Server, function: str, args: list) -> dict:
    reply = server.handle(
        {"op": "call", "module": "ch9.broken", "function": function, "args": args}
    )
    assert not reply["ok"], f"{function} did not raise: {reply}"
    return reply["error"]


@pytest.mark.parametrize(
    ("function", "args", "family", "cause"), FAMILIES, ids=[f[0] for f in FAMILIES]
)
def test_each_family_names_its_cause_the_students_line_and_its_own_hint(
    broken, function, args, family, cause
):
    server, root = broken
    args = [a.format(root=root / "ch9") if isinstance(a, str) else a for a in args]
    error = _crash(server, function, args)
    found = diagnose.diagnose(error["type"], " ".join(error["message"].split()))
    assert found.family == family, (found, error)
    message, hint = diagnose.explain(error)
    assert cause in message, message
    number, text = _marked(root, "broken.py", function)
    assert f"at ch9/broken.py:{number}, in {function}: {text}" in message, message
    assert hint == found.hint and hint != diagnose.FALLBACK_HINT
    # each family's hint is its own: no other family's row gives the same one
    others = {r.hint for r in diagnose.ROWS if r.family != family}
    assert hint not in others or family in ("dtype", "shape"), (family, hint)


def test_hints_fit_the_crash():
    """Spot checks that a hint speaks to its own failure (the words a student acts on)."""
    cases = {
        ("InvalidArgumentError", "cannot compute Sub as input #1(zero-based) was expected to be a"
         " double tensor but is a float tensor [Op:Sub]"): "tf.cast",
        ("InvalidArgumentError", "cannot compute Equal as input #1(zero-based) was expected to be"
         " a int64 tensor but is a int32 tensor [Op:Equal]"): "tf.argmax gives int64",
        ("ValueError", "operands could not be broadcast together with shapes (3,) (4,)"): "shape",
        ("FileNotFoundError", "[Errno 2] No such file or directory: 'data/images0_5.png'"):
            "os.path.join",
        ("ModuleNotFoundError", "No module named 'keras.layers.core'"): "import keras",
        ("TypeError", "mse() takes 2 positional arguments but 3 were given"): "signature",
        ("ZeroDivisionError", "division by zero"): "0",
        ("NotImplementedError", "write your solution here"): "finish that function",
    }  # fmt: skip
    for (kind, text), words in cases.items():
        found = diagnose.diagnose(kind, text)
        assert words in found.hint, (kind, text, found)
        assert found.family != "other"
    assert diagnose.diagnose("KeyError", "'x'").hint == diagnose.FALLBACK_HINT


def test_where_is_the_deepest_frame_in_the_students_files(broken):
    """np.load (a library) raised inside the student's helper module: the helper's line is
    shown, not NumPy's, nor the caller's line in broken.py, nor a frame of the kit."""
    server, root = broken
    error = _crash(server, "cache", [str(root / "missing.npy")])
    number, text = _marked(root, "helpers.py", "load_first")
    assert error["where"] == f"ch9/helpers.py:{number}, in load_first\n{text}"
    message, hint = diagnose.explain(error)
    assert "opened a file that does not exist" in message and "os.path.join" in hint


def test_where_skips_library_and_standard_library_frames(tmp_path):
    try:
        Path(tmp_path / "nowhere.txt").read_text()  # raised inside pathlib (the stdlib)
    except FileNotFoundError as exc:
        assert _where(exc, tmp_path) == ""  # this test file is not under the submission
        here = _where(exc, Path(__file__).parent)
        assert here.startswith("test_crash_feedback.py:") and "read_text" in here
        assert describe_error(exc)["where"] == ""  # no folder given: no student line


def test_a_check_hint_for_a_wrong_value_never_labels_a_crash():
    info = {
        "type": "InvalidArgumentError",
        "message": "cannot compute Sub as input #1(zero-based) was expected to be a double"
        " tensor but is a half tensor [Op:Sub] name:",
        "where": "ch2/losses.py:18, in mse\nreturn tf.reduce_mean(tf.square(y_true - y_pred))",
    }
    exc = StudentError(info)
    exc.ck_hint = "mean (not sum) of (y_true - y_pred)^2 over every element"  # type: ignore[attr-defined]
    status, fields = classify(exc)
    assert status == "error"
    assert fields["hint"] == diagnose.diagnose(info["type"], info["message"]).hint
    assert "mean (not sum)" not in fields["hint"]
    assert fields["message"].splitlines()[1] == (
        "  at ch2/losses.py:18, in mse: return tf.reduce_mean(tf.square(y_true - y_pred))"
    )


def test_an_unfinished_helper_is_named_where_it_raises():
    reply = {
        "ok": False,
        "error": {
            "type": "NotImplementedError",
            "message": "write your solution here",
            "where": "ch2/losses.py:40, in softmax\nraise NotImplementedError(...)",
        },
    }
    with pytest.raises(NotImplementedError) as info:
        _raise_for(reply)
    status, fields = classify(info.value)
    assert status == "todo"
    assert "(ch2/losses.py:40, in softmax)" in fields["message"]


def test_untrusted_text_is_cleaned():
    message, _ = diagnose.explain(
        {"type": "ValueError\x1b[31m", "message": "\x1b[1mbad\x07" + "x" * 5000, "where": "a\n" * 9}
    )
    assert "\x1b" not in message and "\x07" not in message and len(message) < 1200


# --- the course's contract in ch4's own dataset -------------------------------------------


def test_course_folder_ends_in_a_separator_so_every_join_finds_the_file(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    (images / "0_5.png").write_bytes(b"png")
    folder = course_folder(images)
    assert folder.endswith("/")
    for joined in (folder + "0_5.png", os.path.join(folder, "0_5.png"), Path(folder) / "0_5.png"):
        assert Path(joined).read_bytes() == b"png"
    # the folder as a bare path, joined the course's way, glues the names: the crash says so
    try:
        open(str(images) + "0_5.png", "rb")  # noqa: SIM115
    except FileNotFoundError as exc:
        info = {"type": type(exc).__name__, "message": str(exc), "where": ""}
        message, hint = diagnose.explain(info)
        assert f"does not exist: .../{tmp_path.name}/images0_5.png" in message
        assert "end in '/'" in hint
    else:
        pytest.fail("a glued path was found")


STRONGEST = cell.available_levels()[0]

COURSE_STYLE = """
import os

import numpy as np
from PIL import Image


def generateds(path, txt):
    x, y_ = [], []
    with open(txt, "r", encoding="utf-8") as f:
        contents = f.readlines()
    for content in contents:
        value = content.split()
        if not value:
            continue
        img_path = path + value[0]
        img = np.array(Image.open(img_path).convert("L")) / 255.0
        x.append(img)
        y_.append(value[1])
    return np.array(x), np.array(y_).astype({labels})


def load_or_generate(image_dir, label_file, x_cache, y_cache):
    x = np.load(x_cache)
    y = np.load(y_cache)
    return x.reshape(len(x), 28, 28), y
"""


def _grade(target: Path, chapter: str, only: str, tmp_path: Path) -> dict:
    out = tmp_path / f"{target.name}.json"
    run_cli(
        "grade", chapter, "--target", str(target), "--only", only, "--json", str(out),
        "--sandbox", STRONGEST, "--report-dir", str(tmp_path),
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sandbox"] == STRONGEST
    return {c["name"]: (e["id"], c) for e in data["exercises"] for c in e["checks"]}


def _copy(submission, chapter: str, name: str) -> Path:
    root = submission(name)
    for other in root.iterdir():  # only the chapter graded: a smaller copy, a faster grade
        if other.is_dir() and other.name.startswith("ch") and other.name != chapter:
            shutil.rmtree(other)
    return root


def _edit(path: Path, old: str, new: str, after: str = "") -> None:
    """Replace the first ``old`` below the text ``after`` (a function's def line)."""
    source = path.read_text(encoding="utf-8")
    at = source.index(old, source.index(after))
    path.write_text(source[:at] + new + source[at + len(old) :], encoding="utf-8")


def _line_of(path: Path, text: str, after: str) -> int:
    """The 1-based number of the first line holding ``text`` below the line ``after``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(after)
    return next(i for i in range(start, len(lines)) if text in lines[i]) + 1


def test_dtype_and_shape_crashes_graded_end_to_end(submission, tmp_path):
    root = _copy(submission, "ch2", "crashes")
    losses = root / "ch2" / "losses.py"
    _edit(losses, "import tensorflow as tf\n", "import numpy as np\nimport tensorflow as tf\n")
    _edit(  # a dtype bug: y_pred cast to another float than y_true's
        losses,
        "    y_pred = tf.cast(tf.convert_to_tensor(y_pred), y_true.dtype)\n",
        "    y_pred = tf.cast(tf.convert_to_tensor(y_pred), tf.float16)\n",
        after="def mse(",
    )
    _edit(  # a shape bug: a weight vector of the wrong length
        losses,
        "def cross_entropy(y_true, probs):\n",
        "def cross_entropy(y_true, probs):\n    weights = np.ones(3) + np.ones(4)\n",
    )
    dtype_text = "return tf.reduce_mean(tf.square(y_true - y_pred))"
    dtype_line = _line_of(losses, dtype_text, "def mse(y_true, y_pred):")
    shape_line = _line_of(losses, "weights = ", "def cross_entropy(y_true, probs):")
    activations = root / "ch2" / "activations.py"  # a Keras 2 import: the whole file fails
    _edit(activations, "import tensorflow as tf\n", "from keras.layers.core import Dense\n")
    import_line = _line_of(activations, "from keras.layers.core", '"""')
    checks = _grade(root, "ch2", "mse,cross_entropy,sigmoid", tmp_path)
    sigmoid = [c for ex, c in checks.values() if ex == "ch2.sigmoid"]
    assert sigmoid and all(c["status"] == "error" for c in sigmoid), sigmoid
    for c in sigmoid:
        assert c["message"].startswith(
            "importing activations.py raised ModuleNotFoundError: imports `keras.layers.core`"
        ), c["message"]
        where = f"at ch2/activations.py:{import_line}, in <module>: from keras.layers.core import"
        assert where in c["message"]
        assert "import keras" in c["hint"], c["hint"]
    mse = [c for ex, c in checks.values() if ex == "ch2.mse"]
    assert mse and all(c["status"] == "error" for c in mse), mse
    for c in mse:
        assert "two dtypes met in one TensorFlow operation (Sub)" in c["message"]
        assert "received float16" in c["message"]
        assert f"at ch2/losses.py:{dtype_line}, in mse: {dtype_text}" in c["message"]
        assert c["hint"].startswith("cast one input to the other's dtype"), c["hint"]
    ce = [c for ex, c in checks.values() if ex == "ch2.cross_entropy"]
    assert ce and all(c["status"] == "error" for c in ce), ce
    for c in ce:
        assert "NumPy cannot broadcast these shapes together: (3,) (4,)" in c["message"]
        where = (
            f"at ch2/losses.py:{shape_line}, in cross_entropy: weights = np.ones(3) + np.ones(4)"
        )
        assert where in c["message"]
        assert "broadcasting pairs axes from the right" in c["hint"], c["hint"]


def test_course_style_dataset_passes_and_a_missing_cache_file_is_explained(submission, tmp_path):
    """The course's generateds (path + name, labels cast with astype) passes with int32 and
    int64 labels; a load_or_generate that loads the cache before it exists crashes with a
    FileNotFoundError the scorecard explains at the student's line."""
    for labels in ("np.int32", "np.int64"):
        root = _copy(submission, "ch4", f"course-{labels[3:]}")
        path = root / "ch4" / "own_dataset.py"
        path.write_text(COURSE_STYLE.format(labels=labels), encoding="utf-8")
        checks = _grade(root, "ch4", "generateds,cache", tmp_path)
        generateds = {n: c for n, (ex, c) in checks.items() if ex == "ch4.generateds"}
        assert generateds and all(c["status"] == "passed" for c in generateds.values()), generateds
    cache = [c for ex, c in checks.values() if ex == "ch4.cache"]
    number = COURSE_STYLE.splitlines().index("    x = np.load(x_cache)") + 1
    assert cache and all(c["status"] == "error" for c in cache), cache
    for c in cache:
        assert "raised FileNotFoundError: opened a file that does not exist:" in c["message"]
        assert "x_train.npy" in c["message"]
        where = f"at ch4/own_dataset.py:{number}, in load_or_generate: x = np.load(x_cache)"
        assert where in c["message"]
        assert "os.path.join" in c["hint"]


def test_float_labels_say_which_dtype_was_expected_and_received(submission, tmp_path):
    root = _copy(submission, "ch4", "float-labels")
    path = root / "ch4" / "own_dataset.py"
    path.write_text(COURSE_STYLE.format(labels="np.float64"), encoding="utf-8")
    checks = _grade(root, "ch4", "generateds", tmp_path)
    expected = "y has dtype float64; expected integer labels (int64 as in the course, or int32)"
    for name in ("test_generateds_reads_real_digits", "test_generateds_follows_the_list_order"):
        check = checks[name][1]
        assert check["status"] == "failed", check
        assert expected in check["message"], check["message"]
