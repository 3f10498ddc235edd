"""The `new` wizard: questions, a region, an agreement and its wage schedule, the commented YAML it writes."""
