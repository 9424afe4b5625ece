"""grader/authoring/release.py and what a student meets in JupyterLab.

- every released notebook carries the metadata JupyterLab writes, so opening it and saving it
  leaves the file as it was (checked in a real JupyterLab in headless Chromium);
- the README's JupyterLab command hides nbgrader's instructor tools (Formgrader, Assignment List,
  Course List, Create Assignment) and their server endpoints, so nothing creates gradebook.db;
- release never overwrites a notebook someone worked in without --force, and says where the copy went.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ASSIGNMENTS
from grader import nbtools
from grader.authoring.release import RECORD, WouldLoseWork, fingerprint, release

pytestmark = pytest.mark.slow  # nbgrader, kernels and a JupyterLab server

REPO = nbtools.REPO
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
A = "01_perceptron"


def kernel_info_reply():
    """language_info as a live python3 kernel reports it (what JupyterLab copies into the file)."""
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        return kc.kernel_info(reply=True, timeout=60)["content"]["language_info"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def live_language_info():
    return kernel_info_reply()


# ---------------------------------------------------------------------------- metadata

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_notebook_has_the_metadata_jupyterlab_writes(assignment, live_language_info):
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec("python3")
    meta = nbtools.read(REPO / "notebooks" / assignment / f"{assignment}.ipynb").metadata
    assert meta.get("kernelspec") == {"display_name": spec.display_name, "language": spec.language,
                                      "name": "python3"}, meta.get("kernelspec")
    info = dict(meta.get("language_info", {}))
    assert set(info) == set(live_language_info), f"language_info keys {sorted(info)}; a kernel reports {sorted(live_language_info)}"
    # the version is the Python that ran the release; everything else must be what the kernel says
    assert re.fullmatch(r"3\.\d+\.\d+", info.pop("version"))
    assert info == {k: v for k, v in live_language_info.items() if k != "version"}


def test_release_writes_this_kernels_language_info(tmp_path, live_language_info):
    release(A, out=tmp_path / "out", log=lambda *_: None)
    meta = nbtools.read(tmp_path / "out" / A / f"{A}.ipynb").metadata
    assert meta["language_info"] == live_language_info


def test_release_record_matches_the_committed_notebooks():
    """A fresh clone's `release` must not take the committed notebooks for someone's work."""
    record = json.loads((REPO / "notebooks" / RECORD).read_text(encoding="utf-8"))
    for a in ASSIGNMENTS:
        rel = f"{a}/{a}.ipynb"
        assert record.get(rel) == fingerprint(nbtools.read(REPO / "notebooks" / rel)), (
            f"notebooks/{RECORD} does not match notebooks/{rel}: run python -m grader release {a}")


# ---------------------------------------------------------------------------- never lose work

@pytest.fixture
def course(tmp_path):
    """A throw-away course with one assignment, released once."""
    shutil.copy(REPO / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    shutil.copytree(REPO / "solutions" / A, tmp_path / "solutions" / A)
    release(A, root=tmp_path, log=lambda *_: None)
    return tmp_path


def _edit(path, text):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "NotImplementedError" in "".join(c["source"]))
    cell["source"] = text
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def test_release_refuses_to_overwrite_a_worked_notebook(course):
    student = course / "notebooks" / A / f"{A}.ipynb"
    _edit(student, "def predict(X, w):\n    return my_own_answer\n")
    mine = student.read_bytes()
    with pytest.raises(WouldLoseWork) as refused:
        release(A, root=course, log=lambda *_: None)
    assert str(student) in str(refused.value) and "--force" in str(refused.value)
    assert student.read_bytes() == mine, "the refused release changed the student's file"
    assert not (course / "backups").exists()


def test_release_force_keeps_a_copy_and_says_where(course):
    student = course / "notebooks" / A / f"{A}.ipynb"
    _edit(student, "def predict(X, w):\n    return my_own_answer\n")
    mine = student.read_bytes()
    said = []
    release(A, root=course, force=True, log=said.append)
    copies = list((course / "backups").rglob("*.ipynb"))
    assert len(copies) == 1 and copies[0].read_bytes() == mine
    assert any(str(copies[0]) in line for line in said), said
    assert b"my_own_answer" not in student.read_bytes()
    release(A, root=course, log=lambda *_: None)  # the new file is the record now: no refusal


def test_release_overwrites_an_untouched_or_merely_run_notebook_and_keeps_other_files(course):
    student = course / "notebooks" / A / f"{A}.ipynb"
    nb = json.loads(student.read_text(encoding="utf-8"))
    for c in nb["cells"]:  # Run All and save: outputs and counts, no edited cell
        if c["cell_type"] == "code":
            c["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi\n"}]
            c["execution_count"] = 1
    student.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    (student.parent / "scratch.txt").write_text("my notes", encoding="utf-8")
    (course / "notebooks" / RECORD).unlink()  # no record (an older release): the cells still match
    release(A, root=course, log=lambda *_: None)
    assert nbtools.read(student) == nbtools.read(REPO / "notebooks" / A / f"{A}.ipynb")
    assert (student.parent / "scratch.txt").read_text(encoding="utf-8") == "my notes"
    assert not (course / "backups").exists()


def test_release_command_refuses_with_a_message(course):
    student = course / "notebooks" / A / f"{A}.ipynb"
    _edit(student, "x = 1\n")
    script = ("import sys; from grader.authoring.release import release; "
              f"release({A!r}, root=sys.argv[1])")
    proc = subprocess.run([sys.executable, "-c", script, str(course)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode != 0 and "differ from the last release" in proc.stderr and str(student) in proc.stderr


# ---------------------------------------------------------------------------- JupyterLab in Chromium

def readme_lab_command():
    """The README's command that opens the course in JupyterLab (set-up line excluded)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [l.strip() for l in re.findall(r"```bash\n(.*?)```", text, re.S) for l in l.splitlines()]
    lab = [l for l in lines if "jupyter lab" in l]
    assert lab, "the README has no jupyter lab command"
    return lab


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab as the README starts it (the course's jupyter_config on JUPYTER_CONFIG_PATH), over
    a copy of the released notebooks, with the user's own Jupyter folders replaced by empty ones."""
    for command in readme_lab_command():
        assert "JUPYTER_CONFIG_PATH=$PWD/jupyter_config" in command, command
    tmp = tmp_path_factory.mktemp("lab")
    work = tmp / "course"
    shutil.copytree(REPO / "notebooks", work / "notebooks")
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(REPO / "jupyter_config"), "JUPYTER_CONFIG_DIR": str(tmp / "cfg"),
           "JUPYTER_DATA_DIR": str(tmp / "data"), "JUPYTER_RUNTIME_DIR": str(tmp / "rt"), "IPYTHONDIR": str(tmp / "ipy")}
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=t", f"--ServerApp.root_dir={work}"] + (["--allow-root"] if os.geteuid() == 0 else [])
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(args, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token=t", timeout=5)
                break
            except (urllib.error.URLError, OSError):
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start: " + (tmp / "lab.log").read_text())
        yield {"base": base, "work": work, "tmp": tmp}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _status(url):
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def test_instructor_endpoints_are_off_and_make_no_gradebook(lab):
    for path in ("/formgrader", "/formgrader/manage_assignments", "/assignments", "/courses"):
        assert _status(f"{lab['base']}{path}?token=t") == 404, f"{path} answers a student's JupyterLab"
    assert _status(f"{lab['base']}/api/contents?token=t") == 200
    assert not list(lab["tmp"].rglob("gradebook.db")) and not (REPO / "gradebook.db").exists()


def test_jupyterlab_opens_a_released_notebook_unchanged_and_without_instructor_menus(lab):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright
    path = lab["work"] / "notebooks" / A / f"{A}.ipynb"
    before = path.read_bytes()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{lab['base']}/lab/tree/notebooks/{A}/{A}.ipynb?token=t")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
            page.wait_for_timeout(2000)  # the kernel_info reply has arrived and been applied
            fonts = japanese_fonts(page, ".jp-RenderedMarkdown h1")
            menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
            assert "Kernel" in menus and "Nbgrader" not in menus, menus
            page.keyboard.press("Control+Shift+c")  # the command palette lists every registered command
            page.wait_for_selector(".lm-CommandPalette-input", timeout=10_000)
            page.fill(".lm-CommandPalette-input", "nbgrader")
            page.wait_for_timeout(500)
            palette = " ".join(page.locator(".lm-CommandPalette-content").all_inner_texts())
            for tool in ("Formgrader", "Assignment List", "Course List", "Create Assignment"):
                assert tool not in palette, f"{tool!r} is offered to students: {palette}"
            page.keyboard.press("Escape")
            assert page.get_by_text("Validate", exact=True).count() >= 1, "the Validate button is gone"
            dirty = page.locator(".lm-TabBar-tab.jp-mod-dirty").count()
            assert dirty == 0, "JupyterLab marks the fresh notebook as changed"
            page.locator(".jp-Notebook").click()
            page.keyboard.press("Control+s")
            page.wait_for_timeout(2000)
        finally:
            browser.close()
    after = path.read_bytes()
    assert after == before, "opening and saving the released notebook changed the file"
    heading, used = fonts
    kana = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", heading))
    assert kana > 0, heading
    cjk = sum(f["glyphCount"] for f in used if re.search(CJK_FONT, f["familyName"]))
    assert cjk >= kana, (f"the Japanese of {heading!r} is not drawn with a Japanese font (fonts used: {used}); "
                         "install one: apt-get install fonts-noto-cjk")


CJK_FONT = r"CJK|JP|Gothic|Mincho|Hiragino|Meiryo|IPA|Takao|Droid Sans Fallback|WenQuanYi"


def japanese_fonts(page, selector):
    """(text, [{"familyName", "glyphCount"}]) of the first element matching ``selector``: the fonts
    Chromium really drew it with (DevTools' CSS.getPlatformFontsForNode), so that boxes drawn for
    missing glyphs do not count as text."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    text = page.inner_text(selector)
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return text, fonts
