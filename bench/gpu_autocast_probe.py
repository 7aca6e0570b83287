"""Probe for bench/gpu_precision.py: where mixed precision loses time on a small encoder. Fixed shapes, random tokens.

    python bench/gpu_autocast_probe.py [--encoder minilm] [--steps 40] [--seq 64]

Per batch size (32, 128) and mode (fp32, fp32 with TF32 matmuls, bf16 autocast, fp16 autocast): forward+backward+AdamW
steps/s of StatementClassifierModel (attention pooling, focal loss) and of a plain AutoModelForSequenceClassification on
the same encoder; then batch-1 and batch-64 forward passes/s under no_grad; then the torch.profiler table (top ops by
self CPU time) of a few bf16 training steps of ours, to show whether the time is on the GPU or in the host's dispatch."""
import argparse, sys, time, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); warnings.filterwarnings("ignore")
import torch
DEV = "cuda" if torch.cuda.is_available() else "cpu"   # cpu only to check the script
from transformers import AutoModelForSequenceClassification
from statement_classifier.models import StatementClassifierModel, make_loss, resolve_encoder

def _sync():
    if DEV == "cuda": torch.cuda.synchronize()

VOCAB = [30000]

def _inputs(bs, seq):
    ids = torch.randint(5, VOCAB[0], (bs, seq), device=DEV); am = torch.ones_like(ids); y = (torch.rand(bs, 6, device=DEV) > .7).float()
    return ids, am, y

def train_steps(model, loss_fn, dtype, bs, seq, steps):
    model.to(DEV).train(); opt = torch.optim.AdamW(model.parameters(), 1e-5); ids, am, y = _inputs(bs, seq)
    for i in range(steps + 5):
        if i == 5: _sync(); t0 = time.perf_counter()
        with torch.autocast(DEV, dtype=dtype or torch.bfloat16, enabled=dtype is not None):
            out = model(input_ids=ids, attention_mask=am); loss = loss_fn(out.logits.float(), y)
        loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step(); opt.zero_grad()
    _sync(); return steps/(time.perf_counter() - t0)

@torch.no_grad()
def forward_passes(model, dtype, bs, seq, n):
    model.to(DEV).eval(); ids, am, _ = _inputs(bs, seq)
    for i in range(n + 5):
        if i == 5: _sync(); t0 = time.perf_counter()
        with torch.autocast(DEV, dtype=dtype or torch.bfloat16, enabled=dtype is not None): model(input_ids=ids, attention_mask=am)
    _sync(); return n/(time.perf_counter() - t0)

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--encoder", default="minilm"); ap.add_argument("--steps", type=int, default=40); ap.add_argument("--seq", type=int, default=64)
    a = ap.parse_args(argv)
    enc = resolve_encoder(a.encoder)
    from transformers import AutoConfig
    VOCAB[0] = AutoConfig.from_pretrained(enc).vocab_size   # random ids inside the vocabulary
    print(f"device: {torch.cuda.get_device_name(0) if DEV == 'cuda' else 'cpu'} | torch {torch.__version__} | encoder {a.encoder} | seq {a.seq}", flush=True)
    makers = {"ours": lambda: StatementClassifierModel.from_encoder(enc),
              "plain": lambda: AutoModelForSequenceClassification.from_pretrained(enc, num_labels=6, problem_type="multi_label_classification", dtype=torch.float32)}
    modes = {"fp32": None, "tf32": "tf32", "bf16": torch.bfloat16, **({"fp16": torch.float16} if DEV == "cuda" else {})}
    loss = make_loss("focal")
    print("| model | batch | mode | train steps/s | samples/s |\n|---|---|---|---|---|")
    for bs in (32, 128):
        for name, mk in makers.items():
            for mname, dt in modes.items():
                torch.backends.cuda.matmul.allow_tf32 = dt == "tf32"; torch.manual_seed(0)
                sps = train_steps(mk(), loss, None if dt in (None, "tf32") else dt, bs, a.seq, a.steps)
                print(f"| {name} | {bs} | {mname} | {sps:.1f} | {sps*bs:.0f} |", flush=True)
    torch.backends.cuda.matmul.allow_tf32 = False
    print("\n| model | mode | forward/s batch 1 | forward/s batch 64 |\n|---|---|---|---|")
    for name, mk in makers.items():
        m = mk()
        for mname, dt in (("fp32", None), ("bf16", torch.bfloat16), *((("fp16", torch.float16),) if DEV == "cuda" else ())):
            print(f"| {name} | {mname} | {forward_passes(m, dt, 1, 32, 200):.0f} | {forward_passes(m, dt, 64, a.seq, 50):.0f} |", flush=True)
    from torch.profiler import profile, ProfilerActivity
    m = makers["ours"](); train_steps(m, loss, torch.bfloat16, 32, a.seq, 3)
    with profile(activities=[ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if DEV == "cuda" else [])) as prof: train_steps(m, loss, torch.bfloat16, 32, a.seq, 5)
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=15, max_name_column_width=40))
    m = makers["ours"](); train_steps(m, loss, None, 32, a.seq, 3)
    with profile(activities=[ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if DEV == "cuda" else [])) as prof: train_steps(m, loss, None, 32, a.seq, 5)
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=8, max_name_column_width=40))

if __name__ == "__main__": main()
