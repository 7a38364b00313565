"""`coursekit report`: a results JSON made by hand plus a real matplotlib PNG in a report folder,
rendered to one page; hostile text escaped, links and fakes refused, and (where Chromium and
chromedriver are installed) the page opened in headless Chromium: the score shows and every
image decoded."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.cli import app
from grader.htmlreport.report import render, write_report

HOSTILE = "<script>alert(1)</script>\x1b[2J\x1b]0;owned\x07 \" ' onerror=alert(2)"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
GRADEBOOK = Path(__file__).parent / "fixtures" / "gradebook" / "class"


def curves_png(path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (acc, loss) = plt.subplots(1, 2, figsize=(6, 2.5))
    acc.plot([1, 2, 3], [0.5, 0.8, 0.9], marker="o", label="training accuracy")
    loss.plot([1, 2, 3], [1.2, 0.6, 0.3], marker="o", label="training loss")
    acc.legend(), loss.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=60)
    plt.close(fig)
    return path


def results(report_dir: Path, message: str = "softmax([1000, 1000]) gave nan") -> dict:
    curves = curves_png(report_dir / "ch3" / "mnist.png")
    check = {"name": "test_softmax_large_logits", "status": "failed", "message": message,
             "duration_s": 0.1, "inputs": "logits=[1000., 1000.]", "expected": "[0.5, 0.5]",
             "got": "[nan, nan]", "hint": "subtract the max first",
             "rerun": "coursekit grade ch3 --only softmax::test_softmax_large_logits"}  # fmt: skip
    trained = {"name": "test_mnist_trains", "status": "passed", "message": "",
               "metrics": {"accuracy": 0.97, "curves": str(curves.resolve())}}  # fmt: skip
    return {
        "kit_version": "0.1.0", "chapter": "ch3", "target": "exercises", "profile": "sample",
        "hardware": {"gpus": [], "cpu_cores": 2}, "sandbox": "bwrap",
        "score": {"earned": 3.0, "possible": 5.0, "percent": 60.0},
        "exercises": [
            {"id": "ch3.softmax", "title": "Softmax", "status": "failed", "earned": 0.0,
             "possible": 2.0, "checks": [check]},
            {"id": "ch3.mnist", "title": "MNIST in six steps", "status": "passed",
             "earned": 3.0, "possible": 3.0, "checks": [trained]},
        ],
        "status": "ok",
    }  # fmt: skip


@pytest.fixture
def graded(tmp_path: Path) -> tuple[Path, Path]:
    report_dir = tmp_path / "reports"
    path = tmp_path / "ch3.json"
    path.write_text(json.dumps(results(report_dir)), encoding="utf-8")
    return path, report_dir


def test_page_is_self_contained(graded, tmp_path):
    path, report_dir = graded
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(path), "-o", str(out),
                                      "--report-dir", str(report_dir)])  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "3 / 5 points · 60 %" in page
    assert page.count('src="data:image/png;base64,iVBORw0KGgo') == 1  # the curves, inlined
    for text in ("ch3.softmax", "Softmax", "[nan, nan]", "subtract the max first",
                 "coursekit grade ch3 --only softmax::test_softmax_large_logits"):  # fmt: skip
        assert text in page
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_hostile_text_is_escaped_everywhere(tmp_path):
    report_dir = tmp_path / "reports"
    data = results(report_dir, message=HOSTILE)
    data["exercises"][0]["title"] = HOSTILE
    data["exercises"][0]["id"] = 'ch3.x"><img src=x onerror=alert(3)>'
    data["exercises"][0]["status"] = "<b>failed</b>"
    data["target"] = HOSTILE
    page = render(_write(tmp_path / "h.json", data), report_dir)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\x07" not in page
    assert "␛[2J" in page and "␛]0;owned␇" in page  # escape codes shown, not obeyed
    assert "onerror=alert(2)" in page and '" onerror' not in page and "&quot;" in page
    assert "<img src=x" not in page and "&lt;b&gt;failed&lt;/b&gt;" in page
    assert 'class="st other"' in page  # an unknown status never becomes a CSS class of its own


def _write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links")
def test_figures_only_real_pngs_inside_the_report_dir(tmp_path):
    report_dir = tmp_path / "reports"
    data = results(report_dir)
    outside = curves_png(tmp_path / "elsewhere" / "secret.png")
    (report_dir / "ch3" / "fake.png").write_bytes(b"GIF89a" + b"\0" * 100)
    os.symlink(outside, report_dir / "ch3" / "link.png")
    os.symlink(tmp_path / "elsewhere", report_dir / "linked_dir")
    named = [str(report_dir / "ch3" / n) for n in ("fake.png", "link.png")]
    named += [str(outside), str(report_dir / "linked_dir" / "secret.png"), "../elsewhere/x.png"]
    checks = data["exercises"][1]["checks"]
    checks += [{"name": f"t{i}", "status": "passed", "metrics": {"plot": n}}
               for i, n in enumerate(named)]  # fmt: skip
    page = render(_write(tmp_path / "r.json", data), report_dir)
    assert page.count("data:image/png;base64,") == 1  # only the real curves
    assert "not a PNG" in page and page.count("a link") == 2
    assert "secret.png" not in page.replace("linked_dir/secret.png", "")  # outside: not named


def test_curves_found_in_the_report_dir_without_metrics(tmp_path):
    report_dir = tmp_path / "reports"
    data = results(report_dir)
    del data["exercises"][1]["checks"][0]["metrics"]
    page = render(_write(tmp_path / "r.json", data), report_dir)
    assert page.count("data:image/png;base64,") == 1 and "ch3/mnist.png" in page


def test_last_takes_the_newest_results(graded, tmp_path, monkeypatch):
    path, report_dir = graded
    newest = report_dir / "ch3.json"
    newest.write_text(path.read_text(encoding="utf-8").replace('"percent": 60.0', '"percent": 61'))
    os.utime(path, (1, 1))
    source, out = write_report(last=True, output=tmp_path / "o.html", report_dir=report_dir,
                               cwd=tmp_path)  # fmt: skip
    assert source == newest and "3 / 5 points · 61 %" in out.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not the repository, whose exercises/ may hold a last grade
    result = CliRunner().invoke(app, ["report", "--last", "--report-dir", str(tmp_path / "none"),
                                      "-o", str(tmp_path / "x.html")])  # fmt: skip
    assert result.exit_code == 2 and "--last found no results" in result.output


def test_gradebook_shows_the_class_distribution(tmp_path):
    out = tmp_path / "class.html"
    write_report(results=GRADEBOOK, output=out)
    page = out.read_text(encoding="utf-8")
    assert "class mean" in page and page.count("<svg") >= 2
    assert "ch2.sigmoid" in page and "alice" in page and "bob" in page
    assert "<script" not in page.lower()


@pytest.fixture
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs Chromium and chromedriver (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install)")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,1400"):
        options.add_argument(arg)
    options.binary_location = str(CHROMIUM)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(CHROMEDRIVER)))
    yield driver
    driver.quit()


@pytest.mark.skipif(
    shutil.which("chromium") is None and not CHROMIUM.exists(), reason="no chromium"
)
def test_page_renders_in_headless_chromium(browser, graded, tmp_path):
    path, report_dir = graded
    _, out = write_report(results=path, output=tmp_path / "report.html", report_dir=report_dir)
    browser.get(out.resolve().as_uri())
    from selenium.webdriver.common.by import By

    assert browser.find_element(By.ID, "score").text == "3 / 5 points · 60 %"
    images = browser.find_elements(By.TAG_NAME, "img")
    assert images and all(
        browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", i) > 0
        for i in images
    )
    assert "test_softmax_large_logits" in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(os.environ.get("COURSEKIT_REPORT_SCREENSHOT", "/tmp/report.png"))
