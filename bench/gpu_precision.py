"""Mixed precision on a GPU: train_model with fp32, bf16 and fp16 on a MiniLM-shaped encoder (random init: the packaged
weights are not on the GPU machine) over template data; prints samples/s, final train loss and validation macro F1 per mode.
Usage: python bench/gpu_precision.py [N_RECORDS] [EPOCHS]"""
import sys, time, tempfile, dataclasses, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore")
import torch
from statement_classifier.data_gen import template_dataset
from statement_classifier.models import make_tiny_encoder
from statement_classifier.training import TrainConfig, train_model

n, epochs = (int(sys.argv[1]) if len(sys.argv) > 1 else 2000), (int(sys.argv[2]) if len(sys.argv) > 2 else 3)
recs = template_dataset(n, seed=0); k = int(.85*n); tr, va = recs[:k], recs[k:]
print("device:", torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu", "| torch", torch.__version__)
with tempfile.TemporaryDirectory() as d:
    enc = make_tiny_encoder("bert", Path(d)/"enc", hidden=384, layers=6, heads=12, vocab_size=4000, max_length=128)
    for mp in ("fp32", "bf16", "fp16"):
        cfg = TrainConfig(encoder=str(enc), epochs=epochs, batch_size=32, learning_rate=1e-4, max_length=64,
                          mixed_precision=(False if mp == "fp32" else mp), patience=100)
        t0 = time.time(); r = train_model(cfg, tr, va, Path(d)/mp, progress=False)
        h = r.history[-1] if r.history else {}
        print(f"{mp}: {r.samples_per_second:.0f} samples/s (Trainer), wall {time.time()-t0:.1f} s, last train_loss {h.get('train_loss')}, "
              f"val macro F1 at tuned thresholds {r.metrics['macro_f1']:.3f}")
