"""Finding quotes in a parsed article: the `kg_quotes` spaCy component.

It writes plain, serialisable data on the Doc (so `nlp.pipe(..., n_process=N)` works):
- `Doc._.kg_quotes`: direct, mixed and indirect quotes with their cue, speaker mention and the
  attribution clause (where venue and date are looked for later);
- `Doc._.kg_mentions`: mentions that can be antecedents of pronouns and descriptions;
- `Doc._.kg_denials`: reported denials of a quote (`which officials denied`, `disputed that account`).

Speaker resolution, venue and date are the next stage's work (`kg.attribute`). All rules read
their words from kg/data/lexicon.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon, lexicon

OPENERS = "“«„"
CLOSERS = "”»"
PRONOUNS = {"he", "she", "it", "they", "we", "i", "who", "which", "that", "you"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
MODALS = {"will", "would", "could", "may", "might", "should", "can", "shall", "must", "'ll"}
CLAUSE_STOPS = {";", ":", "—", "–"}


@dataclass
class Marked:
    """A span inside quote marks: content offsets, the marks' offsets, and how it is bounded."""

    open: int
    close: int  # offset of the closing mark, or the paragraph end when unclosed
    start: int  # content start
    end: int  # content end
    para: int
    closed: bool = True
    chain: int = -1  # index of the first piece of a quote running over several paragraphs


# ---------------------------------------------------------------------------- quote marks


def _straight_opens(text: str, i: int) -> bool:
    """Whether a straight double quote at i opens (start or after space/bracket, followed by non-space)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


SINGLE_OPEN = "‘'"
SINGLE_CLOSE = "’'"


def _single_opens(text: str, i: int) -> bool:
    """A single quote mark opens a quotation after a space or bracket and before a letter (not `'90s`)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–") and after.isalpha()


def _single_closes(text: str, i: int) -> bool:
    """A single quote mark closes after a word or punctuation and before a space or punctuation (an
    apostrophe sits between letters: `China’s`)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)—–") and before != "s"


def find_marked(text: str, paragraphs: list[tuple[int, int]]) -> list[Marked]:
    """Every span in quote marks, paragraph by paragraph; a stray mark never reaches past its paragraph.
    Double marks first; then single marks (‘…’ or '…') outside them (inside, they are nested quotes)."""
    out: list[Marked] = []
    for p, (ps, pe) in enumerate(paragraphs):
        found = _pair_double(text, ps, pe, p)
        inside = [(m.open, m.close + 1) for m in found]
        out.extend(found)
        if any(c in text[ps:pe] for c in SINGLE_OPEN):
            out.extend(m for m in _pair_single(text, ps, pe, p) if not _inside(m.open, inside))
    out.sort(key=lambda m: m.open)
    out = [m for m in out if m.end > m.start]
    _link_paragraph_runs(text, out, paragraphs)
    return [m for m in out if m.closed or m.chain >= 0 or _looks_like_lost_close(text, m, paragraphs)]


def _pair_double(text: str, ps: int, pe: int, p: int) -> list[Marked]:
    out, open_at = [], None
    for i in range(ps, pe):
        c = text[i]
        if c in OPENERS or (c == '"' and open_at is None and _straight_opens(text, i)):
            open_at = i  # a second opener restarts: the first was stray
        elif (c in CLOSERS or c == '"') and open_at is not None:
            out.append(_marked(text, open_at, i, p, closed=True))
            open_at = None
    if open_at is not None and pe - open_at > 1:
        out.append(_marked(text, open_at, pe, p, closed=False))
    return out


def _pair_single(text: str, ps: int, pe: int, p: int) -> list[Marked]:
    """Closed single-quoted spans only: an unmatched single mark is an apostrophe."""
    out, open_at = [], None
    for i in range(ps, pe):
        c = text[i]
        if c in SINGLE_OPEN and open_at is None and _single_opens(text, i):
            open_at = i
        elif c in SINGLE_CLOSE and open_at is not None and i > open_at + 1 and _single_closes(text, i):
            out.append(_marked(text, open_at, i, p, closed=True))
            open_at = None
    return out


def _marked(text: str, open_at: int, close_at: int, para: int, closed: bool) -> Marked:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Marked(open_at, close_at, start, end, para, closed)


def _link_paragraph_runs(text: str, marks: list[Marked], paragraphs: list[tuple[int, int]]) -> None:
    """The convention of quotes over paragraphs: an unclosed quote continues in the next paragraph
    when that paragraph opens with a quote mark."""
    first_in_para = {}
    for k, m in enumerate(marks):
        first_in_para.setdefault(m.para, k)
    for k, m in enumerate(marks):
        nxt = first_in_para.get(m.para + 1)
        if m.closed or nxt is None or m.para + 1 >= len(paragraphs):
            continue
        if marks[nxt].open == paragraphs[m.para + 1][0]:
            m.chain = m.chain if m.chain >= 0 else k
            marks[nxt].chain = m.chain


def _looks_like_lost_close(text: str, m: Marked, paragraphs: list[tuple[int, int]]) -> bool:
    """An unclosed quote is kept only when it opens its paragraph and reads like a sentence."""
    return m.open == paragraphs[m.para][0] and len(text[m.start:m.end].split()) >= 4


# ---------------------------------------------------------------------------- helpers on tokens


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _has_passive_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _agrees(verb: Token, subj: Token) -> bool:
    """A 3rd-person singular verb (`believes`) does not take a plural subject (`leaders`)."""
    return not (verb.tag_ == "VBZ" and subj.tag_ in ("NNS", "NNPS"))


def _subject(tok: Token, lex: Lexicon, depth: int = 0) -> Token | None:
    """The grammatical subject of a verb, inherited through conjunctions and participles."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if subjects:  # the parser sometimes gives a quoted clause's subject to the cue as well
        return min(subjects, key=lambda c: (not _is_agent(c, lex), abs(c.i - tok.i)))
    if _has_passive_subject(tok):
        return None
    if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    if tok.dep_ == "advcl" and tok.tag_ == "VBG" and _lemma(tok) in lex.cue_verbs:
        reporting = next((a for a in tok.ancestors if _lemma(a) in lex.cue_verbs and a.pos_ == "VERB"), None)
        if reporting is not None:  # `said that X, adding that Y`: the one who said adds
            return _subject(reporting, lex, depth + 1)
    if depth < 4 and tok.dep_ in ("conj", "advcl", "xcomp", "acl") and tok.head.pos_ in ("VERB", "AUX"):
        if tok.dep_ != "advcl" or tok.tag_ in ("VBG", "VBN"):
            subj = _subject(tok.head, lex, depth + 1)
            if subj is not None and not _agrees(tok, subj) and tok.head.head != tok.head:
                return _subject(tok.head.head, lex, depth + 2)
            return subj
    for c in tok.children:  # `said Bessent` parsed with the name as object after the verb
        if c.dep_ in ("dobj", "attr") and c.i > tok.i and c.pos_ == "PROPN" and _lemma(tok) == "say":
            return c
    return None


def _np_span(head: Token, lex: Lexicon) -> Span:
    """The name-like noun phrase of a speaker: modifiers, possessor, and `of`/`for` complements of
    organisation heads and spokespeople; not relative clauses, appositions or other conjuncts."""
    keep = {"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "quantmod", "punct"}
    left = head.i
    for c in head.lefts:
        if c.dep_ in keep:
            left = min(left, c.left_edge.i)
    right = head.i
    for c in head.rights:
        if c.dep_ in ("compound", "flat", "case"):
            right = max(right, c.right_edge.i)
        elif c.dep_ == "prep" and c.lower_ in ("of", "for") and (
                _lemma(head) in lex.organisation_heads or _lemma(head) in lex.spokes_nouns):
            right = max(right, c.right_edge.i)
        else:
            break
    doc = head.doc
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left:right + 1]


def _pos(tok: Token) -> str:
    """Part of speech, with capitalised words the tagger missed (`Bessent` as ADJ) taken as names."""
    if tok.pos_ in ("ADJ", "VERB", "ADV", "X", "INTJ") and tok.is_title and not tok.is_sent_start:
        return "PROPN"
    if tok.pos_ in ("ADJ", "X", "NOUN") and tok.is_title and tok.dep_ in ("nsubj", "nsubjpass") \
            and tok.tag_ != "NNS" and not any(c.dep_ in ("det", "poss") for c in tok.children):
        return "PROPN"  # a bare singular capitalised subject (`Bessent remains`) is a name
    return tok.pos_


def _named(head: Token) -> Token:
    """`The central bank governor, Ines Moreau, said`: the apposed name stands for the description."""
    if head.pos_ == "NOUN":
        for c in head.children:
            if c.dep_ == "appos" and _pos(c) == "PROPN":
                return c
    return head


def mention_of(head: Token, lex: Lexicon, sent_start: int) -> dict:
    """A speaker or antecedent mention as plain data (`sent_start`: where its sentence starts)."""
    head = _named(head)
    span = _np_span(head, lex)
    return {
        "start": span.start_char, "end": span.end_char, "text": span.text,
        "role": _role(head), "of_plural": _of_plural(head),
        "head": head.text, "head_lemma": _lemma(head), "ner": head.ent_type_ or "",
        "pron": head.pos_ == "PRON", "pos": _pos(head), "tag": head.tag_,
        "plural": head.tag_ in ("NNS", "NNPS"), "sent": sent_start,
        "person": _person_entity(head),
    }


def _of_plural(head: Token) -> str | None:
    """The plural noun phrase of an `of` after the head (`dozens of players` -> `players`)."""
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((g for g in c.children if g.dep_ == "pobj" and g.tag_ in ("NNS", "NNPS")), None)
            if obj is not None:
                return head.doc[obj.left_edge.i:obj.i + 1].text
    return None


def _role(head: Token) -> str:
    """How a mention stands in its clause: its dependency (`nsubj`, `dobj`) or the preposition it
    follows (`by`, `to`), seen through appositions and possessives (`by Delta's lawyer, Ann Lee` -> `by`)."""
    tok = head
    for _ in range(4):
        if tok.dep_ not in ("appos", "poss", "compound", "flat", "conj") or tok.head == tok:
            break
        tok = tok.head
    return tok.head.lower_ if tok.dep_ == "pobj" else tok.dep_


def _person_entity(head: Token) -> str | None:
    """The tagger's PERSON name around a head (`EU trade commissioner Pieter van Dam` -> `Pieter van Dam`)."""
    if head.ent_type_ != "PERSON":  # entities do not overlap: the token's type is its entity's label
        return None
    doc, start, end = head.doc, head.i, head.i + 1  # the entity's bounds, from the IOB tags (not a scan of doc.ents)
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _is_agent(head: Token, lex: Lexicon) -> bool:
    """Whether a subject can be a speaker: not an inanimate noun, not a bare generic plural."""
    lemma, low = _lemma(head), head.lower_
    if head.pos_ == "PRON":
        return low in {"he", "she", "it", "they", "we", "i", "who", "you"}
    if low in lex.non_agent_subjects or lemma in lex.non_agent_subjects:
        return False
    if head.like_num or head.pos_ == "NUM":
        return False
    if low in lex.generic_speakers or lemma in lex.generic_speakers:
        return any(c.dep_ in ("amod", "compound", "poss", "nmod") and not c.lower_ in ("some", "many", "other")
                   for c in head.lefts) or any(c.dep_ == "prep" for c in head.rights)
    pos = _pos(head)
    if pos == "NOUN" and not head.ent_type_:
        return lemma in lex.agent_nouns or lemma in lex.organisation_heads or lemma in lex.spokes_nouns \
            or (len(lemma) > 5 and lemma.endswith(lex.agent_suffixes))
    return pos in ("PROPN", "NOUN") or bool(head.ent_type_)


def _conj_heads(head: Token) -> list[Token]:
    """Coordinated subjects (`Trump and Bessent`)."""
    return [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]


def _cue_text(tok: Token) -> str:
    """The cue as written, with its particle for phrasal cues (`made clear`, `pointed out`)."""
    parts = [tok.text]
    for c in tok.children:
        if c.dep_ in ("prt", "acomp", "oprd") and c.lower_ in ("out", "clear") and c.i == tok.i + 1:
            parts.append(c.text)
    return " ".join(parts)


def _reports(tok: Token) -> bool:
    """A verb that reports what was said: not passive, not hedged by a modal (`would respond`), not an
    infinitive (`to say`)."""
    return not _has_passive_subject(tok) and not any(
        c.dep_ == "aux" and (c.lower_ in MODALS or c.tag_ == "TO") for c in tok.children)


def _is_cue(tok: Token, lex: Lexicon) -> bool:
    lemma = _lemma(tok)
    if tok.pos_ not in ("VERB", "AUX") or not _reports(tok):
        return False
    if lemma in lex.speech_verbs or lemma in lex.cognition_verbs:
        return True
    return any((lemma, c.lower_) in lex.phrasal_cues for c in tok.children if c.dep_ in ("prt", "acomp", "oprd", "dobj", "ccomp"))


def _is_participle_tail(tok: Token, clause: Token) -> bool:
    """`..., voicing confidence`, `... and expressing hope`: a participle that belongs to the
    reporting sentence, not to the reported clause."""
    return (tok.dep_ in ("advcl", "conj") and tok.tag_ == "VBG" and clause.tag_ != "VBG"
            and not any(c.dep_ in SUBJECT_DEPS for c in tok.children))


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without leading complementisers/punctuation and trailing punctuation."""
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("that", "if", "whether")
                           and doc[start].dep_ == "mark" or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def _clause_tokens(root: Token, exclude: set[int]) -> list[int]:
    return sorted(t.i for t in root.subtree if t.i not in exclude)


def _contiguous_longest(ids: list[int]) -> tuple[int, int]:
    """The longest run of consecutive token indices."""
    best, run_start = (ids[0], ids[0] + 1), ids[0]
    for a, b in zip(ids, ids[1:] + [None]):
        if b is None or b != a + 1:
            if a + 1 - run_start > best[1] - best[0]:
                best = (run_start, a + 1)
            if b is not None:
                run_start = b
    return best


# ---------------------------------------------------------------------------- the extractor


class QuoteExtractor:
    """Finds quotes, speakers' mentions, antecedent mentions and denials in one Doc."""

    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc, self.lex, self.text = doc, lex, doc.text
        from .ingest import paragraphs  # the same paragraph notion as ingest's masking

        self.paras = paragraphs(self.text)
        self.marked = find_marked(self.text, self.paras)
        self.mark_spans = [(m.open, m.close + 1) for m in self.marked]
        self.sent_at: list[Span] = [sent for sent in doc.sents for _ in sent]  # token index -> sentence
        self.quoted = {t.i for s, e in self.mark_spans for t in (self._tokens(s, e) or [])}
        self.quotes: list[dict] = []
        self.taken: list[tuple[int, int]] = []

    # -- entry point

    def run(self) -> None:
        """Fill the Doc's extensions."""
        self._quoted()
        self._indirect()
        self._according_to()
        self.quotes.sort(key=lambda q: q["start"])
        self.doc._.kg_quotes = self.quotes
        self.doc._.kg_mentions = self._mentions()
        self.doc._.kg_denials = self._denials()

    # -- shared pieces

    def _para_of(self, char: int) -> int:
        for k, (s, e) in enumerate(self.paras):
            if s <= char <= e:
                return k
        return -1

    def _tokens(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def _claim_features(self, tokens: list[Token]) -> dict:
        """Polarity, modality, topics and parties of a reported clause (for contradiction detection)."""
        lex = self.lex
        roots = [t for t in tokens if t.head not in tokens or t.head == t]
        main = [t for t in tokens if t in roots or (t.head in roots and t.dep_ == "conj")]
        words = " ".join(t.lower_ for t in tokens)
        negative = any(_lemma(t) in lex.negative_verbs or any(c.lower_ in lex.negators for c in t.children)
                       for t in main)
        negative = negative or any(t.lower_ in lex.negators and t.dep_ == "det" and t.head.head in main for t in tokens)
        negative = negative or any(" " in n and re.search(rf"\b{re.escape(n)}\b", words) for n in lex.negators)
        modal = any(c.lower_ in MODALS and c.dep_ == "aux" for t in main for c in t.children)
        modal = modal or any(_lemma(t) in lex.future_verbs and any(c.dep_ == "xcomp" for c in t.children) for t in main)
        modal = modal or any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless")
                                                      for g in c.children) for t in main for c in t.children)
        near = [t for t in tokens if t in main or t.head in main or (t.head.head in main and t.head.dep_ == "prep")]
        topics = sorted({lex.topics[_lemma(t)] for t in near if _lemma(t) in lex.topics})
        return {"polarity": "negative" if negative else "positive", "modal": modal, "topics": topics}

    def _window(self, sent: Span, content: tuple[int, int] | None, cue: Token | None = None) -> list[list[int]]:
        """The attribution clause: the sentence minus quoted and reported text, minus clauses that
        hang off the cue or its subject (`, referring to a meeting on Saturday`, `, who will attend,`)."""
        holes = [s for s in self.mark_spans if s[0] < sent.end_char and s[1] > sent.start_char]
        if content:
            holes.append(content)
        if cue is not None:
            subj = _subject(cue, self.lex)
            side = [c for c in cue.children if c.dep_ in ("advcl", "acl", "conj") and c.i > cue.i]
            side += [c for c in subj.children if c.dep_ in ("relcl", "appos", "acl")
                     and _lemma(c) not in self.lex.speech_event_verbs] if subj is not None else []
            holes += [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in side]
        pieces, pos = [], sent.start_char
        for s, e in sorted(holes):
            if s > pos:
                pieces.append([pos, s])
            pos = max(pos, e)
        if pos < sent.end_char:
            pieces.append([pos, sent.end_char])
        return pieces

    def _record(self, start: int, end: int, kind: str, cue: Token | None, speaker: Token | None,
                rule: str, confidence: float, window: list[list[int]], features: dict,
                cue_text: str | None = None) -> dict:
        co = [self._mention(c) for c in _conj_heads(speaker)] if speaker is not None else []
        return {
            "start": start, "end": end, "kind": kind,
            "cue": cue_text if cue_text is not None else (_cue_text(cue) if cue is not None else None),
            "cue_start": cue.idx if cue is not None else None,
            "speaker": self._mention(speaker) if speaker is not None else None,
            "co_speakers": co, "rule": rule, "confidence": confidence,
            "para": self._para_of(start), "window": window, "chain": -1, **features,
        }

    def _mention(self, head: Token) -> dict:
        return mention_of(head, self.lex, self.sent_at[head.i].start_char)

    def _sent(self, tok: Token) -> Span:
        return self.sent_at[tok.i]

    def _take(self, rec: dict) -> None:
        self.quotes.append(rec)
        self.taken.append((rec["start"], rec["end"]))

    # -- direct and mixed quotes

    def _attribution_in(self, start: int, end: int, last: bool = False) -> tuple[Token, Token] | None:
        """A cue verb with an agent subject in a stretch of text outside quote marks (the first one,
        or with `last` the one nearest the end, for text that leads up to a quote)."""
        span = self._tokens(start, end) if end > start else None
        if span is None:
            return None
        for tok in (reversed(span) if last else span):
            if tok.i in self.quoted or not _is_cue(tok, self.lex) or _is_negated(tok):
                continue
            subj = _subject(tok, self.lex)
            if subj is not None and subj.i not in self.quoted and _is_agent(subj, self.lex):
                return tok, subj
        return None

    def _segments(self, m: Marked) -> tuple[tuple[int, int], tuple[int, int]]:
        """The unquoted text before and after a quote within its paragraph."""
        ps, pe = self.paras[m.para]
        prev_close = max([s[1] for s in self.mark_spans if s[1] <= m.open and s[0] >= ps], default=ps)
        next_open = min([s[0] for s in self.mark_spans if s[0] > m.close and s[0] < pe], default=pe)
        return (prev_close, m.open), (min(m.close + 1, pe), next_open)

    def _is_direct(self, m: Marked) -> bool:
        """A quote that stands as the words spoken (opens a sentence or follows `said,`/`:`), not a
        phrase embedded in the reporter's sentence."""
        ps = self.paras[m.para][0]
        lead = self.text[ps:m.open]
        lead = re.split(r"(?<=[.!?”\"])\s+", lead)[-1] if lead.strip() else ""
        return not lead.strip(" -•*\t") or lead.rstrip().endswith((",", ":", "—")) or m.chain >= 0 and m.open == ps

    def _quoted(self) -> None:
        chain_attr: dict[int, dict] = {}
        for m in self.marked:
            if self._is_direct(m):
                rec = self._direct(m, chain_attr.get(m.chain))
            else:
                rec = self._mixed(m)
            if rec is None:
                continue
            rec["chain"] = m.chain
            if m.chain >= 0 and rec["speaker"] is not None:
                chain_attr.setdefault(m.chain, rec)
            self._take(rec)
        self._fill_chains()

    def _fill_chains(self) -> None:
        """Pieces of a quote running over paragraphs share the attribution found in any piece."""
        by_chain: dict[int, dict] = {}
        for q in self.quotes:
            if q["chain"] >= 0 and q["speaker"] is not None:
                by_chain.setdefault(q["chain"], q)
        for q in self.quotes:
            src = by_chain.get(q["chain"])
            if q["speaker"] is None and src is not None:
                q.update(speaker=src["speaker"], cue=src["cue"], window=src["window"], rule="direct:paragraph-run",
                         confidence=0.75)

    def _sentence_window(self, cue: Token) -> list[list[int]]:
        return self._window(self._sent(cue), None, cue)

    def _direct(self, m: Marked, chained: dict | None) -> dict | None:
        before, after = self._segments(m)
        tokens = self._tokens(m.start, m.end)
        features = self._claim_features(list(tokens)) if tokens is not None else {}
        found = self._attribution_in(*after) if self.text[after[0]:after[1]].strip() else None
        rule, conf = "direct:cue-after", 0.9
        if found is None:
            found, rule, conf = self._attribution_in(*before, last=True), "direct:cue-before", 0.85
        if found is None:
            ps, pe = self.paras[m.para]
            found, rule, conf = self._attribution_in(ps, pe), "direct:cue-in-paragraph", 0.7
        if found is not None:
            cue, subj = found
            return self._record(m.start, m.end, "direct", cue, subj, rule, conf, self._sentence_window(cue), features)
        if chained is not None:
            return None  # filled from the chain by _fill_chains
        rec = self._record(m.start, m.end, "direct", None, None, "direct:continues-previous-speaker", 0.6,
                           [], features)
        return rec if m.open == self.paras[m.para][0] and len(self.text[m.start:m.end].split()) >= 3 else None

    def _mixed(self, m: Marked) -> dict | None:
        """A quoted phrase inside reported speech: the cue that governs it, found up the parse tree
        or as a naming verb just before it (`what he described as "..."`)."""
        span = self._tokens(m.start, m.end)
        if span is None:
            return None
        lex = self.lex
        inside = {t.i for t in span}
        tok: Token | None = next((t for t in span if t.head.i not in inside or t.head == t), span.root)
        fallback = None
        for _ in range(12):
            if tok.i not in inside and tok.pos_ in ("VERB", "AUX") and not _is_negated(tok):
                lemma = _lemma(tok)
                subj = _subject(tok, lex)
                ok = subj is not None and _is_agent(subj, lex) and subj.i not in inside
                if ok and (lemma in lex.cue_verbs or lemma in lex.naming_verbs) and _reports(tok):
                    return self._record(m.start, m.end, "mixed", tok, subj, "mixed:governing-cue", 0.8,
                                        self._window(self._sent(tok), None, tok), self._claim_features(list(span)))
                if ok and lemma in lex.commitment_verbs and fallback is None:
                    fallback = (tok, subj)
            if tok.head == tok:
                break
            tok = tok.head
        if fallback is not None:
            cue, subj = fallback
            return self._record(m.start, m.end, "mixed", cue, subj, "mixed:commitment-verb", 0.65,
                                self._window(self._sent(cue), None, cue), self._claim_features(list(span)))
        return self._after_cue(m, span)

    def _after_cue(self, m: Marked, span: Span) -> dict | None:
        """`“...,” Bessent added` after an embedded phrase: the cue that closes the sentence."""
        _, after = self._segments(m)
        sent = self._sent(span.root)
        found = self._attribution_in(after[0], min(after[1], sent.end_char))
        if found is None or self._sent(found[0]) != sent:
            return None
        cue, subj = found
        return self._record(m.start, m.end, "mixed", cue, subj, "mixed:cue-after", 0.75,
                            self._window(self._sent(cue), None, cue), self._claim_features(list(span)))

    # -- indirect speech

    def _indirect(self) -> None:
        lex = self.lex
        for tok in self.doc:
            if tok.i in self.quoted or not _is_cue(tok, lex) or _is_negated(tok):
                continue
            subj = _subject(tok, lex)
            if subj is None or subj.i in self.quoted or not _is_agent(subj, lex):
                continue
            for clause in self._complements(tok):
                self._indirect_clause(tok, subj, clause)

    def _complements(self, cue: Token) -> list[Token]:
        """Clausal complements of a cue, split at coordinated `that`-clauses."""
        out = []
        for c in cue.children:
            if c.dep_ == "ccomp" or (c.dep_ == "parataxis" and c.i < cue.i) or (
                    c.dep_ == "xcomp" and any(g.dep_ == "nsubj" for g in c.children)):  # `told X he would ...`
                out.append(c)
                out.extend(cc for cc in c.children if cc.dep_ == "conj" and cc.pos_ in ("VERB", "AUX")
                           and any(g.dep_ in SUBJECT_DEPS for g in cc.children))
        if not out and cue.dep_ in ("ccomp", "parataxis") and cue.head.i < cue.i and cue.head.pos_ in ("VERB", "AUX"):
            out.append(cue.head)  # `The U.S. welcomed it, he added`: the cue hangs off the content
        for obj in (c for c in cue.children if c.dep_ == "dobj" and c.lower_ in self.lex.denial_objects):
            out.extend(g for g in obj.children if g.dep_ in ("acl", "ccomp")  # `denied reports that ...`
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children))
        if any(c.i > cue.i for c in out) or _lemma(cue) in self.lex.denial_verbs:
            out = [c for c in out if c.i > cue.i]  # `X, a move officials said would Y`: Y is the content
        return out

    def _indirect_clause(self, cue: Token, subj: Token, clause: Token) -> None:
        exclude = {t.i for t in cue.subtree} - {t.i for t in clause.subtree} if clause.i < cue.i else set()
        exclude |= {t.i for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                    and any(g.dep_ in SUBJECT_DEPS for g in c.children) for t in c.subtree}
        exclude |= {t.i for c in clause.children if c.i > clause.i and _is_participle_tail(c, clause)
                    for t in c.subtree}
        if not any(c.dep_ in SUBJECT_DEPS for c in clause.children):
            return
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children) or _lemma(cue) == "ask":
            return  # a question reports no claim
        for t in clause.subtree:  # relative clauses that report someone else's reaction
            if t.dep_ in ("relcl", "advcl") and _lemma(t) in self.lex.cue_verbs and t != clause:
                exclude |= {x.i for x in t.subtree}
                exclude |= {x.i for x in t.doc[max(t.left_edge.i - 1, 0):t.left_edge.i] if x.is_punct}
        ids = _clause_tokens(clause, exclude | {cue.i})
        ids = [i for i in ids if not (self.doc[i].text in CLAUSE_STOPS)]
        if clause.i > cue.i:  # `said on Thursday it expected ...`: the time belongs to the saying
            ids = self._without_leading_adverbials(clause, ids)
        if not ids:
            return
        ids = self._cut_at_stops(ids)
        s, e = _trim(self.doc, *_contiguous_longest(ids))
        if e - s < 3 or not any(self.doc[i].pos_ in ("VERB", "AUX") for i in range(s, e)):
            return
        start, end = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1])
        if any(ms < end and me > start for ms, me in self.mark_spans):
            return  # quoted words inside: reported as mixed quotes, with this cue
        if any(ts <= start and end <= te for ts, te in self.taken):
            return
        rule = "indirect:cognition-verb" if _lemma(cue) in self.lex.cognition_verbs else "indirect:speech-verb"
        conf = 0.6 if rule.endswith("cognition-verb") else 0.75
        window = self._window(self._sent(cue), (start, end), cue)
        features = self._claim_features([self.doc[i] for i in range(s, e)])
        if _lemma(cue) in self.lex.denial_verbs:  # `denied that X`: the speaker says not-X
            features["polarity"] = "positive" if features["polarity"] == "negative" else "negative"
        self._take(self._record(start, end, "indirect", cue, subj, rule, conf, window, features))

    def _without_leading_adverbials(self, clause: Token, ids: list[int]) -> list[int]:
        """Drop time and place phrases that stand before a clause's subject or `that`."""
        starts = [c.left_edge.i for c in clause.children if c.dep_ in SUBJECT_DEPS or c.dep_ == "mark"]
        if not starts:
            return ids
        lead = {c.i for c in clause.children if c.dep_ in ("prep", "npadvmod", "advmod", "punct")
                and c.right_edge.i < min(starts)}
        dropped = {i for i in ids if i < min(starts)}
        covered = {t.i for c in lead for t in self.doc[c].subtree}
        return [i for i in ids if i >= min(starts)] if dropped <= covered else ids

    def _cut_at_stops(self, ids: list[int]) -> list[int]:
        """A reported clause ends at a semicolon or colon of its sentence."""
        doc = self.doc
        for k, i in enumerate(ids):
            if k and any(doc[j].text in CLAUSE_STOPS for j in range(ids[k - 1] + 1, i)):
                return ids[:k]
        return ids

    # -- according to X / as stated by X

    def _according_to(self) -> None:
        lex = self.lex
        for tok in self.doc:
            source = self._source_of(tok)
            if source is None or tok.i in self.quoted:
                continue
            phrase_tokens = {t.i for t in tok.subtree} | {tok.head.i} if tok.dep_ == "agent" else None
            phrase = self._source_phrase_ids(tok)
            if phrase_tokens:
                phrase |= phrase_tokens
            sent = self._sent(tok)
            root = sent.root
            ids = [t.i for t in sent if t.i not in phrase and not t.is_space]
            if not ids or not _is_agent(source, lex) or _lemma(source) in lex.non_agent_sources:
                continue
            ids = self._from_subject(root, ids)
            ids = self._cut_at_stops(ids)
            if not ids:
                continue
            s, e = _trim(self.doc, *_contiguous_longest(ids))
            if e - s < 3:
                continue
            start, end = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1])
            if any(ms < end and me > start for ms, me in self.mark_spans):
                continue
            if any(ts < end and start < te for ts, te in self.taken):
                continue
            cue_text = " ".join(self.doc[i].text for i in sorted(self._source_phrase_ids(tok, words_only=True)))
            window = self._window(sent, (start, end))
            self._take(self._record(start, end, "indirect", None, source, "indirect:source-phrase", 0.75, window,
                                    self._claim_features([self.doc[i] for i in range(s, e)]),
                                    cue_text=cue_text.lower()))

    def _source_of(self, tok: Token) -> Token | None:
        """The source named by `according to X` / `as stated by X` at this token, if any; for
        `according to a statement from X`, X."""
        source = self._named_source(tok)
        if source is not None and _lemma(source) in self.lex.non_agent_sources:
            by = next((g for c in source.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                       for g in c.children if g.dep_ == "pobj"), None)
            return by if by is not None else source
        return source

    def _named_source(self, tok: Token) -> Token | None:
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                to = tok.doc[tok.i + 1]
            return next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
        if tok.dep_ == "agent" and tok.head.lower_ in ("stated", "said", "told") and any(
                c.lower_ == "as" for c in tok.head.children):
            return next((g for g in tok.children if g.dep_ == "pobj"), None)
        return None

    def _source_phrase_ids(self, tok: Token, words_only: bool = False) -> set[int]:
        if tok.lower_ == "according":
            ids = {t.i for t in tok.subtree} | {tok.i, tok.i + 1}
            if tok.i + 1 < len(tok.doc):
                ids |= {t.i for t in tok.doc[tok.i + 1].subtree}
            if words_only:
                return {tok.i, tok.i + 1}
            return ids
        verb = tok.head
        if words_only:
            return {c.i for c in verb.children if c.lower_ == "as"} | {verb.i, tok.i}
        ids = {t.i for t in verb.subtree}
        return ids | {x.i for x in tok.doc[max(verb.left_edge.i - 1, 0):verb.left_edge.i] if x.is_punct}

    def _from_subject(self, root: Token, ids: list[int]) -> list[int]:
        """Reported content starts at the clause's subject, after leading adverbial phrases."""
        subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and subj.i > self._sent(root).start:
            left = subj.left_edge.i
            return [i for i in ids if i >= left]
        return ids

    # -- mentions (antecedents) and denials

    def _mentions(self) -> list[dict]:
        """Candidate antecedents: subjects, named entities and noun phrases outside quote marks."""
        out, seen = [], set()
        for tok in self.doc:
            if tok.i in self.quoted or tok.is_space:
                continue
            is_subj = tok.dep_ in ("nsubj", "nsubjpass")
            named = tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and tok.ent_iob_ in ("B", "I") \
                and (tok.i + 1 == len(self.doc) or self.doc[tok.i + 1].ent_iob_ != "I")
            agentive = tok.dep_ == "pobj" and tok.head.head.lower_ == "according"
            if not (is_subj or named or agentive) or _pos(tok) not in ("PROPN", "NOUN", "PRON"):
                continue
            m = self._mention(tok)
            if (m["start"], m["end"]) in seen:
                continue
            seen.add((m["start"], m["end"]))
            m.update(subject=is_subj, agentive=agentive, main=is_subj and tok.head.dep_ == "ROOT",
                     para=self._para_of(tok.idx))
            out.append(m)
        return out

    def _denials(self) -> list[dict]:
        """`X disputed that account`, `..., which X denied`: a denial of the quote just before it."""
        lex, out = self.lex, []
        for tok in self.doc:
            if _lemma(tok) not in lex.denial_verbs or tok.pos_ != "VERB" or _is_negated(tok):
                continue
            subj = _subject(tok, lex)
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if subj is None or obj is None or not _is_agent(subj, lex):
                continue
            anaphoric = obj.lower_ in lex.denial_objects or obj.lower_ in ("which", "that")
            if not anaphoric or any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
                continue
            target = self._denied_quote(tok)
            if target is None:
                continue
            left = min(subj.left_edge.i, obj.left_edge.i, tok.i)
            right = max(obj.right_edge.i, tok.i)
            span = self.doc[left:right + 1]
            out.append({"start": span.start_char, "end": span.end_char, "cue": tok.text,
                        "speaker": self._mention(subj), "target_start": target["start"],
                        "target_end": target["end"]})
        return out

    def _denied_quote(self, verb: Token) -> dict | None:
        """The most recent quote before the denial, in its sentence or the one before."""
        sent = self._sent(verb)
        prev_start = sent.start_char
        if sent.start > 0:
            prev_start = self.sent_at[sent.start - 1].start_char
        cands = [q for q in self.quotes if prev_start <= q["start"] and q["end"] <= verb.idx]
        return cands[-1] if cands else None


def _extension(name: str) -> None:
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=None)


def register_extensions() -> None:
    """The Doc extensions our components fill."""
    for name in ("kg_quotes", "kg_mentions", "kg_denials", "kg_figures"):
        _extension(name)


@Language.component("kg_quotes")
def kg_quotes(doc: Doc) -> Doc:
    """spaCy component: direct, mixed and indirect quotes, mentions and denials on Doc extensions."""
    register_extensions()
    QuoteExtractor(doc, lexicon()).run()
    return doc


@dataclass
class Extracted:
    """What the components found in one article, merged over its blocks; offsets refer to `text`,
    the masked article text the pipeline saw."""

    text: str
    quotes: list[dict]
    mentions: list[dict]
    denials: list[dict]
    figures: list[dict]


CHAIN_STRIDE = 1_000_000  # chain ids of block k start at k * this: a block has far fewer quote marks


def _shift(item: dict, by: int, para_by: int, keys: tuple[str, ...]) -> dict:
    out = dict(item)
    for k in keys:
        if out.get(k) is not None:
            out[k] += by
    if "para" in out:
        out["para"] += para_by
    return out


def _shift_mention(m: dict | None, by: int, para_by: int) -> dict | None:
    return None if m is None else _shift(m, by, para_by, ("start", "end", "sent"))


def _shift_quote(q: dict, by: int, para_by: int, block: int) -> dict:
    out = _shift(q, by, para_by, ("start", "end", "cue_start"))
    out["window"] = [[s + by, e + by] for s, e in q["window"]]
    out["speaker"] = _shift_mention(q["speaker"], by, para_by)
    out["co_speakers"] = [_shift_mention(c, by, para_by) for c in q["co_speakers"]]
    out["chain"] = q["chain"] if q["chain"] < 0 else q["chain"] + block * CHAIN_STRIDE
    return out


def merge_blocks(text: str, parts: list[tuple[int, int, Doc]]) -> Extracted:
    """One article's findings from docs of its blocks: (char offset, paragraph offset, doc) each."""
    quotes, mentions, denials, figures = [], [], [], []
    for block, (by, para_by, doc) in enumerate(parts):
        quotes += [_shift_quote(q, by, para_by, block) for q in doc._.kg_quotes or []]
        mentions += [_shift(m, by, para_by, ("start", "end", "sent")) for m in doc._.kg_mentions or []]
        for d in doc._.kg_denials or []:
            shifted = _shift(d, by, para_by, ("start", "end", "target_start", "target_end"))
            shifted["speaker"] = _shift_mention(d["speaker"], by, para_by)
            denials.append(shifted)
        figures += [_shift(f, by, para_by, ("start", "end", "sentence_start", "sentence_end"))
                    for f in doc._.kg_figures or []]
    return Extracted(text, quotes, mentions, denials, figures)


def from_doc(doc: Doc) -> Extracted:
    """The findings of a single parsed text."""
    return merge_blocks(doc.text, [(0, 0, doc)])
