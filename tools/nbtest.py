"""Run every notebook's tests with nbdev's test runner, one notebook at a time, and print a summary line
(`nbdev-test` prints no counts). Extra arguments go to nbdev-test (e.g. `--flags slow`)."""
import subprocess, sys, time
from pathlib import Path

nbs = sorted(p for p in Path("nbs").glob("*.ipynb") if not p.name.startswith("_"))
passed, failed, t_all = [], [], time.time()
for nb in nbs:
    t0 = time.time()
    r = subprocess.run([str(Path(sys.executable).parent/"nbdev-test"), str(nb), *sys.argv[1:]])
    (passed if r.returncode == 0 else failed).append(nb.name)
    print(f"{'PASS' if r.returncode == 0 else 'FAIL'} {nb.name} ({time.time()-t0:.0f} s)", flush=True)
print(f"notebooks: {len(passed)} passed, {len(failed)} failed in {time.time()-t_all:.0f} s" + (f" (failed: {', '.join(failed)})" if failed else ""))
print(f"{len(passed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
