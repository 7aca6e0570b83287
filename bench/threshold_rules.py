"""Benchmark (stop 32): how the threshold rule of `metrics.tune_thresholds` changes a finished run's deployable. Not a test.

    .venv/bin/python bench/threshold_rules.py RUN [RUN ...] [--runs-dir runs] [--setting 0:0 --setting 0.02:1 --setting 0.02:1:0.01 ...]

For each run (a folder of `make run`), the deployable (`checkpoints/deploy`, else `checkpoints/ensemble`) scores once
its validation rows (those the ensemble stage fits on: `val.json` less the statements any member trained on, RLHF's
feedback included), its test split, the held-back everyday comments and the packaged hard cases. Then, for each
`--setting` TOL:SPARE[:CAP[:SE]] (`f1_tolerance`, `floor_spare`, a false-alarm cap in place of the run's or `-` for the run's,
and `f1_se`, the package default when left out), the thresholds are
tuned again on those validation probabilities (the run's recall floor and the ensemble stage's false-alarm cap unless CAP) and the decisions are made as `predict`
makes them (`StatementClassifier.decide`: denials, rules, `neutral` never beside another label). Printed per run and
setting: the thresholds, everyday self-harm and any-risk flags, `neutral` recall on the neutral-only comments, hard
cases passed (and the weakest benign category), and `self_harm_high` test recall and test macro F1 over known labels.
The deployable's own thresholds are printed first, as shipped. Only the thresholds change: each member keeps the
thresholds it was trained with (they enter a vote or a stack, not the mean).
With `--real ROOT` (the shared datasets folder) and a run of `bench/real_world.py`, the Dreaddit `stress` and SDCNL
self-harm F1 on that bench's holdouts (its seed and split, read from the run's real_world_bench.json) are printed too."""
import argparse, json, os, platform, sys, time, warnings
from pathlib import Path
from types import SimpleNamespace
import numpy as np

BENIGN = ("idiom", "negation", "third_person", "past_recovered", "help_seeking", "fiction_news")

def _setting(s:str)->tuple:
    try:
        tol, spare, *rest = s.split(":"); assert len(rest) <= 2
        cap = float(rest[0]) if rest and rest[0] != "-" else None
        return float(tol), int(spare), cap, (float(rest[1]) if len(rest) > 1 else None)
    except (ValueError, AssertionError): raise argparse.ArgumentTypeError(f"a setting is TOL:SPARE[:CAP[:SE]] (say 0.02:1, 0.02:1:0.01 or 0.02:1:-:0), got {s!r}")

def _tag(t, s, c, se)->str: return f"{t:g}:{s}" + (f":{c:g}" if c is not None else (":-" if se is not None else "")) + (f":{se:g}" if se is not None else "")

def real_holdouts(run:Path, root:Path)->dict:
    "name -> (texts, 0/1 truth) of `bench/real_world.py`'s Dreaddit and SDCNL holdouts for `run` ({} when not a bench run or no data)"
    f = run/"real_world_bench.json"
    if not f.is_file(): return {}
    sys.path.insert(0, str(Path(__file__).resolve().parent)); import real_world as rw
    st = json.loads(f.read_text()); out = {}
    for name, t in (("dreaddit", "stress"), ("sdcnl", "self_harm_any")):
        if not (root/name/"train.jsonl").is_file(): continue
        rows = rw.usable(rw.read_jsonl(root/name/"train.jsonl"), t)
        _, ho, _ = rw.split_rows(rows, t, st.get("seed", 42), st.get("holdout", 0.2), 0, st.get("n_holdout", 0))
        out[name] = ([rows[i]["text"] for i in ho], np.array([int(rows[i]["targets"][t]) for i in ho]))
    return out

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+"); ap.add_argument("--runs-dir", default="runs")
    ap.add_argument("--setting", action="append", type=_setting, help="TOL:SPARE[:CAP[:SE]], repeatable (default: 0:0:-:0 and the defaults)")
    ap.add_argument("--real", default=None, help="the shared datasets folder: also score a real_world run's Dreaddit and SDCNL holdouts")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    from statement_classifier.core import LABELS, load_records, load_hard_cases
    from statement_classifier.classifier import StatementClassifier
    from statement_classifier.ensemble import EnsembleStageConfig, _stage_data, train_overlap
    from statement_classifier.metrics import tune_thresholds, thresholds_array, F1_TOLERANCE, FLOOR_SPARE, F1_SE
    from statement_classifier.report import everyday_scores, hard_case_results, hard_case_rates
    from sklearn.metrics import f1_score
    settings = a.setting or [(0.0, 0, None, 0.0), (F1_TOLERANCE, FLOOR_SPARE, None, None)]
    cases = load_hard_cases()
    print(f"# threshold rules · {platform.node()} · {os.cpu_count()} CPUs · settings (f1_tolerance:floor_spare[:cap[:f1_se]], "
          f"f1_se {F1_SE:g} when not given) " + ", ".join(_tag(*st) for st in settings))
    for name in a.runs:
        run, t0 = Path(a.runs_dir)/name, time.time()
        d = run/"checkpoints"/"deploy"
        clf = StatementClassifier.load(d if (d/"manifest.json").exists() or (d/"config.json").exists() else run/"checkpoints"/"ensemble")
        val, test, train_texts = _stage_data(run)
        keep = ~train_overlap([r.text for r in val], train_texts) if train_texts is not None else np.ones(len(val), bool)
        val = [r for r, k in zip(val, keep) if k]
        ev = load_records(run/"everyday_holdout.json") if (run/"everyday_holdout.json").exists() else []
        parts = {"val": [r.text for r in val], "test": [r.text for r in test], "everyday": [r.text for r in ev], "hard": [c["text"] for c in cases]}
        real = real_holdouts(run, Path(a.real)) if a.real else {}
        parts.update({k: v[0] for k, v in real.items()})
        P = {k: clf.predict_proba(v) if v else np.zeros((0, len(LABELS))) for k, v in parts.items()}
        params = json.loads((run/"manifest.json").read_text()).get("parameters", {}) if (run/"manifest.json").exists() else {}
        floor, cap = clf.ensemble.recall_floor, float(params.get("ensemble_max_false_alarm", EnsembleStageConfig().ensemble_max_false_alarm))
        Yv, Yt = np.stack([r.targets for r in val]), (np.stack([r.targets for r in test]) if test else np.zeros((0, len(LABELS) + 1)))
        print(f"\n## {name}: {clf.kind} {clf.backend}; {len(val)} validation rows, {len(test)} test, {len(ev)} everyday, "
              f"{len(cases)} hard cases; recall floor {floor}, false-alarm cap {cap:g}; scored in {time.time() - t0:.0f} s")
        shipped = np.array(clf.thresholds, copy=True)
        for tag, th in [("shipped", shipped)] + [(_tag(*st), None) for st in settings]:
            if th is None:
                tol, spare, c, se = _setting(tag)
                th = thresholds_array(tune_thresholds(P["val"], Yv, floor, LABELS, cap if c is None else c, f1_tolerance=tol, floor_spare=spare,
                                                      **({} if se is None else {"f1_se": se})), LABELS)
            clf.ensemble.thresholds = th
            dec = {k: clf.decide(parts[k], P[k])[1] if parts[k] else np.zeros((0, len(LABELS)), bool) for k in ("test", "everyday", "hard", *real)}
            rf = {k: f1_score(y, dec[k][:, LABELS.index("stress")] if k == "dreaddit" else
                              dec[k][:, LABELS.index("self_harm_low")] | dec[k][:, LABELS.index("self_harm_high")]) for k, (_, y) in real.items()}
            preds = {k: [SimpleNamespace(labels=[l for l, o in zip(LABELS, row) if o]) for row in v] for k, v in dec.items()}
            e = everyday_scores(preds["everyday"], ev) if ev else {}
            h = hard_case_rates(hard_case_results(preds["hard"], cases))
            weak = min(((h[c][0] / h[c][1], c) for c in h if c in BENIGN), default=(float("nan"), "-"))
            j, f1 = LABELS.index("self_harm_high"), []
            pos = Yt[:, j] == 1
            rec = float(dec["test"][pos, j].mean()) if pos.any() else float("nan")
            for i in range(len(LABELS)):
                kn = ~np.isnan(Yt[:, i]); y, p = Yt[kn, i] == 1, dec["test"][kn, i]
                if kn.any(): f1.append(f1_score(y, p, zero_division=0))
            print(f"{tag:>10} | " + "".join(f"{k} F1 {v:.3f} | " for k, v in rf.items()) + f"everyday self-harm {e.get('flagged/self_harm_any', float('nan')):.1%} any {e.get('flagged/any_risk', float('nan')):.1%} "
                  f"neutral recall {e.get('recall/neutral', float('nan')):.3f} | hard {h['overall'][0]}/{h['overall'][1]} (weakest benign "
                  f"{weak[1]} {weak[0]:.0%}) | test (as predict decides) self_harm_high recall {rec:.3f}, macro F1 {np.mean(f1):.3f} | "
                  + " ".join(f"{l}={v:.3f}" for l, v in zip(LABELS, th)))
        clf.ensemble.thresholds = shipped

if __name__ == "__main__": main()
