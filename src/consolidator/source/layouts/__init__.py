"""One reader per migration tool's folder layout (a module each), and the detection that picks one (detect.py)."""
