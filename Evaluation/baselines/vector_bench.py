#!/usr/bin/env python3
"""Reference timings for exact vector search (FAISS IndexFlatIP) and bm25s on what `askbook bench --export DIR` wrote.

The export folder holds:

    meta.json      {"chunks": N, "dimension": D, "queries": Q, "k": 10}
    matrix.f32     N x D row-major little-endian float32, L2-normalised chunk vectors
    queries.f32    Q x D row-major little-endian float32, L2-normalised query vectors
    corpus.jsonl   {"id": <row>, "text": "..."} per chunk, in row order
    queries.jsonl  {"id": <int>, "text": "..."} per query, in order

Measured:
- FAISS: seconds to `add` the matrix to an IndexFlatIP; single-query search latency (each query searched alone, p50/p99 in
  ms) and batched throughput (all queries in one `search`, queries/s), once with 1 OpenMP thread and once with
  os.cpu_count() threads. Every figure is the median over --repeats passes, each setting after one warm-up pass.
- Streaming read bandwidth: numpy.sum (one thread) over the index's own float32 storage, median of 5, in GB/s: the
  memory-bound ceiling for one query scanning the whole matrix.
- bm25s, same settings as bm25.py (Lucene, k1 = 1.2, b = 0.75, English stop words, Snowball stemming): index seconds
  (tokenise + index), then single-query latency (tokenise + retrieve, k, 1 thread) p50/p99 in ms.

    python3 Evaluation/baselines/vector_bench.py DIR --out /tmp/vector-bench.json

Prints JSON (camelCase keys, plus the FAISS top-k row ids per query as "faissTop") and a summary on stderr.
Install with `pip install -r Evaluation/baselines/requirements.txt`.
"""
import argparse
import json
import os
import statistics
import sys
import time

import bm25s
import faiss
import numpy as np
import Stemmer


def load_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_matrix(path, rows, dimension):
    # A read-only memory map: `add` copies it from the page cache into the index, the only private copy.
    return np.memmap(path, dtype="<f4", mode="r", shape=(rows, dimension))


def latency_percentiles(search_one, count, repeats):
    """Median over `repeats` passes (after one warm-up pass) of the per-call p50 and p99, in milliseconds."""
    p50s, p99s = [], []
    for attempt in range(repeats + 1):
        nanoseconds = []
        for i in range(count):
            started = time.perf_counter_ns()
            search_one(i)
            nanoseconds.append(time.perf_counter_ns() - started)
        if attempt > 0:
            milliseconds = np.array(nanoseconds) / 1e6
            p50s.append(float(np.percentile(milliseconds, 50)))
            p99s.append(float(np.percentile(milliseconds, 99)))
    return statistics.median(p50s), statistics.median(p99s)


def timed(run):
    started = time.perf_counter_ns()
    run()
    return (time.perf_counter_ns() - started) / 1e9


def median_seconds(run, repeats):
    """Median wall time of `run()` over `repeats` calls, after one warm-up call."""
    run()
    return statistics.median(timed(run) for _ in range(repeats))


def bench_faiss(matrix, queries, k, repeats):
    started = time.perf_counter()
    index = faiss.IndexFlatIP(matrix.shape[1])
    index.add(matrix)
    add_seconds = time.perf_counter() - started

    # With more than one thread and at least 10,000 rows, faiss 1.15 splits a lone query across the rows (its
    # database-parallel path); with one thread, or at least `threads` queries at once, it splits the queries instead.
    single = []
    for threads in sorted({1, os.cpu_count()}):
        faiss.omp_set_num_threads(threads)
        p50, p99 = latency_percentiles(lambda i: index.search(queries[i:i + 1], k), len(queries), repeats)
        batch_seconds = median_seconds(lambda: index.search(queries, k), repeats)
        single.append({"threads": threads, "p50Milliseconds": p50, "p99Milliseconds": p99,
                       "batchQueriesPerSecond": len(queries) / batch_seconds})
    _, top = index.search(queries, k)
    return index, {"addSeconds": add_seconds, "single": single}, top.tolist()


def streaming_read_gb_per_second(index):
    # A zero-copy view of the vectors faiss scans, so the figure is for the same memory.
    stored = faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d)
    seconds = statistics.median(timed(lambda: np.sum(stored)) for _ in range(5))
    return stored.nbytes / seconds / 1e9


def bench_bm25(texts, questions, k, repeats):
    stemmer = Stemmer.Stemmer("english")
    started = time.perf_counter()
    retriever = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
    retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    index_seconds = time.perf_counter() - started

    def search_one(i):
        tokens = bm25s.tokenize([questions[i]], stopwords="en", stemmer=stemmer, show_progress=False)
        retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)

    p50, p99 = latency_percentiles(search_one, len(questions), repeats)
    return {"indexSeconds": index_seconds, "p50Milliseconds": p50, "p99Milliseconds": p99}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", help="folder written by `askbook bench --export`")
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-bm25", action="store_true")
    args = parser.parse_args()

    with open(os.path.join(args.dir, "meta.json"), encoding="utf-8") as handle:
        meta = json.load(handle)
    chunks, dimension, k = meta["chunks"], meta["dimension"], meta["k"]
    matrix = load_matrix(os.path.join(args.dir, "matrix.f32"), chunks, dimension)
    queries = np.fromfile(os.path.join(args.dir, "queries.f32"), dtype="<f4").reshape(meta["queries"], dimension)

    index, faiss_result, top = bench_faiss(matrix, queries, k, args.repeats)
    del matrix
    bandwidth = streaming_read_gb_per_second(index)
    del index

    bm25_result = None
    if not args.skip_bm25:
        texts = [row["text"] for row in load_jsonl(os.path.join(args.dir, "corpus.jsonl"))]
        questions = [row["text"] for row in load_jsonl(os.path.join(args.dir, "queries.jsonl"))]
        bm25_result = bench_bm25(texts, questions, k, args.repeats)

    result = {
        "chunks": chunks, "dimension": dimension, "queries": len(queries), "k": k,
        "faissVersion": faiss.__version__, "bm25sVersion": bm25s.__version__,
        "faiss": faiss_result,
        "streamingReadGBPerSecond": bandwidth,
        "bm25s": bm25_result,
        "faissTop": top,
    }
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(result, handle)
    else:
        json.dump(result, sys.stdout)
        print()

    print(f"{chunks} x {dimension}, {len(queries)} queries, k = {k}; faiss {faiss.__version__}, "
          f"add {faiss_result['addSeconds']:.2f} s, streaming read {bandwidth:.1f} GB/s", file=sys.stderr)
    for row in faiss_result["single"]:
        print(f"  faiss {row['threads']} thread(s): p50 {row['p50Milliseconds']:.2f} ms, "
              f"p99 {row['p99Milliseconds']:.2f} ms, batch {row['batchQueriesPerSecond']:.0f} q/s", file=sys.stderr)
    if bm25_result:
        print(f"  bm25s {bm25s.__version__}: index {bm25_result['indexSeconds']:.2f} s, "
              f"p50 {bm25_result['p50Milliseconds']:.2f} ms, p99 {bm25_result['p99Milliseconds']:.2f} ms", file=sys.stderr)


if __name__ == "__main__":
    main()
