"""Who speaks: a cue's subject and the agent gate (documents for authors, quantifiers for groups)."""

from __future__ import annotations

from spacy.tokens import Token

from ..resources.lexicon import Lexicon


def lemma_of(tok: Token) -> str:
    """The lower-case lemma."""
    return tok.lemma_.lower()


def is_negated(tok: Token) -> bool:
    """Whether a verb is negated (`did not say`)."""
    return any(c.dep_ == "neg" for c in tok.children)


def has_passive_subject(tok: Token) -> bool:
    """Whether a verb is passive (`was told`)."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _agrees(verb: Token, subj: Token) -> bool:
    """A 3rd-person singular verb (`believes`) does not take a plural subject (`leaders`)."""
    return not (verb.tag_ == "VBZ" and subj.tag_ in ("NNS", "NNPS"))


def subject_of(tok: Token, lex: Lexicon, depth: int = 0) -> Token | None:
    """The grammatical subject of a verb, inherited through conjunctions and participles."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN") and [c.tag_ for c in subjects] == ["WDT"]:
        return tok.head  # `a letter that claimed`: the noun the relative pronoun stands for
    if subjects:  # the parser sometimes gives a quoted clause's subject to the cue as well
        return min(subjects, key=lambda c: (not is_agent(c, lex), abs(c.i - tok.i)))
    if has_passive_subject(tok):
        return None
    if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and is_document(tok.head, lex):
        return tok.head  # `issued a statement saying X`: the statement says
    if tok.dep_ == "advcl" and tok.tag_ == "VBG" and lemma_of(tok) in lex.cue_verbs:
        reporting = next((a for a in tok.ancestors if lemma_of(a) in lex.cue_verbs and a.pos_ == "VERB"), None)
        if reporting is not None:  # `said that X, adding that Y`: the one who said adds
            return subject_of(reporting, lex, depth + 1)
    stranded = _stranded_subject(tok)
    if stranded is not None:
        return stranded
    if depth < 4 and tok.dep_ in ("conj", "advcl", "xcomp", "acl") and tok.head.pos_ in ("VERB", "AUX"):
        if tok.dep_ != "advcl" or tok.tag_ in ("VBG", "VBN"):
            subj = subject_of(tok.head, lex, depth + 1)
            if subj is not None and not _agrees(tok, subj) and tok.head.head != tok.head:
                return subject_of(tok.head.head, lex, depth + 2)
            return subj
    for c in tok.children:  # `said Lindqvist` parsed with the name as object after the verb
        if c.dep_ in ("dobj", "attr") and c.i > tok.i and c.pos_ == "PROPN" and lemma_of(tok) == "say":
            return c
    for c in tok.children:  # `In its letter, Microsoft, through a lawyer, said`: the name parsed as an apposition
        if c.dep_ == "prep" and c.i < tok.i:
            named = [g for g in c.subtree if g.dep_ == "appos" and pos_of(g) == "PROPN" and g.ent_type_ != "DATE"]
            if named and is_agent(named[-1], lex):
                return named[-1]
    return None


def _stranded_subject(verb: Token) -> Token | None:
    """`after Lopez last week blamed X`: the parse made the subject the object of `after`, and the
    verb an adverbial clause without a subject; the name right before the verb is its subject."""
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    for prep in verb.head.children:
        obj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep.dep_ == "prep" else None
        if obj is not None and obj.i < verb.i and obj.pos_ in ("PROPN", "NOUN", "PRON") \
                and all(t.head.i == verb.i or t.head.head.i == verb.i for t in obj.doc[obj.i + 1:verb.i]):
            return obj
    return None


def pos_of(tok: Token) -> str:
    """Part of speech, with capitalised words the tagger missed (`Lindqvist` as ADJ) and acronyms
    (`NRA` as NOUN) taken as names."""
    if tok.pos_ in ("ADJ", "VERB", "ADV", "X", "INTJ") and tok.is_title and not tok.is_sent_start:
        return "PROPN"
    if tok.pos_ == "NOUN" and len(tok.text) > 1 and tok.text.isupper() and tok.is_alpha:
        return "PROPN"
    if tok.pos_ in ("ADJ", "X", "NOUN") and tok.is_title and tok.dep_ in ("nsubj", "nsubjpass") \
            and tok.tag_ != "NNS" and not any(c.dep_ in ("det", "poss") for c in tok.children):
        return "PROPN"  # a bare singular capitalised subject (`Lindqvist remains`) is a name
    if tok.pos_ == "NOUN" and tok.is_title and tok.dep_ == "poss" and not tok.is_sent_start:
        return "PROPN"  # a capitalised possessor inside a sentence (`Moss’ letter`) is a name
    return tok.pos_


def _of_group(head: Token) -> Token | None:
    """The group a quantifier or number picks from (`all 23 of the players` -> players)."""
    return next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"), None)


def is_document(head: Token, lex: Lexicon) -> bool:
    """Whether a noun names a document or medium that can speak for its author."""
    return lemma_of(head) in lex.document_nouns and head.pos_ == "NOUN"


def speaks(cue: Token, subj: Token, lex: Lexicon) -> bool:
    """Whether a subject can be the speaker of this cue: an agent, or a document that speaks for its
    author with a verb documents use (`the statement said`, `the letter read`, not `the data suggest`)."""
    lemma = lemma_of(cue)
    if is_document(subj, lex):
        return lemma in lex.document_verbs
    return lemma not in lex.document_only_verbs and is_agent(subj, lex)


def author_of(doc_head: Token, lex: Lexicon) -> Token | None:
    """Who a document speaks for, when its noun phrase says so: a possessor or a name before it
    (`Moss' letter`, `a Reuters update`), `from X` or `by X` (`the letter signed by X`), or the
    subject of a publishing verb whose object it is (`a letter X sent that claimed`)."""
    for c in doc_head.children:
        if c.dep_ == "poss" and is_agent(c, lex) or c.dep_ in ("nmod", "compound") and pos_of(c) == "PROPN" \
                and c.ent_type_ not in ("DATE", "TIME") and is_agent(c, lex):  # `a Reuters update`
            return c
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            g = next((g for g in c.children if g.dep_ == "pobj"), None)
            if g is not None and is_agent(g, lex):
                return g
        if c.dep_ in ("acl", "relcl") and lemma_of(c) in lex.publishing_verbs:
            by = next((g for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
            subj = by or next((g for g in c.children if g.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ != "PRON" and is_agent(subj, lex):
                return subj
    verb = doc_head.head
    if doc_head.dep_ == "dobj" and lemma_of(verb) in lex.publishing_verbs:
        subj = next((g for g in verb.children if g.dep_ == "nsubj"), None)
        if subj is not None and is_agent(subj, lex):
            return subj
    return None


def speaker_head(subj: Token, lex: Lexicon) -> Token:
    """The token that names the speaker: the group after a quantifier (`one of the officials`), the
    author of a document when its phrase names one."""
    if subj.lower_ in lex.quantifier_subjects or subj.pos_ == "NUM":
        group = _of_group(subj)
        if group is not None and is_agent(group, lex):
            return group
    if is_document(subj, lex):
        return author_of(subj, lex) or subj
    return subj


def is_agent(head: Token, lex: Lexicon) -> bool:
    """Whether a subject can be a speaker: not an inanimate noun, not a bare generic plural; a
    quantifier speaks for the group it picks (`all 23 of the players`) or, `one`/`another` alone,
    for the group just described."""
    lemma, low = lemma_of(head), head.lower_
    if low in lex.quantifier_subjects or head.pos_ == "NUM":
        group = _of_group(head)
        if group is not None:
            return is_agent(group, lex)
        return low in lex.anaphoric_quantifiers
    if head.pos_ == "PRON":
        return low in {"he", "she", "it", "they", "we", "i", "who", "you"}
    if low in lex.non_agent_subjects or lemma in lex.non_agent_subjects:
        return False
    if head.like_num or head.pos_ == "NUM":
        return False
    if low in lex.generic_speakers or lemma in lex.generic_speakers:
        return any(c.dep_ in ("amod", "compound", "poss", "nmod") and not c.lower_ in ("some", "many", "other")
                   for c in head.lefts) or any(c.dep_ in ("prep", "amod", "acl", "relcl") for c in head.rights)
    pos = pos_of(head)
    if pos == "NOUN" and not head.ent_type_:
        return lemma in lex.agent_nouns or lemma in lex.organisation_heads or lemma in lex.spokes_nouns \
            or (len(lemma) > 5 and lemma.endswith(lex.agent_suffixes))
    return pos in ("PROPN", "NOUN") or bool(head.ent_type_)


def conj_heads(head: Token) -> list[Token]:
    """Coordinated subjects (`Park and Lindqvist`)."""
    return [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
