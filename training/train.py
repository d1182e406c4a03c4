"""Train the bot's models from ../shared/data, and say how well they do on text they never saw.

    pip install -e ".[train]"
    python training/train.py ../shared/data            # collect, cross-validate, write bot/models/
    python training/train.py ../shared/data --no-cv    # only the shipped models
    python training/train.py ../shared/data --seed 2   # the shipped models' LightGBM seed (README)

Two models (`bot/models/`): the ranker (LightGBM lambdarank over `bot.answering.features.FEATURES`;
the mean of `--ensemble` fits, 3 by default, of LightGBM's seeds --seed, --seed + 1, ..., shipped as
one file of their trees) and the evidence model (LightGBM binary over
`bot.answering.evidence.EVIDENCE`, with its two bars). What they learn from is in
`training/datasets.py`: SQuAD v1.1 train as articles, paragraphs, groups of articles and
conversations (three consecutive paragraphs asked turn by turn through the chat,
`datasets.squad_stories`; `--no-conversations` leaves them out) and questions of their reported
speech ("what did she say?", `training/quotes.py`), and the shared NewsQA and CoQA halves by
cross-validation: every figure printed for those comes from models that never saw the article or
story asked (two folds by article or story; the folds also choose the evidence model's bars, so the
shipped models are this command's output with the default folds and `--seed 2`), and "SQuAD train
only" from models that saw nothing of the shared news and chats. The shipped models learn from all
of it. Nothing from the data goes into the repository but the trees' numbers.

On the 2-core machine: collecting about 30 minutes the first time (cached in --cache after),
each ranker about 5 minutes (three of them for each model with the default --ensemble), the
whole run with cross-validation about 60 minutes past collecting.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering import features
from bot.answering.evidence import EVIDENCE
from bot.answering.scorer import Models, Trees
from bot.evaluation import coqa as evaluate_coqa
from bot.evaluation import squad as squad_eval
from bot.evaluation.coqa import Mode
from training.collect import OWN, Evidence, Groups
from training.datasets import FILES, LEARNER, ROOT, SEED, code_digest, collect, collected
from training.export import check_rows, seeded, trees

FOLDS = 2
RANKER = {
    **LEARNER,
    "objective": "lambdarank",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 100,
    "lambdarank_truncation_level": 20,
    "force_row_wise": True,
}
RANKER_ROUNDS = 400
# How many rankers, each of its own LightGBM seed (the run's --seed and the next ones), the
# shipped ranker averages (--ensemble): one fit's draw moved held-out figures by a point or two
# either way. The models answering the conversations' earlier turns while their rows are
# collected are single fits (ENSEMBLE until main sets it), as are training/probe.py's.
ENSEMBLE = 1
SHIPPED_ENSEMBLE = 3
ABSTAIN = {
    **LEARNER,
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 50,
}
ABSTAIN_ROUNDS = 300
# How much a question of each set counts, against one of SQuAD's. Measured by five-fold CV
# (ranking only, 30k SQuAD questions): weight 1 gave NewsQA 0.580/0.804 and CoQA 0.670/0.861 held
# out; weight 10 fit the shared halves' lead-heavy news (in-sample 0.75) and put the opening
# sentence first on the bundled article's questions. Each question counts alike.
WEIGHT = {"newsqa": 1.0, "coqa": 1.0}
# The bars: answer when the evidence model's probability reaches the level that refuses this
# share of held-out off-topic questions; hedge down to the level that refuses this share.
REFUSE_OFFTOPIC = 0.90
HEDGE_OFFTOPIC = 0.80
RANKING_SETS = ("squad-train", "squad-paragraphs", "squad-together", "squad-quotes", "newsqa", "coqa")
EVIDENCE_SETS = ("squad-train", "squad-paragraphs", "squad-swapped", "squad-typed", "newsqa", "coqa")
SQUAD_ONLY = ("squad-train", "squad-paragraphs", "squad-together", "squad-quotes", "squad-swapped", "squad-typed")
TALK = "squad-conv"  # SQuAD's articles asked as conversations (left out with --no-conversations)


def merged(parts: dict[str, Groups | Evidence], names: tuple[str, ...], kind: type):
    out = kind()
    for name in names:
        if name in parts:
            out.extend(parts[name])
    return out


def fit_ranker(
    groups: Groups,
    keep: np.ndarray,
    params: dict = RANKER,
    rounds: int = RANKER_ROUNDS,
    names: tuple[str, ...] = features.FEATURES,
) -> Trees:
    """The ranker of the groups kept (`params`, `rounds`, `names`: other settings or columns,
    for `training/probe.py`)."""
    import lightgbm as lgb

    idx = np.flatnonzero(keep)
    X = np.concatenate([groups.X[i] for i in idx])
    y = np.concatenate([groups.y[i] for i in idx])
    sizes = [len(groups.y[i]) for i in idx]
    # each question counts as its set's weight, whatever its number of candidates
    w = np.concatenate([np.full(len(groups.y[i]), WEIGHT.get(groups.dataset[i], 1.0) / len(groups.y[i])) for i in idx])
    data = lgb.Dataset(X, y, group=sizes, weight=w, feature_name=list(names))
    check = check_rows(X, SEED)
    seeds = [params.get("seed", SEED) + n for n in range(ENSEMBLE)]
    info = {"params": params, "rounds": rounds, "weight": WEIGHT, "code": code_digest(), "seeds": seeds}
    return seeded(
        lambda seed: lgb.train({**params, "seed": seed}, data, num_boost_round=rounds), seeds, names, info, check
    )


def fit_abstainer(evidence: Evidence, keep: np.ndarray, bars: tuple[float, float] = (0.5, 0.3)) -> Trees:
    import lightgbm as lgb

    idx = np.flatnonzero(keep)
    X = np.concatenate([evidence.X[i] for i in idx])
    own = np.array([evidence.tag[i] == OWN for i in idx])
    sets = np.array([evidence.dataset[i] for i in idx])
    # own and other questions count alike within each set, each set as its weight
    w = np.ones(len(idx))
    for name in set(sets.tolist()):
        for side in (True, False):
            sel = (sets == name) & (own == side)
            if sel.any():
                w[sel] = WEIGHT.get(name, 1.0) * (sets == name).sum() / (2 * sel.sum())
    booster = lgb.train(
        ABSTAIN, lgb.Dataset(X, own.astype(float), weight=w, feature_name=list(EVIDENCE)), ABSTAIN_ROUNDS
    )
    info = {"params": ABSTAIN, "rounds": ABSTAIN_ROUNDS, "answer_at": bars[0], "hedge_at": bars[1]}
    return trees(booster, EVIDENCE, info, check_rows(X, SEED))


def squad_only(groups: Groups, rows: Evidence, sets: tuple[str, ...]) -> Models:
    """Models of the rows of `sets` alone, the evidence model's bars chosen on its held-out
    articles (as the "SQuAD train only" figures are made)."""
    usable = np.isin(np.array(rows.dataset), sets)
    p = held_out_evidence(rows, np.where(usable, hash_fold(rows.unit), -1), sets)
    bars = choose_bars(p[usable], np.array(rows.tag)[usable])
    return Models(fit_ranker(groups, np.isin(np.array(groups.dataset), sets)), fit_abstainer(rows, usable, bars))


def probability(model: Trees, evidence: Evidence, idx: np.ndarray) -> np.ndarray:
    if not len(idx):
        return np.zeros(0)
    return 1.0 / (1.0 + np.exp(-model.predict(np.concatenate([evidence.X[i] for i in idx]))))


def choose_bars(p: np.ndarray, tags: np.ndarray) -> tuple[float, float]:
    """The bars that refuse REFUSE_OFFTOPIC of the off-topic questions (and hedge down to
    HEDGE_OFFTOPIC), from held-out probabilities."""
    off = np.sort(p[tags != OWN])
    if not len(off):
        return 0.5, 0.3
    answer_at = float(np.quantile(off, REFUSE_OFFTOPIC))
    return answer_at, min(answer_at, float(np.quantile(off, HEDGE_OFFTOPIC)))


def unit_folds(units: list[str], name: str) -> dict[str, int]:
    distinct = sorted(set(units))
    random.Random(f"{SEED}:{name}").shuffle(distinct)
    return {u: k % FOLDS for k, u in enumerate(distinct)}


def fold_of(rows: Groups | Evidence, folds: dict[str, dict[str, int]]) -> np.ndarray:
    """Each row's fold, -1 for rows of sets that are not cross-validated."""
    return np.array([folds.get(d, {}).get(u, -1) for d, u in zip(rows.dataset, rows.unit)])


def held_out_evidence(evidence: Evidence, fold: np.ndarray, train_sets: tuple[str, ...]) -> np.ndarray:
    """Each cross-validated row's probability from the evidence model of the other folds."""
    p = np.full(len(evidence.tag), np.nan)
    sets = np.array(evidence.dataset)
    usable = np.isin(sets, train_sets)
    for k in range(FOLDS):
        model = fit_abstainer(evidence, usable & (fold != k))
        test = np.flatnonzero(fold == k)
        p[test] = probability(model, evidence, test)
    return p


# -- end-to-end figures, as `bot eval` measures them -------------------------------------------


def squad_figures(path: Path, models: Models, only: set[int] | None = None, peer: bool = False) -> dict:
    articles = squad_eval.load_squad(path)
    records, _ = squad_eval.evaluate(articles, models=models, only=only, peer=peer)
    return squad_eval.summarize(records)


def coqa_figures(path: Path, models: Models, only: set[str] | None = None, peer: bool = False) -> list:
    records = []
    for story in evaluate_coqa.load(path):
        if only is None or story.id in only:
            records += evaluate_coqa.evaluate_story(
                story, models=models, modes=(Mode.CHAT, Mode.PEER) if peer else (Mode.CHAT,)
            )
    return records


def coqa_summary(records: list) -> dict:
    out = {}
    for source in sorted({r.source for r in records}):
        s = evaluate_coqa.summarize([r for r in records if r.source == source])
        out[source] = {
            k: round(v, 3) for k, v in s.items() if k in ("top1", "top3", "answered", "peer_top1", "peer_top3")
        }
    return out


def report(title: str, figures: dict) -> None:
    keys = ("top1", "top3", "answered", "refused_offtopic", "refused_neartopic", "peer_top1", "peer_top3", "em", "f1")
    shown = {k: round(v, 3) for k, v in figures.items() if k in keys}
    print(f"  {title}: {shown}", flush=True)


def main(argv: list[str] | None = None) -> int:
    global FOLDS, ENSEMBLE, RANKING_SETS, EVIDENCE_SETS, SQUAD_ONLY  # settings for the whole run, read by what follows
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--out", type=Path, default=ROOT / "bot" / "models")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bot-training"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-cv", action="store_true", help="skip the held-out figures")
    ap.add_argument("--folds", type=int, default=FOLDS, help=f"cross-validation folds (default {FOLDS})")
    ap.add_argument(
        "--no-conversations",
        action="store_true",
        help="leave out SQuAD's articles asked as conversations (the recipe before 2026-12-01)",
    )
    ap.add_argument(
        "--seed",
        type=int,
        default=SEED,
        help=f"LightGBM's seed for the held-out models and the models written (default {SEED}); the "
        "models answering the conversations' earlier turns keep the default, so the rows do not depend on it",
    )
    ap.add_argument(
        "--ensemble",
        type=int,
        default=SHIPPED_ENSEMBLE,
        help=f"rankers averaged, of seeds --seed, --seed + 1, ... (default {SHIPPED_ENSEMBLE})",
    )
    ap.add_argument(
        "--keep-ranker",
        action="store_true",
        help="write the evidence model only; the ranker in --out stays (the evidence rows do not depend on it)",
    )
    args = ap.parse_args(argv)
    if args.ensemble < 1:
        ap.error(f"--ensemble must be 1 or more, got {args.ensemble}")
    if args.keep_ranker and not (args.out / "ranker.bin").is_file():
        print(f"train: --keep-ranker: no ranker.bin in {args.out} to keep", file=sys.stderr)
        return 2
    FOLDS = max(2, args.folds)
    if not args.no_conversations:
        RANKING_SETS, EVIDENCE_SETS, SQUAD_ONLY = (*RANKING_SETS, TALK), (*EVIDENCE_SETS, TALK), (*SQUAD_ONLY, TALK)
    t0 = time.time()
    later = ("coqa", TALK)  # conversations: collected with models answering their earlier turns
    sets = dict.fromkeys((*RANKING_SETS, *EVIDENCE_SETS))
    data = {name: collect(name, args.data, args.cache, args.jobs) for name in sets if name not in later}
    ranking = {name: g for name, (g, _) in data.items()}
    evidence = {name: e for name, (_, e) in data.items()}
    if not args.no_conversations:  # SQuAD's, answered by models of SQuAD alone: the SQuAD-only figures stay so
        boot_squad = (
            None
            if collected(TALK, args.cache)
            else squad_only(
                merged(ranking, tuple(n for n in SQUAD_ONLY if n in RANKING_SETS), Groups),
                merged(evidence, SQUAD_ONLY, Evidence),
                SQUAD_ONLY[:-1],
            )
        )
        ranking[TALK], evidence[TALK] = collect(TALK, args.data, args.cache, args.jobs, boot_squad)

    # the conversations' earlier answers come from models that never saw CoQA
    base_rank = merged(ranking, RANKING_SETS, Groups)
    base_evidence = merged(evidence, EVIDENCE_SETS, Evidence)
    news_folds = {"newsqa": unit_folds(base_evidence.unit, "newsqa")}
    p = held_out_evidence(base_evidence, fold_of(base_evidence, news_folds), EVIDENCE_SETS)
    news = np.flatnonzero(np.array(base_evidence.dataset) == "newsqa")
    bars = choose_bars(p[news], np.array(base_evidence.tag)[news])
    boot = (
        None
        if collected("coqa", args.cache)
        else Models(
            fit_ranker(base_rank, np.ones(len(base_rank.y), bool)),
            fit_abstainer(base_evidence, np.ones(len(base_evidence.tag), bool), bars),
        )
    )
    ranking["coqa"], evidence["coqa"] = collect("coqa", args.data, args.cache, args.jobs, boot)
    RANKER["seed"] = ABSTAIN["seed"] = args.seed  # every model from here on: the rows are collected
    ENSEMBLE = args.ensemble
    groups = merged(ranking, RANKING_SETS, Groups)
    rows = merged(evidence, EVIDENCE_SETS, Evidence)
    evidence_sets = np.array(rows.dataset)
    folds = {name: unit_folds(groups.unit + rows.unit, name) for name in ("newsqa", "coqa")}
    rank_fold, evidence_fold = fold_of(groups, folds), fold_of(rows, folds)

    # the bars, from held-out evidence of the news and the conversations
    p = held_out_evidence(rows, evidence_fold, EVIDENCE_SETS)
    news = np.flatnonzero(evidence_sets == "newsqa")
    bars = choose_bars(p[news], np.array(rows.tag)[news])
    print(f"bars: answer at {bars[0]:.3f}, hedge at {bars[1]:.3f} (held-out NewsQA off-topic)", flush=True)

    if not args.no_cv:
        print("held-out figures (hedges and refusals are misses; the peer is rank-bm25):", flush=True)
        # leave the news and the conversations out: SQuAD train only
        only_squad = squad_only(groups, rows, SQUAD_ONLY)
        report(
            "SQuAD dev 8, trained on SQuAD train only",
            squad_figures(args.data / FILES["squad-dev"], only_squad, peer=True),
        )
        report(
            "NewsQA half, trained on SQuAD train only",
            squad_figures(args.data / FILES["newsqa"], only_squad, peer=True),
        )
        news_articles = squad_eval.load_squad(args.data / FILES["newsqa"])
        report(
            "NewsQA half --together, trained on SQuAD train only",
            squad_eval.summarize(squad_eval.evaluate_together(news_articles, models=only_squad, peer=True)),
        )
        dev_articles = squad_eval.load_squad(args.data / FILES["squad-dev"])
        report(
            "SQuAD dev 8 --paragraphs, trained on SQuAD train only",
            squad_eval.summarize(squad_eval.evaluate_paragraphs(dev_articles, models=only_squad, peer=True)),
        )
        chats = coqa_figures(args.data / FILES["coqa"], only_squad, peer=True)
        print(f"  CoQA half (chat), trained on SQuAD train only: {coqa_summary(chats)}", flush=True)
        # by folds: each fold's articles and stories answered by models that never saw them
        news_records, coqa_records = [], []
        for k in range(FOLDS):
            fold_models = Models(fit_ranker(groups, rank_fold != k), fit_abstainer(rows, evidence_fold != k, bars))
            only = {a for a, art in enumerate(news_articles) if folds["newsqa"].get(art.title) == k}
            records, _ = squad_eval.evaluate(news_articles, models=fold_models, only=only, peer=True)
            news_records += records
            coqa_records += coqa_figures(
                args.data / FILES["coqa"], fold_models, {u for u, f in folds["coqa"].items() if f == k}, peer=True
            )
            print(f"  fold {k + 1} of {FOLDS} done ({time.time() - t0:.0f} s)", flush=True)
        report(f"NewsQA half, {FOLDS}-fold by article", squad_eval.summarize(news_records))
        print(f"  CoQA half (chat), {FOLDS}-fold by story: {coqa_summary(coqa_records)}", flush=True)

    abstain = fit_abstainer(rows, np.ones(len(rows.tag), bool), bars)
    if args.keep_ranker:
        final = Models(Trees.read(args.out / "ranker.bin"), abstain)
    else:
        final = Models(fit_ranker(groups, np.ones(len(groups.y), bool)), abstain)
        args.out.mkdir(parents=True, exist_ok=True)
        final.ranker.save(args.out / "ranker.bin")
    final.abstain.save(args.out / "abstain.bin")
    report(
        "SQuAD dev 8, the shipped models (never trained on it)",
        squad_figures(args.data / FILES["squad-dev"], final, peer=True),
    )
    wrote = "abstain.bin" if args.keep_ranker else "ranker.bin and abstain.bin"
    print(f"wrote {wrote} to {args.out} in {time.time() - t0:.0f} s")
    return 0


def hash_fold(units: list[str]) -> np.ndarray:
    """Folds by unit (article), from a digest of its name."""
    return np.array([zlib.crc32(u.encode("utf-8")) % FOLDS for u in units])


def fixed_hashes() -> None:
    """Run again with PYTHONHASHSEED=0, unless it is set so: a set of words is walked in the order
    Python's string hashes give, which changes from run to run, and a float sum walked so changes
    in its last bit; the rows, and the models, would differ between two runs of this script."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})


if __name__ == "__main__":
    fixed_hashes()
    sys.exit(main())
