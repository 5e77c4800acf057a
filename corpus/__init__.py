"""Gold corpus: authoring sources, the builder and the built splits."""
