#!/usr/bin/env python3
"""BM25 baseline on exactly the corpora and questions that `askbook eval prepare` wrote.

bm25s, Lucene variant, k1 = 1.2, b = 0.75, English stop words, Snowball (PyStemmer) stemming. Units are the prepared
sections (SciFact: title + abstract, as BEIR); for sets of many spaces (docs-org, whose corpus lines name their
`space`) a unit is keyed by (space, page, section), so equal page paths in two spaces stay apart. Prints the same
retrieval metrics as `askbook eval --json`:

    python3 Evaluation/baselines/bm25.py squad > /tmp/bm25-squad.json
    askbook eval squad --compare /tmp/bm25-squad.json

Install with `pip install -r Evaluation/baselines/requirements.txt`.
"""
import argparse
import json
import os
import statistics
import sys
import time

import bm25s
import numpy as np
import pytrec_eval
import Stemmer

DEFAULT_SPLIT = {"squad": "test", "scifact": "test", "clapnq": "test", "gitbook": "all", "handbook": "all", "docs-org": "test"}


def load_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", choices=sorted(DEFAULT_SPLIT))
    parser.add_argument("--prepared", default="Evaluation/prepared")
    parser.add_argument("--split", choices=["test", "tune", "all"])
    args = parser.parse_args()
    split = args.split or DEFAULT_SPLIT[args.set]
    folder = os.path.join(args.prepared, args.set)

    pages = load_jsonl(os.path.join(folder, "corpus.jsonl"))
    units, texts = [], []
    for page in pages:
        for section in page["sections"]:
            # (space, page, section) when the corpus names spaces, else (page, section) as before.
            units.append((page["space"], page["page"], section["id"]) if "space" in page else (page["page"], section["id"]))
            text = section["text"]
            if args.set == "scifact":
                text = section["title"] + " " + text
            texts.append(text)
    questions = [q for q in load_jsonl(os.path.join(folder, "questions.jsonl")) if split == "all" or q.get("split") == split]
    questions = [q for q in questions if q.get("gold") or q.get("relevant")]

    stemmer = Stemmer.Stemmer("english")
    started = time.perf_counter()
    retriever = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
    retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    build_seconds = time.perf_counter() - started

    query_tokens = bm25s.tokenize([q["question"] for q in questions], stopwords="en", stemmer=stemmer, show_progress=False)
    k = min(100, len(texts))
    latencies = []
    for i in range(min(len(questions), 200)):  # single-query latency on a sample
        one = bm25s.tokenize([questions[i]["question"]], stopwords="en", stemmer=stemmer, show_progress=False)
        t = time.perf_counter()
        retriever.retrieve(one, k=k, show_progress=False, n_threads=1)
        latencies.append((time.perf_counter() - t) * 1000)
    documents, scores = retriever.retrieve(query_tokens, k=k, show_progress=False, n_threads=1)

    ranks, run, qrels = [], {}, {}
    for qi, question in enumerate(questions):
        ranked_units = [units[d] for d in documents[qi]]
        if question.get("relevant"):
            # Document level, graded: first relevant document, and a TREC run for nDCG/recall.
            seen, ranked_pages = set(), []
            for page in (unit[-2] for unit in ranked_units):
                if page not in seen:
                    seen.add(page)
                    ranked_pages.append(page)
            relevant = {doc: grade for doc, grade in question["relevant"].items() if grade > 0}
            rank = next((i + 1 for i, page in enumerate(ranked_pages) if page in relevant), None)
            qrels[question["id"]] = {doc: int(grade) for doc, grade in question["relevant"].items()}
            run[question["id"]] = {page: float(len(ranked_pages) - i) for i, page in enumerate(ranked_pages)}
        else:
            gold = question["gold"]
            target = (gold["page"], gold["section"])
            if len(units[0]) == 3:
                target = (gold["space"],) + target
            rank = next((i + 1 for i, unit in enumerate(ranked_units) if unit == target), None)
        ranks.append(rank)

    def recall(at):
        return sum(1 for r in ranks if r is not None and r <= at) / len(ranks)

    result = {
        "name": "bm25s",
        "set": args.set,
        "split": split,
        "questions": len(questions),
        "recallAt1": recall(1),
        "recallAt5": recall(5),
        "recallAt20": recall(20),
        "mrrAt10": sum(1 / r for r in ranks if r is not None and r <= 10) / len(ranks),
        "recallCurve": [recall(at) for at in range(1, 21)],
        "latencyP50": statistics.median(latencies),
        "latencyP95": float(np.percentile(latencies, 95)),
        "buildSeconds": build_seconds,
    }
    if qrels:
        evaluator = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10", "recall.100"})
        measures = evaluator.evaluate(run)
        result["ndcgAt10"] = statistics.mean(m["ndcg_cut_10"] for m in measures.values())
        result["recallAt100"] = statistics.mean(m["recall_100"] for m in measures.values())
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
