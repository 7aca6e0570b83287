"""Benchmark: the HTTP service (`statement_classifier.serve`) under load, against offline `StatementClassifier.predict` and a
plain `transformers.pipeline`, on the same statements, the same threads, in one run.

    .venv/bin/python bench/serve_load.py [--model PATH] [--duration 30] [--concurrency 1 8 32] [--threads 1] [--max-wait-ms 5]
        [--forward-batch F] [--no-server-warmup] [--json OUT]

What runs, in this order:
1. offline, in this process: `transformers.pipeline("text-classification", top_k=None, function_to_apply="sigmoid")` and
   `StatementClassifier.predict`, each at batch 1 (one statement per call) and batch 64, best of `--repeats`;
2. the server, as a subprocess on 127.0.0.1 (`python -m statement_classifier.serve --model PATH --port P`), driven by
   `--concurrency` levels of closed-loop clients (a minimal asyncio HTTP/1.1 keep-alive loop in this process, lighter than httpx: each client posts one request,
   waits for the answer, posts the next), `--duration` seconds per level after a short warm-up, at most `--max-requests`
   per level. Per level: statements/s, p50/p95/p99 latency, errors, the server's mean batch size and how long its batcher
   held a request for company (from /v1/stats), and its resident memory (at the end of the level, and the peak sampled
   every 0.2 s). The server is then stopped with SIGTERM (graceful shutdown), killed if it does not exit.
3. offline `predict` again, the server gone: on a shared machine the load drifts during a run, so the reference for the
   verdicts is the best of before and after (the stricter reference; both are printed);
4. the verdicts on the targets of issue #14, each printed PASS or FAIL with its figures: a lone request's p50 <= the p50
   of offline batch-1 `predict` calls (every call, before and after; the same statements the server is sent) + T; the server at the highest concurrency >= 80 % of offline `predict` at batch 64; the server's
   RSS growth from ready (after its warm-up) to the end of the load < 5 %. The load average is printed at the start and
   the end: on a busy machine every figure is lower and noisier.

Model: `--model` is a deploy folder (checkpoint or ensemble). Without it the script trains nothing: it saves a
deployable-shaped checkpoint of the packaged MiniLM encoder with an untrained head (speed does not depend on the weights'
values) under ~/.cache/statement_classifier/bench/. The pipeline is an `AutoModelForSequenceClassification` of the same
architecture carrying the first member's encoder weights and a linear head of the same size (its pooler layer is extra work
ours does not do), fed the same statements truncated to the same max_length.

Everything shares one machine: the client loop takes CPU from the server, which an honest deployment would not. Not a test."""
import argparse, asyncio, json, os, platform, signal, socket, subprocess, sys, threading, time, warnings
from pathlib import Path
import numpy as np


def _default_model(cache:Path)->Path:
    "The packaged MiniLM encoder with an untrained head, saved once as a checkpoint folder"
    import torch
    from transformers import AutoTokenizer
    from statement_classifier.core import atomic_dir
    from statement_classifier.models import StatementClassifierModel, minilm_path, quiet_loading
    out = cache/"minilm_untrained_head"
    if (out/"model.safetensors").exists(): return out
    torch.manual_seed(0)
    m = StatementClassifierModel.from_encoder(minilm_path(), dropout=0.0)
    with atomic_dir(out) as tmp:
        with quiet_loading(): m.save_pretrained(tmp); AutoTokenizer.from_pretrained(minilm_path()).save_pretrained(tmp)
    return out


def _plain_pipeline(member, max_length:int):
    "transformers.pipeline over an AutoModelForSequenceClassification carrying `member`'s encoder weights"
    import torch
    from transformers import AutoConfig, AutoModelForSequenceClassification, pipeline
    enc_cfg = dict(member.model.config.encoder); mt = enc_cfg.pop("model_type"); enc_cfg.pop("num_labels", None)
    labels = member.labels
    enc_cfg.update(problem_type="multi_label_classification", id2label=dict(enumerate(labels)), label2id={k: i for i, k in enumerate(labels)})
    hf = AutoModelForSequenceClassification.from_config(AutoConfig.for_model(mt, **enc_cfg))
    getattr(hf, hf.base_model_prefix).load_state_dict(member.model.encoder.state_dict(), strict=False)
    hf.eval()
    pipe = pipeline("text-classification", model=hf, tokenizer=member.tokenizer, device=-1, top_k=None, function_to_apply="sigmoid")
    return lambda texts, bs: pipe(texts, batch_size=bs, truncation=True, max_length=max_length)


def _rate(fn, texts, bs, calls_ms:list=None)->float:
    "Statements per second of `fn` over `texts`: one call per text at batch 1 (each call's ms appended to `calls_ms`), else one call"
    t0 = time.perf_counter()
    if bs == 1:
        for t in texts:
            t1 = time.perf_counter(); fn([t], 1)
            if calls_ms is not None: calls_ms.append((time.perf_counter() - t1) * 1000)
    else: fn(texts, bs)
    return len(texts) / (time.perf_counter() - t0)


def _free_port()->int:
    with socket.socket() as s: s.bind(("127.0.0.1", 0)); return s.getsockname()[1]


def _rss_mb(pid:int)->float:
    "Resident memory of a process in MiB (Linux /proc)"
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"): return int(line.split()[1]) / 1024
    except OSError: pass
    return float("nan")


class _PeakRSS:
    "Samples a process's RSS every `every` s in a thread: the peak since the last `reset`"
    def __init__(self, pid:int, every:float=0.2):
        self.pid, self.every, self.peak, self._stop = pid, every, float("nan"), threading.Event()
        self._th = threading.Thread(target=self._loop, daemon=True); self._th.start()
    def _loop(self):
        while not self._stop.wait(self.every):
            r = _rss_mb(self.pid)
            if r == r: self.peak = r if self.peak != self.peak else max(self.peak, r)
    def reset(self)->float: p, self.peak = self.peak, _rss_mb(self.pid); return p
    def stop(self): self._stop.set(); self._th.join(2)


def _load()->str:
    "The load averages (1, 5, 15 min) and the CPU count, as `uptime` says them"
    return "load average %.2f, %.2f, %.2f on %d CPUs" % (*os.getloadavg(), os.cpu_count())


class _RawClient:
    "A minimal HTTP/1.1 keep-alive client on asyncio streams: far less CPU per request than httpx, which shares the machine with the server"
    def __init__(self, port:int): self.port, self.r, self.w = port, None, None
    async def post(self, path:str, body:bytes)->tuple:
        if self.w is None: self.r, self.w = await asyncio.open_connection("127.0.0.1", self.port)
        self.w.write(b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                     % (path.encode(), len(body), body))
        head = await self.r.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]); n = 0; close = False
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length": n = int(v)
            elif k.strip().lower() == b"connection" and v.strip().lower() == b"close": close = True
        data = await self.r.readexactly(n)
        if close: self.close()
        return status, data
    def close(self):
        if self.w is not None: self.w.close(); self.r = self.w = None


async def _level(port:int, texts:list, concurrency:int, duration:float, warmup:float, max_requests:int, per_request:int)->dict:
    "Closed-loop clients: `concurrency` of them post for `duration` s (after `warmup` s not counted); latencies and errors"
    lat, errors, sent = [], [], [0]
    t_start = time.perf_counter(); t_count = t_start + warmup; t_end = t_count + duration
    async def client(k):
        c, i = _RawClient(port), k
        try:
            while True:
                if time.perf_counter() >= t_end or sent[0] >= max_requests: return
                body = json.dumps({"texts": [texts[(i + j) % len(texts)] for j in range(per_request)]}).encode(); i += concurrency
                t0 = time.perf_counter()
                try:
                    status, data = await asyncio.wait_for(c.post("/v1/classify", body), 60)
                    err = None if status == 200 and len(json.loads(data)["predictions"]) == per_request else f"HTTP {status}"
                except Exception as e: err = type(e).__name__; c.close()
                t1 = time.perf_counter()
                if t0 >= t_count:
                    sent[0] += 1
                    if err: errors.append(err)
                    else: lat.append(t1 - t0)
        finally: c.close()
    await asyncio.gather(*(client(k) for k in range(concurrency)))
    elapsed = min(time.perf_counter(), t_end) - t_count
    lat = np.array(lat) * 1000
    q = (lambda p: float(np.percentile(lat, p))) if len(lat) else (lambda p: float("nan"))
    return {"concurrency": concurrency, "requests": int(sent[0]), "ok": int(len(lat)), "errors": len(errors),
            "error_kinds": sorted(set(errors))[:5], "statements_per_s": len(lat) * per_request / elapsed if elapsed > 0 else float("nan"),
            "p50_ms": q(50), "p95_ms": q(95), "p99_ms": q(99), "seconds": elapsed}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="deploy folder (default: packaged MiniLM with an untrained head)")
    ap.add_argument("--duration", type=float, default=30, help="seconds per concurrency level")
    ap.add_argument("--warmup", type=float, default=2, help="seconds of load before each level's count starts")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    ap.add_argument("--max-requests", type=int, default=200_000, help="at most this many requests counted per level")
    ap.add_argument("--texts-per-request", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="torch threads, offline and in the server (1: stable on a shared 2-core machine)")
    ap.add_argument("--max-batch", type=int, default=64, help="the server's N")
    ap.add_argument("--max-wait-ms", type=float, default=5.0, help="the server's T")
    ap.add_argument("--forward-batch", type=int, default=None, help="the server's texts per forward pass within a batch (default: the server's)")
    ap.add_argument("--n-speed", type=int, default=256, help="statements timed offline at batch 64")
    ap.add_argument("--n-single", type=int, default=None, help="statements timed offline at batch 1 (default: all of --n-speed, the texts the server is sent)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--startup-timeout", type=float, default=300)
    ap.add_argument("--no-server-warmup", action="store_true", help="start the server with --no-warmup (to see what the warm-up does to memory)")
    ap.add_argument("--json", default=None, help="also write the figures here")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    load_start = _load(); print(f"  machine at the start: {load_start}", flush=True)
    import torch
    torch.set_num_threads(a.threads)
    from statement_classifier.classifier import StatementClassifier
    from statement_classifier.data_gen import template_dataset
    from statement_classifier.models import cache_dir
    ckpt = Path(a.model) if a.model else _default_model(cache_dir()/"bench")

    # the statements: held-out template statements (a generator seed the models did not train on)
    texts = [r.text for r in template_dataset(max(a.n_speed, 600), seed=123)]
    rng = np.random.default_rng(0)
    speed = [texts[i] for i in rng.choice(len(texts), a.n_speed, replace=False)]
    single = speed[:a.n_single or a.n_speed]

    # 1. offline
    clf = StatementClassifier.load(ckpt, device="cpu")
    mem = clf.ensemble.members[0]; ml = mem.max_length
    sides = {"pipeline": _plain_pipeline(mem, ml), "predict": lambda t, bs: clf.predict(t, batch_size=bs)}
    for f in sides.values(): f(speed[:64], 64); f(speed[:4], 1)           # warm up
    res, calls_ms = {k: {1: [], 64: []} for k in sides}, {k: [] for k in sides}   # calls_ms: every batch-1 call's latency
    for rep in range(a.repeats):
        for k, f in sides.items(): res[k][1].append(_rate(f, single, 1, calls_ms[k])); res[k][64].append(_rate(f, speed, 64))
        print(f"  offline repeat {rep + 1}: " + ", ".join(f"{k} {max(v[1]):.1f}/{max(v[64]):.1f}" for k, v in res.items()), flush=True)
    off = {k: {bs: max(v) for bs, v in r.items()} for k, r in res.items()}
    lens = [len(mem.tokenizer(t)["input_ids"]) for t in speed]
    predict = sides["predict"]; del sides
    ratio = {bs: off["predict"][bs] / off["pipeline"][bs] for bs in (1, 64)}   # measured side by side

    # 2. the server
    port = _free_port(); url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "statement_classifier.serve", "--model", str(ckpt), "--host", "127.0.0.1", "--port", str(port),
           "--threads", str(a.threads), "--max-batch", str(a.max_batch), "--max-wait-ms", str(a.max_wait_ms), "--log-level", "warning"]
    if a.no_server_warmup: cmd.append("--no-warmup")
    if a.forward_batch: cmd += ["--forward-batch", str(a.forward_batch)]
    levels, rss = [], {}
    import httpx
    t_launch = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while True:
            if proc.poll() is not None: raise RuntimeError(f"the server exited with {proc.returncode}: {proc.stderr.read()[-2000:]}")
            if time.perf_counter() - t_launch > a.startup_timeout: raise RuntimeError(f"the server was not ready after {a.startup_timeout:.0f} s")
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200: break
            except httpx.HTTPError: pass
            time.sleep(0.25)
        ready_s = time.perf_counter() - t_launch
        rss["ready"] = _rss_mb(proc.pid)
        limits = httpx.get(url + "/v1/model").json().get("limits", {})
        print(f"  server ready in {ready_s:.1f} s (pid {proc.pid}, RSS {rss['ready']:.0f} MiB)", flush=True)
        peak = _PeakRSS(proc.pid)
        for c in a.concurrency:
            peak.reset()
            before = httpx.get(url + "/v1/stats").json()["batcher"]
            r = asyncio.run(_level(port, speed, c, a.duration, a.warmup, a.max_requests, a.texts_per_request))
            after = httpx.get(url + "/v1/stats").json()["batcher"]
            nb, nt = after["batches"] - before["batches"], after["texts"] - before["texts"]
            r.update(mean_batch=nt / nb if nb else float("nan"), rss_mb=_rss_mb(proc.pid), peak_rss_mb=max(peak.reset(), _rss_mb(proc.pid)),
                     model_busy=(after["model_seconds"] - before["model_seconds"]) / (a.duration + a.warmup),
                     held_batches=after.get("held_batches", 0) - before.get("held_batches", 0), max_held_ms=after.get("max_held_ms", float("nan")))
            if "first_level" not in rss: rss["first_level"] = r["rss_mb"]
            levels.append(r)
            print(f"  {c:3d} clients: {r['statements_per_s']:.1f} statements/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
                  f"errors {r['errors']}, mean batch {r['mean_batch']:.1f}, model busy {r['model_busy']:.0%}, "
                  f"RSS {r['rss_mb']:.0f} MiB (peak {r['peak_rss_mb']:.0f})", flush=True)
        peak.stop()
        rss["end"] = _rss_mb(proc.pid); rss["peak"] = max([rss["end"]] + [r["peak_rss_mb"] for r in levels])
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try: proc.wait(30)
            except subprocess.TimeoutExpired: proc.kill(); proc.wait(10)
    stop_rc = proc.returncode

    # 3. offline predict again, the server gone: the load of a shared machine drifts, so the reference is the best of before and after
    again = {1: [], 64: []}
    for rep in range(a.repeats): again[1].append(_rate(predict, single, 1, calls_ms["predict"])); again[64].append(_rate(predict, speed, 64))
    off_before, off_after = dict(off["predict"]), {bs: max(v) for bs, v in again.items()}
    off["predict"] = {bs: max(off_before[bs], off_after[bs]) for bs in (1, 64)}
    print(f"  offline predict after the server: {off_after[1]:.1f}/{off_after[64]:.1f} (before: {off_before[1]:.1f}/{off_before[64]:.1f})", flush=True)

    # the table
    load_end = _load()
    print(f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; at the start {load_start}; at the end {load_end}; "
          f"Python {platform.python_version()}, torch {torch.__version__}, {a.threads} torch thread(s) offline and in the server")
    print(f"model: {ckpt} ({clf.kind}, {len(clf.ensemble.members)} member(s), max_length {ml}); {a.n_speed} template statements "
          f"(mean {np.mean(lens):.1f} tokens) at batch 64, {len(single)} at batch 1, best of {a.repeats}; server N={a.max_batch}, "
          f"T={a.max_wait_ms:g} ms, forward passes of {limits.get('forward_batch', a.max_batch)}, {a.texts_per_request} text(s) per request, {a.duration:g} s per level after {a.warmup:g} s warm-up")
    print(f"\n{'side':30s}{'statements/s':>14s}{'p50 ms':>9s}{'p95 ms':>9s}{'p99 ms':>9s}{'errors':>8s}{'mean batch':>12s}{'model busy':>12s}"
          f"{'held':>7s}{'RSS MiB':>9s}{'peak':>7s}")
    for k in ("pipeline", "predict"):
        for bs in (1, 64):
            q = (lambda p: float(np.percentile(calls_ms[k], p))) if bs == 1 else (lambda p: float("nan"))
            print(f"{k + f' batch {bs}':30s}{off[k][bs]:14.1f}{q(50):9.1f}{q(95):9.1f}{q(99):9.1f}{'':8s}{bs:12d}")
    for r in levels:
        print(f"{'server, %d clients' % r['concurrency']:30s}{r['statements_per_s']:14.1f}{r['p50_ms']:9.1f}{r['p95_ms']:9.1f}{r['p99_ms']:9.1f}"
              f"{r['errors']:8d}{r['mean_batch']:12.1f}{r['model_busy']:12.0%}{r['held_batches']:7d}{r['rss_mb']:9.0f}{r['peak_rss_mb']:7.0f}")
    print("(held: batches the server held for requests still coming: arriving, or the clients its last batch answered; each at most T)")
    print(f"(offline statements/s: the best repeat; predict's, the best of before and after the server: before {off_before[1]:.1f}/{off_before[64]:.1f}, "
          f"after {off_after[1]:.1f}/{off_after[64]:.1f} at batch 1/64. Offline batch-1 p50/p95/p99: of every call, predict's before and after)")
    print(f"\npredict / pipeline: batch 1 {ratio[1]:.2f}x, batch 64 {ratio[64]:.2f}x")
    verdicts = {}
    def verdict(name, ok, text):
        verdicts[name] = bool(ok); print(f"{'PASS' if ok else 'FAIL'} {name}: {text}")
    print()
    lone = next((r for r in levels if r["concurrency"] == 1), None)
    if lone:
        p50 = float(np.median(calls_ms["predict"])); bound = p50 + a.max_wait_ms      # median against median, the same statements
        verdict("lone latency", lone["p50_ms"] <= bound, f"lone request p50 {lone['p50_ms']:.1f} ms <= offline batch-1 predict p50 {p50:.1f} ms "
                f"+ T {a.max_wait_ms:g} ms = {bound:.1f} ms (HTTP and JSON included; {bound - lone['p50_ms']:+.1f} ms to spare; "
                f"against the best repeat's mean, {1000 / off['predict'][1]:.1f} ms: {1000 / off['predict'][1] + a.max_wait_ms - lone['p50_ms']:+.1f} ms)")
    top = max(levels, key=lambda r: r["concurrency"]) if levels else None
    if top:
        share = top["statements_per_s"] / off["predict"][64]
        verdict("throughput", share >= 0.80, f"server at {top['concurrency']} clients {top['statements_per_s']:.1f} statements/s = {share:.0%} "
                f"of offline predict at batch 64 ({off['predict'][64]:.1f}/s, the better of before and after); target >= 80 % "
                f"(against before alone {top['statements_per_s'] / off_before[64]:.0%}, after alone {top['statements_per_s'] / off_after[64]:.0%})")
    grow = (rss["end"] - rss["ready"]) / rss["ready"] if rss.get("ready") and rss.get("end") else float("nan")
    after_first = (rss["end"] - rss["first_level"]) / rss["first_level"] if rss.get("first_level") else float("nan")
    verdict("memory", grow < 0.05, f"server RSS ready {rss.get('ready', float('nan')):.0f} MiB -> end {rss.get('end', float('nan')):.0f} MiB "
            f"({grow:+.1%}; peak {rss.get('peak', float('nan')):.0f} MiB; {after_first:+.1%} after the first level; "
            f"{'no warm-up' if a.no_server_warmup else 'warmed up before ready'}); target < +5 %")
    print(f"server stopped with SIGTERM, exit code {stop_rc} "
          f"({'-15: uvicorn re-raises SIGTERM after its graceful shutdown' if stop_rc == -signal.SIGTERM else 'killed' if stop_rc == -9 else ''})")
    out = {"machine": platform.machine(), "cpus": os.cpu_count(), "threads": a.threads, "model": str(ckpt), "offline": off, "offline_batch1_p50_ms": {k: float(np.median(v)) for k, v in calls_ms.items()}, "offline_predict_before_after": {"before": off_before, "after": off_after},
           "ratio_predict_over_pipeline": ratio, "server": levels, "rss_mb": rss, "rss_growth_ready_to_end": grow, "verdicts": verdicts,
           "load_start": load_start, "load_end": load_end, "server_ready_s": ready_s, "server_exit_code": stop_rc,
           "server_limits": limits,
           "settings": {k: getattr(a, k) for k in ("duration", "warmup", "concurrency", "max_batch", "max_wait_ms", "texts_per_request", "no_server_warmup")}}
    if a.json: Path(a.json).write_text(json.dumps(out, indent=2, default=float))
    return out


if __name__ == "__main__": main()
