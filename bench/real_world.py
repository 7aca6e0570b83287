"""Benchmark (issue 12): the WHOLE series through the runner on generated data + real datasets, every stage's model scored
on real holdouts it never saw, next to two anchors trained in the same run on the same data.

    .venv/bin/python bench/real_world.py [--quick] [--name real_world] [--encoder2 mpnet] [--score-only] [-p KEY=VALUE ...]

Data (../shared/datasets/; skipped with a message, exit 0, when absent):
  dreaddit   train.jsonl, target `stress`         seeded, stratified 80/20 split: 80 % -> training pool, 20 % -> holdout
  sdcnl      train.jsonl, target `self_harm_any`  the same; `emotional_distress` (1 for every post) goes in as the file says
  goemotions train.jsonl, target `neutral`        the same (its 20 % is left unused); `dev.jsonl` (seeded subsample) is the
             *everyday* holdout: share of comments flagged `self_harm_*` / any risk label, `neutral` recall on neutral-only ones.
             The pipeline reads the training part as the main job reads its packaged copy (`everyday_pool`): `neutral` known
             only on neutral-only comments, the risk labels known negative (everyday comments; --no-everyday-negatives)
The training pool of each dataset (a seeded stratified subsample of its 80 %) is written as JSONL in the shared format to
the cache folder and goes in through the runner's `extra_train`; the runner splits each dataset into its own train/val/test.
Generated data (templates, `n_llm` statements from the local LLM) is pooled with it as usual.

What is scored, on the three holdouts (F1 and ROC-AUC of the dataset's target; `self_harm_any` = low or high over threshold,
probability 1 - (1 - p_low)(1 - p_high)):
  stages     checkpoints/{baseline,advanced,hpo,rlhf} and checkpoints/ensemble, each at its own thresholds, model only
  deployable checkpoints/deploy with its rule stage on, scored through its torch fp32 members (the stage rows' weights, so
             their cached holdout scores; stop 38 scored it through ONNX anew: 376 s); loaded as shipped (its default
             backend), `StatementClassifier.predict` must agree on the first 32 texts of each holdout (gap < 1e-4).
             Every row is scored through backend="torch" (the trained fp32 model)
  extra      other checkpoints of the run (self_train, the `archs` members) when their weights differ
  anchors    per dataset, trained on that dataset's training pool alone (what the pipeline got from it, before the runner
             took its own val/test out): TF-IDF (word 1-2 grams) + logistic regression (class_weight balanced, threshold 0.5)
             and a plain AutoModelForSequenceClassification (2 classes) + stock Trainer fine-tune of the same encoder at the
             same max_length (threshold 0.5). The sdcnl anchors give the everyday self-harm false alarms (they have no other
             risk label, so their "any risk" = self-harm); the goemotions anchors give neutral recall.
Anchors' scores are cached under <cache>/anchors/ by a hash of their settings and data, so a rerun trains only the pipeline.
What each stage changed: each stage's row against what it was built on (advanced and HPO: the model before; RLHF: its
starting model; the ensemble: its best member in each column; the deployable: the ensemble), a verdict per stage, and the
facts behind it read from the run (HPO's trials and whether its model was retrained, RLHF's feedback by source, how alike
the ensemble's members score the holdouts).
Holdout intervals (since stop 48): each line of the target checks carries a 95 % percentile bootstrap interval (1,000
resamples of the holdout's texts, seeded, `scipy.stats.bootstrap`): the deployable's own value next to each target, and its
difference from each anchor on the same texts (paired). A holdout of 561 or 302 posts measures F1 and ROC-AUC to a few
hundredths; a "beats" smaller than that is not a finding. rwN scored again (--score-only; the intervals took 34 s):
Dreaddit F1 0.818 (0.783 to 0.849: 0.83 lies inside), SDCNL F1 0.749 (0.696 to 0.797), ROC-AUC 0.762 (0.704 to 0.813);
against the plain anchor every Dreaddit and SDCNL difference is within the noise (Dreaddit F1 -0.013, -0.034 to +0.010;
ROC-AUC -0.010, -0.023 to +0.003; SDCNL F1 +0.015, -0.034 to +0.068; ROC-AUC -0.016, -0.068 to +0.032), while Dreaddit
against TF-IDF and every everyday column clear zero. The table of what each stage changed counts a change as better or
worse only where its paired interval excludes zero (marked *; before, any change of 0.01 or 0.2 pp): in rwN RLHF's
+0.003 / +0.005 on Dreaddit and -0.031 / -0.017 on SDCNL are noise, its everyday gains are not (verdict "helps", 3 better,
0 worse; before "mostly better", 3 better, 2 worse); the advanced model's +0.028 SDCNL ROC-AUC over the baseline is noise.
All intervals of a run: 98 s. The same recipe reseeded moves as much (the advanced model retrained on rwN's train.json
with seed 43 instead of 42: Dreaddit 0.821 / 0.879 -> 0.811 / 0.891, SDCNL 0.749 / 0.756 -> 0.727 / 0.742).
Stop 48, run rwP (rwN's settings with --max-false-alarm 0.02; 40.2 min, anchors cached; runner 36.2: 02 20.5): the same
models, other thresholds. The ensemble and RLHF tune on the 99 calm validation rows RLHF's feedback leaves them, where a 1 %
cap allows no false alarm at all (the threshold sits above the highest-scoring calm row: `self_harm_high` 0.60 in rwN)
and 2 % allows one (0.35). Deployable, rwN -> rwP: everyday 0.7 % / 0.9 % and neutral recall 0.948 unchanged, Dreaddit
0.818 / 0.886 unchanged, SDCNL 0.749 / 0.762 -> 0.741 / 0.761, hard cases 207 -> 210 of 248 (explicit intent 10 -> 13 of 16,
a risk sentence at the end of a long text 9 -> 12, indirect 8 -> 10, passive 12 -> 13; third person 15 -> 10, distress
15 -> 14). The default stays 0.01 here and in the notebooks until the main job is measured at 0.02 (one run, one seed).
Stop 49, run rwQ (rwP's settings, --seed 43: another 80/20 split, so the anchors were trained anew; 47.9 min: anchors 12.5,
runner 31.8 (02 19.3), scoring and intervals 3.5): the second seed of the 2 % cap; on its own it would not justify it. Here the
deployable is the RLHF model (06's choice on validation macro PR-AUC), tuned on 287 rows, 99 calm; its thresholds re-tuned
at 1 % on the same rows (a /tmp script; at 2 % it gives the shipped self-harm thresholds): `self_harm_low` / `_high` 0.187 /
0.175 at 1 %, 0.142 / 0.141 at 2 %; everyday self-harm 1.07 % -> 1.40 %, explicit intent 13 -> 14 of 16, hard cases 202 both,
SDCNL F1 0.710 -> 0.704. So 2 % bought three explicit-intent statements on seed 42 and one on seed 43, and cost the everyday
rate 0.33 pp on seed 43 (over the 1 % target at either cap). The main job (its defaults, seed 43, run mj49, 21.8 min) re-tuned
the same way: `self_harm_high` 0.765 -> 0.160, explicit intent 12 -> 15, hard cases 221 -> 230, everyday self-harm 0.33 % ->
0.53 % (seed 42, mj48: nothing changed); rerun end to end at 2 % (mj49b, 23.0 min) it lands on the same threshold and
figures, and its own 990 held-back everyday comments go 0.2 % -> 0.9 % self-harm. On these four runs the notebooks' default became 0.02 (04_ensemble's parameters
have the table), and this bench passes the notebooks' default unless told (--max-false-alarm). rwQ's deployable,
as shipped at 2 %: Dreaddit 0.820 / 0.888, SDCNL 0.704 / 0.746, everyday 1.4 % / 1.4 %, neutral recall 0.973; anchors on the
same split: TF-IDF 0.803 / 0.865, 0.664 / 0.741; plain fine-tune 0.836 / 0.907, 0.722 / 0.777. Against the plain anchor
Dreaddit ROC-AUC -0.020 (paired interval -0.035 to -0.006: worse, beyond the noise; seed 42: -0.010, -0.023 to +0.003),
the other Dreaddit and SDCNL gaps within the noise (F1 -0.016, SDCNL -0.017 / -0.032). Best pipeline row on Dreaddit: the
baseline (0.824 / 0.896). HPO's proxy (2 epochs on 400 records) is worse in every column (SDCNL ROC-AUC 0.416).

Stop 47, run rwN (rwL's settings, anchors cached): every model choice now counts `self_harm_any` where a dataset labels
only the group (`metrics.macro_columns`; before, SDCNL's forum labels were invisible to the best epoch, HPO's objective and the
ensemble's and deployable's choices). 41.3 min (runner 38.9: 00 1.4, 01 0.3, 02 22.2, 03 6.0, 04 1.9, 05 4.2, 06 2.9; a slower
day than rwL's: 02 trains the same two models). The advanced model now keeps epoch 3 (rwL: epoch 2): Dreaddit 0.814 / 0.875 ->
0.821 / 0.879, SDCNL 0.682 / 0.747 -> 0.749 / 0.756, neutral recall 0.895 -> 0.932, any risk flagged 1.0 % -> 1.1 %. The
deployable: Dreaddit 0.828 / 0.889 -> 0.818 / 0.886, SDCNL 0.714 / 0.758 -> 0.749 / 0.762 (beats the plain anchor's F1 0.734,
not its ROC-AUC 0.778), everyday 0.7 % / 0.9 % both, neutral recall 0.937 -> 0.948, hard cases 207 against 208 of 248.
Default settings (stop 46, run rwL, seed 42, a quiet 2-core CPU): 44.6 min with the plain anchors trained (anchors 11.2 min:
plain Dreaddit 391 s, SDCNL 206 s, GoEmotions 73 s; runner 31.5 min: 00 1.2, 01 0.2, 02 17.4, 03 4.9, 04 1.6, 05 3.7, 06 2.5;
scoring 1.9 min), so about 34 min with the anchors cached. Since stop 46 the models read 256-token windows (max_length:
validation, thresholds, predict; the plain anchor its first 256 tokens) and train on 128-token windows (window_length: a
long record's head and tail; the plain anchor its first 128), at 16 % more runner time than rwZ
(on a day as slow as rwW's, 1.9x, about 85 min with the anchors trained: an estimate, not a run). rwL against rwZ (all 128),
the deployable: Dreaddit F1 / ROC-AUC 0.816 / 0.887 -> 0.828 / 0.889, SDCNL 0.721 / 0.747 -> 0.714 / 0.758, everyday and hard
cases the same (0.7 % / 0.9 %, neutral recall 0.937; 208 against 209 of 248); the plain anchor gained more from reading
256 tokens (Dreaddit 0.822 / 0.895 -> 0.831 / 0.896, SDCNL 0.698 / 0.760 -> 0.734 / 0.778). Training at 256 as well cost
the advanced model 712 s against 424 s and ranked SDCNL no better (0.746 against 0.747 read at 256, trained at 128);
the plain anchor trained and read at 256: 0.812 / 0.895, 0.731 / 0.768, in 1,410 s against 670 s.
Stop 44, run rwZ (max_length 128, no window_length), seed 42, anchors cached, a quiet 2-core CPU that day: 28.9 min (runner 27.1 min: 00 1.1,
01 0.2, 02 15.3, 03 4.4, 04 1.3, 05 2.8, 06 2.1; scoring 1.7 min); the anchors, trained the same day in rwY on a fresh
machine, add 9.9 min (plain Dreaddit 344 s, SDCNL 187 s, GoEmotions 62 s), so about 39 min from a fresh machine. rwZ is the
first run with `predict` reading a long text's windows alone (not also each sentence: see 01_models); rwY, the same
settings and code before that change, took 47.0 min with the anchors trained (runner 33.7 min: 00 1.8, 01 0.2, 02 16.6,
03 5.3, 04 2.6, 05 3.4, 06 3.8; scoring 3.3 min). Since stop 44 the default takes 1,500 GoEmotions comments (2,000
before) and keeps HPO's best trial's model instead of retraining its configuration on all records (hpo_retrain off;
--hpo-retrain puts the retrain back: about 15 of rwW's 22 min in 05, and 04 builds the ensemble before 05 runs, so only the
HPO row and 06's choice among the rows see it; rwY's HPO row is that 400-record proxy and scores below the advanced model).
The machine's day decides more than the settings: rwY's 02 took 16.6 min on 4,581 training records, rwW's 34.5 on 5,009,
about 1.9x slower per record; on a day like rwW's, rwZ's settings would come to about 75 min with the anchors trained
(an estimate from those ratios, not a run).
Stop 42, run rwW, seed 42, anchors cached, 2-core CPU with 20-33 % CPU steal that day: 89.8 min (runner 83.7 min:
00 3.1, 01 0.4, 02 34.5, 03 12.2, 04 4.2, 05 22.1, 06 7.1; scoring 5.8 min): self-training off (611 s of rwV's 03): 03 took 12.2 min against rwV's 20.4,
and the slower machine took it back (02 34.5 against rwV's 28.4 on the same amount of data), so on a slow day the default still
has no margin; the next cut to try is HPO's retrain of the best trial (about 15 of 05's 22 min) or 1,500 GoEmotions comments.
rwW's data carried stop 42's extra third-person and negation templates, backed out after that run (they did not help); they
change which statements are drawn, not how many, so not the time.
Stop 41, run rwV, with self-training: 89.9 min, at the issue's 90-min limit (runner 82.9 min:
00 2.8, 01 0.4, 02 28.4, 03 20.4, 04 5.5, 05 17.9, 06 7.5; scoring 6.7 min); the same code and data to 04 in stop 40's rwU took 02 27.0,
03 18.1: the same run varies 5-13 % from one day to the next on this machine, so the default has no margin left.
Stop 39, seed 42, anchors cached, 2-core CPU: 82.7 min with HPO's best trial retrained (runner 76.6 min: 02 25.4,
03 17.7, 04 5.3, 05 17.9, 06 7.7; scoring 5.9 min, the deployable 35 s through its members' cached scores); stop 38, the
deployable scored anew through ONNX (376 s): 95.1 min; stop 37, HPO copying the advanced model: 84.3 min. Earlier,
smaller-cost figures: stop 33, 46.4 min on a quiet 2-core machine: runner 39.4 min (02 17.7 min, 03 10.1, 04 2.8, 05 2.6
with HPO's best configuration the advanced one, so copied, 06 5.0), scoring 6.9 min, most of it the deployable's ONNX
export and scoring; stop 30: 44.0 min); training the anchors adds about 10 min (Dreaddit 5.8, SDCNL 2.8, GoEmotions 1.4).
Stop 28, with 400 GoEmotions comments and a 5 % cap: 41.3 min cached):
  max_length 256 tokens read, window_length 128 tokens trained (pipeline and plain anchor; 128 for both before stop 46); epochs 3 (pipeline and plain anchor; 2 before stop 27); batch 16
  learning rate 5e-5 for the pipeline's training stage (train_learning_rate; the notebook's 1e-4 before stop 38) and the plain
  anchor. Stop 38, advanced model retrained on rwQ's train.json, holdouts F1 / ROC-AUC at 1e-4 -> 5e-5: seed 42 Dreaddit
  0.776 / 0.876 -> 0.791 / 0.878, SDCNL 0.669 / 0.729 -> 0.720 / 0.750; seed 43 Dreaddit 0.775 / 0.855 -> 0.803 / 0.884, SDCNL
  0.481 / 0.730 -> 0.678 / 0.750; everyday false alarms <= 0.13 % either way
  training pools: all of dreaddit's (2,270) and sdcnl's (1,212) 80 % parts, goemotions 1,500 (2,000, the scale the main job trains on, to stop 43);
  generated: n_generate 500, n_llm 16
  (4,581 training records after the runner takes its val/test; 5,009 with 2,000 GoEmotions comments, 3,736 with 400);
  --n-dreaddit 700 --n-sdcnl 500 is the smaller run of
  stops 23-24 (about 27 min)
  holdouts: all of dreaddit's (561) and sdcnl's (302) 20 %, less texts also in their 80 %; everyday: 1500 of GoEmotions dev
  (less comments whose text is also in GoEmotions train)
  HPO 3 trials x 2 epochs on 400 records, the best trial's model kept (hpo_retrain off, since stop 44); RLHF 2 epochs, without its self-training experiment since stop 42 (rlhf_self_train
  false; --self-train puts it back: an extra row that no stage builds on and the ensemble does not use, 611 s of rwV's 89.9 min);
  max_false_alarm: the notebooks' default, 0.02 since stop 49 (train, rlhf and ensemble stages; 0.01 passed explicitly before: the issue's
  everyday target is 1 %; on this mix the self-harm recall floor is out of reach, so the cap sets the operating point;
  at 0.05 with 400 GoEmotions comments, stop 28's deployable flagged 3.9 % of everyday comments as self-harm);
  the notebooks' defaults for everything else (train_window, hpo_metric, recall floors, ...). Since stop 40 those train
  long records on one window (train_window_parts 0; 3 before) and weigh generated records 3x (generated_weight; 1 before):
  see 02_training. Stop 40 timed no full run (its figures come from the series run to 04_ensemble); stop 41's rwV is
  the full default run of these settings (the times above)
--encoder2 mpnet (stop 45, run rwM, with --epochs 2 to fit the time; same quiet machine as rwZ): 62.4 min with the anchors
cached (runner 57.6: 02 39.5 of it, mpnet's training 26.5; scoring 4.7). MiniLM stayed the advanced model (validation macro
F1 0.692 against mpnet's 0.687) and mpnet joined the ensemble: deployable Dreaddit 0.827 / 0.898, SDCNL 0.741 / 0.743,
everyday 0.5 % / 0.5 %, neutral recall 0.953, hard cases 206 / 248 (rwZ: 0.816 / 0.887, 0.721 / 0.747, 0.7 % / 0.9 %, 0.937,
209 / 248); mpnet alone 0.838 / 0.895, 0.742 / 0.752. Not the default: about 72 min from a fresh machine on a quiet day
leaves no margin for a slow one, and 2 epochs cost the MiniLM models on SDCNL (advanced ROC-AUC 0.706 against rwZ's 0.726).
Output: one table printed and written as runs/<name>/real_world.md and real_world.json; texts are never printed."""
import argparse, hashlib, json, os, platform, shutil, sys, time
from collections import Counter
from pathlib import Path
import numpy as np

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO.parent/"shared"/"datasets"
ANCHOR_VERSION = 1      # bump when the anchors' code changes: old cache entries are then ignored
MARKER = "real_world_bench.json"
TARGET = {"dreaddit": "stress", "sdcnl": "self_harm_any", "goemotions": "neutral"}   # dataset -> the target it is split on
EVERYDAY_NEGATIVE = ["unsafe_environment", "self_harm_low", "self_harm_high"]
STAGE_ROWS = ("baseline", "advanced", "hpo", "rlhf", "ensemble")

PRESETS = {
    "default": dict(max_length=256, window_length=128, epochs=3, batch_size=16, learning_rate=5e-5, n_dreaddit=0, n_sdcnl=0, n_goemotions=1500, n_holdout=0,
                    n_everyday=1500, n_generate=500, n_llm=16, hpo_trials=3, hpo_epochs=2, hpo_train_size=400, rlhf_epochs=2,
                    rlhf_pool_n=200, plain_epochs=3, self_train=False, hpo_retrain=False),
    "quick": dict(max_length=64, window_length=0, epochs=1, batch_size=16, learning_rate=1e-4, n_dreaddit=120, n_sdcnl=100, n_goemotions=80, n_holdout=120,
                  n_everyday=250, n_generate=200, n_llm=0, hpo_trials=2, hpo_epochs=1, hpo_train_size=100, rlhf_epochs=1,
                  rlhf_pool_n=40, plain_epochs=1, self_train=True, hpo_retrain=True),
}

def _digest(o)->str: return hashlib.sha256(json.dumps(o, sort_keys=True, default=str).encode()).hexdigest()[:16]

def read_jsonl(p)->list:
    with open(p, encoding="utf-8") as f: return [json.loads(l) for l in f if l.strip()]

def cache_root(a=None)->Path:
    if a is not None and getattr(a, "cache_dir", None): return Path(a.cache_dir)
    return Path(os.environ.get("STATEMENT_CLASSIFIER_CACHE", Path.home()/".cache"/"statement_classifier"))/"bench"/"real_world"

# ---------------------------------------------------------------------------------------------------------------- data
def _subsample(idx, y, n, seed):
    "A seeded stratified subsample of `idx` of size `n` (all of it when n is 0 or too big)"
    from sklearn.model_selection import train_test_split
    idx = np.asarray(idx)
    if not n or n >= len(idx): return idx
    keep, _ = train_test_split(idx, train_size=n, stratify=y[idx], random_state=seed)
    return keep

def split_rows(rows:list, target:str, seed:int, holdout:float=0.2, n_train:int=0, n_holdout:int=0)->tuple:
    """Indices (train pool, holdout, n dropped) of `rows`: seeded 80/20 split stratified on `target`; holdout rows whose
    normalised text is also in the 80 % part are dropped (never scored on a text trained on); each part subsampled (stratified)"""
    from sklearn.model_selection import train_test_split
    from statement_classifier.core import normalize_text
    y = np.array([int(r["targets"][target]) for r in rows])
    tr, ho = train_test_split(np.arange(len(rows)), test_size=holdout, stratify=y, random_state=seed)
    seen = {normalize_text(rows[i]["text"]) for i in tr}
    kept = np.array([i for i in ho if normalize_text(rows[i]["text"]) not in seen], int)
    return sorted(_subsample(tr, y, n_train, seed).tolist()), sorted(_subsample(kept, y, n_holdout, seed).tolist()), len(ho) - len(kept)

def usable(rows:list, target:str)->list:
    "Rows with a text and a 0/1 value for `target`"
    return [r for r in rows if isinstance(r.get("text"), str) and r["text"].strip() and r.get("targets", {}).get(target) in (0, 1)]

def write_pool(rows:list, path:Path)->Path:
    "The training pool as JSONL in the shared format (id, text, targets, meta), written once (atomically)"
    from statement_classifier.core import atomic_write_text
    if not path.exists():
        atomic_write_text(path, "".join(json.dumps({k: r.get(k) for k in ("id", "text", "targets", "meta")}, ensure_ascii=False) + "\n"
                                        for r in rows))
    return path

def everyday_pool(pool:list, negatives:bool=True)->list:
    """GoEmotions rows in the shared format, labelled as the main job labels its packaged copy (`data_gen.everyday_record`):
    `neutral` known 1 on neutral-only comments and unknown on the others (a joyful or admiring comment is no risk, and our
    `neutral` means "nothing of concern", so GoEmotions' "not neutral" is not our 0), the risk labels known 0 (`negatives`;
    the self-harm ones left unknown where the comment has a self-harm cue). The anchors keep the file's own `neutral` target"""
    from statement_classifier.data_gen import everyday_record
    out = []
    for r in pool:
        rec = everyday_record({"id": r["id"], "text": r["text"], "emotions": (r.get("meta") or {}).get("emotions") or
                               (["neutral"] if r["targets"].get("neutral") == 1 else ["other"])})
        t = {k: v for k, v in rec.labels.items() if v is not None and (negatives or k not in EVERYDAY_NEGATIVE)}
        if t: out.append({"id": r["id"], "text": r["text"], "targets": t, "meta": r.get("meta") or {}})   # a row that knows nothing teaches nothing
    return out

def prepare_data(root:Path, a, cache:Path)->dict:
    "Read the shared datasets, split them, write the training pools; None when the folder or a file is absent"
    files = {n: root/n/"train.jsonl" for n in TARGET} | {"everyday": root/"goemotions"/"dev.jsonl"}
    missing = [str(f) for f in files.values() if not f.exists()]
    if missing: return {"missing": missing}
    from statement_classifier.core import normalize_text
    n_train = {"dreaddit": a.n_dreaddit, "sdcnl": a.n_sdcnl, "goemotions": a.n_goemotions}
    out = {"pools": {}, "holdouts": {}, "specs": [], "counts": {}}
    for name, t in TARGET.items():
        rows = usable(read_jsonl(files[name]), t)
        tr, ho, dropped = split_rows(rows, t, a.seed, a.holdout, n_train[name], a.n_holdout)
        pool = [rows[i] for i in tr]
        d = cache/"data"/_digest([r["id"] for r in pool])/name
        f = (write_pool(pool, d/"train.jsonl") if name != "goemotions" else   # goemotions: read as the main job reads its packaged copy
             write_pool(everyday_pool(pool, a.everyday_negatives), d/f"records-{int(a.everyday_negatives)}.jsonl"))
        spec = {"path": str(f), "dataset": name}
        out["specs"].append(spec); out["pools"][name] = pool
        if name != "goemotions": out["holdouts"][name] = [rows[i] for i in ho]
        out["counts"][name] = {"rows": len(rows), "pool": len(pool), "holdout": len(ho) if name != "goemotions" else 0,
                               "dropped_as_duplicates": dropped if name != "goemotions" else 0,
                               "pool_positive": int(sum(r["targets"][t] for r in pool)),
                               "holdout_positive": int(sum(rows[i]["targets"][t] for i in ho)) if name != "goemotions" else 0}
    seen = {normalize_text(r["text"]) for r in usable(read_jsonl(files["goemotions"]), "neutral")}   # all of GoEmotions train
    ev_all = usable(read_jsonl(files["everyday"]), "neutral")
    ev = [r for r in ev_all if normalize_text(r["text"]) not in seen]
    rng = np.random.default_rng(a.seed)
    keep = sorted(rng.choice(len(ev), min(a.n_everyday, len(ev)), replace=False).tolist()) if a.n_everyday else list(range(len(ev)))
    out["holdouts"]["everyday"] = [ev[i] for i in keep]
    out["counts"]["everyday"] = {"rows": len(ev_all), "holdout": len(keep), "neutral_only": int(sum(ev[i]["targets"]["neutral"] for i in keep)),
                                 "dropped_as_duplicates": len(ev_all) - len(ev)}
    return out

def holdout_sets(data:dict)->dict:
    "set name -> (texts, 0/1 truth of its target)"
    tgt = {"dreaddit": "stress", "sdcnl": "self_harm_any", "everyday": "neutral"}
    return {k: ([r["text"] for r in rows], np.array([int(r["targets"][tgt[k]]) for r in rows])) for k, rows in data["holdouts"].items()}

# ------------------------------------------------------------------------------------------------------------- metrics
def binary_scores(y, score, pred)->dict:
    "F1, precision, recall of 0/1 `pred` and ROC-AUC of `score` against 0/1 `y`"
    from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
    y, score, pred = np.asarray(y).astype(int), np.asarray(score, float), np.asarray(pred).astype(int)
    auc = float(roc_auc_score(y, score)) if len(set(y.tolist())) == 2 else float("nan")
    return {"f1": float(f1_score(y, pred, zero_division=0)), "precision": float(precision_score(y, pred, zero_division=0)),
            "recall": float(recall_score(y, pred, zero_division=0)), "roc_auc": auc, "n": int(len(y)), "positive": int(y.sum())}

def everyday_scores(y_neutral, on:dict, p_neutral=None)->dict:
    "On everyday comments: share flagged self-harm and any risk label; neutral recall on neutral-only comments (and F1/AUC)"
    y = np.asarray(y_neutral).astype(int)
    out = {"n": int(len(y))}
    if "self_harm" in on: out["self_harm_rate"] = float(np.mean(on["self_harm"]))
    if "any_risk" in on: out["any_risk_rate"] = float(np.mean(on["any_risk"]))
    if "neutral" in on:
        out["neutral_recall"] = float(np.mean(np.asarray(on["neutral"])[y == 1])) if y.sum() else float("nan")
        out["neutral"] = binary_scores(y, p_neutral if p_neutral is not None else on["neutral"], on["neutral"])
    return out

def model_examples(sets:dict, probs:dict, on:dict, labels:list)->dict:
    """Per holdout, what a six-label model gave each text: dreaddit / sdcnl {"score", "pred"} of the target (sdcnl: `self_harm_any`,
    1 - (1 - p_low)(1 - p_high), decided when either head is on); everyday {"self_harm", "any_risk", "neutral"} decisions and
    the `neutral` probability. `probs`/`on` map set name -> (n, L) probabilities / decisions"""
    from statement_classifier.core import RISK_LABELS
    j = {l: i for i, l in enumerate(labels)}; lo, hi = j["self_harm_low"], j["self_harm_high"]
    out = {}
    if "dreaddit" in probs: out["dreaddit"] = {"score": probs["dreaddit"][:, j["stress"]], "pred": on["dreaddit"][:, j["stress"]]}
    if "sdcnl" in probs:
        p = probs["sdcnl"]
        out["sdcnl"] = {"score": 1 - (1 - p[:, lo]) * (1 - p[:, hi]), "pred": on["sdcnl"][:, lo] | on["sdcnl"][:, hi]}
    if "everyday" in probs:
        o = on["everyday"]
        out["everyday"] = {"self_harm": o[:, lo] | o[:, hi], "any_risk": o[:, [j[l] for l in RISK_LABELS]].any(1), "neutral": o[:, j["neutral"]],
                           "p_neutral": probs["everyday"][:, j["neutral"]]}
    return out

def examples_scores(sets:dict, ex:dict)->dict:
    "The row's scores (`binary_scores`, `everyday_scores`) from its per-text examples (`model_examples`)"
    out = {k: binary_scores(sets[k][1], ex[k]["score"], ex[k]["pred"]) for k in ("dreaddit", "sdcnl") if k in ex}
    if "everyday" in ex:
        e = ex["everyday"]
        out["everyday"] = everyday_scores(sets["everyday"][1], {k: e[k] for k in ("self_harm", "any_risk", "neutral") if k in e}, e.get("p_neutral"))
    return out

def model_scores(sets:dict, probs:dict, on:dict, labels:list)->dict:
    "Scores of a six-label model, and its per-text examples under `_examples` (for the holdout intervals; not written to JSON)"
    ex = model_examples(sets, probs, on, labels)
    return {**examples_scores(sets, ex), "_examples": ex}

# ------------------------------------------------------------------------------------------------------- scoring models
class Scorer:
    "Scores run checkpoints on the holdouts; member probabilities are cached by weight hash (ensemble members, deploy copy)"
    def __init__(self, sets:dict, batch_size:int=64):
        self.sets, self.batch_size, self.cache, self.windows = sets, batch_size, {}, {}

    def member(self, mem)->dict:
        from statement_classifier.core import sha256_file
        from statement_classifier.checkpoint import member_probs
        key = (sha256_file(Path(mem.path)/"model.safetensors"), mem.max_length, getattr(mem, "backend", "torch-fp32"))
        if key not in self.cache:
            res = {}
            for k, (texts, _) in self.sets.items():
                P, w = member_probs([mem], texts, self.batch_size)
                res[k] = P[0]; self.windows.setdefault(k, np.asarray(w))
            self.cache[key] = res
        return self.cache[key]

    def folder(self, path, rules:bool=False)->dict:
        "Probabilities and decisions per set of a checkpoint or ensemble folder (its trained torch fp32 model), at its own thresholds (rules: as `predict` does)"
        import inspect
        from statement_classifier.classifier import StatementClassifier
        t0 = time.time()
        kw = {"backend": "torch"} if "backend" in inspect.signature(StatementClassifier.load).parameters else {}
        clf = StatementClassifier.load(path, rules=rules, **kw)
        per = [self.member(m) for m in clf.ensemble.members]
        probs, on = {}, {}
        for k, (texts, _) in self.sets.items():
            p = clf.ensemble.combine(np.stack([d[k] for d in per])).astype(np.float32)
            p, o, _, _ = clf.decide(texts, p, self.batch_size)   # what `predict` decides: denials, rules (when on), exclusive neutral
            probs[k], on[k] = np.asarray(p, np.float64), np.asarray(o, bool)
        return {"clf": clf, "probs": probs, "on": on, "seconds": time.time() - t0, "backend": getattr(clf, "backend", "torch")}

def member_agreement(sc:Scorer, clf)->dict:
    "Per holdout, the mean pairwise Pearson correlation of the members' scores of its target (stress; self_harm_any): how alike the members are"
    j = {l: i for i, l in enumerate(clf.labels)}
    names, per = [m.name for m in clf.ensemble.members], [sc.member(m) for m in clf.ensemble.members]
    out = {"names": names}
    for k in ("dreaddit", "sdcnl"):
        if k not in sc.sets: continue
        S = np.stack([d[k][:, j["stress"]] if k == "dreaddit" else 1 - (1 - d[k][:, j["self_harm_low"]]) * (1 - d[k][:, j["self_harm_high"]]) for d in per])
        C = np.corrcoef(S); iu = np.triu_indices(len(S), 1)
        out[k] = float(np.nanmean(C[iu]))
    return out

def check_as_shipped(clf, texts:list, probs, on, n:int=32)->float:
    "Largest probability gap between `clf.predict` (what users call) and the bench's cached path on the first `n` texts"
    preds = clf.predict(texts[:n])
    got = np.array([[p.probabilities[l] for l in clf.labels] for p in preds])
    labs = np.array([[l in p.labels for l in clf.labels] for p in preds])
    if not np.array_equal(labs, on[:n]): return float("inf")
    return float(np.abs(got - probs[:n]).max()) if len(got) else 0.0

def run_models(run:Path, sets:dict, batch_size:int=64)->tuple:
    "Rows for every stage's model, the ensemble, the deployable and other checkpoints of `run`; (rows, notes)"
    from statement_classifier.checkpoint import is_checkpoint
    from statement_classifier.core import sha256_file
    sc, rows, notes, seen = Scorer(sets, batch_size), [], [], {}
    ck = run/"checkpoints"
    for name in STAGE_ROWS:
        p = ck/name
        if not (p/"manifest.json").is_file() and not is_checkpoint(p): notes.append(f"{name}: no model in {p}"); continue
        try: r = sc.folder(p)
        except Exception as e: notes.append(f"{name}: {p} does not load: {type(e).__name__}: {str(e)[:200]}"); continue
        rows.append({"model": name, "kind": "stage", "path": str(p), "seconds": r["seconds"], **model_scores(sets, r["probs"], r["on"], r["clf"].labels),
                     **({"members": member_agreement(sc, r["clf"])} if len(r["clf"].ensemble.members) > 1 else {})})
        if (p/"model.safetensors").is_file(): seen[sha256_file(p/"model.safetensors")] = name
    dep = ck/"deploy"
    if dep.is_dir():
        info = json.loads((dep/"deploy_info.json").read_text()) if (dep/"deploy_info.json").is_file() else {}
        from statement_classifier.classifier import StatementClassifier
        r = sc.folder(dep, rules=True)   # its torch fp32 members: the weights of the stage rows', so their holdout scores are reused
        t0 = time.time(); shipped = StatementClassifier.load(dep, rules=True)   # as users load it (the default backend)
        gap = max(check_as_shipped(shipped, sets[k][0], r["probs"][k], r["on"][k]) for k in sets)
        backend = getattr(shipped, "backend", "torch")
        notes.append(f"deployable = {info.get('stage', '?')} ({info.get('source', '?')}) with its rule stage, scored through its torch fp32 members; "
                     f"loaded as shipped (backend {backend}), `StatementClassifier.predict` "
                     + (f"agrees with that scoring path (largest probability gap {gap:.1e} on the first 32 texts of each holdout)" if gap < 1e-4 else
                        f"DISAGREES with that scoring path on the first 32 texts of a holdout (gap {gap:.1e}; inf: other labels): its row is suspect"))
        rows.append({"model": "deployable", "kind": "deployable", "path": str(dep), "from": info.get("stage"), "seconds": r["seconds"] + time.time() - t0,
                     "backend": r["backend"], "shipped_backend": backend, "shipped_gap": gap, **model_scores(sets, r["probs"], r["on"], r["clf"].labels)})
    else: notes.append(f"deployable: {dep} not found")
    for p in sorted(ck.iterdir()) if ck.is_dir() else []:
        if p.name in STAGE_ROWS or p.name == "deploy" or p.name.startswith((".", "_")) or "trial" in p.name or not is_checkpoint(p): continue
        h = sha256_file(p/"model.safetensors") if (p/"model.safetensors").is_file() else None
        if h in seen: notes.append(f"{p.name}: same weights as {seen[h]}"); continue
        try: r = sc.folder(p)
        except Exception as e: notes.append(f"{p.name}: does not load: {type(e).__name__}: {str(e)[:200]}"); continue
        seen[h] = p.name
        rows.append({"model": p.name, "kind": "extra", "path": str(p), "seconds": r["seconds"], **model_scores(sets, r["probs"], r["on"], r["clf"].labels)})
    for k, w in sc.windows.items():
        if not w.size: continue
        notes.append(f"{k}: {w.mean():.1%} of texts longer than max_length (cut)" if w.dtype == bool else
                     f"{k}: {w.mean():.2f} windows of max_length tokens per text on average (max {w.max():.0f})")
    return rows, notes

# ------------------------------------------------------------------------------------------------------------- anchors
ANCHOR_EVAL = {"dreaddit": ("dreaddit",), "sdcnl": ("sdcnl", "everyday"), "goemotions": ("everyday",)}  # pool -> holdouts scored
ANCHOR_TITLES = {"tfidf": "anchor: TF-IDF + LR", "plain": "anchor: plain fine-tune"}

def tfidf_anchor(texts:list, y, seed:int=0):
    "TF-IDF (word 1-2 grams) + logistic regression (balanced classes); returns texts -> P(positive)"
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
    lr = LogisticRegression(max_iter=2000, class_weight="balanced", random_state=seed).fit(vec.transform(texts), np.asarray(y).astype(int))
    return lambda t: lr.predict_proba(vec.transform(list(t)))[:, 1]

def plain_anchor(texts:list, y, encoder:str="minilm", epochs:float=2, learning_rate:float=5e-5, batch_size:int=16,
                 max_length:int=128, seed:int=42, window_length:int=0):
    "A plain AutoModelForSequenceClassification (2 classes, cross-entropy) + stock Trainer fine-tune; returns texts -> P(positive)"
    # as the pipeline: trained on the first `window_length` tokens of a text (0: max_length), reads its first `max_length`
    from statement_classifier.training import training_window
    import tempfile, torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments, DataCollatorWithPadding
    from transformers.trainer_callback import PrinterCallback
    from statement_classifier.models import resolve_encoder, quiet_loading
    path = resolve_encoder(encoder); tok = AutoTokenizer.from_pretrained(path)
    torch.manual_seed(seed)
    with quiet_loading(): model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)
    enc = tok(list(texts), truncation=True, max_length=training_window(max_length, window_length))
    ds = [{**{k: enc[k][i] for k in enc.keys()}, "labels": int(v)} for i, v in enumerate(np.asarray(y).astype(int))]
    with tempfile.TemporaryDirectory(prefix="plain_anchor_") as d:
        args = TrainingArguments(output_dir=d, per_device_train_batch_size=batch_size, num_train_epochs=epochs, learning_rate=learning_rate,
                                 eval_strategy="no", save_strategy="no", logging_strategy="no", seed=seed, report_to="none",
                                 disable_tqdm=True, dataloader_pin_memory=torch.cuda.is_available())
        tr = Trainer(model=model, args=args, train_dataset=ds, processing_class=tok, data_collator=DataCollatorWithPadding(tok))
        tr.remove_callback(PrinterCallback)
        tr.train()
    model = tr.model.eval()

    @torch.inference_mode()
    def proba(t):
        t = list(t); out = np.zeros(len(t))
        order = np.argsort([-len(x) for x in t], kind="stable")
        dev = next(model.parameters()).device
        for i in range(0, len(t), 64):
            idx = order[i:i+64]
            b = tok([t[j] for j in idx], padding=True, truncation=True, max_length=max_length, return_tensors="pt").to(dev)
            out[idx] = torch.softmax(model(**b).logits.float(), -1)[:, 1].cpu().numpy()
        return out
    return proba

def anchor_settings(kind:str, name:str, a, data:dict)->dict:
    "Everything an anchor's scores depend on (its cache key): code version, data ids, hyperparameters"
    ids = lambda rows: _digest([[r["id"], r["targets"]] for r in rows])
    s = {"version": ANCHOR_VERSION, "anchor": kind, "dataset": name, "target": TARGET[name], "seed": a.seed,
         "train": ids(data["pools"][name]), "eval": {k: ids(data["holdouts"][k]) for k in ANCHOR_EVAL[name]}}
    if kind == "plain":
        from statement_classifier.models import resolve_encoder
        s.update(encoder=resolve_encoder(a.encoder), max_length=a.max_length, epochs=a.plain_epochs, learning_rate=a.plain_lr, batch_size=a.batch_size)
        if a.window_length: s["window_length"] = a.window_length     # absent when 0: the cache of runs before it stays valid
    return s

def run_anchor(kind:str, name:str, a, data:dict, sets:dict, cache:Path, refresh:bool=False)->dict:
    "One anchor trained on dataset `name`'s pool and scored on its holdouts, from the cache when its settings were seen"
    from statement_classifier.core import atomic_write_json
    s = anchor_settings(kind, name, a, data)
    f = cache/"anchors"/f"{kind}-{name}-{_digest(s)}.json"
    if f.is_file() and not refresh:
        try:
            d = json.loads(f.read_text())
            if d.get("settings") == json.loads(json.dumps(s)): return {**d, "cached": True}
        except (OSError, json.JSONDecodeError): pass
    pool = data["pools"][name]; t0 = time.time()
    texts, y = [r["text"] for r in pool], [int(r["targets"][TARGET[name]]) for r in pool]
    fn = tfidf_anchor(texts, y, a.seed) if kind == "tfidf" else plain_anchor(texts, y, a.encoder, a.plain_epochs, a.plain_lr, a.batch_size, a.max_length, a.seed, a.window_length)
    t1 = time.time()
    d = {"settings": s, "probs": {k: np.asarray(fn(sets[k][0]), float).round(6).tolist() for k in ANCHOR_EVAL[name]},
         "train_seconds": t1 - t0, "score_seconds": time.time() - t1, "created": time.strftime("%Y-%m-%dT%H:%M:%S")}
    atomic_write_json(f, d)
    return {**d, "cached": False}

def anchor_row(kind:str, results:dict, sets:dict)->dict:
    "One table row from an anchor kind's per-dataset results (threshold 0.5)"
    row = {"model": ANCHOR_TITLES[kind], "kind": "anchor", "seconds": sum(r["train_seconds"] + r["score_seconds"] for r in results.values())}
    P = {n: {k: np.asarray(v) for k, v in r["probs"].items()} for n, r in results.items()}
    ex = {k: {"score": P[k][k], "pred": P[k][k] >= 0.5} for k in ("dreaddit", "sdcnl") if k in P}
    ev = {}
    if "sdcnl" in P: ev["self_harm"] = ev["any_risk"] = P["sdcnl"]["everyday"] >= 0.5     # its only risk label is self-harm
    if "goemotions" in P: ev["p_neutral"] = P["goemotions"]["everyday"]; ev["neutral"] = ev["p_neutral"] >= 0.5
    if ev: ex["everyday"] = ev
    return {**row, **examples_scores(sets, ex), "_examples": ex}

def run_anchors(a, data:dict, sets:dict, cache:Path)->tuple:
    "Rows of both anchors and the time each part took: (rows, {label: (seconds, cached)})"
    rows, times = [], {}
    for kind in ("tfidf", "plain"):
        res = {}
        for name in TARGET:
            if kind == "plain" and name == "goemotions" and not a.plain_neutral: continue
            print(f"[anchor] {kind} on {name} ({TARGET[name]}) ...", flush=True)
            r = run_anchor(kind, name, a, data, sets, cache, a.refresh_anchors)
            res[name] = r; times[f"{kind} {name}"] = (r["train_seconds"] + r["score_seconds"], r["cached"])
            print(f"[anchor] {kind} on {name}: " + (f"cached (took {times[f'{kind} {name}'][0]:.0f} s)" if r["cached"] else f"{times[f'{kind} {name}'][0]:.0f} s"), flush=True)
        rows.append(anchor_row(kind, res, sets))
    return rows, times

# ------------------------------------------------------------------------------------------------------------- runner
REQUIRED = ("extra_train", "encoder", "archs", "epochs", "batch_size", "max_length", "train_n", "seed", "n_generate", "n_llm",
            "hpo_trials", "hpo_epochs", "hpo_train_size", "rlhf_epochs", "rlhf_pool_n", "progress")

def declared_parameters(nbs_dir:Path)->set:
    from statement_classifier.pipeline import stage_paths, notebook_parameters
    return set().union(*(notebook_parameters(p) for p in stage_paths(nbs_dir).values()))

def runner_params(a, specs:list, archs:list, declared:set)->tuple:
    "The runner's parameters: (params, notes); optional ones the notebooks do not declare (yet) are left out with a note"
    p = dict(seed=a.seed, n_generate=a.n_generate, n_llm=a.n_llm, progress=False, extra_train=specs, encoder=a.encoder, archs=archs,
             epochs=a.epochs, batch_size=a.batch_size, max_length=a.max_length, train_n=0, hpo_trials=a.hpo_trials, hpo_epochs=a.hpo_epochs,
             hpo_train_size=a.hpo_train_size, rlhf_epochs=a.rlhf_epochs, rlhf_pool_n=a.rlhf_pool_n)
    opt = {"train_learning_rate": a.learning_rate,
           "train_max_false_alarm": a.max_false_alarm, "rlhf_max_false_alarm": a.max_false_alarm, "ensemble_max_false_alarm": a.max_false_alarm,
           "train_window": a.window, "hpo_metric": a.hpo_metric, "window_length": a.window_length,
           # self-training is an experiment beside the chain (no row builds on it, the ensemble does not use it): 10 min of the
           # default run's 90 (rwV: 611 s), so the default leaves it out; --self-train puts it back
           "rlhf_self_train": a.self_train,
           # HPO's retrain of its best configuration on all records is a full training run (about 15 of rwW's 22 min in 05);
           # 04 builds the ensemble before 05 runs, so only the HPO row (and 06's choice among the rows) sees it
           "hpo_retrain": a.hpo_retrain,
           # the packaged everyday corpus is GoEmotions' training split, which this bench imports itself and holds 20 % of out:
           # the main job's default (everyday_n) would put copies of those holdout comments into training
           "everyday_n": 0}
    missing = [k for k in REQUIRED if k not in declared]
    if missing: raise SystemExit(f"real_world: the stage notebooks do not declare {missing} (has the partial-label work landed? "
                                 f"`grep -n extra_train statement_classifier/data_gen.py`)")
    notes = []
    for k, v in opt.items():
        if v is None: continue
        if k in declared: p[k] = v
        else: notes.append(f"{k}={v!r} not passed: no stage notebook declares it yet")
    p.update(a.param)
    return p, notes

def prepare_run_dir(run:Path, settings:dict):
    "Clear a run folder this bench made before (never one it did not make) and mark it as the bench's"
    from statement_classifier.core import atomic_write_json
    if run.exists() and any(run.iterdir()):
        if not (run/MARKER).is_file():
            raise SystemExit(f"real_world: {run} exists and was not made by this bench; pick another --name or remove it yourself")
        shutil.rmtree(run)
    run.mkdir(parents=True, exist_ok=True)
    atomic_write_json(run/MARKER, settings)

def stage_times(run:Path)->dict:
    f = run/"run_status.json"
    st = json.loads(f.read_text()).get("stages", {}) if f.is_file() else {}
    return {s: (v.get("seconds"), v.get("status")) for s, v in st.items()}

# -------------------------------------------------------------------------------------------------------------- report
COLUMNS = [("dreaddit stress F1", "dreaddit", "f1", "num"), ("dreaddit ROC-AUC", "dreaddit", "roc_auc", "num"),
           ("sdcnl self-harm F1", "sdcnl", "f1", "num"), ("sdcnl ROC-AUC", "sdcnl", "roc_auc", "num"),
           ("everyday: self_harm_* flagged", "everyday", "self_harm_rate", "pct"), ("everyday: any risk flagged", "everyday", "any_risk_rate", "pct"),
           ("everyday: neutral recall", "everyday", "neutral_recall", "num")]
TARGETS = [("dreaddit", "f1", ">=", 0.83), ("sdcnl", "f1", ">=", 0.80), ("sdcnl", "roc_auc", ">=", 0.85),
           ("everyday", "self_harm_rate", "<=", 0.01), ("everyday", "any_risk_rate", "<=", 0.02), ("everyday", "neutral_recall", ">=", 0.70)]

def _get(row:dict, ds:str, key:str):
    v = row.get(ds, {}).get(key)
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else v

def _fmt(v, how:str="num")->str:
    if v is None: return "-"
    return f"{v:.1%}" if how == "pct" else f"{v:.3f}"

def results_table(rows:list)->str:
    "The markdown table: one row per model, the columns of COLUMNS"
    title = lambda r: r["model"] + (f" (= {r['from']}, rules on)" if r.get("kind") == "deployable" and r.get("from") else
                                    " (extra)" if r.get("kind") == "extra" else "")
    L = ["| model | " + " | ".join(c[0] for c in COLUMNS) + " |", "|---|" + "---|" * len(COLUMNS)]
    L += ["| " + title(r) + " | " + " | ".join(_fmt(_get(r, ds, k), how) for _, ds, k, how in COLUMNS) + " |" for r in rows]
    return "\n".join(L)

ANCHOR_CHECKS = [("dreaddit", "f1", 1), ("dreaddit", "roc_auc", 1), ("sdcnl", "f1", 1), ("sdcnl", "roc_auc", 1),
                 ("everyday", "self_harm_rate", -1), ("everyday", "neutral_recall", 1)]   # the deployable against each anchor; -1: lower is better

# -------------------------------------------------------------------------------------------------- holdout intervals
# A holdout of a few hundred posts measures F1 and ROC-AUC to within a few hundredths, and a run's "beats the anchor" may be
# smaller than that: each check of `target_checks` carries its percentile bootstrap interval (texts resampled with
# replacement, `scipy.stats.bootstrap`, seeded); against an anchor the interval is of the difference on the same texts (paired)
N_BOOT, LEVEL = 1000, 0.95
EVERYDAY_DECISION = {"self_harm_rate": "self_harm", "any_risk_rate": "any_risk", "neutral_recall": "neutral"}

def metric_inputs(sets:dict, ex:dict, ds:str, key:str):
    "(y, score, decision) per text behind a row's `key` on holdout `ds` (from its `_examples`), or None where it has none"
    e = (ex or {}).get(ds)
    if e is None: return None
    y = np.asarray(sets[ds][1]).astype(int)
    if ds != "everyday": return y, np.asarray(e["score"], float), np.asarray(e["pred"], bool)
    d = e.get(EVERYDAY_DECISION[key])
    return None if d is None else (y, np.asarray(d, float), np.asarray(d, bool))

def holdout_metric(key:str, y, score, dec)->float:
    "`key` of COLUMNS on one holdout: F1 of the decisions, ROC-AUC of the scores, neutral recall on neutral-only texts, or the share flagged"
    from sklearn.metrics import f1_score, roc_auc_score
    if key == "f1": return float(f1_score(y, dec, zero_division=0))
    if key == "roc_auc": return float(roc_auc_score(y, score)) if 0 < y.sum() < len(y) else float("nan")
    if key == "neutral_recall": return float(dec[y == 1].mean()) if y.any() else float("nan")
    return float(dec.mean())

def holdout_interval(key:str, a:tuple, b:tuple=None, n_boot:int=N_BOOT, level:float=LEVEL, seed:int=0)->tuple:
    "(value, lo, hi): `key` of `a` = (y, score, decision) on its holdout, or the difference a - b on the same texts, and its bootstrap interval"
    from scipy.stats import bootstrap
    f = lambda i: holdout_metric(key, a[0][i], a[1][i], a[2][i]) - (0.0 if b is None else holdout_metric(key, b[0][i], b[1][i], b[2][i]))
    idx = np.arange(len(a[0]))
    r = bootstrap((idx,), f, vectorized=False, n_resamples=n_boot, confidence_level=level, method="percentile", random_state=seed)
    return f(idx), float(r.confidence_interval.low), float(r.confidence_interval.high)

def holdout_intervals(rows:list, sets:dict, n_boot:int=N_BOOT, level:float=LEVEL)->dict:
    """The deployable's value of each target's metric with its interval ("deployable": "ds/key" -> [value, lo, hi]) and its
    difference from each anchor on the same texts ("vs": anchor -> "ds/key" -> [difference, lo, hi])"""
    dep = next((r for r in rows if r.get("kind") == "deployable"), None)
    if dep is None or "_examples" not in dep: return {}
    out = {"level": level, "n_boot": n_boot, "deployable": {}, "vs": {}}
    for ds, k in dict.fromkeys([(ds, k) for ds, k, *_ in TARGETS + ANCHOR_CHECKS]):
        if ds in sets and (a := metric_inputs(sets, dep["_examples"], ds, k)) is not None:
            out["deployable"][f"{ds}/{k}"] = list(holdout_interval(k, a, n_boot=n_boot, level=level))
    for an in (r for r in rows if r.get("kind") == "anchor" and "_examples" in r):
        for ds, k, _ in ANCHOR_CHECKS:
            if ds not in sets: continue
            a, b = metric_inputs(sets, dep["_examples"], ds, k), metric_inputs(sets, an["_examples"], ds, k)
            if a is not None and b is not None: out["vs"].setdefault(an["model"], {})[f"{ds}/{k}"] = list(holdout_interval(k, a, b, n_boot, level))
    return out

def target_checks(rows:list, intervals:dict=None)->list:
    "Lines: the deployable against the issue's targets and against each anchor, per dataset, with their holdout intervals when given"
    dep = next((r for r in rows if r.get("kind") == "deployable"), None)
    if dep is None: return ["no deployable was scored"]
    iv, out = intervals or {}, []
    lv = f"{iv.get('level', LEVEL):.0%}"
    for ds, k, op, t in TARGETS:
        v, how = _get(dep, ds, k), "pct" if "rate" in k else "num"
        ok = None if v is None else (v >= t if op == ">=" else v <= t)
        line = f"- {ds} {k} {op} {t:g}: {_fmt(v, how)} -> {'-' if ok is None else 'met' if ok else 'NOT met'}"
        if (c := iv.get("deployable", {}).get(f"{ds}/{k}")) is not None:
            line += f" ({lv} interval {_fmt(c[1], how)} to {_fmt(c[2], how)}" + ("; the target lies inside it" if c[1] <= t <= c[2] else "") + ")"
        out.append(line)
    for an in (r for r in rows if r.get("kind") == "anchor"):
        for ds, k, better in ANCHOR_CHECKS:
            v, w = _get(dep, ds, k), _get(an, ds, k)
            if v is None or w is None: continue
            how = "pct" if "rate" in k else "num"
            line = f"- deployable vs {an['model']}, {ds} {k}: {_fmt(v, how)} vs {_fmt(w, how)} -> {'beats' if (v - w) * better > 0 else 'does NOT beat'}"
            if (c := iv.get("vs", {}).get(an["model"], {}).get(f"{ds}/{k}")) is not None:
                clear = c[1] > 0 or c[2] < 0
                line += (f" (difference {_fmt_delta(c[0], how)}, {lv} paired interval {_fmt_delta(c[1], how)} to {_fmt_delta(c[2], how)}: "
                         + ("the interval excludes zero" if clear else "within this holdout's noise") + ")")
            out.append(line)
    return out

CHANGE_MIN = {"num": 0.01, "pct": 0.002}   # smaller differences count as no change (about 3 of 1,500 everyday comments)

def _delta(row:dict, ref, sets:dict=None)->list:
    """Per column of COLUMNS: (change, how, +1 better / -1 worse / 0 no change / None not scored) of `row` against `ref` (a row,
    or a dict (ds, key) -> row: a reference per column). With `sets` and both rows' per-text `_examples`, a change counts only
    where its paired bootstrap interval on the holdout's texts excludes zero; without them, where it is at least CHANGE_MIN"""
    out = []
    for _, ds, k, how in COLUMNS:
        r = ref.get((ds, k)) or {} if isinstance(ref, dict) and "model" not in ref else ref
        v, w = _get(row, ds, k), _get(r, ds, k)
        if v is None or w is None: out.append((None, how, None)); continue
        d, better = v - w, (-1 if "rate" in k else 1)
        a = metric_inputs(sets, row.get("_examples"), ds, k) if sets and ds in sets else None
        b = metric_inputs(sets, r.get("_examples"), ds, k) if a is not None else None
        if a is not None and b is not None: _, lo, hi = holdout_interval(k, a, b); real = lo > 0 or hi < 0
        else: real = abs(d) >= CHANGE_MIN[how]
        out.append((d, how, (1 if d * better > 0 else -1) if real else 0))
    return out

def _fmt_delta(d, how)->str:
    if d is None: return "-"
    return f"{d * 100:+.1f} pp" if how == "pct" else f"{d:+.3f}"

def stage_facts(run:Path)->dict:
    "What each stage was built from, read from the run's files: HPO's note, RLHF's start and feedback, the ensemble's method"
    f, out = {}, {}
    for s in ("hpo", "rlhf", "ensemble"):
        p = run/"stage_metrics"/f"{s}.json"
        if p.is_file(): f[s] = json.loads(p.read_text())
    if "hpo" in f: out["hpo"] = f["hpo"].get("notes", "")
    rs = json.loads((run/"rlhf_summary.json").read_text()) if (run/"rlhf_summary.json").is_file() else {}
    fb = json.loads((run/"rlhf_feedback_used.json").read_text()) if (run/"rlhf_feedback_used.json").is_file() else []
    if rs or fb:
        src = dict(Counter((r.get("meta") or {}).get("dataset") or "generated" for r in fb))
        sim = sum(bool((r.get("meta") or {}).get("simulated")) for r in fb)
        out["rlhf"] = {"start": str(rs.get("start", "?")).replace("checkpoints/", ""), "n": len(fb), "simulated": sim, "sources": src}
    if "ensemble" in f: out["ensemble"] = (f["ensemble"].get("extra") or {}).get("ensemble", {}).get("method")
    return out

def stage_changes(rows:list, facts:dict, sets:dict=None)->list:
    """Markdown: what each stage changed on the holdouts against what it was built on (advanced and HPO: the model before;
    RLHF: its starting model; the ensemble: its best member per column; the deployable: the ensemble), with a plain verdict
    and the measured facts behind it. With `sets` (and the rows' per-text examples) a change counts only where its paired
    bootstrap interval excludes zero"""
    by = {r["model"]: r for r in rows if r.get("kind") in ("stage", "deployable", "extra")}
    rl = facts.get("rlhf") or {}
    pairs = [("advanced", "baseline", "baseline"), ("hpo", "advanced", "advanced (HPO starts from its configuration)"),
             ("rlhf", rl.get("start", "advanced"), f"{rl.get('start', 'advanced')} (its starting model)")]
    paired = bool(sets) and all("_examples" in r for r in by.values())
    rule = (f"a change counts as better or worse only where its {LEVEL:.0%} paired bootstrap interval on the holdout's texts "
            "excludes zero (marked *); the others are within the holdout's noise" if paired else
            f"differences under {CHANGE_MIN['num']:g}, or {CHANGE_MIN['pct'] * 100:g} pp of everyday comments, count as no change")
    L = [f"What each stage changed on the holdouts, against what it was built on ({rule}):", "",
         "| stage | against | " + " | ".join(c[0] for c in COLUMNS) + " | verdict |", "|---|---|" + "---|" * (len(COLUMNS) + 1)]
    why = []
    def line(name, ref_title, ds):
        good, bad = sum(x[2] == 1 for x in ds), sum(x[2] == -1 for x in ds)
        n = sum(x[2] is not None for x in ds)
        verdict = ("helps" if good and not bad else "does not help" if bad and not good else ("within the noise" if paired else "no change") if not good else
                   "mostly better" if good > bad else "mostly worse" if bad > good else "mixed") + f" ({good} better, {bad} worse of {n})"
        L.append(f"| {name} | {ref_title} | " + " | ".join(_fmt_delta(d, h) + ("*" if paired and x else "") for d, h, x in ds) + f" | {verdict} |")
    sets = sets if paired else None
    for name, ref, title in pairs:
        if name in by and ref in by: line(name, title, _delta(by[name], by[ref], sets))
    ens = by.get("ensemble")
    mem = (ens or {}).get("members") or {}
    ms = [by[m] for m in mem.get("names", []) if m in by]
    if ens and ms:   # against the best member of each column (a stricter test than any one member)
        best = {}
        for _, d_, k, _h in COLUMNS:
            scored = [m for m in ms if _get(m, d_, k) is not None]
            if scored: best[(d_, k)] = (min if "rate" in k else max)(scored, key=lambda m: _get(m, d_, k))
        line("ensemble", "its best member in each column", _delta(ens, best, sets))
        corr = ", ".join(f"{k} {mem[k]:.2f}" for k in ("dreaddit", "sdcnl") if k in mem)
        why.append(f"ensemble ({facts.get('ensemble') or '?'} of {', '.join(mem.get('names', []))}): the members' scores of the target "
                   f"correlate at {corr} on the holdouts (mean over pairs)" + (": an average of members this alike has few errors to cancel"
                   if all(mem[k] >= 0.9 for k in ("dreaddit", "sdcnl") if k in mem) else ""))
    if "deployable" in by and ens: line("deployable", "ensemble (the rule stage and denials are what differ)", _delta(by["deployable"], ens, sets))
    if facts.get("hpo"): why.append(f"HPO: {facts['hpo']}")
    if rl:
        src = ", ".join(f"{k} {v}" for k, v in sorted(rl["sources"].items(), key=lambda kv: -kv[1]))
        why.append(f"RLHF: fine-tuned from {rl['start']} on {rl['n']} feedback records ({'all' if rl['simulated'] == rl['n'] else rl['simulated']} "
                   f"simulated from the true labels of validation statements; by source: {src})" + ("; no person reviewed anything" if rl["simulated"] == rl["n"] else ""))
    return L + [""] + (["Why, measured in this run:", ""] + [f"- {w}" for w in why] + [""] if why else [])

def machine_info()->dict:
    import torch, transformers
    return {"platform": platform.platform(), "processor": platform.processor() or platform.machine(), "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(), "python": platform.python_version(), "torch": torch.__version__,
            "transformers": transformers.__version__, "cuda": torch.cuda.is_available(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None}

def format_result(res:dict)->str:
    "The whole markdown write-up of one benchmark result (what is printed and written to real_world.md)"
    m, s = res.get("machine", {}), res.get("settings", {})
    L = [f"# Real-world benchmark: run `{res.get('name', '?')}`", "",
         f"Machine: {m.get('cpu_count')} CPUs, {m.get('torch_threads')} torch threads, {m.get('platform')}, python {m.get('python')}, "
         f"torch {m.get('torch')}, transformers {m.get('transformers')}, CUDA {m.get('cuda')}, load average at start {m.get('load_average_at_start')}", "",
         "Settings: " + ", ".join(f"{k}={v}" for k, v in s.items()), ""]
    if res.get("data"):
        L += ["| data | rows | training pool (to extra_train) | holdout | positives in holdout | dropped from the holdout: text also in training data |",
              "|---|---|---|---|---|---|"]
        for k, c in res["data"].items():
            L.append(f"| {k} | {c.get('rows')} | {c.get('pool', '-')} | {c.get('holdout')} | {c.get('holdout_positive', c.get('neutral_only', '-'))} | "
                     f"{c.get('dropped_as_duplicates', '-')} |")
        L.append("")
    if res.get("runner_datasets"):
        L += ["The runner's own split of each pooled dataset (its val/test are for the series' choices and report; the holdouts above are apart):", "",
              "| dataset | n | train | val | test |", "|---|---|---|---|---|"]
        L += [f"| {k} | {v.get('n')} | {v.get('train')} | {v.get('val')} | {v.get('test')} |" for k, v in res["runner_datasets"].items()] + [""]
    L += ["Holdouts never trained on: dreaddit / sdcnl 20 % parts (F1, ROC-AUC of `stress` / `self_harm_any`), GoEmotions dev "
          "(everyday comments: share flagged, `neutral` recall on neutral-only ones). Stages: model only at their own thresholds; "
          "deployable: as shipped, rule stage on; anchors: threshold 0.5.", "", results_table(res.get("rows", [])), "",
          "Targets of the issue (deployable):", ""] + target_checks(res.get("rows", []), res.get("intervals")) + [""]
    if res.get("changes"): L += res["changes"]
    if res.get("notes"): L += ["Notes:", ""] + [f"- {n}" for n in res["notes"]] + [""]
    t = res.get("times", {})
    L += ["Where the time went:", "", "| part | seconds | |", "|---|---|---|"]
    L += [f"| {k} | {'-' if v[0] is None else f'{v[0]:.0f}'} | {v[1] or ''} |" for k, v in t.items()]
    L += ["", f"Total: {res.get('total_seconds', float('nan')) / 60:.1f} min"]
    return "\n".join(L)

def write_result(res:dict, run:Path)->tuple:
    from statement_classifier.core import atomic_write_json, atomic_write_text, jsonable
    run.mkdir(parents=True, exist_ok=True)
    md = format_result(res)
    js = {**res, "rows": [{k: v for k, v in r.items() if not k.startswith("_")} for r in res.get("rows", [])]}   # per-text examples stay out
    return atomic_write_text(run/"real_world.md", md + "\n"), atomic_write_json(run/"real_world.json", jsonable(js)), md

# ---------------------------------------------------------------------------------------------------------------- main
def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_argument_group("what to run")
    g.add_argument("--quick", action="store_true", help="tiny settings (about 10-15 min): " + ", ".join(f"{k} {v}" for k, v in PRESETS["quick"].items()))
    g.add_argument("--name", default=None, help="run name: runs/NAME (default real_world, or real_world_quick with --quick)")
    g.add_argument("--runs-dir", default=str(REPO/"runs")); g.add_argument("--root", default=str(ROOT), help="the shared datasets folder")
    g.add_argument("--cache-dir", default=None, help="training pools and anchor cache (default ~/.cache/statement_classifier/bench/real_world)")
    g.add_argument("--score-only", action="store_true", help="do not run the series: score the models already in runs/NAME")
    g.add_argument("--no-anchors", action="store_true"); g.add_argument("--refresh-anchors", action="store_true", help="retrain the anchors (ignore the cache)")
    g.add_argument("--no-plain-neutral", dest="plain_neutral", action="store_false", help="skip the plain anchor on GoEmotions neutral")
    g.add_argument("--threads", type=int, default=0, help="torch threads of this process (anchors, scoring); 0: torch's default")
    g.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE", help="any other runner parameter (JSON value), repeatable")
    d = ap.add_argument_group("data (defaults: see above; 0 = all)")
    d.add_argument("--seed", type=int, default=42); d.add_argument("--holdout", type=float, default=0.2, help="share of each training split held out")
    dq = lambda k: f" (default {PRESETS['default'][k]}, --quick {PRESETS['quick'][k]})"
    for k in ("n_dreaddit", "n_sdcnl", "n_goemotions"): d.add_argument("--" + k.replace("_", "-"), type=int, help="training pool taken from the dataset's 80 %%" + dq(k))
    d.add_argument("--n-holdout", type=int, help="cap on each dataset's holdout (0: all of its 20 %%)" + dq("n_holdout"))
    d.add_argument("--n-everyday", type=int, help="GoEmotions dev comments scored (seeded subsample)" + dq("n_everyday"))
    d.add_argument("--no-everyday-negatives", dest="everyday_negatives", action="store_false",
                   help=f"do not declare {EVERYDAY_NEGATIVE} known negative on the GoEmotions training pool")
    d.add_argument("--n-generate", type=int, help="generated statements" + dq("n_generate"))
    d.add_argument("--n-llm", type=int, help="of which from the local LLM" + dq("n_llm"))
    m = ap.add_argument_group("models (pipeline and anchors share encoder, max_length, batch size)")
    m.add_argument("--encoder", default="minilm"); m.add_argument("--encoder2", choices=["mpnet"], help="also try all-mpnet-base-v2 as an `archs` member")
    for k, t in (("max_length", int), ("window_length", int), ("epochs", int), ("batch_size", int), ("hpo_trials", int), ("hpo_epochs", int), ("hpo_train_size", int),
                 ("rlhf_epochs", int), ("rlhf_pool_n", int), ("plain_epochs", float)):   # the notebooks declare epochs as integers
        m.add_argument("--" + k.replace("_", "-"), type=t, help=dq(k).strip(" ()"))
    m.add_argument("--learning-rate", type=float, help="the pipeline's training-stage learning rate, train_learning_rate" + dq("learning_rate"))
    m.add_argument("--plain-lr", type=float, default=5e-5, help="the plain anchor's learning rate")
    m.add_argument("--max-false-alarm", type=float, default=None, help="train_, rlhf_ and ensemble_max_false_alarm (1.0: no cap); default: the notebooks' (0.02 since stop 49)")
    m.add_argument("--window", default=None, help="train_window (head, head_tail, random); default: the notebook's")
    m.add_argument("--hpo-metric", default=None, help="hpo_metric; default: the notebook's")
    m.add_argument("--self-train", action=argparse.BooleanOptionalAction, default=None,
                   help="run RLHF's self-training experiment (rlhf_self_train; an extra row)" + dq("self_train"))
    m.add_argument("--hpo-retrain", action=argparse.BooleanOptionalAction, default=None,
                   help="retrain HPO's best configuration on all records (hpo_retrain; off: the HPO row is the best trial's model, a search proxy)" + dq("hpo_retrain"))
    a = ap.parse_args(argv)
    preset = PRESETS["quick" if a.quick else "default"]
    for k, v in preset.items():
        if getattr(a, k, None) is None: setattr(a, k, v)
    a.name = a.name or ("real_world_quick" if a.quick else "real_world")
    kv = {}
    for it in a.param:
        if "=" not in it: ap.error(f"parameter {it!r} must look like key=value")
        k, v = it.split("=", 1)
        try: kv[k] = json.loads(v)
        except json.JSONDecodeError: kv[k] = v
    a.param = kv
    return a

SETTING_KEYS = ("seed", "holdout", "max_length", "window_length", "epochs", "batch_size", "learning_rate", "n_dreaddit", "n_sdcnl", "n_goemotions", "n_holdout", "n_everyday",
                "everyday_negatives", "n_generate", "n_llm", "encoder", "encoder2", "hpo_trials", "hpo_epochs", "hpo_train_size", "rlhf_epochs",
                "rlhf_pool_n", "max_false_alarm", "window", "hpo_metric", "plain_epochs", "plain_lr", "plain_neutral", "self_train", "hpo_retrain", "param")

def main(argv=None)->int:
    a = parse_args(argv)
    root = Path(a.root)
    if not root.is_dir():
        print(f"real_world: skipped: {root} not found (the real datasets are optional)"); return 0
    t_all, times, notes = time.time(), {}, []
    import torch
    if a.threads: torch.set_num_threads(a.threads)
    cache, run = cache_root(a), Path(a.runs_dir)/a.name
    settings = {k: getattr(a, k) for k in SETTING_KEYS} | {"preset": "quick" if a.quick else "default"}
    res = {"name": a.name, "run_dir": str(run), "machine": machine_info(), "settings": settings}
    print("\n".join(format_result(res).splitlines()[:5]), flush=True)   # title, machine, settings
    t0 = time.time(); data = prepare_data(root, a, cache)
    if "missing" in data:
        print(f"real_world: skipped: {', '.join(data['missing'])} not found"); return 0
    times["data: split, subsample, write pools"] = (time.time() - t0, None); res["data"] = data["counts"]
    sets = holdout_sets(data)
    rows = []
    if not a.no_anchors:
        arows, at = run_anchors(a, data, sets, cache); rows += arows
        times.update({f"anchor {k}": (v[0], "cached: trained in an earlier run" if v[1] else "trained now") for k, v in at.items()})
    failed = None
    if not a.score_only:
        archs = []
        if a.encoder2 == "mpnet":
            from statement_classifier.models import mpnet_path   # joined once from its PyPI pieces into the package's cache
            t0 = time.time()
            try: msg = f"all-mpnet-base-v2 from {mpnet_path()}"; archs.append("mpnet"); times["mpnet: join and unzip"] = (time.time() - t0, None)
            except ImportError as e: msg = f"--encoder2 mpnet skipped: {e}"
            print(f"real_world: {msg}", flush=True); notes.append(msg)
        params, pn = runner_params(a, data["specs"], archs, declared_parameters(REPO/"nbs")); notes += pn
        prepare_run_dir(run, {**settings, "params": params})
        from statement_classifier.pipeline import run_series, StageFailed
        t0 = time.time()
        try: run_series(a.name, params, runs_dir=a.runs_dir, nbs_dir=REPO/"nbs", progress=False)
        except StageFailed as e: failed = str(e); notes.append(f"the series FAILED: {failed.splitlines()[0]}"); print(failed, file=sys.stderr)
        times["runner (all stages)"] = (time.time() - t0, "failed" if failed else "ok")
    for s, (sec, status) in stage_times(run).items(): times[f"  stage {s}"] = (sec, status)
    if (run/"data_summary.json").is_file():
        res["runner_datasets"] = {k: {f: v.get(f) for f in ("n", "train", "val", "test")}
                                  for k, v in json.loads((run/"data_summary.json").read_text()).get("datasets", {}).items()}
    t0 = time.time()
    mrows, mn = run_models(run, sets) if (run/"checkpoints").is_dir() else ([], [f"no checkpoints in {run}"])
    rows = mrows + rows; notes += mn
    times["scoring the run's models on the holdouts"] = (time.time() - t0, f"{len(mrows)} folders; " + ", ".join(f"{r['model']} {r['seconds']:.0f} s" for r in mrows))
    notes.append("GoEmotions training pool read as the main job reads its packaged copy: `neutral` known on neutral-only comments only"
                 + (f", {EVERYDAY_NEGATIVE} known negative (everyday comments)" if a.everyday_negatives else ""))
    notes.append("anchors have no unsafe_environment model: their 'any risk' false-alarm rate is the sdcnl self-harm anchor's")
    t0 = time.time(); res["intervals"] = holdout_intervals(rows, sets)
    try: res["changes"] = stage_changes(rows, stage_facts(run), sets)
    except Exception as e: notes.append(f"what each stage changed: not computed ({type(e).__name__}: {str(e)[:200]})")
    times["holdout intervals (bootstrap: targets, anchors, stage changes)"] = (time.time() - t0, f"{N_BOOT} resamples each")
    res.update(rows=rows, notes=notes, times=times, total_seconds=time.time() - t_all)
    md_f, js_f, md = write_result(res, run)
    print("\n" + md)
    print(f"\nwritten: {md_f} and {js_f}")
    return 1 if failed else 0

if __name__ == "__main__": sys.exit(main())
