"""Ingest: reading articles from files (decoding, text and masking, metadata, formats)."""
