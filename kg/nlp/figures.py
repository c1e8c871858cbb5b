"""Figures stated in an article: the `kg_figures` spaCy component.

A figure is a value with a unit (percent, times) and what it measures: the measure noun it
modifies (`120% tariffs`, `raised its duties to 125 percent`) and, for rates between parties, who
imposes it on whom (`China's tariffs on U.S. goods`). A figure in a reported change (`from 145% to
30%`) is marked `from` or `to`. Everything lands on `Doc._.kg_figures` (kg.nlp.records.FoundFigure).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..resources.entities import Countries, Registry
from ..resources.lexicon import Lexicon, load_lexicon
from ..resources.semantics import Semantics, semantics
from .records import FoundFigure

APPROX = {"about", "around", "nearly", "almost", "roughly", "some", "approximately", "up", "over", "more",
          "less", "under", "least", "close", "near", "circa", "~", "estimated"}
UNREAL_WINDOW = 8  # tokens before a figure searched for a threat or condition


@dataclass(frozen=True)
class Knowledge:
    """What figures are read with: the lexicon's measures and goods, the gazetteer, the registry (whose
    people's countries make `Trump's tariffs` American), the word knowledge and domain pack counts are
    classed with."""

    lexicon: Lexicon
    registry: Registry
    countries: Countries
    semantics: Semantics


def _value(tok: Token) -> float | None:
    try:
        return float(tok.text.replace(",", ""))
    except ValueError:
        return None


def _unit(tok: Token) -> str | None:
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is None:
        return None
    if nxt.text == "%" or nxt.lower_ in ("percent", "pct"):
        return "percent"
    if nxt.lower_ == "per" and tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "cent":
        return "percent"
    if nxt.lower_ == "times":
        return "times"
    return None


def _approximate(tok: Token, sent: Span) -> bool:
    doc = tok.doc
    before = {doc[j].lower_ for j in range(max(tok.i - 3, sent.start), tok.i)}
    return bool(before & APPROX) or any(c.dep_ in ("advmod", "quantmod") and c.lower_ in APPROX
                                        for c in tok.children)


def _measure_noun(tok: Token, kn: Knowledge) -> Token | None:
    """The noun a figure measures: its head noun, or the subject or object of the verb it completes
    (`raised its duties to 125 percent`). A share (`25% of imports`) measures no rate."""
    measures = kn.lexicon.measures
    unit = tok.head if tok.head.text == "%" or tok.head.lower_ in ("percent", "cent") else tok
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in unit.children):
        return None
    head = tok
    for _ in range(4):
        head = head.head
        if _lemma(head) in measures:
            return head
        if head.pos_ in ("VERB", "AUX") or head.head == head:
            break
    if head.pos_ in ("VERB", "AUX"):
        for c in head.children:
            if c.dep_ in ("dobj", "nsubj", "nsubjpass"):
                found = next((g for g in c.subtree if _lemma(g) in measures and g.pos_ == "NOUN"), None)
                if found is not None:
                    return found
    return None


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _country_in(tokens, kn: Knowledge) -> str | None:
    for t in tokens:
        code = kn.countries.code(t.text)
        if code:
            return code
    return None


def _party_of(obj: Token, kn: Knowledge) -> str | None:
    """The party an object names (`Chinese imports` -> CN); a capitalised modifier the gazetteer does
    not know is kept as written, so that two unknown parties are never taken for the same one."""
    code = _country_in(list(obj.subtree), kn)
    if code:
        return code
    named = [t for t in obj.subtree if t.dep_ in ("amod", "compound", "poss") and t.is_title and t.i != obj.i]
    return named[0].text.lower() if named else None


def _possessor(noun: Token, kn: Knowledge) -> str | None:
    """`China's tariffs` -> CN; `its tariffs` -> the subject of the clause; `Trump's tariffs` -> via registry."""
    for c in noun.children:
        if c.dep_ == "poss":
            if c.lower_ in ("its", "their"):
                verb = noun.head
                while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                    verb = verb.head
                subj = next((s for s in verb.children if s.dep_ in ("nsubj", "nsubjpass")), None)
                return _country_in(subj.subtree, kn) if subj is not None else None
            code = _country_in(c.subtree, kn)
            if code:
                return code
            ent = kn.registry.lookup(" ".join(t.text for t in c.subtree if t.dep_ != "case"), kn.lexicon)
            return ent.country if ent else None
        if c.dep_ in ("compound", "amod", "nmod") and (code := kn.countries.code(c.text)):
            if not _is_target_modifier(noun, kn):
                return code
    return None


def _is_target_modifier(noun: Token, kn: Knowledge) -> bool:
    """`Chinese imports`, `U.S. goods`: the country names what is taxed, not who taxes."""
    return _lemma(noun) in kn.lexicon.generic_goods


def _product(obj: Token, kn: Knowledge) -> str | None:
    """What a rate applies to when it is not goods in general (`tariffs on rice`, `on solar panels`)."""
    if _lemma(obj) in kn.lexicon.generic_goods or kn.countries.code(obj.text):
        return None
    words = [t.lemma_.lower() for t in obj.subtree if t.dep_ == "compound" and t.head == obj] + [_lemma(obj)]
    return " ".join(words)


def _parties(noun: Token, figure: Token, sent: Span, kn: Knowledge) -> tuple[str | None, str | None, str | None]:
    """Who imposes the measured rate, on whom, and on what (when it is one product)."""
    imposer = _possessor(noun, kn)
    target = product = None
    verb = noun.head if noun.head.pos_ in ("VERB", "AUX") else None
    scopes = [noun] + [c for c in noun.children if c.dep_ == "acl"] + ([verb] if verb is not None else [])
    for scope in scopes:
        for c in scope.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "for"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None and target is None:
                    product = _product(obj, kn)
                    origin = next((g for p in obj.children if p.dep_ == "prep" and p.lower_ == "from"
                                   for g in p.children if g.dep_ == "pobj"), None)  # `on rice from Japan`
                    target = _party_of(origin, kn) if origin is not None else _party_of(obj, kn)
            if c.dep_ == "prep" and c.lower_ == "from" and target is None:  # `raised tariffs ... from Japan`
                origin = next((g for g in c.children if g.dep_ == "pobj" and not g.like_num), None)
                target = kn.countries.code(origin.text) if origin is not None else None
            if c.dep_ == "agent":
                imposer = imposer or _country_in(c.subtree, kn)
        if scope is verb and imposer is None:
            subj = next((s for s in verb.children if s.dep_ == "nsubj"), None)
            if subj is not None and subj.i != noun.i:
                imposer = _country_in(subj.subtree, kn) or _person_country(subj, kn)
    if target is None:  # `25% of American imports have been exempted from the 125% tariffs`
        if verb is None and noun.head.dep_ == "prep":
            v = noun.head.head
            subj = next((s for s in v.children if s.dep_ in ("nsubjpass", "nsubj")), None)
            if subj is not None and subj.i != noun.i:
                target = next((kn.countries.code(t.text) for t in subj.subtree
                               if _is_target_modifier(t.head, kn) and kn.countries.code(t.text)), None)
    if target is None:  # `from 145% to 30% on Chinese goods`: the target closes the clause
        clause = re.split(r"[,;]|\bwhile\b", figure.doc.text[figure.idx:sent.end_char], maxsplit=1)[0]
        m = re.search(r"\bon\s+(?:all\s+)?([A-Z][\w.]*)\s+(?:goods|imports|products|exports)", clause)
        if m:
            target = kn.countries.code(m.group(1))
    return imposer, target, product


def _person_country(tok: Token, kn: Knowledge) -> str | None:
    ent = kn.registry.lookup(" ".join(t.text for t in tok.subtree), kn.lexicon)
    return ent.country if ent else None


def _role(tok: Token, sent: Span) -> str:
    """`from` and `to` ends of a reported change; `level` otherwise."""
    doc = tok.doc
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    window = doc[sent.start:tok.i].text.lower()
    if prev == "from":
        return "from"
    if prev == "to" and re.search(r"\bfrom\s+(?:about\s+|around\s+)?[\d.,]+\s*(?:%|percent|per cent)", window[-60:]):
        return "to"
    return "level"


def figures_of(doc: Doc, kn: Knowledge) -> list[FoundFigure]:
    """Every percentage or multiple in the document with what it measures."""
    out: list[FoundFigure] = []
    sent_at: list[Span] | None = None
    for tok in doc:
        if not tok.like_num or tok.is_space:
            continue
        unit = _unit(tok)
        value = _value(tok)
        if unit is None or value is None:
            continue
        if sent_at is None:
            sent_at = [sent for sent in doc.sents for _ in sent]  # token index -> sentence, built once
        sent = sent_at[tok.i]
        noun = _measure_noun(tok, kn) if unit == "percent" else None
        measure = kn.lexicon.measures.get(_lemma(noun), _lemma(noun)) if noun is not None else (
            "multiple" if unit == "times" else "share")
        imposer, target, product = _parties(noun, tok, sent, kn) if noun is not None else (None, None, None)
        if product:
            measure = f"{measure} on {product}"
        lead = len(sent.text) - len(sent.text.lstrip())
        tail = len(sent.text) - len(sent.text.rstrip())
        out.append(FoundFigure(
            start=tok.idx, end=tok.idx + len(tok.text), value=value, unit=unit, measure=measure,
            imposer=imposer, target=target, role=_unreal(tok, sent, kn.semantics) or _role(tok, sent),
            approximate=_approximate(tok, sent),
            sentence_start=sent.start_char + lead, sentence_end=sent.end_char - tail,
        ))
    return _unify_by_value(out) + counts_of(doc, kn.semantics, sent_at)


# ---------------------------------------------------------------------------- counts


def _unreal(tok: Token, sent: Span, sem: Semantics) -> str | None:
    """`threatened` when the figure is threatened, conditional or expected rather than in force (`threatened
    to raise tariffs to 50%`, `would cost 2,000 jobs`): a word of that kind before it in its sentence."""
    before = {t.lower_ for t in tok.doc[max(sent.start, tok.i - UNREAL_WINDOW):tok.i]}
    return "threatened" if before & (sem.threatened | sem.conditional | sem.expected) else None


def _count_value(tok: Token, sem: Semantics) -> float | None:
    if tok.lower_ in sem.number_words:
        return sem.number_words[tok.lower_]
    if not tok.like_num or not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", tok.text):
        return None
    return float(tok.text.replace(",", ""))


def _is_count(tok: Token, sem: Semantics) -> bool:
    """A number that counts things: not money, a time, a date, a year or a magnitude word."""
    doc = tok.doc
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if nxt in sem.not_counts or prev in sem.not_counts or prev in sem.currency or tok.text[:1] in sem.currency:
        return False
    if re.fullmatch(r"(1[89]|20)\d\d", tok.text):  # a year
        return False
    return tok.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL_DATE")


def _counted_noun(tok: Token) -> tuple[Token | None, bool]:
    """The noun a number counts (`4,000 flights`; `23 of the players`) and whether an `of` phrase
    made the number a part of a larger group."""
    if tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head, False
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        noun = next((g for g in of.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None)
        return noun, True
    return None, False


def _thing(noun: Token, sem: Semantics) -> str:
    """The counted thing's class, with a compound kept when the pair names a class (`team member`)."""
    compound = " ".join(c.lemma_.lower() for c in noun.children if c.dep_ == "compound")
    if compound and noun.lemma_.lower() in sem.derivations:  # `6,000 flight cancellations`
        return sem.cls(compound)
    pair = f"{compound} {noun.lemma_.lower()}".strip()
    return sem.classes.get(pair) or sem.cls(noun.lemma_)


def _event(noun: Token, sem: Semantics) -> str:
    """The event the counted things took part in: the verb they are subject or object of, a predicate
    adjective (`left 500 people dead`), or the nominalisation they are counted under (`cancellation of
    5,500 flights`, `6,000 flight cancellations`)."""
    if noun.lemma_.lower() in sem.derivations:
        return sem.cls(noun.lemma_)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        if head.head.lemma_.lower() in sem.derivations:
            return sem.cls(head.head.lemma_)
        noun, head = head.head, head.head.head  # `a total of 81 players signed`
    if head.pos_ in ("VERB", "AUX") and noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
        predicate = next((c for c in head.children if c.dep_ in ("oprd", "acomp")
                          and c.lemma_.lower() in sem.derivations), None)
        return sem.cls((predicate or head).lemma_)
    return ""


def _part_of(tok: Token, sent: Span, sem: Semantics) -> bool:
    """Whether the number is introduced as a part (`including all 23`) or followed by an open rest
    (`23 players, as well as dozens of others`)."""
    if any(a.lower_ in sem.part_markers - {"of"} for a in tok.ancestors if a.dep_ == "prep"):
        return True
    if tok.dep_ == "nummod" and any(c.dep_ == "relcl" or c.lower_ == "other" for c in tok.head.children):
        return True  # `the 15 players who revolted`, `17 other countries`: a group singled out or set apart
    if tok.i > sent.start and tok.doc[tok.i - 1].lower_ == "the":
        return True  # `the two countries`: a group named before, not a count stated here
    after = tok.doc[tok.i + 1:sent.end].text.lower()
    return any(re.search(rf"\b{re.escape(link)}\s+(?:other\s+)?{rest}\b", after)
               for link in sem.sum_links for rest in sem.open_rest)


def _sum_partner(tok: Token, sent: Span, sem: Semantics) -> Token | None:
    """The number added to this one (`23 of the players as well as 32 other members`)."""
    tail = tok.doc[tok.i + 1:sent.end]
    for t in tail:
        if t.like_num and _count_value(t, sem) is not None and t.i + 1 < len(t.doc) and \
                any(w.lower_ == "other" for w in t.head.children if w.dep_ == "amod"):
            between = tok.doc[tok.i + 1:t.i].text.lower()
            if any(re.search(rf"\b{re.escape(link)}\b", between) for link in sem.sum_links):
                return t
    return None


def counts_of(doc: Doc, sem: Semantics, sent_at: list[Span] | None = None) -> list[FoundFigure]:
    """Every count of things in the document (`canceled more than 4,000 flights`, `three photos`) with
    what it counts (`flight|cancel`: the thing's class and the event); two numbers added up in one
    sentence (`23 ... as well as 32 other ...`) give their total as well."""
    out: list[FoundFigure] = []
    sent_at = sent_at or [sent for sent in doc.sents for _ in sent]
    used: set[int] = set()
    for tok in doc:
        value = _count_value(tok, sem)
        if value is None or tok.i in used or not _is_count(tok, sem):
            continue
        noun, of_part = _counted_noun(tok)
        if noun is None:
            continue
        sent = sent_at[tok.i]
        measure = f"{_thing(noun, sem)}|{_event(noun, sem)}"
        partner = _sum_partner(tok, sent, sem)
        role = "part" if of_part or partner is not None or _part_of(tok, sent, sem) else "level"
        if any(p.search(sent.text) for p in sem.earlier_times):
            role = "earlier"
        role = _unreal(tok, sent, sem) or role
        lead = len(sent.text) - len(sent.text.lstrip())
        tail = len(sent.text) - len(sent.text.rstrip())
        found = FoundFigure(start=tok.idx, end=tok.idx + len(tok.text), value=value, unit="count", measure=measure,
                            imposer=None, target=None, role=role, approximate=_approximate(tok, sent),
                            sentence_start=sent.start_char + lead, sentence_end=sent.end_char - tail)
        out.append(found)
        if partner is not None:
            used.add(partner.i)
            other = _count_value(partner, sem) or 0.0
            out.append(replace(found, end=partner.idx + len(partner.text), value=value + other,
                               measure=f"{_thing(partner.head, sem)}|{_event(noun, sem)}", role="sum"))
    return out


def _unify_by_value(figs: list[FoundFigure]) -> list[FoundFigure]:
    """An article that gives the same figure for the same measure twice means the same quantity:
    parties known at one mention fill the other (in order: a figure filled is read filled)."""
    figs = list(figs)
    for i in range(len(figs)):
        for j, g in enumerate(figs):
            f = figs[i]
            if i == j or (f.value, f.unit, f.measure) != (g.value, g.unit, g.measure):
                continue
            if all(mine in (None, theirs) or theirs is None
                   for mine, theirs in ((f.imposer, g.imposer), (f.target, g.target))):
                figs[i] = replace(f, imposer=f.imposer or g.imposer, target=f.target or g.target)
    return figs


class FigureFinder:
    """The `kg_figures` component: the figures of each document on `Doc._.kg_figures`."""

    def __init__(self, kn: Knowledge):
        self.kn = kn

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_figures = [f.to_data() for f in figures_of(doc, self.kn)]
        return doc


@Language.factory("kg_figures", requires=["token.dep", "token.lemma", "token.pos", "token.is_sent_start"],
                  assigns=["doc._.kg_figures"],
                  default_config={"lexicon": None, "registry": None, "gazetteer": None, "domain": None})
def make_figures(nlp: Language, name: str, lexicon: str | None, registry: str | None,
                 gazetteer: str | None, domain: str | None) -> FigureFinder:
    """The figure finder with the lexicon, entity registry and gazetteer read from these TOML files
    (None: the packaged kg/data files), and the domain pack in `domain` (None: none)."""
    return FigureFinder(Knowledge(load_lexicon(lexicon), Registry.load(registry), Countries.load(gazetteer),
                                  semantics(domain)))
