"""Benchmark (a): training throughput of our `train_model` against a plain `AutoModelForSequenceClassification` + `Trainer`
on the same encoder (the packaged MiniLM by default), data, epochs, batch size and truncation length.

    .venv/bin/python bench/train_throughput.py [--n 600] [--epochs 2] [--repeats 3] [--threads 2] [--bf16]

Two figures per run, best of `--repeats` interleaved runs in rotating order (other processes may share the CPU):
  - step samples/s: training samples / wall time of the optimizer steps alone (forward, backward, clipping, optimizer);
  - Trainer samples/s: the Trainer's own `train_samples_per_second`, i.e. over the whole `train()`, which for ours also
    holds a checkpoint per epoch (weights + optimizer state, for resume; the plain run saves none) and loading the best.
Both runs evaluate once per epoch. Calibration, threshold tuning and plots come after `train()` and show only in the
end-to-end seconds. `--bf16` adds our trainer with CPU bf16 autocast (mixed_precision="bf16")."""
import argparse, sys, tempfile, time, platform
from pathlib import Path
import torch

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--encoder", default="minilm"); ap.add_argument("--n", type=int, default=600, help="template records (70%% train)")
    ap.add_argument("--epochs", type=float, default=2); ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=64); ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2); ap.add_argument("--bf16", action="store_true")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    sys.path.insert(0, str(Path(__file__).parent))
    from _plain import plain_finetune, StepTimer
    from statement_classifier.data_gen import template_dataset, split_records
    from statement_classifier.training import TrainConfig, train_model
    tr, va, _ = split_records(template_dataset(a.n, seed=0), seed=0)
    common = dict(epochs=a.epochs, learning_rate=5e-5, batch_size=a.batch_size, max_length=a.max_length, seed=42)
    names = ["ours", "plain"] + (["ours_bf16"] if a.bf16 else [])
    step, trainer_sps, wall = ({k: [] for k in names} for _ in range(3))
    for rep in range(a.repeats):
        with tempfile.TemporaryDirectory() as d:
            for name in names[rep % len(names):] + names[:rep % len(names)]:   # rotate the order: no run always goes first
                t0, timer = time.time(), StepTimer()
                if name == "plain":
                    _, _, m, _ = plain_finetune(tr, va, a.encoder, out_dir=Path(d)/name, callbacks=[timer], **common)
                    sps = m["train_samples_per_second"]
                else:
                    cfg = TrainConfig(encoder=a.encoder, mixed_precision="bf16" if name == "ours_bf16" else True, **common)
                    sps = train_model(cfg, tr, va, Path(d)/name, callbacks=[timer], progress=False).samples_per_second
                n_samples = len(tr) * a.epochs
                step[name].append(n_samples / timer.seconds); trainer_sps[name].append(sps); wall[name].append(time.time() - t0)
                print(f"  repeat {rep+1} {name:10s} step {step[name][-1]:7.1f} samples/s   Trainer {sps:7.1f} samples/s   "
                      f"{wall[name][-1]:6.1f} s end to end", flush=True)
    print(f"\nmachine: {platform.machine()} CPU, torch threads {a.threads}, cuda {torch.cuda.is_available()}; encoder {a.encoder}; "
          f"{len(tr)} train / {len(va)} val records, {a.epochs} epochs, batch {a.batch_size}, max_length {a.max_length}; best of {a.repeats}")
    for k in names:
        print(f"{k:10s} step samples/s {max(step[k]):7.1f}   Trainer samples/s {max(trainer_sps[k]):7.1f}   end-to-end s {min(wall[k]):6.1f}")
    print(f"ratio ours / plain: step samples/s {max(step['ours']) / max(step['plain']):.2f}, "
          f"Trainer samples/s {max(trainer_sps['ours']) / max(trainer_sps['plain']):.2f}")
    if a.bf16: print(f"ratio ours bf16 / ours fp32 on this CPU (step samples/s): {max(step['ours_bf16']) / max(step['ours']):.2f}")

if __name__ == "__main__": main()
