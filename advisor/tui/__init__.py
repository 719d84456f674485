"""The Textual face of the advisor. Nothing outside this package imports Textual."""
