"""Renderers of a checked briefing into publishable files: ``markdown`` and self-contained ``html``."""
