"""Shared by the benchmarks: the *plain* fine-tune baseline (AutoModelForSequenceClassification + Trainer, BCE, CLS
pooler head, threshold 0.5) and small helpers. Not a test; not part of the package."""
import time, tempfile
import numpy as np, torch
from transformers import (TrainerCallback, AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments, DataCollatorWithPadding)
from transformers.trainer_callback import PrinterCallback
from statement_classifier.models import resolve_encoder, quiet_loading, sigmoid
from statement_classifier.training import RecordDataset


class StepTimer(TrainerCallback):
    "Wall time of the optimizer steps alone (forward, backward, clipping, optimizer), without evaluation and checkpoints"
    def __init__(self): self.seconds, self.steps, self._t = 0.0, 0, None
    def on_step_begin(self, args, state, control, **kw): self._t = time.perf_counter()
    def on_step_end(self, args, state, control, **kw):
        if self._t is not None: self.seconds += time.perf_counter() - self._t; self.steps += 1; self._t = None


def plain_finetune(train, val, encoder="minilm", epochs=2, learning_rate=5e-5, batch_size=16, max_length=64, seed=42,
                   out_dir=None, progress=False, callbacks=None):
    "Fine-tune `AutoModelForSequenceClassification` (multi-label, BCE) with a stock Trainer; returns (model, tokenizer, train metrics, wall s)"
    path = resolve_encoder(encoder)
    tok = AutoTokenizer.from_pretrained(path)
    torch.manual_seed(seed)
    with quiet_loading():
        model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=6, problem_type="multi_label_classification")
    tr, va = RecordDataset(train, tok, max_length), RecordDataset(val, tok, max_length)
    out_dir = out_dir or tempfile.mkdtemp(prefix="plain_")
    args = TrainingArguments(output_dir=str(out_dir), per_device_train_batch_size=batch_size, per_device_eval_batch_size=64,
                             num_train_epochs=epochs, learning_rate=learning_rate, eval_strategy="epoch", save_strategy="no",
                             logging_strategy="epoch", seed=seed, report_to="none", disable_tqdm=not progress,
                             dataloader_pin_memory=torch.cuda.is_available())
    trainer = Trainer(model=model, args=args, train_dataset=tr, eval_dataset=va, processing_class=tok,
                      data_collator=DataCollatorWithPadding(tok), callbacks=callbacks)
    if not progress: trainer.remove_callback(PrinterCallback)
    t0 = time.time()
    out = trainer.train()
    return trainer.model.eval(), tok, out.metrics, time.time() - t0


@torch.inference_mode()
def plain_proba(model, tok, texts, max_length=64, batch_size=64):
    "Sigmoid probabilities of a plain sequence-classification model"
    res = []
    for i in range(0, len(texts), batch_size):
        b = tok(texts[i:i+batch_size], padding=True, truncation=True, max_length=max_length, return_tensors="pt")
        res.append(model(**b).logits.float().numpy())
    return sigmoid(np.concatenate(res)) if res else np.zeros((0, 6))
