"""Benchmark: speed, memory and ranking quality on synthetic populations.

Run ``python -m matching.bench`` (1k x 1k and 10k x 10k), ``--sizes 500,2000`` for other sizes,
or ``--quick`` for a small run. Timings are wall-clock seconds on the current machine; memory is
the process's peak resident set size.

The synthetic population has a known latent *true compatibility*: every person has a hidden
taste vector over interest topics and hidden needs/skills; the visible tags are noisy samples of
them, and about-texts are generated from the same tastes. The truth combines need coverage,
taste similarity, distance, time overlap and language. It is built from the same kinds of
signals the matcher uses, so nDCG@5 here shows that the implementation uses them well, compared
with a plain shared-interest Jaccard ranking, not that the weights are right for real people.
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import statistics
import time
from typing import Any

import numpy as np

from .features import postcode_centroids
from .friends import pair_friends
from .matcher import Matcher, assign, propose
from .records import validate_seekers, validate_volunteers
from .rules import eligibility
from .scoring import Proposal

TODAY = datetime.date(2025, 6, 1)
TOPICS = [
    "football", "handball", "basketball", "swimming", "running", "fitness", "cycling", "dance",
    "music", "instrument", "singing", "drawing", "crafts", "photography", "theatre", "film",
    "reading", "gaming", "board_games", "technology", "cooking", "nature", "fishing", "animals",
    "horses", "scouting", "museums", "fashion", "chess", "cars",
]  # fmt: skip
DANISH = {
    "football": "fodbold", "handball": "håndbold", "basketball": "basket", "swimming": "svømning",
    "running": "løb", "fitness": "træning", "cycling": "cykling", "dance": "dans",
    "music": "musik", "instrument": "guitar", "singing": "sang", "drawing": "tegning",
    "crafts": "håndarbejde", "photography": "fotografering", "theatre": "teater",
    "film": "film", "reading": "bøger", "gaming": "computerspil", "board_games": "brætspil",
    "technology": "programmering", "cooking": "madlavning", "nature": "naturen",
    "fishing": "fiskeri", "animals": "dyr", "horses": "heste", "scouting": "spejder",
    "museums": "museer", "fashion": "mode", "chess": "skak", "cars": "biler",
}  # fmt: skip
NEEDS = ["homework", "school", "loneliness", "activities", "guidance", "leisure_job",
         "trusted_adult", "practical_help", "parent_support"]  # fmt: skip
LANGS = ["ar", "so", "tr", "ur", "fa", "uk", "pl"]
SLOTS = ["weekday_day", "weekday_evening", "weekend"]
TYPE_WEIGHTS = {
    "mentor": 0.45,
    "leisure_job": 0.15,
    "practical_help": 0.1,
    "family_to_family": 0.1,
    "young_to_young": 0.12,
    "parent_to_parent": 0.08,
}


class Population:
    """Synthetic seekers and volunteers with latent tastes (for the quality measure)."""

    def __init__(self, n_seekers: int, n_volunteers: int, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.py = random.Random(seed)
        self.centroids = list(postcode_centroids().items())
        popularity = 1 / np.arange(1, len(TOPICS) + 1) ** 0.7
        self.popularity = popularity / popularity.sum()
        self.seekers, self.s_latent = self._people(n_seekers, "s")
        self.volunteers, self.v_latent = self._people(n_volunteers, "v")

    def _people(self, n: int, side: str) -> tuple[list[dict[str, Any]], dict[str, np.ndarray]]:
        rng, py = self.rng, self.py
        tastes = rng.dirichlet(self.popularity * 8, size=n)
        skills = rng.random((n, len(NEEDS))) < 0.3
        home = np.where(rng.random(n) < 0.15, rng.integers(0, len(LANGS), n), -1)
        slots = rng.random((n, 3)) < 0.5
        points = rng.integers(0, len(self.centroids), n)
        jitter = rng.normal(0, 0.01, (n, 2))
        records = []
        for i in range(n):
            k = int(rng.integers(1, 5))
            interests = list(rng.choice(len(TOPICS), size=k, replace=False, p=tastes[i]))
            tags = [TOPICS[t] for t in interests]
            words = [DANISH[t] for t in tags[:3]]
            about = f"Jeg holder af {' og '.join(words)}. " + py.choice(
                ["Glad og nysgerrig.", "Rolig og stabil.", "Vil gerne hjælpe.", "Elsker at grine."]
            )
            postcode, (lat, lon) = self.centroids[points[i]]
            record = {
                "id": i,
                "kind": "person",
                "gender": py.choice(["female", "male"]),
                "postcode": postcode,
                "location": (lat + jitter[i, 0], lon + jitter[i, 1]),
                "languages": ["da"] + ([LANGS[home[i]]] if home[i] >= 0 else []),
                "interests": tags,
                "availability": [s for s, on in zip(SLOTS, slots[i], strict=True) if on],
                "about": about,
            }
            if side == "s":
                match_type = py.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
                record |= {
                    "age": py.randint(8, 22),
                    "match_type": match_type,
                    "needs": [NEEDS[j] for j in np.flatnonzero(skills[i])][:3],
                    "phase": py.choice(["before", "during", "after"]),
                    "preferences": (
                        {"volunteer_gender": record["gender"]} if py.random() < 0.1 else {}
                    ),
                }
            else:
                offers = py.sample(list(TYPE_WEIGHTS), py.randint(1, 3))
                lived = []
                if py.random() < 0.15:
                    lived.append("formerly_placed")
                if py.random() < 0.1:
                    lived.append("parent_of_placed_child")
                if "young_to_young" in offers and py.random() < 0.7:
                    lived = ["formerly_placed"]
                record |= {
                    "age": py.randint(20, 28) if "formerly_placed" in lived else py.randint(18, 75),
                    "offers": offers,
                    "helps_with": [NEEDS[j] for j in np.flatnonzero(skills[i])],
                    "capacity": py.choice([1, 1, 1, 2, 3]),
                    "screened": py.random() < 0.9,
                    "child_certificate_until": TODAY
                    + datetime.timedelta(days=py.randint(-60, 700)),
                    "lived_experience": lived,
                }
            records.append(record)
        latent = {
            "taste": tastes,
            "skills": skills,
            "home": home,
            "slots": slots,
            "xy": np.array([r["location"] for r in records]).reshape(n, 2),
        }
        return records, latent

    def truth(self, s: int, cols: np.ndarray) -> np.ndarray:
        """Latent true compatibility of seeker ``s`` with volunteers ``cols``."""
        sl, vl = self.s_latent, self.v_latent
        taste = vl["taste"][cols] @ sl["taste"][s]
        taste /= np.linalg.norm(vl["taste"][cols], axis=1) * np.linalg.norm(sl["taste"][s])
        needs = sl["skills"][s]
        cover = (vl["skills"][cols] & needs).sum(1) / max(needs.sum(), 1)
        d = np.linalg.norm((vl["xy"][cols] - sl["xy"][s]) * [111.0, 63.0], axis=1)
        slots = (vl["slots"][cols] & sl["slots"][s]).any(1)
        lang = (vl["home"][cols] == sl["home"][s]) & (sl["home"][s] >= 0)
        return np.asarray(
            0.35 * cover + 0.3 * taste + 0.15 * np.exp(-d / 5) + 0.1 * slots + 0.1 * lang
        )


#: How people write about each interest (several ways; a few are not in the lexicon on purpose,
#: e.g. "fantasyromaner", "kunstudstillinger", so the texts are not written to fit it).
INTEREST_PHRASES = {
    "football": ["spiller fodbold", "går til fodboldtræning", "ser FCK-kampe"],
    "handball": ["går til håndbold", "spiller håndbold i klubben"],
    "basketball": ["spiller basket", "streetbasket med vennerne"],
    "swimming": ["svømmer", "elsker at svømme", "går i svømmehallen"],
    "running": ["løber", "tager lange løbeture", "træner til et maraton"],
    "fitness": ["styrketræning", "træner i fitnesscentret", "laver crossfit"],
    "cycling": ["cykler", "tager på cykelture", "kører mountainbike"],
    "dance": ["danser", "går til hiphop", "går til ballet"],
    "music": ["lytter til musik", "går til koncerter", "tager på musikfestivaler"],
    "instrument": ["spiller guitar", "spiller klaver", "spiller trommer"],
    "singing": ["synger i kor", "elsker at synge"],
    "drawing": ["tegner", "maler billeder", "tegner manga"],
    "crafts": ["strikker", "hækler", "laver perler"],
    "photography": ["fotograferer", "tager billeder med mit kamera", "laver videoer"],
    "theatre": ["spiller teater", "går til skuespil"],
    "film": ["ser film", "går i biografen", "ser serier på netflix"],
    "reading": ["læser bøger", "elsker at læse", "sluger fantasyromaner"],
    "gaming": ["spiller computerspil", "er gamer", "spiller minecraft"],
    "board_games": ["spiller brætspil", "holder spilleaftener", "spiller kortspil"],
    "technology": ["programmering", "bygger robotter", "koder apps"],
    "cooking": ["laver mad", "bager kager", "elsker at bage"],
    "nature": ["går ture i naturen", "friluftsliv", "overnatter i shelter"],
    "fishing": ["fisker", "lystfiskeri", "tager på fisketur"],
    "animals": ["har en hund", "elsker dyr", "passer katte"],
    "horses": ["rider", "har en hest", "går på rideskole"],
    "scouting": ["er spejder", "er spejderleder"],
    "museums": ["går på museum", "ser kunstudstillinger"],
    "fashion": ["går op i mode", "shopper tøj"],
    "chess": ["spiller skak", "går i skakklub"],
    "cars": ["skruer på biler", "kører knallert"],
}
#: How a caseworker describes a need, and how a volunteer describes what they help with.
NEED_PHRASES = {
    "homework": (["har brug for hjælp til lektierne", "kæmper med matematik"],
                 ["hjælper gerne med lektier", "har undervist i matematik"]),
    "school": (["har et stort skolefravær", "pjækker", "har svært ved skolegangen"],
               ["kender til skolevægring", "har arbejdet med skolefravær"]),
    "loneliness": (["er ensom", "har ingen venner", "sidder meget alene"],
                   ["vil være der for en der er ensom", "ved hvordan det er at være alene"]),
    "activities": (["mangler noget at lave i fritiden", "vil gerne i en forening"],
                   ["tager med til sport", "er aktiv i en forening"]),
    "guidance": (["skal vælge uddannelse", "er i tvivl om sin fremtid"],
                 ["kan hjælpe med vejledning om uddannelse", "har været studievejleder"]),
    "leisure_job": (["vil gerne have et fritidsjob", "skal skrive et cv"],
                    ["kan hjælpe med cv og ansøgninger", "har ansat mange i fritidsjob"]),
    "trusted_adult": (["har brug for en stabil voksen", "mangler en voksen at stole på"],
                      ["vil gerne være en stabil voksen", "vil være en rollemodel"]),
    "practical_help": (["har brug for praktisk hjælp", "har brug for hjælp til indkøb"],
                       ["giver gerne praktisk hjælp", "hjælper med rengøring og indkøb"]),
    "parent_support": (["har brug for støtte i forældrerollen", "har svært ved opdragelse"],
                       ["har selv været i forældrerollen med et anbragt barn",
                        "kan tale om grænser og opdragelse"]),
}  # fmt: skip


class TextPopulation(Population):
    """A :class:`Population` whose ticked tags are noisy and incomplete, and whose free texts
    carry the rest (the setting of issue 17's "free text as evidence").

    Each true interest is ticked with probability ``tick`` and written about (in one of the
    ways in :data:`INTEREST_PHRASES`) with probability ``write``; each true need (seeker) or
    skill (volunteer) likewise, in the caseworker's description or the volunteer's about text.
    The latent truth is unchanged.
    """

    def __init__(
        self, n_seekers: int, n_volunteers: int, seed: int = 0, tick: float = 0.35,
        write: float = 0.8,
    ) -> None:  # fmt: skip
        super().__init__(n_seekers, n_volunteers, seed)
        rng = random.Random(seed + 17)
        for records, latent, side in (
            (self.seekers, self.s_latent, 0),
            (self.volunteers, self.v_latent, 1),
        ):
            for i, record in enumerate(records):
                true_interests = record["interests"]
                true_needs = [NEEDS[j] for j in np.flatnonzero(latent["skills"][i])]
                if side == 0:
                    true_needs = true_needs[:3]
                phrases = []
                ticked = []
                for tag in true_interests:
                    if rng.random() < tick:
                        ticked.append(tag)
                    if rng.random() < write:
                        phrases.append(rng.choice(INTEREST_PHRASES[tag]))
                ticked_needs = []
                for tag in true_needs:
                    if rng.random() < tick:
                        ticked_needs.append(tag)
                    if tag in NEED_PHRASES and rng.random() < write:
                        phrases.append(rng.choice(NEED_PHRASES[tag][side]))
                rng.shuffle(phrases)
                opener = rng.choice(["Jeg", "Han", "Hun"]) if side == 0 else "Jeg"
                about = (opener + " " + ", ".join(phrases) + ". ") if phrases else ""
                record["about"] = about + rng.choice(
                    ["Glad og nysgerrig.", "Rolig og stabil.", "Elsker at grine.", ""]
                )
                record["interests"] = ticked
                record["needs" if side == 0 else "helps_with"] = ticked_needs


def assignment_utility(pop: Population, assigned: list[Proposal], matcher: Matcher) -> float:
    """Share of the best possible total true compatibility the assignment reaches, with 0 =
    a random feasible assignment (the mean of three) and 1 = the best over the eligible pairs
    (the exact b-matching on the truth over each seeker's 50 truest eligible volunteers)."""
    from .matcher import solve_assignment

    _, ranked = matcher._rank(pop.seekers, matcher.n_volunteers_, TODAY, (), None)
    ids = [p["id"] for p in sorted(pop.seekers, key=lambda r: r["id"])]
    vol_ids = matcher.volunteer_ids_
    truth_lists = []
    for row, (cols, _, _) in enumerate(ranked):
        vids = np.array([vol_ids[c] for c in cols], dtype=np.int64)
        truth = pop.truth(ids[row], vids) if len(vids) else np.zeros(0)
        order = np.argsort(-truth, kind="stable")[:50]
        truth_lists.append((cols[order], truth[order], vids[order]))
    capacity = [p.capacity for p in matcher.volunteers_]
    best = solve_assignment([(c, t) for c, t, _ in truth_lists], capacity)
    best_total = sum(truth_lists[r][1][rank - 1] for r, (_, rank) in best.items())
    ours: float = sum(
        float(pop.truth(int(p.seeker_id), np.array([p.volunteer_id]))[0]) for p in assigned
    )
    rng = random.Random(3)
    randoms = []
    for _ in range(3):
        left = list(capacity)
        total = 0.0
        for row in rng.sample(range(len(ids)), len(ids)):
            # a random eligible volunteer with a free place, seekers in random order
            free = [c for c in ranked[row][0].tolist() if left[c] > 0]
            if not free:
                continue
            c = rng.choice(free)
            left[c] -= 1
            total += float(pop.truth(ids[row], np.array([vol_ids[c]]))[0])
        randoms.append(total)
    rand = statistics.mean(randoms)
    return (ours - rand) / (best_total - rand) if best_total > rand else float("nan")


def text_evidence(n: int = 1000, seeds: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """nDCG@5 and assignment utility with and without text-derived tags (issue 17, item 1)."""
    from .scoring import Weights

    out: dict[str, list[float]] = {}
    for seed in seeds:
        pop = TextPopulation(n, n, seed=seed)
        for label, weights in (
            ("ticked only", Weights(text_tags=0)),
            ("ticked + text", Weights()),
        ):
            matcher = Matcher(weights).fit(pop.volunteers)
            proposals = matcher.propose(pop.seekers, k=5, today=TODAY)
            ndcg, jac = ndcg_at_5(pop, proposals, 200)
            assigned = matcher.assign(pop.seekers, today=TODAY)
            util = assignment_utility(pop, assigned, matcher)
            out.setdefault(f"{label} nDCG@5", []).append(ndcg)
            out.setdefault(f"{label} utility", []).append(util)
            out.setdefault("Jaccard nDCG@5", []).append(jac)
    return {key: statistics.mean(values) for key, values in out.items()}


def ndcg_at_5(pop: Population, proposals: list[Proposal], sample: int = 200) -> tuple[float, float]:
    """nDCG@5 of the matcher and of a shared-interest Jaccard baseline on sampled seekers."""
    by_seeker: dict[int | str, list[int | str]] = {}
    for p in proposals:
        by_seeker.setdefault(p.seeker_id, []).append(p.volunteer_id)
    seekers = validate_seekers(pop.seekers)
    volunteers = validate_volunteers(pop.volunteers)
    rng = random.Random(1)
    ids = rng.sample(range(len(seekers)), min(sample, len(seekers)))
    discounts = 1 / np.log2(np.arange(2, 7))
    ours, base = [], []
    for s in ids:
        seeker = pop.seekers[s]
        eligible = np.array(
            [v for v in range(len(volunteers)) if not eligibility(seeker, pop.volunteers[v],
                                                                  today=TODAY)]
        )  # fmt: skip
        if len(eligible) < 5:
            continue
        truth = pop.truth(s, eligible)
        gain = dict(zip(eligible.tolist(), truth.tolist(), strict=True))
        ideal = (np.sort(truth)[::-1][:5] * discounts).sum()
        got = [gain[v] for v in by_seeker.get(s, [])][:5]
        ours.append((np.array(got) * discounts[: len(got)]).sum() / ideal)
        mine = seekers[s].interests
        jac = [
            len(mine & volunteers[v].interests) / max(len(mine | volunteers[v].interests), 1)
            for v in eligible
        ]
        order = sorted(range(len(eligible)), key=lambda j: (-jac[j], eligible[j]))[:5]
        base.append((truth[order] * discounts).sum() / ideal)
    return float(np.mean(ours)), float(np.mean(base))


def floor_seconds(pop: Population, k: int = 5, block: int = 512) -> float:
    """Wall-clock seconds of the floor (see :func:`floor_times`)."""
    return floor_times(pop, k, block)[0]


def floor_times(pop: Population, k: int = 5, block: int = 512) -> tuple[float, float]:
    """The floor for ``propose``: one sparse interest product and a top-``k`` per row.

    Measured on the same population in the same run, so the ratio ``propose / floor`` says how
    close to the least possible work the matcher is, whatever the machine's load. Returns
    (wall-clock seconds, CPU seconds of this process): on a machine shared with other work the
    CPU-time ratio moves far less than the wall-clock one (both are single-threaded here).
    """
    from .features import tag_matrix, vocabulary

    vocab = vocabulary(frozenset(r["interests"]) for r in pop.volunteers)
    s_m, _ = tag_matrix([frozenset(r["interests"]) for r in pop.seekers], vocab)
    v_m, _ = tag_matrix([frozenset(r["interests"]) for r in pop.volunteers], vocab)
    v_t = v_m.T.tocsr()
    t, cpu = time.perf_counter(), time.process_time()
    for start in range(0, s_m.shape[0], block):
        dense = (s_m[start : start + block] @ v_t).toarray()
        np.argpartition(-dense, k - 1, axis=1)[:, :k]
    return time.perf_counter() - t, time.process_time() - cpu


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int, friends: int, quality_sample: int) -> dict[str, Any]:
    pop = Population(n, n, seed=n)
    row: dict[str, Any] = {"size": f"{n:,} x {n:,}"}
    row["floor_s"], row["floor_cpu"] = floor_times(pop)
    t, cpu = time.perf_counter(), time.process_time()
    proposals = propose(pop.seekers, pop.volunteers, k=5, today=TODAY)
    row["propose_s"] = time.perf_counter() - t
    row["propose_cpu"] = time.process_time() - cpu
    again, again_cpu = floor_times(pop)
    row["floor_s"] = min(row["floor_s"], again)
    row["floor_cpu"] = min(row["floor_cpu"], again_cpu)
    t = time.perf_counter()
    assigned = assign(pop.seekers, pop.volunteers, today=TODAY)
    row["assign_s"] = time.perf_counter() - t
    row["assigned"] = len(assigned)
    matcher = Matcher().fit(pop.volunteers)
    matcher.propose(pop.seekers[:1], today=TODAY)  # warm the per-type cache
    latencies = []
    for seeker in pop.seekers[:50]:
        t = time.perf_counter()
        matcher.propose([seeker], k=5, today=TODAY)
        latencies.append(time.perf_counter() - t)
    row["one_seeker_ms"] = 1000 * statistics.median(latencies)
    young = [dict(r, match_type="friend_bank") for r in Population(friends, 0, seed=7).seekers]
    t = time.perf_counter()
    pairs = pair_friends(young)
    row["pair_friends_s"] = time.perf_counter() - t
    row["friends"] = f"{friends:,} -> {len(pairs):,} pairs"
    row["ndcg5"], row["ndcg5_jaccard"] = ndcg_at_5(pop, proposals, quality_sample)
    row["peak_mib"] = peak_mib()
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated population sizes")
    parser.add_argument("--quick", action="store_true", help="small sizes (300,1000)")
    parser.add_argument("--quality-sample", type=int, default=200)
    parser.add_argument("--no-text", action="store_true", help="skip the free-text experiment")
    args = parser.parse_args(argv)
    sizes = [300, 1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    header = (
        "| seekers x volunteers | propose k=5 (s) | floor (s) | propose / floor "
        "| propose / floor (CPU time) | assign (s) "
        "| one seeker (ms) | pair_friends | pair_friends (s) | nDCG@5 | nDCG@5 Jaccard "
        "| peak RSS (MiB) |"
    )
    print(header)
    print("|" + "---|" * 12)
    for n in sizes:
        r = run(n, n // 2, args.quality_sample)
        print(
            f"| {r['size']} | {r['propose_s']:.2f} | {r['floor_s']:.2f} "
            f"| {r['propose_s'] / r['floor_s']:.1f} | {r['propose_cpu'] / r['floor_cpu']:.1f} "
            f"| {r['assign_s']:.2f} "
            f"| {r['one_seeker_ms']:.1f} | {r['friends']} | {r['pair_friends_s']:.2f} "
            f"| {r['ndcg5']:.3f} | {r['ndcg5_jaccard']:.3f} | {r['peak_mib']:.0f} |",
            flush=True,
        )
    if not args.no_text:
        n = 300 if args.quick else 1000
        r = text_evidence(n)
        print(f"\nFree text as evidence ({n:,} x {n:,}, noisy ticked tags, mean of 2 seeds)\n")
        print("| tags used | nDCG@5 | assignment utility |")
        print("|---|---|---|")
        for label in ("ticked only", "ticked + text"):
            print(f"| {label} | {r[label + ' nDCG@5']:.3f} | {r[label + ' utility']:.3f} |")
        print(f"| (Jaccard on ticked tags) | {r['Jaccard nDCG@5']:.3f} | |", flush=True)


if __name__ == "__main__":
    main()
