"""What a CNN is made of, read from ``describe()``: the computing layers in order, each as a
short token ("Conv2D 6 5x5 /1", "relu", "MaxPooling2D 2x2 /2", ...).

Padding is left out on purpose: where it matters it changes an output shape or a parameter
count, which the checks compare; where it does not (a 1x1 convolution, a 2x2 pool on an even
size) a student's "valid" is as right as the course's "same".

Tokens describe behaviour, not spelling: an activation given to Conv2D/Dense and an
Activation (or ReLU) layer right after it give the same tokens; containers (Sequential,
functional or subclassed blocks), input layers and merge layers (Add, Concatenate, which a
subclass may write as tf.concat) leave no token of their own.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from grader.i18n import _
from grader.testing.api import CheckFailure

_SKIP = {"InputLayer", "Add", "Concatenate"}


def _size(value: Any) -> str:
    values = value if isinstance(value, list | tuple) else [value, value]
    return "x".join(str(v) for v in values)


def _stride(value: Any) -> str:
    values = value if isinstance(value, list | tuple) else [value, value]
    return "/" + ",".join(str(v) for v in dict.fromkeys(values))


def _layer_tokens(layer: dict[str, Any]) -> list[str]:
    kind, config = layer["kind"], layer.get("config", {})
    activation = config.get("activation")
    if kind in ("Conv2D", "Dense"):
        if kind == "Conv2D":
            head = f"Conv2D {config.get('filters')} {_size(config.get('kernel_size'))}"
            head += f" {_stride(config.get('strides'))}"
        else:
            head = f"Dense {config.get('units')}"
        head += "" if config.get("use_bias", True) else " no-bias"
        return [head] + ([] if activation in (None, "linear") else [str(activation)])
    if kind == "Activation":
        return [] if activation == "linear" else [str(activation)]
    if kind == "ReLU":
        return ["relu"]
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        return [f"{kind} {_size(config.get('pool_size'))} {_stride(config.get('strides'))}"]
    if kind == "Dropout":
        return [f"Dropout {config.get('rate')}"]
    return [] if kind in _SKIP else [kind]


def tokens(facts: dict[str, Any]) -> list[str]:
    """The computing layers of a described model (or of one layer's facts), in order."""
    out: list[str] = []
    for layer in facts.get("layers", []):
        if layer.get("layers"):  # a block: its own layers stand for it
            out += tokens(layer)
        else:
            out += _layer_tokens(layer)
    return out


def expect_same_layers(got: list[str], expected: list[str], *, what: str, ordered: bool) -> None:
    """Fail, naming the first difference, unless ``got`` has the layers of ``expected``
    (in the same order where ``ordered``; as a multiset otherwise)."""
    if ordered:
        if got == expected:
            return
        at = next(
            (i for i, (g, e) in enumerate(zip(got, expected)) if g != e),
            min(len(got), len(expected)),
        )
        raise CheckFailure(
            _("{what}: layer {at} differs from the course's architecture").format(
                what=what, at=at + 1
            ),
            expected=" -> ".join(expected[max(at - 2, 0) : at + 3]) or _("(nothing more)"),
            got=" -> ".join(got[max(at - 2, 0) : at + 3]) or _("(nothing more)"),
            hint=_("the course's order: {layers}").format(
                layers=" -> ".join(expected[:12]) + (" -> ..." if len(expected) > 12 else "")
            ),
        )
    missing, extra = Counter(expected) - Counter(got), Counter(got) - Counter(expected)
    if missing or extra:
        raise CheckFailure(
            _("{what} is not made of the course's layers").format(what=what),
            expected=_("also: {layers}").format(layers=dict(missing))
            if missing
            else _("nothing more"),
            got=_("not in the course's block: {layers}").format(layers=dict(extra))
            if extra
            else _("nothing extra"),
            hint=_("compare each branch with the course: kernel sizes, strides, padding, bias"),
        )
