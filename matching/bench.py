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

    def _people(self, n: int, side: str):
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
        return 0.35 * cover + 0.3 * taste + 0.15 * np.exp(-d / 5) + 0.1 * slots + 0.1 * lang


def ndcg_at_5(pop: Population, proposals: list[Proposal], sample: int = 200) -> tuple[float, float]:
    """nDCG@5 of the matcher and of a shared-interest Jaccard baseline on sampled seekers."""
    by_seeker: dict[int, list[int]] = {}
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


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int, friends: int, quality_sample: int) -> dict:
    pop = Population(n, n, seed=n)
    row: dict = {"size": f"{n:,} x {n:,}"}
    t = time.perf_counter()
    proposals = propose(pop.seekers, pop.volunteers, k=5, today=TODAY)
    row["propose_s"] = time.perf_counter() - t
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
    args = parser.parse_args(argv)
    sizes = [300, 1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    header = (
        "| seekers x volunteers | propose k=5 (s) | assign (s) | one seeker (ms) "
        "| pair_friends | pair_friends (s) | nDCG@5 | nDCG@5 Jaccard | peak RSS (MiB) |"
    )
    print(header)
    print("|" + "---|" * 9)
    for n in sizes:
        r = run(n, n // 2, args.quality_sample)
        print(
            f"| {r['size']} | {r['propose_s']:.2f} | {r['assign_s']:.2f} "
            f"| {r['one_seeker_ms']:.1f} | {r['friends']} | {r['pair_friends_s']:.2f} "
            f"| {r['ndcg5']:.3f} | {r['ndcg5_jaccard']:.3f} | {r['peak_mib']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
