"""The edges people use: the CLI, shell completion, doctor, the new-agreement wizard, watch and preview, the terminal reports."""
