"""Figures: numbers read from the text, with their units and what they measure."""
