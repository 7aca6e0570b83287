"""Lets one notebook feed several modules with per-cell `#| export <module>`.

nbdev writes a module named in `#| export <module>` by appending to a file that an earlier notebook's `#| default_exp`
created, so a module that only ever appears as `#| export <module>` would be appended to on every export. Loaded by
`nbdev-export` through `export_procs` in pyproject.toml, this makes the first export of each module in a run write it
afresh and later ones append, so every module is rebuilt from the notebooks on each export. Hand-written (not exported)."""
from pathlib import Path
from nbdev.maker import ModuleMaker

_written = set()   # module files (re)created during this nbdev-export run
_init = ModuleMaker.__init__

def _multi_init(self, dest, name, nb_path, is_new=True, parse=True, solo_nb=False):
    fname = (Path(dest)/(name.replace('.', '/') + ".py")).resolve()
    if fname not in _written: is_new = True
    _written.add(fname)
    _init(self, dest, name, nb_path, is_new=is_new, parse=parse, solo_nb=solo_nb)

if ModuleMaker.__init__ is not _multi_init: ModuleMaker.__init__ = _multi_init

def multi_module(cell):
    "No-op cell processor: importing this module is what installs the behaviour"
    return None
