"""`python -m grader bench --parts notebooks`: the time budgets the test suite no longer asserts,
measured as kernel CPU and wall seconds per solution notebook."""
import nbformat
import pytest

from grader import bench, nbtools


@pytest.mark.slow
def test_run_timed_measures_the_kernels_cpu_and_the_wall_clock(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import time\nt0 = time.process_time()\n"
                                  "while time.process_time() - t0 < 1.5:\n    pass"),  # 1.5 s of CPU in the kernel
        nbformat.v4.new_code_cell("time.sleep(2.0)"),  # 2 s of wall, no CPU
        nbformat.v4.new_code_cell("1 / 0"),
    ])
    cpu, wall, errors = bench.run_timed(nb, tmp_path)
    assert 1.5 <= cpu < 1.5 + 10, cpu  # the busy loop, plus the kernel's start
    assert wall >= 1.5 + 2.0, wall
    assert errors == ["cell 2: ZeroDivisionError"]


def test_notebooks_part_prints_a_table_and_judges_by_cpu(tmp_path, monkeypatch):
    figures = {"01_perceptron": (3.0, 25.0, []), "02_mlp_backprop": (12.5, 14.0, [])}
    monkeypatch.setattr(bench, "run_timed", lambda nb, work: figures[work.name[3:]])
    lines = []
    within, rows = bench.notebooks(tmp_path, list(figures), nbtools.REPO, lines.append)
    assert not within and rows["01_perceptron"]["within"] and not rows["02_mlp_backprop"]["within"]
    table = "\n".join(lines)
    assert "CPU s" in table and "wall s" in table and "budget" in table
    row01 = next(l for l in lines if "01_perceptron" in l).split()
    assert row01[1:5] == ["3.0", "25.0", "10.0", "ok"], row01  # slow on the wall clock, within budget in CPU
    row02 = next(l for l in lines if "02_mlp_backprop" in l)
    assert "12.5" in row02 and "OVER BUDGET" in row02


@pytest.mark.slow
def test_notebooks_part_times_a_real_solution(tmp_path):
    lines = []
    within, rows = bench.notebooks(tmp_path, ["01_perceptron"], nbtools.REPO, lines.append, budget=1e9)
    assert within and rows["01_perceptron"]["errors"] == []
    assert rows["01_perceptron"]["cpu"] > 0.5  # a kernel start alone costs more
