"""Files in and out, safely: one reader for every data file (`yamlfile`: regular files
only, bounded, YAML errors and duplicate keys with file:line), one writer for every output
(`write`: atomic, never through a link or into a device, all-or-nothing bundle swaps), the
cache of validated data that can only be a speed-up (`cache`), the loader pipeline that the
catalog, questions, rules, answers and setup recipes all load through (`pipeline`: read,
parse, validate, cross-check, report every problem at once), terminal-safe text
(`terminal`), where shipped data lives (`paths`) and turning validation errors into one
line per problem (`problems`)."""
