"""The built-in rule catalogue: one YAML file per rule, installed as ``kmslint.builtin_rules``."""
