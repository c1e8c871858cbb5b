"""RDF: the vocabulary, records to quads, graph files, readers, SHACL validation and export."""
