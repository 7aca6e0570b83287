"""Benchmark (issue 14): which int8 dynamic quantisation of the ONNX export keeps every per-label F1 within 0.01 of
torch fp32, and how fast each runs. Not a test.

    .venv/bin/python bench/int8_variants.py --model runs/NAME/checkpoints/rlhf [--n-real 300] [--n-template 1000] [--threads 1]

`--model` is one StatementClassifierModel checkpoint (an ensemble member). The check set is `fast_check_set` (held-out
template statements, seed 123, and the packaged hard cases) plus, when ../shared/datasets/ is present, the first
`--n-real` rows of GoEmotions dev, Dreaddit test and SDCNL test (known labels only; official test splits, which the
real-world bench never trains on). Each variant is `onnxruntime.quantization.quantize_dynamic` of the same fp32 export
(`export_onnx`) with other settings: per-tensor (what `export_onnx` ships), per-channel, reduce-range, MatMul only (the
embedding Gather stays fp32), and per-channel with the attention projections and the pooling/head kept in fp32. F1 at
the member's thresholds and temperature; speed: statements/s of the forward alone (windows of max_length, passes of
16 as `predict` runs them on CPU; each int8 variant runs one window per pass, as the product runs int8, whose
activation scales are per pass), best of 3, on `--threads` threads."""
import argparse, atexit, hashlib, platform, shutil, tempfile, time, warnings
from pathlib import Path
import numpy as np
import torch

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True); ap.add_argument("--n-real", type=int, default=300); ap.add_argument("--n-template", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--n-speed", type=int, default=256)
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore"); torch.set_num_threads(a.threads)
    import onnx
    from onnxruntime.quantization import quantize_dynamic, QuantType
    from statement_classifier.checkpoint import load_member, score_windows, torch_forward
    from statement_classifier.classifier import export_onnx, onnx_session, onnx_forward, fast_check_set, CPU_FORWARD_BATCH
    from statement_classifier.core import records_to_xy, import_records, TARGETS
    from statement_classifier.metrics import compute_metrics, sigmoid
    mem = load_member(a.model)
    texts, Y = fast_check_set(a.n_template)
    shared, real = Path(__file__).resolve().parents[1].parent/"shared"/"datasets", []
    for name, f in (("goemotions", "dev.jsonl"), ("dreaddit", "test.jsonl"), ("sdcnl", "test.jsonl")):
        if (shared/name/f).is_file():
            t, y = records_to_xy(import_records(shared/name/f, limit=a.n_real), targets=True); texts += t; Y = np.concatenate([Y, y]); real.append(name)
    L, T, th = len(mem.labels), float(mem.model.config.temperature), np.asarray(mem.thresholds)
    probs = lambda fwd, tx: sigmoid(score_windows(fwd, mem.tokenizer, tx, CPU_FORWARD_BATCH, mem.max_length, L)[0] / T)
    speed = [texts[i] for i in np.random.default_rng(0).choice(len(texts), min(a.n_speed, len(texts)), replace=False)]
    def rate(fwd):
        probs(fwd, speed[:32]); best = 0.0
        for _ in range(3):
            t0 = time.perf_counter(); probs(fwd, speed); best = max(best, len(speed) / (time.perf_counter() - t0))
        return best
    def session(path: Path):
        return onnx_session(path.parent, {"files": {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}}, path.name.split(".")[1], a.threads)
    tmp = Path(tempfile.mkdtemp()); atexit.register(shutil.rmtree, tmp, True)   # the exports go when the script ends
    man = export_onnx(mem, tmp/"x"); fp32 = tmp/"x"/"model.fp32.onnx"
    mm = [n.name for n in onnx.load(str(fp32)).graph.node if n.op_type == "MatMul"]
    keep = [n for n in mm if "layer." not in n or "/attention/self/" in n]      # pooling, head, Q/K/V projections
    variants = {"per-tensor (shipped)": None, "per-channel": dict(per_channel=True), "per-channel, reduce-range": dict(per_channel=True, reduce_range=True),
                "MatMul only": dict(op_types_to_quantize=["MatMul"]), "MatMul only, per-channel": dict(op_types_to_quantize=["MatMul"], per_channel=True),
                "per-channel, Q/K/V + pooling fp32": dict(op_types_to_quantize=["MatMul"], per_channel=True, nodes_to_exclude=keep)}
    p_ref = probs(torch_forward(mem.model), texts); ref = compute_metrics(Y, p_ref, mem.thresholds, mem.labels)
    known = [k for k in TARGETS if np.isfinite(ref.get(f"f1/{k}", np.nan))]
    print(f"machine: {platform.processor() or platform.machine()}, {a.threads} thread(s), torch {torch.__version__}; model {a.model} "
          f"(max_length {mem.max_length}); check set {len(texts)} statements ({a.n_template} template + hard cases"
          + (f" + {a.n_real} each of {', '.join(real)}" if real else "") + f"); speed on {len(speed)} of them, best of 3")
    print("torch fp32 F1: " + ", ".join(f"{k} {ref[f'f1/{k}']:.3f} (n+ {ref.get(f'support/{k}', '?')})" for k in known))
    print(f"{'variant':36s}{'stmt/s':>9s}{'MB':>7s}{'agree':>8s}{'max|dF1|':>10s}  per-label F1 change")
    print(f"{'torch fp32':36s}{rate(torch_forward(mem.model)):9.1f}")
    print(f"{'onnx fp32':36s}{rate(onnx_forward(onnx_session(tmp/'x', man, 'fp32', a.threads))):9.1f}{fp32.stat().st_size/1e6:7.1f}")
    for i, (name, kw) in enumerate(variants.items()):
        out = tmp/"x"/("model.int8.onnx" if kw is None else f"model.v{i}.onnx")   # None: the int8 file export_onnx wrote
        if kw is not None: quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, **kw)
        fwd = onnx_forward(session(out), rowwise=True); p = probs(fwd, texts); m = compute_metrics(Y, p, mem.thresholds, mem.labels)
        d = {k: float(m[f"f1/{k}"] - ref[f"f1/{k}"]) for k in known}
        print(f"{name:36s}{rate(fwd):9.1f}{out.stat().st_size/1e6:7.1f}{((p >= th) == (p_ref >= th)).mean():8.3f}{max(map(abs, d.values())):10.4f}  "
              + ", ".join(f"{k} {v:+.3f}" for k, v in d.items()), flush=True)

if __name__ == "__main__": main()
