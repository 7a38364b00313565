"""Chapter 5 proven both ways: references 100 %, stubs todo, every catalogued mistake caught."""

from conftest import run_cli


def test_selftest_only_judges_each_mistake_on_the_named_exercise():
    """`selftest --only`: a mistake that also loses other exercises (a training one among them)
    is graded and judged on the named exercise alone, and no other mistake runs."""
    result = run_cli("selftest", "ch5", "--only", "resnet_block")
    assert result.exit_code == 0, result.output
    for name in ("resnet_block_without_shortcut", "resnet_shortcut_after_relu"):
        assert name in result.output
    assert "vgg16_groups_of_three" not in result.output
    assert "resnet_cifar" not in result.output and "FAILED" not in result.output
