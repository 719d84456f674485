"""Files in and out, safely: bounded YAML reading with line numbers (`yamlfile`), atomic
writing (`write`), the cache of validated data (`cache`), where shipped data lives (`paths`)
and turning validation errors into one line per problem (`problems`)."""
