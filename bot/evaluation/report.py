"""`bot eval`: progress, tables and JSON around bot.evaluation.squad (SQuAD, NewsQA) and
bot.evaluation.coqa (CoQA conversations)."""

from __future__ import annotations

import sys
import time

from bot import render
from bot.evaluation.squad import (
    NEARTOPIC_PER_ARTICLE,
    OFFTOPIC_PER_ARTICLE,
    Asked,
    evaluate,
    evaluate_paragraphs,
    evaluate_together,
    parse_squad,
    read_json,
    summarize,
)

COLUMNS = [
    ("top1", "top-1", "{:.3f}"),
    ("top3", "top-3", "{:.3f}"),
    ("mrr", "MRR", "{:.3f}"),
    ("em", "EM", "{:.3f}"),
    ("f1", "F1", "{:.3f}"),
    ("line_shown", "Answer: shown", "{:.3f}"),
    ("line_right", "Answer: right", "{:.3f}"),
    ("answered", "answered", "{:.3f}"),
    ("refused_impossible", "refused unans.", "{:.3f}"),
    ("refused_offtopic", "refused off-topic", "{:.3f}"),
    ("hedged", "hedged", "{:.3f}"),
    ("hedged_offtopic", "hedged off-topic", "{:.3f}"),
    ("refused_neartopic", "refused near-topic", "{:.3f}"),
    ("cited_top1", "cited top-1", "{:.3f}"),
    ("words", "words", "{:.1f}"),
]

CHAT_COLUMNS = [
    ("top1", "top-1", "{:.3f}"),
    ("top3", "top-3", "{:.3f}"),
    ("answered", "answered", "{:.3f}"),
    ("cited_top1", "cited top-1", "{:.3f}"),
    ("alone_top1", "alone top-1", "{:.3f}"),
    ("alone_top3", "alone top-3", "{:.3f}"),
    ("alone_answered", "alone answered", "{:.3f}"),
]

NOTE = (
    "top-1/top-3/MRR: answered, and a cited sentence holds the answer (hedges and refusals are misses); "
    "cited top-1: a hedge's first citation counts too"
)


def table(rows: list[tuple[str, dict]], columns=COLUMNS, first=("articles", "questions"), rate=("qps", "q/s")) -> str:
    """A plain-text table, one row per (name, figures); a figure a row lacks shows as "-"."""
    head = list(first) + [c[1] for c in columns] + [rate[1]]
    body = []
    for name, s in rows:
        body.append(
            [name, str(s.get(first[1], ""))]
            + [fmt.format(s[k]) if k in s else "-" for k, _, fmt in columns]
            + [f"{s[rate[0]]:.0f}" if rate[0] in s else ""]
        )
    widths = [max(len(r[i]) for r in body + [head]) for i in range(len(head))]

    def line(r: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))

    return "\n".join([line(head), "  ".join("-" * w for w in widths)] + [line(r) for r in body])


def peer_row(summary: dict, label: str = "rank-bm25 peer") -> tuple[str, dict] | None:
    """The peer's figures as a row of the same table (it always answers), if it was measured."""
    if "peer_top1" not in summary:
        return None
    figures = {k: summary["peer_" + k] for k in ("top1", "top3", "mrr")}
    figures |= {"answered": 1.0, "cited_top1": summary["peer_top1"], "questions": summary["answerable"]}
    return label, figures


def _progress(show: bool):
    return (lambda done, total, label: render.progress(done, total, label)) if show else None


def run(args) -> int:
    from bot.evaluation.coqa import is_coqa

    data = read_json(args.file)
    if is_coqa(data) and isinstance(data, dict):
        return run_coqa(args, data)
    articles = parse_squad(data, args.file)
    if args.articles:
        articles = articles[: args.articles]
    show = sys.stderr.isatty() and not args.json
    offtopic = OFFTOPIC_PER_ARTICLE if args.offtopic is None else max(0, args.offtopic)
    t0 = time.perf_counter()
    if args.together:
        if show:
            render.progress(0, 1, f"indexing {len(articles)} articles")
        records = evaluate_together(articles, peer=args.peer)
    elif args.paragraphs:
        records = evaluate_paragraphs(articles, peer=args.peer, progress=_progress(show))
    else:
        records, _ = evaluate(
            articles,
            offtopic=offtopic,
            seed=args.seed,
            progress=_progress(show),
            peer=args.peer,
            neartopic=NEARTOPIC_PER_ARTICLE if args.neartopic is None else max(0, args.neartopic),
        )
    seconds = time.perf_counter() - t0
    if show:
        sys.stderr.write("\n")
    overall = summarize(records, seconds)
    per_article = [(art.title, summarize([r for r in records if r.article == art.title])) for art in articles]
    misses = [r for r in records if r.kind == Asked.ANSWERABLE and r.rank != 1]
    misses.sort(key=lambda r: (r.rank is not None, -(r.rank or 0)))  # never found first
    if args.json:
        out: dict[str, object] = {"overall": overall}
        if args.per_article:
            out["articles"] = {t: s for t, s in per_article}
        if args.errors:
            out["errors"] = [
                {
                    "article": r.article,
                    "question": r.question,
                    "gold": r.golds,
                    "rank": r.rank,
                    "answered": r.answered,
                    "cited": r.cited,
                    "short_answer": r.short,
                }
                for r in misses[: args.errors]
            ]
        print(render.to_json(out))
        return 0
    label = f"all ({len(articles)}{', together' if args.together else ', by paragraph' if args.paragraphs else ''})"
    rows = (per_article if args.per_article else []) + [(label, overall)]
    rows += [row] if (row := peer_row(overall)) else []
    print(table(rows))
    print(NOTE)
    if args.errors:
        print(f"\nworst misses ({min(args.errors, len(misses))} of {len(misses)}):")
        for r in misses[: args.errors]:
            if r.answered:
                where = f"rank {r.rank}" if r.rank else "not in top 10"
            else:
                where = f"hedged, rank {r.cited_rank or '> 10'}" if r.hedged else "refused"
            print(f"\n[{r.article}] {render.safe(r.question)}  ({where})")
            print(f"  gold:  {render.safe(' | '.join(dict.fromkeys(r.golds)))}")
            print(f"  cited: {render.safe(' '.join(r.cited.split()))[:300]}")
    return 0


def _peer_figures(summary: dict) -> dict:
    return {k: summary["peer_" + k] for k in ("top1", "top3", "answered", "cited_top1")} | {"turns": summary["turns"]}


def run_coqa(args, data: dict) -> int:
    """Each story one conversation, by source (cnn, wikipedia...) and overall."""
    from bot.evaluation.coqa import Mode, evaluate_story, parse
    from bot.evaluation.coqa import summarize as summarize_turns

    stories = parse(data, args.file)
    if args.articles:
        stories = stories[: args.articles]
    show = sys.stderr.isatty() and not args.json
    by_story = []
    modes = (Mode.CHAT, Mode.ALONE, Mode.PEER) if args.peer else (Mode.CHAT, Mode.ALONE)
    t0 = time.perf_counter()
    for n, story in enumerate(stories):
        if show:
            render.progress(n, len(stories), f"{story.source} {story.id}")
        by_story.append((story, evaluate_story(story, modes=modes)))
    seconds = time.perf_counter() - t0
    if show:
        render.progress(len(stories), len(stories), "done")
        sys.stderr.write("\n")
    records = [r for _, recs in by_story for r in recs]
    sources = sorted({s.source for s in stories})
    per_source = [(src, summarize_turns([r for r in records if r.source == src])) for src in sources]
    overall = summarize_turns(records, seconds)
    per_story = [(f"{s.source} {s.id}", summarize_turns(recs)) for s, recs in by_story]
    misses = [r for r in records if r.mode == Mode.CHAT and r.scored and r.rank != 1]
    misses.sort(key=lambda r: (r.rank is not None, -(r.rank or 0), r.story, r.turn))
    if args.json:
        out = {"overall": overall, "sources": dict(per_source)}
        if args.per_article:
            out["stories"] = dict(per_story)
        if args.errors:
            out["errors"] = [
                {
                    "story": r.story,
                    "source": r.source,
                    "turn": r.turn,
                    "question": r.question,
                    "taken_as": r.taken_as,
                    "gold": r.gold,
                    "rationale": r.rationale,
                    "rank": r.rank,
                    "answered": r.answered,
                    "cited": r.cited,
                }
                for r in misses[: args.errors]
            ]
        print(render.to_json(out))
        return 0
    rows = (per_story if args.per_article else []) + per_source + [(f"all ({len(stories)})", overall)]
    if args.peer:
        rows += [(f"rank-bm25 peer, {name}", _peer_figures(s)) for name, s in per_source + [("all", overall)]]
    print(table(rows, CHAT_COLUMNS, ("stories", "turns"), ("tps", "turns/s")))
    print(NOTE + "; alone: each turn asked without the conversation; the peer ranks each turn alone")
    if args.errors:
        print(f"\nworst misses in the chat ({min(args.errors, len(misses))} of {len(misses)}):")
        for r in misses[: args.errors]:
            where = f"rank {r.rank}" if r.rank else ("refused" if not r.answered else "not in top 10")
            taken = f" (taken as: {render.safe(r.taken_as)})" if r.taken_as else ""
            print(f"\n[{r.source} {r.story} turn {r.turn}] {render.safe(r.question)}{taken}  ({where})")
            print(f"  gold:      {render.safe(r.gold)}")
            print(f"  rationale: {render.safe(' '.join(r.rationale.split()))[:300]}")
            print(f"  cited:     {render.safe(' '.join(r.cited.split()))[:300]}")
    return 0
