"""Analysis: claims read from quotes, conflict rules, and contradictions across articles."""
