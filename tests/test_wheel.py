"""The wheel carries the shipped pages: installed (not editable) into a fresh virtual
environment and run from an unrelated folder, it builds the built-in KB from them."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STEP_TIMEOUT = 120  # seconds; the whole test usually takes 15-30 s


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT)
    assert result.returncode == 0, f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


def _dependency_dirs() -> list[str]:
    """The running interpreter's package folders, where the dependencies are installed
    (by ``pip install -e '.[test]'`` in a venv, or system-wide)."""
    dirs = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    dirs |= {p for p in sys.path if p.rstrip("/").endswith(("site-packages", "dist-packages"))}
    return sorted(d for d in dirs if Path(d).is_dir())


def _venv_site_packages(env_dir: Path) -> Path:
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    out = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=env_dir)
    return Path(out.stdout.strip())


@pytest.mark.slow
def test_wheel_installed_elsewhere_builds_the_builtin_kb(tmp_path):
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", str(PROJECT_ROOT), "--no-deps", "-q", "-w", str(dist)], cwd=tmp_path)
    wheels = list(dist.glob("career_chat-*.whl"))
    assert len(wheels) == 1, list(dist.iterdir())
    wheel = wheels[0]

    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    shipped = {p.name for p in (PROJECT_ROOT / "knowledge").glob("*.txt")}
    assert shipped and {f"chatbot/_data/knowledge/{n}" for n in shipped} <= names
    assert any(n.startswith("chatbot/_data/intents/") for n in names)
    assert "chatbot/kb/builtin.py" in names
    assert not any(n.startswith(("tests/", "knowledge/")) for n in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False, clear=True)  # installed into by this pip (--python): no ensurepip
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    site_packages = _venv_site_packages(env_dir)
    # The dependencies come from the environment running the tests (appended after the
    # venv's own folder, whose .pth files, an editable install's included, are not read).
    (site_packages / "zz_test_dependencies.pth").write_text("\n".join(_dependency_dirs()) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
          str(wheel)], cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CHATBOT_"))}
    env.update(CHATBOT_CACHE_DIR=str(cache), CHATBOT_STATE_DIR=str(tmp_path / "state"), PYTHONNOUSERSITE="1")
    code = (
        "import chatbot, chatbot.paths\n"
        "from chatbot.kb.builtin import builtin_db_path\n"
        "print(chatbot.__file__)\n"
        "print(chatbot.paths.knowledge_dir())\n"
        "print(builtin_db_path())\n"
    )
    out = _run([str(python), "-c", code], cwd=elsewhere, env=env).stdout.strip().splitlines()
    package_file, knowledge, db = (Path(line) for line in out[-3:])

    assert package_file.is_relative_to(site_packages), f"imported {package_file}, not the installed wheel"
    assert knowledge == site_packages / "chatbot" / "_data" / "knowledge"
    assert db.parent == cache and db.is_file()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        pages = sorted(p for (p,) in conn.execute("select path from pages"))
        roles = sorted(n for (n,) in conn.execute("select name from roles"))
        facts = conn.execute("select count(*) from facts").fetchone()[0]
    assert pages == sorted(f"knowledge/{n}" for n in shipped)
    assert {"production coordinator", "production leader", "process leader"} <= set(roles)
    assert facts > 0

    # a second run reuses the cached KB
    again = _run([str(python), "-c", code], cwd=elsewhere, env=env).stdout.strip().splitlines()
    assert Path(again[-1]) == db
