"""The campaign site's own code: the MkDocs plugin `campagne` (plugin.py), its content
collections, validation and rendering."""
