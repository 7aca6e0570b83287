"""Fail if `nbdev-clean` or `nbdev-export` would change any file, i.e. notebooks are not clean or the package
is out of sync with them. Compares file contents before and after, so it works with uncommitted changes too."""
import hashlib, subprocess, sys
from pathlib import Path

WATCH = ["nbs", "statement_classifier"]
def snapshot():
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for d in WATCH for p in sorted(Path(d).rglob("*")) if p.is_file() and "__pycache__" not in p.parts}

bin_ = Path(sys.executable).parent
for cmd in ("nbdev-clean", "nbdev-export"):
    before = snapshot()
    subprocess.run([str(bin_/cmd)], check=True, stdout=subprocess.DEVNULL)
    after = snapshot()
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed: sys.exit(f"{cmd} changed {changed}: commit the result of `make clean-nbs export`")
subprocess.run([sys.executable, "tools/readme.py", "--check"], check=True)
print("notebooks clean, package in sync with nbs/, README.md in sync with nbs/index.ipynb")
