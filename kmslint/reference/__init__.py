"""Reference material generated from the tables the loaders use: the JSON Schemas of
``.kmslint.yaml`` and ``kmslint-usage.yml`` (shipped in ``kmslint/schema/``) and the pages of
``docs/reference/``. ``python -m kmslint.reference`` writes them; ``--check`` fails when a
committed file is out of date (the tests run the same comparison).
"""
