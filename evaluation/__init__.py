"""Evaluation commands for the extraction layers."""
