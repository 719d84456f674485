"""What every face of a recommendation shares: the view model (`view`), the words (`words`:
setup titles, value formatting, Prose), the JSON report block (`report_block`) and the
published JSON Schemas (`schema`). The typed recommendation itself is built by the engine,
one layer down, in advisor.decide.result."""
