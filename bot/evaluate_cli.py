"""`bot eval`: progress, tables and JSON around bot.evaluate."""
from __future__ import annotations

import sys
import time

from . import render
from .evaluate import OFFTOPIC_PER_ARTICLE, evaluate_article, load_squad, offtopic_sample, summarize

COLUMNS = [
    ("top1", "top-1", "{:.3f}"), ("top3", "top-3", "{:.3f}"), ("mrr", "MRR", "{:.3f}"),
    ("em", "EM", "{:.3f}"), ("f1", "F1", "{:.3f}"), ("answered", "answered", "{:.3f}"),
    ("refused_impossible", "refused unans.", "{:.3f}"), ("refused_offtopic", "refused off-topic", "{:.3f}"),
    ("words", "words", "{:.1f}"),
]


def table(rows: list[tuple[str, dict]]) -> str:
    head = ["articles", "questions"] + [c[1] for c in COLUMNS] + ["q/s"]
    body = []
    for name, s in rows:
        body.append([name, str(s["questions"])] + [fmt.format(s[k]) for k, _, fmt in COLUMNS]
                    + [f"{s['qps']:.0f}" if "qps" in s else ""])
    widths = [max(len(r[i]) for r in body + [head]) for i in range(len(head))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(head), "  ".join("-" * w for w in widths)] + [line(r) for r in body])


def run(args) -> int:
    articles = load_squad(args.file)
    if args.articles:
        articles = articles[: args.articles]
    show = sys.stderr.isatty() and not args.json
    offtopic = OFFTOPIC_PER_ARTICLE if args.offtopic is None else max(0, args.offtopic)
    records_by_article = []
    t0 = time.perf_counter()
    for a, art in enumerate(articles):
        if show:
            render.progress(a, len(articles), art.title)
        others = offtopic_sample(articles, a, offtopic, args.seed) if offtopic else []
        records_by_article.append((art.title, evaluate_article(art, others)))
    seconds = time.perf_counter() - t0
    if show:
        render.progress(len(articles), len(articles), "done")
        sys.stderr.write("\n")
    records = [r for _, recs in records_by_article for r in recs]
    overall = summarize(records, seconds)
    per_article = [(title, summarize(recs)) for title, recs in records_by_article]
    misses = [r for r in records if r.kind == "answerable" and r.rank != 1]
    misses.sort(key=lambda r: (r.rank is not None, -(r.rank or 0)))  # never found first
    if args.json:
        out = {"overall": overall}
        if args.per_article:
            out["articles"] = {t: s for t, s in per_article}
        if args.errors:
            out["errors"] = [{"article": r.article, "question": r.question, "gold": r.golds,
                              "rank": r.rank, "cited": r.cited, "short_answer": r.short}
                             for r in misses[: args.errors]]
        print(render.to_json(out))
        return 0
    rows = (per_article if args.per_article else []) + [(f"all ({len(articles)})", overall)]
    print(table(rows))
    if args.errors:
        print(f"\nworst misses ({min(args.errors, len(misses))} of {len(misses)}):")
        for r in misses[: args.errors]:
            where = f"rank {r.rank}" if r.rank else ("refused" if not r.answered else "not in top 10")
            print(f"\n[{r.article}] {render.safe(r.question)}  ({where})")
            print(f"  gold:  {render.safe(' | '.join(dict.fromkeys(r.golds)))}")
            print(f"  cited: {render.safe(' '.join(r.cited.split()))[:300]}")
    return 0
