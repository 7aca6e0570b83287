"""Benchmark (stop 32): how the threshold rule of `metrics.tune_thresholds` changes a finished run's deployable. Not a test.

    .venv/bin/python bench/threshold_rules.py RUN [RUN ...] [--runs-dir runs] [--setting 0:0 --setting 0.02:1 --setting 0.02:1:0.01 ...]

For each run (a folder of `make run`), the deployable (`checkpoints/deploy`, else `checkpoints/ensemble`) scores once
its validation rows (those the ensemble stage fits on: `val.json` less the statements any member trained on, RLHF's
feedback included), its test split, the held-back everyday comments and the packaged hard cases. Then, for each
`--setting` TOL:SPARE[:CAP] (`f1_tolerance`, `floor_spare`, and a false-alarm cap in place of the run's), the thresholds are
tuned again on those validation probabilities (the run's recall floor and the ensemble stage's false-alarm cap unless CAP) and the decisions are made as `predict`
makes them (`StatementClassifier.decide`: denials, rules, `neutral` never beside another label). Printed per run and
setting: the thresholds, everyday self-harm and any-risk flags, `neutral` recall on the neutral-only comments, hard
cases passed (and the weakest benign category), and `self_harm_high` test recall and test macro F1 over known labels.
The deployable's own thresholds are printed first, as shipped. Only the thresholds change: each member keeps the
thresholds it was trained with (they enter a vote or a stack, not the mean)."""
import argparse, json, os, platform, time, warnings
from pathlib import Path
from types import SimpleNamespace
import numpy as np

BENIGN = ("idiom", "negation", "third_person", "past_recovered", "help_seeking", "fiction_news")

def _setting(s:str)->tuple:
    try: tol, spare, *cap = s.split(":"); assert len(cap) <= 1; return float(tol), int(spare), (float(cap[0]) if cap else None)
    except (ValueError, AssertionError): raise argparse.ArgumentTypeError(f"a setting is TOL:SPARE[:CAP] (say 0.02:1 or 0.02:1:0.01), got {s!r}")

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+"); ap.add_argument("--runs-dir", default="runs")
    ap.add_argument("--setting", action="append", type=_setting, help="TOL:SPARE[:CAP], repeatable (default: 0:0 and the defaults)")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    from statement_classifier.core import LABELS, load_records, load_hard_cases
    from statement_classifier.classifier import StatementClassifier
    from statement_classifier.ensemble import EnsembleStageConfig, _stage_data, train_overlap
    from statement_classifier.metrics import tune_thresholds, thresholds_array, F1_TOLERANCE, FLOOR_SPARE
    from statement_classifier.report import everyday_scores, hard_case_results, hard_case_rates
    from sklearn.metrics import f1_score
    settings = a.setting or [(0.0, 0, None), (F1_TOLERANCE, FLOOR_SPARE, None)]
    cases = load_hard_cases()
    print(f"# threshold rules · {platform.node()} · {os.cpu_count()} CPUs · settings (f1_tolerance:floor_spare) "
          + ", ".join(f"{t:g}:{s}" + (f":{c:g}" if c is not None else "") for t, s, c in settings))
    for name in a.runs:
        run, t0 = Path(a.runs_dir)/name, time.time()
        d = run/"checkpoints"/"deploy"
        clf = StatementClassifier.load(d if (d/"manifest.json").exists() or (d/"config.json").exists() else run/"checkpoints"/"ensemble")
        val, test, train_texts = _stage_data(run)
        keep = ~train_overlap([r.text for r in val], train_texts) if train_texts is not None else np.ones(len(val), bool)
        val = [r for r, k in zip(val, keep) if k]
        ev = load_records(run/"everyday_holdout.json") if (run/"everyday_holdout.json").exists() else []
        parts = {"val": [r.text for r in val], "test": [r.text for r in test], "everyday": [r.text for r in ev], "hard": [c["text"] for c in cases]}
        P = {k: clf.predict_proba(v) if v else np.zeros((0, len(LABELS))) for k, v in parts.items()}
        params = json.loads((run/"manifest.json").read_text()).get("parameters", {}) if (run/"manifest.json").exists() else {}
        floor, cap = clf.ensemble.recall_floor, float(params.get("ensemble_max_false_alarm", EnsembleStageConfig().ensemble_max_false_alarm))
        Yv, Yt = np.stack([r.targets for r in val]), (np.stack([r.targets for r in test]) if test else np.zeros((0, len(LABELS) + 1)))
        print(f"\n## {name}: {clf.kind} {clf.backend}; {len(val)} validation rows, {len(test)} test, {len(ev)} everyday, "
              f"{len(cases)} hard cases; recall floor {floor}, false-alarm cap {cap:g}; scored in {time.time() - t0:.0f} s")
        shipped = np.array(clf.thresholds, copy=True)
        for tag, th in [("shipped", shipped)] + [(f"{t:g}:{s}" + (f":{c:g}" if c is not None else ""), None) for t, s, c in settings]:
            if th is None:
                tol, spare, c = _setting(tag)
                th = thresholds_array(tune_thresholds(P["val"], Yv, floor, LABELS, cap if c is None else c, f1_tolerance=tol, floor_spare=spare), LABELS)
            clf.ensemble.thresholds = th
            dec = {k: clf.decide(parts[k], P[k])[1] if parts[k] else np.zeros((0, len(LABELS)), bool) for k in ("test", "everyday", "hard")}
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
            print(f"{tag:>8} | everyday self-harm {e.get('flagged/self_harm_any', float('nan')):.1%} any {e.get('flagged/any_risk', float('nan')):.1%} "
                  f"neutral recall {e.get('recall/neutral', float('nan')):.3f} | hard {h['overall'][0]}/{h['overall'][1]} (weakest benign "
                  f"{weak[1]} {weak[0]:.0%}) | test (as predict decides) self_harm_high recall {rec:.3f}, macro F1 {np.mean(f1):.3f} | "
                  + " ".join(f"{l}={v:.3f}" for l, v in zip(LABELS, th)))
        clf.ensemble.thresholds = shipped

if __name__ == "__main__": main()
