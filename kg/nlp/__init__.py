"""NLP: the spaCy pipeline and our components (quote finders, figures) registered on it."""
