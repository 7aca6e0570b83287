"""Benchmark (b): accuracy on the real labelled datasets in ../shared/datasets (skipped cleanly when absent).

    .venv/bin/python bench/real_datasets.py [--n-train 400] [--n-val 100] [--n-test 400] [--epochs 2] [--threads 2]

For each dataset, a stratified subsample of its `train.jsonl` is split into train / validation / test (the same split for
every method) and three methods are trained on it:
  - `ours`:  `train_model` with the packaged MiniLM (attention pooling, focal loss, best epoch by val macro F1,
             temperature and thresholds tuned on val with the 0.95 recall floor on the self-harm labels);
  - `plain`: AutoModelForSequenceClassification (same MiniLM) + a stock Trainer, BCE, threshold 0.5;
  - `tfidf`: TF-IDF (word 1-2 grams) + one logistic regression per label (class_weight="balanced"), threshold 0.5.
Records carry the six labels; the dataset's known targets are mapped onto them and the unknown labels are set to 0 for
training, and every method is scored on the known targets alone:
  dreaddit   `stress` -> stress
  sdcnl      `self_harm_any` -> self_harm_low (trained); predicted when self_harm_low or self_harm_high fires;
             emotional_distress = 1 for every post (not scored: constant)
  goemotions `neutral` -> neutral, `emotional_distress_hint` -> emotional_distress
Cross-dataset false alarms: the models trained on sdcnl are run on everyday GoEmotions comments (dev.jsonl subsample),
where `self_harm_any` should almost never fire.
Posts are never printed or copied; only aggregate figures are."""
import argparse, json, sys, tempfile, time
from pathlib import Path
import numpy as np, torch

ROOT = Path(__file__).resolve().parent.parent.parent/"shared"/"datasets"
SPECS = {  # dataset -> (file, {target: labels it maps to}, constant labels set for every post)
    "dreaddit": ("train.jsonl", {"stress": ("stress",)}, {}),
    "sdcnl": ("train.jsonl", {"self_harm_any": ("self_harm_low", "self_harm_high")}, {"emotional_distress": 1}),
    "goemotions": ("train.jsonl", {"neutral": ("neutral",), "emotional_distress_hint": ("emotional_distress",)}, {}),
}

def read_jsonl(p):
    with open(p, encoding="utf-8") as f: return [json.loads(l) for l in f if l.strip()]

def to_records(rows, spec):
    from statement_classifier.data_gen import Record, LABELS
    targets, const = spec[1], spec[2]
    out = []
    for r in rows:
        lab = {k: 0 for k in LABELS}; lab.update(const)
        for t, labs in targets.items(): lab[labs[0]] = int(r["targets"][t])
        out.append(Record(r["text"], lab, id=str(r.get("id")), source="human"))
    return out

def target_scores(probs, thresholds, recs_rows, spec):
    "Predicted and true 0/1 per known target; a target is predicted when any of its labels is over its threshold"
    from statement_classifier.data_gen import LABELS
    from statement_classifier.models import thresholds_array
    pred = probs >= thresholds_array(thresholds)
    out = {}
    for t, labs in spec[1].items():
        y = np.array([int(r["targets"][t]) for r in recs_rows])
        p = pred[:, [LABELS.index(l) for l in labs]].any(1).astype(int)
        out[t] = (y, p)
    return out

def f1_rec(y, p):
    from sklearn.metrics import f1_score, recall_score, precision_score
    return dict(f1=f1_score(y, p, zero_division=0), recall=recall_score(y, p, zero_division=0), precision=precision_score(y, p, zero_division=0))

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=str(ROOT)); ap.add_argument("--datasets", default="dreaddit,sdcnl,goemotions")
    ap.add_argument("--n-train", type=int, default=400); ap.add_argument("--n-val", type=int, default=100)
    ap.add_argument("--n-test", type=int, default=400); ap.add_argument("--n-alarm", type=int, default=400)
    ap.add_argument("--epochs", type=float, default=2); ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-length", type=int, default=128); ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0); ap.add_argument("--encoder", default="minilm", help="for smoke runs: tiny-bert")
    a = ap.parse_args(argv)
    root = Path(a.root)
    if not root.exists():
        print(f"skipped: {root} not found (the real datasets are optional)"); return
    torch.set_num_threads(a.threads)
    sys.path.insert(0, str(Path(__file__).parent))
    from _plain import plain_finetune, plain_proba
    from sklearn.model_selection import train_test_split
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from statement_classifier.data_gen import records_to_xy, LABELS
    from statement_classifier.models import predict_proba
    from statement_classifier.training import TrainConfig, train_model
    t_all, table, alarms = time.time(), [], {}
    for name in a.datasets.split(","):
        spec = SPECS[name]; f = root/name/spec[0]
        if not f.exists(): print(f"skipped {name}: {f} not found"); continue
        rows = read_jsonl(f)
        strat = np.array(["".join(str(r["targets"][t]) for t in spec[1]) for r in rows])
        n = min(len(rows), a.n_train + a.n_val + a.n_test)
        idx, _ = train_test_split(np.arange(len(rows)), train_size=n, stratify=strat, random_state=a.seed) if n < len(rows) else (np.arange(len(rows)), None)
        rest, te_i = train_test_split(idx, test_size=a.n_test, stratify=strat[idx], random_state=a.seed)
        tr_i, va_i = train_test_split(rest, test_size=a.n_val, stratify=strat[rest], random_state=a.seed)
        R = lambda ii: [rows[i] for i in ii]
        tr, va, te = to_records(R(tr_i), spec), to_records(R(va_i), spec), to_records(R(te_i), spec)
        te_rows, te_texts = R(te_i), [r.text for r in te]
        print(f"[{name}] train {len(tr)} / val {len(va)} / test {len(te)}; positives in test: "
              + ", ".join(f"{t} {sum(int(r['targets'][t]) for r in te_rows)}" for t in spec[1]), flush=True)
        models = {}
        with tempfile.TemporaryDirectory() as d:
            t0 = time.time()
            r = train_model(TrainConfig(encoder=a.encoder, epochs=a.epochs, learning_rate=a.lr, max_length=a.max_length, batch_size=16,
                                        patience=2), tr, va, Path(d)/"ours", progress=False)
            models["ours"] = (lambda texts, r=r: predict_proba(r.model, r.tokenizer, texts, max_length=a.max_length), r.thresholds, time.time() - t0)
            t0 = time.time()
            pm, ptok, _, _ = plain_finetune(tr, va, a.encoder, epochs=a.epochs, learning_rate=a.lr, max_length=a.max_length, out_dir=Path(d)/"plain")
            models["plain"] = (lambda texts, pm=pm, ptok=ptok: plain_proba(pm, ptok, texts, a.max_length), 0.5, time.time() - t0)
        t0 = time.time()
        Xtr, Ytr = records_to_xy(tr)
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(Xtr)
        clfs = [LogisticRegression(max_iter=2000, class_weight="balanced").fit(vec.transform(Xtr), Ytr[:, j]) if len(set(Ytr[:, j])) > 1
                else float(Ytr[0, j]) for j in range(len(LABELS))]
        def tfidf_proba(texts, vec=vec, clfs=clfs):
            X = vec.transform(texts)
            return np.stack([c.predict_proba(X)[:, 1] if not isinstance(c, float) else np.full(X.shape[0], c) for c in clfs], 1)
        models["tfidf"] = (tfidf_proba, 0.5, time.time() - t0)
        for meth, (proba, th, secs) in models.items():
            sc = target_scores(proba(te_texts), th, te_rows, spec)
            per = {t: f1_rec(*yp) for t, yp in sc.items()}
            table.append((name, meth, float(np.mean([v["f1"] for v in per.values()])), per, secs))
            if name == "sdcnl":   # false alarms on everyday comments
                ge = root/"goemotions"/"dev.jsonl"
                if ge.exists():
                    g = read_jsonl(ge); rng = np.random.default_rng(a.seed)
                    gi = rng.choice(len(g), min(a.n_alarm, len(g)), replace=False)
                    pg = proba([g[i]["text"] for i in gi])
                    from statement_classifier.models import thresholds_array
                    fire = (pg >= thresholds_array(th))[:, [LABELS.index("self_harm_low"), LABELS.index("self_harm_high")]].any(1)
                    alarms[meth] = float(fire.mean())
        del models
    print(f"\nresults on held-out test subsamples (2-core CPU, encoder {a.encoder}, max_length {a.max_length}, {a.epochs} epochs, "
          f"{a.n_train} train / {a.n_val} val / {a.n_test} test per dataset), {time.time() - t_all:.0f} s in all")
    print(f"{'dataset':11s} {'method':6s} {'macroF1':>7s}  per target: F1 / recall / precision{'':14s} train s")
    for name, meth, mf1, per, secs in table:
        pt = "  ".join(f"{t} {v['f1']:.3f}/{v['recall']:.3f}/{v['precision']:.3f}" for t, v in per.items())
        print(f"{name:11s} {meth:6s} {mf1:7.3f}  {pt}  {secs:6.0f}")
    if alarms:
        print("false alarms of the sdcnl-trained models on GoEmotions dev (share of everyday comments where self_harm fires): "
              + ", ".join(f"{k} {v:.3f}" for k, v in alarms.items()))

if __name__ == "__main__": main()
