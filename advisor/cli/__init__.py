"""The command line: `main` dispatches; `options` declares the shared options; each command
lives in its own module with `register(subparsers)` and imports its work lazily."""
