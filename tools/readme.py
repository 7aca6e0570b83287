"Write README.md from nbs/index.ipynb (nbdev renders it with Quarto; this is the Quarto-free equivalent)."
import sys
from pathlib import Path
import nbformat

def render(nb_path="nbs/index.ipynb")->str:
    nb, out = nbformat.read(nb_path, as_version=4), []
    for c in nb.cells:
        src = c.source.strip()
        if not src or src.startswith("#| hide"): continue
        out.append(src if c.cell_type == "markdown" else f"```python\n{src}\n```")
    return "<!-- generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file -->\n\n" + "\n\n".join(out) + "\n"

if __name__ == "__main__":
    txt = render()
    if "--check" in sys.argv:
        sys.exit(0 if Path("README.md").read_text() == txt else "README.md is out of date with nbs/index.ipynb: run `make export`")
    Path("README.md").write_text(txt)
