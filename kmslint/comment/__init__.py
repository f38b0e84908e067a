"""Sticky pull/merge request comments on GitHub and GitLab (``kmslint comment``)."""
