"""The worker's and the training tier's words in Chinese: the worker's cell has no catalogue, so
its own messages arrive in English and the checker translates them (``client.translated``);
the hardware line, the profile's reason and the plots follow the language, and a plot stays
English where no font can draw Chinese."""

from __future__ import annotations

import re

from grader import i18n, plotlang
from grader.scorecard import describe_hardware
from grader.training import choose_profile
from grader.worker import client, objects, serve, wire
from grader.worker.client import LocalWorker, translated

HAN = re.compile(r"[\u4e00-\u9fff]")

SUBMISSION = """
def int_keys(x):
    return {1: 2}

def broken(x):
    raise ValueError("my own words")
"""


def test_every_worker_message_comes_back_translated():
    fields = re.compile(r"\{(\w+)\}")
    messages = [*wire.MESSAGES.values(), *objects.MESSAGES.values(), *serve.MESSAGES.values()]
    for message in messages:
        english = message.format(**{f: f"<{f}>" for f in fields.findall(message)})
        assert translated(english) == english  # English: as it is
        with i18n.using("zh"):
            chinese = translated(english)
        assert HAN.search(chinese), message
        for field in fields.findall(message):
            assert f"<{field}>" in chinese, (message, chinese)  # the fields kept
    with i18n.using("zh"):
        assert translated("my own words") == "my own words"  # a submission's text: as it is
        assert translated("a NumPy str_ cannot be graded") == "NumPy str_ 无法评测"


def test_a_reply_the_worker_refused_reads_in_chinese(tmp_path):
    (tmp_path / "mod.py").write_text(SUBMISSION)
    worker = LocalWorker(tmp_path, "_ck_i18n_target")
    with i18n.using("zh"):
        reply = worker.request({"op": "call", "module": "mod", "function": "int_keys", "args": [1]})
        own = worker.request({"op": "call", "module": "mod", "function": "broken", "args": [1]})
    assert reply["error"]["type"] == "WireError"
    assert reply["error"]["message"] == "类型为 int 的字典键无法评测"
    assert own["error"]["message"] == "my own words"
    english = worker.request({"op": "call", "module": "mod", "function": "int_keys", "args": [1]})
    assert english["error"]["message"] == "a dict key of type int cannot be graded"
    with i18n.using("zh"):
        gone = client._death(None, wire.WireError(wire.MESSAGES["not_message"]))
    assert gone == "工作进程发来的不是有效的回复（一帧数据不是消息）"


def test_hardware_and_profile_follow_the_language():
    machine = {"cpu_cores": 2, "gpus": []}
    assert describe_hardware(machine) == "2 CPU cores, no GPU"
    assert choose_profile(None, [], {"mnist": True})[1].startswith("full datasets cached")
    with i18n.using("zh"):
        assert describe_hardware(machine) == "2 个 CPU 核心，没有 GPU"
        _profile, why = choose_profile(None, [], {"mnist": False})
    assert "coursekit data fetch mnist" in why and HAN.search(why)


def test_plots_speak_chinese_only_with_a_font_for_it(monkeypatch):
    found = plotlang.cjk_font()  # this machine's, if any: never raises
    assert found is None or found in plotlang.CJK_FONTS
    assert plotlang.labels()("epoch") == "epoch"  # English: always
    monkeypatch.setattr(plotlang, "cjk_font", lambda: None)
    with i18n.using("zh"):
        assert plotlang.labels()("test accuracy") == "test accuracy"  # no font: English
    import matplotlib

    saved = list(matplotlib.rcParams["font.sans-serif"])
    monkeypatch.setattr(plotlang, "cjk_font", lambda: "Noto Sans CJK SC")
    try:
        with i18n.using("zh"):
            assert plotlang.labels()("test accuracy") == "测试准确率"
        assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    finally:
        matplotlib.rcParams["font.sans-serif"] = saved


def test_a_double_softmax_is_named_in_both_languages():
    import keras
    import numpy as np
    import pytest

    from grader.testing.proof import ProofFailure, prove_model

    def build(twice: bool):
        layers = [keras.Input((4,)), keras.layers.Dense(3, activation="softmax")]
        return keras.Sequential(layers + ([keras.layers.Softmax()] if twice else []))

    probe = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    for lang in ("en", "zh"):
        with i18n.using(lang), pytest.raises(ProofFailure) as failed:
            prove_model(build(True), build(False), probe, what="build()")
        assert failed.value.cause == "softmax twice"  # what a check may test, in any language
    assert "softmax" in str(failed.value) and HAN.search(str(failed.value))


def test_a_long_made_up_text_is_not_matched():
    """A submission can raise with any text: one longer than any message of the worker's own
    is left as it is, so no pattern can be made to backtrack on it."""
    from grader.worker.client import TRANSLATED_CHARS, translated

    text = "a NumPy " + "x" * TRANSLATED_CHARS + " cannot be graded"
    with i18n.using("zh"):
        assert translated(text) == text
        assert translated("a NumPy float16 cannot be graded") != "a NumPy float16 cannot be graded"
