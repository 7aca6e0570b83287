"""Benchmark: how often the rule stage of statement_classifier.ensemble fires on real, human-written posts
(../shared/datasets; skipped cleanly when absent). Rules only, no model: counts, never the posts themselves.

    .venv/bin/python bench/rule_stage_real.py [--model PATH] [--n 1500]

With `--model` (a checkpoint or ensemble folder), also how often the rule stage changes that model's labels
(`rule_stage_report`: statements whose label set the rules changed) on up to `--n` texts per dataset.

- goemotions (dev): everyday comments. A rule raising a risk label here is almost always a false alarm.
- sdcnl: r/SuicideWatch (self_harm_any=1) vs r/depression posts: a self-harm rule should fire more on the former.
- dreaddit: the unsafe_environment rules by subreddit (domesticviolence / survivorsofabuse vs the rest)."""
import argparse, json, sys, time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent/"shared"/"datasets"

def _read(p): return [json.loads(l) for l in open(p, encoding="utf-8")]

def _with_model(path, n):
    "Change rate of the rule stage over a model's own labels, per dataset"
    import numpy as np, torch
    torch.set_num_threads(1)
    from statement_classifier.ensemble import StatementClassifier, rule_stage_report
    clf = StatementClassifier.load(path)
    sets = {"goemotions dev": ROOT/"goemotions"/"dev.jsonl", "sdcnl": ROOT/"sdcnl"/"train.jsonl"}
    for name, p in sets.items():
        if not p.exists(): continue
        rs = _read(p)[:n]; texts = [r["text"] for r in rs]
        probs = clf.predict_proba(texts, batch_size=64)
        rep = rule_stage_report(texts, probs, clf.thresholds, labels=clf.labels)
        print(f"{name} with {path}: {rep['n']} texts; rules fired on {rep['n_fired']}, changed the model's labels on {rep['n_changed']} "
              f"({rep['change_rate']:.1%}); raised {rep['raised']}")

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None); ap.add_argument("--n", type=int, default=1500)
    a = ap.parse_args()
    if not ROOT.is_dir(): print(f"skipped: {ROOT} not found"); return
    from statement_classifier.ensemble import rule_hits
    t0 = time.time(); n_all = 0
    def fires(texts):
        nonlocal n_all; n_all += len(texts)
        return [{h["label"] for h in rule_hits(t)} for t in texts]
    if (ROOT/"goemotions"/"dev.jsonl").exists():
        ge = _read(ROOT/"goemotions"/"dev.jsonl"); f = fires([r["text"] for r in ge])
        c = Counter(l for s in f for l in s)
        print(f"goemotions dev: {len(ge)} comments; a rule fired on {sum(bool(s) for s in f)} ({sum(bool(s) for s in f)/len(ge):.2%}); by label {dict(c)}")
    if (ROOT/"sdcnl"/"train.jsonl").exists():
        sd = _read(ROOT/"sdcnl"/"train.jsonl")
        for v, name in ((1, "SuicideWatch"), (0, "depression")):
            rs = [r for r in sd if r["targets"].get("self_harm_any") == v]; f = fires([r["text"] for r in rs])
            sh = sum(bool(s & {"self_harm_low", "self_harm_high"}) for s in f); hi = sum("self_harm_high" in s for s in f)
            print(f"sdcnl {name}: {len(rs)} posts; a self-harm rule fired on {sh} ({sh/len(rs):.1%}), self_harm_high on {hi} ({hi/len(rs):.1%})")
    if (ROOT/"dreaddit"/"train.jsonl").exists():
        dr = _read(ROOT/"dreaddit"/"train.jsonl"); f = fires([r["text"] for r in dr])
        grp = lambda r: "abuse forums" if r["meta"].get("subreddit") in ("domesticviolence", "survivorsofabuse") else "other forums"
        for g in ("abuse forums", "other forums"):
            idx = [i for i, r in enumerate(dr) if grp(r) == g]
            u = sum("unsafe_environment" in f[i] for i in idx); s = sum(bool(f[i] & {"self_harm_low", "self_harm_high"}) for i in idx)
            print(f"dreaddit {g}: {len(idx)} segments; unsafe_environment rule fired on {u} ({u/len(idx):.1%}), a self-harm rule on {s} ({s/len(idx):.1%})")
    print(f"{n_all} texts in {time.time() - t0:.1f} s")
    if a.model: _with_model(a.model, a.n)

if __name__ == "__main__": main()
