"""中文 / English: the catalogues, the language choice, the scorecard in both languages and on a
GBK console, the glossary, and `coursekit --lang` end to end."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from test_scorecard import _report

from grader import i18n
from grader.scorecard import Scorecard
from grader.study.hints import hint_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCALE = i18n.LOCALE_DIR
HAN = re.compile(r"[\u4e00-\u9fff]")
FIELDS = re.compile(r"\{[^{}]*\}")
CODE = re.compile(r"`[^`]*`|[\w.]+\([^()]*\)|\{[^{}]*\}")  # code and fields stay English


def _po(lang: str):
    from babel.messages.pofile import read_po

    with open(LOCALE / lang / "LC_MESSAGES" / "coursekit.po", "rb") as f:
        return read_po(f, locale=lang)


def _render(lang: str, width: int = 100) -> str:
    buf = StringIO()
    with i18n.using(lang):
        Console(file=buf, width=width, color_system=None).print(Scorecard(_report()))
    return buf.getvalue()


def test_scorecard_in_chinese_and_in_english():
    zh, en = _render("zh"), _render("en")
    for word in ("练习", "状态", "未通过", "未完成", "总计", "提示", "实际"):
        assert word in zh
    assert not HAN.search(en)
    assert "✘ failed" in en and "exercise" in en
    assert "ch2.softmax" in zh and "1/2" in zh  # ids and numbers stay as they are


@pytest.mark.parametrize("encoding", ["gbk", "cp936", "utf-8"])
def test_chinese_scorecard_on_gbk_and_utf8_consoles(encoding):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding)  # errors="strict": any gap would raise
    with i18n.using("zh"):
        Console(file=stream, width=100, color_system=None).print(Scorecard(_report()))
    stream.flush()
    text = raw.getvalue().decode(encoding)
    assert "未通过" in text and "ch2.softmax" in text
    if encoding != "utf-8":
        assert "✘" not in text and "×" in text  # the look-alike the encoding has


def test_every_msgid_has_a_translation_in_both_catalogues():
    pytest.importorskip("babel")
    from babel.messages.pofile import read_po

    with open(LOCALE / "coursekit.pot", "rb") as f:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert len(ids) > 300
    for lang in ("zh", "en"):
        found = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in _po(lang) if m.id}
        assert ids == set(found), lang  # none missing, none left over
        empty = [k for k, v in found.items() if not (v if isinstance(v, str) else all(v))]
        assert not empty, (lang, empty[:5])


def test_translations_keep_the_fields_and_use_chinese():
    pytest.importorskip("babel")
    for m in _po("zh"):
        if not m.id:
            continue
        source = m.id if isinstance(m.id, str) else m.id[0]
        for text in [m.string] if isinstance(m.string, str) else m.string:
            assert sorted(FIELDS.findall(text)) == sorted(FIELDS.findall(source)), source


def test_the_mo_files_are_a_fresh_compile_of_the_po_files():
    pytest.importorskip("babel")
    from babel.messages.mofile import write_mo

    for lang in ("en", "zh"):
        fresh = io.BytesIO()
        write_mo(fresh, _po(lang))
        committed = (LOCALE / lang / "LC_MESSAGES" / "coursekit.mo").read_bytes()
        assert fresh.getvalue() == committed, f"run pybabel compile for {lang}"


def test_glossary_terms_follow_the_course():
    pytest.importorskip("babel")
    terms = tomllib.loads((LOCALE / "glossary.toml").read_text(encoding="utf-8"))["terms"]
    assert terms["loss function"] == "损失函数" and terms["one-hot"] == "独热码"
    checked = 0
    for m in _po("zh"):
        if not m.id:
            continue
        source = CODE.sub(" ", m.id if isinstance(m.id, str) else m.id[0]).lower()
        text = m.string if isinstance(m.string, str) else m.string[0]
        for english, chinese in sorted(terms.items(), key=lambda t: -len(t[0])):
            if re.search(rf"(?<![\w.]){re.escape(english)}(?:s|es)?(?![\w])", source):
                assert chinese in text, (m.id, english, chinese, text)
                checked += 1
    assert checked > 20


def test_registry_titles_are_extracted_and_translated():
    pytest.importorskip("babel")
    from babel.messages.pofile import read_po

    from grader import chapters as registry

    titles = registry.titles()
    with open(registry.__file__, "rb") as f:  # babel.cfg's extractor finds every title
        assert {m for _, _, m, _ in i18n.extract_titles(f, (), (), {})} == titles
    with open(LOCALE / "coursekit.pot", "rb") as f:
        ids = {m.id for m in read_po(f) if m.id}
    assert titles <= ids, sorted(titles - ids)[:5]  # run pybabel extract
    zh = {m.id: m.string for m in _po("zh") if m.id}
    prose = [t for t in titles if re.search(r"[a-z]{3,} [a-z]", t)]  # not "VGG16", "MSE, ..."
    assert len(prose) > 80 and all(HAN.search(zh[t]) for t in prose)
    with i18n.using("zh"):
        assert registry.title("Mean squared error") == "均方误差"
        assert registry.title("passed") == "passed"  # a message that is no title stays as it is
    assert registry.title("Mean squared error") == "Mean squared error"


def test_titles_follow_the_language_on_screen():
    from conftest import run_cli

    english = run_cli("list").output
    assert "Mean squared error" in english and not HAN.search(english)
    with i18n.using("zh"):
        chinese = run_cli("list").output
    assert "均方误差" in chinese and "ch2.mse" in chinese
    assert "Mean squared error" not in chinese
    zh, en = _render("zh"), _render("en")
    assert "Adam 单步更新" in zh and "Adam step" in en and "Adam step" not in zh


def test_language_choice(monkeypatch):
    assert i18n.from_argv(["coursekit", "--lang", "zh", "grade"]) == "zh"
    assert i18n.from_argv(["coursekit", "--lang=en"]) == "en"
    assert i18n.from_argv(["coursekit", "--", "--lang", "zh"]) is None
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("COURSEKIT_LANG")
    assert i18n.detect([]) == "zh"  # the system locale
    monkeypatch.setenv("COURSEKIT_LANG", "en")
    assert i18n.detect([]) == "en"  # the setting beats the locale
    assert i18n.detect(["coursekit", "--lang", "zh"]) == "zh"  # the option beats both
    monkeypatch.setenv("COURSEKIT_LANG", "xx")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.detect([]) == "en"  # unknown: English
    assert i18n.normalize("Chinese (Simplified)_China") == "zh"  # Windows' locale name


def test_a_broken_catalogue_means_english(monkeypatch, tmp_path):
    broken = tmp_path / "zh" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / "coursekit.mo").write_bytes(b"\x00garbage, not a catalogue")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with i18n.using("zh"):
        assert i18n._("passed") == "passed"
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "nowhere")
    with i18n.using("zh"):
        assert i18n._("passed") == "passed"
    with i18n.using("zh"):
        assert i18n._("passed") == "passed"  # the patched folder is gone: still English


def test_using_restores_language_and_environment():
    before = os.environ.get("COURSEKIT_LANG")
    with i18n.using("zh"):
        assert i18n.language() == "zh" and os.environ["COURSEKIT_LANG"] == "zh"
        assert i18n._("passed") == "通过"
    assert os.environ.get("COURSEKIT_LANG") == before
    assert i18n._("passed") == "passed"


def test_hints_follow_the_language():
    english = hint_for("ch2.softmax", 2)
    assert english and not HAN.search(english)
    with i18n.using("zh"):
        chinese = hint_for("ch2.softmax", 2)
    assert chinese and HAN.search(chinese)


def test_unknown_lang_is_a_usage_error():
    from conftest import run_cli

    result = run_cli("--lang", "xx", "list")
    assert result.exit_code == 2
    assert "choose en or zh" in result.output


def _coursekit(*args: str, **env: str) -> tuple[int, str, str]:
    environ = {**os.environ, "COLUMNS": "100", **env}
    exe = Path(sys.executable).with_name("coursekit")
    done = subprocess.run([str(exe), *args], capture_output=True, env=environ, timeout=300)
    # the CLI writes UTF-8 whatever PYTHONIOENCODING says (grader.cli._console)
    out, err = (b.decode("utf-8", errors="replace") for b in (done.stdout, done.stderr))
    return done.returncode, out, err


def test_help_in_chinese_from_the_raw_arguments():
    code, out, err = _coursekit("--lang", "zh", "grade", "--help")
    assert code == 0, err
    assert "评测一章并打印成绩单" in out
    assert "评测一章" not in _coursekit("grade", "--help")[1]


def test_grade_prints_chinese_headings_on_a_gbk_console():
    code, out, err = _coursekit(
        "--lang", "zh", "grade", "ch2", "--solutions", "--only", "softmax",
        PYTHONIOENCODING="gbk", COURSEKIT_NO_HISTORY="1",
    )  # fmt: skip
    assert code == 0, err[-2000:]
    assert "练习" in out and "状态" in out and "通过" in out and "总计" in out


def test_typers_own_words_follow_the_language():
    """Typer's panel titles, its usage line and click's usage errors: Chinese with --lang zh,
    English otherwise (the kit's own help texts are tested above)."""
    code, out, err = _coursekit("--lang", "zh", "grade", "--help")
    assert code == 0, err
    for words in ("用法：coursekit grade", "参数", "选项", "[必填]", "显示此帮助并退出"):
        assert words in out, (words, out)
    assert "Usage:" not in out and "Options" not in out
    code, out, err = _coursekit("--lang", "zh", "grade", "ch2", "--bogus")
    assert code == 2 and "没有这个选项：--bogus" in err and "错误" in err, err
    code, out, err = _coursekit("grade", "ch2", "--bogus")
    assert code == 2 and "No such option: --bogus" in err and "Error" in err, err


def test_clicks_sentences_are_matched_whole():
    from grader import cli_words

    with i18n.using("zh"):
        assert cli_words.sentence("Missing argument 'CHAPTER'.") == "缺少参数 'CHAPTER'。"
        assert cli_words.sentence("Usage: coursekit grade [OPTIONS]") == (
            "用法：coursekit grade [OPTIONS]"
        )
        unknown = "Something click says that the table does not know."
        assert cli_words.sentence(unknown) == unknown  # English, never broken
    assert cli_words.sentence("Missing argument 'CHAPTER'.") == "Missing argument 'CHAPTER'."


def test_the_verdicts_do_not_depend_on_the_language(submission, tmp_path):
    """One submission with four catalogued mistakes, graded in English and in Chinese: the same
    statuses and points for every check; only the words differ."""
    import json

    from conftest import run_cli
    from grader.paths import MISTAKES_DIR

    target = submission()
    for name in ("mse_sum_not_mean", "adam_no_bias_correction", "relu_grad_one_at_zero",
                 "softmax_ce_max_of_whole_batch"):  # fmt: skip
        mistake = (MISTAKES_DIR / "ch2" / f"{name}.py").read_text(encoding="utf-8")
        module = re.search(r'^MODULE = "([\w.]+)"', mistake, re.M)
        assert module, name
        path = target.joinpath(*module.group(1).split(".")).with_suffix(".py")
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + mistake, encoding="utf-8")
    verdicts, words = {}, {}
    for lang in ("en", "zh"):
        out = tmp_path / f"{lang}.json"
        with i18n.using(lang):
            result = run_cli("grade", "ch2", "--target", str(target), "--json", str(out))
        assert result.exit_code == 0, result.output
        exercises = json.loads(out.read_text(encoding="utf-8"))["exercises"]
        verdicts[lang] = [
            (e["id"], e["status"], e["earned"], [(c["name"], c["status"]) for c in e["checks"]])
            for e in exercises
        ]
        words[lang] = " ".join(c["message"] or "" for e in exercises for c in e["checks"])
    assert verdicts["en"] == verdicts["zh"]
    failed = [v for v in verdicts["en"] if v[1] == "failed"]
    assert len(failed) >= 4, verdicts["en"]
    assert HAN.search(words["zh"]) and not HAN.search(words["en"])
