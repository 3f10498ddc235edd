"""The text: the clause templates' environment, the citations register, the document kinds and `compose` (agreement → `Document`)."""
