"""One module per ``kmslint`` subcommand."""
