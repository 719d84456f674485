"""The typed recommendation the engine returns, its JSON Schema, and the view model every
face (CLI text, TUI, Markdown, HTML, ADR) renders."""
