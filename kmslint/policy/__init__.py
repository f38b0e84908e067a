"""The policy half of kmslint: the rule catalogue, config, suppressions, baseline.

Pipeline: ``catalogue`` loads rule definitions (built-in ``rules/*.yaml`` and ``--rules-dir``),
``settings`` merges them with ``.kmslint.yaml`` (``kmslint.config``), ``engine`` runs every
enabled rule over a cost report and applies ``suppress`` and ``baseline``.
"""
