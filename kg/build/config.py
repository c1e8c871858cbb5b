"""What a build or an extraction is configured with: the one object the library (kg.api) and the command line
share, so a setting is named, defaulted and documented here once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.settings import DetectionSettings
from ..ids import DEFAULT_BASE_IRI
from ..nlp import DEFAULT_MODEL
from ..resources.entities import Registry
from ..resources.lexicon import Lexicon, load_lexicon
from . import MAX_GRAPH_ARTICLES

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class BuildConfig:
    """The settings of `kg.api.build` and `kg.api.extract` (each None file: the packaged one, or none).

    model: spaCy pipeline, an installed package name or a path; registry: entity registry TOML;
    lexicon: lexicon TOML read by every stage (ingest's clutter masking, the quote and figure components,
    attribution); domain: domain pack of synonyms for
    matching claims; base_iri: base of minted IRIs; jobs: processes for spaCy; cluster: a dask scheduler's
    address to parse on; with_html: write graph.html; store: also keep this Oxigraph store up to date;
    max_graph_articles: write graph.trig, graph.ttl and graph.html only up to this many articles;
    detection: the windows and thresholds of contradiction detection.
    """

    model: str = DEFAULT_MODEL
    registry: Path | None = None
    lexicon: Path | None = None
    domain: Path | None = None
    base_iri: str = DEFAULT_BASE_IRI
    jobs: int = 1
    cluster: str | None = None
    with_html: bool = True
    store: Path | None = None
    detection: DetectionSettings = DetectionSettings()
    max_graph_articles: int = MAX_GRAPH_ARTICLES

    def load_registry(self) -> Registry:
        """The entity registry: the file `registry`, else the packaged one."""
        return Registry.load(self.registry) if self.registry else Registry.load()

    def load_lexicon(self) -> Lexicon:
        """The lexicon: the file `lexicon`, else the packaged one (a file that cannot be read is a KgError)."""
        return load_lexicon(self.lexicon)

    def load_pipeline(self) -> Language:
        """The spaCy pipeline `model` with our components configured with these files."""
        from ..nlp.loader import load_pipeline  # spaCy (about 2 s) is imported only when something is parsed

        return load_pipeline(self.model, registry_path=self.registry, lexicon_path=self.lexicon,
                             domain_path=self.domain)

