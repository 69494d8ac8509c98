#!/usr/bin/env python3
"""Writes a misspelled copy of a question set: one typo in one content word of each question, seeded, so typo
tolerance is measured on the same questions as the clean set (issue: R@5 on the misspelled set ≥ 0.9 × clean).

    python3 Evaluation/questions/make_typos.py Evaluation/questions/gitbook.jsonl > /tmp/gitbook-typos.jsonl [--seed 7]

The typo is one edit — a deleted, doubled, swapped (adjacent transposition) or replaced letter — in a word of at least
five letters that is not a stop word, not capitalised inside the sentence (names) and has no digit or code punctuation;
the word to change and the edit are drawn with the seed. Questions without such a word are written unchanged and
counted on standard error. Ids get a `-typo` suffix; the `notes` say which word changed.
"""
import json
import random
import re
import sys

STOP = set("""about above after again against also because been before being below between both could does doing down
during each from further have having here itself just more most other ought over same should some such than that their
theirs them then there these they this those through under until very were what when where which while whom whose why
with would your yours into only own can't don't isn't""".split())
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def candidates(question):
    words = []
    for m in WORD.finditer(question):
        w = m.group(0)
        before = question[max(0, m.start() - 1):m.start()]
        after = question[m.end():m.end() + 1]
        if len(w) < 5 or w.lower() in STOP or "'" in w:
            continue
        if m.start() > 0 and w[0].isupper():
            continue  # a name or a product term inside the sentence
        if before in "_./`-" and before != "" or after in "_./`(-" and after != "":
            continue  # part of an identifier, a path or code
        words.append(m)
    return words


def misspell(word, rng):
    i = rng.randrange(1, len(word) - 1)  # keep the first letter, as most real typos do
    kind = rng.choice(["delete", "double", "swap", "replace"])
    if kind == "delete":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    letter = rng.choice([c for c in KEYBOARD if c != word[i].lower()])
    return word[:i] + letter + word[i + 1:]


def main():
    args = sys.argv[1:]
    seed = 7
    if "--seed" in args:
        seed = int(args[args.index("--seed") + 1])
        del args[args.index("--seed"):args.index("--seed") + 2]
    rng = random.Random(seed)
    unchanged = 0
    with open(args[0]) as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            words = candidates(item["question"])
            item["id"] = item["id"] + "-typo"
            if words:
                m = rng.choice(words)
                typo = misspell(m.group(0), rng)
                item["question"] = item["question"][:m.start()] + typo + item["question"][m.end():]
                note = f"typo: {m.group(0)} → {typo}"
                item["notes"] = f"{item['notes']}; {note}" if item.get("notes") else note
            else:
                unchanged += 1
            print(json.dumps(item, ensure_ascii=False))
    print(f"{unchanged} questions had no word to misspell and are unchanged", file=sys.stderr)


if __name__ == "__main__":
    main()
