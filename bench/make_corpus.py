"""A reproducible synthetic news corpus for benchmarks: `python bench/make_corpus.py N DIR [--seed S]`.

Articles are assembled from this file's own sentence templates and paragraph shapes (no text is
copied from anywhere): a headline, a byline, background prose, and quotes of every kind the
extractor knows — direct with curly and straight marks, split, mixed, indirect (`X said that ...`)
and `according to X` — from fictional speakers, outlets and dates. The same N and seed always give
the same files; a `sources.csv` manifest beside them carries outlet, author, date and headline.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

SPEAKERS = [  # (name, role, organisation)
    ("Maren Holt", "trade minister", "the Ministry of Commerce"), ("Idris Calloway", "treasury secretary", "the Treasury"),
    ("Lena Varga", "chief negotiator", "the trade office"), ("Tomas Reyes", "senator", "the Senate finance committee"),
    ("Priya Natarajan", "economist", "the Harbour Institute"), ("Jonas Lindqvist", "central bank governor", "the central bank"),
    ("Amara Okafor", "foreign minister", "the foreign ministry"), ("Chen Wei", "commerce minister", "the Ministry of Commerce"),
    ("Sofia Marchetti", "spokeswoman", "the European Commission"), ("Daniel Brandt", "industry lobbyist", "the Exporters Council"),
    ("Hana Kobayashi", "ambassador", "the embassy"), ("Rafael Duarte", "agriculture secretary", "the farm ministry"),
    ("Grace Whitfield", "analyst", "Northgate Capital"), ("Oskar Nyberg", "union leader", "the dockworkers union"),
    ("Leila Haddad", "prime minister", "the government"), ("Marcus Greene", "governor", "the state government"),
    ("Ines Moreau", "trade commissioner", "the European Commission"), ("Victor Alves", "finance minister", "the finance ministry"),
    ("Nadia Petrova", "deputy minister", "the energy ministry"), ("Samuel Osei", "port director", "the port authority"),
    ("Ruth Abernathy", "congresswoman", "the House trade panel"), ("Kenji Mori", "chief economist", "Pacific Bank"),
    ("Elena Rossi", "spokeswoman", "the foreign ministry"), ("Arjun Mehta", "professor", "Eastfield University"),
]
OUTLETS = [("Harbour Herald", "harbourherald.example"), ("Capital Ledger", "capitalledger.example"),
           ("The Morning Wire", "morningwire.example"), ("Eastern Tribune", "easterntribune.example"),
           ("Global Trade Daily", "globaltradedaily.example"), ("Riverside Post", "riversidepost.example"),
           ("Market Signal", "marketsignal.example"), ("Northern Gazette", "northerngazette.example"),
           ("The Continental", "continental.example"), ("Pacific Courier", "pacificcourier.example")]
AUTHORS = ["Alice Brennan", "Mateo Quiroga", "Yusuf Demir", "Clara Lindgren", "Owen Maddox", "Farah Siddiqui",
           "Julien Roux", "Mei Tanaka", "Patrick Nolan", "Zara Ahmed", "Hugo Fischer", "Nina Kowalski"]
COUNTRIES = ["China", "Japan", "Canada", "Mexico", "India", "Brazil", "Germany", "South Korea", "Vietnam", "Australia"]
GOODS = ["steel", "soybeans", "semiconductors", "electric vehicles", "aluminium", "textiles", "solar panels", "rice"]
VENUES = ["told reporters in {city}", "told the Harbour Herald", "told Market Signal", "said at a news conference in {city}",
          "told a Senate hearing", "said in an interview with Capital Ledger", "said at a forum in {city}"]
CITIES = ["Geneva", "Brussels", "Singapore", "Ottawa", "Tokyo", "Madrid", "Nairobi", "Lima", "Seoul", "Oslo"]
WEEKDAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "earlier this month"]

CLAIMS = [  # (positive, negative) pairs of things a speaker asserts; {c} a country, {g} goods
    ("the talks with {c} are making real progress", "the talks with {c} have stalled"),
    ("we are close to a deal with {c} on {g}", "there is no deal with {c} on {g}"),
    ("the tariffs on {g} will come down within weeks", "the tariffs on {g} will not come down this year"),
    ("our negotiators have met their counterparts from {c} twice this month", "nobody from {c} has met our negotiators"),
    ("{c} has agreed to resume the dialogue", "{c} refused to resume the dialogue"),
    ("the agreement on {g} protects our farmers and workers", "the agreement on {g} does not protect our workers"),
    ("the call between the two leaders went well", "the call between the two leaders never happened"),
    ("exports of {g} to {c} grew strongly last quarter", "exports of {g} to {c} did not grow last quarter"),
]
REMARKS = [
    "We have been very clear that the door to negotiation remains open",
    "Nobody wins a trade war, and everybody pays for one",
    "The numbers on {g} speak for themselves and they are not good",
    "We will defend our industries against unfair competition from {c}",
    "This is a moment for patience rather than for threats",
    "Our partners in {c} know exactly where we stand on {g}",
    "I expect the next round of talks to be difficult but productive",
    "The markets want certainty and we intend to give it to them",
    "Families are paying more for {g} because of these tariffs",
    "There is a path to an agreement if both sides show flexibility",
]
PHRASES = ["constructive and frank", "a serious step backwards", "long overdue", "deeply disappointing",
           "a positive first step", "unacceptable in every respect", "a fair compromise", "premature at best"]
BACKGROUND = [
    "Trade between the two economies reached a record last year before the latest round of duties took effect.",
    "Officials from both sides have met several times since the spring without announcing a breakthrough.",
    "Shipping companies have reported delays at several ports as importers rushed to move goods before new levies.",
    "The dispute has weighed on markets, with shares of exporters falling for a third straight session.",
    "Analysts say the outcome could shape supply chains across the region for years to come.",
    "The government published a list of products that would be exempted from the measures.",
    "Farm groups have warned that retaliatory duties would hit growers who depend on foreign buyers.",
    "Negotiators are expected to meet again before the end of the month, according to a schedule seen by reporters.",
    "Retailers have started to raise prices on some imported items, industry data show.",
    "The measures were announced after months of complaints from domestic manufacturers about cheap imports.",
]


class Writer:
    """Builds one article's paragraphs from the templates with one random generator."""

    def __init__(self, rng: random.Random, published: date):
        self.rng, self.published = rng, published
        self.cast = rng.sample(SPEAKERS, rng.randint(2, 4))
        self.country, self.goods = rng.choice(COUNTRIES), rng.choice(GOODS)

    def fill(self, template: str) -> str:
        """A template with its country, goods and city slots filled."""
        return template.format(c=self.country, g=self.goods, city=self.rng.choice(CITIES))

    def claim(self) -> str:
        """A claim, asserted or denied."""
        return self.fill(self.rng.choice(self.rng.choice(CLAIMS)))

    def remark(self) -> str:
        """A quotable remark."""
        return self.fill(self.rng.choice(REMARKS))

    def speaker(self) -> tuple[str, str, str]:
        """One of this article's speakers."""
        return self.rng.choice(self.cast)

    def marks(self) -> tuple[str, str]:
        """Curly or straight double quote marks."""
        return ("“", "”") if self.rng.random() < 0.7 else ('"', '"')

    def direct(self) -> str:
        """A direct quote paragraph, with the attribution before, after or inside the verb phrase."""
        name, role, org = self.speaker()
        o, c = self.marks()
        text = self.remark()
        shape = self.rng.randrange(4)
        if shape == 0:
            return f"{o}{text},{c} {name}, the {role}, said {self.rng.choice(WEEKDAYS)}."
        if shape == 1:
            return f"{name} {self.fill(self.rng.choice(VENUES))}: {o}{text}.{c}"
        if shape == 2:
            return f"{o}{text},{c} said {name}, who leads {org}."
        return f"{o}{text}.{c} The {role} added that {self.claim()}."

    def split(self) -> str:
        """A quote split by its attribution."""
        name, _, _ = self.speaker()
        o, c = self.marks()
        first, second = self.remark(), self.remark()
        return f"{o}{first},{c} {name} said. {o}{second[0].upper()}{second[1:]}.{c}"

    def mixed(self) -> str:
        """A paraphrase with a quoted phrase inside it."""
        name, role, _ = self.speaker()
        o, c = self.marks()
        return f"{name} described the latest offer from {self.country} as {o}{self.rng.choice(PHRASES)}{c} and said {self.claim()}."

    def indirect(self) -> str:
        """Reported speech: `X said that ...`."""
        name, role, _ = self.speaker()
        return f"{role[0].upper()}{role[1:]} {name} said that {self.claim()}."

    def according(self) -> str:
        """`According to X, ...`."""
        name, _, org = self.speaker()
        who = name if self.rng.random() < 0.6 else org
        return f"According to {who}, {self.claim()}."

    def figure(self) -> str:
        """A reported tariff level or change."""
        a, b = self.rng.choice([10, 15, 20, 25, 30, 45, 60]), self.rng.choice([5, 10, 34, 50, 125, 145])
        return (f"{self.rng.choice(COUNTRIES)} raised its tariff on {self.goods} from {self.country} "
                f"from {a}% to {b}% {self.rng.choice(WEEKDAYS)}.")

    def denial(self) -> str:
        """A quote followed by a reported denial."""
        name, _, _ = self.speaker()
        o, c = self.marks()
        return (f"{name} said {o}{self.claim()}{c}, a claim which officials in {self.country} denied.")

    def background(self) -> str:
        """Two or three sentences of narrative without quotes."""
        return " ".join(self.rng.sample(BACKGROUND, self.rng.randint(2, 3)))


DAYS = 730  # publication dates spread over two years by default
SHAPES = ("direct", "split", "mixed", "indirect", "according", "figure", "denial")


def article(rng: random.Random, number: int, start: date, days: int = DAYS) -> tuple[dict[str, str], str]:
    """One article, published on one of `days` days from `start`: its manifest row and its text."""
    published = start + timedelta(days=rng.randrange(days))
    outlet, domain = rng.choice(OUTLETS)
    w = Writer(rng, published)
    headline = w.fill(rng.choice(["Talks with {c} over {g} tariffs enter a new phase",
                                  "Officials trade blame as {g} dispute with {c} drags on",
                                  "What the latest {g} duties mean for exporters to {c}"]))
    author = rng.choice(AUTHORS)
    paras = [headline, f"By {author}", w.background()]
    for _ in range(rng.randint(9, 13)):
        shape = rng.choices(SHAPES, weights=(5, 2, 2, 3, 2, 1, 1))[0]
        paras.append(getattr(w, shape)())
        if rng.random() < 0.35:
            paras.append(w.background())
    doc = f"{number:05d}_{rng.getrandbits(32):08x}"
    row = {"doc": doc, "url": f"https://{domain}/news/{doc}", "outlet": outlet, "author": author,
           "published": published.isoformat(), "headline": headline}
    return row, "\n".join(paras) + "\n"


def make_corpus(n: int, out: Path, seed: int = 13, days: int = DAYS) -> list[Path]:
    """Write `n` articles over `days` days and their sources.csv into `out`; the same n, seed and days
    give the same bytes."""
    rng = random.Random(f"{seed}:{n}")
    out.mkdir(parents=True, exist_ok=True)
    rows, paths = [], []
    for i in range(n):
        row, text = article(rng, i, date(2024, 1, 1), days)
        path = out / f"{row['doc']}.txt"
        path.write_text(text, encoding="utf-8")
        rows.append(row)
        paths.append(path)
    with (out / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["doc"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return paths


def main() -> None:
    """Command line: N articles into DIR."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles (the benchmark uses 100, 1000 and 10000)")
    ap.add_argument("out", type=Path, help="directory to write into")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--days", type=int, default=DAYS, help="span of publication dates: the more articles per "
                    "day, the more claims meet in one week (and contradict)")
    args = ap.parse_args()
    paths = make_corpus(args.n, args.out, args.seed, args.days)
    print(f"{len(paths)} articles in {args.out}")


if __name__ == "__main__":
    main()
