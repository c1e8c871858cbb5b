"""Viz: the offline HTML page of the graph."""
