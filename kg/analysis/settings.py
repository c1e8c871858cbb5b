"""The windows and thresholds of contradiction detection, in one typed, frozen record.

A build carries one (kg.build.config.BuildConfig.detection); `detect` passes it down to every rule, so no
rule reads a module global at detection time, and the detection cache is keyed by it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DetectionSettings:
    """How close in time, how alike and how many shared words make two statements comparable."""

    claim_window_days: int = 7  # claims of different articles compare when at most this many days apart
    figure_window_days: int = 45  # rates (percent, ...) compare within this window
    count_window_days: int = 14  # counts (flights cancelled, people killed) compare within this window
    variant_window_days: int = 14  # two quotes are versions of one remark within this window
    variant_min_ratio: float = 0.75  # share of the shorter quote's words found in order in the longer one
    variant_min_words: int = 4  # a shorter version has at least this many words
    variant_min_shared_terms: int = 6  # a translated remark shares this many content terms ...
    variant_min_term_share: float = 0.5  # ... making this share of the shorter version's terms
    other_speaker_ratio: float = 0.85  # the same long remark given to two speaker names ...
    other_speaker_min_words: int = 8  # ... of at least this many words
    approx_tolerance: float = 0.1  # an approximate value (`about 4,000`) covers this share either side
    min_shared: int = 2  # terms two claims share to be about the same matter
    min_effect: int = 3  # terms two explanations share in what they explain
    max_index_bucket: int = 400  # a term carried by more claims than this says nothing about the matter
    min_claim_words: int = 5  # a quoted phrase shorter than this makes its claim with the sentence around it
    date_reach: int = 6  # words either side of a date that say what it dates
