"""Mixed precision and throughput on a GPU: what bf16 and fp16 buy in training and prediction, and what they cost.

    python bench/gpu_precision.py [--encoder minilm] [--n-templates 4000] [--n-everyday 6000] [--epochs 2]
                                  [--batch-size 32] [--modes fp32,bf16,fp16] [--big-batch 128] [--json PATH]

Training. The same records (templates plus packaged GoEmotions comments, split by `split_records`) train the same
encoder with `train_model` once per mode (`TrainConfig.mixed_precision`: fp32, bf16, fp16), and again at `--big-batch` in
`--big-modes` (default bf16) (the learning rate scaled by the square root of the batch ratio). Per mode: the Trainer's samples/s, the
wall time of `train_model` (evaluation, calibration, thresholds and plots included), peak GPU memory, validation macro
F1 / PR-AUC at the tuned thresholds, and on the held-out part: test macro F1 and the everyday block (share of held-out
GoEmotions comments any risk label flags, neutral recall) and the hard-case pass rate of the packaged suite.

Prediction. The fp32 model is loaded as a `StatementClassifier` on the GPU (torch backend) and `predict` is timed at
batch 1, 64 and 256 in fp32 and under `torch.autocast` bf16 / fp16; each reduced-precision run's decisions are compared
with fp32 (agreement, largest per-label F1 change over the test and everyday rows).

All on one GPU, one run, seeded. Falls back to CPU (fp32 only) so the script can be checked anywhere. Not a test."""
import argparse, json, math, platform, sys, time, tempfile, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore")
import numpy as np
import torch

def _sync():
    if torch.cuda.is_available(): torch.cuda.synchronize()

def _decisions(preds, labels)->np.ndarray:
    return np.array([[l in p.labels for l in labels] for p in preds], np.float32)

def _f1s(Y, D, labels)->dict:
    "Per-label F1 of decisions D over the known rows of Y (NaN = unknown); labels with no positive known are skipped"
    from sklearn.metrics import f1_score
    out = {}
    for j, l in enumerate(labels):
        k = ~np.isnan(Y[:, j])
        if k.sum() and Y[k, j].sum(): out[l] = float(f1_score(Y[k, j], D[k, j], zero_division=0))
    return out

def _scores(clf, te, every, cases, labels):
    """Test macro F1, everyday block and hard-case pass rate of a loaded classifier, by the rules of `report.everyday_scores`
    and `report.hard_case_results` (`report` imports papermill, which the GPU image lacks)"""
    from statement_classifier.core import records_to_xy, RISK_LABELS, SELF_HARM_LABELS
    def fired(p): s = set(p.labels); return s | ({"self_harm_any"} if s & set(SELF_HARM_LABELS) else set())
    X, Y = records_to_xy(te)
    f1 = _f1s(Y, _decisions(clf.predict(X, batch_size=64), labels), labels)
    ev = [fired(p) for p in clf.predict([r.text for r in every], batch_size=64)]
    neu = [f for f, r in zip(ev, every) if r.labels.get("neutral") == 1]
    hc = [fired(p) for p in clf.predict([c["text"] for c in cases], batch_size=64)]
    ok = [all(l in f for l in c.get("must", [])) and not any(l in f for l in c.get("must_not", [])) for f, c in zip(hc, cases)]
    return {"test_macro_f1": float(np.mean(list(f1.values()))), "everyday_any_risk": float(np.mean([bool(f & set(RISK_LABELS)) for f in ev])),
            "everyday_neutral_recall": float(np.mean(["neutral" in f for f in neu])) if neu else float("nan"), "hard_case_pass": float(np.mean(ok))}

def _time_predict(clf, texts, bs, dtype=None, repeats=3)->float:
    "Best statements/s of `predict(texts, batch_size=bs)` over `repeats` (under autocast `dtype` when given)"
    best = 0.0
    for _ in range(repeats):
        ctx = torch.autocast("cuda", dtype=dtype) if dtype is not None else torch.autocast("cuda", enabled=False)
        _sync(); t0 = time.perf_counter()
        with ctx:
            if bs == 1:
                for t in texts: clf.predict([t], batch_size=1)
            else: clf.predict(texts, batch_size=bs)
        _sync(); best = max(best, len(texts)/(time.perf_counter() - t0))
    return best

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--encoder", default="minilm"); ap.add_argument("--n-templates", type=int, default=4000)
    ap.add_argument("--n-everyday", type=int, default=6000); ap.add_argument("--epochs", type=float, default=2)
    ap.add_argument("--batch-size", type=int, default=32); ap.add_argument("--big-batch", type=int, default=128)
    ap.add_argument("--big-modes", default="bf16", help="modes trained again at --big-batch")
    ap.add_argument("--max-length", type=int, default=128); ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--modes", default="fp32,bf16,fp16"); ap.add_argument("--n-speed", type=int, default=2048)
    ap.add_argument("--n-single", type=int, default=200); ap.add_argument("--json", default=None)
    ap.add_argument("--workdir", default=None)
    a = ap.parse_args(argv)
    from statement_classifier.core import LABELS, package_data
    from statement_classifier.data_gen import template_dataset, load_everyday_corpus, split_records
    from statement_classifier.training import TrainConfig, train_model
    from statement_classifier.classifier import StatementClassifier
    cuda = torch.cuda.is_available()
    dev = torch.cuda.get_device_name(0) if cuda else platform.processor() or "cpu"
    print(f"device: {dev} | torch {torch.__version__} | python {platform.python_version()} | encoder {a.encoder}", flush=True)
    modes = [m for m in a.modes.split(",") if m] if cuda else ["fp32"]
    recs = template_dataset(a.n_templates, seed=0) + load_everyday_corpus(a.n_everyday, seed=0)
    tr, va, te = split_records(recs, seed=0)
    every = [r for r in te if r.meta.get("dataset") == "goemotions"]
    cases = [json.loads(l) for l in Path(package_data("hard_cases.jsonl")).read_text().splitlines() if l.strip()]
    print(f"records: train {len(tr)}, val {len(va)}, test {len(te)} (everyday {len(every)}), hard cases {len(cases)}", flush=True)
    res = {"device": dev, "torch": torch.__version__, "settings": vars(a), "train": {}, "predict": {}}
    out_path = Path(a.json) if a.json else None
    def save():
        if out_path: out_path.write_text(json.dumps(res, indent=1, default=float))
    work = Path(a.workdir or tempfile.mkdtemp(prefix="gpu_precision_"))
    runs = [(m, a.batch_size) for m in modes] + ([(m, a.big_batch) for m in a.big_modes.split(",") if m] if cuda and a.big_batch else [])
    for mode, bs in runs:
        name = f"{mode}@{bs}"
        lr = a.lr*math.sqrt(bs/a.batch_size)
        cfg = TrainConfig(encoder=a.encoder, epochs=a.epochs, batch_size=bs, learning_rate=lr, max_length=a.max_length,
                          mixed_precision=(False if mode == "fp32" else mode), patience=100, save_total_limit=1, seed=42)
        if cuda: torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats()
        t0 = time.time()
        try: r = train_model(cfg, tr, va, work/name.replace("@", "_"), progress=False)
        except Exception as e:
            print(f"{name}: FAILED {type(e).__name__}: {e}", flush=True); res["train"][name] = {"error": str(e)}; save(); continue
        row = {"wall_s": time.time() - t0, "train_s": r.train_seconds, "samples_per_s": r.samples_per_second,
               "peak_gpu_gib": torch.cuda.max_memory_allocated()/2**30 if cuda else None, "epochs": r.history[-1]["epoch"] if r.history else None,
               "val_macro_f1": r.metrics.get("macro_f1"),
               "val_macro_pr_auc": float(np.nanmean([r.metrics.get(f"pr_auc/{l}", np.nan) for l in LABELS]))}
        del r
        clf = StatementClassifier.load(work/name.replace("@", "_"), device="cuda" if cuda else None, backend="torch")
        row.update(_scores(clf, te, every, cases, LABELS)); del clf
        res["train"][name] = row; save()
        print(f"{name}: {row['samples_per_s']:.0f} samples/s, train {row['train_s']:.1f} s, wall {row['wall_s']:.1f} s, "
              f"val F1 {row['val_macro_f1']:.3f}, test F1 {row['test_macro_f1']:.3f}, everyday any risk {row['everyday_any_risk']:.3f}, "
              f"hard cases {row['hard_case_pass']:.3f}", flush=True)
    # prediction on the fp32 model
    base = work/f"fp32_{a.batch_size}"
    if (base/"config.json").exists():
        clf = StatementClassifier.load(base, device="cuda" if cuda else None, backend="torch")
        from statement_classifier.core import records_to_xy
        X, Y = records_to_xy(te + every)
        texts = (X*(a.n_speed//max(len(X), 1) + 1))[:a.n_speed]
        ref = _decisions(clf.predict(X, batch_size=64), LABELS); f_ref = _f1s(Y, ref, LABELS)
        dtypes = {"fp32": None, **({"bf16": torch.bfloat16, "fp16": torch.float16} if cuda else {})}
        for name, dt in dtypes.items():
            row = {}
            for bs in (1, 64, 256):
                row[f"stmt_per_s@{bs}"] = _time_predict(clf, texts[:a.n_single] if bs == 1 else texts, bs, dt if cuda else None,
                                                        repeats=1 if bs == 1 else 3)
            with (torch.autocast("cuda", dtype=dt) if dt is not None else torch.autocast("cuda", enabled=False)):
                D = _decisions(clf.predict(X, batch_size=64), LABELS)
            f = _f1s(Y, D, LABELS)
            row.update(agreement=float((D == ref).all(axis=1).mean()), max_abs_f1_change=max(abs(f[l] - f_ref[l]) for l in f_ref))
            res["predict"][name] = row; save()
            print(f"predict {name}: " + ", ".join(f"{k} {v:.3f}" if v < 10 else f"{k} {v:.0f}" for k, v in row.items()), flush=True)
    print("\n| train mode@batch | samples/s | train s | wall s | peak GiB | val F1 | val PR-AUC | test F1 | everyday any risk | neutral recall | hard cases |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for k, r in res["train"].items():
        if "error" in r: print(f"| {k} | failed: {r['error'][:60]} |"); continue
        g = lambda x, p=3: "-" if r.get(x) is None else f"{r[x]:.{p}f}"
        print(f"| {k} | {r['samples_per_s']:.0f} | {r['train_s']:.1f} | {r['wall_s']:.1f} | {g('peak_gpu_gib', 2)} | {g('val_macro_f1')} | "
              f"{g('val_macro_pr_auc')} | {g('test_macro_f1')} | {g('everyday_any_risk')} | {g('everyday_neutral_recall')} | {g('hard_case_pass')} |")
    print("\n| predict | stmt/s batch 1 | batch 64 | batch 256 | decisions equal to fp32 | max per-label F1 change |\n|---|---|---|---|---|---|")
    for k, r in res["predict"].items():
        print(f"| {k} | {r['stmt_per_s@1']:.0f} | {r['stmt_per_s@64']:.0f} | {r['stmt_per_s@256']:.0f} | {r['agreement']:.4f} | {r['max_abs_f1_change']:.4f} |")
    save()

if __name__ == "__main__": main()
