"""Probe for bench/gpu_precision.py: forward+backward steps/s of StatementClassifierModel and of a plain
AutoModelForSequenceClassification on the same MiniLM-shaped encoder, fp32 vs bf16 autocast, fixed shapes (batch 32 x 64)."""
import sys, time, tempfile, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); warnings.filterwarnings("ignore")
import torch
from transformers import AutoModelForSequenceClassification
from statement_classifier.models import make_tiny_encoder, StatementClassifierModel, make_loss

def bench(model, loss_fn, dtype, steps=60):
    model.cuda().train(); opt = torch.optim.AdamW(model.parameters(), 1e-4)
    ids = torch.randint(5, 300, (32, 64), device="cuda"); am = torch.ones_like(ids); y = (torch.rand(32, 6, device="cuda") > .7).float()
    for i in range(steps + 10):
        if i == 10: torch.cuda.synchronize(); t0 = time.time()
        with torch.autocast("cuda", dtype=dtype, enabled=dtype is not None):
            out = model(input_ids=ids, attention_mask=am)
            loss = loss_fn(out.logits.float(), y)
        loss.backward(); opt.step(); opt.zero_grad()
    torch.cuda.synchronize(); return steps / (time.time() - t0)

with tempfile.TemporaryDirectory() as d:
    enc = make_tiny_encoder("bert", Path(d)/"enc", hidden=384, layers=6, heads=12, vocab_size=4000, max_length=128)
    for name, mk in [("ours (attention pooling, focal)", lambda: StatementClassifierModel.from_encoder(str(enc))),
                     ("plain AutoModelForSequenceClassification", lambda: AutoModelForSequenceClassification.from_pretrained(str(enc), num_labels=6))]:
        for dt in (None, torch.bfloat16):
            print(f"{name}, {'bf16' if dt else 'fp32'}: {bench(mk(), make_loss('focal'), dt):.1f} steps/s")
