"""From answers to a decision: questions and answers files, the condition vocabulary, rules
loaded from data, and the engine that decides the setup and ranks the registries."""
