"""How sure each kind of finding is: the one table of the confidences contradiction detection gives.

A confidence ranks findings for a reader (the page and `kg contradictions` list the surest first); it is
no probability. The values were set by judging every pair found on the development set
(docs/contradictions-review.md): every finding above 0.6 there was right.
"""

from __future__ import annotations

from types import MappingProxyType

# a denial that answers a quotation reported in the corpus (`X denied saying ...`): the surest finding
REPORTED_DENIAL = 0.9
# conflicting claims, by the rule that paired them (kg/analysis/conflicts.py)
CLAIM_RULES = MappingProxyType({
    "opposed": 0.55,  # one asserts what the other negates; raised below when more is shared
    "anaphoric": 0.55,  # `the accusations are untrue` against an accusation in the same article
    "swapped": 0.6,  # different parties named as the one who did it
    "dated": 0.6,  # one event dated on different days
    "contrary": 0.65,  # one matter judged in contrary words
    "explanations": 0.7,  # one thing explained by different reasons
})
OPPOSED_SHARED_MORE = 0.15  # `opposed`, two negated predicates matched (`sign` and `contract`), not one
OPPOSED_BY_SOMEONE = 0.05  # `opposed`, someone's statement rather than the article's narration
CLAIM_CAP = 0.85  # no claim-against-claim finding is surer than this
# conflicting figures
RATES = 0.7  # two rates (percent, ...) of one measure between the same parties
COUNTS = 0.75  # two counts of one thing
COUNTS_BOTH_APPROXIMATE = 0.7  # ... both given as approximate (`about 4,000`)
INFLATED_HIGHEST = 0.6  # `the number was inflated` against the highest count of that thing reported
INFLATED_LOWER = 0.55  # ... against a lower count, less likely the one meant
# one remark quoted in two wordings: from VARIANT_BASE, rising with the share of words matched in order
VARIANT_BASE = 0.5
VARIANT_PER_MATCH = 0.4


def variant(ratio: float) -> float:
    """The confidence of two wordings of one remark whose word match is `ratio` (0..1)."""
    return round(VARIANT_BASE + VARIANT_PER_MATCH * ratio, 3)
