"""Diagnosis of a live registry and of an error message."""
