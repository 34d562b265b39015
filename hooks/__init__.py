"""The campaign site's own code: content models, validation and rendering, used as MkDocs hooks."""
